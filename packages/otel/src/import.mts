/**
 * `node --import @jewelry/otel app.mjs` — the ESM entry. It registers the
 * import-in-the-middle loader hook so ES modules can be instrumented too,
 * then starts the same CommonJS distribution as `--require`.
 */
import { createRequire, register } from 'node:module';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
createRequire(import.meta.url)('./entry.js');
