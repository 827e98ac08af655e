/**
 * The newest chart series for text that follows the charts (their text alternatives): with the first
 * series 250 ms after the last one shown while a run plays on, at once for a series that answers a
 * change. The lines themselves are
 * drawn from the frame store on a canvas (LiveChart.tsx) without a React render.
 */
import { startTransition, useEffect, useState } from 'react';
import type { ChartSeries } from '../../worker/frame.ts';
import { useLab } from '../lab-context.ts';

/**
 * While the run just plays on, the text updates at most this often: a screen reader cannot read ten
 * new sentences a second. A series that answers a change (a newer command `seq`) is shown at once.
 */
const STEADY_INTERVAL_MS = 250;

/**
 * The newest series, `delayMs` after it arrives (a newer one arriving meanwhile replaces it), and
 * no more than every `STEADY_INTERVAL_MS` unless it answers a change. (Exported for its test.)
 */
export function useSeries(visible: boolean, delayMs = 0): { series: ChartSeries | null; seq: number } {
  const lab = useLab();
  const [state, setState] = useState<{ series: ChartSeries | null; seq: number }>(() => ({
    series: lab.frames.getState().series,
    seq: lab.frames.getState().frame?.seq ?? 0,
  }));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let shownSeq = -1;
    let shownAt = -Infinity;
    const publish = () => {
      timer = null;
      const s = lab.frames.getState();
      shownSeq = s.frame?.seq ?? 0;
      shownAt = performance.now();
      // a transition: React renders in slices between animation frames, so the update never holds
      // up the canvases' next frame
      startTransition(() => setState({ series: s.series, seq: shownSeq }));
    };
    // scrolled in: show the newest series at once
    if (visible && lab.frames.getState().series !== null) publish();
    let timerAnswersChange = false;
    const unsubscribe = lab.frames.subscribe((s, prev) => {
      if (!visible || s.series === prev.series) return;
      const answersChange = (s.frame?.seq ?? 0) !== shownSeq;
      const since = performance.now() - shownAt;
      // While the run plays on, the text moves on with a series once the interval has passed, not on
      // a timer of its own: the chart redraws for that series in the same animation frame, and the
      // browser commits the page once for both (see useThrottledFrame).
      const steadyDue = !answersChange && delayMs === 0 && since >= STEADY_INTERVAL_MS;
      // a pending steady update is overtaken by one that answers a change (it shows the newest
      // series anyway); otherwise the pending one will pick this series up
      if (timer !== null) {
        if (!steadyDue && (!answersChange || timerAnswersChange)) return;
        clearTimeout(timer);
        timer = null;
      }
      if (steadyDue || (answersChange && delayMs === 0)) return publish();
      // too early: a playing run waits for a later series (the timer only in case none comes); a
      // stopped one shows its last series when the interval is over
      const playing = s.frame?.playing === true;
      timerAnswersChange = answersChange;
      timer = setTimeout(
        publish,
        answersChange ? delayMs : Math.max(delayMs, (playing ? 2 : 1) * STEADY_INTERVAL_MS - since),
      );
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [lab, visible, delayMs]);
  return state;
}
