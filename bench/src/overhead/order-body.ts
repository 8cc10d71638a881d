/**
 * The body every load request posts to the benchmark service: a realistic
 * shop order (about 0.7 KB of JSON) with the customer's contact, shipping
 * address and three order lines — what our Shop API takes, without the 3D model.
 */
export const orderBody = {
  customerId: 'cus_1001',
  customer: {
    name: 'Анна Смирнова',
    email: 'anna.smirnova+orders@example.ru',
    phone: '+7 (916) 123-45-67',
    address: 'ул. Тверская, д. 7, кв. 12, Москва, 125009',
  },
  items: [
    { sku: 'RING-AU585-17', title: 'Обручальное кольцо, золото 585, 17 мм', quantity: 2, unitPrice: 18500 },
    { sku: 'CHAIN-AG925-50', title: 'Цепочка, серебро 925, 50 см', quantity: 1, unitPrice: 4200 },
    { sku: 'ENGRAVE-1', title: 'Гравировка внутри кольца', quantity: 2, unitPrice: 1500 },
  ],
  currency: 'RUB',
  comment: 'Позвонить за час до доставки',
};

export type OrderBody = typeof orderBody;

export const orderBodyJson = JSON.stringify(orderBody);
