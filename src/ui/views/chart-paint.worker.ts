/// <reference lib="webworker" />
/**
 * The chart painter: paints the comparison charts' lines on canvases whose control the page handed
 * over (offscreen-charts.ts). Everything it does is in `handleChartPainterMessage`, tested without a
 * worker.
 */
import { handleChartPainterMessage } from './chart-painter.ts';
import type { ToChartPainter } from './offscreen-charts.ts';

declare const self: DedicatedWorkerGlobalScope;

const canvases = new Map<number, OffscreenCanvas>();
self.onmessage = (e: MessageEvent<ToChartPainter>) => handleChartPainterMessage(canvases, e.data);
