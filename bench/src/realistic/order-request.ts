import { orderBody } from '../overhead/order-body';

/** A small binary STL (one triangle per 50 bytes): what a customer's ring model starts as, a few KB here. */
function stlModel(triangles: number): Buffer {
  const buf = Buffer.alloc(84 + triangles * 50);
  buf.write('bench ring model', 0, 'ascii');
  buf.writeUInt32LE(triangles, 80);
  for (let t = 0; t < triangles; t++) {
    for (let f = 0; f < 12; f++) buf.writeFloatLE(Math.sin(t * 12 + f) * 10, 84 + t * 50 + f * 4);
  }
  return buf;
}

/**
 * The body of every request to the realistic service: the overhead section's
 * shop order (customer contact, three lines) with its total and a 4 KB STL
 * model, base64 as the Shop API takes it.
 */
export const realisticOrder = {
  ...orderBody,
  totalCost: orderBody.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0),
  model: { fileName: 'ring.stl', format: 'stl', contentBase64: stlModel(80).toString('base64') },
};

export const realisticOrderJson = JSON.stringify(realisticOrder);
