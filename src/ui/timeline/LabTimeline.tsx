/** The timeline controls wired to the lab: Step back, and the Time slider over the run. */
import { useLab, useLabState } from '../lab-context.ts';
import { useThrottledFrame } from '../views/useThrottledFrame.ts';
import { Scrubber, StepBackButton } from './Scrubber.tsx';

export function LabStepBack() {
  const { actions } = useLab();
  const ready = useLabState((s) => s.meta !== null && s.status !== 'crashed');
  return <StepBackButton onStepBack={actions.stepBack} disabled={!ready} />;
}

export function LabScrubber() {
  const { actions } = useLab();
  const frame = useThrottledFrame(100);
  const duration = useLabState((s) => s.meta?.durationMs ?? 0);
  const ready = useLabState((s) => s.meta !== null && s.status !== 'crashed');
  const sampleMs = useLabState((s) => {
    const v = (s.scenario as { sampleMs?: unknown } | null)?.sampleMs;
    return typeof v === 'number' && v > 0 ? v : undefined;
  });
  return (
    <Scrubber
      timeMs={frame?.timeMs ?? 0}
      durationMs={duration}
      onSeek={actions.seek}
      disabled={!ready}
      {...(sampleMs === undefined ? {} : { stepMs: Math.min(sampleMs, duration / 100) })}
    />
  );
}
