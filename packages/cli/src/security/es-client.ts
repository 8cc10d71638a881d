// An EsClient that verifies the server against a given CA (the stack's local
// CA, or ES_CA_FILE). Why a subclass: the base client uses Node's global
// fetch, which cannot be given a CA per request without the undici package
// (no new dependency); node:https can. Same answers, same errors.
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { EsClient, esClientFromEnv, type EsClientOptions } from '../elasticsearch/client';
import { parseBody, UnreachableError, type HttpAnswer } from '../http-json';
import type { StackSettings } from '../settings';
import { esNodeUrls } from '../stack/components/elasticsearch-cluster';
import { ADMIN_USER, passwordFor } from './credentials';
import { esTlsFiles } from './tls';

type Env = Record<string, string | undefined>;

export interface EsTlsClientOptions extends EsClientOptions {
  /** PEM of the CA(s) to trust, besides none: only these verify the server. */
  readonly ca?: string | Buffer | undefined;
}

export class EsTlsClient extends EsClient {
  readonly username: string | undefined;
  /** The trusted CA (PEM), for a second client to the same node. */
  readonly caPem: string | Buffer | undefined;

  constructor(options: EsTlsClientOptions) {
    super(options);
    this.caPem = options.ca;
    this.username = options.username;
  }

  /** Only the transport differs from EsClient: node:https, trusting exactly this CA. */
  protected override send(method: string, target: string, payload: string | undefined): Promise<HttpAnswer> {
    const url = new URL(target);
    const headers: Record<string, string | number> = { ...this.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const req = send(url, { method, headers, timeout: this.timeoutMs, ...(this.caPem ? { ca: this.caPem } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', (err) => reject(new UnreachableError(err.message)));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`timeout after ${this.timeoutMs}ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(new UnreachableError((err as { code?: string }).code ?? err.message)));
      req.end(payload);
    });
  }
}

/** The CA of the stack's node in security mode (generated or JEWELRY_ES_TLS_CA). */
export function stackCaFile(s: StackSettings): string {
  return esTlsFiles(s).ca;
}

/** A client for the stack's secured node as `user` (default: the bootstrap superuser), over https with the stack's CA. */
export function securedStackClient(s: StackSettings, user: string = ADMIN_USER, password?: string, timeoutMs?: number): EsTlsClient {
  const pw = password ?? passwordFor(s, user, { generate: false })?.password;
  return new EsTlsClient({ url: esNodeUrls(s).join(','), username: user, password: pw, ca: readFileSync(stackCaFile(s)), timeoutMs });
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
    const url = esNodeUrls(s).join(',');
    if (username) return new EsTlsClient({ url, username, password: env.ES_PASSWORD, ca });
    return new EsTlsClient({ url, username: ADMIN_USER, password: passwordFor(s, ADMIN_USER, { generate: false, env })?.password, ca });
  }
  return esClientFromEnv(s, env);
}
