import {
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

/** A partner jeweler's order (B2B): the partner is the customer; the model is described, not uploaded. */
export interface PartnerOrderRequest {
  partnerOrderRef?: string;
  contact?: CustomerContact;
  items: OrderItem[];
  totalCost: number;
  currency: string;
  model?: { format: ModelFormat; size: number };
}

export type PartnerCheck = { ok: true; partnerId: string } | { ok: false; status: 401 | 403; reason: string };

/** `x-partner-id` must name a known partner. */
export function checkPartner(header: string | undefined, known: readonly string[]): PartnerCheck {
  if (!header) return { ok: false, status: 401, reason: 'x-partner-id header missing' };
  if (!known.includes(header)) return { ok: false, status: 403, reason: 'unknown partner' };
  return { ok: true, partnerId: header };
}

/** A partner id safe to write in a record (`unknown` for anything that does not look like an id). */
export function partnerIdForLog(header: string | undefined): string {
  return header && /^[A-Za-z0-9_.:-]{1,64}$/.test(header) ? header : 'unknown';
}

export function validatePartnerOrder(body: unknown): Validation<PartnerOrderRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: ['body: a JSON object is required'] };
  const b = body as Record<string, unknown>;
  const errors: string[] = [];
  const items = validateItems(b.items);
  if (!items.ok) errors.push(...items.errors);
  const currency = validateCurrency(b.currency);
  if (!currency.ok) errors.push(...currency.errors);
  const total = items.ok ? validateTotal(b.totalCost, items.value) : undefined;
  if (total && !total.ok) errors.push(...total.errors);
  const contact = b.contact === undefined ? undefined : validateContact(b.contact, 'contact');
  if (contact && !contact.ok) errors.push(...contact.errors);
  if (b.partnerOrderRef !== undefined && (typeof b.partnerOrderRef !== 'string' || !/^[A-Za-z0-9_.:/-]{1,64}$/.test(b.partnerOrderRef)))
    errors.push('partnerOrderRef: an id of at most 64 characters');
  let model: PartnerOrderRequest['model'];
  if (b.model !== undefined) {
    const m = b.model as Record<string, unknown>;
    const format = normalizeFormat(m?.format);
    const size = m?.size;
    if (!format) errors.push('model.format: one of stl, obj, 3dm, step, stp, ply');
    if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) errors.push('model.size: a positive whole number of bytes');
    if (format && typeof size === 'number') model = { format, size };
  }
  if (errors.length || !items.ok || !currency.ok || !total?.ok || (contact && !contact.ok)) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...(typeof b.partnerOrderRef === 'string' ? { partnerOrderRef: b.partnerOrderRef } : {}),
      ...(contact?.ok ? { contact: contact.value } : {}),
      items: items.value,
      totalCost: total.value,
      currency: currency.value,
      ...(model ? { model } : {}),
    },
  };
}
