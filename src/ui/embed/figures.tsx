/**
 * What each embed view shows. A view is one entry of `EMBED_VIEWS` (url-state.ts) and one case here;
 * everything else (the frame, the options, the export) is shared.
 */
import { Suspense, lazy, useEffect, useState, type ReactNode } from 'react';
import { fullInputsOf } from '../calculator/inputs-of.ts';
import { useLab, useLabState } from '../lab-context.ts';
import type { EmbedOptions } from '../url-state.ts';
import { AnatomyView } from '../views/AnatomyView.tsx';
import { BackpressureView } from '../views/BackpressureView.tsx';
import { Readouts } from '../views/Readouts.tsx';
import { RetainedView } from '../views/RetainedView.tsx';
import { ReadoutCards } from './ReadoutCards.tsx';

const Charts = lazy(() => import('../views/Charts.tsx'));
const CalculatorPanel = lazy(() => import('../calculator/CalculatorPanel.tsx'));
const SweepPanel = lazy(() => import('../sweep/SweepPanel.tsx'));

/** Width the wide readouts table needs: the figure names, then a column per strategy. */
export function readoutsTableWidth(strategies: number): number {
  return 230 + 175 * strategies;
}

function useWindowWidth(): number {
  const [w, setW] = useState(() => window.innerWidth);
  useEffect(() => {
    const on = () => setW(window.innerWidth);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return w;
}

/** The wide table where it fits, one card per strategy where it would not (a column, a phone). */
function ResponsiveReadouts() {
  const n = useLabState((s) => s.meta?.strategies.length ?? 3);
  const width = useWindowWidth();
  return width >= readoutsTableWidth(n) ? <Readouts /> : <ReadoutCards />;
}

function EmbedCalculator() {
  const { adapter } = useLab();
  const scenario = useLabState((s) => s.scenario);
  const focus = useLabState((s) => s.focus);
  // the link's calculator (calc=…) when it names one, else the focused strategy's channel
  const linked = useLabState((s) => s.calculator);
  if (scenario === null) return <p className="loading">Loading the calculator…</p>;
  const initial = linked ?? fullInputsOf(adapter.channelOf(scenario, focus), scenario);
  return (
    <Suspense fallback={<p className="loading">Loading the calculator…</p>}>
      <CalculatorPanel initial={initial} />
    </Suspense>
  );
}

export function Figure({ view }: { view: EmbedOptions['view']; options: EmbedOptions }): ReactNode {
  switch (view) {
    case 'heap':
    case 'metric':
      return (
        <Suspense fallback={<p className="loading">Loading the chart…</p>}>
          <Charts only={view} />
        </Suspense>
      );
    case 'anatomy':
      return <AnatomyView />;
    case 'backpressure':
      return <BackpressureView />;
    case 'retained':
      return <RetainedView />;
    case 'readouts':
      return <ResponsiveReadouts />;
    case 'calculator':
      return <EmbedCalculator />;
    case 'sweep':
      return (
        <Suspense fallback={<p className="loading">Loading the sweep…</p>}>
          <SweepPanel embed />
        </Suspense>
      );
  }
}

/**
 * Views that show one strategy's channel: a strategy choice picks which (the first one chosen). The
 * backpressure view is not one of them: it shows every strategy side by side, so a choice keeps some.
 */
export const SINGLE_STRATEGY_VIEWS: readonly EmbedOptions['view'][] = ['anatomy', 'calculator'];
