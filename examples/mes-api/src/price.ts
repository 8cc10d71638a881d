/**
 * The MES price of an order: the materials (the order lines) plus the model
 * work, which grows with the 3D model's size and depends on its format
 * (formats that need conversion before production cost more). A pure
 * function: the time a real calculation takes is added by the caller
 * (MES_PRICE_CALC_MS).
 */

/** Work factor per model format; other formats cost UNKNOWN_FORMAT_FACTOR. */
export const FORMAT_FACTORS: Readonly<Record<string, number>> = { stl: 1, obj: 1.1, ply: 1.15, '3dm': 1.25, step: 1.4, stp: 1.4 };
export const UNKNOWN_FORMAT_FACTOR = 1.5;
/** Model preparation, in RUB. */
export const MODEL_BASE_PRICE = 1500;
/** Per started KiB of the model, in RUB. */
export const PRICE_PER_KIB = 12.5;
/** Model work is priced in RUB; example rates into the order currency (unknown currencies: 1). */
export const RUB_TO: Readonly<Record<string, number>> = { RUB: 1, EUR: 0.0105, USD: 0.0115, GBP: 0.009 };

export interface PriceInput {
  items: readonly { quantity: number; unitPrice: number }[];
  currency: string;
  model?: { format: string; sizeBytes: number };
}

export interface PriceBreakdown {
  materials: number;
  modelWork: number;
  formatFactor: number;
  total: number;
}

const round2 = (v: number): number => Math.round((v + Number.EPSILON) * 100) / 100;

export function calculatePrice(input: PriceInput): PriceBreakdown {
  let materials = 0;
  for (const [i, item] of input.items.entries()) {
    if (!Number.isInteger(item.quantity) || item.quantity < 1) throw new RangeError(`items[${i}].quantity must be a positive whole number`);
    if (!Number.isFinite(item.unitPrice) || item.unitPrice < 0) throw new RangeError(`items[${i}].unitPrice must be a non-negative number`);
    materials += item.quantity * item.unitPrice;
  }
  let modelWork = 0;
  let formatFactor = 0;
  if (input.model) {
    const { format, sizeBytes } = input.model;
    if (!Number.isFinite(sizeBytes) || sizeBytes < 0) throw new RangeError('model.sizeBytes must be a non-negative number');
    formatFactor = FORMAT_FACTORS[format.toLowerCase()] ?? UNKNOWN_FORMAT_FACTOR;
    const kib = Math.ceil(sizeBytes / 1024);
    modelWork = round2((MODEL_BASE_PRICE + PRICE_PER_KIB * kib) * formatFactor * (RUB_TO[input.currency] ?? 1));
  }
  materials = round2(materials);
  return { materials, modelWork, formatFactor, total: round2(materials + modelWork) };
}
