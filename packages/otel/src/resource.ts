import { existsSync, readFile, readFileSync } from 'node:fs';
import { arch, hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { defaultMasker } from '@jewelry/masking';
import {
  defaultResource,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type DetectedResource,
  type DetectedResourceAttributes,
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

/** The content of a small file, or undefined. The callback API: fs/promises would load more of Node at start-up. */
function readText(file: string): Promise<string | undefined> {
  return new Promise((done) => readFile(file, 'utf8', (err, text) => done(err ? undefined : text)));
}

/** The host's machine id on Linux, as the stock detector reads it: /etc/machine-id, else the D-Bus copy. */
async function linuxMachineId(): Promise<string | undefined> {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    const id = (await readText(file))?.trim();
    if (id) return id;
  }
  return undefined;
}

const ARCH: Record<string, string> = { arm: 'arm32', ppc: 'ppc32', x64: 'amd64' };

/**
 * host.name, host.arch and host.id, the same values as the stock
 * hostDetector. On Linux it reads the machine id itself: the stock detector
 * gets its reader with a dynamic import(), which in a CommonJS service
 * starts Node's ES module loader just for that — several milliseconds of
 * start-up. Elsewhere the stock detector runs (it runs a command on macOS and
 * Windows).
 */
export const linuxHostDetector: ResourceDetector = {
  detect(): DetectedResource {
    return {
      attributes: {
        'host.name': hostname(),
        'host.arch': ARCH[arch()] ?? arch(),
        'host.id': linuxMachineId(),
      },
    };
  },
};

/** host, os, process and a random service.instance.id, then OTEL_* from the environment. */
export const resourceDetectors: ResourceDetector[] = [
  process.platform === 'linux' ? linuxHostDetector : hostDetector,
  osDetector,
  processDetector,
  serviceInstanceIdDetector,
  envDetector,
];

/**
 * The resource with its attributes masked as one record (SEC-1), once at
 * start: every span, log record and metric carries it. The process detector
 * puts the whole command line into process.command_args (`--db
 * postgres://app:pw@db/shop`, `--password x`), and OTEL_RESOURCE_ATTRIBUTES
 * can hold anything. An attribute a detector resolves later (host.id) is
 * masked when it arrives.
 */
export function maskedResource(resource: Resource): Resource {
  // The raw list holds every merged resource's entries, the winning one first (as Resource.attributes reads it).
  const candidates = new Map<string, RawValue[]>();
  for (const [key, value] of resource.getRawAttributes()) {
    const list = candidates.get(key);
    if (list) list.push(value);
    else candidates.set(key, [value]);
  }
  const settled: Attributes = {};
  const pending: Array<[string, Promise<AttributeValue | undefined>]> = [];
  for (const [key, list] of candidates) {
    const first = list[0];
    if (isPromiseLike(first)) pending.push([key, firstDefined(list)]);
    else if (first !== undefined) settled[key] = first;
    else if (list.length > 1) pending.push([key, firstDefined(list)]);
  }
  const masked: DetectedResourceAttributes = defaultMasker.maskAttributes(settled);
  for (const [key, value] of pending) {
    masked[defaultMasker.maskText(key)] = value.then((v) =>
      v === undefined ? undefined : (defaultMasker.maskValue(key, v) as AttributeValue),
    );
  }
  return resourceFromAttributes(masked, resource.schemaUrl === undefined ? undefined : { schemaUrl: resource.schemaUrl });
}

type RawValue = ReturnType<Resource['getRawAttributes']>[number][1];

/** The first of the values that is (or resolves to) something; a detector's failed promise counts as nothing. */
async function firstDefined(list: RawValue[]): Promise<AttributeValue | undefined> {
  for (const candidate of list) {
    const value = await Promise.resolve(candidate).catch(() => undefined);
    if (value !== undefined) return value;
  }
  return undefined;
}

function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<T>).then === 'function';
}
