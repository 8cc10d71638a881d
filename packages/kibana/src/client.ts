// A tiny Kibana HTTP API client on Node's global fetch (and FormData for the
// multipart import): basic auth, the `kbn-xsrf` header Kibana demands on every
// write, space-prefixed paths, and errors that carry Kibana's own message.
import { requestJson, StackError, UnreachableError, type HttpAnswer } from '@jewelry/ops-kit';

export const DEFAULT_KIBANA_URL = 'http://localhost:5601';

export interface KibanaClientOptions {
  /** Base URL, e.g. http://localhost:5601 (a trailing slash is dropped; a basePath is kept). */
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Per request; default 30 s. */
  readonly timeoutMs?: number;
}

export interface KibanaResponse<T> {
  readonly status: number;
  readonly body: T;
}

export interface KibanaRequestOptions {
  /** JSON body. */
  readonly json?: unknown;
  /** multipart/form-data body (fetch sets the boundary). */
  readonly form?: FormData;
  /** Statuses returned instead of thrown (e.g. 404 for "does not exist"). */
  readonly allow?: readonly number[];
}

/** Kibana answered with an error, or could not be reached (status 0). */
export class KibanaError extends StackError {
  override readonly name: string = 'KibanaError';
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** `/s/<space>` before a space-scoped API path; nothing for the default space. */
export function spacePath(space: string, path: string): string {
  return space === 'default' ? path : `/s/${encodeURIComponent(space)}${path}`;
}

function describe(status: number, body: unknown): string {
  const b = body as { error?: unknown; message?: unknown } | undefined;
  if (b && typeof b === 'object' && typeof b.message === 'string') {
    return `${status} ${typeof b.error === 'string' ? `${b.error}: ` : ''}${b.message}`;
  }
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return `${status} ${raw.slice(0, 300)}`;
}

export class KibanaClient {
  readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: KibanaClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    // kbn-xsrf: any value; Kibana refuses POST/PUT/DELETE without it (CSRF protection).
    this.headers = { accept: 'application/json', 'kbn-xsrf': 'jewelry-otel' };
    if (options.username) {
      this.headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
    }
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async request<T = unknown>(method: string, path: string, options: KibanaRequestOptions = {}): Promise<KibanaResponse<T>> {
    const what = `${method} ${path}`;
    const headers = { ...this.headers, ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}) };
    const body = options.form ?? (options.json !== undefined ? JSON.stringify(options.json) : undefined);
    let answer: HttpAnswer;
    try {
      answer = await requestJson(`${this.url}${path}`, { method, headers, body }, this.timeoutMs);
    } catch (err) {
      if (!(err instanceof UnreachableError)) throw err;
      throw new KibanaError(`cannot reach Kibana at ${this.url} (${what}): ${err.why}. Is it running? Set --url or KIBANA_URL.`, 0);
    }
    if ((answer.status < 200 || answer.status >= 300) && !options.allow?.includes(answer.status)) {
      const hint =
        answer.status === 401 ? ' (set KIBANA_USERNAME / KIBANA_PASSWORD)' : answer.status === 403 ? ' (the user lacks the privilege)' : '';
      throw new KibanaError(`Kibana ${what}: ${describe(answer.status, answer.body)}${hint}`, answer.status);
    }
    return { status: answer.status, body: answer.body as T };
  }
}

type Env = Record<string, string | undefined>;

/** `--url`, else KIBANA_URL, else http://localhost:5601; basic auth from KIBANA_USERNAME / KIBANA_PASSWORD. */
export function kibanaClientFromEnv(url: string | undefined, env: Env = process.env): KibanaClient {
  return new KibanaClient({
    url: url?.trim() || env.KIBANA_URL?.trim() || DEFAULT_KIBANA_URL,
    username: env.KIBANA_USERNAME?.trim() || undefined,
    password: env.KIBANA_PASSWORD,
  });
}
