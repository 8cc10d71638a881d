// Every Elasticsearch call of the project goes through the official client
// (@elastic/elasticsearch 8.x, the line of the 8.19 server): TLS with a CA,
// basic auth, several nodes of one cluster with failover between them, time
// limits and typed errors are its work. EsClient adds what our callers rely
// on: requests by path (`get('/_cat/indices?format=json')`, as the
// Elasticsearch docs and our runbooks write them), statuses that are answers
// rather than errors (`allow: [404]`), and errors that read as one line with
// Elasticsearch's own type and reason, or every node that could not be
// reached and why. `raw` is the official client itself, for typed calls.
import {
  Client,
  ClusterConnectionPool,
  errors,
  Transport,
  UndiciConnection,
  type ConnectionRequestOptions,
  type ConnectionRequestOptionsAsStream,
  type ConnectionRequestParams,
  type ConnectionRequestResponse,
  type ConnectionRequestResponseAsStream,
  type TransportOptions,
} from '@elastic/elasticsearch';
import { StackError } from '@jewelry/ops-kit';

export interface EsClientOptions {
  /** Base URL, e.g. http://127.0.0.1:9200 (a trailing slash is dropped); a comma list names several nodes of one cluster. */
  readonly url: string;
  /** Other nodes of the same cluster, tried in turn when one cannot be reached (issue 15). */
  readonly fallbackUrls?: readonly string[];
  /** Basic auth, for when security is on (SEC-2/SEC-3). */
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per request; default 30 s. */
  readonly timeoutMs?: number;
  /** PEM of the CA(s) that verify an https node (the stack's local CA, ES_CA_FILE); without it, the system's. */
  readonly ca?: string | Buffer | undefined;
}

export interface EsResponse<T> {
  readonly status: number;
  readonly body: T;
}

export interface EsRequestOptions {
  /** Statuses returned to the caller instead of thrown (e.g. 404 for "does not exist"). */
  readonly allow?: readonly number[];
}

/** Elasticsearch answered with an error, or could not be reached. */
export class EsError extends StackError {
  override readonly name: string = 'EsError';
  /** HTTP status; 0 when there was no answer. */
  readonly status: number;
  /** Elasticsearch's error type, e.g. `resource_already_exists_exception`. */
  readonly type: string | undefined;
  readonly reason: string | undefined;

  constructor(message: string, status: number, type?: string, reason?: string) {
    super(message);
    this.status = status;
    this.type = type;
    this.reason = reason;
  }
}

interface EsErrorBody {
  error?: string | { type?: string; reason?: string; caused_by?: { type?: string; reason?: string } };
}

/** `400 mapper_parsing_exception: Failed to parse mapping (caused by: ...)` from an error body. */
function describeError(status: number, body: unknown): { type?: string; reason?: string; text: string } {
  const error = (body as EsErrorBody | undefined)?.error;
  if (typeof error === 'string') return { reason: error, text: `${status} ${error}` };
  if (error && typeof error === 'object') {
    const inner = error.caused_by?.reason;
    const cause = inner && !(error.reason ?? '').includes(inner) ? ` (caused by: ${inner})` : '';
    return { type: error.type, reason: error.reason, text: `${status} ${error.type ?? 'error'}: ${error.reason ?? ''}${cause}` };
  }
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return { text: `${status} ${raw.slice(0, 300)}` };
}

/** The lowest-level reason of a failed connection: `ECONNREFUSED`, `ENOTFOUND`, `timeout after 300 ms`. */
function connectionReason(err: unknown, timeoutMs: number): string {
  if (err instanceof errors.TimeoutError) return `timeout after ${timeoutMs} ms`;
  const message = err instanceof Error ? err.message : String(err);
  return /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/.exec(message)?.[1] ?? message;
}

/**
 * A read that timed out may go to another node (it changed nothing); a write
 * that timed out may have been applied, so it is not sent twice. The official
 * transport decides this per client, so reads go through a child client
 * (same nodes, same connection pool) built with this transport.
 */
class RetryOnTimeoutTransport extends Transport {
  constructor(options: TransportOptions) {
    super({ ...options, retryOnTimeout: true });
  }
}

const READS = new Set(['GET', 'HEAD']);

/** A body already in NDJSON (one JSON document a line), sent as such. */
class Ndjson {
  constructor(readonly text: string) {}
}

export class EsClient {
  /** The first node: what reports and messages name. */
  readonly url: string;
  /** Every node, `url` first. */
  readonly urls: readonly string[];
  readonly username: string | undefined;
  /** The trusted CA, for a second client to the same node (another user). */
  readonly ca: string | Buffer | undefined;
  /** The official client (writes: no retry after a time-out). */
  readonly raw: Client;
  private readonly reads: Client;
  private readonly timeoutMs: number;
  /** Why each node failed, per request in flight (filled by the connections, read when every node has failed). */
  private readonly failures = new Map<number, string[]>();
  private nextId = 1;

