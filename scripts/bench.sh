#!/usr/bin/env bash
# `npm run bench` — build, then the bench sections (bench/README.md):
#   BENCH_SECTIONS=overhead npm run bench      # one section
#   npm run bench -- overhead,pipeline          # the same, as arguments
# Prints a table per section; the JSON lands in reports/bench/ (latest.json).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1
# The other Node lines the overhead section runs on, installed first so the
# build makes the preload's code cache for each of them too.
export JEWELRY_CODE_CACHE_NODES="$(node scripts/node-lines.js --paths "${BENCH_NODE_LINES:-22,24}")"
npm run --silent build
# The overhead section's jewelry-otel3 variant: our source on OpenTelemetry JS 3.x (Node ≥ 22.15).
if [ -n "$JEWELRY_CODE_CACHE_NODES" ]; then node bench/otel3/build.mjs >/dev/null; fi
exec node bench/dist/main.js "$@"
