import type { CustomerContact, OrderItem, OrderSource, OrderStatus } from './orders';

/**
 * The order messages on the `orders` exchange: JSON with an `eventType`.
 * `decodeMessage` checks the shape and names the wrong fields, never their
 * values (a body carries the customer's contact data).
 */

export type EventType = 'new_order' | 'status_change';

/** The 3D model stored in S3 (shop orders). */
export interface ModelFileRef {
  fileId: string;
  bucket: string;
  key: string;
  format: string;
  size: number;
}

export interface NewOrderMessage {
  eventType: 'new_order';
  orderId: string;
  customerId: string;
  source: OrderSource;
  partnerId?: string;
  /** Personal data for CRM; masked if it is ever logged. */
  customer?: CustomerContact;
  items: OrderItem[];
  totalCost: number;
  currency: string;
  /** The uploaded model (shop orders). */
  file?: ModelFileRef;
  /** A model described without upload (partner orders): format and size only. */
  model?: { format: string; size: number };
  createdAt: string;
}

export interface StatusChangeMessage {
  eventType: 'status_change';
  orderId: string;
  customerId: string;
  fromStatus: OrderStatus;
  toStatus: OrderStatus;
  price?: number;
  currency?: string;
  changedAt: string;
  changedBy: string;
}

export type OrderMessage = NewOrderMessage | StatusChangeMessage;

export class MessageFormatError extends Error {
  override readonly name = 'MessageFormatError';
  constructor(readonly problems: string[]) {
    super(`invalid order message: ${problems.join('; ')}`);
  }
}

export function encodeMessage(message: OrderMessage): Buffer {
  return Buffer.from(JSON.stringify(message), 'utf8');
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function decodeMessage(content: Buffer | string): OrderMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof content === 'string' ? content : content.toString('utf8'));
  } catch {
    throw new MessageFormatError(['body: not JSON']);
  }
  if (!obj(parsed)) throw new MessageFormatError(['body: not an object']);
  const problems: string[] = [];
  const need = (key: string, check: (v: unknown) => boolean, what: string) => {
    if (!check(parsed[key])) problems.push(`${key}: ${what}`);
  };
  need('orderId', str, 'text required');
  need('customerId', str, 'text required');
  if (parsed.eventType === 'new_order') {
    need('source', (v) => v === 'shop-api' || v === 'partner-api', 'shop-api or partner-api');
    need(
      'items',
      (v) => Array.isArray(v) && v.every((i) => obj(i) && str(i.sku) && num(i.quantity) && num(i.unitPrice)),
      'list of {sku, title, quantity, unitPrice}',
    );
    need('totalCost', num, 'number required');
    need('currency', str, 'text required');
    need('createdAt', str, 'text required');
    if (parsed.customer !== undefined)
      need(
        'customer',
        (v) => obj(v) && ['name', 'email', 'phone', 'address'].every((k) => typeof v[k] === 'string'),
        '{name, email, phone, address}',
      );
    if (parsed.file !== undefined)
      need(
        'file',
        (v) => obj(v) && str(v.fileId) && str(v.bucket) && str(v.key) && str(v.format) && num(v.size),
        '{fileId, bucket, key, format, size}',
      );
    if (parsed.model !== undefined) need('model', (v) => obj(v) && str(v.format) && num(v.size), '{format, size}');
  } else if (parsed.eventType === 'status_change') {
    need('fromStatus', str, 'text required');
    need('toStatus', str, 'text required');
    need('changedAt', str, 'text required');
    if (parsed.price !== undefined) need('price', num, 'number');
  } else {
    problems.push('eventType: new_order or status_change');
  }
  if (problems.length) throw new MessageFormatError(problems);
  return parsed as unknown as OrderMessage;
}

/** Whether a header value means "yes" (AMQP headers arrive as strings, booleans or Buffers). */
export function headerIsTrue(value: unknown): boolean {
  if (value === true) return true;
  const s = Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : '';
  return ['true', '1', 'yes'].includes(s.trim().toLowerCase());
}

/** The header a publisher sets to have MES refuse the first delivery once (the demo of LV-3). */
export const SIMULATE_TRANSIENT_FAILURE_HEADER = 'x-simulate-transient-failure';
