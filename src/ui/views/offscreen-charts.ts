/**
 * The comparison charts' lines are painted in a worker of their own (chart-paint.worker.ts) where the
 * browser can: the canvas's control goes to the worker (`transferControlToOffscreen`), the page lays
 * the chart out and sends what to paint (a ChartPaintFrame: lines, labels, colours), and the worker
 * paints. What this takes off the page's main thread, measured (`perf:ui --cpu`, #16): painting the
 * lines and labels, and at every commit the copy of each chart's canvas image for the compositor
 * (software compositing copies a whole 2D canvas at every commit in which it changed). Together a
 * quarter of the main thread's time while a comparison plays under 4× CPU throttling, all of it in the
 * frames that bring a new series.
 *
 * Where the browser cannot (jsdom, no OffscreenCanvas, the worker fails to start), the chart paints on
 * the page as before: `chartPainter` returns null. A worker that fails later is reported to the charts
 * (`onChartPainterLost`), which put in a fresh canvas and paint it themselves.
 */
import type { ChartPaintFrame } from './chart-paint.ts';

/** The page → painter protocol. */
export type ToChartPainter =
  | { readonly type: 'attach'; readonly id: number; readonly canvas: OffscreenCanvas }
  | { readonly type: 'paint'; readonly id: number; readonly frame: ChartPaintFrame }
  | { readonly type: 'detach'; readonly id: number };

/** Paints one chart canvas in the worker. */
export interface ChartPainter {
  /** `transfer`: the buffers of the frame's lines, handed over with it */
  paint(frame: ChartPaintFrame, transfer?: ArrayBuffer[]): void;
}

/** The worker side as the page uses it (a Worker; a stand-in in the tests). */
export interface PainterWorker {
  postMessage(msg: ToChartPainter, transfer?: Transferable[]): void;
  addEventListener(type: 'error', fn: (e: Event) => void): void;
  terminate(): void;
}

type CreateWorker = () => PainterWorker;

const createModuleWorker: CreateWorker = () =>
  new Worker(new URL('./chart-paint.worker.ts', import.meta.url), {
    type: 'module',
    name: 'channel-lab-charts',
  });

let create: CreateWorker = createModuleWorker;
let worker: PainterWorker | null = null;
let lost = false;
let nextId = 1;
const painters = new WeakMap<HTMLCanvasElement, ChartPainter>();
const lostListeners = new Set<() => void>();
// a canvas element collected: the worker lets its OffscreenCanvas go
const released =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<number>((id) => worker?.postMessage({ type: 'detach', id }))
    : null;

function loseWorker(): void {
  if (lost) return;
  lost = true;
  worker?.terminate();
  worker = null;
  for (const fn of [...lostListeners]) fn();
}

/**
 * The painter for `canvas`, handing its control to the worker the first time (a canvas's control can
 * go only once: the painter is kept with the element, so an effect run again keeps painting through
 * it). Null where the chart must paint on the page: no OffscreenCanvas, the worker lost, the canvas
 * already drawn on.
 */
export function chartPainter(canvas: HTMLCanvasElement): ChartPainter | null {
  const known = painters.get(canvas);
  if (known !== undefined) return known;
  if (lost || typeof canvas.transferControlToOffscreen !== 'function') return null;
  let offscreen: OffscreenCanvas;
  try {
    if (worker === null) {
      const w = create();
      w.addEventListener('error', loseWorker);
      worker = w;
    }
    offscreen = canvas.transferControlToOffscreen();
  } catch {
    return null;
  }
  const id = nextId++;
  worker.postMessage({ type: 'attach', id, canvas: offscreen }, [offscreen]);
  released?.register(canvas, id);
  const painter: ChartPainter = {
    paint(frame, transfer = []) {
      worker?.postMessage({ type: 'paint', id, frame }, transfer);
    },
  };
  painters.set(canvas, painter);
  canvas.dataset.painter = 'worker';
  return painter;
}

/** Calls `fn` if the worker fails: the charts painting through it must paint themselves, on a fresh canvas. */
export function onChartPainterLost(fn: () => void): () => void {
  lostListeners.add(fn);
  return () => lostListeners.delete(fn);
}

/** Whether the worker failed (a chart's fresh canvas then paints on the page). */
export function chartPainterLost(): boolean {
  return lost;
}

/** Tests: another worker factory, and a fresh start. */
export function resetChartPainterForTests(factory: CreateWorker = createModuleWorker): void {
  worker?.terminate();
  worker = null;
  lost = false;
  create = factory;
}
