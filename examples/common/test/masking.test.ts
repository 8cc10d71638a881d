import { Writable } from 'node:stream';
import { createLogger } from '@jewelry/logger';
import { SCENARIO_PEOPLE, SCENARIO_UPDATE, scenarioPersonalData } from '@jewelry-examples/common/scenario';

/** The record shapes the services write with personal data in them: masked by the logger, never in clear. */
describe('personal data of the scenario through the services’ log calls (SEC-1)', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger({ stream, level: 'debug', service: { name: 'shop-api' } });

  test('shop-api, partner-api, crm-api debug records and an error quoting an e-mail carry no name, e-mail, phone or address', () => {
    for (const p of Object.values(SCENARIO_PEOPLE)) {
      log.debug('order request', {
        'order.id': 'ORD-2026-TEST0001',
        'customer.id': p.customerId,
        customer: p.contact,
        'order.items_count': 1,
      });
      log.debug('partner order request', { 'partner.id': 'prt_aurum', contact: p.contact });
      log.debug('new order for CRM', { 'order.id': 'ORD-2026-TEST0001', customer: p.contact });
      log.debug('order confirmation e-mail composed', { 'order.id': 'ORD-2026-TEST0001', 'recipient.email': p.contact.email });
      log.error('notification failed', { err: new Error(`SMTP refused ${p.contact.email}, phone ${p.contact.phone}`) });
    }
    expect(lines.length).toBe(5 * Object.keys(SCENARIO_PEOPLE).length);
    const all = lines.join('\n');
    for (const value of scenarioPersonalData().filter((v) => v !== SCENARIO_UPDATE.deliveryAddress && v !== SCENARIO_UPDATE.phone))
      expect(all).not.toContain(value);
    // Still useful to support: the customer id stays, the e-mail keeps its domain.
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first['customer.id']).toBe('cus_1001');
    expect(JSON.stringify(first)).toContain('***@example.com');
  });
});
