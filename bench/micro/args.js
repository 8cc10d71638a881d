'use strict';
// What the micro benchmarks share: their command-line options and the median of their rounds.

/** The value after `name` on the command line (`--rounds 5`), or `fallback`. */
function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

module.exports = { option, median };
