import { useId } from 'react';
import { formatSpeed } from '../format.ts';
import { useLab, useLabState } from '../lab-context.ts';
import { LabScrubber, LabStepBack } from '../timeline/LabTimeline.tsx';

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
        <button type="button" onClick={actions.step} disabled={!ready} title="Advance by one message">
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
