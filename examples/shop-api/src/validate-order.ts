import {
  isCustomerId,
  normalizeFormat,
  validateContact,
  validateCurrency,
  validateItems,
  validateTotal,
  type CustomerContact,
  type ModelFormat,
  type OrderItem,
  type Validation,
} from '@jewelry-examples/common';

/** A customer order as POST /orders takes it, checked. */
export interface ShopOrderRequest {
  customerId: string;
  customer: CustomerContact;
  items: OrderItem[];
  totalCost: number;
  currency: string;
  model: { format: ModelFormat; content: Buffer };
}

export const MAX_MODEL_BYTES = 10 * 1024 * 1024;

/**
 * Checks the body of POST /orders. Errors name the wrong fields only, never
 * their values (which may be personal). The model's file name is not kept:
 * a customer's file name may hold their name, and nothing downstream needs it.
 */
export function validateShopOrder(body: unknown, maxModelBytes = MAX_MODEL_BYTES): Validation<ShopOrderRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: ['body: a JSON object is required'] };
  const b = body as Record<string, unknown>;
  const errors: string[] = [];
  if (!isCustomerId(b.customerId)) errors.push('customerId: an id (letters, digits, _ . : -) is required');
  const customer = validateContact(b.customer);
  if (!customer.ok) errors.push(...customer.errors);
  const items = validateItems(b.items);
  if (!items.ok) errors.push(...items.errors);
  const currency = validateCurrency(b.currency);
  if (!currency.ok) errors.push(...currency.errors);
  const total = items.ok ? validateTotal(b.totalCost, items.value) : undefined;
  if (total && !total.ok) errors.push(...total.errors);

  let model: ShopOrderRequest['model'] | undefined;
  const m = b.model as Record<string, unknown> | undefined;
  if (typeof m !== 'object' || m === null) {
    errors.push('model: {fileName, format, contentBase64} is required');
  } else {
    const format = normalizeFormat(m.format);
    if (!format) errors.push('model.format: one of stl, obj, 3dm, step, stp, ply');
    const base64 = typeof m.contentBase64 === 'string' ? m.contentBase64.replace(/\s+/g, '') : '';
    if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) errors.push('model.contentBase64: base64 content is required');
    else {
      const content = Buffer.from(base64, 'base64');
      if (content.length === 0) errors.push('model.contentBase64: the model is empty');
      else if (content.length > maxModelBytes) errors.push(`model.contentBase64: the model is larger than ${maxModelBytes} bytes`);
      else if (format) model = { format, content };
    }
  }
  if (errors.length || !customer.ok || !items.ok || !currency.ok || !total?.ok || !model) return { ok: false, errors };
  return {
    ok: true,
    value: {
      customerId: b.customerId as string,
      customer: customer.value,
      items: items.value,
      totalCost: total.value,
      currency: currency.value,
      model,
    },
  };
}
