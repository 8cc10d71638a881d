import type { Validation } from '@jewelry-examples/common';

/** What PATCH /orders/:id may change. */
export const UPDATABLE_FIELDS = ['deliveryAddress', 'phone', 'email', 'comment'] as const;
export type UpdatableField = (typeof UPDATABLE_FIELDS)[number];
export type OrderUpdate = Partial<Record<UpdatableField, string>>;

const LIMITS: Record<UpdatableField, number> = { deliveryAddress: 500, phone: 40, email: 254, comment: 1000 };

/**
 * Checks a PATCH body. Unknown fields are refused by name; errors never
 * quote values (they are an address, a phone, an e-mail).
 */
export function validateOrderUpdate(body: unknown): Validation<OrderUpdate> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: ['body: a JSON object is required'] };
  const errors: string[] = [];
  const update: OrderUpdate = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(UPDATABLE_FIELDS as readonly string[]).includes(key)) {
      errors.push(`${key}: not a field that can be changed (${UPDATABLE_FIELDS.join(', ')})`);
      continue;
    }
    const field = key as UpdatableField;
    if (typeof value !== 'string' || value.length > LIMITS[field] || (field !== 'comment' && value.trim() === '')) {
      errors.push(`${field}: text of at most ${LIMITS[field]} characters`);
      continue;
    }
    if (field === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      errors.push('email: a valid e-mail address');
      continue;
    }
    if (field === 'phone' && (value.match(/\d/g) ?? []).length < 6) {
      errors.push('phone: a phone number');
      continue;
    }
    update[field] = value;
  }
  if (errors.length) return { ok: false, errors };
  if (Object.keys(update).length === 0) return { ok: false, errors: [`body: at least one of ${UPDATABLE_FIELDS.join(', ')}`] };
  return { ok: true, value: update };
}

/** Names (only names: EV-3, SEC-1) of the fields whose value differs, in a stable order. */
export function changedFieldNames(current: Partial<Record<UpdatableField, string | null>>, update: OrderUpdate): UpdatableField[] {
  return UPDATABLE_FIELDS.filter((f) => update[f] !== undefined && update[f] !== (current[f] ?? undefined));
}

export const COLUMN_OF: Record<UpdatableField, string> = {
  deliveryAddress: 'delivery_address',
  phone: 'phone',
  email: 'email',
  comment: 'comment',
};
