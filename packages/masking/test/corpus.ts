/**
 * A realistic corpus for SEC-1: the personal values and secrets that must
 * never survive masking, the look-alikes that must survive it unchanged, and
 * log records / span attributes / free-text lines that mix them the way the
 * Shop, CRM and MES APIs do.
 */

export const NAMES = [
  'Иванов Иван Иванович',
  'Анна Смирнова',
  "John O'Connor",
  'Петрова-Водкина Мария Сергеевна',
  'Jean-Luc Picard',
  'Siobhán Ní Bhriain',
];

export const EMAILS = [
  'ivan.petrov@example.com',
  'anna+orders@mail.ru',
  'john.oconnor@company.co.uk',
  'o.sidorova_1985@yandex.ru',
  'partner-integration@atelier-gold.de',
];

/** Phones as written in logs; the test also checks their digits-only form. */
export const PHONES = [
  '+7 (916) 123-45-67',
  '8 916 123 45 67',
  '+79161234567',
  '8(495)123-45-67',
  '+44 20 7946 0958',
  '+1 (415) 555-2671',
  '+49 30 901820',
  '8-800-555-35-35',
  '+7 903 765-43-21',
  '+380 44 123 4567',
  '+33 1 42 68 53 00',
  '89057778899',
];

/** Luhn-valid test numbers (Visa, Mastercard incl. 2-series, Mir, Amex, Discover, JCB) in several spellings. */
export const CARDS = [
  '4111 1111 1111 1111',
  '4242-4242-4242-4242',
  '5555555555554444',
  '5105 1051 0510 5100',
  '2223 0031 2200 3222',
  '2200 0000 0000 0004',
  '2202-2000-1234-5672',
  '2204 1234 5678 9012 343',
  '3782 822463 10005',
  '4012888888881881',
  '4222222222222',
  '6011 1111 1111 1117',
  '3530 1113 3330 0000',
];

export const JWTS = [
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjdXNfODg0MiIsIm5hbWUiOiJBbm5hIFNtaXJub3ZhIiwiaWF0IjoxNzczNTcwMDMwfQ.X1nOGjgLFh20OBgafOHLXgEre6ZtcMMmShThMAYdf1M',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfMTciLCJyb2xlIjoibWVzLW9wZXJhdG9yIiwiZXhwIjoxNzczNTczNjMwfQ.yRf52GWm8MJ02UGj6GPteyp7Jc4abzq6OM4t2JzqBBo',
];

export const SECRETS = [
  'S3cr3t!Pass',
  'hunter2hunter2',
  'Zaq1@wsx-Cde3',
  'opaque-session-7f3a9c',
  '670b6138b807f9c00e48e870ae21fe4a40af6ef7297d4fd5',
  '59/x3NrW2aXgwXWNf3+ShBkiJIoNUCjIp1ioZHHX',
  'sk_live_51HxQ2aKb9vTt7mZ0pLwR3s',
  'AKIAIOSFODNN7EXAMPLE',
  'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'dXNlcjpwYXNzd29yZA==',
  'tok_opaque_Qm9vZ2llV29vZ2ll',
];

export const ADDRESSES = [
  'ул. Тверская, д. 7, кв. 12, Москва, 125009',
  '221B Baker Street, London NW1 6XE',
  'пр-т Невский, 28, Санкт-Петербург, 191186',
  '1600 Amphitheatre Parkway, Mountain View, CA 94043',
];

/** Values that look a little like the ones above and must pass unchanged. */
export const NEGATIVES = [
  'ORD-2026-000123',
  'ORD-2026-004517',
  '4000123412341235',
  'cus_8842',
  'usr_17',
  '12500.00',
  '1 250 000,00',
  '2026-03-15T10:20:30.123Z',
  '2026-03-15T10:20:30+03:00',
  '2026-03-15 10:20:30',
  '1773570030123',
  '550e8400-e29b-41d4-a716-446655440000',
  '4bf92f3577b34da6a3ce929d0e0e4736',
  '00f067aa0ba902b7',
  '192.168.10.200',
  '10.0.0.1',
  'ring-model.stl',
  '/orders/:id',
  '/api/v1/orders/ORD-2026-000123/status',
  'shop-api',
  'order.created',
  'new_order',
  'status_change',
  'v1.20.3',
  'Кольцо «Классика», золото 585, размер 17',
];

