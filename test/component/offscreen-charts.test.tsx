// @vitest-environment jsdom
// Where the browser can, the comparison charts' lines are painted in a worker (offscreen-charts.ts): the
// page sends each drawing as data. If that worker fails, the charts put in fresh canvases and paint on
// the page, with no gap in what they show.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChartCanvas } from '../../src/ui/views/LiveChart.tsx';
import type { ChartPaintFrame } from '../../src/ui/views/chart-paint.ts';
import {
  resetChartPainterForTests,
  type PainterWorker,
  type ToChartPainter,
} from '../../src/ui/views/offscreen-charts.ts';
import { renderApp, type Rendered } from './harness.tsx';

let app: Rendered | null = null;
const sent: ToChartPainter[] = [];
let fail: () => void = () => undefined;
const saved = {
  transfer: Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'transferControlToOffscreen'),
  width: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'),
  height: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
};

beforeEach(() => {
  sent.length = 0;
  const worker: PainterWorker = {
    postMessage: (msg) => sent.push(msg),
    addEventListener: (_type, fn) => {
      fail = () => fn(new Event('error'));
    },
    terminate: () => undefined,
  };
  resetChartPainterForTests(() => worker);
  // jsdom has neither OffscreenCanvas nor layout: a canvas hands over a stand-in, a chart box has a size
  Object.defineProperty(HTMLCanvasElement.prototype, 'transferControlToOffscreen', {
    configurable: true,
    value: () => ({}) as OffscreenCanvas,
  });
  const size = (px: number) => ({
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('chart-box') ? px : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', size(800));
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', size(400));
});

afterEach(() => {
  app?.unmount();
  app = null;
  cleanup();
  resetChartPainterForTests();
  for (const [key, target, d] of [
    ['transferControlToOffscreen', HTMLCanvasElement.prototype, saved.transfer],
    ['clientWidth', HTMLElement.prototype, saved.width],
    ['clientHeight', HTMLElement.prototype, saved.height],
  ] as const) {
    if (d === undefined) delete (target as unknown as Record<string, unknown>)[key];
    else Object.defineProperty(target, key, d);
  }
});

const linesCanvas = (testId: string) =>
  within(screen.getByTestId(testId)).getByRole('img').querySelector<ChartCanvas>('canvas.chart-lines');

/** The last drawing sent for the canvas attached as `id`. */
const lastPaint = (id: number): ChartPaintFrame | undefined =>
  sent.flatMap((m) => (m.type === 'paint' && m.id === id ? [m.frame] : [])).at(-1);

describe('charts painted in a worker', { timeout: 30_000 }, () => {
  it('hand both charts’ canvases to the worker and send it the lines, labels and colours they show', async () => {
    app = renderApp({ preset: 'game-server' });
    await screen.findByTestId('heap-chart', {}, { timeout: 15_000 });
    act(() => app?.lab.actions.seek(3000));
    const ids = await waitFor(() => {
      const attached = sent.flatMap((m) => (m.type === 'attach' ? [m.id] : []));
      expect(attached).toHaveLength(2);
      for (const id of attached) expect(lastPaint(id)?.lines.some((l) => l.line.length >= 4)).toBe(true);
      return attached;
    });
    for (const testId of ['heap-chart', 'second-chart']) {
      expect(linesCanvas(testId)?.dataset.painter).toBe('worker');
    }
    // what went to the worker is what the chart says it drew (the browser tests read `drawing`)
    const heap = linesCanvas('heap-chart');
    const asDrawn = (lines: readonly { k: number; line: ArrayLike<number> }[] | undefined) =>
      lines?.map((l) => [l.k, Array.from(l.line, Math.fround)]);
    const frame = ids
      .map(lastPaint)
      .find((f) => JSON.stringify(asDrawn(f?.lines)) === JSON.stringify(asDrawn(heap?.drawing?.lines)));
    expect(frame).toBeDefined();
    expect(frame?.labels.map((l) => l.name)).toContain('tokio unbounded');
    expect(frame?.style.colors[0]).toMatch(/^(#|rgb)/);
    expect([frame?.width, frame?.height]).toEqual([800, 400]);
  });

  it('paint on the page, on fresh canvases, when the worker fails', async () => {
    app = renderApp({ preset: 'game-server' });
    await screen.findByTestId('heap-chart', {}, { timeout: 15_000 });
    await waitFor(() => expect(linesCanvas('heap-chart')?.dataset.painter).toBe('worker'));
    const before = linesCanvas('heap-chart');
    act(() => fail());
    act(() => app?.lab.actions.seek(2000));
    await waitFor(() => {
      const now = linesCanvas('heap-chart');
      expect(now).not.toBe(before);
      expect(now?.dataset.painter).toBeUndefined();
      // drawn here: the chart's record of its drawing is on the new canvas
      expect(now?.drawing?.lines.some((l) => l.line.length >= 4)).toBe(true);
    });
    const paints = sent.filter((m) => m.type === 'paint').length;
    act(() => app?.lab.actions.seek(4000));
    await waitFor(() => expect(linesCanvas('heap-chart')?.drawing?.seq).toBeGreaterThan(0));
    expect(sent.filter((m) => m.type === 'paint').length).toBe(paints);
  });
});
