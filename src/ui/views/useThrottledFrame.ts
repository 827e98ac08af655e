import { startTransition, useEffect, useState } from 'react';
import type { DecodedFrame } from '../../worker/frame.ts';
import { useLab } from '../lab-context.ts';

/**
 * The latest frame for text views, at most every `intervalMs` (with a trailing update, so the last
 * frame always shows). Text that changes 60 times a second cannot be read anyway. A view that is
 * off-screen (`visible` false, see useVisible) renders no frame of a playing run, one in a hidden tab
 * none at all, and each catches up with the latest frame the moment it is seen again. Off screen it
 * still takes the first frame of a run that starts playing (one render), so words that say whether
 * the run plays (the status line's "running") are right wherever the page is scrolled.
 *
 * While a run plays, the text moves on with the frames that bring a new chart series (a few times a
 * second, see the worker's series interval) once `intervalMs` has passed, rather than on a timer of
 * its own: the charts redraw in that same animation frame, so the browser lays out, paints and
 * commits the page once for both instead of once each (on a slow laptop each commit costs several
 * milliseconds). A timer still publishes after twice `intervalMs` when no series comes.
 */
export function useThrottledFrame(
  intervalMs = 200,
  visible = true,
  /** the view reads channel structures or waiting senders: see useFrameCanvas's `structures` */
  structures = false,
): DecodedFrame | null {
  const lab = useLab();
  const [frame, setFrame] = useState<DecodedFrame | null>(() => lab.frames.getState().frame);
  useEffect(() => {
    if (!structures || !visible) return;
    return lab.showStructures();
  }, [lab, structures, visible]);
  useEffect(() => {
    let last = 0;
    /** the frame last handed to the view (`null` until the first) */
    let shown: DecodedFrame | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const seen = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';
    const onVisibility = () => {
      if (seen()) publish();
    };
    const publish = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const frame = lab.frames.getState().frame;
      // scrolled in while the run plays: the structures come with the next frame, shown at once
      if (structures && frame?.structures === false) return;
      last = performance.now();
      shown = frame;
      startTransition(() => setFrame(frame));
    };
    const unsubscribe = lab.frames.subscribe((s, prev) => {
      if (s.frame === prev.frame || !seen()) return;
      // a frame without the structures this view reads: the next one brings them (it asked)
      if (structures && s.frame?.structures === false) return;
      // off-screen, a playing run renders nothing once the view knows it plays; a paused one (rare,
      // cheap) still shows where it stopped
      if (!visible && s.frame?.playing === true) {
        if (shown?.playing === true) return;
        return publish();
      }
      if (s.frame === null || !s.frame.playing) return publish();
      const since = performance.now() - last;
      if (since >= intervalMs && s.series !== prev.series) return publish();
      if (timer === null) timer = setTimeout(publish, Math.max(0, 2 * intervalMs - since));
    });
    publish();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisibility);
      if (timer !== null) clearTimeout(timer);
    };
  }, [lab, intervalMs, visible, structures]);
  return frame;
}
