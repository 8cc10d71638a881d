// SEC-2/SEC-3/SEC-4: users and roles, TLS, audit for Elasticsearch and the collector.
export { ADMIN_USER, credentialsFile, generatePassword, passwordEnvName, passwordFor, readCredentials, securityDir } from './credentials';
export type { PasswordSource } from './credentials';
export { esTlsFiles, localTlsFiles, otlpTlsFiles, ensureLocalCertificates } from './tls';
export type { TlsFiles } from './tls';
export { EsTlsClient, esClientForCli, securedStackClient, stackCaFile } from './es-client';
export type { EsTlsClientOptions } from './es-client';
export { buildEsRoles, buildEsUsers, collectorRole, monitorRole, COLLECTOR_ROLE, COLLECTOR_USER, MONITOR_ROLE, MONITOR_USER } from './roles';
export type { EsRole, EsUserSpec, EsIndexPrivilege } from './roles';
export { setupSecurity, setupStackSecurity, stackRealmUsers, formatSecuritySetup } from './setup';
export { writeFileRealm, rolesYml, pbkdf2Hash, pbkdf2Matches } from './file-realm';
export type { FileRealmResult, FileRealmUser } from './file-realm';
export type { SecuritySetupReport, SecuritySetupOptions, SecurityRoleResult, SecurityUserResult } from './setup';
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
