// Issue 6: the Prometheus alert rules (AL-1…AL-4, AL-7, ST-4), their unit
// tests and the Alertmanager config, checked with the real tools: promtool
// (Debian `prometheus`) and amtool (Debian `prometheus-alertmanager`); the
// stack installs both (`stack up prometheus alertmanager`).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultThresholds, generateRules, loadThresholds, writeRules } from '@jewelry/alerting';

const ROOT = join(__dirname, '..', '..');
const PROM = join(ROOT, 'collector', 'prometheus');
const RULES = join(PROM, 'rules');
const TESTS = join(PROM, 'tests');

function tool(name: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (!found)
    throw new Error(
      `${name} not found: install it with 'jewelry-otel stack up prometheus alertmanager' (apt packages prometheus, prometheus-alertmanager)`,
    );
  return found;
}

function run(bin: string, args: string[], cwd = PROM): { code: number; output: string } {
  const res = spawnSync(bin, args, { cwd, encoding: 'utf8' });
  return { code: res.status ?? 1, output: `${res.stdout}${res.stderr}` };
}

const ruleFiles = (): string[] =>
  readdirSync(RULES)
    .filter((f) => f.endsWith('.yml'))
    .sort();

describe('alert rules (issue 6)', () => {
  test('rules/*.yml are exactly what @jewelry/alerting makes of alerting.json (thresholds are configuration)', () => {
    const want = generateRules(defaultThresholds());
    expect(ruleFiles()).toEqual(Object.keys(want).sort());
    for (const [name, text] of Object.entries(want))
      expect({ name, text: readFileSync(join(RULES, name), 'utf8') }).toEqual({ name, text });
  });

  test('promtool check rules and check config pass', () => {
    const rules = run(tool('promtool'), ['check', 'rules', ...ruleFiles().map((f) => join(RULES, f))]);
    expect(rules).toMatchObject({ code: 0 });
    const config = run(tool('promtool'), ['check', 'config', 'prometheus.yml']);
    expect(config).toMatchObject({ code: 0 });
    expect(config.output).toContain(`${ruleFiles().length} rule files found`);
  });

  test('promtool test rules: every rule file has unit tests and they pass', () => {
    const tests = readdirSync(TESTS)
      .filter((f) => f.endsWith('.test.yml'))
      .sort();
    expect(tests.map((t) => t.replace('.test.yml', '.yml'))).toEqual(ruleFiles());
    const res = run(tool('promtool'), ['test', 'rules', ...tests.map((t) => join(TESTS, t))]);
    expect({ code: res.code, failed: res.output.includes('FAILED') ? res.output : '' }).toEqual({ code: 0, failed: '' });
  });

  test('every alert is named in a promtool test, both firing and quiet, with severity, summary, description and runbook_url', () => {
    const rulesText = ruleFiles()
      .map((f) => readFileSync(join(RULES, f), 'utf8'))
      .join('\n');
    const testsText = readdirSync(TESTS)
      .map((f) => readFileSync(join(TESTS, f), 'utf8'))
      .join('\n');
    const alerts = [...rulesText.matchAll(/- alert: (\w+)/g)].map((m) => m[1]!);
    expect(alerts.length).toBeGreaterThanOrEqual(14);
    for (const alert of alerts) {
      // A firing expectation (exp_labels under it) and a quiet one (exp_alerts: []).
      expect({ alert, fires: new RegExp(`alertname: ${alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels`).test(testsText) }).toEqual({
        alert,
        fires: true,
      });
      expect({
        alert,
        quiet: new RegExp(`alertname: ${alert}, exp_alerts: \\[\\]|alertname: ${alert}\\n\\s+exp_alerts: \\[\\]`).test(testsText),
      }).toEqual({ alert, quiet: true });
    }
    const blocks = rulesText.split('- alert: ').slice(1);
    for (const block of blocks) {
      expect(block).toMatch(/severity: (critical|warning)/);
      expect(block).toMatch(/summary: "/);
      expect(block).toMatch(/description: "/);
      expect(block).toMatch(/runbook_url: "docs\/runbooks\/[a-z0-9-]+\.md"/);
    }
  });

  test('every runbook_url names a runbook that exists', () => {
    const rulesText = ruleFiles()
      .map((f) => readFileSync(join(RULES, f), 'utf8'))
      .join('\n');
    const urls = [...new Set([...rulesText.matchAll(/runbook_url: "([^"]+)"/g)].map((m) => m[1]!))];
    for (const url of urls) expect(readFileSync(join(ROOT, url), 'utf8').length).toBeGreaterThan(0);
  });

  test('JEWELRY_ALERT_* overrides and the runbook base URL change the generated rules, and stay valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jewelry-rules-'));
    try {
      const config = loadThresholds({
        JEWELRY_ALERT_ORDER_RATE_MAX: '2',
        JEWELRY_RUNBOOK_BASE_URL: 'https://git.example.com/jewelry/-/blob/main/',
      });
      const files = writeRules(dir, config);
      const orders = readFileSync(join(dir, 'orders.yml'), 'utf8');
      expect(orders).toContain('> 2"');
      expect(orders).toContain('"https://git.example.com/jewelry/-/blob/main/docs/runbooks/al-3-order-rate-spike.md"');
      expect(run(tool('promtool'), ['check', 'rules', ...files])).toMatchObject({ code: 0 });
      expect(() => loadThresholds({ JEWELRY_ALERT_PRICE_CALC_MAX_SECONDS: '1234' })).toThrow(/bucket bound/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('amtool check-config passes on alertmanager.yml', () => {
    const res = run(tool('amtool'), ['check-config', 'alertmanager.yml']);
    expect(res).toMatchObject({ code: 0 });
    expect(res.output).toContain('SUCCESS');
  });

  test('alertmanager routing: by severity and service, one receiver per alert reaches the generic webhook', () => {
    const amtool = tool('amtool');
    const route = (labels: string): string =>
      execFileSync(amtool, ['config', 'routes', 'test', '--config.file=alertmanager.yml', ...labels.split(' ')], {
        cwd: PROM,
        encoding: 'utf8',
      }).trim();
    expect(route('alertname=HighHttp5xxRatio service=shop-api severity=critical')).toBe('oncall-critical,team-shop');
    expect(route('alertname=PriceCalculationSlow service=mes-api severity=warning')).toBe('team-mes,chat-warning');
    expect(route('alertname=ElasticsearchClusterYellow service=elasticsearch severity=warning')).toBe('chat-warning');
    expect(route('alertname=Other')).toBe('default-webhook');
  });
});
