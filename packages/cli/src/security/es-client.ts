// An EsClient that verifies the server against a given CA (the stack's local
// CA, or ES_CA_FILE). Why a subclass: the base client uses Node's global
// fetch, which cannot be given a CA per request without the undici package
// (no new dependency); node:https can. Same answers, same errors.
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { EsClient, EsError, esClientFromEnv, type EsClientOptions, type EsRequestOptions, type EsResponse } from '../elasticsearch/client';
import type { StackSettings } from '../settings';
import { esBaseUrl } from '../stack/components/elasticsearch-config';
import { ADMIN_USER, passwordFor } from './credentials';
import { esTlsFiles } from './tls';

type Env = Record<string, string | undefined>;

export interface EsTlsClientOptions extends EsClientOptions {
  /** PEM of the CA(s) to trust, besides none: only these verify the server. */
  readonly ca?: string | Buffer | undefined;
}

interface EsErrorBody {
  error?: string | { type?: string; reason?: string; caused_by?: { reason?: string } };
}

export class EsTlsClient extends EsClient {
  readonly username: string | undefined;
  /** The trusted CA (PEM), for a second client to the same node. */
  readonly caPem: string | Buffer | undefined;
  private readonly ca: string | Buffer | undefined;
  private readonly allHeaders: Record<string, string>;
  private readonly timeout: number;

  constructor(options: EsTlsClientOptions) {
    super(options);
    this.ca = options.ca;
    this.caPem = options.ca;
    this.username = options.username;
    this.timeout = options.timeoutMs ?? 30_000;
    this.allHeaders = { accept: 'application/json', ...options.headers };
    if (options.username) {
      this.allHeaders.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
    }
  }

  override async request<T = unknown>(method: string, path: string, body?: unknown, options: EsRequestOptions = {}): Promise<EsResponse<T>> {
    const target = new URL(`${this.url}${path.startsWith('/') ? path : `/${path}`}`);
    const what = `${method} ${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { ...this.allHeaders };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let status: number;
    let text: string;
    try {
      ({ status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = send(target, { method, headers, timeout: this.timeout, ...(this.ca ? { ca: this.ca } : {}) }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(Object.assign(new Error(`timeout after ${this.timeout}ms`), { code: 'ETIMEDOUT' })));
        req.on('error', reject);
        req.end(payload);
      }));
    } catch (err) {
      const why = (err as { code?: string }).code ?? (err as Error).message;
      throw new EsError(`cannot reach Elasticsearch at ${this.url} (${what}): ${why}`, 0);
    }
    let parsed: unknown = text;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        // HEAD answers and _cat formats are not JSON.
      }
    }
    if ((status < 200 || status >= 300) && !options.allow?.includes(status)) {
      const error = (parsed as EsErrorBody | undefined)?.error;
      if (typeof error === 'object' && error) {
        const inner = error.caused_by?.reason;
        const cause = inner && !(error.reason ?? '').includes(inner) ? ` (caused by: ${inner})` : '';
        throw new EsError(`Elasticsearch ${what}: ${status} ${error.type ?? 'error'}: ${error.reason ?? ''}${cause}`, status, error.type, error.reason);
      }
      const raw = typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
      throw new EsError(`Elasticsearch ${what}: ${status} ${String(error ?? raw).slice(0, 300)}`, status, undefined, typeof error === 'string' ? error : undefined);
    }
    return { status, body: parsed as T };
  }
}

/** The CA of the stack's node in security mode (generated or JEWELRY_ES_TLS_CA). */
export function stackCaFile(s: StackSettings): string {
  return esTlsFiles(s).ca;
}

/** A client for the stack's secured node as `user` (default: the bootstrap superuser), over https with the stack's CA. */
export function securedStackClient(s: StackSettings, user: string = ADMIN_USER, password?: string, timeoutMs?: number): EsTlsClient {
  const pw = password ?? passwordFor(s, user, { generate: false })?.password;
  return new EsTlsClient({ url: esBaseUrl(s), username: user, password: pw, ca: readFileSync(stackCaFile(s)), timeoutMs });
}

/**
 * The client the es commands use:
 * - ES_ENDPOINT set: that cluster, ES_USERNAME/ES_PASSWORD, and ES_CA_FILE when given (https with a private CA);
 * - else, in security mode (JEWELRY_ES_SECURITY=true): the stack's node over https with its CA, as
 *   ES_USERNAME/ES_PASSWORD when set, else as the bootstrap superuser;
 * - else the plain local node (esClientFromEnv).
 */
export function esClientForCli(s: StackSettings, env: Env = process.env): EsClient {
  const endpoint = env.ES_ENDPOINT?.trim();
  const caFile = env.ES_CA_FILE?.trim();
  const username = env.ES_USERNAME?.trim() || undefined;
  if (endpoint) {
    if (!caFile) return esClientFromEnv(s, env);
    return new EsTlsClient({ url: endpoint, username, password: env.ES_PASSWORD, ca: readFileSync(caFile) });
  }
  if (s.esSecurity) {
    const ca = readFileSync(caFile || stackCaFile(s));
    if (username) return new EsTlsClient({ url: esBaseUrl(s), username, password: env.ES_PASSWORD, ca });
    return new EsTlsClient({ url: esBaseUrl(s), username: ADMIN_USER, password: passwordFor(s, ADMIN_USER, { generate: false, env })?.password, ca });
  }
  return esClientFromEnv(s, env);
}
