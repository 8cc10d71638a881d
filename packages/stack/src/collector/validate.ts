// `jewelry-otel collector validate`: the built distribution checks a pipeline
// config (by default collector/config.yaml) with the env the stack gives it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StackError, runCommand } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { collectorEnv } from '../components/collector';
import { buildCollector, collectorConfigPath, type BuildOptions } from './build';

export interface ValidationResult {
  /** The config files, merged in this order. */
  configs: string[];
  binary: string;
  valid: boolean;
  /** The collector's own words (empty when valid). */
  output: string;
}

export async function validateCollectorConfig(
  s: StackSettings,
  configPaths: string[] = [],
  options: BuildOptions = {},
): Promise<ValidationResult> {
  const configs = configPaths.length ? configPaths.map((p) => resolve(p)) : [collectorConfigPath(s)];
  for (const config of configs) if (!existsSync(config)) throw new StackError(`collector config not found: ${config}`);
  const build = await buildCollector(s, options);
  const res = await runCommand(build.binary, ['validate', ...configs.flatMap((c) => ['--config', c])], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...collectorEnv(s) },
    timeoutMs: 120_000,
  });
  return { configs, binary: build.binary, valid: res.code === 0, output: res.output.trim() };
}
