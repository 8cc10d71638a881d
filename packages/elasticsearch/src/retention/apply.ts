// Carrying a retention plan out: rollovers first, then deletions, each one
// request, each reported on its own (one failure does not stop the rest).
// Before deleting, the aliases are read again and an index that has become a
// write index since the plan was made is skipped: a write index is never deleted.
import { EsError } from '../client';
import { errorMessage } from '@jewelry/ops-kit';
import { planRetention, type PlanOptions, type RetentionAction, type RetentionPlan } from './plan';
import type { RetentionSettings } from './settings';
import type { RetentionEsClient } from './state';

/**
 * done: carried out; planned: --dry-run, nothing changed; kept: a keep action
 * (nothing to do); skipped: no longer applied (conditions no longer met, index
 * already gone, became a write index); failed: Elasticsearch refused (message says why).
 */
export type RetentionOutcome = 'done' | 'planned' | 'kept' | 'skipped' | 'failed';

export type RetentionResult = RetentionAction & {
  readonly outcome: RetentionOutcome;
  /** The message of a skip or failure. */
  readonly message?: string;
  /** For a rollover that happened: the index Elasticsearch created. */
  readonly createdIndex?: string;
};

export interface RetentionReport extends Omit<RetentionPlan, 'actions'> {
  readonly dryRun: boolean;
  readonly actions: RetentionResult[];
  /** Actions that failed. */
  readonly failed: number;
  /** Reading, planning and applying. */
  readonly seconds: number;
}

export interface ApplyOptions {
  /** Change nothing; every rollover and deletion is reported as planned. */
  readonly dryRun?: boolean;
  /** When the work started (epoch ms), for `seconds`; default now. */
  readonly startedAt?: number;
}

interface RolloverAnswer {
  rolled_over: boolean;
  old_index: string;
  new_index: string;
  conditions?: Record<string, boolean>;
}

async function writeIndices(client: RetentionEsClient): Promise<Set<string>> {
  const body = (await client.get<Record<string, { aliases?: Record<string, { is_write_index?: boolean }> }>>('/_alias')).body;
  const byAlias = new Map<string, string[]>();
  const out = new Set<string>();
  for (const [index, entry] of Object.entries(body)) {
    for (const [alias, props] of Object.entries(entry.aliases ?? {})) {
      if (props.is_write_index === true) out.add(index);
      byAlias.set(alias, [...(byAlias.get(alias) ?? []), index]);
    }
  }
  // An alias with one index and no flag writes to that index too.
  for (const [, members] of byAlias) if (members.length === 1) out.add(members[0] as string);
  return out;
}

export async function applyRetention(client: RetentionEsClient, plan: RetentionPlan, options: ApplyOptions = {}): Promise<RetentionReport> {
  const startedAt = options.startedAt ?? Date.now();
  const dryRun = options.dryRun === true;
  const results: RetentionResult[] = [];
  const { actions, ...rest } = plan;

  for (const a of actions.filter((x) => x.kind === 'rollover')) {
    if (dryRun) {
      results.push({ ...a, outcome: 'planned' });
      continue;
    }
    try {
      const body = Object.keys(a.conditions).length > 0 ? { conditions: a.conditions } : undefined;
      const res = (await client.post<RolloverAnswer>(`/${encodeURIComponent(a.alias)}/_rollover`, body)).body;
      if (res.rolled_over) {
        const moved = res.old_index !== a.index ? ` (its write index was ${res.old_index} by then)` : '';
        results.push({ ...a, outcome: 'done', createdIndex: res.new_index, ...(moved ? { message: `rolled over${moved}` } : {}) });
      } else {
        const unmet = Object.entries(res.conditions ?? {})
          .filter(([, ok]) => !ok)
          .map(([c]) => c)
          .join(', ');
        results.push({ ...a, outcome: 'skipped', message: `Elasticsearch did not roll over: conditions not met (${unmet || 'none'})` });
      }
    } catch (err) {
      results.push({ ...a, outcome: 'failed', message: errorMessage(err) });
    }
  }

  const deletions = actions.filter((x) => x.kind === 'delete');
  if (deletions.length > 0) {
    let writes: Set<string> | undefined;
    if (!dryRun) {
      try {
        writes = await writeIndices(client);
      } catch (err) {
        for (const a of deletions)
          results.push({ ...a, outcome: 'failed', message: `could not re-check the aliases: ${errorMessage(err)}` });
      }
    }
    for (const a of deletions) {
      if (dryRun) {
        results.push({ ...a, outcome: 'planned' });
        continue;
      }
      if (!writes) continue;
      if (writes.has(a.index)) {
        results.push({
          ...a,
          outcome: 'skipped',
          message: 'it has become a write index since the plan was made; write indices are never deleted',
        });
        continue;
      }
      try {
        const res = await client.delete(`/${encodeURIComponent(a.index)}`, { allow: [404] });
        results.push(res.status === 404 ? { ...a, outcome: 'skipped', message: 'already gone' } : { ...a, outcome: 'done' });
      } catch (err) {
        results.push({ ...a, outcome: 'failed', message: err instanceof EsError ? err.message : errorMessage(err) });
      }
    }
  }

  for (const a of actions.filter((x) => x.kind === 'keep')) results.push({ ...a, outcome: 'kept' });

  return {
    ...rest,
    dryRun,
    actions: results,
    failed: results.filter((r) => r.outcome === 'failed').length,
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
  };
}

export interface RunRetentionOptions extends PlanOptions {
  readonly dryRun?: boolean;
}

/** Read, plan, apply: one retention run (what the CLI and the scheduler do). */
export async function runRetention(
  client: RetentionEsClient,
  settings: RetentionSettings,
  options: RunRetentionOptions = {},
): Promise<RetentionReport> {
  const startedAt = Date.now();
  const plan = await planRetention(client, settings, options);
  return applyRetention(client, plan, { dryRun: options.dryRun, startedAt });
}
