// The chart painter worker's side (chart-painter.ts) and the page's (offscreen-charts.ts): the canvas's
// control goes to the worker once, each drawing goes as data, and the worker paints it sized for the
// screen, in the strategies' colours and dashes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packLines, type ChartPaintFrame } from '../../src/ui/views/chart-paint.ts';
import { handleChartPainterMessage, type PaintedCanvas } from '../../src/ui/views/chart-painter.ts';
import {
  chartPainter,
  chartPainterLost,
  onChartPainterLost,
  resetChartPainterForTests,
  type PainterWorker,
  type ToChartPainter,
} from '../../src/ui/views/offscreen-charts.ts';

/** A 2D context that records what it is told: calls as [name, ...args], property sets as ['set name', value]. */
function recordingCanvas() {
  const log: unknown[][] = [];
  const ctx = new Proxy(
    {},
    {
      get: (_, k) =>
        k === 'measureText'
          ? (s: string) => ({ width: s.length * 6 })
          : (...args: unknown[]) => {
              log.push([String(k), ...args]);
            },
      set: (_, k, v) => {
        log.push([`set ${String(k)}`, v]);
        return true;
      },
    },
  );
  const canvas = { width: 300, height: 150, getContext: () => ctx } as unknown as PaintedCanvas;
  return { canvas, log };
}

const frame: ChartPaintFrame = {
  width: 400,
  height: 200,
  dpr: 2,
  area: { x: 40, y: 10, width: 340, height: 160 },
  lines: [
    { k: 0, line: Float32Array.from([40, 170, 200, 100, 380, 20]), band: null },
    {
      k: 2,
      line: Float32Array.from([40, 170, 380, 160]),
      band: Float32Array.from([40, 170, 380, 160, 380, 170]),
    },
  ],
  labels: [{ k: 0, name: 'tokio unbounded', value: '16.5 GiB', x: 300, y: 15, anchor: 'end' }],
  style: {
    width: 2,
    fontSize: 12,
    fontFamily: 'system-ui',
    background: '#ffffff',
    colors: { 0: 'rgb(213, 94, 0)', 2: 'rgb(0, 158, 115)' },
    dashes: { 0: [], 2: [2, 4] },
  },
};

describe('the chart painter (worker side)', () => {
  it('paints a frame on the canvas it was handed: sized for the screen, cleared, in each line’s colour and dashes', () => {
    const canvases = new Map<number, PaintedCanvas>();
    const { canvas, log } = recordingCanvas();
    handleChartPainterMessage(canvases, {
      type: 'attach',
      id: 7,
      canvas: canvas as unknown as OffscreenCanvas,
    });
    handleChartPainterMessage(canvases, { type: 'paint', id: 7, frame });
    // 400 × 200 CSS px at 2 device pixels per px
    expect([canvas.width, canvas.height]).toEqual([800, 400]);
    expect(log).toContainEqual(['setTransform', 2, 0, 0, 2, 0, 0]);
    expect(log).toContainEqual(['clearRect', 0, 0, 400, 200]);
    const strokes = log.filter((c) => c[0] === 'set strokeStyle').map((c) => c[1]);
    expect(strokes).toContain('rgb(213, 94, 0)');
    expect(strokes).toContain('rgb(0, 158, 115)');
    expect(log).toContainEqual(['setLineDash', [2, 4]]);
    // the band is filled in its line's colour; the end label is written, name and value
    expect(log.filter((c) => c[0] === 'set fillStyle').map((c) => c[1])).toContain('rgb(0, 158, 115)');
    const texts = log.filter((c) => c[0] === 'fillText').map((c) => c[1]);
    expect(texts).toEqual(['tokio unbounded', ' 16.5 GiB']);
  });

  it('gets the lines as Float32Arrays whose buffers are handed over, not copied number by number', () => {
    const packed = packLines([
      { k: 1, line: [0.5, 10, 20.25, 30], band: null, end: null },
      { k: 3, line: [1, 2], band: [1, 2, 3, 4], end: null },
    ]);
    expect(packed.lines.map((l) => [l.k, Array.from(l.line), l.band && Array.from(l.band)])).toEqual([
      [1, [0.5, 10, 20.25, 30], null],
      [3, [1, 2], [1, 2, 3, 4]],
    ]);
    expect(packed.transfer).toEqual([
      packed.lines[0]?.line.buffer,
      packed.lines[1]?.line.buffer,
      packed.lines[1]?.band?.buffer,
    ]);
  });

  it('ignores a drawing for a canvas it does not hold, and lets a canvas go', () => {
    const canvases = new Map<number, PaintedCanvas>();
    const { canvas, log } = recordingCanvas();
    handleChartPainterMessage(canvases, { type: 'paint', id: 1, frame });
    handleChartPainterMessage(canvases, {
      type: 'attach',
      id: 1,
      canvas: canvas as unknown as OffscreenCanvas,
    });
    handleChartPainterMessage(canvases, { type: 'detach', id: 1 });
    handleChartPainterMessage(canvases, { type: 'paint', id: 1, frame });
    expect(canvases.size).toBe(0);
    expect(log).toEqual([]);
  });
});

