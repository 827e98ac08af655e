/**
 * Real Chromium for the browser tests and perf:ui: Debian's /usr/bin/chromium driven by
 * playwright-core, headless, sandbox off (containers), no network side traffic, a fresh profile.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  newPage(opts?: {
    width?: number;
    height?: number;
    colorScheme?: 'light' | 'dark';
    reducedMotion?: boolean;
  }): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh user-data-dir, removed on close. */
export async function launch(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'channel-lab-chromium-'));
  // playwright passes the profile as --user-data-dir itself (it refuses the flag in `args`)
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 1000 },
  });
  // tsx (esbuild, keepNames) wraps named functions in `__name(...)`; functions we hand to
  // page.evaluate run in the page, where that helper does not exist
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  return {
    context,
    async newPage(opts = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width: opts.width ?? 1440, height: opts.height ?? 1000 });
      await page.emulateMedia({
        colorScheme: opts.colorScheme ?? 'light',
        reducedMotion: opts.reducedMotion === true ? 'reduce' : 'no-preference',
      });
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * What every e2e file sets up: one Chromium for the file's tests (launched before them, closed after
 * them) and the folder its screenshots go to. Call once at the top level of the file; read `.browser`
 * inside tests and hooks.
 */
export function browserForTests(shots = 'test-results'): {
  readonly browser: Browser;
  readonly shots: string;
} {
  mkdirSync(shots, { recursive: true });
  let browser: Browser | null = null;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return {
    shots,
    get browser(): Browser {
      if (browser === null) throw new Error('the browser is launched before the tests: use it inside them');
      return browser;
    },
  };
}

/** Collects console errors and uncaught page errors, which a clean page never has. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('worker', (w) => {
    w.on('console', (m) => {
      if (m.type() === 'error') errors.push(`worker console: ${m.text()}`);
    });
  });
  return errors;
}

export function baseUrl(): string {
  const url = process.env.CHANNEL_LAB_URL;
  if (url === undefined)
    throw new Error('CHANNEL_LAB_URL is not set: run the browser tests with `npm run test:e2e`');
  return url;
}

/**
 * Waits until the status line shows the first frame's numbers: "paused" shows as soon as the scenario is
 * loaded, and the counts follow with the first frame, in a transition (a "—" until then).
 */
export async function firstFrameShown(page: Page): Promise<void> {
  await page.waitForFunction(
    () => /^[\d,]+$/.test(document.querySelector('[data-testid="status-arrivals"]')?.textContent ?? ''),
    null,
    { timeout: 20_000 },
  );
}

/** Opens the lab at `query` in a page of the given size and waits until its scenario is loaded. */
export async function openLab(
  browser: Browser,
  width: number,
  height: number,
  query = '',
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ width, height });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}${query}`);
  await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
  await firstFrameShown(page);
  return { page, errors };
}

/** Opens a group of the parameter panel if it is closed. */
export async function openGroup(page: Page, name: string): Promise<Locator> {
  const group = page.getByTestId(`group-${name}`);
  if ((await group.getAttribute('open')) === null) await group.locator('summary').click();
  return group;
}
