// ESLint (flat config) with typescript-eslint, as the ecosystem sets it up:
// the recommended rules of both, then eslint-config-prettier last so that
// nothing here argues with Prettier about layout. `npm run lint` runs it;
// test/lint.test.ts makes it part of `npm test`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.stack/**',
      '**/.tools/**',
      '**/.cache/**',
      '**/.turbo/**',
      'test-results/**',
      'reports/**',
      'coverage/**',
      'bench/otel3/.install/**',
      'collector/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_` marks a parameter or a destructured part that is left out on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // `let x = fallback; try { x = await read() } catch { … }` states the fallback first, on purpose.
      'no-useless-assignment': 'off',
      // A callback set up before the value it closes over exists (`let control; … control = …`).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // require() where loading is the point: the preload loads an instrumentation only when
    // the service uses its library (startup cost), the bench loads the section it is asked for.
    files: ['packages/otel/src/**/*.ts', 'bench/src/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plain Node scripts and fixtures: CommonJS is what they are.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests load fresh module instances and CommonJS scripts of the repository with require(),
    // and read untyped JSON answers of the real components.
    files: ['**/test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
