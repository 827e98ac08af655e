import { startTransition, useEffect, useState } from 'react';
import type { DecodedFrame } from '../../worker/frame.ts';
import { useLab } from '../lab-context.ts';

/**
 * The latest frame for text views, at most every `intervalMs` (with a trailing update, so the last
 * frame always shows). Text that changes 60 times a second cannot be read anyway.
 */
export function useThrottledFrame(intervalMs = 200): DecodedFrame | null {
  const lab = useLab();
  const [frame, setFrame] = useState<DecodedFrame | null>(() => lab.frames.getState().frame);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = () => {
      timer = null;
      last = performance.now();
      const frame = lab.frames.getState().frame;
      startTransition(() => setFrame(frame));
    };
    const unsubscribe = lab.frames.subscribe((s, prev) => {
      if (s.frame === prev.frame || timer !== null) return;
      const wait = intervalMs - (performance.now() - last);
      if (wait <= 0 || (s.frame !== null && !s.frame.playing)) publish();
      else timer = setTimeout(publish, wait);
    });
    publish();
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [lab, intervalMs]);
  return frame;
}
