import { startTransition, useEffect, useState } from 'react';
import type { DecodedFrame } from '../../worker/frame.ts';
import { useLab } from '../lab-context.ts';

/**
 * The latest frame for text views, at most every `intervalMs` (with a trailing update, so the last
 * frame always shows). Text that changes 60 times a second cannot be read anyway. A view that is
 * off-screen (`visible` false, see useVisible) renders no frame of a playing run, one in a hidden tab
 * none at all, and each catches up with the latest frame the moment it is seen again.
 */
export function useThrottledFrame(intervalMs = 200, visible = true): DecodedFrame | null {
  const lab = useLab();
  const [frame, setFrame] = useState<DecodedFrame | null>(() => lab.frames.getState().frame);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const seen = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';
    const onVisibility = () => {
      if (seen()) publish();
    };
    const publish = () => {
      timer = null;
      last = performance.now();
      const frame = lab.frames.getState().frame;
      startTransition(() => setFrame(frame));
    };
    const unsubscribe = lab.frames.subscribe((s, prev) => {
      if (s.frame === prev.frame || timer !== null || !seen()) return;
      // off-screen, a playing run renders nothing; a paused one (rare, cheap) still shows where it stopped
      if (!visible && s.frame?.playing === true) return;
      const wait = intervalMs - (performance.now() - last);
      if (wait <= 0 || (s.frame !== null && !s.frame.playing)) publish();
      else timer = setTimeout(publish, wait);
    });
    publish();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisibility);
      if (timer !== null) clearTimeout(timer);
    };
  }, [lab, intervalMs, visible]);
  return frame;
}
