import type { Preset } from './preset';

/** Partner API: partner jewelers submit orders over HTTP; they enter the flow through RabbitMQ. */
export const partnerApi: Preset = {
  name: 'partner-api',
  description: 'B2B order intake for partner jewelers',
  rolloutWave: 2,
  instrumentations: ['http', 'express', 'amqplib', 'pg', 'winston'],
};
