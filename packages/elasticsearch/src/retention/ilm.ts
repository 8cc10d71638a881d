// The same retention as ILM policies, for clusters that have ILM (index
// lifecycle management). Generated from the same settings as the retention
// job: one policy per class, `jewelry-<class>`:
//   hot:    rollover at JEWELRY_ROLLOVER_MAX_SIZE (and the optional age / docs), never an empty index
//   delete: min_age = the class's retention, counted by ILM from the rollover,
//           which is about when the index received its newest record: the
//           same rule as the job's "even its newest record is older than the limit"
// The size cap has no ILM equivalent; the retention job keeps applying it to
// ILM-managed families (and leaves their rollover and age deletion to ILM).
//
// Attaching: ILM's alias rollover needs `index.lifecycle.rollover_alias` on
// every index of a family, including the ones rollover will create, so
// `retention install-ilm` puts one small index template per family,
// `jewelry-ilm-<alias>` (pattern `<alias>-*`, composed of the same component
// templates as the class template, plus the two lifecycle settings), and sets
// the same two settings on the family's existing indices. Its priority is
// 1000 + the alias's length: above the class templates (500-503), and a
// family whose alias + "-" prefixes another's (`a-logs`, `a-logs-b-logs`)
// never ties with it (Elasticsearch refuses overlapping templates of equal
// priority; the longer, more specific one wins).
//
// This Elasticsearch build has no ILM (`GET /_ilm/status` answers 405 and
// `index.lifecycle.name` is an unknown setting), so there install-ilm
// installs nothing and says the retention job does the work.
import { createHash } from 'node:crypto';
import { indexSafeServiceName, type RetentionClass } from '@jewelry/schema';
import { classOfAlias } from '../status';
import { classTemplate } from '../templates';
import { RETENTION_CLASSES, rolloverConditionsBody, type RetentionSettings } from './settings';
import type { RetentionEsClient } from './state';
import { esTimeValue } from './units';

export const ILM_TEMPLATE_PREFIX = 'jewelry-ilm-';

export function ilmPolicyName(cls: RetentionClass): string {
  return `jewelry-${cls}`;
}

