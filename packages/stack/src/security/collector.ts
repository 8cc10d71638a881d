// The collector's side of security mode (JEWELRY_ES_SECURITY=true): its own
// Elasticsearch user (the append-only `collector`), the CA that verifies the
// node, and the certificate its OTLP receivers serve. collector/config.yaml
// reads the credentials (ES_COLLECTOR_USER/_PASSWORD); collector/config.tls.yaml,
// merged after it, reads the files.
import { join } from 'node:path';
import { passwordFor } from './credentials';
import { COLLECTOR_USER, MONITOR_USER } from '@jewelry/elasticsearch';
import { esTlsFiles, otlpTlsFiles } from './tls';
import type { StackSettings } from '../settings';

/** The overlay file, beside config.yaml. */
export const COLLECTOR_TLS_OVERLAY = 'config.tls.yaml';

/** Extra variables for the collector in security mode; none otherwise. */
export function collectorSecurityEnv(s: StackSettings, env: Record<string, string | undefined> = process.env): Record<string, string> {
  if (!s.esSecurity) return {};
  // Generated here if `es security setup` has not run yet; the setup then creates the user with it.
  const password = passwordFor(s, COLLECTOR_USER, { generate: true, env })!.password;
  const otlp = otlpTlsFiles(s);
  return {
    ES_COLLECTOR_USER: COLLECTOR_USER,
    ES_COLLECTOR_PASSWORD: password,
    // The Elasticsearch receiver (config.metrics.yaml, ST-4) reads with its own, monitor-only user.
    ES_MONITOR_USER: MONITOR_USER,
    ES_MONITOR_PASSWORD: passwordFor(s, MONITOR_USER, { generate: true, env })!.password,
    ES_CA_FILE: esTlsFiles(s).ca,
    OTLP_TLS_CERT_FILE: otlp.cert,
    OTLP_TLS_KEY_FILE: otlp.key,
  };
}

/** `--config <dir>/config.tls.yaml` in security mode, after the main config; nothing otherwise. */
export function collectorTlsConfigArgs(s: StackSettings, mainConfig: string): string[] {
  return s.esSecurity ? ['--config', join(mainConfig, '..', COLLECTOR_TLS_OVERLAY)] : [];
}
