import { isConnectionError, toNumber } from '@jewelry-examples/common/db';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database failures: unreachable (FATAL) or an error (ERROR)', () => {
  test.each([
    [withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [withCode('getaddrinfo ENOTFOUND db.internal', 'ENOTFOUND')],
    [withCode('terminating connection due to administrator command', '57P01')],
    [withCode('the database system is starting up', '57P03')],
    [withCode('connection failure', '08006')],
    [withCode('sorry, too many clients already', '53300')],
    [new Error('Connection terminated unexpectedly')],
    [new Error('timeout expired')],
    [new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], '')],
  ])('%s is a connection failure', (err) => {
    expect(isConnectionError(err)).toBe(true);
  });

  test.each([
    [withCode('relation "crm_orders" does not exist', '42P01')],
    [withCode('duplicate key value violates unique constraint', '23505')],
    [new Error('boom')],
    ['ECONNREFUSED'],
    [undefined],
  ])('%s is not', (err) => {
    expect(isConnectionError(err)).toBe(false);
  });

  test('numeric columns arrive as strings', () => {
    expect(toNumber('48500.50')).toBe(48500.5);
    expect(toNumber(null)).toBeUndefined();
    expect(toNumber('x')).toBeUndefined();
  });
});
