import { createMasker, maskText, stableHash } from '@jewelry/masking';
import { CleanTextMemo } from '../src/clean-text-memo';
import { mayHoldCapitalPair } from '@jewelry/masking/dist/mask-text';
import { CARDS, JWTS, LINES, NEGATIVES } from './corpus';

describe('SEC-1 e-mails in text', () => {
  test.each([
    ['ivan.petrov@example.com', '***@example.com'],
    ['write to anna+orders@mail.ru today', 'write to ***@mail.ru today'],
    ['<john.oconnor@company.co.uk>', '<***@company.co.uk>'],
    ['mailto:partner-integration@atelier-gold.de?subject=x', 'mailto:***@atelier-gold.de?subject=x'],
    ['иван@пример.рф', '***@пример.рф'],
    ['a@b.io, c.d@e.org', '***@b.io, ***@e.org'],
  ])('SEC-1 %s → %s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  test.each(['@jewelry/masking', 'lodash@4.17.21', 'user@localhost', 'price @ 12500.00'])('SEC-1 %s is not an e-mail', (input) => {
    expect(maskText(input)).toBe(input);
  });
});

describe('SEC-1 phones in text: + and country code and last 2 digits kept', () => {
  test.each([
    ['+7 (916) 123-45-67', '+7*******67'],
    ['8 916 123 45 67', '*******67'],
    ['+79161234567', '+7*******67'],
    ['8(495)123-45-67', '*******67'],
    ['+44 20 7946 0958', '+44*******58'],
    ['+1 (415) 555-2671', '+1*******71'],
    ['+49 30 901820', '+49*******20'],
    ['8-800-555-35-35', '*******35'],
    ['+7 903 765-43-21', '+7*******21'],
    ['+380 44 123 4567', '+380*******67'],
    ['+33 1 42 68 53 00', '+33*******00'],
    ['89057778899', '*******99'],
    ['8 (916) 1234567', '*******67'],
    ['tel:+79161234567', 'tel:+7*******67'],
    ['phone=89161234567&x=1', 'phone=*******67&x=1'],
    ['"+79161234567","+79161234568"', '"+7*******67","+7*******68"'],
  ])('SEC-1 %s → %s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  test.each([
    '2026-03-15',
    '2026-03-15T10:20:30.123Z',
    '2026-03-15T10:20:30+03:00',
    '12500.00',
    '+12500.00',
    '550e8400-e29b-41d4-a716-446655440000',
    '4bf92f3577b34da6a3ce929d0e0e4736',
    '00f067aa0ba902b7',
    '192.168.10.200',
    'ORD-2026-000123',
    'ORD-89161234567',
    '/orders/89161234567',
    '0.79161234567',
    '1773570030123',
    '1.0.0+20260315',
  ])('SEC-1 %s is not a phone', (input) => {
    expect(maskText(input)).toBe(input);
  });
});

describe('SEC-1 card numbers in text: Luhn-valid only, last 4 kept', () => {
  test.each(CARDS)('SEC-1 %s is masked', (card) => {
    const digits = card.replace(/[^0-9]/g, '');
    expect(maskText(`card ${card} declined`)).toBe(`card **** **** **** ${digits.slice(-4)} declined`);
  });

  test.each([
    ['order 4000123412341235', 'a 16-digit order id that fails Luhn'],
    ['2026 0000 1234 5678', 'digit groups that fail Luhn'],
    ['41111111111111111111', '20 digits are not a card'],
    ['1773570030123', 'epoch milliseconds'],
    ['8916123456712345', '16 digits starting with 8'],
  ])('SEC-1 %s stays (%s)', (input) => {
    expect(maskText(input)).toBe(input);
  });

  test('SEC-1 a card beside other digit groups is still found; five groups of four without a card stay', () => {
    expect(maskText('2026-03-15 4111 1111 1111 1111')).toBe('2026-03-15 **** **** **** 1111');
    expect(maskText('4111 1111 1111 1111 202')).toBe('**** **** **** 1111 202');
    expect(maskText('2026 4111 1111 1111 1111')).toBe('2026 **** **** **** 1111');
    expect(maskText('4111 1111 1111 1111 2026')).toBe('**** **** **** 1111 2026');
    expect(maskText('2025 4000 1234 1234 1235')).toBe('2025 4000 1234 1234 1235');
    expect(maskText('2345 6789 0123 4567 8901')).toBe('2345 6789 0123 4567 8901');
  });

  test.each([
    ['4111 1111 1111 1111', '4-4-4-4'],
    ['3782 822463 10005', 'Amex 4-6-5'],
    ['4111.1111.1111.1111', 'dots'],
    ['4111\u00a01111\u00a01111\u00a01111', 'no-break spaces'],
  ])('SEC-1 %s is a card (%s)', (card) => {
    expect(maskText(`paid ${card}.`)).toMatch(/^paid \*\*\*\* \*\*\*\* \*\*\*\* [0-9]{4}\.$/);
  });

  test.each([
    ['4111 11111 1111 111', 'not a card layout'],
    ['2026031510203012', 'a compact timestamp: 2026 starts no card brand'],
    ['4607001771029', 'a valid EAN-13 (a barcode) that also passes Luhn'],
  ])('SEC-1 %s stays (%s)', (input) => {
    expect(maskText(input)).toBe(input);
  });
});

