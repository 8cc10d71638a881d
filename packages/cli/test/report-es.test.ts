// AL-8: `jewelry-otel report` from real data. Events with chosen @timestamps
// are seeded into a real Elasticsearch (isolated stack dir, free ports); the
// report must have non-empty charts whose points are those data, a Markdown
// summary beside it, a Prometheus section that says Prometheus is not
// reachable (nothing listens on its port) instead of failing — and it must
// look right in a real browser: headless Chromium (Debian's package) takes a
// screenshot into test-results/report/, which must show the charts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { freePort, runCli, type EsClient } from '@jewelry/cli';
import { startOwnElasticsearch, type OwnElasticsearch } from '../../../test/support/own-stack';
import { ensureDebianProgram } from './report-helpers';
import { changed, created, DAY, HOUR, seed, type Doc } from './stuck-orders-seed';

jest.setTimeout(900_000);

const REPO = join(__dirname, '..', '..', '..');
const RESULTS = join(REPO, 'test-results', 'report');
const MINUTE = 60_000;

/** Chromium from Debian's packages, installed when missing. */
const chromium = (): string => ensureDebianProgram(['chromium', 'chromium-browser'], ['chromium', 'fonts-dejavu-core']);

/** A PNG's pixels (8-bit RGB or RGBA, not interlaced — what Chromium writes), decoded with zlib only. */
function decodePng(file: string): { width: number; height: number; pixel: (x: number, y: number) => [number, number, number] } {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('ascii', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[12]]).toEqual([8, 0]); // bit depth 8, no interlace
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const e = a + b - c;
        const [pa, pb, pc] = [Math.abs(e - a), Math.abs(e - b), Math.abs(e - c)];
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (v + p) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => [out[y * stride + x * channels]!, out[y * stride + x * channels + 1]!, out[y * stride + x * channels + 2]!],
  };
}

const hex = (color: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];

