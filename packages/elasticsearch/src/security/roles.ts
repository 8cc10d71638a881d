// SEC-2 in Elasticsearch: the roles and users `es security setup` keeps.
// The people's roles (DevOps full access; Developer and QA read-only on our
// indices; one reader per service who sees only that service's indices) are
// defined here once; Kibana's roles (kibana/roles.json, @jewelry/kibana) wrap
// them with Kibana privileges, so a Kibana import and this setup never fight
// over a role. The collector's roles exist only here.
import { knownServices, retentionClasses, type RetentionClass } from '@jewelry/schema';
import { allIndexPatterns, serviceIndexPatterns } from '../index-patterns';
import { setupServices } from '../setup';

export interface EsIndexPrivilege {
  readonly names: string[];
  readonly privileges: string[];
  readonly allow_restricted_indices: boolean;
}

/** Body of `PUT /_security/role/<name>` (applications are Kibana's, kept as found). */
export interface EsRole {
  readonly cluster: string[];
  readonly indices: EsIndexPrivilege[];
  readonly run_as: string[];
  readonly metadata: Record<string, unknown>;
}

export interface EsUserSpec {
  readonly username: string;
  readonly roles: string[];
  readonly full_name: string;
}

export const COLLECTOR_ROLE = 'jewelry-collector';
/** The collector's user; ES_COLLECTOR_USER in collector/config.yaml. */
export const COLLECTOR_USER = 'collector';
export const MONITOR_ROLE = 'jewelry-monitor';
/** The collector's Elasticsearch receiver (ST-4 health metrics); ES_MONITOR_USER in collector/config.metrics.yaml. */
export const MONITOR_USER = 'collector-monitor';

const CLASSES = Object.keys(retentionClasses) as RetentionClass[];
/** `read` runs searches; `view_index_metadata` lets Kibana list the fields (field caps) and aliases. */
const READ = ['read', 'view_index_metadata'];

export const DEVOPS_ROLE = 'jewelry-devops';
export const DEVELOPER_ROLE = 'jewelry-developer';
export const QA_ROLE = 'jewelry-qa';
export const serviceReaderRole = (service: string): string => `jewelry-reader-${service}`;

function personRole(description: string, cluster: string[], names: string[], privileges: string[]): EsRole {
  return {
    cluster,
    indices: [{ names, privileges, allow_restricted_indices: false }],
    run_as: [],
    metadata: { description, spec: 'SEC-2', managed_by: 'jewelry-otel' },
  };
}

/** The people's roles: devops, developer, qa, and a reader of each of `services` (default the known services). */
export function peopleRoles(services: readonly string[] = knownServices): Record<string, EsRole> {
  const ours = allIndexPatterns();
  const roles: Record<string, EsRole> = {
    [DEVOPS_ROLE]: personRole(
      'DevOps: full access to the logs, traces and the cluster (templates, aliases, retention, users), every Kibana space.',
      ['all'],
      ours,
      ['all'],
    ),
    [DEVELOPER_ROLE]: personRole("Developer: read-only on every service's logs and traces.", [], ours, READ),
    [QA_ROLE]: personRole("QA: read-only on every service's logs and traces.", [], ours, READ),
  };
  for (const service of services) {
    roles[serviceReaderRole(service)] = personRole(
      `Reader of ${service} only: its logs, errors, audit records and spans; other services' indices are invisible.`,
      [],
      serviceIndexPatterns(service, CLASSES),
      READ,
    );
  }
  return roles;
}

/**
 * The collector appends documents and nothing else: `create_doc` (bulk `create`
 * and op_type=create, which is what the elasticsearch exporter sends) on our
 * aliases and indices, and `auto_configure` so a service that is not set up yet
 * still gets an index on its first write (as on the open local node). Its
 * writealias processor gives a new service its families: `create_index` and the
 * alias actions (`indices:admin/aliases*`: look an alias up, create an index
 * behind one). No read, no index (overwrite), no delete, no manage.
 */
export function collectorRole(): EsRole {
  return {
    cluster: [],
    indices: [
      {
        names: allIndexPatterns(),
        privileges: ['create_doc', 'auto_configure', 'create_index', 'indices:admin/aliases*'],
        allow_restricted_indices: false,
      },
    ],
    run_as: [],
    metadata: {
      description: 'Collector: appends documents to the log and trace indices; cannot read, overwrite or delete.',
      spec: 'SEC-2',
      managed_by: 'jewelry-otel',
    },
  };
}

/**
 * What the collector's Elasticsearch receiver reads for ST-4 (cluster health,
 * node stats: disk, JVM): the `monitor` cluster privilege and nothing on any
 * index — it sees sizes and states, never a document.
 */
export function monitorRole(): EsRole {
  return {
    cluster: ['monitor'],
    indices: [],
    run_as: [],
    metadata: {
      description: 'Collector metrics: cluster health and node stats (ST-4); no document access.',
      spec: 'ST-4',
      managed_by: 'jewelry-otel',
    },
  };
}

/** Role name → body: devops, developer, qa, one reader per service (knownServices + extra), the collector, its monitor. */
export function buildEsRoles(extraServices: readonly string[] = []): Record<string, EsRole> {
  const out: Record<string, EsRole> = peopleRoles(setupServices(extraServices));
  out[COLLECTOR_ROLE] = collectorRole();
  out[MONITOR_ROLE] = monitorRole();
  return out;
}

/** One user per role: devops, developer, qa, reader-<service>, collector, collector-monitor. */
export function buildEsUsers(extraServices: readonly string[] = []): EsUserSpec[] {
  const users: EsUserSpec[] = [
    { username: 'devops', roles: [DEVOPS_ROLE], full_name: 'DevOps (jewelry-otel)' },
    { username: 'developer', roles: [DEVELOPER_ROLE], full_name: 'Developer (jewelry-otel)' },
    { username: 'qa', roles: [QA_ROLE], full_name: 'QA (jewelry-otel)' },
  ];
  for (const service of setupServices(extraServices)) {
    users.push({ username: `reader-${service}`, roles: [serviceReaderRole(service)], full_name: `Reader of ${service} (jewelry-otel)` });
  }
  users.push({ username: COLLECTOR_USER, roles: [COLLECTOR_ROLE], full_name: 'OpenTelemetry Collector (jewelry-otel)' });
  users.push({ username: MONITOR_USER, roles: [MONITOR_ROLE], full_name: 'OpenTelemetry Collector, Elasticsearch metrics (jewelry-otel)' });
  return users;
}
