// ESLint for the TypeScript and Svelte sources (formatting is Prettier's: `npx prettier --check .`).
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  {
    ignores: [
      'dist/',
      'dist-cli/',
      'dist-*/',
      '.bench/',
      'node_modules/',
      'public/',
      'test-results/',
      'playwright-report/',
      'tests/fixtures/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  { files: ['**/*.svelte', '**/*.svelte.ts'], languageOptions: { parserOptions: { parser: ts.parser } } },
  {
    // Tests poke into parsed fixture JSON, and quote upstream numbers digit for digit.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-loss-of-precision': 'off' },
  },
  {
    rules: {
      // The hot loops write several typed-array slots in one comma expression.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Flags the defensive initialiser of a variable every branch then sets; the code reads better with it.
      'no-useless-assignment': 'off',
      // The stores' Sets and Maps are local lookups and caches that nothing renders; rendered state is $state.
      'svelte/prefer-svelte-reactivity': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
);
