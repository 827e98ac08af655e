// The app in real Chromium against the production build: the worker runs, the views move.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { baseUrl, browserForTests, firstFrameShown, watchErrors, type Browser } from './browser.ts';
import { linesCanvas } from './chart-drawing.ts';
import type { ChartDrawing } from '../../src/ui/views/LiveChart.tsx';

const require = createRequire(import.meta.url);
const e2e = browserForTests();
const SHOTS = e2e.shots;

/** Opens the app and waits until the worker has answered with a first frame. */
async function open(opts: Parameters<Browser['newPage']>[0] = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await e2e.browser.newPage(opts);
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 15_000 });
  await page.getByTestId('heap-chart').locator('svg.chart-axes').first().waitFor({ timeout: 15_000 });
  await firstFrameShown(page);
  return { page, errors };
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
const canvasHash = async (page: Page, testId: string) => {
  const url = await page.getByTestId(testId).evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  return createHash('sha1').update(url).digest('hex');
};
/** The first heap line's points as drawn, or null while there is only one sample (nothing to draw yet). */
const heapLine = async (page: Page) => {
  const d = await linesCanvas(page.getByTestId('heap-chart')).evaluate(
    (c) => (c as HTMLCanvasElement & { drawing?: ChartDrawing }).drawing ?? null,
  );
  const line = d?.lines[0]?.line ?? [];
  return line.length < 4 ? null : line.join(' ');
};
/** Number in a readout such as "1,234,567 B (1.18 MiB)". */
const leadingNumber = (s: string) => Number((s.match(/[\d,]+/)?.[0] ?? 'NaN').replace(/,/g, ''));

