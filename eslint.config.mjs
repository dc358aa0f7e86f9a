// Lint for the whole repository. Besides style, it guards the architecture: the layer and package
// tables (loket/layers), one-way renderer features (loket/renderer-parts), the single ipcMain wrapper, no `.only`/`.skip`/`.todo` in tests, no untranslated JSX text.
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import loket from './.eslint/plugin.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'bench/results/**', 'bench/.data/**', '.tmp-vitest/**', '.eslint/**/*.d.mts', 'main/shell/electron/*.d.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '.eslint/*.mjs', '.eslint/rules/*.mjs', 'main/shell/electron/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { loket },
    rules: {
      'loket/layers': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Raw ipcMain only inside the validating wrapper; the import itself only in the entry point.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['main/shell/electron/ipc.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='ipcMain']",
          message: 'Register handlers through registerContractHandlers (main/shell/electron/ipc.ts), never on ipcMain directly.',
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['main/shell/electron/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'Only main/shell/electron/main.ts takes ipcMain, to hand it to the validating wrapper.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, i18next },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'loket/renderer-parts': 'error',
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': {
            exclude: [
              'className', 'type', 'key', 'id', 'name', 'value', 'role', 'href', 'htmlFor', 'lang', 'dir',
              'data-.*', 'aria-(current|keyshortcuts|hidden|live|busy|labelledby|describedby|controls|modal)',
              'autoComplete', 'inputMode', 'size', 'strokeWidth', 'tabIndex',
              // The component kit's (renderer/ui) props that are never shown to the agent.
              'testId', '.*TestId', '.*ClassName', 'variant', 'tone',
            ],
          },
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      // API responses in tests are read loosely; the API itself is typed and validated.
      '@typescript-eslint/no-explicit-any': 'off',
      // A focused, skipped or parked test passes CI while proving nothing. A test that cannot
      // run here (no Electron runtime, PGlite's single connection) uses `skipIf` with the reason
      // in its name, and test/tools/skip-guard-reporter.ts fails the run on any skip that is not
      // on its short allow-list.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name=/^(describe|it|test|suite|bench)$/][property.name='only']",
          message: 'No .only in tests: it silently skips the rest of the suite.',
        },
        {
          selector: "MemberExpression[object.name=/^(describe|it|test|suite|bench)$/][property.name=/^(skip|todo)$/]",
          message: 'No .skip or .todo in tests: a parked test passes while proving nothing (use skipIf for a missing runtime, with the reason in its name).',
        },
        {
          selector: "MemberExpression[object.type='MemberExpression'][object.object.name=/^(describe|it|test|suite)$/][property.name=/^(only|skip|todo)$/]",
          message: 'No .only, .skip or .todo in tests, also not after a modifier (it.concurrent.skip).',
        },
        {
          selector: "CallExpression[callee.name=/^(xit|xtest|xdescribe|fit|fdescribe)$/]",
          message: 'No x/f-prefixed tests: they skip or focus like .skip and .only.',
        },
      ],
    },
  },
);
