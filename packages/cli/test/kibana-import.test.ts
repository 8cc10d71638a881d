// `jewelry-otel kibana import` against a small local HTTP server that answers
// like Kibana's API and records every request. No Kibana can run on these
// machines, so this is a unit test of the client: it checks the requests we
// send (method, path, kbn-xsrf, basic auth, the multipart body carrying the
// committed NDJSON, the role and space payloads) and how the command reports
// Kibana's answers. The answers are modelled on Kibana 8.x's documented
// shapes (SavedObjectsImportResponse, 204 from the role API); that a real
// Kibana accepts our objects is not proven here (see kibana/README.md).
import { ASSET_FILES, KibanaClient, importKibanaAssets, parseCommand, runCli, versionAtLeast, type KibanaRole } from '@jewelry/cli';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { freePort } from '../../../test/support/own-stack';

const KIBANA_DIR = resolve(__dirname, '../../../kibana');
const NDJSON = readFileSync(join(KIBANA_DIR, ASSET_FILES.savedObjects), 'utf8');
const OBJECTS = NDJSON.trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { type: string; id: string });
const ROLES = JSON.parse(readFileSync(join(KIBANA_DIR, ASSET_FILES.roles), 'utf8')) as Record<string, KibanaRole>;

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What the fake Kibana answers; tests change it. */
interface Behaviour {
  version: string;
  existingSpaces: string[];
  existingRoles: string[];
  /** Objects (type/id) that already exist: reported with overwrite: true. */
  existingObjects: string[];
  /** Objects (type/id) Kibana refuses, with the error it gives. */
  failObjects: Record<string, object>;
  /** Objects given another id in this space. */
  destinationIds: Record<string, string>;
  importStatus?: number;
  roleStatus?: number;
  /** Refuse every request as Kibana does without (valid) credentials. */
  unauthorized?: boolean;
}

const defaults = (): Behaviour => ({
  version: '8.19.4',
  existingSpaces: [],
  existingRoles: [],
  existingObjects: [],
  failObjects: {},
  destinationIds: {},
});

