#!/usr/bin/env bash
# `npm test` — what the README's test command and CI run:
#   build → type-check the tests → bring up the real components the tests use
#   → jest → one closing line "N passed, N failed" → stop what this run started.
# Extra arguments go to jest (e.g. `npm test -- packages/logger`).
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1

fail() { echo "test.sh: $1" >&2; echo "0 passed, 1 failed"; exit 1; }

# The other Node lines the SDK-side tests run under (scripts/run-tests.js), installed
# first so the build makes the preload's code cache for each of them too.
export JEWELRY_CODE_CACHE_NODES="$(node scripts/node-lines.js --paths "${JEWELRY_TEST_NODE_LINES:-22,24}")"
npm run --silent build || fail "the build failed (see above)"
npx tsc -p tsconfig.test.json || fail "the tests do not type-check (see above)"
exec node scripts/run-tests.js "$@"
