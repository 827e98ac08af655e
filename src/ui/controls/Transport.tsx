import { useId } from 'react';
import { formatSpeed } from '../format.ts';
import { useLab, useLabState } from '../lab-context.ts';
import { STEP_SIZES, type StepSize } from '../store.ts';
import { LabScrubber, LabStepBack } from '../timeline/LabTimeline.tsx';

const STEP_LABELS: Readonly<Record<StepSize, string>> = {
  message: 'one message',
  sample: 'one sample',
  second: '1 s',
};

/** Simulated seconds per wall-clock second. */
export const SPEEDS = [0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 100] as const;

/** Play/Pause (one toggle), Step back, Step, Reset, the speed, and the Time slider below them. */
export function Transport() {
  const { actions } = useLab();
  const playing = useLabState((s) => s.playing);
  const done = useLabState((s) => s.done);
  const speed = useLabState((s) => s.speed);
  const ready = useLabState((s) => s.meta !== null && s.status !== 'crashed');
  const speedId = useId();
  const stepId = useId();
  const stepSize = useLabState((s) => s.stepSize);
  return (
    <>
      <div className="transport" role="group" aria-label="Simulation">
        <button
          type="button"
          className="primary"
          onClick={actions.togglePlay}
          disabled={!ready}
          title={playing ? 'Pause the simulation' : done ? 'Play again from the start' : 'Run the simulation'}
        >
          <span aria-hidden="true" className="icon">
            {playing ? '❚❚' : '▶'}
          </span>
          {playing ? 'Pause' : 'Play'}
        </button>
        <LabStepBack />
        <button
          type="button"
          onClick={actions.step}
          disabled={!ready}
          title={`Advance by ${STEP_LABELS[stepSize]}`}
        >
          <span aria-hidden="true" className="icon">
            ▶❘
          </span>
          Step
        </button>
        <button type="button" onClick={actions.reset} disabled={!ready} title="Back to time 0">
          <span aria-hidden="true" className="icon">
            ↺
          </span>
          Reset
        </button>
        <span className="speed">
          <label htmlFor={stepId}>Step by</label>
          <select
            id={stepId}
            value={stepSize}
            onChange={(e) => actions.setStepSize(e.target.value as StepSize)}
          >
            {STEP_SIZES.map((s) => (
              <option key={s} value={s}>
                {STEP_LABELS[s]}
              </option>
            ))}
          </select>
        </span>
        <span className="speed">
          <label htmlFor={speedId}>Speed</label>
          <select id={speedId} value={speed} onChange={(e) => actions.setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {formatSpeed(s)}
              </option>
            ))}
          </select>
        </span>
      </div>
      <LabScrubber />
    </>
  );
}
