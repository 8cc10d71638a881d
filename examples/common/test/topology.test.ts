import { bindings, topologyNames } from '@jewelry-examples/common';

describe('AMQP topology of the order flow', () => {
  test('topic exchange orders; order.new → mes and crm, order.status → crm', () => {
    const names = topologyNames();
    expect(names.exchange).toBe('orders');
    expect(bindings(names)).toEqual([
      { queue: 'mes.orders.new', routingKey: 'order.new' },
      { queue: 'crm.orders.new', routingKey: 'order.new' },
      { queue: 'crm.orders.status', routingKey: 'order.status' },
    ]);
  });

  test('a prefix isolates exchange and queues; routing keys stay', () => {
    const names = topologyNames('it-7');
    expect(names.exchange).toBe('it-7.orders');
    expect(bindings(names).map((b) => `${b.queue}<-${b.routingKey}`)).toEqual([
      'it-7.mes.orders.new<-order.new',
      'it-7.crm.orders.new<-order.new',
      'it-7.crm.orders.status<-order.status',
    ]);
  });
});
