import { changedFieldNames, validateOrderUpdate } from '../src/order-update';

describe('PATCH /orders/:id (EV-3: names of changed fields only)', () => {
  const current = {
    deliveryAddress: 'г. Москва, ул. Тверская, д. 7',
    phone: '+7 (916) 123-45-67',
    email: 'anna.smirnova@example.com',
    comment: null,
  };

  test('only the fields whose value differs are named, in a stable order', () => {
    const update = {
      comment: 'Позвонить за час',
      phone: '+7 (925) 765-43-21',
      email: 'anna.smirnova@example.com',
      deliveryAddress: 'г. Москва, Кутузовский пр., д. 30',
    };
    expect(changedFieldNames(current, update)).toEqual(['deliveryAddress', 'phone', 'comment']);
    expect(changedFieldNames(current, { email: current.email })).toEqual([]);
  });

  test('validation: unknown fields and bad values are refused by name, values never quoted', () => {
    const r = validateOrderUpdate({ email: 'not-an-email', phone: '12', status: 'confirmed', deliveryAddress: '' });
    expect(r).toEqual({
      ok: false,
      errors: [
        'email: a valid e-mail address',
        'phone: a phone number',
        'status: not a field that can be changed (deliveryAddress, phone, email, comment)',
        'deliveryAddress: text of at most 500 characters',
      ],
    });
    expect(validateOrderUpdate({})).toEqual({ ok: false, errors: ['body: at least one of deliveryAddress, phone, email, comment'] });
    expect(validateOrderUpdate('x')).toEqual({ ok: false, errors: ['body: a JSON object is required'] });
  });

  test('an empty comment is allowed (clears it)', () => {
    expect(validateOrderUpdate({ comment: '' })).toEqual({ ok: true, value: { comment: '' } });
  });
});
