import { stackDown, stackUp } from '@jewelry/cli';
import type { SectionResult } from '../dist/section-result';
import { withEnv } from './with-env';

/**
 * Runs a section against the real RabbitMQ, PostgreSQL and S3 server in the
 * describe block's beforeAll (with `env` set meanwhile), bringing them up
 * first so they stay for the block's checks; afterAll stops the ones it
 * started. Returns the section's result, for the tests to read.
 */
export function withServiceStack(env: Record<string, string>, run: () => Promise<SectionResult>): () => SectionResult {
  let result: SectionResult | undefined;
  let started: string[] = [];
  afterAll(async () => {
    if (started.length) await stackDown(started);
  }, 120_000);
  beforeAll(async () => {
    started = (await stackUp(['rabbitmq', 'postgres', 's3'])).filter((r) => r.startedByThisCall).map((r) => r.name);
    result = await withEnv(env, run);
  }, 240_000);
  return () => {
    if (!result) throw new Error('the section runs in beforeAll');
    return result;
  };
}
