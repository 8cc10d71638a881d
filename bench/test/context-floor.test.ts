// The context-floor variant's preload: no tracer, only an AsyncLocalStorage
// entered per request. What it measures is only the floor if the store is
// really there after the service's awaits, in every request, and nowhere else.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { variantArgs, variantsFor, type NodeRuntime } from '../dist/overhead/variants';

const PRELOAD = join(__dirname, '..', 'dist', 'overhead', 'context-floor-preload.js');
const OWN: NodeRuntime = { line: process.versions.node.split('.')[0]!, version: process.versions.node, execPath: process.execPath };

/** A service that answers, after two awaits, whether its request is the store; then asks itself twice at once. */
const SERVICE = `
const http = require('node:http');
const { setTimeout: sleep } = require('node:timers/promises');
const storage = globalThis[Symbol.for('jewelry.bench.contextFloor')];
const server = http.createServer(async (req, res) => {
  await sleep(5);
  await Promise.resolve();
  res.end(JSON.stringify({ url: req.url, sameRequest: storage.getStore()?.request === req }));
});
server.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  const answers = await Promise.all(['/a', '/b'].map((p) => fetch(base + p).then((r) => r.json())));
  const outside = storage.getStore();
  server.close();
  console.log(JSON.stringify({ answers, outside: outside === undefined }));
});
`;

describe('bench context-floor variant', () => {
  test('each request finds its own request in the store after its awaits; outside a request there is none', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', PRELOAD, '-e', SERVICE], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({
      answers: [
        { url: '/a', sameRequest: true },
        { url: '/b', sameRequest: true },
      ],
      outside: true,
    });
  });

  test('opt-in, its preload on the command line, no telemetry expected of it', () => {
    const [floor] = variantsFor(['context-floor'], [], [], OWN);
    expect(variantArgs(floor!, 'app.js')).toEqual(['--require', PRELOAD, 'app.js']);
    expect(floor).toMatchObject({ optIn: true, exportsSpans: false, exportsLogs: false, otelEnv: false });
  });
});
