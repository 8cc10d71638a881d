import type { Preset } from './preset';

/** Any other Node.js service of ours: the web and messaging basics and the logger. */
export const generic: Preset = {
  name: 'generic',
  description: 'fallback for services without a preset of their own',
  rolloutWave: undefined,
  instrumentations: ['http', 'express', 'amqplib', 'winston'],
};
