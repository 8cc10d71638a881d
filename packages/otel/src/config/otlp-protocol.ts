import { envString, type ConfigWarning } from './env-values';

export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';
export type Signal = 'traces' | 'metrics' | 'logs';

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

/** OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL, then OTEL_EXPORTER_OTLP_PROTOCOL, then http/protobuf (the spec's default). */
export function protocolFor(signal: Signal, env: NodeJS.ProcessEnv, warn: ConfigWarning): OtlpProtocol {
  const name = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`;
  const raw = envString(env, name, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (!raw) return 'http/protobuf';
  if ((PROTOCOLS as readonly string[]).includes(raw)) return raw as OtlpProtocol;
  warn(`unsupported OTLP protocol "${raw}" (supported: ${PROTOCOLS.join(', ')}); using http/protobuf`);
  return 'http/protobuf';
}

/** Where the exporter of `signal` will send, for the start-up line (the exporters read the same variables themselves). */
export function endpointFor(signal: Signal, protocol: OtlpProtocol, env: NodeJS.ProcessEnv): string {
  const specific = envString(env, `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`);
  if (specific) return specific;
  const base = envString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? (protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318');
  return protocol === 'grpc' ? base : `${base.replace(/\/$/, '')}/v1/${signal}`;
}
