// The comparison comes first (issue 12): in real Chromium at a laptop's, a projector's and a phone's
// size, the heap chart is on the first screen with Play; it shows growth over the whole run, labels
// its lines and the scenario's events, uses distinct colours, presenter mode reads from the back of
// the room, and the keys stay with the page after a strategy is chosen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { baseUrl, browserForTests, firstFrameShown, watchErrors } from './browser.ts';
import { chartDrawing, endLabelTexts, linesCanvas } from './chart-drawing.ts';

const e2e = browserForTests();
const SHOTS = e2e.shots;

/** Canvas labels as drawn, in CSS px (font size × the context's scale ÷ device pixel ratio). */
const RECORD_CANVAS_TEXT = `
  window.__canvasText = [];
  const fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (...a) {
    const m = /([\\d.]+)px/.exec(this.font);
    if (m) window.__canvasText.push(parseFloat(m[1]) * this.getTransform().a / devicePixelRatio);
    return fill.apply(this, a);
  };`;

async function open(
  query: string,
  size: { width: number; height: number },
  opts: { colorScheme?: 'light' | 'dark'; recordCanvas?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await e2e.browser.newPage({
    ...size,
    ...(opts.colorScheme ? { colorScheme: opts.colorScheme } : {}),
  });
  if (opts.recordCanvas === true) await page.addInitScript({ content: RECORD_CANVAS_TEXT });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}${query}`);
  await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
  await page.getByTestId('heap-chart').locator('svg.chart-axes').first().waitFor({ timeout: 20_000 });
  await firstFrameShown(page);
  return { page, errors };
}

/** The simulation to `ms` of simulated time, through the same action the Time slider uses. */
async function seek(page: Page, ms: number): Promise<void> {
  await page.evaluate((t) => {
    (
      globalThis as unknown as { __channelLab: { actions: { seek(t: number): void } } }
    ).__channelLab.actions.seek(t);
  }, ms);
  await page.waitForFunction(
    (t) => {
      const s = (
        globalThis as unknown as {
          __channelLab: { frames: { getState(): { series: { timeMs: Float64Array } | null } } };
        }
      ).__channelLab.frames.getState().series;
      return s !== null && (s.timeMs[s.timeMs.length - 1] ?? 0) >= t - 100;
    },
    ms,
    { timeout: 20_000 },
  );
  await page.waitForTimeout(600); // the chart redraws at most every 250 ms
}

const inViewport = async (page: Page, testId: string) => {
  const box = await page.getByTestId(testId).boundingBox();
  const vp = page.viewportSize();
  assert.ok(box !== null && vp !== null, `${testId} has a box`);
  return box.y >= 0 && box.y + box.height <= vp.height && box.x >= 0 && box.x + box.width <= vp.width;
};

describe('the comparison comes first', () => {
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    it(`at ${size.width}×${size.height} the whole heap chart and Play are on the first screen`, async () => {
      const { page, errors } = await open('', size);
      assert.ok(await inViewport(page, 'heap-chart'), 'heap chart on the first screen');
      const play = await page.getByRole('button', { name: 'Play' }).boundingBox();
      assert.ok(play !== null && play.y + play.height <= size.height, 'Play on the first screen');
      await page.getByRole('button', { name: 'Play' }).click();
      await page.waitForTimeout(3000);
      await page.screenshot({ path: `${SHOTS}/compare-${size.width}x${size.height}.png` });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('on a 390 px phone the page does not overflow sideways and the chart fits the width', async () => {
    const { page, errors } = await open('', { width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scroll (${overflow} px)`);
    await page.getByTestId('heap-chart').scrollIntoViewIfNeeded();
    const box = await page.getByTestId('heap-chart').boundingBox();
    assert.ok(box !== null && box.width <= 390);
    await page.screenshot({ path: `${SHOTS}/compare-phone.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('charts that show growth', () => {
  it('span the whole run from the start, label each line at its end and mark the players leaving', async () => {
    const { page, errors } = await open('', { width: 1366, height: 768 });
    const chart = page.getByTestId('heap-chart');
    // before any time has passed, the time axis already ends at the run's 60 s
    const axis = (await chart.locator('svg.chart-axes').first().textContent()) ?? '';
    assert.match(axis, /60 s/);
    await seek(page, 12_000);
    const labels = await endLabelTexts(chart);
    assert.equal(labels.length, 3);
    assert.match(labels[0] ?? '', /^tokio unbounded \d+(\.\d)? MiB$/);
    assert.match(labels.join('|'), /tokio bounded\(128\) [\d.]+ KiB/);
    // the event: 100 of the 1,000 players leave at 10 s, on both charts
    assert.equal(await chart.getByText('100 producers leave').count(), 1);
    assert.equal(await page.getByTestId('second-chart').getByText('100 producers leave').count(), 1);
    // the band (lowest to highest heap in each interval) under each of the three lines
    const drawing = await chartDrawing(chart);
    assert.equal(drawing.lines.filter((l) => l.band !== null && l.band.length >= 8).length, 3);
    // the canvas layer is registered to the axes: the lowest and highest value ticks mark the
    // plot's bottom and top, the first and last time ticks (0 s and 60 s) its left and right edges
    const tickLines = async (axis: 'x' | 'y', attr: 'x1' | 'y1') =>
      (
        await chart
          .locator(`.chart-${axis}-axis .tick-line`)
          .evaluateAll((els, a) => els.map((e) => Number(e.getAttribute(a))), attr)
      ).sort((p, q) => p - q);
    const ys = await tickLines('y', 'y1');
    const xs = await tickLines('x', 'x1');
    const { area } = drawing;
    assert.ok(Math.abs((ys[0] ?? 0) - area.y) < 1 && Math.abs((ys.at(-1) ?? 0) - (area.y + area.height)) < 1);
    assert.ok(Math.abs((xs[0] ?? 0) - area.x) < 1 && Math.abs((xs.at(-1) ?? 0) - (area.x + area.width)) < 1);
    // the unbounded line starts at 0 s on the time axis and ends at the current time (12 s of 60 s)
    const unbounded = drawing.lines.find((l) => l.k === 0);
    assert.ok(Math.abs((unbounded?.line[0] ?? 0) - area.x) < 1);
    assert.ok(Math.abs((unbounded?.end?.x ?? 0) - (area.x + (area.width * 12) / 60)) < area.width / 60);
    // the labels sit in the plot, each level with (or just above) its own line's end
    for (const label of drawing.labels) {
      const end = drawing.lines.find((l) => l.k === label.k)?.end;
      assert.ok(end !== null && end !== undefined, `label ${label.k} has a line`);
      assert.ok(label.y >= drawing.area.y && label.y <= drawing.area.y + drawing.area.height);
      assert.ok(label.anchor === 'start' ? label.x > end.x : label.x < end.x, `beside the end`);
    }
    // hovering over the plot at 6 s shows the values there
    const box = await chart.locator('.chart-box').boundingBox();
    assert.ok(box !== null);
    await page.mouse.move(box.x + area.x + area.width / 10, box.y + area.y + area.height / 2);
    const tip = chart.getByTestId('chart-tooltip');
    await tip.waitFor();
    assert.match(
      (await tip.textContent()) ?? '',
      /^6 stokio unbounded: [\d.]+ MiBtokio bounded\(128\): [\d.]+ KiB/,
    );
    await page.mouse.move(0, 0);
    await tip.waitFor({ state: 'detached' });
    // log scale: KiB and MiB lines on one axis of powers of two
    await page.getByRole('checkbox', { name: 'Log scale' }).click();
    await chart.and(page.locator('[data-scale="log"]')).waitFor();
    await page.waitForTimeout(400);
    // the tick labels are in a layer of their own, apart from the axis line
    const ticks = await chart.locator('.chart-y-axis .tick-labels text').allTextContents();
    const unit: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2 };
    const bytes = ticks.map((t) => {
      const m = /^(\d+) (B|KiB|MiB)$/.exec(t);
      assert.ok(m !== null, `a tick in whole units: ${t}`);
      return Number(m[1]) * (unit[m[2] ?? ''] ?? NaN);
    });
    assert.ok(
      bytes.every((b) => Number.isInteger(Math.log2(b))),
      `ticks are powers of two: ${ticks.join(', ')}`,
    );
    assert.ok(
      ticks.some((t) => t.endsWith('KiB')) && ticks.some((t) => t.endsWith('MiB')),
      `KiB and MiB on one axis: ${ticks.join(', ')}`,
    );
    await page.screenshot({ path: `${SHOTS}/compare-log-scale.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('draws a spike as a step, not a ramp', async () => {
    const { page } = await open(
      '?preset=game-server&producers.arrival=spike&producers.spikeAtMs=3050&producers.spikeMessages=100000',
      { width: 1366, height: 768 },
    );
    await seek(page, 5000);
    const drawing = await chartDrawing(page.getByTestId('heap-chart'));
    const line = drawing.lines.find((l) => l.k === 0)?.line ?? [];
    const pts = line.flatMap((_, i) => (i % 2 === 0 ? [[line[i] ?? 0, line[i + 1] ?? 0] as const] : []));
    // the largest rise of the unbounded line (100,000 messages of ~121 B at once) is a vertical segment
    let best = { rise: 0, dx: Infinity };
    for (let i = 1; i < pts.length; i++) {
      const [x0, y0] = pts[i - 1] ?? [0, 0];
      const [x1, y1] = pts[i] ?? [0, 0];
      if (y0 - y1 > best.rise) best = { rise: y0 - y1, dx: x1 - x0 };
    }
    assert.ok(best.rise > 50, `the spike rises ${best.rise} px`);
    assert.ok(best.dx < 0.5, `and is vertical (${best.dx} px wide)`);
    await page.screenshot({ path: `${SHOTS}/compare-spike.png` });
    await page.close();
  });
});