describe('SEC-1 tokens and secrets in text', () => {
  test('SEC-1 Bearer <anything> → Bearer [REDACTED]', () => {
    expect(maskText('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [REDACTED]');
    expect(maskText(`bearer ${JWTS[0]}`)).toBe('bearer [REDACTED]');
  });

  test.each(JWTS)('SEC-1 a bare JWT becomes [JWT:<stableHash>]', (jwt) => {
    expect(maskText(`got ${jwt} end`)).toBe(`got [JWT:${stableHash(jwt)}] end`);
    expect(maskText(jwt)).toBe(`[JWT:${stableHash(jwt)}]`);
  });

  test('SEC-1 JWT hash follows the masker salt', () => {
    const jwt = JWTS[1] as string;
    expect(createMasker({ salt: 'pepper' }).maskText(jwt)).toBe(`[JWT:${stableHash(jwt, 'pepper')}]`);
  });

  test.each([
    ['/login?user=ivan&password=S3cr3t!Pass&token=670b6138b807&page=2', '/login?user=ivan&password=[REDACTED]&token=[REDACTED]&page=2'],
    ['api_key=sk_live_51HxQ2aKb9vTt7mZ0pLwR3s', 'api_key=[REDACTED]'],
    ['x-api-key: 59/x3NrW2aXgwXWNf3+ShBk', 'x-api-key: [REDACTED]'],
    ['secret=abc123 next', 'secret=[REDACTED] next'],
    ['client_secret=abc123&grant_type=client_credentials', 'client_secret=[REDACTED]&grant_type=client_credentials'],
    ['aws_secret_access_key=wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key=[REDACTED]'],
    ['{"user":"ivan","password":"my secret phrase"}', '{"user":"ivan","password":"[REDACTED]"}'],
    ['{"accessToken": "abc def"}', '{"accessToken": "[REDACTED]"}'],
    ["{ login: 'anna', password: 'Zaq1 wsx' }", "{ login: 'anna', password: '[REDACTED]' }"],
    ['password="two words" user=x', 'password="[REDACTED]" user=x'],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic [REDACTED]'],
    ['Cookie: connect.sid=s%3Aabc; theme=dark', 'Cookie: [REDACTED]; theme=dark'],
    ['Set-Cookie: JSESSIONID=ABC123; Path=/', 'Set-Cookie: [REDACTED]; Path=/'],
    ['pin=1234', 'pin=[REDACTED]'],
    ['X-Amz-Signature=9f8e7d6c5b4a', 'X-Amz-Signature=[REDACTED]'],
  ])('SEC-1 %s → %s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  test.each([
    ['sk_live_51HxQ2aKb9vTt7mZ0pLwR3s', 'sk_live_[REDACTED]'],
    ['key AKIAIOSFODNN7EXAMPLE used', 'key AKIA[REDACTED] used'],
    ['ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'ghp_[REDACTED]'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', 'github_pat_[REDACTED]'],
    ['xoxb-123456789012-abcdefghijkl', 'xoxb-[REDACTED]'],
    ['AIzaSyA1234567890abcdefghijklmnopqrstuv', 'AIza[REDACTED]'],
  ])('SEC-1 API key %s → %s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  test.each(['token_type=Bearer', 'tokens=1500', 'bypass=true', 'compass: north', 'spin=3', 'passport_check=ok'])(
    'SEC-1 %s is not a secret pair',
    (input) => {
      expect(maskText(input)).toBe(input);
    },
  );
});

