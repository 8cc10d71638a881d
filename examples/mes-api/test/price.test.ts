import { calculatePrice, FORMAT_FACTORS, MODEL_BASE_PRICE, PRICE_PER_KIB, UNKNOWN_FORMAT_FACTOR } from '../src/price';

describe('MES price from the 3D model (size, format) and the order lines', () => {
  const items = [
    { quantity: 1, unitPrice: 48500 },
    { quantity: 1, unitPrice: 1500 },
  ];

  test('materials plus model work; each started KiB counts', () => {
    // 4884 bytes = 5 started KiB: (1500 + 12.5 × 5) × 1.0
    expect(calculatePrice({ items, currency: 'RUB', model: { format: 'stl', sizeBytes: 4884 } })).toEqual({
      materials: 50000,
      modelWork: 1562.5,
      formatFactor: 1,
      total: 51562.5,
    });
    expect(calculatePrice({ items, currency: 'RUB', model: { format: 'stl', sizeBytes: 5120 } }).modelWork).toBe(1562.5);
    expect(calculatePrice({ items, currency: 'RUB', model: { format: 'stl', sizeBytes: 5121 } }).modelWork).toBe(1575);
  });

  test('formats that need conversion cost more; an unknown format costs most', () => {
    const at = (format: string) => calculatePrice({ items: [], currency: 'RUB', model: { format, sizeBytes: 10240 } }).modelWork;
    expect(at('stl')).toBe(MODEL_BASE_PRICE + PRICE_PER_KIB * 10);
    expect(at('OBJ')).toBe(round2((MODEL_BASE_PRICE + PRICE_PER_KIB * 10) * FORMAT_FACTORS.obj!));
    expect(at('step')).toBeGreaterThan(at('3dm'));
    expect(at('dwg')).toBe(round2((MODEL_BASE_PRICE + PRICE_PER_KIB * 10) * UNKNOWN_FORMAT_FACTOR));
  });

  test('the model work is converted into the order currency', () => {
    const eur = calculatePrice({ items: [{ quantity: 2, unitPrice: 1150.5 }], currency: 'EUR', model: { format: 'stl', sizeBytes: 1024 } });
    expect(eur).toEqual({ materials: 2301, modelWork: 15.88, formatFactor: 1, total: 2316.88 });
  });

  test('without a model: materials only', () => {
    expect(calculatePrice({ items: [{ quantity: 3, unitPrice: 0.1 }], currency: 'RUB' })).toEqual({
      materials: 0.3,
      modelWork: 0,
      formatFactor: 0,
      total: 0.3,
    });
  });

  test('bad input is refused', () => {
    expect(() => calculatePrice({ items: [{ quantity: 0, unitPrice: 1 }], currency: 'RUB' })).toThrow(
      'items[0].quantity must be a positive whole number',
    );
    expect(() => calculatePrice({ items: [{ quantity: 1, unitPrice: Number.NaN }], currency: 'RUB' })).toThrow('items[0].unitPrice');
    expect(() => calculatePrice({ items: [], currency: 'RUB', model: { format: 'stl', sizeBytes: -1 } })).toThrow('model.sizeBytes');
  });
});

function round2(v: number): number {
  return Math.round((v + Number.EPSILON) * 100) / 100;
}
