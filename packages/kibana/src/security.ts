// Kibana roles and spaces for SEC-2: DevOps full access; Developer and QA
// read-only on our indices; one reader per service who sees only that
// service's indices. A Kibana role (`PUT /api/security/role/<name>`) wraps an
// Elasticsearch role (cluster and index privileges, enforced by Elasticsearch
// on every search, Discover and dashboards included) and Kibana privileges per
// space. The Elasticsearch half is @jewelry/elasticsearch's (peopleRoles).
import { DEVOPS_ROLE, peopleRoles } from '@jewelry/elasticsearch';
import { knownServices } from '@jewelry/schema';

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

/** Kibana's privileges of a person's role: DevOps all of Kibana in every space, the others read in the assets' space. */
function kibanaAccess(name: string, space: string): { base: string[]; spaces: string[] } {
  return name === DEVOPS_ROLE ? { base: ['all'], spaces: ['*'] } : { base: ['read'], spaces: [space] };
}

/**
 * Role name → the body of `PUT /api/security/role/<name>`: the people's roles
 * of @jewelry/elasticsearch (their cluster and index privileges, as `es
 * security setup` writes them), each with its Kibana privileges.
 */
export function buildRoles(space: string = JEWELRY_SPACE_ID): Record<string, KibanaRole> {
  return Object.fromEntries(
    Object.entries(peopleRoles(knownServices)).map(([name, role]) => {
      const access = kibanaAccess(name, space);
      const body: KibanaRole = {
        metadata: role.metadata as KibanaRole['metadata'],
        elasticsearch: { cluster: role.cluster, indices: role.indices, run_as: role.run_as },
        kibana: [{ base: access.base, feature: {}, spaces: access.spaces }],
      };
      return [name, body];
    }),
  );
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