describe('kibana import against a local Kibana-like server', () => {
  let server: Server;
  let url: string;
  let seen: Seen[] = [];
  let behaviour = defaults();

  async function answer(req: Seen): Promise<{ status: number; body?: unknown }> {
    const path = req.url;
    if (behaviour.unauthorized)
      return {
        status: 401,
        body: { statusCode: 401, error: 'Unauthorized', message: '[security_exception]: unable to authenticate user' },
      };
    if (req.method === 'GET' && path === '/api/status')
      return { status: 200, body: { name: 'kibana', version: { number: behaviour.version } } };
    let m = /^\/api\/spaces\/space\/([^/?]+)$/.exec(path);
    if (m && req.method === 'GET') {
      return behaviour.existingSpaces.includes(m[1]!)
        ? { status: 200, body: { id: m[1] } }
        : { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Saved object [space/x] not found' } };
    }
    if (m && req.method === 'PUT') return { status: 200, body: JSON.parse(req.body.toString()) };
    if (path === '/api/spaces/space' && req.method === 'POST') return { status: 200, body: JSON.parse(req.body.toString()) };
    m = /^(?:\/s\/([^/]+))?\/api\/saved_objects\/_import\?overwrite=true$/.exec(path);
    if (m && req.method === 'POST') {
      if (behaviour.importStatus)
        return {
          status: behaviour.importStatus,
          body: { statusCode: behaviour.importStatus, error: 'Bad Request', message: 'Invalid file extension .txt' },
        };
      // Parse the multipart body the way a server does (undici's FormData parser).
      const form = await new Response(req.body, { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
      const file = form.get('file') as File;
      const objects = (await file.text())
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { type: string; id: string; attributes: { title?: string } });
      const key = (o: { type: string; id: string }) => `${o.type}/${o.id}`;
      const ok = objects.filter((o) => !behaviour.failObjects[key(o)]);
      const errors = objects.filter((o) => behaviour.failObjects[key(o)]);
      return {
        status: 200,
        body: {
          success: errors.length === 0,
          successCount: ok.length,
          successResults: ok.map((o) => ({
            type: o.type,
            id: o.id,
            meta: { title: o.attributes.title },
            ...(behaviour.existingObjects.includes(key(o)) ? { overwrite: true } : {}),
            ...(behaviour.destinationIds[key(o)] ? { destinationId: behaviour.destinationIds[key(o)] } : {}),
          })),
          ...(errors.length
            ? { errors: errors.map((o) => ({ type: o.type, id: o.id, meta: {}, error: behaviour.failObjects[key(o)] })) }
            : {}),
        },
      };
    }
    m = /^\/api\/security\/role\/([^/?]+)$/.exec(path);
    if (m && req.method === 'GET') {
      return behaviour.existingRoles.includes(decodeURIComponent(m[1]!))
        ? { status: 200, body: { name: m[1] } }
        : { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Not Found' } };
    }
    if (m && req.method === 'PUT')
      return behaviour.roleStatus
        ? {
            status: behaviour.roleStatus,
            body: { statusCode: 403, error: 'Forbidden', message: 'action [cluster:admin/xpack/security/role/put] is unauthorized' },
          }
        : { status: 204 };
    return { status: 404, body: { statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${path}` } };
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        seen.push(s);
        answer(s).then(
          ({ status, body }) => {
            res.statusCode = status;
            if (body === undefined) return res.end();
            res.setHeader('content-type', 'application/json');
            res.end(JSON.stringify(body));
          },
          (err: Error) => {
            res.statusCode = 500;
            res.end(JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: err.message }));
          },
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  beforeEach(() => {
    seen = [];
    behaviour = defaults();
  });

  const client = () => new KibanaClient({ url, username: 'devops-bot', password: 's3cret' });

  it('creates the space, imports the NDJSON as multipart with kbn-xsrf and basic auth, then puts the roles', async () => {
    const report = await importKibanaAssets(client());
    expect(report.problems).toEqual([]);
    expect(report.kibanaVersion).toBe('8.19.4');

    // Order and paths: status, space (GET, POST), import into /s/jewelry, then GET + PUT per role.
    const requests = seen.map((s) => `${s.method} ${s.url}`);
    expect(requests.slice(0, 4)).toEqual([
      'GET /api/status',
      'GET /api/spaces/space/jewelry',
      'POST /api/spaces/space',
      'POST /s/jewelry/api/saved_objects/_import?overwrite=true',
    ]);
    const roleRequests = requests.slice(4);
    expect(roleRequests).toEqual(Object.keys(ROLES).flatMap((n) => [`GET /api/security/role/${n}`, `PUT /api/security/role/${n}`]));

    for (const s of seen) {
      expect(s.headers['kbn-xsrf']).toBeTruthy();
      expect(s.headers.authorization).toBe(`Basic ${Buffer.from('devops-bot:s3cret').toString('base64')}`);
    }

    // The space payload is spaces.json's.
    const spacePost = seen[2]!;
    expect(spacePost.headers['content-type']).toBe('application/json');
    expect(JSON.parse(spacePost.body.toString())).toMatchObject({ id: 'jewelry', name: 'Jewelry observability', disabledFeatures: [] });

    // The upload: multipart/form-data, one part "file" named *.ndjson, holding exactly the committed NDJSON.
    const upload = seen[3]!;
    const contentType = String(upload.headers['content-type']);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const raw = upload.body.toString('utf8');
    expect(raw).toMatch(/Content-Disposition: form-data; name="file"; filename="[\w-]+\.ndjson"/);
    expect(raw).toContain(NDJSON);
    const form = await new Response(upload.body, { headers: { 'content-type': contentType } }).formData();
    expect([...form.keys()]).toEqual(['file']);
    expect(await (form.get('file') as File).text()).toBe(NDJSON);

    // Role payloads: roles.json's bodies, JSON.
    const puts = seen.filter((s) => s.method === 'PUT' && s.url.startsWith('/api/security/role/'));
    expect(puts).toHaveLength(Object.keys(ROLES).length);
    for (const put of puts) {
      const name = decodeURIComponent(put.url.split('/').pop()!);
      expect(put.headers['content-type']).toBe('application/json');
      expect(JSON.parse(put.body.toString())).toEqual(ROLES[name]);
    }

    // The report: every object, role and the space, in file order.
    expect(report.spaces).toEqual([{ id: 'jewelry', action: 'created' }]);
    expect(report.objects.map((o) => [o.type, o.id, o.action])).toEqual(OBJECTS.map((o) => [o.type, o.id, 'created']));
    expect(report.roles.map((r) => r.action)).toEqual(Object.keys(ROLES).map(() => 'created'));
  });

  it('reports overwritten objects, an id Kibana changed, updated roles and an existing space', async () => {
    behaviour.existingSpaces = ['jewelry'];
    behaviour.existingRoles = ['jewelry-devops'];
    behaviour.existingObjects = ['index-pattern/jewelry-logs', 'dashboard/jewelry-dashboard-key-metrics'];
    behaviour.destinationIds = { 'search/jewelry-search-trace': 'b2a1c3d4-0000-4000-8000-000000000001' };
    const report = await importKibanaAssets(client());
    expect(report.problems).toEqual([]);
    expect(seen.map((s) => `${s.method} ${s.url}`).slice(1, 3)).toEqual(['GET /api/spaces/space/jewelry', 'PUT /api/spaces/space/jewelry']);
    expect(report.spaces).toEqual([{ id: 'jewelry', action: 'updated' }]);
    const find = (id: string) => report.objects.find((o) => o.id === id)!;
    expect(find('jewelry-logs').action).toBe('overwritten');
    expect(find('jewelry-dashboard-key-metrics').action).toBe('overwritten');
    expect(find('jewelry-traces').action).toBe('created');
    expect(find('jewelry-search-trace')).toMatchObject({ action: 'created', destinationId: 'b2a1c3d4-0000-4000-8000-000000000001' });
    expect(report.roles.find((r) => r.name === 'jewelry-devops')!.action).toBe('updated');
    expect(report.roles.find((r) => r.name === 'jewelry-qa')!.action).toBe('created');
  });

  it('imports into the default space without /s/ and creates no space; another space gets the read grants', async () => {
    await importKibanaAssets(client(), { space: 'default' });
    expect(seen.map((s) => `${s.method} ${s.url}`).slice(0, 2)).toEqual([
      'GET /api/status',
      'POST /api/saved_objects/_import?overwrite=true',
    ]);
    const qa = seen.find((s) => s.method === 'PUT' && s.url === '/api/security/role/jewelry-qa')!;
    expect((JSON.parse(qa.body.toString()) as KibanaRole).kibana[0]!.spaces).toEqual(['default']);
    const devops = seen.find((s) => s.method === 'PUT' && s.url === '/api/security/role/jewelry-devops')!;
    expect((JSON.parse(devops.body.toString()) as KibanaRole).kibana[0]!.spaces).toEqual(['*']);
  });

  it('refuses a space that is neither ours nor existing, before writing anything', async () => {
    const report = await importKibanaAssets(client(), { space: 'ops' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /api/status', 'GET /api/spaces/space/ops']);
    expect(report.problems).toEqual([expect.stringContaining("space 'ops' does not exist in Kibana")]);
    expect(report.objects.every((o) => o.action === 'failed')).toBe(true);
    expect(report.roles.every((r) => r.action === 'skipped')).toBe(true);
  });

  it('reports per object what Kibana refused, and the roles it could not put', async () => {
    behaviour.failObjects = {
      'lens/jewelry-lens-orders-per-second': { type: 'missing_references', references: [{ type: 'index-pattern', id: 'jewelry-logs' }] },
      'dashboard/jewelry-dashboard-key-metrics': {
        type: 'unknown',
        message: 'Document belongs to a more recent version of Kibana',
        statusCode: 400,
      },
    };
    behaviour.roleStatus = 403;
    const report = await importKibanaAssets(client());
    const find = (id: string) => report.objects.find((o) => o.id === id)!;
    expect(find('jewelry-lens-orders-per-second')).toMatchObject({
      action: 'failed',
      error: 'missing references: index-pattern/jewelry-logs',
    });
    expect(find('jewelry-dashboard-key-metrics')).toMatchObject({
      action: 'failed',
      error: 'Document belongs to a more recent version of Kibana',
    });
    expect(find('jewelry-logs').action).toBe('created');
    expect(report.roles.every((r) => r.action === 'failed')).toBe(true);
    expect(report.roles[0]!.error).toContain('403 Forbidden: action [cluster:admin/xpack/security/role/put] is unauthorized');
    expect(report.problems).toHaveLength(2 + Object.keys(ROLES).length);
  });

  it("turns a refused upload into one failure per object, with Kibana's message", async () => {
    behaviour.importStatus = 400;
    const report = await importKibanaAssets(client());
    expect(report.objects.every((o) => o.action === 'failed' && o.error!.includes('400 Bad Request: Invalid file extension .txt'))).toBe(
      true,
    );
  });

  it('stops at the first request when Kibana refuses the credentials, saying which variables to set', async () => {
    behaviour.unauthorized = true;
    await expect(importKibanaAssets(client())).rejects.toThrow(
      'Kibana GET /api/status: 401 Unauthorized: [security_exception]: unable to authenticate user (set KIBANA_USERNAME / KIBANA_PASSWORD)',
    );
    expect(seen).toHaveLength(1);
  });

  it('flags a Kibana older than the saved objects need', async () => {
    behaviour.version = '8.7.1';
    const report = await importKibanaAssets(client());
    expect(report.problems[0]).toBe('Kibana 8.7.1 is older than 8.9.0; it refuses saved objects of newer versions');
    expect(versionAtLeast('8.19.4', '8.9.0')).toBe(true);
    expect(versionAtLeast('9.0.0-SNAPSHOT', '8.9.0')).toBe(true);
    expect(versionAtLeast('8.8.2', '8.9.0')).toBe(false);
  });

  it('a dry run reads the files and sends nothing', async () => {
    const report = await importKibanaAssets(client(), { dryRun: true });
    expect(seen).toEqual([]);
    expect(report.objects.map((o) => o.action)).toEqual(OBJECTS.map(() => 'would import'));
    expect(report.roles).toHaveLength(Object.keys(ROLES).length);
    expect(report.spaces).toEqual([{ id: 'jewelry', action: 'would create or update' }]);
  });

  describe('through the CLI', () => {
    const run = async (argv: string[], env: Record<string, string> = {}) => {
      const saved = { ...process.env };
      Object.assign(process.env, env);
      const out: string[] = [];
      const err: string[] = [];
      try {
        const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
        return { code, out: out.join('\n'), err: err.join('\n') };
      } finally {
        for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
        Object.assign(process.env, saved);
      }
    };

    it('prints one line per space, object and role, and exits 0', async () => {
      const { code, out, err } = await run(['kibana', 'import', '--url', url], { KIBANA_USERNAME: 'elastic', KIBANA_PASSWORD: 'pw' });
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toContain(`kibana     ${url}  Kibana 8.19.4  space jewelry`);
      expect(out).toMatch(/^index-pattern\s+jewelry-logs\s+created\s+Logs \(all services\)$/m);
      expect(out).toMatch(/^dashboard\s+jewelry-dashboard-key-metrics\s+created\s+Jewelry: key metrics$/m);
      expect(out).toMatch(/^role\s+jewelry-reader-shop-api\s+created$/m);
      expect(out).toContain(
        `${OBJECTS.length} saved objects (${OBJECTS.length} created, 0 overwritten), ${Object.keys(ROLES).length} roles`,
      );
      expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('elastic:pw').toString('base64')}`);
    });

    it('takes KIBANA_URL, prints JSON with --json, and exits 1 when something failed', async () => {
      behaviour.failObjects = { 'lens/jewelry-lens-response-time': { type: 'conflict' } };
      const { code, out, err } = await run(['kibana', 'import', '--json'], { KIBANA_URL: url });
      expect(code).toBe(1);
      const report = JSON.parse(out) as { url: string; objects: { id: string; action: string; error?: string }[] };
      expect(report.url).toBe(url);
      expect(report.objects.find((o) => o.id === 'jewelry-lens-response-time')).toMatchObject({
        action: 'failed',
        error: 'conflict with an existing object',
      });
      expect(err).toContain('jewelry-otel: kibana: lens jewelry-lens-response-time: conflict with an existing object');
    });

    it('says clearly that Kibana is unreachable', async () => {
      const closed = `http://127.0.0.1:${await freePort()}`;
      const { code, err } = await run(['kibana', 'import', '--url', closed]);
      expect(code).toBe(1);
      expect(err).toContain(`jewelry-otel: cannot reach Kibana at ${closed} (GET /api/status): ECONNREFUSED`);
    });

    it('--dry-run sends nothing', async () => {
      const { code, out } = await run(['kibana', 'import', '--dry-run', '--url', url]);
      expect(code).toBe(0);
      expect(seen).toEqual([]);
      expect(out).toContain('dry run, nothing sent');
      expect(out).toContain(`would be sent to ${url}`);
    });

    it('export-assets --check finds the committed files current', async () => {
      const { code, out } = await run(['kibana', 'export-assets', '--check']);
      expect(code).toBe(0);
      expect(out.split('\n')).toEqual(Object.values(ASSET_FILES).map((f) => `${join(KIBANA_DIR, f)}  unchanged`));
    });
  });
});

describe('kibana command line', () => {
  it('parses import and export-assets', () => {
    expect(parseCommand(['kibana', 'import'])).toEqual({ kind: 'kibana-import', dryRun: false, json: false });
    expect(parseCommand(['kibana', 'import', '--url', 'http://10.0.0.5:5601', '--space', 'default', '--dry-run'])).toEqual({
      kind: 'kibana-import',
      url: 'http://10.0.0.5:5601',
      space: 'default',
      dryRun: true,
      json: false,
    });
    expect(parseCommand(['kibana', 'export-assets', '--check'])).toEqual({ kind: 'kibana-export', check: true });
    expect(parseCommand(['kibana', 'generate', '--dir', '/tmp/k'])).toEqual({ kind: 'kibana-export', dir: '/tmp/k', check: false });
  });

  it('refuses wrong usage', () => {
    expect(() => parseCommand(['kibana'])).toThrow("'kibana' needs an action: import or export-assets");
    expect(() => parseCommand(['kibana', 'upload'])).toThrow("unknown kibana action 'upload'");
    expect(() => parseCommand(['kibana', 'import', '--url', 'localhost:5601'])).toThrow('--url must be an http(s) URL');
    expect(() => parseCommand(['kibana', 'import', '--space', 'My Space'])).toThrow('--space must be a space id');
    expect(() => parseCommand(['kibana', 'import', 'extra'])).toThrow("'kibana import' takes no arguments");
    expect(() => parseCommand(['kibana', 'import', '--force'])).toThrow(/Unknown option '--force'/);
  });
});
