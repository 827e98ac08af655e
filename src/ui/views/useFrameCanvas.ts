import { useEffect, useRef, type RefObject } from 'react';
import type { DecodedFrame } from '../../worker/frame.ts';
import { useLab } from '../lab-context.ts';
import { prepareCanvas, readTheme, setMinTextSize, type Theme } from '../draw/paint.ts';
import { observeVisibility } from './useVisible.ts';
import { frameRequest } from './frame-request.ts';
import { fadeWhenFar } from './far-canvas.ts';

export type Painter = (
  ctx: CanvasRenderingContext2D,
  theme: Theme,
  frame: DecodedFrame,
  width: number,
) => number;

/**
 * Presenter mode (`presenter` on <html>) draws the canvases this much larger, with no label under
 * `PRESENTER_MIN_TEXT_PX` CSS px: the painters lay out a narrower canvas and the browser scales it.
 */
export const PRESENTER_CANVAS_ZOOM = 1.5;
export const PRESENTER_MIN_TEXT_PX = 20;

/**
 * Draws the latest frame on a canvas through a store subscription and requestAnimationFrame: no React
 * render per frame. `paint` returns the height it used; the canvas grows or shrinks to fit. `onText`
 * runs at most every `textIntervalMs` for text that mirrors the drawing (summaries, counters).
 */
export function useFrameCanvas(
  paint: Painter,
  opts: {
    minHeight: number;
    onText?: (frame: DecodedFrame) => void;
    textIntervalMs?: number;
    /** anything else the painting depends on (e.g. which strategy is shown): a change redraws */
    redrawKey?: string | number;
    /**
     * the painter draws channel structures or waiting senders: asked of the worker while the canvas
     * is on screen (see Lab.showStructures), and a frame without them leaves the drawing as it was
     */
    structures?: boolean;
  },
): RefObject<HTMLCanvasElement | null> {
  const lab = useLab();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const paintRef = useRef(paint);
  const optsRef = useRef(opts);
  const requestRef = useRef<(() => void) | null>(null);
  useEffect(() => {
    paintRef.current = paint;
    optsRef.current = opts;
  });
  const redrawKey = opts.redrawKey;
  useEffect(() => {
    requestRef.current?.();
  }, [redrawKey]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    let theme: Theme = readTheme(canvas);
    let height = optsRef.current.minHeight;
    let lastText = -Infinity;
    let lastTextFrame: DecodedFrame | null = null;
    let lastKey = optsRef.current.redrawKey;

    // Off screen, a playing run draws nothing; the next frame after scrolling in draws at once. A
    // paused frame (rare: a load, a seek, a step) is drawn even off screen, because the painter is what
    // sizes the canvas: the page below keeps its place, and an embed reports its true height (the
    // Embed dialog's preview measures the snippet's height with most rows off screen).
    let visible = true;
    const structures = optsRef.current.structures === true;
    let hideStructures = structures ? lab.showStructures() : null;
    // the width comes from the ResizeObserver, never read per frame (that would force a layout)
    let width = 0;
    const draw = () => {
      const frame = lab.frames.getState().frame;
      if (frame === null || (!visible && frame.playing)) return;
      if (structures && !frame.structures) return;
      if (width === 0) width = canvas.clientWidth || canvas.parentElement?.clientWidth || 600;
      // `height` is in the painter's units; on a projector they are PRESENTER_CANVAS_ZOOM CSS px each
      const zoom = document.documentElement.classList.contains('presenter') ? PRESENTER_CANVAS_ZOOM : 1;
      const prepare = () => {
        const c = prepareCanvas(canvas, width, height * zoom);
        if (c === null) return null;
        if (zoom !== 1) c.scale(zoom, zoom);
        setMinTextSize(c, zoom === 1 ? 0 : PRESENTER_MIN_TEXT_PX / zoom);
        return c;
      };
      let ctx = prepare();
      if (ctx !== null) {
        const used = Math.max(optsRef.current.minHeight, paintRef.current(ctx, theme, frame, width / zoom));
        if (used !== height) {
          height = used;
          ctx = prepare();
          if (ctx !== null) paintRef.current(ctx, theme, frame, width / zoom);
        }
      }
      const now = performance.now();
      if (
        optsRef.current.onText &&
        (now - lastText >= (optsRef.current.textIntervalMs ?? 250) || !frame.playing)
      ) {
        if (frame !== lastTextFrame || lastKey !== optsRef.current.redrawKey) optsRef.current.onText(frame);
        lastText = now;
        lastTextFrame = frame;
        lastKey = optsRef.current.redrawKey;
      }
    };
    const frames = frameRequest(draw);
    const request = frames.request;
    requestRef.current = request;
    const unsubscribe = lab.frames.subscribe((s, prev) => {
      // off screen, a playing run does not even ask for an animation frame
      if (s.frame !== prev.frame && (visible || s.frame?.playing !== true)) request();
    });
    const resize =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver((entries) => {
            const w = entries[entries.length - 1]?.contentRect.width;
            if (w !== undefined && w > 0 && Math.round(w) !== width) {
              width = Math.round(w);
              request();
            }
          })
        : null;
    const stopWatching = observeVisibility(canvas, (v) => {
      visible = v;
      if (structures) {
        hideStructures?.();
        hideStructures = v ? lab.showStructures() : null;
      }
      if (v) request();
    });
    resize?.observe(canvas);
    const unfade = fadeWhenFar(canvas, lab.frames);
    // presenter mode on or off: draw again at the other size
    const presenter = typeof MutationObserver === 'function' ? new MutationObserver(() => request()) : null;
    presenter?.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    const scheme = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
    const onScheme = () => {
      theme = readTheme(canvas);
      request();
    };
    scheme?.addEventListener('change', onScheme);
    request();
    return () => {
      requestRef.current = null;
      hideStructures?.();
      unsubscribe();
      stopWatching();
      unfade();
      resize?.disconnect();
      presenter?.disconnect();
      scheme?.removeEventListener('change', onScheme);
      frames.cancel();
    };
  }, [lab]);

  return canvasRef;
}
