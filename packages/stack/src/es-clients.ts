// The Elasticsearch clients of the stack and of the CLI's commands: which
// node (ES_ENDPOINT, else the stack's own nodes), which user (ES_USERNAME /
// ES_PASSWORD, else in security mode the bootstrap superuser) and which CA
// (ES_CA_FILE, else in security mode the stack's own). The client itself is
// @jewelry/elasticsearch's, on the official Elasticsearch client.
import { readFileSync } from 'node:fs';
import { EsClient } from '@jewelry/elasticsearch';
import type { StackSettings } from './settings';
import { esNodeUrls } from './components/elasticsearch-cluster';
import { ADMIN_USER, passwordFor } from './security/credentials';
import { esTlsFiles } from './security/tls';

type Env = Record<string, string | undefined>;

/** The CA of the stack's node in security mode (generated or JEWELRY_ES_TLS_CA). */
export function stackCaFile(s: StackSettings): string {
  return esTlsFiles(s).ca;
}

/** A client for the stack's secured node as `user` (default: the bootstrap superuser), over https with the stack's CA. */
export function securedStackClient(s: StackSettings, user: string = ADMIN_USER, password?: string, timeoutMs?: number): EsClient {
  const pw = password ?? passwordFor(s, user, { generate: false })?.password;
  return new EsClient({ url: esNodeUrls(s).join(','), username: user, password: pw, ca: readFileSync(stackCaFile(s)), timeoutMs });
}

/** The client `stack up` uses for the nodes it just started: plain, or in security mode https as the bootstrap superuser. */
export function stackEsClient(s: StackSettings, timeoutMs?: number): EsClient {
  if (s.esSecurity) return securedStackClient(s, ADMIN_USER, undefined, timeoutMs);
  return new EsClient({ url: esNodeUrls(s).join(','), timeoutMs });
}

/**
 * The client the commands use (es, trace, stuck-orders, report, retention):
 * - ES_ENDPOINT set (a comma list for several nodes): that cluster, as
 *   ES_USERNAME/ES_PASSWORD when set, verified with ES_CA_FILE when given;
 * - else, in security mode (JEWELRY_ES_SECURITY=true): the stack's nodes over
 *   https with its CA (or ES_CA_FILE), as ES_USERNAME/ES_PASSWORD when set,
 *   else as the bootstrap superuser;
 * - else the stack's own nodes, plain.
 */
export function esClientFromEnv(s: StackSettings, env: Env = process.env): EsClient {
  const endpoint = env.ES_ENDPOINT?.trim();
  const caFile = env.ES_CA_FILE?.trim();
  const username = env.ES_USERNAME?.trim() || undefined;
  const ca = caFile ? readFileSync(caFile) : undefined;
  if (endpoint) return new EsClient({ url: endpoint, username, password: env.ES_PASSWORD, ca });
  const url = esNodeUrls(s).join(',');
  if (s.esSecurity) {
    const stackCa = ca ?? readFileSync(stackCaFile(s));
    if (username) return new EsClient({ url, username, password: env.ES_PASSWORD, ca: stackCa });
    return new EsClient({
      url,
      username: ADMIN_USER,
      password: passwordFor(s, ADMIN_USER, { generate: false, env })?.password,
      ca: stackCa,
    });
  }
  return new EsClient({ url, username, password: env.ES_PASSWORD });
}