describe('colours', () => {
  it('six strategies get six different colours, the same in the legend as on the lines, in both themes', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await open(
        '?preset=burst-retention',
        { width: 1366, height: 768 },
        { colorScheme: scheme },
      );
      await seek(page, 1000);
      // the colours the canvas drew with, as the browser resolves them
      const drawn = await chartDrawing(page.getByTestId('heap-chart'));
      const strokes = await page.evaluate(
        (colors) =>
          colors.map((c) => {
            const probe = document.createElement('span');
            probe.style.color = c;
            document.body.append(probe);
            const rgb = getComputedStyle(probe).color;
            probe.remove();
            return rgb;
          }),
        drawn.lines.map((l) => drawn.colors[l.k] ?? ''),
      );
      const marks = await page
        .locator('.chart-legend .strategy-mark line')
        .evaluateAll((els) => els.map((e) => getComputedStyle(e).stroke));
      assert.equal(strokes.length, 6);
      assert.equal(new Set(strokes).size, 6, `distinct: ${strokes.join(' ')}`);
      assert.deepEqual(marks, strokes);
      // strategy 0 is Okabe–Ito vermillion, a shade lighter on the dark theme
      assert.equal(strokes[0], scheme === 'light' ? 'rgb(213, 94, 0)' : 'rgb(232, 112, 26)');
      // the lines are painted by the chart painter worker (#16), and the pixels on screen are those colours
      const canvas = linesCanvas(page.getByTestId('heap-chart'));
      assert.equal(await canvas.getAttribute('data-painter'), 'worker');
      const inked = await canvas.evaluate(
        (c, colors) =>
          new Promise<number[]>((resolve) => {
            const count = () => {
              const copy = document.createElement('canvas');
              copy.width = (c as HTMLCanvasElement).width;
              copy.height = (c as HTMLCanvasElement).height;
              const ctx = copy.getContext('2d');
              ctx?.drawImage(c as HTMLCanvasElement, 0, 0);
              const px = ctx?.getImageData(0, 0, copy.width, copy.height).data ?? new Uint8ClampedArray();
              const want = colors.map((rgb) => (rgb.match(/\d+/g) ?? []).map(Number));
              const n = want.map(() => 0);
              for (let i = 0; i < px.length; i += 4) {
                want.forEach((w, k) => {
                  if (px[i + 3] === 255 && px[i] === w[0] && px[i + 1] === w[1] && px[i + 2] === w[2])
                    n[k]!++;
                });
              }
              return n;
            };
            // the worker paints after the page laid the drawing out: a frame or two later
            let tries = 0;
            const poll = () => {
              const n = count();
              if (n.every((x) => x >= 20) || ++tries > 60) resolve(n);
              else requestAnimationFrame(poll);
            };
            poll();
          }),
        strokes,
      );
      assert.ok(
        inked.every((x) => x >= 20),
        `every line's colour is on screen (${scheme}): ${inked.join(', ')} pixels`,
      );
      await page.screenshot({ path: `${SHOTS}/compare-colours-${scheme}.png` });
      await page.close();
    }
  });
});

