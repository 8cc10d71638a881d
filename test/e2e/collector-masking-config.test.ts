import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyKey, collectorPatterns, isLuhnValid, maskText, sensitiveKeyPatterns } from '@jewelry/masking';
import { LINES, NEGATIVES, CARDS } from '../../packages/masking/test/corpus';

/** The generator (plain CommonJS under scripts/), typed for what the tests use. */
interface Step {
  regex: string;
  replacement: string;
  rule?: string;
  phone?: boolean;
}
interface Generator {
  render(): string;
  extract(config: string): string | undefined;
  textSteps(): Step[];
  safeKeys(): string[];
  keyPrefilter(): string;
  GATES: Record<string, { lower?: boolean; literals: string[] }>;
  CONFIG: string;
  STASH: Record<string, string>;
  FLAG: Record<string, string>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gen = require('../../scripts/generate-collector-masking.js') as Generator;

const CONFIG_TEXT = readFileSync(join(__dirname, '..', '..', 'collector', 'config.yaml'), 'utf8');

function compile(regex: string): RegExp {
  const m = /^\(\?([is]+)\)/.exec(regex);
  return new RegExp(m ? regex.slice(m[0].length) : regex, 'g' + (m ? m[1] : ''));
}
const jsTemplate = (go: string): string => go.replace(/\$\{0\}/g, '$$&').replace(/\$\{(\d+)\}/g, '$$$1');
const steps = gen.textSteps().filter((s) => s.regex !== undefined).map((s) => ({ ...s, re: compile(s.regex), template: jsTemplate(s.replacement) }));

/** The text rules of the generated config, run with JavaScript regexps on one string value. */
function collectorText(text: string, idKey = false): string {
  let out = text;
  for (const s of steps) if (!(idKey && s.phone)) out = out.replace(s.re, s.template);
  return out;
}

/** A Luhn-valid run of 13–19 digits in whole groups starting with 2–6 (what the card rule could take), if any. */
function cardIn(text: string): string | undefined {
  for (const run of text.match(/[0-9]+(?:[ -][0-9]+)*/g) ?? []) {
    const groups = run.split(/[ -]/);
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        digits += groups[j];
        if (digits.length > 19) break;
        if (digits.length >= 13 && /^[2-6]/.test(digits) && isLuhnValid(digits)) return groups.slice(i, j + 1).join(' ');
      }
    }
  }
  return undefined;
}

/** A small deterministic generator of test numbers. */
function prng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