/**
 * Looks like a Russian mobile number, so free text masks it; under an id key
 * (order.id) it is an order id and must stay.
 */
export const ID_ONLY_NEGATIVES = ['79031112233'];

/** Log records and span attributes as the services would pass them to maskAttributes. */
export const RECORDS: ReadonlyArray<Record<string, unknown>> = [
  {
    'event.name': 'order.created',
    'service.name': 'shop-api',
    '@timestamp': '2026-03-15T10:20:30.123Z',
    'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736',
    'span.id': '00f067aa0ba902b7',
    order_id: 'ORD-2026-000123',
    customer_id: 'cus_8842',
    source: 'shop-api',
    file: { file_id: '550e8400-e29b-41d4-a716-446655440000', file_name: 'ring-model.stl', format: 'stl', size: 482113 },
    items: [{ sku: 'RNG-585-17', name: 'Кольцо «Классика», золото 585, размер 17', qty: 1, price: '12500.00' }],
    total: '12500.00',
    customer: {
      name: 'Анна Смирнова',
      email: 'anna+orders@mail.ru',
      phone: '+7 (916) 123-45-67',
      address: { city: 'Москва', street: 'ул. Тверская, д. 7, кв. 12, Москва, 125009', postal_code: '125009' },
    },
  },
  {
    'event.name': 'order.updated',
    'service.name': 'crm-api',
    order_id: 'ORD-2026-004517',
    'order.id': '79031112233',
    customer_id: 'cus_8842',
    changed_fields: ['shipping_address', 'phone', 'email'],
    first_name: 'Иван',
    last_name: 'Иванов',
    patronymic: 'Иванович',
    full_name: 'Иванов Иван Иванович',
    customerEmail: 'ivan.petrov@example.com',
    customer_phone: '8 916 123 45 67',
    shipping_address: '221B Baker Street, London NW1 6XE',
    billing_address: 'пр-т Невский, 28, Санкт-Петербург, 191186',
  },
  {
    'event.name': 'notification.sent',
    'service.name': 'crm-api',
    notification_type: 'email',
    order_id: 'ORD-2026-000123',
    customer_id: 'cus_8842',
    recipient: "John O'Connor",
    'recipient.email': 'john.oconnor@company.co.uk',
    'recipient.phone': '+44 20 7946 0958',
    'recipient.address': '1600 Amphitheatre Parkway, Mountain View, CA 94043',
    message: "Dear John O'Connor, your order ORD-2026-000123 ships to 1600 Amphitheatre Parkway, Mountain View, CA 94043",
  },
  {
    'http.request.method': 'POST',
    'http.route': '/orders/:id',
    'url.path': '/api/v1/orders/ORD-2026-000123/status',
    'url.query': 'password=S3cr3t!Pass&token=670b6138b807f9c00e48e870ae21fe4a40af6ef7297d4fd5&page=2',
    'http.request.header.authorization': 'Bearer ' + JWTS[0],
    'http.request.header.cookie': 'connect.sid=opaque-session-7f3a9c',
    'http.response.status_code': 200,
    'server.address': '10.0.0.1',
    'client.address': '192.168.10.200',
    'user_agent.original': 'Mozilla/5.0',
    'span.name': 'POST /orders/:id',
  },
  {
    'event.name': 'partner.order.received',
    'service.name': 'mes-api',
    partner_id: 'partner-atelier-gold',
    order_id: 'ORD-2026-004517',
    partner: {
      contact: { name: 'Jean-Luc Picard', email: 'partner-integration@atelier-gold.de', tel: '+33 1 42 68 53 00' },
      api_key: 'sk_live_51HxQ2aKb9vTt7mZ0pLwR3s',
      credentials: { user: 'atelier', secret: '59/x3NrW2aXgwXWNf3+ShBkiJIoNUCjIp1ioZHHX' },
    },
    payment: { card_number: '4111 1111 1111 1111', cvv: '123', card_holder: 'Siobhán Ní Bhriain', card_type: 'visa' },
    delivery: { address: '1600 Amphitheatre Parkway, Mountain View, CA 94043', recipient_phone: '+1 (415) 555-2671' },
    auth: { access_token: JWTS[1], refresh_token: 'tok_opaque_Qm9vZ2llV29vZ2ll', token_type: 'Bearer', expires_in: 3600 },
    aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    github_token: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  },
  {
    'event.name': 'price.calculated',
    'service.name': 'mes-api',
    'service.version': 'v1.20.3',
    hostname: 'mes-worker-01',
    '@timestamp': '2026-03-15T10:20:30+03:00',
    user_id: 'usr_17',
    queue_name: 'new_order',
    event_type: 'status_change',
    order_id: 'ORD-2026-000123',
    customer_id: 'cus_8842',
    duration_ms: 1834,
    price: 12500,
    'model.file_name': 'ring-model.stl',
    user: { name: 'Петрова-Водкина Мария Сергеевна', password: 'Zaq1@wsx-Cde3', pin: 4321, phone: 89057778899 },
    fio: 'Иванов Иван Иванович',
    'customer.mobile': '+49 30 901820',
    msisdn: '380441234567',
    note: 'Позвонить по номеру +380 44 123 4567 или 8-800-555-35-35, e-mail o.sidorova_1985@yandex.ru',
  },
];

