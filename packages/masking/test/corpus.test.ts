import { isLuhnValid, maskAttributes, maskText } from '@jewelry/masking';
import {
  ADDRESSES,
  CARDS,
  EMAILS,
  ID_ONLY_NEGATIVES,
  JWTS,
  LINES,
  NAMES,
  NEGATIVES,
  PHONES,
  RECORDS,
  SECRETS,
} from './corpus';

const digitsOf = (s: string): string => s.replace(/[^0-9]/g, '');
const wordsOf = (s: string, min: number): string[] =>
  s.split(/[\s,.]+/).filter((w) => w.length >= min && /\p{L}/u.test(w));

const input = JSON.stringify({ records: RECORDS, lines: LINES });
const output = JSON.stringify({ records: maskAttributes(RECORDS), lines: LINES.map((l) => maskText(l)) });

describe('SEC-1 corpus: the corpus really contains what it claims', () => {
  test.each([...NAMES, ...EMAILS, ...PHONES, ...CARDS, ...JWTS, ...SECRETS, ...ADDRESSES, ...NEGATIVES, ...ID_ONLY_NEGATIVES])(
    'SEC-1 input contains %s',
    (value) => {
      expect(input).toContain(value);
    },
  );

  test.each(CARDS)('SEC-1 card %s is a Luhn-valid test number', (card) => {
    expect(isLuhnValid(digitsOf(card))).toBe(true);
  });
});

describe('SEC-1 corpus: no personal value or secret survives maskAttributes/maskText', () => {
  test.each(NAMES)('SEC-1 name %s is gone, whole and word by word', (name) => {
    expect(output).not.toContain(name);
    for (const word of wordsOf(name, 3)) expect(output).not.toContain(word);
  });

  test.each(EMAILS)('SEC-1 e-mail %s is gone, its domain kept', (email) => {
    const [local, domain] = email.split('@') as [string, string];
    expect(output).not.toContain(email);
    expect(output).not.toContain(`${local}@`);
    expect(output).toContain(`***@${domain}`);
  });

  test.each(PHONES)('SEC-1 phone %s is gone, also as digits only', (phone) => {
    expect(output).not.toContain(phone);
    expect(output).not.toContain(digitsOf(phone));
  });

  test.each(CARDS)('SEC-1 card %s is gone, also as digits only', (card) => {
    expect(output).not.toContain(card);
    expect(output).not.toContain(digitsOf(card));
    expect(output).toContain(`**** **** **** ${digitsOf(card).slice(-4)}`);
  });

  test.each(JWTS)('SEC-1 JWT %s is gone', (jwt) => {
    expect(output).not.toContain(jwt);
    for (const segment of jwt.split('.')) expect(output).not.toContain(segment);
  });

  test.each(SECRETS)('SEC-1 secret %s is gone', (secret) => {
    expect(output).not.toContain(secret);
  });

  test.each(ADDRESSES)('SEC-1 address %s is gone, with its distinctive words', (address) => {
    expect(output).not.toContain(address);
    for (const word of wordsOf(address, 5)) expect(output).not.toContain(word);
  });
});

describe('SEC-1 corpus: look-alikes stay intact', () => {
  test.each(NEGATIVES)('SEC-1 %s survives unchanged', (value) => {
    expect(output).toContain(value);
  });

  test.each(ID_ONLY_NEGATIVES)('SEC-1 %s under an id key survives unchanged', (value) => {
    expect(output).toContain(`"order.id":"${value}"`);
  });

  test('SEC-1 keys that are not personal keep their values (service.name, event.name, file_name, queue_name, hostname, http.route …)', () => {
    const masked = maskAttributes(RECORDS);
    expect(masked[0]).toMatchObject({
      'event.name': 'order.created',
      'service.name': 'shop-api',
      file: { file_name: 'ring-model.stl', format: 'stl', size: 482113 },
      items: [{ sku: 'RNG-585-17', name: 'Кольцо «Классика», золото 585, размер 17', qty: 1, price: '12500.00' }],
    });
    expect(masked[1]).toMatchObject({ changed_fields: ['shipping_address', 'phone', 'email'] });
    expect(masked[2]).toMatchObject({ notification_type: 'email' });
    expect(masked[3]).toMatchObject({
      'http.route': '/orders/:id',
      'span.name': 'POST /orders/:id',
      'server.address': '10.0.0.1',
      'client.address': '192.168.10.200',
      'http.response.status_code': 200,
    });
    expect(masked[4]).toMatchObject({ auth: { token_type: 'Bearer', expires_in: 3600 }, payment: { card_type: 'visa' } });
    expect(masked[5]).toMatchObject({
      hostname: 'mes-worker-01',
      queue_name: 'new_order',
      event_type: 'status_change',
      'model.file_name': 'ring-model.stl',
      price: 12500,
      duration_ms: 1834,
    });
  });
});
