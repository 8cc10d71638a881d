import type { Preset } from './preset';

/** MES: consumes new orders, reads 3D models from S3, calculates prices, keeps production state in PostgreSQL. */
export const mesApi: Preset = {
  name: 'mes-api',
  description: 'production and price calculation (also the B2B API for partner jewelers)',
  rolloutWave: 1,
  instrumentations: ['http', 'express', 'amqplib', 'aws-sdk', 'pg', 'winston'],
};
