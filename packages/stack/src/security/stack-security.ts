// `es security setup` and `stack up` for the stack's own node in security
// mode: its users and roles as files in each node's config dir (this build
// has no native realm: see @jewelry/elasticsearch, security/file-realm.ts),
// with the passwords of the stack's credentials file.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  buildEsRoles,
  buildEsUsers,
  EsClient,
  EsError,
  writeFileRealm,
  type PasswordSource,
  type SecuritySetupOptions,
  type SecuritySetupReport,
} from '@jewelry/elasticsearch';
import type { StackSettings } from '../settings';
import { ADMIN_USER, credentialsFile, passwordFor } from './credentials';

type Env = Record<string, string | undefined>;

/** The users of the stack's node: the bootstrap superuser and every managed user, each with its password. */
export function stackRealmUsers(settings: StackSettings, services: readonly string[] = [], env: Env = process.env) {
  const generated: Record<string, string> = {};
  const sources: Record<string, PasswordSource> = {};
  const specs = [{ username: ADMIN_USER, roles: ['superuser'], full_name: 'bootstrap superuser' }, ...buildEsUsers(services)];
  const users = specs.map((spec) => {
    const pw = passwordFor(settings, spec.username, { generate: true, env })!;
    sources[spec.username] = pw.source;
    if (pw.source === 'generated') generated[spec.username] = pw.password;
    return { username: spec.username, roles: spec.roles, password: pw.password };
  });
  return { users, generated, sources };
}

/**
 * `es security setup` for the stack's own node in security mode: writes the
 * file realm into its config dir (see ./file-realm.ts), then waits until the
 * node has reloaded it (every created or changed user authenticates).
 */
export async function setupStackSecurity(
  settings: StackSettings,
  client: EsClient,
  configDir: string | readonly string[],
  options: SecuritySetupOptions & { env?: Env; owner?: { uid: number; gid: number } } = {},
): Promise<SecuritySetupReport> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const { users, generated, sources } = stackRealmUsers(settings, options.services, env);
  // A cluster: every node reads its own files (one config dir per node).
  const [result] = (typeof configDir === 'string' ? [configDir] : configDir).map((d) =>
    writeFileRealm(d, buildEsRoles(options.services), users, options.owner),
  );
  if (!result) throw new EsError('no config dir to write the file realm into', 0);
  const pending = result.users.filter((u) => u.action !== 'unchanged').map((u) => users.find((x) => x.username === u.username)!);
  const deadline = Date.now() + 20_000;
  for (const u of pending) {
    const probe = new EsClient({ url: client.urls.join(','), username: u.username, password: u.password, ca: client.ca, timeoutMs: 3000 });
    try {
      for (;;) {
        const res = await probe.get('/_security/_authenticate', { allow: [401] }).catch(() => ({ status: 0 }));
        if (res.status === 200) break;
        if (Date.now() > deadline)
          throw new EsError(`the node did not pick up user ${u.username} from ${String(configDir)} (users) within 20 s`, 401);
        await sleep(250);
      }
    } finally {
      await probe.close();
    }
  }
  const who = (await client.get<{ username: string }>('/_security/_authenticate')).body.username;
  const license = (await client.get<{ license: { type: string; status: string } }>('/_license')).body.license;
  return {
    endpoint: client.url,
    realm: 'file',
    authenticatedAs: who,
    license: { type: license.type, status: license.status },
    roles: result.roles,
    users: result.users
      .filter((u) => u.username !== ADMIN_USER)
      .map((u) => ({ ...u, ...(u.action === 'unchanged' ? {} : { passwordSet: sources[u.username]! }) })),
    generatedPasswords: Object.fromEntries(Object.entries(generated).filter(([u]) => u !== ADMIN_USER)),
    credentialsFile: credentialsFile(settings),
    seconds: (Date.now() - started) / 1000,
  };
}
