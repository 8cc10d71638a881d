import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

export interface LoadBundleOptions {
  /** V8 code cache made for this file by the build (scripts/bundle-preload.mjs). */
  codeCacheFile: string;
  /** Build time only: after loading, write the code cache of everything compiled so far. */
  writeCodeCache?: boolean;
}

/**
 * Loads a CommonJS file the way require() does, but compiles it with V8's
 * code cache: the preload bundle is ~1 MB, and parsing and compiling it is
 * about a third of the distribution's start-up. Node 20 has no compile cache
 * of its own (module.enableCompileCache is Node 22). A cache V8 does not
 * accept (another Node version or V8 flags) is ignored: the file is then
 * compiled from source, as require() would.
 */
export function loadBundle(file: string, options: LoadBundleOptions): unknown {
  const cached = require.cache[file];
  if (cached) return cached.exports;

  const source = readFileSync(file, 'utf8');
  const cachedData = options.writeCodeCache ? undefined : readIfPresent(options.codeCacheFile);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    // Lets an import() in the bundle resolve as it would in a required file (Node ≥ 20.16).
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const compiled = script.runInThisContext() as (
    exports: unknown,
    require: NodeRequire,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;

  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  require.cache[file] = mod;
  try {
    compiled.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  } catch (err) {
    delete require.cache[file];
    throw err;
  }
  mod.loaded = true;

  if (options.writeCodeCache) {
    const tmp = `${options.codeCacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, options.codeCacheFile);
  }
  return mod.exports;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined; // no cache (or unreadable): compile from source
  }
}
