// Real PostgreSQL (Debian's postgresql package, installed by stackUp when
// missing; our own cluster made with initdb), in an isolated stack dir on a
// free port, checked with the `pg` client the services use.
import { resolveSettings, stackDown, stackEndpoints, stackStatus, stackUp, type StackOptions } from '@jewelry/stack';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, makeStackDir, removeStackDir } from '../../../test/support/own-stack';

// A fresh machine installs the package first.
jest.setTimeout(600_000);

async function withClient<T>(connectionString: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('stack: postgres (real)', () => {
  let options: StackOptions;
  let stackDir: string;
  let port: number;
  let databaseUrl: string;

  beforeAll(async () => {
    stackDir = makeStackDir('postgres');
    port = await freePort();
    options = { settings: { stackDir, pgPort: port } };
    databaseUrl = stackEndpoints(resolveSettings(options.settings)).databaseUrl;
  });

  afterAll(async () => {
    // Whatever happened above, leave nothing running.
    await stackDown(['postgres'], options);
    removeStackDir(stackDir);
  });

  it('starts our own cluster in the stack dir, and the jewelry role runs SQL in its database', async () => {
    const [up] = await stackUp(['postgres'], options);
    expect(up).toMatchObject({ name: 'postgres', state: 'up', startedByThisCall: true, endpoint: `127.0.0.1:${port}` });
    expect(databaseUrl).toBe(`postgres://jewelry:jewelry@127.0.0.1:${port}/jewelry`);
    expect(existsSync(join(stackDir, 'postgres', 'data', 'PG_VERSION'))).toBe(true);

    const [status] = await stackStatus(['postgres'], options);
    expect(status).toMatchObject({ name: 'postgres', state: 'running', healthy: true, portTakenBy: null });
    expect(status?.pid).toBe(Number(readFileSync(join(stackDir, 'postgres', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]));

    const rows = await withClient(databaseUrl, async (client) => {
      await client.query('CREATE TABLE orders (id text PRIMARY KEY, total_cents integer NOT NULL)');
      await client.query('INSERT INTO orders VALUES ($1, $2), ($3, $4)', ['o-41', 1200, 'o-42', 34500]);
      const who = await client.query('SELECT current_user AS "user", current_database() AS db, sum(total_cents)::int AS total FROM orders');
      const listen = await client.query('SHOW listen_addresses');
      return { who: who.rows[0], listen: listen.rows[0] };
    });
    expect(rows.who).toEqual({ user: 'jewelry', db: 'jewelry', total: 35700 });
    expect(rows.listen).toEqual({ listen_addresses: '127.0.0.1' });
  });

  it('refuses a wrong password (password auth over TCP, no trust)', async () => {
    const wrong = databaseUrl.replace('jewelry:jewelry@', 'jewelry:wrong@');
    await expect(withClient(wrong, async () => undefined)).rejects.toThrow(/password authentication failed/);
  });

  it('a second up is fast, says it was already running, and keeps the data', async () => {
    const started = Date.now();
    const [again] = await stackUp(['postgres'], options);
    expect(again).toMatchObject({ name: 'postgres', startedByThisCall: false });
    expect(Date.now() - started).toBeLessThan(3000);
    const count = await withClient(databaseUrl, (c) => c.query('SELECT count(*)::int AS n FROM orders'));
    expect(count.rows[0]).toEqual({ n: 2 });
  });

  it('down stops it; up again starts the same cluster in seconds; a second down is a no-op', async () => {
    const [down] = await stackDown(['postgres'], options);
    expect(down).toMatchObject({ name: 'postgres', state: 'stopped', stoppedByThisCall: true });
    const [status] = await stackStatus(['postgres'], options);
    expect(status).toMatchObject({ state: 'stopped', pid: null, healthy: false });
    await expect(withClient(databaseUrl, async () => undefined)).rejects.toThrow();

    const started = Date.now();
    const [up] = await stackUp(['postgres'], options);
    expect(up).toMatchObject({ startedByThisCall: true });
    expect(Date.now() - started).toBeLessThan(15_000);
    const count = await withClient(databaseUrl, (c) => c.query('SELECT count(*)::int AS n FROM orders'));
    expect(count.rows[0]).toEqual({ n: 2 });

    await stackDown(['postgres'], options);
    const [again] = await stackDown(['postgres'], options);
    expect(again).toMatchObject({ state: 'stopped', stoppedByThisCall: false });
  });
});

describe('stack: postgres with PG_USER / PG_PASSWORD / PG_DATABASE set (real)', () => {
  let options: StackOptions;
  let stackDir: string;

  beforeAll(async () => {
    stackDir = makeStackDir('postgres-named');
    // Quotes, a backslash and URL delimiters: every value must survive SQL quoting and the URL.
    options = {
      settings: { stackDir, pgPort: await freePort(), pgUser: 'shop "api"', pgPassword: "it's a p@ss:/w\\rd", pgDatabase: "Shop's Orders" },
    };
  });

  afterAll(async () => {
    await stackDown(['postgres'], options);
    removeStackDir(stackDir);
  });

  it('creates that role and database, idempotently, and a changed password takes effect on the next up', async () => {
    await stackUp(['postgres'], options);
    const { databaseUrl } = stackEndpoints(resolveSettings(options.settings));
    const who = await withClient(databaseUrl, (c) => c.query('SELECT current_user AS "user", current_database() AS db'));
    expect(who.rows[0]).toEqual({ user: 'shop "api"', db: "Shop's Orders" });

    const changed: StackOptions = { settings: { ...options.settings, pgPassword: 'rotated' } };
    const [again] = await stackUp(['postgres'], changed);
    expect(again).toMatchObject({ startedByThisCall: false });
    await expect(withClient(databaseUrl, async () => undefined)).rejects.toThrow(/password authentication failed/);
    const rotated = stackEndpoints(resolveSettings(changed.settings)).databaseUrl;
    await expect(withClient(rotated, (c) => c.query('SELECT 1 AS one'))).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });
});
