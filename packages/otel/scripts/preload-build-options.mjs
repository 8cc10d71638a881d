// The esbuild options of the preload bundle, shared by the product build
// (bundle-preload.mjs) and the bench's OpenTelemetry JS 3.x build of the same
// source (bench/otel3/build.mjs), so both bundle the same way.
//  - the OTel packages' ES module builds, so unused exports (most of the
//    semantic conventions) are left out;
//  - left outside: import-in-the-middle, require-in-the-middle (their hook
//    state must be the one the ESM loader thread and other copies of the SDK
//    use) and @jewelry/* (the service loads them too, one copy each).
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export function preloadBuildOptions(overrides) {
  return {
    absWorkingDir: packageRoot,
    entryPoints: ['src/index.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['import-in-the-middle', 'require-in-the-middle', '@jewelry/*'],
    logLevel: 'warning',
    ...overrides,
  };
}
