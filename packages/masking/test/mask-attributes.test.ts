import { createMasker, defaultMasker, maskAttributes, stableHash } from '@jewelry/masking';
import { CORPUS_SALT, corpusCases } from './corpus-files';

const nameToken = (name: string): string => `[name:${stableHash(name.trim().toLowerCase())}]`;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('SEC-1 maskValue: key name first', () => {
  const { maskValue } = defaultMasker;

  test.each([
    'password',
    'passwd',
    'pwd',
    'pass',
    'secret',
    'token',
    'access_token',
    'refresh_token',
    'api_key',
    'apikey',
    'apiKey',
    'x-api-key',
    'authorization',
    'Authorization',
    'cookie',
    'set-cookie',
    'session',
    'session_id',
    'cvv',
    'cvc',
    'pin',
    'user.password',
    'DB_PASSWORD',
    'passwordHash',
    'client_secret',
    'private_key',
  ])('SEC-1 secret key %s → [REDACTED]', (key) => {
    expect(maskValue(key, 'anything 123')).toBe('[REDACTED]');
  });

  test.each([
    ['name', 'Анна Смирнова'],
    ['first_name', 'Иван'],
    ['last_name', 'Иванов'],
    ['middle_name', 'Иванович'],
    ['patronymic', 'Иванович'],
    ['full_name', 'Иванов Иван Иванович'],
    ['customer_name', "John O'Connor"],
    ['customerName', "John O'Connor"],
    ['customer.name', "John O'Connor"],
    ['fio', 'Иванов Иван Иванович'],
    ['recipient', 'Анна Смирнова'],
    ['user.name', 'anna.s'],
    ['card_holder', 'SIOBHAN NI BHRIAIN'],
  ])('SEC-1 name key %s → [name:<stableHash>]', (key, value) => {
    expect(maskValue(key, value)).toBe(nameToken(value));
  });

  test('SEC-1 name hashes are stable across spelling of whitespace and case', () => {
    expect(maskValue('name', '  Анна   Смирнова ')).toBe(maskValue('full_name', 'анна смирнова'));
  });

  test.each([
    'address',
    'street',
    'shipping_address',
    'billing_address',
    'addr',
    'house',
    'apartment',
    'postal_code',
    'zip',
    'shippingAddress',
    'customer.address',
    'delivery.address',
    'address_line1',
    'street_name',
    'zip_code',
  ])('SEC-1 address key %s → [REDACTED:address]', (key) => {
    expect(maskValue(key, 'ул. Тверская, д. 7, кв. 12, Москва, 125009')).toBe('[REDACTED:address]');
  });

  test.each([
    ['email', 'ivan.petrov@example.com', '***@example.com'],
    ['customer.email', 'Ivan Petrov <ivan.petrov@example.com>', '***@example.com'],
    ['customerEmail', 'ivan@localhost', '***@localhost'],
    ['customer_email', 'ivan.petrov at example.com', '***'],
    ['e-mail', 'a@b.io; c@d.org', '***@b.io, ***@d.org'],
    ['email_address', 'ivan.petrov@example.com', '***@example.com'],
  ])('SEC-1 e-mail key %s with %s → %s', (key, value, expected) => {
    expect(maskValue(key, value)).toBe(expected);
  });

  test.each([
    ['phone', '+7 (916) 123-45-67', '+7*******67'],
    ['tel', '8 916 123 45 67', '*******67'],
    ['mobile', '+44 20 7946 0958', '+44*******58'],
    ['msisdn', '79161234567', '*******67'],
    ['phone_number', '(916) 123-45-67 доб. 12', '*******12'],
    ['customer.phone', '0049 30 901820 11', '+49*******11'],
    ['phone', 79161234567, '*******67'],
    ['phone', 'n/a', 'n/a'],
  ])('SEC-1 phone key %s with %s → %s', (key, value, expected) => {
    expect(maskValue(key, value)).toBe(expected);
  });

  test.each([
    ['card_number', '4111 1111 1111 1111', '**** **** **** 1111'],
    ['cardNumber', '4000123412341235', '**** **** **** 1235'],
    ['pan', 5555555555554444, '**** **** **** 4444'],
  ])('SEC-1 card key %s with %s → %s (no Luhn needed under a card key)', (key, value, expected) => {
    expect(maskValue(key, value)).toBe(expected);
  });

  test.each([
    ['order.id', '79161234567'],
    ['order_id', '79161234567'],
    ['orderId', '89161234567'],
    ['id', '+79161234567'],
    ['customer_id', 'cus_8842'],
    ['customer.name_id', 'Анна'],
    ['phone_id', '79161234567'],
  ])('SEC-1 id key %s keeps %s (never hashed as a name, never the phone rule)', (key, value) => {
    expect(maskValue(key, value)).toBe(value);
  });

  test('SEC-1 id keys still get e-mail, card and token masking', () => {
    expect(maskValue('order.id', 'ivan.petrov@example.com')).toBe('***@example.com');
    expect(maskValue('payment_id', '4111111111111111')).toBe('**** **** **** 1111');
    expect(maskValue('request_id', 'Bearer abc')).toBe('Bearer [REDACTED]');
  });

  test.each([
    ['file_name', 'ring-model.stl'],
    ['event.name', 'order.created'],
    ['service.name', 'shop-api'],
    ['span.name', 'POST /orders/:id'],
    ['queue_name', 'new_order'],
    ['hostname', 'mes-worker-01'],
    ['notification_type', 'email'],
    ['http.route', '/orders/:id'],
    ['server.address', '10.0.0.1'],
    ['client.address', '192.168.10.200'],
    ['network.peer.address', '10.0.0.2'],
    ['ipAddress', '10.0.0.3'],
    ['token_type', 'Bearer'],
    ['password_length', 12],
    ['email_verified', true],
    ['phone_type', 'mobile'],
    ['exchange.name', 'orders'],
    ['db.name', 'crm'],
    ['product.name', 'Кольцо «Классика»'],
    ['username_policy', 'strict'],
    ['country_code', 'RU'],
    ['order_number', '2026-000123'],
  ])('SEC-1 %s is not a personal key: %s stays', (key, value) => {
    expect(maskValue(key, value)).toBe(value);
  });

  test('SEC-1 non-string primitives pass through unless the key is sensitive or the number is personal', () => {
    expect(maskValue('count', 5)).toBe(5);
    expect(maskValue('amount', 4000123412341235)).toBe(4000123412341235);
    // A number long enough to be a card, phone or document gets the text rules on its digits.
    expect(maskValue('amount', 4111111111111111)).toBe('**** **** **** 1111');
    expect(maskValue('ok', true)).toBe(true);
    expect(maskValue('total', 10n)).toBe(10n);
    expect(maskValue('pin', 1234)).toBe('[REDACTED]');
    expect(maskValue('cvv', 123)).toBe('[REDACTED]');
    expect(maskValue('zip', 125009)).toBe('[REDACTED:address]');
    expect(maskValue('password', null)).toBeNull();
    expect(maskValue('password', undefined)).toBeUndefined();
    expect(maskValue('password', true)).toBe(true);
  });
});