describe('SEC-1 the collector masking config is generated from @jewelry/masking', () => {
  test('collector/config.yaml holds exactly what scripts/generate-collector-masking.js produces', () => {
    const committed = gen.extract(CONFIG_TEXT);
    expect(committed).toBeDefined();
    // On failure: npx tsc -b packages/masking && node scripts/generate-collector-masking.js
    expect(committed).toBe(gen.render());
  });

  test('the masking processors run after limits and before the ECS transforms, in every pipeline that indexes', () => {
    const pipelines = [...CONFIG_TEXT.matchAll(/^ {4}(logs|logs\/host|traces):\n(?: {6}.*\n)*? {6}processors: \[([^\]]*)\]/gm)].map((m) => [m[1], m[2]!.split(', ')] as const);
    expect(pipelines.map(([name]) => name).sort()).toEqual(['logs', 'logs/host', 'traces']);
    for (const [name, processors] of pipelines) {
      const mask = name === 'traces' ? 'transform/mask_traces' : 'transform/mask_logs';
      const ecs = name === 'traces' ? 'transform/ecs_spans' : 'transform/ecs_logs';
      expect({ name, order: processors.indexOf('transform/limits') < processors.indexOf(mask) && processors.indexOf(mask) < processors.indexOf(ecs) }).toEqual({ name, order: true });
    }
  });

  test('every collector pattern is in the generated config, in the source side’s order', () => {
    const block = gen.extract(CONFIG_TEXT)!;
    const rules = [...new Set(gen.textSteps().map((s) => s.rule))];
    expect(rules).toEqual(collectorPatterns.map((p) => p.name));
    for (const p of sensitiveKeyPatterns) expect(block).toContain(JSON.stringify(p.regex).replace(/\$/g, '$$$$').replace(/'/g, "''"));
  });
});

describe('SEC-1 the generated text rules, run with JavaScript regexps, against the source side', () => {
  const exact = [...LINES, ...NEGATIVES].filter((l) => !l.includes('eyJ'));

  test.each(exact)('same as maskText: %s', (line) => {
    expect(collectorText(line)).toBe(maskText(line));
  });

  test('JWTs: [JWT:REDACTED] where the source side writes a keyed hash', () => {
    for (const line of LINES.filter((l) => l.includes('eyJ'))) {
      expect(collectorText(line)).toBe(maskText(line).replace(/\[JWT:[0-9a-f]{8}\]/g, '[JWT:REDACTED]'));
    }
  });

  test('masking twice changes nothing, and the logger’s output passes unchanged', () => {
    for (const line of [...LINES, ...NEGATIVES]) {
      const once = collectorText(line);
      expect(collectorText(once)).toBe(once);
      expect(collectorText(maskText(line))).toBe(maskText(line));
    }
  });

  test('Luhn: 20 000 card-like numbers masked exactly when the source side masks them (order ids stay)', () => {
    const rnd = prng(20260315);
    const luhnComplete = (s: string): string => {
      for (let d = 0; d <= 9; d++) if (isLuhnValid(s + d)) return s + d;
      throw new Error('unreachable');
    };
    const deep: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const length = 12 + rnd(9);
      let digits = String(2 + rnd(5)) + Array.from({ length: length - 2 }, () => rnd(10)).join('');
      digits = rnd(2) ? luhnComplete(digits) : digits + rnd(10);
      const sep = [' ', '-', ''][rnd(3)]!;
      const grouped = rnd(2) ? digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : digits;
      const text = ['', 'card ', 'id=', 'x: ', '2026 ', '1 ', 'ORD-'][rnd(7)] + grouped + ['', ' ok', ' 123', '-7', ' 2026 1111', '.', ', total 12500.00'][rnd(7)];
      const collector = collectorText(text);
      const source = maskText(text);
      if (collector === source) continue;
      if (collector !== text) {
        // Both masked, the same digits carved out differently (a shorter prefix there, a later start here); no card is left.
        expect({ text, collector, source, card: cardIn(collector) }).toEqual({ text, collector, source, card: undefined });
        continue;
      }
      // Missed: a card that starts three or more groups into a run of digit groups longer than the rule's
      // 19 digits, which the source side finds by looking again and again.
      const longRun = (text.match(/[0-9]+(?:[ -][0-9]+)*/g) ?? []).some((r) => r.replace(/[^0-9]/g, '').length > 19 && r.split(/[ -]/).length >= 5);
      expect({ text, source, longRun }).toEqual({ text, source, longRun: true });
      deep.push(text);
    }
    expect(deep.length).toBeLessThan(100);
    // Order ids that are not cards stay, however they are written; cards next to other numbers go.
    for (const id of ['4000123412341235', '4000 1234 1234 1235', '4000-1234-1234-1235', 'ORD-2026-000123', '40001234123412350', '400012341234123', '2025 4000 1234 1234 1235']) {
      expect([collectorText(`order ${id} shipped`), maskText(`order ${id} shipped`)]).toEqual([`order ${id} shipped`, `order ${id} shipped`]);
    }
    for (const text of ['4111 1111 1111 1111 123', '2026 4111 1111 1111 1111', '2026 4111 1111 1111 1111 123', '1 5555555555554444 12/28']) {
      expect(collectorText(text)).toBe(maskText(text));
      expect(collectorText(text)).toContain('**** **** **** ');
    }
    for (const card of CARDS) expect(collectorText(`paid with ${card}`)).toBe(maskText(`paid with ${card}`));
  });

  test('id keys keep phone-like values (an order id 79031112233), other keys do not', () => {
    expect(collectorText('79031112233', true)).toBe('79031112233');
    expect(collectorText('79031112233')).toBe('*******33');
    expect(collectorText('4111 1111 1111 1111', true)).toBe('**** **** **** 1111');
  });
});

describe('SEC-1 what only makes the generated config fast keeps its meaning', () => {
  test('no key on the safe list (skips the key-class regexes) is of a sensitive class', () => {
    const safe = gen.safeKeys();
    expect(safe.length).toBeGreaterThan(100);
    for (const key of safe) {
      expect({ key, cls: ['secret', 'card', 'email', 'phone', 'name', 'address'].includes(classifyKey(key)) }).toEqual({ key, cls: false });
      for (const p of sensitiveKeyPatterns) expect({ key, re: p.name, match: new RegExp(p.regex).test(key) }).toEqual({ key, re: p.name, match: false });
    }
  });

  test('the key prefilter lets every key of a sensitive class through', () => {
    const pre = new RegExp(gen.keyPrefilter());
    const keys = sensitiveKeyPatterns.flatMap((p) => [...p.words, ...p.qualified].flatMap((w) => [w, `customer.${w}`, `CUSTOMER_${w.toUpperCase()}`, `customer${w[0]!.toUpperCase()}${w.slice(1)}`, `${w}_hash`]));
    for (const key of keys) {
      if (sensitiveKeyPatterns.some((p) => new RegExp(p.regex).test(key))) expect({ key, passes: pre.test(key) }).toEqual({ key, passes: true });
    }
  });

  test('each gate of a text rule is a necessary condition: wherever the rule changes a text, one of its literals is in it', () => {
    const texts = [...LINES, ...NEGATIVES, 'PASSWORD=x', 'Password: y', 'x-api-key: k', 'AUTHORIZATION: Bearer abc', 'mail ivan@x.ru', '+7 916 123 45 67'];
    for (const s of steps) {
      const g = gen.GATES[s.rule!];
      if (!g) continue;
      for (const t of texts) {
        const json = JSON.stringify({ k: t });
        const hay = g.lower ? json.toLowerCase() : json;
        if (t.replace(s.re, s.template) !== t) expect({ rule: s.rule, t, gated: g.literals.some((l) => hay.includes(l)) }).toEqual({ rule: s.rule, t, gated: true });
      }
    }
  });

  test('the stash and flag keys are of no sensitive class', () => {
    for (const key of [...Object.values(gen.STASH), ...Object.values(gen.FLAG)]) expect([key, classifyKey(key)]).toEqual([key, 'none']);
  });
});