export function ilmFamilyTemplateName(alias: string): string {
  return `${ILM_TEMPLATE_PREFIX}${alias}`;
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export interface IlmPolicy {
  readonly name: string;
  readonly retentionClass: RetentionClass;
  /** The body of PUT /_ilm/policy/<name>. */
  readonly body: {
    policy: {
      _meta: { managed_by: 'jewelry-otel'; retention_class: RetentionClass; description: string; hash: string };
      phases: {
        hot: { min_age: string; actions: { rollover: Record<string, string | number> } };
        delete: { min_age: string; actions: { delete: Record<string, never> } };
      };
    };
  };
}

export function buildIlmPolicy(cls: RetentionClass, settings: RetentionSettings): IlmPolicy {
  const phases = {
    hot: { min_age: '0ms', actions: { rollover: rolloverConditionsBody(settings.rollover) } },
    delete: { min_age: esTimeValue(settings.retentionMs[cls]), actions: { delete: {} as Record<string, never> } },
  };
  return {
    name: ilmPolicyName(cls),
    retentionClass: cls,
    body: {
      policy: {
        _meta: {
          managed_by: 'jewelry-otel',
          retention_class: cls,
          description: `jewelry-otel: ${cls}: rollover at the size, delete ${phases.delete.min_age} after rollover`,
          hash: hashOf(phases),
        },
        phases,
      },
    },
  };
}

/** One policy per retention class, from the same settings as the retention job. */
export function buildIlmPolicies(settings: RetentionSettings): IlmPolicy[] {
  return RETENTION_CLASSES.map((cls) => buildIlmPolicy(cls, settings));
}

export interface IlmFamilyTemplate {
  readonly name: string;
  readonly alias: string;
  readonly retentionClass: RetentionClass;
  readonly body: {
    index_patterns: string[];
    priority: number;
    composed_of: string[];
    template: { settings: { index: { lifecycle: { name: string; rollover_alias: string } } } };
    _meta: { managed_by: 'jewelry-otel'; description: string; hash: string };
  };
}

/** The index template that attaches a family's indices (the existing pattern and the ones rollover makes) to its class policy. */
export function buildIlmFamilyTemplate(alias: string, cls: RetentionClass): IlmFamilyTemplate {
  const content = {
    index_patterns: [`${alias}-*`],
    priority: 1000 + alias.length,
    composed_of: [...classTemplate(cls).body.composed_of],
    template: { settings: { index: { lifecycle: { name: ilmPolicyName(cls), rollover_alias: alias } } } },
  };
  return {
    name: ilmFamilyTemplateName(alias),
    alias,
    retentionClass: cls,
    body: {
      ...content,
      _meta: {
        managed_by: 'jewelry-otel',
        description: `jewelry-otel: ILM policy ${ilmPolicyName(cls)} for ${alias}`,
        hash: hashOf(content),
      },
    },
  };
}

export interface IlmStatus {
  readonly available: boolean;
  /** RUNNING, STOPPING or STOPPED, when available. */
  readonly operationMode?: string;
  /** Why not, when not: what Elasticsearch answered. */
  readonly reason?: string;
}

/** `GET /_ilm/status`: a 200 with an operation_mode means ILM; anything else (this build: 405) means none. */
export async function ilmStatus(client: RetentionEsClient): Promise<IlmStatus> {
  const res = await client.get<{ operation_mode?: string; error?: unknown }>('/_ilm/status', {
    allow: [400, 401, 403, 404, 405, 410, 500, 501],
  });
  if (res.status === 200 && typeof res.body?.operation_mode === 'string')
    return { available: true, operationMode: res.body.operation_mode };
  const error = res.body?.error;
  const why =
    typeof error === 'string'
      ? error
      : error && typeof error === 'object'
        ? ((error as { reason?: string }).reason ?? JSON.stringify(error))
        : JSON.stringify(res.body);
  return { available: false, reason: `GET /_ilm/status answered ${res.status}: ${why}` };
}

export type IlmPutAction = 'created' | 'updated' | 'unchanged';

export interface IlmInstallReport {
  readonly endpoint: string;
  readonly ilm: IlmStatus;
  /** What was done, or (without ILM) what would be installed. */
  readonly policies: { name: string; retentionClass: RetentionClass; action: IlmPutAction | 'not-installed'; body: IlmPolicy['body'] }[];
  readonly templates: { name: string; alias: string; action: IlmPutAction }[];
  /** Existing indices now attached to a policy. */
  readonly indices: { index: string; alias: string; policy: string }[];
  /** One line: what happened and what does the retention. */
  readonly message: string;
  readonly seconds: number;
}

export interface InstallIlmOptions {
  /** Only these services' families get a template and settings; the policies are always all four. */
  readonly services?: readonly string[] | undefined;
}

/**
 * Puts the policies, the per-family templates and the existing indices'
 * lifecycle settings when the cluster has ILM; otherwise installs nothing and
 * says so (the report still carries the generated policies).
 */
export async function installIlm(
  client: RetentionEsClient,
  settings: RetentionSettings,
  options: InstallIlmOptions = {},
): Promise<IlmInstallReport> {
  const started = Date.now();
  const seconds = (): number => Math.round((Date.now() - started) / 100) / 10;
  const policies = buildIlmPolicies(settings);
  const ilm = await ilmStatus(client);
  if (!ilm.available) {
    return {
      endpoint: client.url,
      ilm,
      policies: policies.map((p) => ({ name: p.name, retentionClass: p.retentionClass, action: 'not-installed', body: p.body })),
      templates: [],
      indices: [],
      message:
        `no ILM on ${client.url} (${ilm.reason}): nothing installed; retention is done by 'jewelry-otel retention' ` +
        `(run it with --schedule, e.g. --schedule 1h, or from cron)`,
      seconds: seconds(),
    };
  }

  const installed = (
    await client.get<Record<string, { policy?: { _meta?: { hash?: string } } }>>('/_ilm/policy/jewelry-*', { allow: [404] })
  ).body;
  const policyResults: IlmInstallReport['policies'] = [];
  for (const p of policies) {
    const have = installed?.[p.name];
    const action: IlmPutAction = !have ? 'created' : have.policy?._meta?.hash === p.body.policy._meta.hash ? 'unchanged' : 'updated';
    if (action !== 'unchanged') await client.put(`/_ilm/policy/${p.name}`, p.body);
    policyResults.push({ name: p.name, retentionClass: p.retentionClass, action, body: p.body });
  }

  const wanted = options.services ? new Set(options.services.map(indexSafeServiceName)) : undefined;
  const aliasBody = (await client.get<Record<string, { aliases?: Record<string, unknown> }>>('/_alias')).body;
  const families = new Map<string, string[]>();
  for (const [index, entry] of Object.entries(aliasBody)) {
    for (const alias of Object.keys(entry.aliases ?? {})) {
      const cls = classOfAlias(alias);
      if (!cls || !index.startsWith(`${alias}-`)) continue;
      if (wanted && !wanted.has(alias.slice(0, -(cls.length + 1)))) continue;
      families.set(alias, [...(families.get(alias) ?? []), index]);
    }
  }
  const existing = (
    await client.get<{ index_templates?: { name: string; index_template: { _meta?: { hash?: string } } }[] }>(
      `/_index_template/${ILM_TEMPLATE_PREFIX}*`,
      { allow: [404] },
    )
  ).body;
  const templateHashes = new Map((existing?.index_templates ?? []).map((t) => [t.name, t.index_template._meta?.hash]));
  const templates: IlmInstallReport['templates'] = [];
  const indices: IlmInstallReport['indices'] = [];
  for (const [alias, members] of [...families.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const cls = classOfAlias(alias) as RetentionClass;
    const t = buildIlmFamilyTemplate(alias, cls);
    const action: IlmPutAction = !templateHashes.has(t.name)
      ? 'created'
      : templateHashes.get(t.name) === t.body._meta.hash
        ? 'unchanged'
        : 'updated';
    if (action !== 'unchanged') await client.put(`/_index_template/${t.name}`, t.body);
    templates.push({ name: t.name, alias, action });
    const sorted = [...members].sort();
    // By name, in batches: a pattern (`<alias>-*`) could reach another family's indices, and a long URL is refused.
    for (let i = 0; i < sorted.length; i += 50) {
      const batch = sorted
        .slice(i, i + 50)
        .map(encodeURIComponent)
        .join(',');
      await client.put(`/${batch}/_settings`, { index: { lifecycle: { name: ilmPolicyName(cls), rollover_alias: alias } } });
    }
    for (const index of sorted) indices.push({ index, alias, policy: ilmPolicyName(cls) });
  }
  return {
    endpoint: client.url,
    ilm,
    policies: policyResults,
    templates,
    indices,
    message:
      `ILM ${ilm.operationMode} on ${client.url}: ${policies.length} policies, ${templates.length} family templates, ` +
      `${indices.length} indices attached; 'jewelry-otel retention' now leaves their rollover and age deletion to ILM ` +
      `and still applies the size cap (run it on a schedule if JEWELRY_SERVICE_SIZE_CAP is set)`,
    seconds: seconds(),
  };
}
