import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', '.audio-sync', '.bench', 'downloads', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through functions/shared/config.ts.',
        },
      ],
      // `z` as a named import carries zod's every locale (~260 KiB) into each Lambda bundle.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod'`.",
        },
      ],
    },
  },
  {
    // The page's script runs in the browser (no bundler, no framework): its globals are the DOM's.
    files: ['functions/api/web/**/*.js', 'test/browser/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'history',
          'fetch',
          'FormData',
          'URL',
          'URLSearchParams',
          'crypto',
          'setTimeout',
          'clearTimeout',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: [
      'functions/shared/config.ts',
      'test/**',
      'local/**',
      'infra/**',
      'ops/**',
      'bench/**',
      'scripts/**',
      '*.config.*',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
