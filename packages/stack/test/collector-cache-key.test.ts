import {
  collectorCacheKey,
  copyLocalModules,
  localModuleFiles,
  localModulesDigest,
  manifestCoreVersion,
  manifestLocalModules,
} from '@jewelry/stack';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

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

  it('changes with the sources of our own modules', () => {
    expect(collectorCacheKey({ ...base, localModules: 'a' })).not.toBe(collectorCacheKey({ ...base, localModules: 'b' }));
    expect(collectorCacheKey({ ...base, localModules: '' })).toBe(collectorCacheKey(base));
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

describe('our own modules in the build (manifest `path:` entries)', () => {
  /** A collector folder with one local module, its build files and the files that are not. */
  function fixture(): { collector: string; manifest: string; module: string } {
    const collector = mkdtempSync(join(tmpdir(), 'jewelry-local-modules-'));
    const module = join(collector, 'processor', 'demoprocessor');
    const files: Record<string, string> = {
      'go.mod': 'module example.com/demoprocessor\n',
      'go.sum': 'example.com/x v1 h1:abc\n',
      'factory.go': 'package demoprocessor\n',
      'factory_test.go': 'package demoprocessor\n',
      'README.md': '# demo\n',
      'metadata.yaml': 'type: demo\n',
      'testdata/input.yaml': 'a: 1\n',
      'internal/names/names.go':
        'package names\n\nimport _ "embed"\n\n//go:embed data/*.txt\nvar ru string\n\n//go:embed "words"\nvar words string\n',
      'internal/names/data/ru.txt': 'Анна\n',
      'internal/names/data/notes.md': 'not embedded\n',
      'internal/names/words/en.txt': 'John\n',
      'internal/names/words/.hidden': 'skipped by go:embed of a folder\n',
      'internal/names/names_test.go': 'package names\n',
      'nested/go.mod': 'module example.com/other\n',
      'nested/other.go': 'package other\n',
      '.git/config': 'x\n',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(module, file)), { recursive: true });
      writeFileSync(join(module, file), text);
    }
    const manifest = [
      'processors:',
      '  - gomod: example.com/demoprocessor v0.0.0',
      '    path: ./processor/demoprocessor',
      '  - gomod: example.com/demoprocessor v0.0.0',
      '    import: example.com/demoprocessor/sub',
      '    path: ./processor/demoprocessor',
      '  - gomod: go.opentelemetry.io/collector/processor/batchprocessor v0.152.0',
      '',
    ].join('\n');
    return { collector, manifest, module };
  }

  it('the product manifest pulls in each of our modules by its path, once', () => {
    expect(manifestLocalModules(manifest)).toEqual([
      { gomod: 'github.com/jewelry-observability/otelcol/processor/writealiasprocessor', path: './processor/writealiasprocessor' },
      { gomod: 'github.com/jewelry-observability/otelcol/processor/maskingprocessor', path: './processor/maskingprocessor' },
    ]);
  });

  it('the build files are go.mod, go.sum, the non-test .go files and what they embed', () => {
    const { module } = fixture();
    expect(localModuleFiles(module)).toEqual([
      'factory.go',
      'go.mod',
      'go.sum',
      'internal/names/data/ru.txt',
      'internal/names/names.go',
      'internal/names/words/en.txt',
    ]);
  });

  it('an edit to a build file changes the key; an edit to a test, testdata, a README or another module does not', () => {
    const { collector, manifest: m, module } = fixture();
    const key = () => collectorCacheKey({ ...base, manifest: m, localModules: localModulesDigest(collector, m) });
    const before = key();
    for (const file of [
      'factory_test.go',
      'README.md',
      'testdata/input.yaml',
      'internal/names/data/notes.md',
      'nested/other.go',
      'internal/names/names_test.go',
    ]) {
      writeFileSync(join(module, file), 'edited\n');
      expect({ file, key: key() }).toEqual({ file, key: before });
    }
    let last = before;
    for (const file of ['factory.go', 'go.sum', 'internal/names/data/ru.txt', 'internal/names/words/en.txt', 'go.mod']) {
      writeFileSync(join(module, file), `edited ${file}\n`);
      const now = key();
      expect({ file, changed: now !== last }).toEqual({ file, changed: true });
      last = now;
    }
  });

  it('the builder’s working directory gets exactly those files, where the path points', () => {
    const { collector, manifest: m, module } = fixture();
    const work = mkdtempSync(join(tmpdir(), 'jewelry-local-work-'));
    copyLocalModules(collector, m, work);
    const copied = join(work, 'processor', 'demoprocessor');
    expect(localModuleFiles(copied)).toEqual(localModuleFiles(module));
    expect(readFileSync(join(copied, 'internal/names/data/ru.txt'), 'utf8')).toBe('Анна\n');
  });

  it('a path outside the collector folder or without go.mod is refused with the reason', () => {
    const { collector } = fixture();
    const outside = 'processors:\n  - gomod: example.com/x v0.0.0\n    path: ../elsewhere\n';
    expect(() => localModulesDigest(collector, outside)).toThrow(/must be a folder under/);
    const missing = 'processors:\n  - gomod: example.com/x v0.0.0\n    path: ./processor/none\n';
    expect(() => localModulesDigest(collector, missing)).toThrow(/has no go.mod/);
  });
});
