// Kibana roles and spaces for SEC-2: DevOps full access; Developer and QA
// read-only on our indices; one reader per service who sees only that
// service's indices. A Kibana role (`PUT /api/security/role/<name>`) wraps an
// Elasticsearch role (cluster and index privileges, enforced by Elasticsearch
// on every search, Discover and dashboards included) and Kibana privileges per
// space. Index patterns come from the schema (classIndexPatterns, writeAlias).
import { classIndexPatterns, knownServices, retentionClasses, type RetentionClass } from '@jewelry/schema';
import { serviceIndexPatterns } from './data-views';

/** The space the assets are imported into by default (SEC-2 roles are granted in it). */
export const JEWELRY_SPACE_ID = 'jewelry';

export interface KibanaSpace {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly color: string;
  readonly initials: string;
  readonly disabledFeatures: string[];
}

export interface KibanaIndexPrivilege {
  readonly names: string[];
  readonly privileges: string[];
  readonly allow_restricted_indices: boolean;
}

export interface KibanaRole {
  /** `metadata.description`: the `description` field itself needs Kibana 8.15+. */
  readonly metadata: { readonly description: string; readonly spec: string; readonly managed_by: 'jewelry-otel' };
  readonly elasticsearch: { readonly cluster: string[]; readonly indices: KibanaIndexPrivilege[]; readonly run_as: string[] };
  readonly kibana: { readonly base: string[]; readonly feature: Record<string, string[]>; readonly spaces: string[] }[];
}

export function buildSpaces(): KibanaSpace[] {
  return [
    {
      id: JEWELRY_SPACE_ID,
      name: 'Jewelry observability',
      description: 'Logs, traces and dashboards of the order flow (shop, CRM, MES, partner API).',
      color: '#8E6E24',
      initials: 'JO',
      disabledFeatures: [],
    },
  ];
}

const CLASSES = Object.keys(retentionClasses) as RetentionClass[];

/** Every index of ours: each class's patterns (rolled indices and a plain index a new service may create). */
export function allIndexPatterns(): string[] {
  return CLASSES.flatMap(classIndexPatterns);
}

/** `read` runs searches; `view_index_metadata` lets Kibana list the fields (field caps) and aliases. */
const READ = ['read', 'view_index_metadata'];

function role(
  description: string,
  cluster: string[],
  indices: KibanaIndexPrivilege[],
  kibana: { base: string[]; spaces: string[] },
): KibanaRole {
  return {
    metadata: { description, spec: 'SEC-2', managed_by: 'jewelry-otel' },
    elasticsearch: { cluster, indices, run_as: [] },
    kibana: [{ base: kibana.base, feature: {}, spaces: kibana.spaces }],
  };
}

export const serviceReaderRole = (service: string): string => `jewelry-reader-${service}`;

/** Role name → the body of `PUT /api/security/role/<name>`. */
export function buildRoles(space: string = JEWELRY_SPACE_ID): Record<string, KibanaRole> {
  const ours = allIndexPatterns();
  const roles: Record<string, KibanaRole> = {
    'jewelry-devops': role(
      'DevOps: full access to the logs, traces and the cluster (templates, aliases, retention, users), every Kibana space.',
      ['all'],
      [{ names: ours, privileges: ['all'], allow_restricted_indices: false }],
      { base: ['all'], spaces: ['*'] },
    ),
    'jewelry-developer': role(
      'Developer: read-only on every service\'s logs and traces.',
      [],
      [{ names: ours, privileges: READ, allow_restricted_indices: false }],
      { base: ['read'], spaces: [space] },
    ),
    'jewelry-qa': role(
      'QA: read-only on every service\'s logs and traces.',
      [],
      [{ names: ours, privileges: READ, allow_restricted_indices: false }],
      { base: ['read'], spaces: [space] },
    ),
  };
  for (const service of knownServices) {
    roles[serviceReaderRole(service)] = role(
      `Reader of ${service} only: its logs, errors, audit records and spans; other services' indices are invisible.`,
      [],
      [{ names: serviceIndexPatterns(service, CLASSES), privileges: READ, allow_restricted_indices: false }],
      { base: ['read'], spaces: [space] },
    );
  }
  return roles;
}

/** The same roles with every space-scoped grant moved to `space` ('*' grants stay). */
export function rolesForSpace(roles: Readonly<Record<string, KibanaRole>>, space: string): Record<string, KibanaRole> {
  return Object.fromEntries(
    Object.entries(roles).map(([name, body]) => [
      name,
      { ...body, kibana: body.kibana.map((k) => (k.spaces.includes('*') ? k : { ...k, spaces: [space] })) },
    ]),
  );
}
