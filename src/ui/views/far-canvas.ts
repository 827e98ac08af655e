/**
 * While a run plays, canvases far from the viewport are made transparent (`opacity: 0`), so the
 * browser neither paints them nor hands their images to the compositor. Chromium compositing in
 * software (no GPU: headless runs, and many a workshop laptop's fallback) copies every composited
 * canvas's image at every commit, drawn or not: on the lab page the four canvases below the fold
 * (anatomy, three senders' rows) were two thirds of each commit's canvas work, about 0.6 ms of main
 * thread each under 4× CPU throttling, and a playing run commits with every chart series. A stopped
 * run commits rarely: then every canvas is opaque (full-page captures, printing, devtools).
 *
 * A faded canvas keeps its pixels and becomes opaque before it can be seen:
 * - an IntersectionObserver with half a viewport of margin (more than the painters' 200 px, so a
 *   canvas is opaque before it is drawn anew); its callback comes after the frame that brought the
 *   canvas near, early enough for scrolling;
 * - for a jump (End, Page Down, a link to a panel, an element scrolled into view), a scroll listener
 *   checks the faded canvases in the scroll event, which runs before that frame is painted;
 * - printing: styles.css makes every canvas opaque in print, and `beforeprint` clears the fading.
 * Not inside an iframe (an embed): there the parent page's scrolling reaches us only after the frame.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { FrameState } from '../store.ts';

/** how far beyond the viewport a canvas stays opaque, as a fraction of the viewport */
const NEAR = 0.5;

/** every watched canvas, with whether it should be transparent now */
const watched = new Map<HTMLCanvasElement, { far: boolean; playing: () => boolean }>();

function apply(canvas: HTMLCanvasElement): void {
  const w = watched.get(canvas);
  const opacity = w !== undefined && w.far && w.playing() ? '0' : '';
  if (canvas.style.opacity !== opacity) canvas.style.opacity = opacity;
}

/** Whether `el` is within NEAR viewports of the viewport (nested scrollers' clips aside: opaque when in doubt). */
function near(el: Element): boolean {
  const r = el.getBoundingClientRect();
  const h = window.innerHeight;
  const w = window.innerWidth;
  return r.bottom >= -NEAR * h && r.top <= (1 + NEAR) * h && r.right >= -NEAR * w && r.left <= (1 + NEAR) * w;
}

function onScroll(e: Event): void {
  // a scroller that holds no canvas (the side panel) moves none: no need to measure (measuring
  // lays the page out, 5 ms at 4x throttling when a focused slider scrolls the side panel)
  const scroller = e.target;
  for (const [canvas, w] of watched) {
    if (
      canvas.style.opacity === '0' &&
      (!(scroller instanceof Element) || scroller.contains(canvas)) &&
      near(canvas)
    ) {
      w.far = false;
      apply(canvas);
    }
  }
}

function onBeforePrint(): void {
  for (const [canvas, w] of watched) {
    w.far = false;
    apply(canvas);
  }
}

/**
 * Fades `canvas` while the run in `frames` plays and the canvas is far from the viewport (see
 * above). Returns the clean-up, which leaves the canvas opaque.
 */
export function fadeWhenFar(canvas: HTMLCanvasElement, frames: StoreApi<FrameState>): () => void {
  if (typeof IntersectionObserver !== 'function' || typeof window === 'undefined') return () => {};
  if (window.self !== window.top) return () => {};
  const state = { far: false, playing: () => frames.getState().frame?.playing === true };
  watched.set(canvas, state);
  const io = new IntersectionObserver(
    (entries) => {
      const e = entries[entries.length - 1];
      if (e === undefined) return;
      state.far = !e.isIntersecting;
      apply(canvas);
    },
    { rootMargin: `${NEAR * 100}%` },
  );
  io.observe(canvas);
  const unsubscribe = frames.subscribe((s, prev) => {
    if (s.frame?.playing !== prev.frame?.playing) apply(canvas);
  });
  if (watched.size === 1) {
    // capture: a scroll of any scroller (the page's, a panel's) reaches the window in its capture phase
    window.addEventListener('scroll', onScroll, { capture: true, passive: true });
    window.addEventListener('beforeprint', onBeforePrint);
  }
  return () => {
    io.disconnect();
    unsubscribe();
    watched.delete(canvas);
    apply(canvas);
    if (watched.size === 0) {
      window.removeEventListener('scroll', onScroll, { capture: true });
      window.removeEventListener('beforeprint', onBeforePrint);
    }
  };
}
