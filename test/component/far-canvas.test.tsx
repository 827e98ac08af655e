// @vitest-environment jsdom
// Canvases far from the viewport are transparent (#16 item 5: the browser neither paints them nor
// copies their images at each commit); near it, before printing, and once let go, they are opaque.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { FrameState } from '../../src/ui/store.ts';
import { fadeWhenFar } from '../../src/ui/views/far-canvas.ts';
import type { DecodedFrame } from '../../src/worker/frame.ts';

/** the lab's frames, playing or stopped */
function framesPlaying(playing: boolean) {
  return createStore<FrameState>(() => ({ frame: { playing } as DecodedFrame, series: null }));
}

let report: ((v: boolean) => void) | null = null;
let margin = '';
const saved = globalThis.IntersectionObserver;
beforeEach(() => {
  globalThis.IntersectionObserver = class {
    constructor(
      private readonly cb: (e: { isIntersecting: boolean }[]) => void,
      opts: { rootMargin?: string },
    ) {
      margin = opts.rootMargin ?? '';
    }
    observe() {
      report = (v) => this.cb([{ isIntersecting: v }]);
    }
    unobserve() {}
    disconnect() {
      report = null;
    }
  } as unknown as typeof IntersectionObserver;
});
afterEach(() => {
  globalThis.IntersectionObserver = saved;
});

/** A canvas whose box is `top` px from the viewport's top (jsdom lays nothing out). */
function canvasAt(top: number): { canvas: HTMLCanvasElement; move(top: number): void } {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  let at = top;
  canvas.getBoundingClientRect = () => ({ top: at, bottom: at + 150, left: 0, right: 600 }) as DOMRect;
  return { canvas, move: (t) => (at = t) };
}

describe('fadeWhenFar', () => {
  it('fades while the run plays and the observer says far, and is opaque again in the scroll event that brings it near', () => {
    const { canvas, move } = canvasAt(5 * window.innerHeight);
    const frames = framesPlaying(false);
    const stop = fadeWhenFar(canvas, frames);
    expect(margin).toBe('50%');
    report?.(false);
    // a stopped run: opaque wherever it is (nothing commits; full-page captures show it)
    expect(canvas.style.opacity).toBe('');
    frames.setState({ frame: { playing: true } as DecodedFrame });
    expect(canvas.style.opacity).toBe('0');
    // a scroll that leaves it far: still faded
    window.dispatchEvent(new Event('scroll'));
    expect(canvas.style.opacity).toBe('0');
    // a jump: the scroll event comes before the observer's callback
    move(100);
    window.dispatchEvent(new Event('scroll'));
    expect(canvas.style.opacity).toBe('');
    report?.(false);
    expect(canvas.style.opacity).toBe('0');
    window.dispatchEvent(new Event('beforeprint'));
    expect(canvas.style.opacity).toBe('');
    report?.(false);
    expect(canvas.style.opacity).toBe('0');
    frames.setState({ frame: { playing: false } as DecodedFrame });
    expect(canvas.style.opacity).toBe('');
    frames.setState({ frame: { playing: true } as DecodedFrame });
    expect(canvas.style.opacity).toBe('0');
    stop();
    expect(canvas.style.opacity).toBe('');
    canvas.remove();
  });

  it('a scroll inside a scroller that holds the canvas counts too; one that holds none (the side panel) measures nothing', () => {
    const { canvas, move } = canvasAt(4000);
    const panel = document.createElement('div');
    const side = document.createElement('div');
    document.body.append(panel, side);
    panel.append(canvas);
    let measured = 0;
    const box = canvas.getBoundingClientRect;
    canvas.getBoundingClientRect = () => {
      measured++;
      return box();
    };
    const stop = fadeWhenFar(canvas, framesPlaying(true));
    report?.(false);
    expect(canvas.style.opacity).toBe('0');
    move(10);
    // scroll events do not bubble: both are caught in the capture phase
    side.dispatchEvent(new Event('scroll'));
    expect(measured).toBe(0);
    expect(canvas.style.opacity).toBe('0');
    panel.dispatchEvent(new Event('scroll'));
    expect(measured).toBe(1);
    expect(canvas.style.opacity).toBe('');
    stop();
    panel.remove();
    side.remove();
  });
});
