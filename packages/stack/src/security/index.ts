// SEC-2/SEC-3/SEC-4: users and roles, TLS, audit for Elasticsearch and the collector.
export {
  ADMIN_USER,
  credentialsFile,
  generatePassword,
  passwordEnvName,
  passwordFor,
  passwordStore,
  readCredentials,
  securityDir,
} from './credentials';
export { esTlsFiles, localTlsFiles, otlpTlsFiles, ensureLocalCertificates } from './tls';
export type { TlsFiles } from './tls';
export { securedStackClient, stackCaFile } from '../es-clients';
export { setupStackSecurity, stackRealmUsers } from './stack-security';
export { collectorSecurityEnv, collectorTlsConfigArgs, COLLECTOR_TLS_OVERLAY } from './collector';
export {
  AGENT_IDENTITY,
  auditWritersPattern,
  ingestAuthConfigArgs,
  ingestAuthEnv,
  ingestAuthHeader,
  ingestIdentities,
  ingestPassword,
  ingestPasswordEnvName,
  INGEST_AUTH_OVERLAY,
  serviceIngestEnv,
  sshaLine,
  writeIngestHtpasswd,
} from './ingest-auth';
