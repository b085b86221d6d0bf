// Lint: the recommended JavaScript and TypeScript rules (syntax-level, so `npm run lint` needs no type-check);
// formatting is Prettier's job (`npm run format:check`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'cdktf.out/**', 'node_modules/**', 'coverage/**', 'bench/out/**', 'examples/**/cdktf.out/**', 'templates/precompiled.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', Buffer: 'readonly', console: 'readonly' },
    },
    rules: {
      // Loaded lazily on purpose (the YAML parser, the Handlebars compiler): only when a path needs them.
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Generated output must not depend on the machine's locale (src/model/compare-text.ts says why).
      'no-restricted-properties': [
        'error',
        { property: 'localeCompare', message: 'Order names with compareText (src/model/compare-text.ts): localeCompare follows the locale.' },
        { object: 'Intl', property: 'Collator', message: 'Order names with compareText (src/model/compare-text.ts): a collator follows the locale.' },
        { property: 'toLocaleString', message: 'Format numbers and dates explicitly: toLocaleString follows the locale (see src/model/limits.ts).' },
        { property: 'toLocaleUpperCase', message: 'Use toUpperCase: toLocaleUpperCase follows the locale.' },
        { property: 'toLocaleLowerCase', message: 'Use toLowerCase: toLocaleLowerCase follows the locale.' },
      ],
    },
  },
  {
    // Tests read fixtures as loosely typed JSON.
    files: ['__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
