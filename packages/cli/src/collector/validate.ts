// `jewelry-otel collector validate`: the built distribution checks a pipeline
// config (by default collector/config.yaml) with the env the stack gives it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StackError } from '../errors';
import { runCommand } from '../run-command';
import type { StackSettings } from '../settings';
import { collectorEnv } from '../stack/components/collector';
import { buildCollector, collectorConfigPath, type BuildOptions } from './build';

export interface ValidationResult {
  config: string;
  binary: string;
  valid: boolean;
  /** The collector's own words (empty when valid). */
  output: string;
}

export async function validateCollectorConfig(
  s: StackSettings,
  configPath?: string,
  options: BuildOptions = {},
): Promise<ValidationResult> {
  const config = configPath ? resolve(configPath) : collectorConfigPath(s);
  if (!existsSync(config)) throw new StackError(`collector config not found: ${config}`);
  const build = await buildCollector(s, options);
  const res = await runCommand(build.binary, ['validate', '--config', config], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...collectorEnv(s) },
    timeoutMs: 120_000,
  });
  return { config, binary: build.binary, valid: res.code === 0, output: res.output.trim() };
}
