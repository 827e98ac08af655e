/**
 * `window.__channelLab`: the lab, for debugging and for the browser tests (perf:ui measures through
 * it). It exists only in development (`vite`), unit tests and the e2e build (`vite build --mode e2e`,
 * scripts/serve.ts); Vite replaces the condition by a constant, so a production build drops it
 * (test/unit/debug-handle.test.ts builds one and checks).
 */
import type { Lab } from './store.ts';

export function exposeLab(lab: Lab): void {
  if (import.meta.env.DEV || import.meta.env.MODE === 'e2e') {
    (globalThis as { __channelLab?: Lab }).__channelLab = lab;
  }
}
