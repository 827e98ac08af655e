/**
 * The comparison: the heap of every strategy over the whole run, and a second chart of one queue
 * metric. The time axis spans the scenario's duration from the start, so growth shows as a line
 * climbing across a fixed frame; the heap axis can be logarithmic so KiB and MiB lines are told apart.
 * The heap line is the highest point of each sample interval with a band down to the lowest, drawn as
 * steps, so nothing between two samples is hidden and a burst is a step, not a ramp. The scenario's
 * events are marked on both charts; every line is labelled at its end. A strategy the crate refuses
 * (tokio's capacity 0 panics) draws no line, and the chart says why.
 *
 * Each chart is a LiveChart: a small SVG draws the axes, a canvas the lines, redrawn as series arrive
 * from the worker (at most 10 a second) without a React render. The text alternative follows at most
 * 4 times a second (`useSeries`).
 */
import { memo, useId, useMemo, type ReactNode } from 'react';
import type { ChartSeries } from '../../worker/frame.ts';
import type { ChartField, StrategyMeta } from '../../worker/protocol.ts';
import { formatBytesAxis, formatBytesHuman, formatInt, formatMs, formatSecondsAxis } from '../format.ts';
import { useLab, useLabState, useLabStateInTransition } from '../lab-context.ts';
import type { HeapScale, SecondMetric } from '../store.ts';
import { chartEvents, type ChartEvent } from './chart-events.ts';
import { heapAxis, heapSources, metricAxis, metricSources } from './chart-geometry.ts';
import { LiveChart, type LineModel } from './LiveChart.tsx';
import { StrategyMark } from './StrategyMark.tsx';
import { useRootClass } from './useRootClass.ts';
import { useSeries } from './useSeries.ts';
import { useVisible } from './useVisible.ts';
import LoadSummary from './LoadSummary.tsx';

export const SECOND_METRICS: readonly { key: SecondMetric; label: string; unit: 'count' | 'ms' }[] = [
  { key: 'depth', label: 'Queue depth', unit: 'count' },
  { key: 'waitingSenders', label: 'Waiting senders', unit: 'count' },
  { key: 'rejected', label: 'Rejected', unit: 'count' },
  { key: 'timedOut', label: 'Timed out', unit: 'count' },
  { key: 'p99LatencyMs', label: 'p99 latency', unit: 'ms' },
];

const formatCountAxis = (v: number) => formatInt(v);
const formatMsAxis = (v: number) => formatMs(v);

/** The last value of one field for strategy k, if any. */
function lastOf(series: ChartSeries | null, k: number, field: ChartField): number | undefined {
  const col = series?.values[k]?.[field];
  return col === undefined || col.length === 0 ? undefined : col[col.length - 1];
}

/** "name: value; …" for a chart's text alternative; a refused strategy says so. */
function lastValues(
  strategies: readonly StrategyMeta[],
  series: ChartSeries | null,
  field: ChartField,
  fmt: (v: number) => string,
): string {
  return strategies
    .map((s, k) => {
      if (s.refusal !== null) return `${s.label}: no line, the crate refuses it`;
      const v = lastOf(series, k, field);
      return `${s.label}: ${v === undefined ? 'no data' : fmt(v)}`;
    })
    .join('; ');
}

function eventsText(events: readonly ChartEvent[]): string {
  const named = events.filter((e) => e.label !== '');
  return named.length === 0
    ? ''
    : ` Marked: ${named.map((e) => `${e.label} at ${formatSecondsAxis(e.atMs)}`).join('; ')}.`;
}

/** Which strategies draw a line, and why the others do not (shown above the chart). */
function RefusedNote({ strategies }: { strategies: readonly StrategyMeta[] }) {
  const refused = strategies.filter((s) => s.refusal !== null);
  if (refused.length === 0) return null;
  return (
    <p className="chart-note refused" data-testid="refused-note">
      {refused.map((s) => (
        <span key={s.id}>
          No line for <strong>{s.label}</strong>: {s.refusal?.crate ?? 'the crate'} refuses it (
          <code>{s.refusal?.origin}</code>: {s.refusal?.message}).{' '}
        </span>
      ))}
    </p>
  );
}

interface ChartInputs {
  readonly strategies: readonly StrategyMeta[];
  readonly names: readonly string[];
  readonly drawn: readonly boolean[];
  readonly visible: boolean;
  readonly events: readonly ChartEvent[];
  readonly durationMs: number;
  readonly big: boolean;
}

/** A finite value, formatted; null when there is none at sample i. */
function readValue(col: ArrayLike<number> | undefined, i: number, fmt: (v: number) => string): string | null {
  const v = col?.[i];
  return v === undefined || !Number.isFinite(v) ? null : fmt(v);
}

/** The heap: steps with a band; the value read is the heap at the sample (the line is the interval's highest). */
function heapModel(log: boolean): LineModel {
  return {
    step: true,
    sources: heapSources,
    axis: (sources) => heapAxis(sources, log),
    value: (series, k, i) => readValue(series.values[k]?.heapBytes, i, (v) => formatBytesHuman(v, 1)),
  };
}

function metricModel(field: ChartField, fmt: (v: number) => string): LineModel {
  return {
    step: false,
    sources: (series, skip) => metricSources(series, field, skip),
    axis: metricAxis,
    value: (series, k, i) => readValue(series.values[k]?.[field], i, fmt),
  };
}

