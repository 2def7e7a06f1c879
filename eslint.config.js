import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import conventions from './eslint/conventions.js';

// Core must stay pure: it runs unchanged in workers, Node tests and the CLI.
const coreBans = {
  patterns: [
    {
      group: ['svelte', 'svelte/*', '$app/*', '$env/*'],
      message: 'src/lib/core is pure TS: no Svelte.'
    },
    {
      group: ['comlink', 'comlink/*'],
      message: 'src/lib/core is pure TS: Comlink belongs in src/lib/workers.'
    },
    { group: ['node:*'], message: 'src/lib/core is pure TS: Node modules belong in src/cli.' },
    {
      group: ['**/workers/**', '**/client/**', '**/ui/**', '**/routes/**', '**/cli/**'],
      message: 'src/lib/core must not import from outer layers.'
    }
  ]
};

export default ts.config(
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node }
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig
      }
    }
  },
  {
    rules: {
      // A spread or apply() turns a list into call arguments, one stack slot each: with a
      // table's rows or a model's features (100k+) it throws "Maximum call stack size exceeded".
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression > SpreadElement:not([argument.name='args']), NewExpression > SpreadElement:not([argument.name='args'])",
          message:
            'No spread into call arguments (the list may be unbounded: a stack overflow). Loop, or use reduce/concat/Array.from. Only a rest parameter named `args` may be forwarded as is.'
        },
        {
          selector:
            "CallExpression[callee.property.name='apply'][arguments.length=2]:not([arguments.1.name='args']), CallExpression[callee.object.name='Reflect'][callee.property.name='apply']",
          message:
            'No apply() with an argument list (it may be unbounded: a stack overflow). Loop instead.'
        }
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ]
    }
  },
  {
    // One naming and import convention for the whole tree (see eslint/conventions.js).
    files: ['**/*.{ts,js,mjs,svelte}'],
    plugins: { conventions },
    rules: {
      'conventions/file-name': 'error',
      'conventions/import-extension': 'error',
      'conventions/core-package-index': 'error',
      'conventions/layers': 'error'
    }
  },
  {
    // A test may reach the internals it tests.
    files: ['**/*.test.ts'],
    rules: { 'conventions/core-package-index': 'off', 'conventions/layers': 'off' }
  },
  {
    files: ['src/lib/core/**/*.ts'],
    ignores: ['src/lib/core/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', coreBans],
      // No DOM in core: these globals exist in browsers only.
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'indexedDB'
      ]
    }
  },
  {
    files: ['src/lib/workers/**/*.ts'],
    ignores: ['src/lib/workers/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['$app/*', '$env/*'], message: 'Workers are built without the Kit plugin.' }
          ]
        }
      ]
    }
  },
  {
    ignores: [
      'build/',
      '.svelte-kit/',
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench/out/'
    ]
  }
);