describe('SEC-1 maskAttributes: deep copy', () => {
  test('SEC-1 nested objects take the qualifier from their parent key', () => {
    const out = maskAttributes({
      customer: { name: 'Анна Смирнова', email: 'anna@mail.ru', phone: '+79161234567', id: 'cus_8842' },
      service: { name: 'shop-api' },
      items: [{ name: 'Кольцо', qty: 1 }],
      name: 'Иван',
    });
    expect(out).toEqual({
      customer: { name: nameToken('Анна Смирнова'), email: '***@mail.ru', phone: '+7*******67', id: 'cus_8842' },
      service: { name: 'shop-api' },
      items: [{ name: 'Кольцо', qty: 1 }],
      name: nameToken('Иван'),
    });
  });

  test('SEC-1 a sensitive key covers everything below it, except ids and metadata', () => {
    const out = maskAttributes({
      address: { city: 'Москва', street: 'Тверская', house: '7', flat: 12 },
      credentials: { user: 'atelier', secret: 'x', list: ['a', 'b'] },
      auth: { token: { value: 'abc', type: 'Bearer', expires_in: 3600 } },
      recipient: { name: 'Анна', phone: '89161234567', id: 7, comment: 'позвонить' },
    });
    expect(out).toEqual({
      address: { city: '[REDACTED:address]', street: '[REDACTED:address]', house: '[REDACTED:address]', flat: '[REDACTED:address]' },
      credentials: { user: '[REDACTED]', secret: '[REDACTED]', list: ['[REDACTED]', '[REDACTED]'] },
      auth: { token: { value: '[REDACTED]', type: 'Bearer', expires_in: 3600 } },
      recipient: { name: nameToken('Анна'), phone: '*******67', id: 7, comment: nameToken('позвонить') },
    });
  });

  test('SEC-1 values under sensitive keys are hunted in the same record’s free text', () => {
    const out = maskAttributes({
      recipient: "John O'Connor",
      password: 'S3cr3t!Pass',
      message: "Dear John O'Connor, your password S3cr3t!Pass was reset. Regards, John",
      error: new Error("login failed for John O'Connor"),
    });
    expect(out.message).toBe(`Dear ${nameToken("John O'Connor")}, your password [REDACTED] was reset. Regards, ${nameToken('John')}`);
    expect(out.error.message).toBe(`login failed for ${nameToken("John O'Connor")}`);
    expect(out.error.stack).not.toContain("O'Connor");
  });

  test('SEC-1 maskRecord: a log body and its attributes are one scope, the body read as a top-level value', () => {
    const attributes = deepFreeze({ recipient: "John O'Connor", password: 'S3cr3t!Pass', 'order.id': 'ORD-2026-000123' });
    const text = defaultMasker.maskRecord("Dear John O'Connor, your password S3cr3t!Pass was reset", attributes);
    expect(text).toEqual({
      body: `Dear ${nameToken("John O'Connor")}, your password [REDACTED] was reset`,
      attributes: { recipient: nameToken("John O'Connor"), password: '[REDACTED]', 'order.id': 'ORD-2026-000123' },
    });
    // A map body: its keys are top-level keys (a bare name is a name), and its secrets are hunted in the attributes.
    const map = defaultMasker.maskRecord({ name: 'Анна Смирнова', token: 'tok-Qm9vZ2ll' }, { note: 'retry with tok-Qm9vZ2ll' });
    expect(map).toEqual({ body: { name: nameToken('Анна Смирнова'), token: '[REDACTED]' }, attributes: { note: 'retry with [REDACTED]' } });
    expect(defaultMasker.maskRecord(undefined, {})).toEqual({ body: undefined, attributes: {} });
  });

  test('SEC-1 short secrets and lower-case logins are not hunted elsewhere', () => {
    expect(maskAttributes({ cvv: '123', order_id: 'ORD-2026-000123' })).toEqual({ cvv: '[REDACTED]', order_id: 'ORD-2026-000123' });
    expect(maskAttributes({ 'user.name': 'admin', 'http.route': '/admin/orders' })).toEqual({
      'user.name': nameToken('admin'),
      'http.route': '/admin/orders',
    });
  });

  test('SEC-1 the input is never mutated', () => {
    const input = deepFreeze({
      name: 'Анна Смирнова',
      nested: { email: 'anna@mail.ru', list: [{ phone: '+79161234567' }], when: '2026-03-15' },
      message: 'call +7 916 123 45 67',
    });
    const before = JSON.stringify(input);
    const out = maskAttributes(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(out).not.toBe(input);
    expect(out.nested).not.toBe(input.nested);
    expect(out.nested.list).not.toBe(input.nested.list);
  });

  test('SEC-1 cycles become [Circular] and the result serialises', () => {
    const a: Record<string, unknown> = { email: 'a@b.io' };
    a.self = a;
    a.list = [a, { back: a }];
    const out = maskAttributes(a);
    expect(out.self).toBe('[Circular]');
    expect(out.list).toEqual(['[Circular]', { back: '[Circular]' }]);
    expect(() => JSON.stringify(out)).not.toThrow();
    expect(JSON.stringify(out)).not.toContain('a@b.io');
  });

  test('SEC-1 shared (non-cyclic) references are copied, not marked circular', () => {
    const shared = { phone: '+79161234567' };
    const out = maskAttributes({ a: shared, b: shared });
    expect(out).toEqual({ a: { phone: '+7*******67' }, b: { phone: '+7*******67' } });
  });

  test('SEC-1 deep nesting is cut at maxDepth', () => {
    let deep: Record<string, unknown> = { email: 'deep@secret.io' };
    for (let i = 0; i < 100; i++) deep = { child: deep };
    const out = JSON.stringify(maskAttributes(deep));
    expect(out).toContain('[Truncated]');
    expect(out).not.toContain('deep@secret.io');
    const shallow = createMasker({ maxDepth: 2 }).maskAttributes({ a: { b: { c: 1 } } });
    expect(shallow).toEqual({ a: { b: '[Truncated]' } });
  });

  test('SEC-1 Errors keep their class and name; message, stack and own properties are masked', () => {
    class HttpError extends Error {
      constructor(
        message: string,
        readonly config: { headers: Record<string, string> },
      ) {
        super(message);
        this.name = 'HttpError';
      }
    }
    const err = new HttpError('request for ivan.petrov@example.com failed', { headers: { Authorization: 'Bearer abc', Accept: 'json' } });
    const out = maskAttributes({ err }).err;
    expect(out).toBeInstanceOf(HttpError);
    expect(out).toBeInstanceOf(Error);
    expect(out).not.toBe(err);
    expect(out.name).toBe('HttpError');
    expect(out.message).toBe('request for ***@example.com failed');
    expect(out.stack).toContain('***@example.com');
    expect(out.stack).not.toContain('ivan.petrov');
    expect(out.config).toEqual({ headers: { Authorization: '[REDACTED]', Accept: 'json' } });
    expect(err.message).toBe('request for ivan.petrov@example.com failed');
  });

  test('SEC-1 Error causes are masked too', () => {
    const err = new Error('outer', { cause: new Error('inner +79161234567') });
    const out = maskAttributes({ err }).err;
    expect((out.cause as Error).message).toBe('inner +7*******67');
  });

  test('SEC-1 Dates are cloned; under a sensitive key they are masked', () => {
    const when = new Date('2026-03-15T10:20:30.123Z');
    const out = maskAttributes({ when, birth_date: new Date('1985-05-01T00:00:00Z') });
    expect(out.when).toBeInstanceOf(Date);
    expect(out.when).not.toBe(when);
    expect(out.when.getTime()).toBe(when.getTime());
    expect(out.birth_date).toBe('[REDACTED]');
  });

  test('SEC-1 Maps, Sets, URL objects and URLSearchParams are masked', () => {
    const out = maskAttributes({
      map: new Map<string, unknown>([
        ['email', 'a@b.io'],
        ['count', 2],
      ]),
      set: new Set(['+79161234567', 'ok']),
      url: new URL('https://shop.example/login?password=S3cr3t&x=1'),
      params: new URLSearchParams({ token: 'abcdef', page: '2' }),
    });
    expect(out.map).toEqual(
      new Map<string, unknown>([
        ['email', '***@b.io'],
        ['count', 2],
      ]),
    );
    expect(out.set).toEqual(new Set(['+7*******67', 'ok']));
    expect(out.url).toBe('https://shop.example/login?password=[REDACTED]&x=1');
    expect(out.params).toBe('token=[REDACTED]&page=2');
  });

  test('SEC-1 keys are masked as text too, and __proto__ keys stay plain data', () => {
    const input = JSON.parse('{"ivan@example.com": 1, "__proto__": {"polluted": true}}') as Record<string, unknown>;
    const out = maskAttributes(input);
    expect(Object.keys(out)).toEqual(['***@example.com', '__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('SEC-1 primitives and arrays at the top level', () => {
    expect(maskAttributes('mail me: a@b.io')).toBe('mail me: ***@b.io');
    expect(maskAttributes(42)).toBe(42);
    expect(maskAttributes(null)).toBeNull();
    expect(maskAttributes([{ name: 'Анна' }, 'x@y.io'])).toEqual([{ name: nameToken('Анна') }, '***@y.io']);
  });

  test('SEC-1 methods work unbound and getters that throw do not break masking', () => {
    const { maskAttributes: unbound } = createMasker();
    const obj = Object.defineProperty({ ok: 1 }, 'bad', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(unbound(obj)).toEqual({ ok: 1, bad: '[Unreadable]' });
  });

  // Its cost is measured by the bench (packages/masking README), not by a timed test that flakes on a busy machine.
  test('SEC-1 a typical record, nothing personal in it, comes back unchanged', () => {
    const record = {
      'event.name': 'order.status_changed',
      'service.name': 'crm-api',
      order_id: 'ORD-2026-000123',
      customer_id: 'cus_8842',
      from_status: 'new',
      to_status: 'confirmed',
      'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736',
      'span.id': '00f067aa0ba902b7',
      'http.route': '/orders/:id',
      total: 12500,
    };
    expect(maskAttributes(record)).toEqual(record);
  });
});

describe('SEC-1 maskAttributesOrSame: the span exporter’s call', () => {
  const texts = corpusCases()
    .filter((c) => c.text !== undefined)
    .map((c) => c.text as string);

  test('SEC-1 every corpus text under plain, id and sensitive keys, in turns and repeated, masks as a fresh masker does', () => {
    const masker = createMasker({ salt: CORPUS_SALT });
    const keys = ['note', 'order.id', 'customer', 'messaging.destination', 'password', 'first_name', 'shipping_address', 'phone', 'note'];
    const records = (key: string, text: string): Array<Record<string, unknown>> => [
      { [key]: text, 'http.route': '/orders' },
      // Nested: under a plain parent, and under a secret one whose class flows down.
      { order: { [key]: text } },
      { credentials: { [key]: text, type: 'basic' } },
    ];
    const wrong: string[] = [];
    for (const text of texts) {
      // What is remembered never changes a result: a new masker, which remembers nothing of this text, is the reference.
      const reference = createMasker({ salt: CORPUS_SALT });
      // The same value under each key, twice in a row (the second time the key's last clean value decides).
      for (const key of keys) {
        for (const record of records(key, text)) {
          const want = JSON.stringify(reference.maskAttributes(record));
          for (let i = 0; i < 2; i++) {
            if (JSON.stringify(masker.maskAttributesOrSame(record)) !== want) wrong.push(`maskAttributesOrSame ${key}: ${text}`);
            if (JSON.stringify(masker.maskAttributes(record)) !== want) wrong.push(`maskAttributes ${key}: ${text}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('SEC-1 a value kept under one key is still masked under a sensitive key, also in a later call', () => {
    const { maskAttributesOrSame } = createMasker();
    const clean = { note: 'Masha', 'order.id': '79161234567', status: 'Qwerty-2026x', customer: 'cus_8842' };
    expect(maskAttributesOrSame(clean)).toBe(clean);
    expect(maskAttributesOrSame({ first_name: 'Masha' })).toEqual({ first_name: nameToken('Masha') });
    expect(maskAttributesOrSame({ note: '79161234567' })).toEqual({ note: '*******67' });
    expect(maskAttributesOrSame({ password: 'Qwerty-2026x' })).toEqual({ password: '[REDACTED]' });
    // A soft key: its last kept value says nothing about the next one.
    expect(maskAttributesOrSame({ customer: 'Анна Смирнова' })).toEqual({ customer: nameToken('Анна Смирнова') });
    expect(maskAttributesOrSame({ customer: 'cus_8842' })).toEqual({ customer: 'cus_8842' });
  });

  test('SEC-1 the map itself when nothing is masked, else a copy with echoes hunted; the input never changes', () => {
    const { maskAttributesOrSame } = createMasker();
    const span = deepFreeze({
      'http.request.method': 'POST',
      'server.port': 5672,
      'messaging.message.id': '729ab93a-2b88-4910-9b44-000000000001',
      'http.request.header.accept': ['application/json', 'text/plain'],
      ok: true,
      nothing: null,
    });
    expect(maskAttributesOrSame(span)).toBe(span);
    const personal = deepFreeze({
      'http.route': '/orders',
      recipient: "John O'Connor",
      note: "for John O'Connor",
      list: ['a', 'ivan@mail.ru'],
    });
    const out = maskAttributesOrSame(personal);
    expect(out).not.toBe(personal);
    expect(out).toEqual({
      'http.route': '/orders',
      recipient: nameToken("John O'Connor"),
      note: `for ${nameToken("John O'Connor")}`,
      list: ['a', '***@mail.ru'],
    });
    expect(personal.note).toBe("for John O'Connor");
  });

  test('SEC-1 argv, large numbers, keys, nested maps, getters, Dates and shallow depth limits go the copying way', () => {
    const masker = createMasker();
    const argv = { 'process.command_args': ['node', 'app.js', '--db-password', 'S3cr3t', '--port', '8080'] };
    expect(masker.maskAttributesOrSame(argv)).toEqual({
      'process.command_args': ['node', 'app.js', '--db-password', '[REDACTED]', '--port', '8080'],
    });
    expect(masker.maskAttributesOrSame({ amount: 4111111111111111, small: 12500 })).toEqual({
      amount: '**** **** **** 1111',
      small: 12500,
    });
    expect(masker.maskAttributesOrSame({ 'ivan@mail.ru': 'vip' })).toEqual({ '***@mail.ru': 'vip' });
    const nested = { order: { id: 'ORD-1' } };
    expect(masker.maskAttributesOrSame(nested)).not.toBe(nested);
    expect(masker.maskAttributesOrSame(nested)).toEqual(nested);
    const when = new Date(0);
    expect(masker.maskAttributesOrSame({ when }).when).not.toBe(when);
    const throwing = Object.defineProperty({ ok: 1 }, 'bad', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(masker.maskAttributesOrSame(throwing)).toEqual({ ok: 1, bad: '[Unreadable]' });
    const list = { tags: ['a', 'b'] };
    expect(createMasker({ maxDepth: 1 }).maskAttributesOrSame(list)).toEqual({ tags: '[Truncated]' });
    expect(masker.maskAttributesOrSame('mail me: a@b.io')).toBe('mail me: ***@b.io');
    class Attributes {
      note = 'x';
    }
    const instance = new Attributes();
    expect(masker.maskAttributesOrSame(instance)).not.toBe(instance);
  });
});
