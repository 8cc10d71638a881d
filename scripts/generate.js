#!/usr/bin/env node
'use strict';
// `npm run generate`: every generated file of the repository, from its one
// source, in one place; `npm run generate -- --check` writes nothing and
// exits 1 naming the files that differ from what their source gives (the
// drift check of the test suite: test/generated-files.test.ts).
//
//   alert rules       collector/prometheus/rules/*.yml                       ← packages/alerting/alerting.json
//   runbook values    the marked numbers of docs/runbooks/*.md               ← packages/alerting/alerting.json
//   kibana assets     kibana/*.ndjson, kibana/*.json                         ← @jewelry/schema (packages/kibana)
//   masking go rules  collector/processor/maskingprocessor/internal/mask/rules_gen.go
//                                                                            ← packages/masking src/shared-rules.ts, data/
//
// The index templates are not files: `es setup` writes them from the schema
// (packages/elasticsearch) into the cluster.
//
// Each generator returns { path: content } for the files it owns; a file in
// an owned folder that it no longer produces is removed. Run after
// `npm run build` (the generators are the packages' own code, from dist/).
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const ROOT = join(__dirname, '..');

/** name → () => { files: { absolute path: content }, owns?: [folder, extension] } */
const GENERATORS = {
  'alert rules': () => {
    const { defaultThresholds, generateRules } = require('@jewelry/alerting');
    const dir = join(ROOT, 'collector', 'prometheus', 'rules');
    const rules = generateRules(defaultThresholds());
    return { files: Object.fromEntries(Object.entries(rules).map(([name, text]) => [join(dir, name), text])), owns: [dir, '.yml'] };
  },
  'runbook values': () => {
    const { defaultThresholds, renderRunbookValues } = require('@jewelry/alerting');
    const dir = join(ROOT, 'docs', 'runbooks');
    const t = defaultThresholds();
    const files = {};
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
      files[join(dir, name)] = renderRunbookValues(readFileSync(join(dir, name), 'utf8'), t, `docs/runbooks/${name}`);
    }
    return { files };
  },
  'kibana assets': () => {
    const { kibanaAssetsDir, renderAssetFiles } = require('@jewelry/kibana');
    const dir = kibanaAssetsDir();
    return { files: Object.fromEntries(Object.entries(renderAssetFiles()).map(([name, text]) => [join(dir, name), text])) };
  },
  'masking go rules': () => {
    const { OUT, render } = require('../packages/masking/scripts/generate-go-rules.js');
    return { files: { [OUT]: render() } };
  },
};

/** What differs between the working tree and the generated files: [{ path, state: 'differs' | 'missing' | 'stale' }]. */
function compare(name) {
  const { files, owns } = GENERATORS[name]();
  const out = [];
  for (const [path, content] of Object.entries(files)) {
    if (!existsSync(path)) out.push({ path, state: 'missing', content });
    else if (readFileSync(path, 'utf8') !== content) out.push({ path, state: 'differs', content });
  }
  if (owns && existsSync(owns[0])) {
    for (const entry of readdirSync(owns[0])) {
      const path = join(owns[0], entry);
      if (entry.endsWith(owns[1]) && !(path in files)) out.push({ path, state: 'stale' });
    }
  }
  return { count: Object.keys(files).length, changes: out };
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const only = args.filter((a) => !a.startsWith('--'));
  const names = only.length ? only : Object.keys(GENERATORS);
  let stale = 0;
  for (const name of names) {
    if (!GENERATORS[name]) {
      console.error(`generate: unknown generator '${name}' (known: ${Object.keys(GENERATORS).join(', ')})`);
      process.exit(2);
    }
    const { count, changes } = compare(name);
    for (const c of changes) {
      const rel = relative(ROOT, c.path);
      if (check) {
        console.error(
          `generate --check: ${rel} ${c.state === 'stale' ? 'is no longer generated' : c.state} (${name}); run npm run generate`,
        );
        stale++;
      } else if (c.state === 'stale') {
        rmSync(c.path);
        console.log(`removed ${rel}`);
      } else {
        mkdirSync(dirname(c.path), { recursive: true });
        writeFileSync(c.path, c.content);
        console.log(`wrote   ${rel}`);
      }
    }
    if (!check) console.log(`${name}: ${count} files, ${changes.length} changed`);
  }
  process.exitCode = stale > 0 ? 1 : 0;
}

module.exports = { GENERATORS, compare };
if (require.main === module) main();
