/**
 * Where documents live in Elasticsearch (ST-1, ST-2): one family of indices
 * per service and retention class, each behind a write alias
 * `<service>-<class>` whose first index is `<service>-<class>-000001`
 * (rollover adds the next). The collector routes to the alias; retention,
 * roles and Kibana data views use the same names.
 */
export const retentionClasses = {
  /** DEBUG and INFO records: the operational log. */
  logs: { description: 'operational logs (debug, info)', defaultRetentionDays: 180 },
  /** WARN, ERROR and FATAL records. */
  errors: { description: 'warnings and errors', defaultRetentionDays: 365 },
  /** Records whose `event.category` is `access` or `audit`. */
  audit: { description: 'access and audit logs', defaultRetentionDays: 365 },
  /** Span documents. */
  traces: { description: 'spans', defaultRetentionDays: 180 },
} as const;

export type RetentionClass = keyof typeof retentionClasses;
export const logClasses: readonly RetentionClass[] = ['logs', 'errors', 'audit'];

/** The services the product knows; others get their families on first write (see the index templates). */
export const knownServices = ['shop-api', 'crm-api', 'mes-api', 'partner-api', 'host'] as const;

/** `event.category` values that send a record to the audit class. */
export const auditCategories = ['access', 'audit'] as const;

/** Index names allow lower-case letters, digits, `_`, `-` and `.`; service names may have more (`unknown_service:node`). */
export function indexSafeServiceName(service: string): string {
  return service.toLowerCase().replace(/[^a-z0-9_.-]/g, '_').replace(/^[-_.]+/, '') || 'unknown';
}

export function writeAlias(service: string, cls: RetentionClass): string {
  return `${indexSafeServiceName(service)}-${cls}`;
}

export function firstIndex(service: string, cls: RetentionClass): string {
  return `${writeAlias(service, cls)}-000001`;
}

/** Index patterns of a class across services: the rolled indices and a plain index a new service may create. */
export function classIndexPatterns(cls: RetentionClass): string[] {
  return [`*-${cls}-*`, `*-${cls}`];
}
