// Passwords of the Elasticsearch users we manage (SEC-2), kept in one file
// readable by the stack's owner only: <stack dir>/security/credentials.json
// (mode 0600, in a 0700 dir). A password comes from the environment
// (JEWELRY_ES_PASSWORD_<USER>, e.g. JEWELRY_ES_PASSWORD_COLLECTOR), else from
// that file, else it is generated, written there and printed once by
// `es security setup`.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PasswordSource, PasswordStore } from '@jewelry/elasticsearch';
import { StackError } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';

/** The bootstrap superuser, in the node's file realm (config/users), created before the node starts. */
export const ADMIN_USER = 'jewelry-admin';

type Env = Record<string, string | undefined>;

export function securityDir(s: StackSettings): string {
  return join(s.stackDir, 'security');
}

export function credentialsFile(s: StackSettings): string {
  return join(securityDir(s), 'credentials.json');
}

/** JEWELRY_ES_PASSWORD_<USER>: upper case, every other character an underscore (reader-shop-api → READER_SHOP_API). */
export function passwordEnvName(user: string): string {
  return `JEWELRY_ES_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function generatePassword(): string {
  // 144 bits, URL-safe: no quoting trouble in env files, YAML or a shell.
  return randomBytes(18).toString('base64url');
}

/** user → password, as stored; empty when there is no file yet. */
export function readCredentials(s: StackSettings): Record<string, string> {
  const path = credentialsFile(s);
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { users?: Record<string, string> };
    return { ...(parsed.users ?? {}) };
  } catch (err) {
    throw new StackError(`${path} is not valid JSON (${(err as Error).message}); fix or delete it`);
  }
}

export function writeCredentials(s: StackSettings, users: Record<string, string>): void {
  const dir = securityDir(s);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const path = credentialsFile(s);
  const tmp = `${path}.tmp-${process.pid}`;
  const sorted = Object.fromEntries(Object.entries(users).sort(([a], [b]) => a.localeCompare(b)));
  const body = {
    note: 'Written by jewelry-otel (es security setup / stack up with JEWELRY_ES_SECURITY=true). Keep it secret.',
    users: sorted,
  };
  writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/**
 * The password for `user`: env, else the file, else (when `generate`) a new one
 * that is saved at once. Undefined when it is not known and not to be generated.
 */
export function passwordFor(
  s: StackSettings,
  user: string,
  options: { generate: boolean; env?: Env },
): { password: string; source: PasswordSource } | undefined {
  const env = options.env ?? process.env;
  const stored = readCredentials(s);
  const fromEnv = env[passwordEnvName(user)];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (stored[user] !== fromEnv) writeCredentials(s, { ...stored, [user]: fromEnv });
    return { password: fromEnv, source: 'env' };
  }
  if (stored[user] !== undefined) return { password: stored[user], source: 'file' };
  if (!options.generate) return undefined;
  const password = generatePassword();
  writeCredentials(s, { ...stored, [user]: password });
  return { password, source: 'generated' };
}

/** The stack's credentials file as the store `es security setup` asks for passwords. */
export function passwordStore(s: StackSettings, env: Env = process.env): PasswordStore {
  return { file: credentialsFile(s), passwordFor: (user, options) => passwordFor(s, user, { ...options, env }) };
}
