import { randomBytes } from 'node:crypto';

/**
 * The order model the four services share, and the validation of what a
 * client sends. Validation messages name fields, never their values: a
 * value may be a customer's name, e-mail or phone (SEC-1).
 */

export type OrderSource = 'shop-api' | 'partner-api';

/** CRM order statuses, in the order an order goes through them. */
export type OrderStatus = 'new' | 'priced' | 'confirmed' | 'failed';
export const ORDER_STATUSES: readonly OrderStatus[] = ['new', 'priced', 'confirmed', 'failed'];

export interface OrderItem {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
}

/** Personal data: stored by CRM, never written to a log unmasked. */
export interface CustomerContact {
  name: string;
  email: string;
  phone: string;
  address: string;
}

export const MODEL_FORMATS = ['stl', 'obj', '3dm', 'step', 'stp', 'ply'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** `ORD-<year>-<8 characters>`; order ids go everywhere, so they carry nothing but randomness and the year. */
export function newOrderId(now: Date = new Date()): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  let suffix = '';
  for (const b of bytes) suffix += alphabet[b % alphabet.length];
  return `ORD-${now.getUTCFullYear()}-${suffix}`;
}

export function round2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

export function itemsTotal(items: readonly OrderItem[]): number {
  return round2(items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 500): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

export function validateItems(value: unknown, path = 'items'): Validation<OrderItem[]> {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, errors: [`${path}: a non-empty list is required`] };
  if (value.length > 100) return { ok: false, errors: [`${path}: at most 100 lines`] };
  const errors: string[] = [];
  const items: OrderItem[] = [];
  value.forEach((raw, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(raw)) {
      errors.push(`${p}: an object is required`);
      return;
    }
    if (!isText(raw.sku, 64)) errors.push(`${p}.sku: required text`);
    if (!isText(raw.title, 200)) errors.push(`${p}.title: required text`);
    if (typeof raw.quantity !== 'number' || !Number.isInteger(raw.quantity) || raw.quantity < 1 || raw.quantity > 10000)
      errors.push(`${p}.quantity: a whole number 1…10000 is required`);
    if (typeof raw.unitPrice !== 'number' || !Number.isFinite(raw.unitPrice) || raw.unitPrice < 0)
      errors.push(`${p}.unitPrice: a non-negative number is required`);
    items.push({ sku: String(raw.sku), title: String(raw.title), quantity: Number(raw.quantity), unitPrice: Number(raw.unitPrice) });
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: items };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateContact(value: unknown, path = 'customer'): Validation<CustomerContact> {
  if (!isObject(value)) return { ok: false, errors: [`${path}: an object with name, email, phone, address is required`] };
  const errors: string[] = [];
  if (!isText(value.name, 200)) errors.push(`${path}.name: required text`);
  if (typeof value.email !== 'string' || !EMAIL.test(value.email)) errors.push(`${path}.email: a valid e-mail address is required`);
  if (typeof value.phone !== 'string' || (value.phone.match(/\d/g) ?? []).length < 6)
    errors.push(`${path}.phone: a phone number is required`);
  if (!isText(value.address, 500)) errors.push(`${path}.address: required text`);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { name: String(value.name), email: String(value.email), phone: String(value.phone), address: String(value.address) },
  };
}

export function validateCurrency(value: unknown, path = 'currency'): Validation<string> {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value)
    ? { ok: true, value }
    : { ok: false, errors: [`${path}: an ISO-4217 code is required (RUB, EUR, USD…)`] };
}

/** The stated total must match the lines (to the cent), so a client cannot send a total the items do not add up to. */
export function validateTotal(value: unknown, items: readonly OrderItem[], path = 'totalCost'): Validation<number> {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    return { ok: false, errors: [`${path}: a non-negative number is required`] };
  const expected = itemsTotal(items);
  if (Math.abs(round2(value) - expected) > 0.005) return { ok: false, errors: [`${path}: does not match the items (${expected})`] };
  return { ok: true, value: round2(value) };
}

export function normalizeFormat(value: unknown): ModelFormat | undefined {
  if (typeof value !== 'string') return undefined;
  const f = value.trim().toLowerCase().replace(/^\./, '');
  return (MODEL_FORMATS as readonly string[]).includes(f) ? (f as ModelFormat) : undefined;
}

export function isCustomerId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(value);
}
