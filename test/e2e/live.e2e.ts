// Live knobs, load at a glance and the side-by-side senders view in real Chromium: a slider moved
// while the run plays bends the run from then on, the link reproduces the run with its change.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { baseUrl, browserForTests, watchErrors, type Browser } from './browser.ts';

const e2e = browserForTests();
const SHOTS = e2e.shots;

async function open(url = baseUrl(), opts: Parameters<Browser['newPage']>[0] = {}) {
  const page = await e2e.browser.newPage(opts);
  const errors = watchErrors(page);
  await page.goto(url);
  await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
  return { page, errors };
}

type Change = { atMs: number; path: string; value: number };
const changes = (page: Page) =>
  page.evaluate(
    () =>
      ((
        globalThis as unknown as {
          __channelLab: { store: { getState(): { scenario: { changes: Change[] } | null } } };
        }
      ).__channelLab.store.getState().scenario?.changes ?? []) as Change[],
  );
const simTimeMs = (page: Page) =>
  page.evaluate(
    () =>
      (
        globalThis as unknown as {
          __channelLab: { frames: { getState(): { frame: { timeMs: number } | null } } };
        }
      ).__channelLab.frames.getState().frame?.timeMs ?? 0,
  );
/** The unbounded strategy's heap column from the worker: [time ms, bytes][]. */
const heapSeries = (page: Page) =>
  page.evaluate(async () => {
    const lab = (
      globalThis as unknown as {
        __channelLab: {
          actions: {
            fetchSeries(): Promise<{
              timeMs: number[];
              strategies: { columns: { heapBytes: number[] } }[];
            } | null>;
          };
        };
      }
    ).__channelLab;
    const s = await lab.actions.fetchSeries();
    if (s === null) return [];
    return Array.from(s.timeMs, (t, i) => [t, s.strategies[0]?.columns.heapBytes[i] ?? NaN]);
  });

