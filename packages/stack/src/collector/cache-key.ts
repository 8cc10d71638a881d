// What identifies a collector build: the manifest, the pinned module checksums,
// the builder, the Go toolchain and the sources of our own components (local
// modules, see local-modules.ts). Change any of them and the key changes;
// change nothing and a second build is a file lookup.
import { createHash } from 'node:crypto';

export interface CollectorBuildInputs {
  /** Text of collector/manifest.yaml. */
  manifest: string;
  /** Text of collector/go.sum ('' when absent). */
  goSum: string;
  /** e.g. "go1.26.8". */
  goVersion: string;
  /** e.g. "v0.152.0". */
  builderVersion: string;
  /** Digest of the local modules' build files (localModulesDigest; '' when there are none). */
  localModules?: string;
}

export function collectorCacheKey(inputs: CollectorBuildInputs): string {
  const hash = createHash('sha256');
  // Length-prefixed, so moving text from one field to the next cannot give the same key.
  for (const part of [inputs.manifest, inputs.goSum, inputs.goVersion, inputs.builderVersion, inputs.localModules ?? '']) {
    hash.update(`${Buffer.byteLength(part)}:`).update(part);
  }
  return hash.digest('hex').slice(0, 24);
}

/**
 * The collector release the manifest pins: the version of its core
 * components (go.opentelemetry.io/collector/... v0.x.y). The builder is
 * installed at the same version.
 */
export function manifestCoreVersion(manifest: string): string | undefined {
  const versions = new Set<string>();
  const re = /gomod:\s*go\.opentelemetry\.io\/collector\/\S+\s+(v0\.\d+\.\d+)\s*$/gm;
  for (let m = re.exec(manifest); m; m = re.exec(manifest)) {
    if (m[1]) versions.add(m[1]);
  }
  if (versions.size !== 1) return undefined;
  return [...versions][0];
}

/** dist.name from the manifest: the binary's file name. */
export function manifestDistName(manifest: string): string | undefined {
  const m = /^dist:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*([A-Za-z0-9._-]+)\s*$/m.exec(manifest);
  return m?.[1];
}

/** dist.version from the manifest: the version of the packages built from it. */
export function manifestDistVersion(manifest: string): string | undefined {
  const m = /^dist:\s*\n(?:[ \t]+.*\n)*?[ \t]+version:\s*["']?([0-9][A-Za-z0-9.+~-]*)["']?\s*$/m.exec(manifest);
  return m?.[1];
}
