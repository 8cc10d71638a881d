import type { RetentionEsClient } from '@jewelry/elasticsearch';

export type FakeRoute = (path: string, body: unknown) => { status?: number; body: unknown };

/**
 * An Elasticsearch client for the retention unit tests: records every
 * request and answers from `routes` (method + path prefix, e.g. 'GET /_alias'),
 * 200 {} otherwise; a status ≥ 300 the caller did not allow throws, as the real client does.
 */
export function fakeRetentionClient(routes: Record<string, FakeRoute> = {}) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const answer = async (method: string, path: string, body?: unknown, options?: { allow?: readonly number[] }) => {
    calls.push({ method, path, body });
    const key = Object.keys(routes).find((k) => `${method} ${path}`.startsWith(k));
    const res = key ? routes[key]!(path, body) : { body: {} };
    const status = res.status ?? 200;
    if (status >= 300 && !options?.allow?.includes(status)) throw new Error(`fake: ${method} ${path} → ${status}`);
    return { status, body: res.body as never };
  };
  const client: RetentionEsClient = {
    url: 'http://es.test',
    get: (p, o) => answer('GET', p, undefined, o),
    put: (p, b, o) => answer('PUT', p, b, o),
    post: (p, b, o) => answer('POST', p, b, o),
    delete: (p, o) => answer('DELETE', p, undefined, o),
  };
  /** The requests as 'METHOD /path' lines. */
  const requests = (): string[] => calls.map((c) => `${c.method} ${c.path}`);
  return { client, calls, requests };
}
