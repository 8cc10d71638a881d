import type { Preset } from './preset';

/** Shop API: the online store; uploads customers' 3D models to S3 and publishes new orders. */
export const shopApi: Preset = {
  name: 'shop-api',
  description: 'online store: customer orders and 3D model uploads',
  rolloutWave: 3,
  instrumentations: ['http', 'express', 'amqplib', 'aws-sdk', 'pg', 'winston'],
};
