/** Resource values the JSON records repeat, read the way the OTel SDK reads them. */
export interface ServiceIdentity {
  name: string;
  version?: string;
  environment?: string;
}

function resourceAttribute(env: NodeJS.ProcessEnv, key: string): string | undefined {
  for (const pair of (env.OTEL_RESOURCE_ATTRIBUTES ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === key) {
      try {
        return decodeURIComponent(pair.slice(eq + 1).trim());
      } catch {
        return pair.slice(eq + 1).trim();
      }
    }
  }
  return undefined;
}

export function serviceIdentityFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceIdentity {
  return {
    name: env.OTEL_SERVICE_NAME || resourceAttribute(env, 'service.name') || 'unknown_service:node',
    version: resourceAttribute(env, 'service.version') ?? env.npm_package_version,
    environment: resourceAttribute(env, 'deployment.environment.name') ?? resourceAttribute(env, 'deployment.environment') ?? env.NODE_ENV,
  };
}