describe('SEC-1 maskText as a whole', () => {
  test.each(NEGATIVES)('SEC-1 look-alike %s passes unchanged', (value) => {
    expect(maskText(value)).toBe(value);
  });

  test.each(LINES)('SEC-1 masking is idempotent (the collector may mask the logger output again): %s', (line) => {
    const once = maskText(line);
    expect(maskText(once)).toBe(once);
  });

  test('SEC-1 fast path returns short or marker-free strings as they are', () => {
    for (const s of ['', 'ok', 'order.created', 'Кольцо «Классика»', 'GET /orders', 'status change accepted by CRM']) {
      expect(maskText(s)).toBe(s);
    }
  });

  test('SEC-1 non-string input to maskText is returned as is (JS callers)', () => {
    expect(maskText(42 as unknown as string)).toBe(42);
  });

  test.each([
    ['a run of e-mail characters', 'a1_'.repeat(50_000) + '@' + '7'.repeat(10_000) + ' password'],
    ['a long dotted key-like string', 'a1.'.repeat(50_000) + '=x'],
    ['a long digit run', '4'.repeat(100_000) + ' +' + '1 '.repeat(20_000)],
    ['many JWT-like starts', 'eyJabcdefgh.'.repeat(20_000)],
    ['a long quoted value', 'password: "' + 'x'.repeat(100_000)],
  ])('SEC-1 %s is masked in linear time (no catastrophic backtracking)', (_what, blob) => {
    const started = Date.now();
    maskText(blob);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

// Issue 16: texts the rules left unchanged are remembered (per rule set), so a
// value that comes back on every record is not scanned again. What is
// remembered must never change a result.
describe('the capital-pair test (names) is only asked where it can match', () => {
  /** The tests the capital-pair regex (person names) ran while `fn` ran. */
  function capitalPairTests(fn: () => void): number {
    const test = jest.spyOn(RegExp.prototype, 'test');
    try {
      fn();
      return test.mock.contexts.filter((re) => (re as RegExp).source.startsWith('\\p{Lu}[\\p{L}')).length;
    } finally {
      test.mockRestore();
    }
  }

  // S3's aws.request.extended_id: new on every request, 196 characters of base64, no blank and no dot.
  const token =
    'PAeIsOKhGAQg5q8dkUR89TSbvxps5bM+0SptI6tnhwtlNLhurLLtCSKk5D0viJXmAbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/AbCdEfGhIjKlMnOpQrStUvWxYz01234';

  test('a long token without a blank or a dot: never (the Unicode regex backtracks through every run of letters), and it stays as it is', () => {
    const masker = createMasker();
    expect(capitalPairTests(() => expect(masker.maskText(token)).toBe(token))).toBe(0);
  });

  test('the same token written twice, "X, X" (as S3 sends it): the blank follows a comma, so never either', () => {
    const masker = createMasker();
    const twice = `${token}, ${token}`;
    expect(capitalPairTests(() => expect(masker.maskText(twice)).toBe(twice))).toBe(0);
  });

  test('the check before the regex answers as the regex does, on random texts of letters, capitals, blanks, dots and marks', () => {
    const capitalPair = /\p{Lu}[\p{L}\p{M}'’.-]*[\t \u00a0]+\p{Lu}|\p{Lu}\.\p{Lu}/u;
    // Latin, Cyrillic and astral capitals (𝐀 is \p{Lu}), small letters, a combining mark, name punctuation, blanks, others.
    const alphabet = [
      'A',
      'Z',
      'Ж',
      'Ё',
      '𝐀',
      'a',
      'ж',
      '𝐚',
      '\u0301',
      "'",
      '’',
      '-',
      '.',
      ' ',
      '\t',
      '\u00a0',
      ',',
      '=',
      '+',
      '/',
      '7',
      '_',
    ];
    let seed = 16;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let matches = 0;
    for (let i = 0; i < 20000; i++) {
      let text = '';
      const length = 1 + random(12);
      for (let k = 0; k < length; k++) text += alphabet[random(alphabet.length)];
      const expected = capitalPair.test(text);
      if (expected) matches++;
      expect([text, mayHoldCapitalPair(text)]).toEqual([text, expected]);
    }
    // Both answers occur often enough for the comparison to mean something.
    expect(matches).toBeGreaterThan(1000);
    expect(matches).toBeLessThan(19000);
  });

  test('a text with a blank or a dot: asked, and names are still found', () => {
    const masker = createMasker();
    expect(capitalPairTests(() => expect(masker.maskText('Order 12 for Анна Смирнова')).not.toContain('Смирнова'))).toBeGreaterThan(0);
    // Initials joined by dots, no blank: the dot lets the test run.
    expect(capitalPairTests(() => expect(masker.maskText('Подписал И.И.Иванов')).not.toContain('Иванов'))).toBeGreaterThan(0);
  });
});

describe('SEC-1 remembered clean texts change no result', () => {
  test('a text clean without the phone rules is still masked by the full rules; masked texts stay masked every time', () => {
    const masker = createMasker();
    for (let i = 0; i < 3; i++) {
      expect(masker.maskValue('order.id', '79161234567')).toBe('79161234567');
      expect(masker.maskText('79161234567')).not.toBe('79161234567');
      expect(masker.maskText('call +7 916 123-45-67 or ivan.petrov@example.com')).toBe(
        maskText('call +7 916 123-45-67 or ivan.petrov@example.com'),
      );
      expect(masker.maskText('call +7 916 123-45-67 or ivan.petrov@example.com')).not.toContain('ivan.petrov');
      expect(masker.maskText('INSERT INTO orders (order_id, customer_id) VALUES ($1, $2)')).toBe(
        'INSERT INTO orders (order_id, customer_id) VALUES ($1, $2)',
      );
    }
  });

  test('past the bound (thousands of distinct clean texts) and for long texts, the results are those of a fresh masker', () => {
    const masker = createMasker();
    const texts = Array.from({ length: 9000 }, (_, i) => `order ORD-2026-${i} ready at 10:${i % 60}`);
    const long = `${'Кольцо, золото 585, 17 мм; '.repeat(40)}Анна Смирнова`;
    for (const t of [...texts, ...texts, long, long]) expect(masker.maskText(t)).toBe(t === long ? createMasker().maskText(long) : t);
    expect(masker.maskText(long)).not.toContain('Смирнова');
  });

  /**
   * How often the regexes looked at `text` while `fn` ran: a remembered text
   * costs one lookup and no regex at all; one not remembered runs at least the
   * pre-filter's test on it (what the memo saves).
   */
  function regexCallsOn(text: string, fn: () => void): number {
    const test = jest.spyOn(RegExp.prototype, 'test');
    const exec = jest.spyOn(RegExp.prototype, 'exec');
    try {
      fn();
      return [...test.mock.calls, ...exec.mock.calls].filter(([input]) => input === text).length;
    } finally {
      test.mockRestore();
      exec.mockRestore();
    }
  }

  test('a text masked just before thousands of others is still remembered; one not seen for two generations (2 × 4096) is forgotten: bounded', () => {
    const masker = createMasker();
    const distinct = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => `order ORD-2026-${from + i} ready`);
    for (const variant of ['text', 'id'] as const) {
      // Free text (all rules) and values under an id key (no phone rules) are remembered apart.
      const mask = variant === 'id' ? (t: string) => masker.maskValue('order.id', t) : masker.maskText;
      const from = variant === 'id' ? 200_000 : 100_000;
      const id = `ORD-2026-77${variant.length} paid at 10:20`;
      expect(regexCallsOn(id, () => mask(id))).toBeGreaterThan(0); // new: the rules ran
      // 4096 others after it: a memo cleared when full (at 4096 entries) had just forgotten it.
      const next = distinct(from, 4096);
      for (const t of next) mask(t);
      expect(regexCallsOn(id, () => expect(mask(id)).toBe(id))).toBe(0);
      // Seen again just now, it stays remembered for at least another 4096 …
      for (const t of distinct(from + 10_000, 4096)) mask(t);
      expect(regexCallsOn(id, () => mask(id))).toBe(0);
      // … while a text not seen since (two generations ago) is gone, and costs a scan again.
      expect(regexCallsOn(next[0]!, () => expect(mask(next[0]!)).toBe(next[0]))).toBeGreaterThan(0);
    }
  });

  test('the memo holds at most two generations, always the last generation’s texts, and keeps a text that comes back', () => {
    const memo = new CleanTextMemo(100);
    for (let i = 0; i < 1000; i++) {
      memo.add(`text ${i}`);
      expect(memo.size).toBeLessThanOrEqual(200);
    }
    for (let i = 900; i < 1000; i++) expect(memo.has(`text ${i}`)).toBe(true);
    expect(memo.has('text 799')).toBe(false);
    expect(memo.has('never added')).toBe(false);

    const small = new CleanTextMemo(3);
    for (const t of ['a', 'b', 'c', 'd']) small.add(t); // young {d}, old {a, b, c}
    expect(small.has('a')).toBe(true); // found in the old generation: moved to the young one
    for (const t of ['e', 'f']) small.add(t); // the young one {d, a, e} rolls over
    expect(small.has('a')).toBe(true);
    expect(small.has('b')).toBe(false);
  });
});