/** A worker stand-in that keeps what it was sent, and can fail. */
function fakeWorker() {
  const sent: { msg: ToChartPainter; transfer: Transferable[] | undefined }[] = [];
  let onError: ((e: Event) => void) | null = null;
  const worker: PainterWorker & { fail(): void; terminated: boolean } = {
    terminated: false,
    postMessage: (msg, transfer) => sent.push({ msg, transfer }),
    addEventListener: (_type, fn) => {
      onError = fn;
    },
    terminate() {
      this.terminated = true;
    },
    fail: () => onError?.(new Event('error')),
  };
  return { worker, sent };
}

/** A canvas element stand-in that can hand over its control (once, as a real one). */
function transferableCanvas() {
  let transferred = 0;
  const offscreen = { offscreen: true } as unknown as OffscreenCanvas;
  const canvas = {
    dataset: {} as DOMStringMap,
    transferControlToOffscreen: () => {
      if (transferred++ > 0) throw new DOMException('already transferred', 'InvalidStateError');
      return offscreen;
    },
  } as unknown as HTMLCanvasElement;
  return { canvas, offscreen };
}

describe('chart painters (page side)', () => {
  afterEach(() => resetChartPainterForTests());

  it('hands a canvas’s control to the worker once, and sends each drawing as data', () => {
    const { worker, sent } = fakeWorker();
    const create = vi.fn(() => worker);
    resetChartPainterForTests(create);
    const { canvas, offscreen } = transferableCanvas();
    const painter = chartPainter(canvas);
    expect(painter).not.toBeNull();
    // an effect run again gets the same painter: the control went once
    expect(chartPainter(canvas)).toBe(painter);
    expect(sent).toHaveLength(1);
    const attach = sent[0]!;
    expect(attach.msg).toMatchObject({ type: 'attach', canvas: offscreen });
    expect(attach.transfer).toEqual([offscreen]);
    expect(canvas.dataset.painter).toBe('worker');
    const buffers = frame.lines.map((l) => l.line.buffer as ArrayBuffer);
    painter?.paint(frame, buffers);
    expect(sent[1]?.msg).toEqual({ type: 'paint', id: (attach.msg as { id: number }).id, frame });
    expect(sent[1]?.transfer).toEqual(buffers);
    // a second chart: the same worker, another id
    const other = transferableCanvas();
    chartPainter(other.canvas);
    expect(create).toHaveBeenCalledTimes(1);
    expect((sent[2]?.msg as { id: number }).id).not.toBe((attach.msg as { id: number }).id);
  });

  it('leaves the painting to the page where a canvas cannot be handed over', () => {
    const { worker } = fakeWorker();
    resetChartPainterForTests(() => worker);
    expect(chartPainter({ dataset: {} } as unknown as HTMLCanvasElement)).toBeNull();
    resetChartPainterForTests(() => {
      throw new Error('no workers here');
    });
    expect(chartPainter(transferableCanvas().canvas)).toBeNull();
  });

  it('tells the charts when the worker fails, and paints no more through it', () => {
    const { worker } = fakeWorker();
    resetChartPainterForTests(() => worker);
    const lost = vi.fn();
    const off = onChartPainterLost(lost);
    expect(chartPainter(transferableCanvas().canvas)).not.toBeNull();
    worker.fail();
    expect(lost).toHaveBeenCalledTimes(1);
    expect(worker.terminated).toBe(true);
    expect(chartPainterLost()).toBe(true);
    // the chart's fresh canvas paints on the page
    expect(chartPainter(transferableCanvas().canvas)).toBeNull();
    off();
  });
});
