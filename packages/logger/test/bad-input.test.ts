import { createLogger, getEventDiagnostics } from '@jewelry/logger';
import { LineCapture } from './capture';

/** Issue 7: what careless callers hand the logger (the end-to-end side is test/e2e/bad-input-*.test.ts). */
describe('bad input to the logger (SEC-1, issue 7)', () => {
  test('the schema warning and lastErrors name the problem, never the value given (it may be personal)', () => {
    const warnings: string[] = [];
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(((w: string | Error) => {
      warnings.push(String(w));
    }) as typeof process.emitWarning);
    try {
      const out = new LineCapture();
      const log = createLogger({ stream: out });
      const loose = log.events as unknown as Record<string, (f: unknown) => void>;
      loose.notificationSent!({ customerId: 'cus_1', orderId: 'ORD-1', notificationType: 'order_confirmed', notificationChannel: 'Olga Petrova <olga.p@example.org>, +7 916 123-45-67' });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('notification.channel: "…" is not one of');
      for (const value of ['Olga Petrova', 'olga.p@example.org', '916 123-45-67']) {
        expect(warnings[0]).not.toContain(value);
        expect(getEventDiagnostics().lastErrors.join(' ')).not.toContain(value);
      }
      // The record keeps the whole problem, masked like every value of the record.
      expect(out.last()['event.schema_errors']).toEqual([expect.stringContaining('***@example.org')]);
    } finally {
      spy.mockRestore();
    }
  });
});
