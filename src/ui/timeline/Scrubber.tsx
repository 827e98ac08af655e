/**
 * The timeline: a "Time" slider over the whole run to scrub backwards and forwards (the worker
 * rebuilds the simulation at that time: it is deterministic, so the past is a replay), and the
 * "Step back" button that moves back one message, the mirror of Step.
 */
import { useId, useState, type Ref } from 'react';
import { formatSeconds } from '../format.ts';
import './timeline.css';

export function Scrubber({
  ref,
  ...props
}: {
  timeMs: number;
  durationMs: number;
  onSeek: (ms: number) => void;
  /** slider resolution in simulated ms (default: a thousandth of the run) */
  stepMs?: number;
  disabled?: boolean;
  /** the slider's row (the lab watches whether it is on screen) */
  ref?: Ref<HTMLDivElement>;
}) {
  const id = useId();
  const [drag, setDrag] = useState<number | null>(null);
  const duration = Math.max(0, props.durationMs);
  const step = props.stepMs ?? Math.max(0.001, duration / 1000);
  const value = Math.min(duration, Math.max(0, drag ?? props.timeMs));
  const text = `${formatSeconds(value)} of ${formatSeconds(duration)}`;
  return (
    <div className="scrubber" ref={ref}>
      <label htmlFor={id}>Time</label>
      <input
        id={id}
        type="range"
        min={0}
        max={duration}
        step={step}
        value={value}
        aria-valuetext={text}
        disabled={props.disabled}
        onChange={(e) => {
          const ms = Number(e.target.value);
          setDrag(ms);
          props.onSeek(ms);
        }}
        onPointerUp={() => setDrag(null)}
        onBlur={() => setDrag(null)}
        onKeyUp={() => setDrag(null)}
      />
      <output htmlFor={id} className="scrubber-time">
        {text}
      </output>
    </div>
  );
}

export function StepBackButton(props: { onStepBack: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      onClick={props.onStepBack}
      disabled={props.disabled}
      title="Back one message (←)"
      aria-keyshortcuts="ArrowLeft"
    >
      <span className="icon" aria-hidden="true">
        ◀
      </span>
      Step back
    </button>
  );
}