  constructor(options: EsClientOptions) {
    const urls = [...splitUrls(options.url), ...(options.fallbackUrls ?? []).flatMap(splitUrls)];
    this.urls = [...new Set(urls)];
    this.url = this.urls[0] ?? '';
    this.username = options.username;
    this.ca = options.ca;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const failures = this.failures;
    const timeoutMs = this.timeoutMs;
    /** The client's own connection, noting for our error message why a node could not be reached. */
    class NotingConnection extends UndiciConnection {
      override request(params: ConnectionRequestParams, options: ConnectionRequestOptions): Promise<ConnectionRequestResponse>;
      override request(
        params: ConnectionRequestParams,
        options: ConnectionRequestOptionsAsStream,
      ): Promise<ConnectionRequestResponseAsStream>;
      override async request(
        params: ConnectionRequestParams,
        options: ConnectionRequestOptions | ConnectionRequestOptionsAsStream,
      ): Promise<ConnectionRequestResponse | ConnectionRequestResponseAsStream> {
        try {
          return await super.request(params, options as ConnectionRequestOptions);
        } catch (err) {
          failures.get(options.requestId as number)?.push(`${this.url.origin}: ${connectionReason(err, timeoutMs)}`);
          throw err;
        }
      }
    }
    this.raw = new Client({
      nodes: this.urls.length ? [...this.urls] : ['http://127.0.0.1:9200'],
      ...(options.username ? { auth: { username: options.username, password: options.password ?? '' } } : {}),
      ...(options.headers ? { headers: { ...options.headers } } : {}),
      ...(options.ca ? { tls: { ca: options.ca } } : {}),
      requestTimeout: this.timeoutMs,
      // Each node once: a cluster's failover, not a retry loop (a caller that wants to wait polls).
      maxRetries: Math.max(0, this.urls.length - 1),
      Connection: NotingConnection,
      // A node that failed is skipped for a while, then tried again without a probe.
      ConnectionPool: ClusterConnectionPool,
      resurrectStrategy: 'optimistic',
      // No gzip of request bodies: the local node is on loopback, and a body stays readable in a capture.
      compression: false,
    });
    this.reads = this.raw.child({ Transport: RetryOnTimeoutTransport });
  }

  /** One request; throws EsError on a non-2xx status unless `allow` lists it. */
  async request<T = unknown>(method: string, path: string, body?: unknown, options: EsRequestOptions = {}): Promise<EsResponse<T>> {
    const target = path.startsWith('/') ? path : `/${path}`;
    const what = `${method} ${path}`;
    const id = this.nextId++;
    this.failures.set(id, []);
    try {
      const client = READS.has(method) ? this.reads : this.raw;
      const payload =
        body instanceof Ndjson ? { bulkBody: body.text } : body === undefined ? {} : { body: body as Record<string, unknown> };
      const res = await client.transport.request<T>(
        { method, path: target, ...payload },
        { meta: true, id, ignore: options.allow ? [...options.allow] : [] },
      );
      return { status: res.statusCode ?? 0, body: res.body };
    } catch (err) {
      if (err instanceof errors.ResponseError) {
        const status = err.meta.statusCode ?? 0;
        const d = describeError(status, err.meta.body);
        throw new EsError(`Elasticsearch ${what}: ${d.text}`, status, d.type, d.reason);
      }
      if (err instanceof errors.ConnectionError || err instanceof errors.TimeoutError || err instanceof errors.NoLivingConnectionsError) {
        const failed = this.failures.get(id) ?? [];
        const why =
          failed.length === 0
            ? connectionReason(err, this.timeoutMs)
            : this.urls.length > 1
              ? failed.join('; ')
              : failed.map((f) => f.slice(f.indexOf(': ') + 2)).join('; ');
        const where = this.urls.length > 1 ? `any node of ${this.urls.join(', ')}` : this.url;
        throw new EsError(`cannot reach Elasticsearch at ${where} (${what}): ${why}`, 0);
      }
      if (err instanceof errors.ProductNotSupportedError) {
        const node = err.meta?.meta.connection?.url.origin ?? this.url;
        throw new EsError(`${node} (${what}) did not answer as Elasticsearch does (no x-elastic-product header): is it Elasticsearch?`, 0);
      }
      throw err;
    } finally {
      this.failures.delete(id);
    }
  }

  get<T = unknown>(path: string, options?: EsRequestOptions): Promise<EsResponse<T>> {
    return this.request<T>('GET', path, undefined, options);
  }

  put<T = unknown>(path: string, body?: unknown, options?: EsRequestOptions): Promise<EsResponse<T>> {
    return this.request<T>('PUT', path, body, options);
  }

  post<T = unknown>(path: string, body?: unknown, options?: EsRequestOptions): Promise<EsResponse<T>> {
    return this.request<T>('POST', path, body, options);
  }

  delete<T = unknown>(path: string, options?: EsRequestOptions): Promise<EsResponse<T>> {
    return this.request<T>('DELETE', path, undefined, options);
  }

  /** `POST <path>` (`/_bulk`, `/<index>/_bulk?refresh=true`) with an NDJSON body, as written. */
  bulk<T = unknown>(path: string, ndjson: string, options?: EsRequestOptions): Promise<EsResponse<T>> {
    return this.request<T>('POST', path, new Ndjson(ndjson), options);
  }

  /** Closes the connections (a long-running caller that is done with the cluster). */
  close(): Promise<void> {
    return this.raw.close();
  }
}

/** `http://a:9200, http://b:9200/` → both, without trailing slashes. */
function splitUrls(text: string): string[] {
  return text
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}
