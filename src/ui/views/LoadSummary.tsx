/**
 * Load at a glance, next to the comparison: the messages offered per second and the messages the
 * consumers drain per second, and how they compare, at the current simulated time (after any live
 * change). The figures come from the engine's `loadAt` (one place for the arithmetic); this only
 * shows them. It re-renders when the text changes, not on every frame.
 */
import { useStore } from 'zustand';
import { loadAt, type Load, type Scenario } from '../../engine/scenario/index.ts';
import { useLab, useLabState } from '../lab-context.ts';

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const SMALL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function rate(n: number): string {
  if (n === Infinity) return 'no limit';
  return `${(n >= 100 ? INT : SMALL).format(n)} msg/s`;
}

function ratioText(l: Load): string {
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

/** One text per field, so the selector's result compares equal while nothing visible changes. */
function shown(scenario: Scenario, timeMs: number): string {
  const l = loadAt(scenario, timeMs);
  const s: Shown = {
    offered: rate(l.offeredPerSec),
    drained: rate(l.drainedPerSec),
    ratio: ratioText(l),
    notes: l.notes.join('; '),
  };
  return JSON.stringify(s);
}

export default function LoadSummary() {
  const lab = useLab();
  const scenario = useLabState((s) => s.scenario) as unknown as Scenario | null;
  const text = useStore(lab.frames, (f) => (scenario === null ? '' : shown(scenario, f.frame?.timeMs ?? 0)));
  if (text === '' || scenario === null) return null;
  const s = JSON.parse(text) as Shown;
  const perChannel = scenario.channels.active > 1 ? ' per busy channel' : '';
  return (
    <div className="load-summary" role="group" aria-label={`Load${perChannel}`} data-testid="load-summary">
      <span>
        offered <b data-testid="load-offered">{s.offered}</b>
      </span>
      <span>
        drained <b data-testid="load-drained">{s.drained}</b>
      </span>
      <span data-testid="load-ratio">{s.ratio}</span>
      {perChannel === '' && s.notes === '' ? null : (
        <span className="load-notes">{[perChannel.trim(), s.notes].filter((x) => x !== '').join('; ')}</span>
      )}
    </div>
  );
}
