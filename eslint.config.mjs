import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated stubs are regenerated, never edited, and not linted.
  { ignores: ['src/generated/**', 'dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Architecture: the client (and the entry points built on it) never reach into the emulator or
  // the CLI; the emulator never reaches into the client or the CLI. Shared pieces live outside
  // all three (src/generated, src/status-code-name.ts, src/duplicate-id.ts).
  {
    files: ['src/client/**', 'src/index.ts', 'src/grpc.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/emulator', '**/emulator/**', '**/cli', '**/cli/**'], message: 'The client never imports the emulator or the CLI.' }],
      }],
    },
  },
  {
    files: ['src/emulator/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/client', '**/client/**', '**/cli', '**/cli/**'], message: 'The emulator never imports the client or the CLI.' }],
      }],
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