describe('live knobs in Chromium', () => {
  it('a slider moved while playing bends the line from then on; the copied link gives the same run', async () => {
    const { page, errors } = await open(baseUrl(), { width: 1366, height: 768 });
    await e2e.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(baseUrl()).origin,
    });
    await page.getByRole('heading', { name: 'Strategies compared' }).scrollIntoViewIfNeeded();
    // the load at a glance: 1,000 producers × 20 msg/s against one consumer at 100 µs a message
    assert.equal(await page.getByTestId('load-offered').textContent(), '20,000 msg/s');
    assert.equal(await page.getByTestId('load-drained').textContent(), '10,000 msg/s');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(
      () =>
        ((
          globalThis as unknown as {
            __channelLab: { frames: { getState(): { frame: { timeMs: number } | null } } };
          }
        ).__channelLab.frames.getState().frame?.timeMs ?? 0) > 2000,
      null,
      { timeout: 20_000 },
    );
    // slow the producers down with the slider, from the keyboard, while the run plays: below 10 msg/s
    // each, fewer than the consumer drains (quick presses are one change, as a drag is)
    const rate = page.getByRole('slider', { name: 'Producer rate' });
    const field = page.getByRole('spinbutton', { name: 'Producer rate' });
    await rate.focus();
    for (let i = 0; i < 40 && Number(await field.inputValue()) >= 10; i++)
      await page.keyboard.press('ArrowLeft');
    const target = Number(await field.inputValue());
    assert.ok(target < 10, `the slider went below 10: ${target}`);
    await page.waitForFunction(
      (v) =>
        (
          (
            globalThis as unknown as {
              __channelLab: { store: { getState(): { scenario: { changes: Change[] } | null } } };
            }
          ).__channelLab.store.getState().scenario?.changes ?? []
        ).some((c) => c.value === v),
      target,
      { timeout: 10_000 },
    );
    assert.equal((await changes(page)).length, 1, 'one change for the whole move');
    const [change] = await changes(page);
    assert.ok(change !== undefined);
    assert.equal(change.path, 'producers.ratePerSec');
    assert.ok(change.value < 20, `the rate went down: ${change.value}`);
    assert.ok(change.atMs > 2000, `the change took effect where the run was, not at 0 s: ${change.atMs}`);
    // still playing, not restarted; the offered load shows the new rate
    assert.equal(await page.getByRole('button', { name: 'Pause' }).isVisible(), true);
    // (the load summary reads the run a few times a second, so it may take a moment)
    const offered = `${(1000 * change.value).toLocaleString('en-US')} msg/s`;
    await page
      .waitForFunction(
        (want) => document.querySelector('[data-testid="load-offered"]')?.textContent === want,
        offered,
        { timeout: 5_000 },
      )
      .catch(() => undefined);
    assert.equal(await page.getByTestId('load-offered').textContent(), offered);
    await page.waitForFunction(
      (at) =>
        ((
          globalThis as unknown as {
            __channelLab: { frames: { getState(): { frame: { timeMs: number } | null } } };
          }
        ).__channelLab.frames.getState().frame?.timeMs ?? 0) >
        at + 2500,
      change.atMs,
      { timeout: 20_000 },
    );
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor();
    // the line bends: the unbounded heap grew until the change and shrinks after it (fewer offered than drained)
    const series = await heapSeries(page);
    const at = (ms: number) => series.filter(([t]) => (t as number) <= ms).at(-1)?.[1] as number;
    assert.ok(at(change.atMs) > at(change.atMs - 1000), 'grows before the change');
    assert.ok(at(change.atMs + 2000) < at(change.atMs), 'shrinks after it');
    await page.screenshot({ path: `${SHOTS}/live-change-1366.png` });
    await page.getByTestId('heap-chart').screenshot({ path: `${SHOTS}/live-change-chart.png` });

    // the link: the change is in it, readable; opening it gives the same run
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(
      link,
      new RegExp(
        `change\\.${String(change.atMs).replace('.', '\\.')}\\.producers\\.ratePerSec=${change.value}`,
      ),
    );
    const time = await simTimeMs(page);
    const { page: again, errors: errors2 } = await open(link, { width: 1366, height: 768 });
    await again.waitForFunction(
      (t) => {
        const lab = (
          globalThis as unknown as {
            __channelLab: { frames: { getState(): { frame: { timeMs: number } | null } } };
          }
        ).__channelLab;
        return (lab.frames.getState().frame?.timeMs ?? 0) === t;
      },
      time,
      { timeout: 20_000 },
    );
    assert.deepEqual(await changes(again), [change]);
    assert.deepEqual(await heapSeries(again), series);
    await again.close();
    assert.deepEqual(errors, []);
    assert.deepEqual(errors2, []);
    await page.close();
  });

  it('the senders view shows every strategy side by side on one scale', async () => {
    const { page, errors } = await open(`${baseUrl()}?t=3000`, { width: 1366, height: 768 });
    const view = page.getByRole('region', { name: 'Senders and backpressure' });
    await view.scrollIntoViewIfNeeded();
    const rows = view.locator('.bp-row');
    assert.equal(await rows.count(), 3);
    assert.deepEqual(await rows.locator('h3').allTextContents(), [
      'tokio unbounded',
      'tokio bounded(128)',
      'semaphore-gated (1024) at the producer',
    ]);
    // every row drew its pipeline (a canvas that is not blank)
    for (let k = 0; k < 3; k++) {
      const blank = await rows
        .nth(k)
        .locator('canvas')
        .evaluate((c) => {
          const canvas = c as HTMLCanvasElement;
          const d = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
          return d === undefined || d.every((v, i) => i % 4 !== 3 || v === 0);
        });
      assert.equal(blank, false, `row ${k} drew`);
    }
    await page
      .getByTestId('bp-scale')
      .filter({ hasText: /a full queue bar is [\d,]+ messages/ })
      .waitFor();
    await view.screenshot({ path: `${SHOTS}/backpressure-side-by-side-1366.png` });
    await page.setViewportSize({ width: 360, height: 740 });
    await view.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await view.screenshot({ path: `${SHOTS}/backpressure-side-by-side-360.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a task spawned per send: more send tasks wait than there are producers, none held upstream', async () => {
    const { page, errors } = await open(`${baseUrl()}?preset=spawn-per-send&t=3000`, {
      width: 1366,
      height: 768,
    });
    const view = page.getByRole('region', { name: 'Senders and backpressure' });
    await view.scrollIntoViewIfNeeded();
    // the bounded row: 100 producers, and thousands of spawned tasks waiting (spawn returned at once)
    const waiting = view.getByTestId('bp-counters-1').locator('[data-counter="waiting"]');
    await waiting.filter({ hasText: /^\d{1,3}(,\d{3})+$/ }).waitFor();
    const tasks = Number((await waiting.textContent())?.replace(/,/g, ''));
    assert.ok(tasks > 100, `${tasks} tasks wait`);
    await view.screenshot({ path: `${SHOTS}/backpressure-task-per-send-1366.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
