/**
 * Load at a glance, next to the comparison: the messages offered per second and the messages the
 * consumers drain per second, and how they compare, at the current simulated time (after any live
 * change). The figures come from the engine's `loadAt` (one place for the arithmetic); this only
 * shows them, a few times a second.
 */
import { useMemo } from 'react';
import { useLab, useLabStateInTransition } from '../lab-context.ts';
import { useThrottledFrame } from './useThrottledFrame.ts';
import type { LoadFigures } from '../store.ts';

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const SMALL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function rate(n: number): string {
  if (n === Infinity) return 'no limit';
  return `${(n >= 100 ? INT : SMALL).format(n)} msg/s`;
}

function ratioText(l: LoadFigures): string {
  if (l.offeredPerSec === 0) return 'nothing offered';
  if (l.drainedPerSec === 0) return 'nothing drains: every message waits';
  if (l.drainedPerSec === Infinity) return 'consumers take no time: nothing waits';
  const x = SMALL.format(l.ratio);
  if (l.ratio > 1)
    return `offered ${x}× the drain: queues grow by ${rate(l.offeredPerSec - l.drainedPerSec)}`;
  return `offered ${x}× the drain: the consumers keep up`;
}

interface Shown {
  readonly offered: string;
  readonly drained: string;
  readonly ratio: string;
  readonly notes: string;
}

/** The visible texts. */
function shown(l: LoadFigures): Shown {
  return {
    offered: rate(l.offeredPerSec),
    drained: rate(l.drainedPerSec),
    ratio: ratioText(l),
    notes: [l.channels > 1 ? 'per busy channel' : '', ...l.notes].filter((x) => x !== '').join('; '),
  };
}

/** `visible`: on screen (off screen, a playing run computes nothing; see useThrottledFrame). */
export default function LoadSummary({ visible = true }: { visible?: boolean }) {
  const lab = useLab();
  const scenario = useLabStateInTransition((s) => s.scenario);
  const load = lab.adapter.load;
  // the time at most four times a second (with the charts' series), not the 30 frames a second:
  // the figures change only where a timed change takes effect
  const timeMs = useThrottledFrame(250, visible)?.timeMs ?? 0;
  const s = useMemo(
    () => (scenario === null || load === undefined ? null : shown(load(scenario, timeMs))),
    [scenario, load, timeMs],
  );
  if (s === null) return null;
  return (
    <div className="load-summary" role="group" aria-label="Load" data-testid="load-summary">
      <span>
        offered <b data-testid="load-offered">{s.offered}</b>
      </span>
      <span>
        drained <b data-testid="load-drained">{s.drained}</b>
      </span>
      <span data-testid="load-ratio">{s.ratio}</span>
      {s.notes === '' ? null : <span className="load-notes">{s.notes}</span>}
    </div>
  );
}
