import { classifyKey, splitKey } from '@jewelry/masking';
import { KEY_CASES } from './key-cases';

describe('SEC-1 splitKey', () => {
  test.each([
    ['customer.email', ['customer', 'email']],
    ['customer_email', ['customer', 'email']],
    ['customer-email', ['customer', 'email']],
    ['customerEmail', ['customer', 'email']],
    ['CUSTOMER_EMAIL', ['customer', 'email']],
    ['APIKey', ['api', 'key']],
    ['address2', ['address', '2']],
    ['http.request.header.set-cookie', ['http', 'request', 'header', 'set', 'cookie']],
    ['ФИО_получателя', ['фио', 'получателя']],
    ['номерТелефона', ['номертелефона']],
  ])('SEC-1 %s → %j', (key, words) => {
    expect(splitKey(key)).toEqual(words);
  });
});

describe('SEC-1 classifyKey: exact word matching in every key style', () => {
  test.each(KEY_CASES)('SEC-1 %s is %s', (key, cls) => {
    expect(classifyKey(key)).toBe(cls);
  });

  test.each([
    ['name', 'customer', 'name'],
    ['name', 'service', 'none'],
    ['name', 'items', 'none'],
    ['address', 'shipping', 'address'],
    ['address', 'server', 'none'],
    ['number', 'phone', 'none'],
    ['pin', 'product', 'none'],
    ['pin', 'card', 'secret'],
    ['имя', 'клиента', 'name'],
    ['city', 'address', 'none'],
  ] as const)('SEC-1 nested key %s under %s is %s', (key, parent, cls) => {
    expect(classifyKey(key, parent)).toBe(cls);
  });

  // A flat dotted key reads like the nesting it flattens; a key that is not a path of identifiers does not.
  test.each([
    ['credentials.user', 'secret'],
    ['auth.credentials.login', 'secret'],
    ['password.hint', 'secret'],
    ['customer.address.city', 'address'],
    ['паспорт.выдан', 'passport'],
    ['token.type', 'meta'],
    ['customer.id', 'id'],
    ['customer.note', 'none'],
    ['service.name', 'none'],
    ['messaging.destination.name', 'none'],
    ['ivan@mail.ru', 'none'],
  ] as const)('SEC-1 dotted key %s is %s', (key, cls) => {
    expect(classifyKey(key)).toBe(cls);
  });
});