describe('presenter mode', () => {
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    it(`at ${size.width}×${size.height}: the heap chart fills the first screen, every label ≥ 20 px, thick lines`, async () => {
      const { page, errors } = await open('?present=1', size, { recordCanvas: true });
      await seek(page, 12_000);
      assert.ok(await inViewport(page, 'heap-chart'), 'heap chart on the first screen');
      const box = await page.getByTestId('heap-chart').boundingBox();
      assert.ok(box !== null && box.height >= size.height * 0.6, 'it fills most of the screen');
      // the presenter bar (shown while the mouse moves) covers no part of the heap chart
      await page.mouse.move(size.width / 2, size.height / 2);
      const bar = await page.getByRole('toolbar', { name: 'Presenter mode' }).boundingBox();
      assert.ok(bar !== null && box !== null);
      const apart =
        bar.y >= box.y + box.height ||
        bar.y + bar.height <= box.y ||
        bar.x >= box.x + box.width ||
        bar.x + bar.width <= box.x;
      assert.ok(
        apart,
        `the presenter bar (${JSON.stringify(bar)}) clear of the heap chart (${JSON.stringify(box)})`,
      );
      await page.screenshot({ path: `${SHOTS}/compare-present-${size.width}x${size.height}.png` });
      const fonts = await page
        .locator('figure.chart svg text')
        .evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
      assert.ok(fonts.length > 10);
      assert.ok(Math.min(...fonts) >= 20, `chart labels ≥ 20 px (smallest ${Math.min(...fonts)})`);
      // the load at a glance beside the chart, its note on recv_many included, is read from the back too
      const loadFonts = await page
        .getByTestId('load-summary')
        .locator('span')
        .evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
      assert.ok(
        loadFonts.length >= 3 && Math.min(...loadFonts) >= 20,
        `load summary ≥ 20 px (${loadFonts.join(', ')})`,
      );
      // every canvas, scrolled into view so it draws, labels at ≥ 20 CSS px
      for (const c of await page.locator('canvas').all()) {
        await c.scrollIntoViewIfNeeded();
        await page.waitForTimeout(300);
      }
      // the charts' lines too (drawn on their canvas layers, now that each has been on screen)
      const widths = [
        (await chartDrawing(page.getByTestId('heap-chart'))).lineWidth,
        (await chartDrawing(page.getByTestId('second-chart'))).lineWidth,
      ];
      assert.ok(Math.min(...widths) >= 4, `thick lines (${widths.join(', ')})`);
      const canvasText = await page.evaluate(
        () => (globalThis as unknown as { __canvasText: number[] }).__canvasText,
      );
      assert.ok(canvasText.length > 20, 'canvases drew their labels');
      assert.ok(
        Math.min(...canvasText) >= 20 - 0.01,
        `canvas labels ≥ 20 px (smallest ${Math.min(...canvasText)})`,
      );
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});

describe('the keyboard and what a newcomer clicks', () => {
  it('after a strategy chip is clicked, → and ← step time and Space plays and pauses; the list says so', async () => {
    const { page, errors } = await open('', { width: 1366, height: 768 });
    const arrivals = async () =>
      Number(((await page.getByTestId('status-arrivals').textContent()) ?? '').replace(/,/g, ''));
    const arrivalsBecome = (n: number) =>
      page.waitForFunction(
        (want) =>
          Number(
            document.querySelector('[data-testid="status-arrivals"]')?.textContent?.replace(/,/g, ''),
          ) === want,
        n,
        { timeout: 10_000 },
      );
    const chips = page.getByRole('group', { name: 'Show the channel of' });
    const bounded = chips.getByRole('button', { name: /tokio bounded\(128\)/ });
    await bounded.click();
    assert.equal(await bounded.getAttribute('aria-pressed'), 'true');
    const before = await arrivals();
    // → steps one message forward (it does not move to the next chip), ← steps it back
    await page.keyboard.press('ArrowRight');
    await arrivalsBecome(before + 1);
    assert.equal(await bounded.getAttribute('aria-pressed'), 'true', 'the strategy did not change');
    await page.keyboard.press('ArrowRight');
    await arrivalsBecome(before + 2);
    await page.keyboard.press('ArrowLeft');
    await arrivalsBecome(before + 1);
    // Space plays (it does not press the chip again), and pauses
    await page.keyboard.press(' ');
    await page.getByTestId('status-state').filter({ hasText: 'running' }).waitFor();
    await page.waitForTimeout(500);
    await page.keyboard.press(' ');
    await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor();
    assert.ok((await arrivals()) > before + 1, 'time went on while playing');
    assert.equal(await bounded.getAttribute('aria-pressed'), 'true');
    // the shortcut list says where the keys work
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const said = (await help.textContent()) ?? '';
    for (const line of ['Play or pause', 'Step forward one message', 'Step back one message'])
      assert.ok(said.includes(line), line);
    assert.match(said, /Choosing a strategy leaves the keys to the page/);
    await page.screenshot({ path: `${SHOTS}/compare-shortcuts.png` });
    await page.keyboard.press('Escape');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the Calculator button brings the calculator it opens into view', async () => {
    const { page, errors } = await open('', { width: 1366, height: 768 });
    await page.getByRole('button', { name: 'Calculator' }).click();
    const calc = page.getByRole('region', { name: 'Calculator' });
    await calc.locator('.calc-table').waitFor({ timeout: 20_000 });
    // it opens below every view (some 2,500 px down): the page scrolls to its top
    await page.waitForFunction(
      () => {
        const top = document.getElementById('calculator')?.getBoundingClientRect().top ?? -1;
        // (scrollY is whole pixels, the layout above is not: the top may sit a fraction above 0)
        return top > -1 && top < window.innerHeight / 3;
      },
      null,
      { timeout: 10_000 },
    );
    assert.ok((await page.evaluate(() => window.scrollY)) > 1000, 'the page scrolled down to it');
    // and the keyboard is there too
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'calculator');
    await page.screenshot({ path: `${SHOTS}/compare-calculator-in-view.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
