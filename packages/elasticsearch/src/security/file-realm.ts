// SEC-2 on the stack's own node: the roles and users as files in its config
// dir (roles.yml, users, users_roles), which the node reloads by itself
// (every 5 s). Why not the native realm (PUT /_security/role|user): it stores
// them in the .security system index, whose mapping needs the analysis-common
// module (the `pattern_capture` filter), and this minimal Elasticsearch build
// does not have it. Measured on 8.19.21 integ-test-zip:
//   PUT /_security/role/x -> 400 "Unknown filter type [pattern_capture] for [email]".
// A full distribution has it, and `es security setup` against ES_ENDPOINT uses
// the API there (./setup.ts).
//
// Password hashes are PBKDF2-HMAC-SHA512 in Elasticsearch's own format
// ({PBKDF2}<iterations>$<base64 salt>$<base64 key>, 256-bit key, 32-byte salt),
// which the file realm verifies whatever password_hashing.algorithm says; Node
// computes and checks it, so an unchanged password leaves its line unchanged.
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Document, parse } from 'yaml';
import { chmodSync, chownSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EsRole } from './roles';

const PBKDF2_ITERATIONS = 10_000;

export function pbkdf2Hash(password: string, salt: Buffer = randomBytes(32), iterations = PBKDF2_ITERATIONS): string {
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha512');
  return `{PBKDF2}${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `hash` is our PBKDF2 format and matches `password` (bcrypt lines from elasticsearch-users: false). */
export function pbkdf2Matches(hash: string, password: string): boolean {
  const m = /^\{PBKDF2\}(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (!m) return false;
  const expected = Buffer.from(m[3]!, 'base64');
  const actual = pbkdf2Sync(password, Buffer.from(m[2]!, 'base64'), Number(m[1]), expected.length, 'sha512');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export interface FileRealmUser {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly string[];
}

export interface FileRealmResult {
  readonly roles: { role: string; action: 'created' | 'updated' | 'unchanged' }[];
  readonly users: { username: string; roles: string[]; action: 'created' | 'updated' | 'unchanged' }[];
  /** Some file was rewritten: the node picks it up within its reload interval (5 s). */
  readonly changed: boolean;
}

function readLines(path: string): string[] {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    : [];
}

/** roles.yml as written by us (the yaml package), with a header that says where it comes from. */
export function rolesYml(roles: Readonly<Record<string, EsRole>>): string {
  const doc = new Document(roles, { aliasDuplicateObjects: false });
  doc.commentBefore = ' Written by jewelry-otel (es security setup / stack up, JEWELRY_ES_SECURITY=true); change the code, not this file.';
  return doc.toString({ lineWidth: 0 });
}

/** The roles a roles.yml defines, each as JSON text (to compare with what is asked); unreadable means none. */
function parseRolesYml(text: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch {
    return new Map();
  }
  if (!parsed || typeof parsed !== 'object') return new Map();
  return new Map(Object.entries(parsed as Record<string, unknown>).map(([name, role]) => [name, JSON.stringify(role)]));
}

/**
 * Brings config/roles.yml, config/users and config/users_roles to what is
 * asked, keeping users that are not named (the node's own). Files are written
 * 0640, owned by `owner` (the account the node runs as) when given.
 */
export function writeFileRealm(
  configDir: string,
  roles: Readonly<Record<string, EsRole>>,
  users: readonly FileRealmUser[],
  owner?: { uid: number; gid: number },
): FileRealmResult {
  const write = (name: string, content: string): void => {
    const path = join(configDir, name);
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, content, { mode: 0o640 });
    chmodSync(tmp, 0o640);
    if (owner) chownSync(tmp, owner.uid, owner.gid);
    renameSync(tmp, path);
  };
  let changed = false;

  // roles.yml: ours only (the distribution's sample is comments).
  const rolesPath = join(configDir, 'roles.yml');
  const liveRoles = parseRolesYml(existsSync(rolesPath) ? readFileSync(rolesPath, 'utf8') : '');
  const roleResults = Object.entries(roles).map(([role, body]) => {
    const live = liveRoles.get(role);
    return {
      role,
      action: live === undefined ? ('created' as const) : live === JSON.stringify(body) ? ('unchanged' as const) : ('updated' as const),
    };
  });
  const wantRoles = rolesYml(roles);
  if (!existsSync(rolesPath) || readFileSync(rolesPath, 'utf8') !== wantRoles) {
    write('roles.yml', wantRoles);
    changed = true;
  }

  // users: username:hash; users_roles: role:user1,user2
  const hashes = new Map<string, string>();
  for (const line of readLines(join(configDir, 'users'))) {
    const i = line.indexOf(':');
    if (i > 0) hashes.set(line.slice(0, i), line.slice(i + 1));
  }
  const roleMembers = new Map<string, Set<string>>();
  for (const line of readLines(join(configDir, 'users_roles'))) {
    const i = line.indexOf(':');
    if (i > 0)
      roleMembers.set(
        line.slice(0, i),
        new Set(
          line
            .slice(i + 1)
            .split(',')
            .map((u) => u.trim())
            .filter(Boolean),
        ),
      );
  }
  const named = new Set(users.map((u) => u.username));
  const liveRolesOf = (user: string): string[] =>
    [...roleMembers]
      .filter(([, m]) => m.has(user))
      .map(([r]) => r)
      .sort();
  const userResults = users.map((u) => {
    const hash = hashes.get(u.username);
    const sameRoles = liveRolesOf(u.username).join(',') === [...u.roles].sort().join(',');
    const samePassword = hash !== undefined && pbkdf2Matches(hash, u.password);
    const action = hash === undefined ? ('created' as const) : samePassword && sameRoles ? ('unchanged' as const) : ('updated' as const);
    if (!samePassword) hashes.set(u.username, pbkdf2Hash(u.password));
    return { username: u.username, roles: [...u.roles], action };
  });
  // Memberships: the named users get exactly their roles; others keep theirs.
  for (const members of roleMembers.values()) for (const u of named) members.delete(u);
  for (const u of users) for (const r of u.roles) (roleMembers.get(r) ?? roleMembers.set(r, new Set()).get(r)!).add(u.username);

  const usersText = [...hashes].map(([u, h]) => `${u}:${h}`).join('\n') + '\n';
  const rolesText =
    [...roleMembers]
      .filter(([, m]) => m.size > 0)
      .map(([r, m]) => `${r}:${[...m].sort().join(',')}`)
      .join('\n') + '\n';
  const current = (name: string): string => (existsSync(join(configDir, name)) ? readFileSync(join(configDir, name), 'utf8') : '');
  if (userResults.some((r) => r.action !== 'unchanged') || current('users') !== usersText) {
    if (current('users') !== usersText) {
      write('users', usersText);
      changed = true;
    }
  }
  if (current('users_roles') !== rolesText) {
    write('users_roles', rolesText);
    changed = true;
  }
  return { roles: roleResults, users: userResults, changed };
}
