// One jest run for the whole monorepo: package unit tests (packages/*/test) and
// cross-package / end-to-end tests (test/). Tests import packages by name, so
// they exercise the built dist/ that `npm run build` produced.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // jest refuses a root that does not exist (a fresh clone has no examples/ until they are added).
  roots: ['packages', 'test', 'examples', 'bench'].filter((dir) => existsSync(join(__dirname, dir))).map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  testTimeout: 60000,
  // Fixture processes and sockets are closed by each test; this catches the ones that are not.
  detectOpenHandles: false,
  forceExit: false,
};