describe('Channel Lab in Chromium', () => {
  it('loads with no console errors; the worker answers; every view is on screen', async () => {
    const { page, errors } = await open();
    assert.equal(await page.title(), 'Channel Lab');
    for (const name of [
      'Channel anatomy',
      'Senders and backpressure',
      'Retained messages',
      'Strategies compared',
      'Exact figures',
    ]) {
      assert.ok(await page.getByRole('heading', { name }).isVisible(), `${name} heading`);
    }
    // the readout of what creating the channel allocates is there, with exact bytes
    assert.match(await text(page, 'create-bytes'), /^[\d,]+ B/);
    // the worker sent the game-server strategies
    assert.match(await text(page, 'readout-heap-0'), /^[\d,]+ B/);
    // views below the fold draw when they come into view (#16)
    await page.getByTestId('anatomy-summary').scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () =>
        /Arc<Chan>: 512 B/.test(document.querySelector('[data-testid="anatomy-summary"]')?.textContent ?? ''),
      null,
      { timeout: 10_000 },
    );
    await page.screenshot({ path: `${SHOTS}/01-initial.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('while a run plays, canvases far below the fold are left out of painting, and opaque in the frame that scrolls them in', async () => {
    const { page, errors } = await open({ width: 1366, height: 768 });
    const senders = page.getByTestId('backpressure-canvas').first();
    const faded = () =>
      page.waitForFunction(
        () =>
          document.querySelector<HTMLElement>('[data-testid="backpressure-canvas"]')?.style.opacity === '0',
        null,
        { timeout: 10_000 },
      );
    // stopped, every canvas is opaque (nothing commits; full-page captures and print show them all)
    assert.equal(await senders.evaluate((c) => getComputedStyle(c).opacity), '1');
    await page.getByRole('button', { name: 'Play' }).click();
    // far below the fold: transparent, so the browser neither paints it nor copies its image (#16)
    await faded();
    // a jump straight to it (as End or a link would): opaque before that frame is painted, with the
    // drawing it already had (the paused run's frame was drawn off screen too)
    const seen = await senders.evaluate(
      (c) =>
        new Promise<{ opacity: string; inked: number }>((resolve) => {
          c.scrollIntoView({ block: 'center' });
          requestAnimationFrame(() => {
            const canvas = c as HTMLCanvasElement;
            const px = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 3; px !== undefined && i < px.length; i += 4) if ((px[i] ?? 0) > 0) inked++;
            resolve({ opacity: getComputedStyle(canvas).opacity, inked });
          });
        }),
    );
    assert.equal(seen.opacity, '1');
    assert.ok(seen.inked > 1000, `the senders' row shows its drawing at once (${seen.inked} pixels inked)`);
    // back at the top, it fades again; paused, it is opaque
    await page.evaluate(() => window.scrollTo(0, 0));
    await faded();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-testid="backpressure-canvas"]')?.style.opacity === '',
      null,
      { timeout: 10_000 },
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('while a run plays, a panel far below the fold costs no style, layout or paint; stopped, the page is whole', async () => {
    const { page, errors } = await open({ width: 1366, height: 768 });
    // `checkVisibility({ contentVisibilityAuto: true })` is false inside content the browser skips
    const tableRendered = () =>
      page.evaluate(() => document.querySelector('table')?.checkVisibility({ contentVisibilityAuto: true }));
    await page.getByRole('heading', { name: 'Strategies compared' }).scrollIntoViewIfNeeded();
    // stopped: every panel is rendered, far or not (a full-page capture shows them all)
    assert.equal(await tableRendered(), true, 'a stopped page renders the Exact figures table');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(
      () => document.querySelector('table')?.checkVisibility({ contentVisibilityAuto: true }) === false,
    );
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor();
    const paused = (await text(page, 'status-time')).replace(/ \/.*/, '');
    // paused, it renders again where it is, with the paused run's numbers, not those it was skipped at
    await page.waitForFunction(() =>
      document.querySelector('table')?.checkVisibility({ contentVisibilityAuto: true }),
    );
    await page.waitForFunction(
      (t) => document.querySelector('[data-testid="sim-time"]')?.textContent?.startsWith(`at ${t}`),
      paused,
      { timeout: 5_000 },
    );
    assert.ok(leadingNumber(await text(page, 'readout-heap-0')) > 0);
    // laid out for real: its height is the table's, not the placeholder's
    const box = await page.getByRole('table').first().boundingBox();
    assert.ok(box !== null && box.height > 400, `the table is laid out (${box?.height} px)`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('Play makes the heap readout and the charts change', async () => {
    const { page, errors } = await open();
    // charts below the fold do no work until they are on screen, as for a reader scrolling to them
    await page.getByRole('heading', { name: 'Strategies compared' }).scrollIntoViewIfNeeded();
    const heapBefore = await text(page, 'readout-heap-0');
    const lineBefore = await heapLine(page);
    const timeBefore = await text(page, 'status-time');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(1500);
    assert.notEqual(await text(page, 'status-time'), timeBefore);
    assert.notEqual(await heapLine(page), lineBefore);
    // off-screen readouts render no frames of a playing run (#16): they catch up when scrolled to
    await page.getByTestId('readout-heap-0').scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="readout-heap-0"]')?.textContent !== before,
      heapBefore,
      { timeout: 10_000 },
    );
    assert.ok(leadingNumber(await text(page, 'readout-heap-0')) > leadingNumber(heapBefore));
    await page.screenshot({ path: `${SHOTS}/02-playing-charts.png` });
    await page.screenshot({ path: `${SHOTS}/02-playing.png`, fullPage: true });
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Play' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('moving "Capacity" changes what the anatomy view draws', async () => {
    const { page, errors } = await open();
    await page.getByRole('combobox', { name: 'Strategy' }).selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Pause' }).click();
    // views off screen draw no frames of a playing run (#16): read the anatomy where it is seen
    await page.getByTestId('anatomy-canvas').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const before = await canvasHash(page, 'anatomy-canvas');
    const summaryBefore = await text(page, 'anatomy-summary');
    // 20,000 msg/s offered against 10,000 drained: bounded(128) is full
    assert.match(summaryBefore, /128 messages queued.*0 of 128 permits available/);
    // the panel now edits each strategy; only the bounded one has a Capacity
    const capacity = page.getByRole('slider', { name: 'Capacity' });
    await capacity.focus();
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
    await page.getByTestId('anatomy-canvas').scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (s) => document.querySelector('[data-testid="anatomy-summary"]')?.textContent !== s,
      summaryBefore,
      { timeout: 10_000 },
    );
    await page.waitForTimeout(300);
    assert.notEqual(await canvasHash(page, 'anatomy-canvas'), before);
    const value = await page.getByRole('spinbutton', { name: 'Capacity' }).inputValue();
    assert.ok(Number(value) > 128, `capacity moved up from 128, got ${value}`);
    // the change takes effect from the paused moment on: the channel now has that many permits
    assert.match(
      await text(page, 'anatomy-summary'),
      new RegExp(`of ${Number(value).toLocaleString('en-US')} permits`),
    );
    await page.getByTestId('anatomy-canvas').screenshot({ path: `${SHOTS}/03-anatomy-after-capacity.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('Step advances by exactly one message', async () => {
    const { page, errors } = await open();
    const before = leadingNumber(await text(page, 'status-arrivals'));
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction(
      (n) =>
        Number(document.querySelector('[data-testid="status-arrivals"]')?.textContent?.replace(/,/g, '')) !==
        n,
      before,
      { timeout: 10_000 },
    );
    assert.equal(leadingNumber(await text(page, 'status-arrivals')), before + 1);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction(
      (n) =>
        Number(document.querySelector('[data-testid="status-arrivals"]')?.textContent?.replace(/,/g, '')) ===
        n,
      before + 2,
      { timeout: 10_000 },
    );
    await page.screenshot({ path: `${SHOTS}/04-after-steps.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a dying worker is reported and restarted on its own from the same scenario', async () => {
    const { page } = await open();
    await page.evaluate(() => {
      const lab = (globalThis as unknown as { __channelLab: { bridge: { worker: Worker } } }).__channelLab;
      lab.bridge.worker.dispatchEvent(new ErrorEvent('error', { message: 'simulated crash' }));
    });
    const alert = page.getByRole('alert').filter({ hasText: 'The simulation crashed.' });
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /simulated crash.*restarted from the last good state/);
    // the rest of the page stays on screen
    assert.ok(await page.getByRole('heading', { name: 'Channel anatomy' }).isVisible());
    await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/05-worker-crashed.png` });
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await alert.waitFor({ state: 'detached' });
    await page.close();
  });

  it('has no serious accessibility violations (axe), in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await open({ colorScheme });
      await page.getByRole('button', { name: 'Play' }).click();
      await page.waitForTimeout(800);
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const violations = await page.evaluate(async () => {
        const axe = (
          globalThis as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }
        ).axe;
        type AxeResult = {
          violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
        };
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${v.id}: ${v.help} (${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(', ')})`,
          );
      });
      assert.deepEqual(violations, [], `${colorScheme}: ${violations.join('\n')}`);
      await page.close();
    }
  });

  it('works on a phone, in dark mode', async () => {
    const { page, errors } = await open({ width: 390, height: 844, colorScheme: 'dark' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
    // the first screen: Play, the preset, and the comparison's heap chart start above the fold;
    // the preset's story is folded away behind its summary
    const top = async (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => el.getBoundingClientRect().top);
    assert.ok((await top('figure.chart')) < 844, `the heap chart starts on the first screen`);
    assert.ok((await top('.transport')) < (await top('section.charts')));
    assert.ok((await top('section.charts')) < (await top('[data-testid="group-producers"]')));
    assert.equal(await page.getByText('About this preset').isVisible(), true);
    assert.equal(await page.locator('.preset-more .fact').isVisible(), false);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(1500);
    // paused: a full-page capture shows every panel (while a run plays, far panels skip rendering)
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/06-phone-dark.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
