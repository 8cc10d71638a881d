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

/**
 * The family of records whose service.name cannot name an index: missing,
 * empty, over-long, or with characters an index name cannot hold
 * (`unknown_service:node`, the SDKs' default; `my service/x`; `..`). The
 * collector's hygiene processor routes them here and keeps the name as sent
 * in `service.original_name`; `es setup` creates this family like a known
 * service's, so such records are managed (rollover, retention) and never
 * refused by Elasticsearch.
 */
export const unknownService = 'unknown_service';

/** Longest service name used as is in an index name (the index adds `-errors-000001`). */
export const maxServiceNameChars = 100;

const SAFE_SERVICE_NAME = new RegExp(`^[a-z0-9][a-z0-9_.-]{0,${maxServiceNameChars - 1}}$`);

/**
 * The service part of an index name: the name trimmed and with A–Z in lower
 * case when that is a valid index name (lower-case letters, digits, `_`, `-`,
 * `.`, not starting with a symbol, at most maxServiceNameChars), else
 * unknownService. The collector applies the same rule
 * (collector/processor/maskingprocessor/hygieneprocessor, checked against
 * the same cases: packages/schema/test/service-names.json).
 */
export function indexSafeServiceName(service: string | undefined): string {
  const name = (service ?? '').replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '').replace(/[A-Z]+/g, (c) => c.toLowerCase());
  return SAFE_SERVICE_NAME.test(name) ? name : unknownService;
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
