// Type-level checks of the event functions, compiled by `tsc -p tsconfig.test.json`
// (never run): each @ts-expect-error line must be a compile error.
import { createLogger } from '@jewelry/logger';

export function typeChecks(): void {
  const log = createLogger();
  log.events.orderCreated({ orderId: 'ORD-1', customerId: 'c', source: 'shop-api' });
  // @ts-expect-error — customerId is required
  log.events.orderCreated({ orderId: 'ORD-1', source: 'shop-api' });
  // @ts-expect-error — source is an enum
  log.events.orderCreated({ orderId: 'ORD-1', customerId: 'c', source: 'telegram' });
  // @ts-expect-error — totalCost is a number
  log.events.orderCreated({ orderId: 'ORD-1', customerId: 'c', source: 'shop-api', totalCost: '100' });
  // @ts-expect-error — unknown field
  log.events.orderConfirmed({ orderId: 'ORD-1', userId: 'u', email: 'x@example.com' });
  log.events.fileUploaded({ fileId: 'f', orderId: 'o', outcome: 'failure' });
  // @ts-expect-error — outcome is success|failure
  log.events.fileUploaded({ fileId: 'f', orderId: 'o', outcome: 'oops' });
}
