// ESLint (flat config): eslint's and typescript-eslint's recommended rules, without type
// information (fast on two cores); formatting is Prettier's job, so eslint-config-prettier comes
// last and turns off every rule that would disagree with it. Run by `npm run lint`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'test-artifacts/', 'bench/out/', '.kafka/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      // Unused code is a smell, but `_`-prefixed names are deliberate (ignored arguments, destructuring to drop a key).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Kept visible but not fatal: untyped JSON at the edges (HTTP bodies, stored event data) is sometimes honest.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // The viewer: plain ES modules in the browser.
    files: ['apps/api/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  {
    // Node scripts and config in CommonJS (jest.config.js, the jest reporter, .dependency-cruiser.cjs).
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['apps/api/public/**'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Node scripts written as ES modules (the OpenID provider the tests start).
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  prettier,
);
