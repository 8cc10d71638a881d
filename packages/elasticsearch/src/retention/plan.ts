// Deciding what retention does (ST-2, ST-3), as a pure function of the
// cluster's state and the settings, so every rule is unit-tested with a
// hand-made state:
//   1. rollover: a family's write index rolls over when its largest primary
//      shard reached the size (or the optional age / document count); also,
//      forced, when the write index itself has expired or alone keeps its
//      service over the size cap ("roll over first": a write index is never
//      deleted, and the old one is deleted by a later run, once it no longer
//      takes writes);
//   2. deletion by age: a non-write index is deleted when even its newest
//      record (max @timestamp) is older than its class's retention; an index
//      with no records is aged from its creation date;
//   3. size cap: when a service's indices (all classes, or each family with
//      scope `class`) add up to more than the cap, its non-write indices go,
//      oldest newest-record first, until it is under the cap.
// Only members of a `<service>-<class>` alias named `<alias>-…` are ever
// touched; closed indices and families without a write index are left alone
// and reported. Families ILM manages are left to ILM except for the size cap.
import type { RetentionClass } from '@jewelry/schema';
import { describeSettings, rolloverConditionsBody, type RetentionSettings } from './settings';
import {
  readRetentionState,
  type RetentionEsClient,
  type RetentionFamilyState,
  type RetentionIndexState,
  type RetentionState,
} from './state';
import { formatBytes } from '@jewelry/ops-kit';
import { formatDuration } from './units';

export type RolloverReason = 'max-size' | 'max-age' | 'max-docs' | 'expired' | 'size-cap';
export type DeleteReason = 'age' | 'size-cap';
export type KeepReason = 'write-index' | 'closed' | 'no-write-index';

interface ActionBase {
  readonly alias: string;
  readonly service: string;
  readonly retentionClass: RetentionClass;
  /** The index acted on (for a rollover: the write index that stops taking writes). */
  readonly index: string;
  /** Why, in words, with the numbers that decided it. */
  readonly detail: string;
}

export interface RolloverAction extends ActionBase {
  readonly kind: 'rollover';
  readonly reason: RolloverReason;
  /** The name Elasticsearch will give the new write index (null when the old name has no counter). */
  readonly newIndex: string | null;
  /** Sent with the rollover request: the configured conditions, or none for a forced one. */
  readonly conditions: Record<string, string | number>;
}

export interface DeleteAction extends ActionBase {
  readonly kind: 'delete';
  readonly reason: DeleteReason;
  /** ISO time of its newest record; null when it has none. */
  readonly newestAt: string | null;
  readonly createdAt: string;
  readonly primaryBytes: number;
}

export interface KeepAction extends ActionBase {
  readonly kind: 'keep';
  readonly reason: KeepReason;
}

export type RetentionAction = RolloverAction | DeleteAction | KeepAction;

export interface RetentionPlan {
  readonly endpoint: string;
  /** The moment ages are measured from (ISO). */
  readonly now: string;
  readonly settings: Record<string, unknown>;
  /** Families (write aliases) and indices looked at. */
  readonly families: number;
  readonly indices: number;
  /** Aliases whose indices ILM manages: no rollover or age deletion by this job (the size cap still applies). */
  readonly ilmManaged: string[];
  /** Rollovers first (they must happen before anything is deleted), then deletions, then what was kept on purpose. */
  readonly actions: RetentionAction[];
}

