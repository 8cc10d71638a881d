import type { SectionResult } from '../dist/section-result';

/** Runs a bench section with `env` laid over the process environment, which is put back afterwards (settings are read from it). */
export async function runSection(run: () => Promise<SectionResult>, env: Record<string, string>): Promise<SectionResult> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    process.env = saved;
  }
}
