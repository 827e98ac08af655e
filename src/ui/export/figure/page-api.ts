/**
 * What `npm run figure` calls in the page (headless Chromium, the embed page of the figure's scenario
 * and time): wait until the simulation shows the requested moment, then render the figure exactly as
 * the Export dialog does and hand back the file's content.
 */
import type { Lab } from '../../store.ts';
import { svgToPng } from '../png.ts';
import { renderFigure, type FigureRequest } from './figures.ts';

export interface ScriptFigureRequest extends FigureRequest {
  /** simulated milliseconds the figure shows */
  readonly timeMs: number;
  readonly format: 'svg' | 'png';
}

export interface ScriptFigure {
  /** SVG text, or the PNG as base64 */
  readonly data: string;
  readonly width: number;
  readonly height: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the frame is at `timeMs`, paused, and the chart series has stopped changing. */
async function settled(lab: Lab, timeMs: number, timeoutMs = 60_000): Promise<void> {
  const start = performance.now();
  let last: unknown = null;
  let calm = 0;
  while (performance.now() - start < timeoutMs) {
    const { frame, series } = lab.frames.getState();
    const status = lab.store.getState().status;
    if (status === 'crashed') throw new Error(lab.store.getState().crashReason ?? 'the simulation stopped');
    const at = frame !== null && Math.abs(frame.timeMs - timeMs) < 1e-6 && !frame.playing;
    if (at && series !== null && series === last) calm++;
    else calm = 0;
    if (calm >= 3) return;
    last = series;
    await sleep(100);
  }
  throw new Error(`the simulation did not reach ${timeMs} ms within ${timeoutMs / 1000} s`);
}

export async function figureForScript(lab: Lab, req: ScriptFigureRequest): Promise<ScriptFigure> {
  await settled(lab, req.timeMs);
  const svg = renderFigure(lab, req);
  if (req.format === 'svg') return { data: svg.text, width: svg.width, height: svg.height };
  const png = await svgToPng(svg, 2);
  const bytes = new Uint8Array(await png.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { data: btoa(bin), width: svg.width * 2, height: svg.height * 2 };
}