/** Free-text lines: log messages, error texts, request lines. */
export const LINES = [
  'Order ORD-2026-000123 created for ivan.petrov@example.com at 2026-03-15T10:20:30.123Z, total 12500.00 RUB',
  'Customer phone changed to +7 (916) 123-45-67 (was 8 916 123 45 67)',
  'SMS to +79161234567 failed, retry with 8(495)123-45-67',
  'UK office +44 20 7946 0958, US office +1 (415) 555-2671, Berlin +49 30 901820',
  'Hotline 8-800-555-35-35, manager +7 903 765-43-21, Kyiv +380 44 123 4567, Paris +33 1 42 68 53 00, mobile 89057778899',
  'Payment with card 4111 1111 1111 1111 declined; retried 4242-4242-4242-4242',
  'Cards on file: 5555555555554444, 5105 1051 0510 5100, 2223 0031 2200 3222',
  'Mir cards 2200 0000 0000 0004 and 2202-2000-1234-5672 and 2204 1234 5678 9012 343',
  'Amex 3782 822463 10005, Visa 4012888888881881, short Visa 4222222222222',
  'Discover 6011 1111 1111 1117, JCB 3530 1113 3330 0000',
  'Order id 4000123412341235 is not a card; epoch 1773570030123',
  'Authorization: Bearer ' + JWTS[0],
  'token issued: ' + JWTS[1],
  'GET /api/v1/login?user=ivan&password=S3cr3t!Pass&token=670b6138b807f9c00e48e870ae21fe4a40af6ef7297d4fd5&page=2 200',
  'config: api_key=sk_live_51HxQ2aKb9vTt7mZ0pLwR3s secret=59/x3NrW2aXgwXWNf3+ShBkiJIoNUCjIp1ioZHHX',
  'aws key AKIAIOSFODNN7EXAMPLE used by ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  '{"user":"ivan","password":"hunter2hunter2","remember":true}',
  "{ login: 'anna', password: 'Zaq1@wsx-Cde3', attempts: 3 }",
  'Cookie: connect.sid=opaque-session-7f3a9c; theme=dark',
  'Authorization: Basic dXNlcjpwYXNzd29yZA==',
  'refresh_token=tok_opaque_Qm9vZ2llV29vZ2ll&grant_type=refresh_token',
  'mailto:partner-integration@atelier-gold.de?subject=ORD-2026-004517',
  'Upload ring-model.stl (482113 bytes) for ORD-2026-004517 to s3://models/550e8400-e29b-41d4-a716-446655440000',
  'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7 from 192.168.10.200 to 10.0.0.1',
  'Route /orders/:id answered 200 in 35 ms at 2026-03-15 10:20:30 (+03:00)',
  'Price delta +12500.00, new total 1 250 000,00 ₽, customer cus_8842',
  'queue new_order redelivered message 7c9e6679-7425-40de-944b-e07fc1f90ae7',
];
