// The debug handle `window.__channelLab` stays out of production bundles: a real `vite build` (the one
// `npm run build` makes) has no trace of it in its JavaScript, while the e2e build keeps it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function bundleText(mode: string): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), `channel-lab-${mode}-`));
  dirs.push(outDir);
  // vitest sets NODE_ENV=test, which would make Vite build for development: build as `npm run build` does
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ mode, logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
  } finally {
    process.env.NODE_ENV = env;
  }
  const js = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
  return js.map((f) => readFileSync(join(outDir, 'assets', f), 'utf8')).join('\n');
}

describe('the debug handle', () => {
  it('is absent from a production build and present in the e2e build', async () => {
    // (a boolean, not the text: a failure would print the whole bundle). `__channelLabFigure`, the hook
    // `npm run figure` renders through, is part of the product and does not count.
    const handle = /__channelLab(?![A-Za-z])/;
    expect(handle.test(await bundleText('production'))).toBe(false);
    expect(handle.test(await bundleText('e2e'))).toBe(true);
  }, 300_000);
});
