import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layers: engine ← worker ← ui. Outside code reaches the engine's folders through their index files.
const ENGINE_INTERNALS = {
  group: ['**/engine/*/*', '!**/engine/*/index.ts'],
  message: 'Import the engine through its index files (engine/channels, scenario, sim, rust-type: index.ts).',
};
const NO_UI = {
  group: ['**/ui/**', 'react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'],
  message: 'Only src/ui may use the UI and React.',
};
const NO_WORKER = { group: ['**/worker/**'], message: 'The engine knows nothing of the worker.' };
const WORKER_INTERNALS = {
  group: ['**/worker/*', '!**/worker/protocol.ts', '!**/worker/frame.ts', '!**/worker/params.ts'],
  message: 'The UI talks to the worker through protocol.ts, frame.ts and params.ts only.',
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'test/golden'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'test/component/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The engine is deterministic: no wall clock, no ambient randomness, no timers.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (src/engine/rng.ts).' },
        { object: 'Date', property: 'now', message: 'The engine has no clock: time is simulated.' },
        { object: 'performance', property: 'now', message: 'The engine has no clock: time is simulated.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'No timers in the engine.' },
        { name: 'setInterval', message: 'No timers in the engine.' },
        { name: 'requestAnimationFrame', message: 'No timers in the engine.' },
        { name: 'window', message: 'The engine runs without a DOM.' },
        { name: 'document', message: 'The engine runs without a DOM.' },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_UI, NO_WORKER] }] },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_UI, ENGINE_INTERNALS] }] },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ENGINE_INTERNALS, WORKER_INTERNALS] }] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_UI, ENGINE_INTERNALS] }] },
  },
  {
    // scripts drive the whole app (figures, perf): any layer, through the engine's index files
    files: ['scripts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ENGINE_INTERNALS] }] },
  },
);
