// AL-8: a runbook per alert, under the file names the alert rules'
// runbook_url point at, each with the same four parts, all listed in the index,
// and every command they name is one the CLI really has.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '@jewelry/cli';

const DIR = join(__dirname, '..', '..', '..', 'docs', 'runbooks');
const RUNBOOKS = [
  'al-1-high-5xx-ratio.md',
  'al-2-slow-price-calculation.md',
  'al-3-order-rate-spike.md',
  'al-4-errors-and-latency.md',
  'st-4-elasticsearch-health.md',
  'al-7-stuck-orders.md',
  'telemetry-loss.md',
];

describe('docs/runbooks', () => {
  const read = (name: string): string => readFileSync(join(DIR, name), 'utf8');

  it('has exactly the pages the alert rules link to, and the index lists each', () => {
    expect(readdirSync(DIR).sort()).toEqual([...RUNBOOKS, 'README.md'].sort());
    const index = read('README.md');
    for (const name of RUNBOOKS) expect([name, index.includes(`](${name})`)]).toEqual([name, true]);
  });

  it.each(RUNBOOKS)('%s: what it means, first checks, how to resolve, who to call', (name) => {
    const text = read(name);
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['What it means', 'First checks', 'How to resolve', 'Who to call']);
    expect(text).toMatch(/\*\*(DevOps on duty|MES team lead|CRM owner|Shop team)\*\*/);
    // Links to other runbooks resolve.
    for (const [, target] of text.matchAll(/\]\(([a-z0-9-]+\.md)\)/g))
      expect([name, target, existsSync(join(DIR, target!))]).toEqual([name, target, true]);
  });

  it('every `npx jewelry-otel …` command in them parses', () => {
    const commands = RUNBOOKS.concat('README.md').flatMap((name) =>
      [...read(name).matchAll(/npx jewelry-otel ([^`\n|]+)/g)].map((m) => ({
        name,
        argv: m[1]!
          .split(/ #| > /)[0]!
          .trim()
          .split(/\s+/),
      })),
    );
    expect(commands.length).toBeGreaterThan(15);
    for (const { name, argv } of commands) {
      // Placeholders stand for real values.
      const args = argv.map((a) => a.replace(/^<.*>$/, 'ORD-1')).filter((a) => a !== '\\');
      let error = '';
      try {
        parseCommand(args);
      } catch (err) {
        error = (err as Error).message;
      }
      expect([name, args.join(' '), error]).toEqual([name, args.join(' '), '']);
    }
  });
});
