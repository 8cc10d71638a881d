#!/usr/bin/env node
// The `jewelry-otel` executable.
import { runCli } from './cli/run';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`jewelry-otel: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
