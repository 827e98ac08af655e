/**
 * Work for the next animation frame, shared by the canvas painters (LiveChart, useFrameCanvas) and the
 * bridge (acknowledging frames, sending coalesced changes): one requestAnimationFrame a frame for all
 * of them, not one each. Asking the browser for a frame costs the page a few tenths of a millisecond
 * on a slow laptop, and a playing comparison asked for up to eight a frame.
 * Without requestAnimationFrame (jsdom in the component tests) a 16 ms timer stands in.
 */
const queue = new Set<() => void>();
let pending = false;

function flush(): void {
  pending = false;
  const now = [...queue];
  queue.clear();
  for (const fn of now) {
    try {
      fn();
    } catch (e) {
      // one failing painter does not stop the others; the error is still reported
      queueMicrotask(() => {
        throw e;
      });
    }
  }
}

/** Runs `fn` in the next animation frame (once, however often it is asked before then). */
export function onNextFrame(fn: () => void): void {
  queue.add(fn);
  if (pending) return;
  pending = true;
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
  else setTimeout(flush, 16);
}

/**
 * Runs `fn` in a task of its own after the next frame is painted: for work that need not hold up the
 * frame that shows an input's immediate answer (a slider's thumb and number) and would make it long on
 * a slow laptop. Without requestAnimationFrame (jsdom), after a 16 ms timer.
 */
export function afterNextPaint(fn: () => void): void {
  onNextFrame(() => setTimeout(fn, 0));
}

/** Drops `fn` from the next animation frame. */
export function cancelNextFrame(fn: () => void): void {
  queue.delete(fn);
}

/** At most one drawing per animation frame: `request()` while one is pending does nothing, `cancel()` drops it. */
export interface FrameRequest {
  request(): void;
  cancel(): void;
}

export function frameRequest(draw: () => void): FrameRequest {
  // a function of its own per request, so two requests for the same `draw` stay apart
  const run = () => draw();
  return {
    request: () => onNextFrame(run),
    cancel: () => cancelNextFrame(run),
  };
}
