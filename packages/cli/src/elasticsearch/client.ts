// A tiny Elasticsearch REST client on Node's global fetch: JSON in, JSON out,
// and errors that say what Elasticsearch said (its error type and reason),
// so a failed setup reads as one line. No dependency: the few calls the CLI
// makes do not justify the official client (and its version coupling).
import { StackError } from '@jewelry/ops-kit';
import { requestJson, UnreachableError, type HttpAnswer } from '../http-json';
import type { StackSettings } from '../settings';
import { esRequestHeaders } from '../stack/components/elasticsearch-config';
import { esNodeUrls } from '../stack/components/elasticsearch-cluster';

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

export class EsClient {
  /** The first node: what reports and messages name. */
  readonly url: string;
  /** Every node, `url` first. */
  readonly urls: readonly string[];
  protected readonly headers: Record<string, string>;
  protected readonly timeoutMs: number;
  /** The node that answered last: the next request goes there first. */
  private current = 0;

  constructor(options: EsClientOptions) {
    const urls = [...splitUrls(options.url), ...(options.fallbackUrls ?? []).flatMap(splitUrls)];
    this.urls = [...new Set(urls)];
    this.url = this.urls[0] ?? '';
    this.headers = { accept: 'application/json', ...options.headers };
    if (options.username) {
      const token = Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64');
      this.headers.authorization = `Basic ${token}`;
    }
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** One request; throws EsError on a non-2xx status unless `allow` lists it. */
  async request<T = unknown>(method: string, path: string, body?: unknown, options: EsRequestOptions = {}): Promise<EsResponse<T>> {
    const target = path.startsWith('/') ? path : `/${path}`;
    const what = `${method} ${path}`;
    const answer = await this.sendToSomeNode(method, target, body === undefined ? undefined : JSON.stringify(body), what);
    if ((answer.status < 200 || answer.status >= 300) && !options.allow?.includes(answer.status)) {
      const d = describeError(answer.status, answer.body);
      throw new EsError(`Elasticsearch ${what}: ${d.text}`, answer.status, d.type, d.reason);
    }
    return { status: answer.status, body: answer.body as T };
  }

  /**
   * One request to the node that answered last, else to the next one of the
   * cluster. Only what cannot have reached a node goes to another: a refused
   * connection, or any failure of a read (GET/HEAD); a write that timed out
   * may have been applied, so it is not sent twice.
   */
  private async sendToSomeNode(method: string, path: string, payload: string | undefined, what: string): Promise<HttpAnswer> {
    const failures: string[] = [];
    for (let attempt = 0; attempt < this.urls.length; attempt++) {
      const i = (this.current + attempt) % this.urls.length;
      try {
        const answer = await this.send(method, `${this.urls[i]}${path}`, payload);
        this.current = i;
        return answer;
      } catch (err) {
        if (!(err instanceof UnreachableError)) throw err;
        failures.push(this.urls.length > 1 ? `${this.urls[i]}: ${err.why}` : err.why);
        const retryable = method === 'GET' || method === 'HEAD' || err.why === 'ECONNREFUSED';
        if (!retryable) break;
      }
    }
    const where = this.urls.length > 1 ? `any node of ${this.urls.join(', ')}` : this.url;
    throw new EsError(`cannot reach Elasticsearch at ${where} (${what}): ${failures.join('; ')}`, 0);
  }

  /**
   * The transport: one request, the answer parsed (http-json.ts); throws
   * UnreachableError when no answer came. Subclasses change only this
   * (security/es-client.ts: node:https with the stack's CA).
   */
  protected send(method: string, target: string, payload: string | undefined): Promise<HttpAnswer> {
    const headers = payload === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' };
    return requestJson(target, { method, headers, body: payload }, this.timeoutMs);
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
}

type Env = Record<string, string | undefined>;

/** `http://a:9200, http://b:9200/` → both, without trailing slashes. */
function splitUrls(text: string): string[] {
  return text.split(',').map((u) => u.trim().replace(/\/+$/, '')).filter(Boolean);
}

/**
 * The client the CLI uses: `ES_ENDPOINT` (the same variable the collector
 * config reads; a comma list for several nodes) or the stack's own nodes, with
 * basic auth from `ES_USERNAME` / `ES_PASSWORD` when set.
 */
export function esClientFromEnv(settings: StackSettings, env: Env = process.env): EsClient {
  const endpoint = env.ES_ENDPOINT?.trim();
  return new EsClient({
    url: endpoint || esNodeUrls(settings).join(','),
    headers: endpoint ? {} : esRequestHeaders(settings),
    username: env.ES_USERNAME?.trim() || undefined,
    password: env.ES_PASSWORD,
  });
}

/** The client `stack up` uses for the node it just started. */
export function stackEsClient(settings: StackSettings): EsClient {
  return new EsClient({ url: esNodeUrls(settings).join(','), headers: esRequestHeaders(settings) });
}
