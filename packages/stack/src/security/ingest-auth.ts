// Ingestion security (issue 15, JEWELRY_INGEST_AUTH=true): who may send OTLP
// to the collector. Every service has its own credential (HTTP basic auth:
// the user name is the identity the collector stamps on its records and
// checks their service.name against); the tiered topology's agent has one of
// its own for the gateways. Passwords live with the Elasticsearch ones in
// <stack dir>/security/credentials.json (0600), under `otlp:<identity>`;
// JEWELRY_OTLP_PASSWORD_<IDENTITY> sets one. The collector gets an htpasswd
// file of salted SHA-1 hashes: the basicauth extension checks every request,
// so the hash must be cheap (bcrypt costs tens of ms a request), and a
// generated 144-bit secret needs no slow hash to resist guessing.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knownServices } from '@jewelry/schema';
import type { StackSettings } from '../settings';
import { generatePassword, readCredentials, securityDir, writeCredentials } from './credentials';

type Env = Record<string, string | undefined>;

/** The agent's identity at the gateways (tiered topology). */
export const AGENT_IDENTITY = 'collector-agent';

/** The identities that get a credential: the four services, and every service allowed to write audit records. */
export function ingestIdentities(s: StackSettings): string[] {
  const services = knownServices.filter((name) => name !== 'host');
  return [...new Set([...services, ...s.ingestAuditWriters])];
}

/** JEWELRY_OTLP_PASSWORD_<IDENTITY>: upper case, every other character an underscore. */
export function ingestPasswordEnvName(identity: string): string {
  return `JEWELRY_OTLP_PASSWORD_${identity.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The password of `identity`: the environment, else the credentials file, else a new one saved there. */
export function ingestPassword(s: StackSettings, identity: string, env: Env = process.env): string {
  const key = `otlp:${identity}`;
  const stored = readCredentials(s);
  const fromEnv = env[ingestPasswordEnvName(identity)];
  if (fromEnv) {
    if (stored[key] !== fromEnv) writeCredentials(s, { ...stored, [key]: fromEnv });
    return fromEnv;
  }
  if (stored[key] !== undefined) return stored[key];
  const password = generatePassword();
  writeCredentials(s, { ...stored, [key]: password });
  return password;
}

/** An htpasswd line Apache and go-htpasswd read: {SSHA}base64(sha1(password + salt) + salt). */
export function sshaLine(user: string, password: string, salt: Buffer = randomBytes(8)): string {
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `${user}:{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function writeSecretFile(path: string, content: string): string {
  // Unchanged content keeps the file (and its salts): the collector's watcher sees no change.
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return path;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return path;
}

/** Keeps the existing line of a user whose password still matches it, so an unchanged set rewrites nothing. */
function htpasswd(path: string, users: Record<string, string>): string {
  const old = new Map<string, string>();
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) old.set(line.slice(0, i), line);
    }
  }
  const lines = Object.entries(users).map(([user, password]) => {
    const previous = old.get(user);
    const m = previous ? /\{SSHA\}([A-Za-z0-9+/=]+)$/.exec(previous) : null;
    if (m) {
      const raw = Buffer.from(m[1]!, 'base64');
      if (sshaLine(user, password, raw.subarray(20)) === previous) return previous!;
    }
    return sshaLine(user, password);
  });
  return writeSecretFile(path, lines.join('\n') + '\n');
}

/** <stack dir>/security/otlp.htpasswd: one line per service identity. */
export function writeIngestHtpasswd(s: StackSettings, env: Env = process.env): string {
  mkdirSync(securityDir(s), { recursive: true, mode: 0o700 });
  const users = Object.fromEntries(ingestIdentities(s).map((id) => [id, ingestPassword(s, id, env)]));
  return htpasswd(join(securityDir(s), 'otlp.htpasswd'), users);
}

/** <stack dir>/security/gateway.htpasswd: the agent's credential, what the gateways accept. */
export function writeGatewayHtpasswd(s: StackSettings, env: Env = process.env): string {
  mkdirSync(securityDir(s), { recursive: true, mode: 0o700 });
  return htpasswd(join(securityDir(s), 'gateway.htpasswd'), { [AGENT_IDENTITY]: ingestPassword(s, AGENT_IDENTITY, env) });
}

/** `Authorization: Basic …` for `identity`, as a header map. */
export function ingestAuthHeader(s: StackSettings, identity: string, env: Env = process.env): Record<string, string> {
  const token = Buffer.from(`${identity}:${ingestPassword(s, identity, env)}`).toString('base64');
  return { authorization: `Basic ${token}` };
}

/**
 * What a service's process needs to send as `identity`: OTEL_EXPORTER_OTLP_HEADERS
 * (the OpenTelemetry SDKs read it; the value is percent-encoded as the
 * specification says) and OTEL_EXPORTER_OTLP_CERTIFICATE (the CA of the
 * collector's certificate).
 */
export function serviceIngestEnv(s: StackSettings, identity: string, caFile: string, env: Env = process.env): Record<string, string> {
  const header = ingestAuthHeader(s, identity, env).authorization!;
  return {
    OTEL_EXPORTER_OTLP_HEADERS: `Authorization=${encodeURIComponent(header)}`,
    OTEL_EXPORTER_OTLP_CERTIFICATE: caFile,
  };
}

/**
 * `^(?:a|b)$` for the OTTL check of audit writers. Names are service names
 * (a-z 0-9 _ . -, checked by the settings); a dot is written `[.]` because a
 * backslash would have to survive YAML, OTTL's string escapes and RE2. An empty
 * list gives `^$`, which no identity matches (the stamp is never empty).
 */
export function auditWritersPattern(writers: readonly string[]): string {
  if (writers.length === 0) return '^$';
  return `^(?:${writers.map((w) => w.replace(/\./g, '[.]')).join('|')})$`;
}

/** The overlay, beside config.yaml. */
export const INGEST_AUTH_OVERLAY = 'config.ingest-auth.yaml';

/** `--config <dir>/config.ingest-auth.yaml` with JEWELRY_INGEST_AUTH=true (after config.tls.yaml); nothing otherwise. */
export function ingestAuthConfigArgs(s: StackSettings, mainConfig: string): string[] {
  return s.ingestAuth ? ['--config', join(mainConfig, '..', INGEST_AUTH_OVERLAY)] : [];
}

/** The collector's variables for the overlay: its htpasswd file (written here) and the audit writers' pattern. */
export function ingestAuthEnv(s: StackSettings, env: Env = process.env): Record<string, string> {
  if (!s.ingestAuth) return {};
  return {
    JEWELRY_INGEST_HTPASSWD: writeIngestHtpasswd(s, env),
    JEWELRY_INGEST_AUDIT_WRITERS_RE: auditWritersPattern(s.ingestAuditWriters),
  };
}
