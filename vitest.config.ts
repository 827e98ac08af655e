import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['test/unit/**/*.test.ts', 'test/component/**/*.test.tsx'],
      setupFiles: ['test/setup.ts'],
      // Generous limits: a test that passes in 1 s alone may take 10 s on a loaded 2-core machine. No
      // test asserts timing through these (speed is measured by `npm run bench` and `perf:ui`).
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  }),
);