/** Deterministic "random" in [0, 1). */
function rng(seedValue: number): () => number {
  let s = seedValue;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('jewelry-otel report (real Elasticsearch, seeded events, headless Chromium)', () => {
  let own: OwnElasticsearch | undefined;
  let client: EsClient;
  let outDir: string;
  const savedEndpoint = process.env.ES_ENDPOINT;
  const now = Date.now();
  const random = rng(42);
  let ordersSeeded = 0;
  let report: { html: string; markdown: string };
  let cliOut = '';

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'jewelry-report-'));
    own = await startOwnElasticsearch('report', { onProgress: () => undefined });
    client = own.client;
    process.env.ES_ENDPOINT = client.url;

    const docs: Doc[] = [];
    const burstBucket = Math.floor((now - 2 * HOUR) / (15 * MINUTE)) * 15 * MINUTE;
    // Orders over the last 24 h: ~3 per 15 min with a daily wave, and a burst two hours ago.
    for (let t = now - 24 * HOUR + MINUTE; t < now; t += 15 * MINUTE) {
      const hoursAgo = (now - t) / HOUR;
      // A burst of 40 more inside one report bucket (15-min buckets start on round UTC quarters) two hours ago.
      const burst = t <= burstBucket && t + 15 * MINUTE > burstBucket ? 40 : 0;
      const n = Math.round(3 + 2 * Math.sin(hoursAgo / 3)) + burst;
      for (let i = 0; i < n; i++) {
        const at = i >= n - burst ? burstBucket + MINUTE + random() * 10 * MINUTE : t + random() * 14 * MINUTE;
        const id = `ORD-R${ordersSeeded++}`;
        docs.push(created(i % 4 === 0 ? 'partner-api' : 'shop-api', id, at));
        docs.push(changed('crm-api', id, at + 1000, 'none', 'new'));
        docs.push(changed('crm-api', id, at + 60_000, 'priced', 'confirmed'));
        // Price calculation: 0.5–3 s, slower in the afternoon wave; one took 40 minutes.
        const seconds = 0.5 + random() * 2.5 + (hoursAgo > 6 && hoursAgo < 9 ? 8 : 0);
        docs.push({
          '@timestamp': new Date(at + 30_000).toISOString(),
          'log.level': 'info',
          'service.name': 'mes-api',
          'event.name': 'price.calculation_finished',
          message: 'price calculation finished',
          'order.id': id,
          'event.duration': Math.round((ordersSeeded === 20 ? 40 * 60 : seconds) * 1e9),
          'order.price': 100,
        });
      }
    }
    // Errors: shop-api 12 error, mes-api 5 error + 1 fatal, crm-api 3 error.
    const error = (service: string, level: string, type: string, at: number): Doc => ({
      '@timestamp': new Date(at).toISOString(),
      'log.level': level,
      'service.name': service,
      message: `${type} happened`,
      'error.type': type,
    });
    for (let i = 0; i < 12; i++) docs.push(error('shop-api', 'error', 'NoSuchBucket', now - i * HOUR - 5 * MINUTE));
    for (let i = 0; i < 5; i++) docs.push(error('mes-api', 'error', 'TimeoutError', now - i * 3 * HOUR - 7 * MINUTE));
    docs.push(error('mes-api', 'fatal', 'BrokerUnreachable', now - 4 * HOUR));
    for (let i = 0; i < 3; i++) docs.push(error('crm-api', 'error', 'DatabaseError', now - i * 5 * HOUR - 9 * MINUTE));
    // A warning is not an error; an error two days ago is outside the period.
    docs.push(error('crm-api', 'warn', 'Redelivered', now - HOUR));
    docs.push(error('crm-api', 'error', 'OldError', now - 2 * DAY));
    // Stuck orders (from before the period: the scan covers all time).
    docs.push(created('shop-api', 'ORD-STUCK-1', now - 20 * DAY), changed('crm-api', 'ORD-STUCK-1', now - 19 * DAY, 'new', 'priced'));
    docs.push(created('partner-api', 'ORD-STUCK-2', now - 9 * DAY));
    docs.push(changed('mes-api', 'ORD-STUCK-3', now - 8 * DAY, 'priced', 'in_production'));
    await seed(client, docs);

    // Nothing listens on this port: the Prometheus section must say so.
    const deadPrometheus = `http://127.0.0.1:${await freePort()}`;
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['report', '--since', '24h', '--out', outDir, '--prometheus', deadPrometheus], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    cliOut = out.join('\n');
    expect({ code, err }).toEqual({ code: 0, err: [] });
    report = {
      html: /^report\s+(\S+)$/m.exec(cliOut)![1]!,
      markdown: /^summary\s+(\S+)$/m.exec(cliOut)![1]!,
    };
    mkdirSync(RESULTS, { recursive: true });
    copyFileSync(report.html, join(RESULTS, 'report.html'));
    copyFileSync(report.markdown, join(RESULTS, 'report.md'));
  });

  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env.ES_ENDPOINT;
    else process.env.ES_ENDPOINT = savedEndpoint;
    await own?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('writes the HTML and the Markdown summary beside it, and says what it found', () => {
    expect(report.html).toMatch(/\/jewelry-report-\d{8}-\d{4}Z\.html$/);
    expect(report.markdown).toBe(report.html.replace(/\.html$/, '.md'));
    expect(cliOut).toContain(`last 24h: ${ordersSeeded} orders`);
    expect(cliOut).toContain('21 errors/fatal');
    expect(cliOut).toContain('3 stuck orders');
    expect(cliOut).toMatch(/Prometheus at http:\/\/127\.0\.0\.1:\d+ is not reachable/);
  });

  it('the charts are drawn from the data: orders per second, errors per service, p95 price calculation, stuck orders', () => {
    const html = readFileSync(report.html, 'utf8');
    const svgs = html.match(/<svg [\s\S]*?<\/svg>/g)!;
    expect(svgs).toHaveLength(4);
    expect(html).not.toContain('class="chart line-chart empty"');
    expect(html).not.toContain('class="chart bar-chart empty"');

    // Orders per second: one point per 15-min bucket with data, ~96; the burst is the peak.
    const orders = svgs.find((s) => s.includes('Orders per second'))!;
    const points = Number(/data-series="orders\/s" data-points="(\d+)"/.exec(orders)![1]);
    expect(points).toBeGreaterThanOrEqual(95);
    const values = [...orders.matchAll(/<circle class="point"[^>]*data-value="([\d.e-]+)"/g)].map((m) => Number(m[1]));
    const total = values.reduce((sum, v) => sum + v * 15 * 60, 0);
    // Sum of rate × bucket length is the number of orders (the last bucket is shorter: allow for it).
    expect(total).toBeGreaterThanOrEqual(ordersSeeded * 0.97);
    expect(Math.max(...values)).toBeGreaterThanOrEqual(40 / 900); // the burst
    expect(Math.max(...values)).toBeGreaterThan(5 * [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);

    // Errors per service: the bars carry the seeded counts.
    const errors = svgs.find((s) => s.includes('ERROR and FATAL records per service'))!;
    const bars = [...errors.matchAll(/data-category="([^"]+)" data-series="([^"]+)" data-value="(\d+)"/g)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]}`,
    );
    expect(bars.sort()).toEqual(['crm-api error 3', 'mes-api error 5', 'mes-api fatal 1', 'shop-api error 12']);

    // p95 price calculation: a path with many points, the 30-min calculation pushes one bucket above the AL-2 line.
    const price = svgs.find((s) => s.includes('Price calculation time'))!;
    expect(Number(/data-series="p95" data-points="(\d+)"/.exec(price)![1])).toBeGreaterThanOrEqual(90);
    expect(price).toContain('AL-2: 30 min');
    expect(html).toContain('<b>1</b> took longer than 30 min (AL-2)');

    // Stuck orders: the bars and the table.
    const stuck = svgs.find((s) => s.includes('Stuck orders by last status'))!;
    expect([...stuck.matchAll(/data-category="([^"]+)"[^>]*data-value="(\d+)"/g)].map((m) => `${m[1]} ${m[2]}`).sort()).toEqual([
      'created 1',
      'in_production 1',
      'priced 1',
    ]);
    for (const id of ['ORD-STUCK-1', 'ORD-STUCK-2', 'ORD-STUCK-3']) expect(html).toContain(`<td>${id}</td>`);

    // Prometheus not reachable: said in its section, not a failure.
    expect(html).toMatch(
      /<h2 id="requests">[^<]*<\/h2><p class="missing">Prometheus at http:\/\/127\.0\.0\.1:\d+ is not reachable: ECONNREFUSED/,
    );
    // Self-contained: nothing to fetch.
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import|<script|<link|<img/i);
  });

  it('the Markdown summary has the numbers and what needs attention', () => {
    const md = readFileSync(report.markdown, 'utf8');
    expect(md).toContain(`| orders | ${ordersSeeded} (`);
    expect(md).toContain('| errors + fatal | 21 (shop-api 12, mes-api 6, crm-api 3) |');
    expect(md).toContain('| stuck orders | 3 of ');
    expect(md).toContain('- 1 price calculation(s) took over 30 min (AL-2, runbook al-2-slow-price-calculation.md)');
    expect(md).toContain('- FATAL records in mes-api (AL-4, runbook al-4-errors-and-latency.md)');
    expect(md).toContain('- 3 stuck order(s) (AL-7, runbook al-7-stuck-orders.md)');
    expect(md).toMatch(/\| ORD-STUCK-1 \| priced \| .* \| 19d \| crm-api \| [0-9a-f]{32} \|/);
  });

  it('headless Chromium renders it: the screenshot shows the charts', () => {
    const browser = chromium();
    const png = join(RESULTS, 'report.png');
    rmSync(png, { force: true });
    const profile = mkdtempSync(join(tmpdir(), 'jewelry-chromium-'));
    try {
      execFileSync(
        browser,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--hide-scrollbars',
          `--user-data-dir=${profile}`,
          '--window-size=900,3400',
          `--screenshot=${png}`,
          `file://${report.html}`,
        ],
        { stdio: 'ignore', timeout: 120_000 },
      );
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    expect(existsSync(png)).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(60_000);

    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([900, 3400]);
    // Count pixels of the colours the charts draw with: blue (orders), amber and red (error bars), purple (p95).
    const wanted = { orders: hex('#2563eb'), error: hex('#f59e0b'), fatal: hex('#b91c1c'), p95: hex('#7c3aed'), stuck: hex('#dc2626') };
    const counts = Object.fromEntries(Object.keys(wanted).map((k) => [k, 0])) as Record<keyof typeof wanted, number>;
    const colours = new Set<number>();
    let nonWhite = 0;
    for (let y = 0; y < image.height; y += 2) {
      for (let x = 0; x < image.width; x += 2) {
        const [r, g, b] = image.pixel(x, y);
        colours.add((r << 16) | (g << 8) | b);
        if (r + g + b < 740) nonWhite += 1;
        for (const [name, [wr, wg, wb]] of Object.entries(wanted) as [keyof typeof wanted, [number, number, number]][]) {
          if (Math.abs(r - wr) + Math.abs(g - wg) + Math.abs(b - wb) < 30) counts[name] += 1;
        }
      }
    }
    expect(colours.size).toBeGreaterThan(100);
    expect(nonWhite / ((image.width / 2) * (image.height / 2))).toBeGreaterThan(0.05);
    for (const [name, n] of Object.entries(counts)) expect([name, n > 20]).toEqual([name, true]);
  });
});
