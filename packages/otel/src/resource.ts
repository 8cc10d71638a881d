import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Attributes } from '@opentelemetry/api';
import {
  defaultResource,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';
import type { Preset } from './presets/preset';

/** The version of the service being started: the nearest package.json above its entry script. */
function serviceVersion(env: NodeJS.ProcessEnv, entry: string | undefined): string | undefined {
  if (env.JEWELRY_SERVICE_VERSION) return env.JEWELRY_SERVICE_VERSION;
  if (env.npm_package_version) return env.npm_package_version;
  if (!entry) return undefined;
  let dir = dirname(resolve(entry));
  for (let i = 0; i < 8; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
        return typeof version === 'string' ? version : undefined;
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * Our defaults for the resource. The detected attributes are merged over
 * them by the SDK, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win.
 */
export function baseResource(preset: Preset, serviceName: string | undefined, env: NodeJS.ProcessEnv = process.env): Resource {
  const environment = env.JEWELRY_ENVIRONMENT || env.NODE_ENV || 'development';
  const attributes: Attributes = {
    'service.name': serviceName ?? (preset.name !== 'generic' ? preset.name : env.npm_package_name || 'unknown_service:node'),
    'service.namespace': 'jewelry',
    // Only the current name: sending the pre-1.27 `deployment.environment` too would make a
    // leaf and an object of the same path in Elasticsearch documents.
    'deployment.environment.name': environment,
    'jewelry.preset': preset.name,
  };
  const version = serviceVersion(env, process.argv[1]);
  if (version) attributes['service.version'] = version;
  return defaultResource().merge(resourceFromAttributes(attributes));
}

/** host, os, process and a random service.instance.id, then OTEL_* from the environment. */
export const resourceDetectors: ResourceDetector[] = [hostDetector, osDetector, processDetector, serviceInstanceIdDetector, envDetector];