/** The heap chart; its text alternative follows the series on its own subscription. */
const HeapChart = memo(function HeapChart(p: ChartInputs & { scale: HeapScale }) {
  const { series } = useSeries(p.visible);
  const log = p.scale === 'log';
  const model = useMemo(() => heapModel(log), [log]);
  const endTime = series?.timeMs[series.timeMs.length - 1] ?? 0;
  return (
    <LiveChart
      title="Simulated heap"
      note={
        <p className="chart-note">
          Line: the highest heap in each sample interval; shaded: down to the lowest.
          {log ? ' Log scale: each step up multiplies.' : ''}
        </p>
      }
      names={p.names}
      drawn={p.drawn}
      model={model}
      yFormat={formatBytesAxis}
      durationMs={p.durationMs}
      events={p.events}
      big={p.big}
      visible={p.visible}
      testId="heap-chart"
      summary={`Heap over time, at ${formatSecondsAxis(endTime)} of ${formatSecondsAxis(p.durationMs)}: ${lastValues(p.strategies, series, 'heapBytes', (v) => formatBytesHuman(v))}.${eventsText(p.events)}`}
    />
  );
});

const MetricChart = memo(function MetricChart(p: ChartInputs & { metric: SecondMetric }) {
  const { series } = useSeries(p.visible);
  const m = SECOND_METRICS.find((x) => x.key === p.metric) ?? SECOND_METRICS[0];
  const format = m?.unit === 'ms' ? formatMsAxis : formatCountAxis;
  const field = p.metric;
  const model = useMemo(() => metricModel(field, format), [field, format]);
  return (
    <LiveChart
      title={m?.label ?? ''}
      names={p.names}
      drawn={p.drawn}
      model={model}
      yFormat={format}
      durationMs={p.durationMs}
      events={p.events}
      big={p.big}
      visible={p.visible}
      testId="second-chart"
      summary={`${m?.label ?? ''} over time: ${lastValues(p.strategies, series, p.metric, format)}.${eventsText(p.events)}`}
    />
  );
});

function MetricPicker({ metric }: { metric: SecondMetric }) {
  const { actions } = useLab();
  const radioName = useId();
  return (
    <fieldset className="metric-picker">
      <legend>Second chart</legend>
      {SECOND_METRICS.map((x) => (
        <label key={x.key}>
          <input
            type="radio"
            name={radioName}
            value={x.key}
            checked={metric === x.key}
            onChange={() => actions.setSecondMetric(x.key)}
          />
          {x.label}
        </label>
      ))}
    </fieldset>
  );
}

function LogToggle({ scale }: { scale: HeapScale }) {
  const { actions } = useLab();
  return (
    <label className="log-toggle">
      <input
        type="checkbox"
        checked={scale === 'log'}
        onChange={(e) => actions.setHeapScale(e.currentTarget.checked ? 'log' : 'linear')}
      />
      Log scale
    </label>
  );
}

const NO_STRATEGIES: readonly StrategyMeta[] = [];

/** `only` shows one of the two charts (embeds); by default both. `head`: more in the heading row. */
export default function Charts({ only, head }: { only?: 'heap' | 'metric'; head?: ReactNode } = {}) {
  // the worker's answer to a change (new labels, new marks) comes in a background render
  const meta = useLabStateInTransition((s) => s.meta);
  const scenario = useLabStateInTransition((s) => s.scenario);
  const metric = useLabState((s) => s.secondMetric);
  const scale = useLabState((s) => s.heapScale);
  const big = useRootClass('presenter');
  const [sectionRef, visible] = useVisible<HTMLElement>();
  const strategies = meta?.strategies ?? NO_STRATEGIES;
  const key = strategies.map((s) => `${s.label}\u0000${s.refusal === null ? '' : 'x'}`).join('\n');
  // same contents, same arrays: a rebuilt simulation with the same strategies does not redraw
  const { names, drawn } = useMemo(
    () => ({
      names: strategies.map((s) => s.label),
      drawn: strategies.map((s) => s.refusal === null),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is the contents of `strategies`
    [key],
  );
  // The worker answers every change with a new scenario object; the marks stay the same array while
  // their content does, so the axes (a render of both charts' SVG)
  // render again only when a mark really changes (a live change adds one).
  const eventsKey = useMemo(() => JSON.stringify(scenario === null ? [] : chartEvents(scenario)), [scenario]);
  const events = useMemo(() => JSON.parse(eventsKey) as ChartEvent[], [eventsKey]);
  const durationMs = meta?.durationMs ?? 0;
  const inputs: ChartInputs = { strategies, names, drawn, visible, events, durationMs, big };
  return (
    <section className="panel charts" aria-labelledby="charts-title" ref={sectionRef}>
      <div className="panel-head">
        <h2 id="charts-title">Strategies compared</h2>
        <span className="panel-sub">same workload, same arrivals</span>
        {head}
      </div>
      <LoadSummary visible={visible} />
      {/* one legend for both charts, in the page's own markup (no measuring inside the chart) */}
      <div className="chart-tools">
        <ul className="chart-legend" aria-label="Strategies">
          {(meta?.strategies ?? []).map((s, k) => (
            <li key={s.id} className={s.refusal === null ? undefined : 'refused'}>
              <StrategyMark index={k} />
              {s.label}
              {s.refusal === null ? null : <span className="muted"> (refused: no line)</span>}
            </li>
          ))}
        </ul>
        {only === 'metric' ? null : <LogToggle scale={scale} />}
      </div>
      <RefusedNote strategies={strategies} />
      {only === 'metric' ? null : <HeapChart {...inputs} scale={scale} />}
      {only === 'heap' ? null : (
        <div className="metric-section">
          <MetricPicker metric={metric} />
          <MetricChart {...inputs} metric={metric} />
        </div>
      )}
    </section>
  );
}
