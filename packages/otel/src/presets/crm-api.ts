import type { Preset } from './preset';

/** CRM: orders and customers in PostgreSQL, status changes and confirmations from the bus, customer notifications. */
export const crmApi: Preset = {
  name: 'crm-api',
  description: 'orders, customers, confirmations and notifications',
  rolloutWave: 1,
  instrumentations: ['http', 'express', 'amqplib', 'pg', 'winston'],
};
