#!/usr/bin/env bash
# `npm run demo` — the README's first command: build, then the demo
# (examples/demo: stack up, four services, a scenario, one order's trace).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1
npm run --silent build
exec node examples/demo/dist/demo.js "$@"
