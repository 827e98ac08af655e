/** The timeline controls wired to the lab: Step back, and the Time slider over the run. */
import { useLab, useLabState } from '../lab-context.ts';
import { useThrottledFrame } from '../views/useThrottledFrame.ts';
import { useVisible } from '../views/useVisible.ts';
import { Scrubber, StepBackButton } from './Scrubber.tsx';

export function LabStepBack() {
  const { actions } = useLab();
  const ready = useLabState((s) => s.meta !== null && s.status !== 'crashed');
  return <StepBackButton onStepBack={actions.stepBack} disabled={!ready} />;
}

/**
 * The Time slider follows a playing run while it is on screen: low in the side panel (which scrolls on
 * its own) or in a phone's column it is often out of sight, and then it waits and catches up when seen.
 */
export function LabScrubber() {
  const { actions } = useLab();
  const [ref, visible] = useVisible<HTMLDivElement>();
  const frame = useThrottledFrame(100, visible);
  const duration = useLabState((s) => s.meta?.durationMs ?? 0);
  const ready = useLabState((s) => s.meta !== null && s.status !== 'crashed');
  const sampleMs = useLabState((s) => {
    const v = (s.scenario as { sampleMs?: unknown } | null)?.sampleMs;
    return typeof v === 'number' && v > 0 ? v : undefined;
  });
  return (
    <Scrubber
      ref={ref}
      timeMs={frame?.timeMs ?? 0}
      durationMs={duration}
      onSeek={actions.seek}
      disabled={!ready}
      {...(sampleMs === undefined ? {} : { stepMs: Math.min(sampleMs, duration / 100) })}
    />
  );
}