export interface PlanOptions {
  /** Measure ages from here (epoch ms); default the state's read time. */
  readonly now?: number;
  /** Only these services (for planRetention's read). */
  readonly services?: readonly string[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The name `_rollover` gives the next index: the trailing counter plus one, six digits (as Elasticsearch does). */
export function nextIndexName(index: string): string | null {
  const m = /^(.*-)(\d+)$/.exec(index);
  if (!m) return null;
  return `${m[1]}${String(Number(m[2]) + 1).padStart(6, '0')}`;
}

/** When an index counts as last written: its newest record, or its creation when it has none. */
function lastWritten(i: RetentionIndexState): number {
  return i.newestAt ?? i.createdAt;
}

function ageWords(i: RetentionIndexState, now: number): string {
  return i.newestAt !== null
    ? `newest record ${iso(i.newestAt)} is ${formatDuration(now - i.newestAt)} old`
    : `no records, created ${iso(i.createdAt)}, ${formatDuration(now - i.createdAt)} ago`;
}

export function planFromState(state: RetentionState, settings: RetentionSettings, options: PlanOptions = {}): RetentionPlan {
  const now = options.now ?? state.readAt;
  const rollovers: RolloverAction[] = [];
  const deletes: DeleteAction[] = [];
  const keeps: KeepAction[] = [];
  const ilmManaged: string[] = [];
  const conditions = rolloverConditionsBody(settings.rollover);
  // Elasticsearch refuses min_docs without a max_* condition; the plan only forces a rollover of an index with records.
  const forced = {};

  const base = (f: RetentionFamilyState, index: string) => ({
    alias: f.alias,
    service: f.service,
    retentionClass: f.retentionClass,
    index,
  });
  const rollover = (f: RetentionFamilyState, w: RetentionIndexState, reason: RolloverReason, detail: string): void => {
    rollovers.push({
      kind: 'rollover',
      ...base(f, w.index),
      reason,
      detail,
      newIndex: nextIndexName(w.index),
      conditions: reason === 'expired' || reason === 'size-cap' ? { ...forced } : { ...conditions },
    });
  };
  const remove = (f: RetentionFamilyState, i: RetentionIndexState, reason: DeleteReason, detail: string): void => {
    deletes.push({
      kind: 'delete',
      ...base(f, i.index),
      reason,
      detail,
      newestAt: i.newestAt === null ? null : iso(i.newestAt),
      createdAt: iso(i.createdAt),
      primaryBytes: i.primaryBytes,
    });
  };

  /** Families whose write index is known; the others are reported and left alone. */
  const usable: RetentionFamilyState[] = [];
  for (const f of state.families) {
    if (f.writeIndex === null) {
      if (f.indices.length > 0) {
        keeps.push({
          kind: 'keep',
          ...base(f, f.alias),
          reason: 'no-write-index',
          detail: `no write index among its ${f.indices.length} indices: nothing in this family is rolled over or deleted until one is marked with POST /_aliases, is_write_index: true`,
        });
      }
      continue;
    }
    usable.push(f);
    for (const i of f.indices) {
      if (!i.open)
        keeps.push({
          kind: 'keep',
          ...base(f, i.index),
          reason: 'closed',
          detail: 'closed index: its age cannot be read; open or delete it by hand',
        });
    }
  }

  // 1 and 2: rollover by the conditions, deletion by age; the expired write index is rolled over instead.
  for (const f of usable) {
    const retention = settings.retentionMs[f.retentionClass];
    const managedByIlm = f.indices.some((i) => i.ilmPolicy);
    if (managedByIlm) {
      ilmManaged.push(f.alias);
      continue;
    }
    const w = f.indices.find((i) => i.index === f.writeIndex);
    if (w && w.open && w.docs > 0) {
      const r = settings.rollover;
      const met: string[] = [];
      let reason: RolloverReason | undefined;
      if (w.maxPrimaryShardBytes >= r.maxPrimaryShardSizeBytes) {
        reason ??= 'max-size';
        met.push(`largest primary shard ${formatBytes(w.maxPrimaryShardBytes)} ≥ max ${formatBytes(r.maxPrimaryShardSizeBytes)}`);
      }
      if (r.maxAgeMs !== undefined && now - w.createdAt >= r.maxAgeMs) {
        reason ??= 'max-age';
        met.push(`created ${formatDuration(now - w.createdAt)} ago ≥ max age ${formatDuration(r.maxAgeMs)}`);
      }
      if (r.maxDocs !== undefined && w.docs >= r.maxDocs) {
        reason ??= 'max-docs';
        met.push(`${w.docs} docs ≥ max ${r.maxDocs}`);
      }
      const expired = w.newestAt !== null && now - w.newestAt > retention;
      if (reason) rollover(f, w, reason, met.join(', '));
      else if (expired) {
        rollover(f, w, 'expired', `the write index's ${ageWords(w, now)} > ${f.retentionClass} retention ${formatDuration(retention)}`);
      }
      if (expired) {
        keeps.push({
          kind: 'keep',
          ...base(f, w.index),
          reason: 'write-index',
          detail: `write index, expired: ${ageWords(w, now)} > ${formatDuration(retention)}; rolled over first, a later run deletes it once it takes no writes`,
        });
      }
    }
    for (const i of f.indices) {
      if (i.index === f.writeIndex || !i.open) continue;
      const age = now - lastWritten(i);
      if (age > retention) remove(f, i, 'age', `age: ${ageWords(i, now)} > ${f.retentionClass} retention ${formatDuration(retention)}`);
    }
  }

  // 3: the size cap, per service (or per family), oldest first.
  const cap = settings.sizeCapBytes;
  if (cap !== undefined) {
    const groups = new Map<string, RetentionFamilyState[]>();
    for (const f of usable) {
      const key = settings.sizeCapScope === 'service' ? f.service : f.alias;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const [group, families] of groups) {
      const gone = new Set(deletes.map((d) => d.index));
      const all = families.flatMap((f) => f.indices.map((i) => ({ f, i })));
      let total = all.filter(({ i }) => !gone.has(i.index)).reduce((n, { i }) => n + i.primaryBytes, 0);
      if (total <= cap) continue;
      const start = total;
      const what = settings.sizeCapScope === 'service' ? `service ${group}` : group;
      const candidates = all
        .filter(({ f, i }) => i.index !== f.writeIndex && i.open && !gone.has(i.index))
        .sort((a, b) => lastWritten(a.i) - lastWritten(b.i) || a.i.createdAt - b.i.createdAt || a.i.index.localeCompare(b.i.index));
      for (const { f, i } of candidates) {
        if (total <= cap) break;
        const newest = i.newestAt === null ? `no records, created ${iso(i.createdAt)}` : `newest record ${iso(i.newestAt)}`;
        remove(
          f,
          i,
          'size-cap',
          `size cap: ${what} holds ${formatBytes(start)} > cap ${formatBytes(cap)}; oldest first (${newest}, ${formatBytes(i.primaryBytes)})`,
        );
        total -= i.primaryBytes;
      }
      if (total <= cap) continue;
      // Only write indices are left over the cap: roll the largest over, so a later run can delete them.
      const writes = families
        .filter((f) => !ilmManaged.includes(f.alias))
        .map((f) => ({ f, w: f.indices.find((i) => i.index === f.writeIndex) }))
        .filter((x): x is { f: RetentionFamilyState; w: RetentionIndexState } => x.w !== undefined && x.w.open && x.w.docs > 0)
        .sort((a, b) => b.w.primaryBytes - a.w.primaryBytes);
      for (const { f, w } of writes) {
        if (total <= cap) break;
        const already = rollovers.some((r) => r.alias === f.alias);
        if (!already) {
          rollover(f, w, 'size-cap', `size cap: ${what} holds ${formatBytes(total)} > cap ${formatBytes(cap)} in write indices alone`);
        }
        if (!keeps.some((k) => k.index === w.index && k.reason === 'write-index')) {
          keeps.push({
            kind: 'keep',
            ...base(f, w.index),
            reason: 'write-index',
            detail: `write index, over the size cap: ${formatBytes(w.primaryBytes)} of ${what}'s ${formatBytes(total)} > cap ${formatBytes(cap)}; rolled over first, a later run deletes it once it takes no writes`,
          });
        }
        total -= w.primaryBytes;
      }
    }
  }

  return {
    endpoint: state.endpoint,
    now: iso(now),
    settings: describeSettings(settings),
    families: state.families.length,
    indices: state.families.reduce((n, f) => n + f.indices.length, 0),
    ilmManaged,
    actions: [...rollovers, ...deletes, ...keeps],
  };
}

/**
 * Reads the cluster and plans; changes nothing. `source` is a client, or a
 * state read before (or made by hand in a test).
 */
export async function planRetention(
  source: RetentionEsClient | RetentionState,
  settings: RetentionSettings,
  options: PlanOptions = {},
): Promise<RetentionPlan> {
  const state = 'families' in source ? source : await readRetentionState(source, { services: options.services });
  return planFromState(state, settings, options);
}
