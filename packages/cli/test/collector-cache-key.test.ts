import { collectorCacheKey, manifestCoreVersion } from '@jewelry/cli';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const manifest = readFileSync(resolve(__dirname, '../../../collector/manifest.yaml'), 'utf8');
const base = { manifest, goSum: 'go.sum text', goVersion: 'go1.26.8', builderVersion: 'v0.152.0' };

describe('collector build cache key', () => {
  it('is stable for the same inputs', () => {
    expect(collectorCacheKey(base)).toBe(collectorCacheKey({ ...base }));
    expect(collectorCacheKey(base)).toMatch(/^[0-9a-f]{24}$/);
  });

  it('changes when the manifest changes, even by one component', () => {
    const edited = manifest.replace(/^.*routingconnector.*\n/m, '');
    expect(edited).not.toBe(manifest);
    expect(collectorCacheKey({ ...base, manifest: edited })).not.toBe(collectorCacheKey(base));
  });

  it('changes with the pinned checksums, the Go toolchain and the builder version', () => {
    const key = collectorCacheKey(base);
    expect(collectorCacheKey({ ...base, goSum: 'other' })).not.toBe(key);
    expect(collectorCacheKey({ ...base, goVersion: 'go1.25.0' })).not.toBe(key);
    expect(collectorCacheKey({ ...base, builderVersion: 'v0.151.0' })).not.toBe(key);
  });

  it('cannot be fooled by moving text between inputs', () => {
    expect(collectorCacheKey({ ...base, manifest: 'ab', goSum: 'c' })).not.toBe(collectorCacheKey({ ...base, manifest: 'a', goSum: 'bc' }));
  });
});

describe('the manifest', () => {
  it('pins every core component to one release (the builder version)', () => {
    expect(manifestCoreVersion(manifest)).toBe('v0.152.0');
  });

  it('pins every contrib component to the same release', () => {
    const contrib = [...manifest.matchAll(/opentelemetry-collector-contrib\/\S+ (v\S+)/g)].map((m) => m[1]);
    expect(contrib.length).toBeGreaterThan(10);
    expect(new Set(contrib)).toEqual(new Set(['v0.152.0']));
  });

  it('returns undefined when core components disagree', () => {
    const mixed = manifest.replace(
      'go.opentelemetry.io/collector/processor/batchprocessor v0.152.0',
      'go.opentelemetry.io/collector/processor/batchprocessor v0.151.0',
    );
    expect(manifestCoreVersion(mixed)).toBeUndefined();
  });
});
