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

/** The parameters CommonJS gives a module's code (Module.wrap's). */
const MODULE_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

/**
 * Loads a CommonJS file the way require() does, but compiles it with V8's
 * code cache: the preload bundle is ~1 MB, and parsing and compiling it is
 * about a third of the distribution's start-up. Node 20 has no compile cache
 * of its own (module.enableCompileCache is Node 22). A cache V8 does not
 * accept (another Node version or V8 flags) is ignored: the file is then
 * compiled from source, as require() would.
 *
 * Compiled as a function (vm.compileFunction, as require() compiles a
 * module), not as a vm.Script: on Node 24 a process that has run one
 * vm.Script gets V8's memory-reducing GC once it idles, and under load
 * afterwards a full GC every second or so — the order path of the realistic
 * bench cost 300–550 µs more CPU per order after each quiet spell, even with
 * the SDK off (issue 16). The cache is made with the function, when it is
 * compiled: it holds what V8 compiles eagerly, less than a cache made after
 * running (start-up about 9 ms more).
 */
export function loadBundle(file: string, options: LoadBundleOptions): unknown {
  const cached = require.cache[file];
  if (cached) return cached.exports;

  const source = readFileSync(file, 'utf8');
  const cachedData = options.writeCodeCache ? undefined : readIfPresent(options.codeCacheFile);
  const compiled = vm.compileFunction(source, MODULE_PARAMETERS, {
    filename: file,
    cachedData,
    produceCachedData: options.writeCodeCache === true,
    // Lets an import() in the bundle resolve as it would in a required file (Node ≥ 20.16).
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }) as ((exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void) & {
    cachedData?: Buffer;
  };

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
    if (!compiled.cachedData) throw new Error(`V8 made no code cache for ${file}`);
    const tmp = `${options.codeCacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, compiled.cachedData);
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
