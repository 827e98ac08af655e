/**
 * At most one drawing per animation frame: `request()` while one is pending does nothing, `cancel()`
 * drops the pending one. Without requestAnimationFrame (jsdom in the component tests) a 16 ms timer
 * stands in, and cancel clears whichever was used. The canvas painters (LiveChart, useFrameCanvas)
 * share it.
 */
export interface FrameRequest {
  request(): void;
  cancel(): void;
}

export function frameRequest(draw: () => void): FrameRequest {
  let pending: { raf: boolean; id: number } | null = null;
  const run = () => {
    pending = null;
    draw();
  };
  return {
    request() {
      if (pending !== null) return;
      pending =
        typeof requestAnimationFrame === 'function'
          ? { raf: true, id: requestAnimationFrame(run) }
          : { raf: false, id: window.setTimeout(run, 16) };
    },
    cancel() {
      if (pending === null) return;
      if (pending.raf) cancelAnimationFrame(pending.id);
      else clearTimeout(pending.id);
      pending = null;
    },
  };
}
