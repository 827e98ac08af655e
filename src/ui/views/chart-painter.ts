/**
 * The chart painter worker's work (chart-paint.worker.ts wires it to `self`): it keeps the canvases it
 * was handed by id, and paints each frame the page sends on its canvas. An OffscreenCanvas in a worker
 * shows what was painted when the worker's task ends, straight through the compositor: no step of the
 * page's own frame copies it.
 */
import { paintFrame } from './chart-paint.ts';
import type { ToChartPainter } from './offscreen-charts.ts';

/** The canvas handed over, as the painter uses it (an OffscreenCanvas; a stand-in in the tests). */
export type PaintedCanvas = Parameters<typeof paintFrame>[0];

export function handleChartPainterMessage(canvases: Map<number, PaintedCanvas>, msg: ToChartPainter): void {
  switch (msg.type) {
    case 'attach':
      canvases.set(msg.id, msg.canvas);
      return;
    case 'paint': {
      const canvas = canvases.get(msg.id);
      // a paint for a canvas let go (its element was collected): nothing to draw on
      if (canvas !== undefined) paintFrame(canvas, msg.frame);
      return;
    }
    case 'detach':
      canvases.delete(msg.id);
      return;
  }
}
