/**
 * The comparison (recharts): the heap of every strategy over the whole run, and a second chart of one
 * queue metric. The time axis spans the scenario's duration from the start, so growth shows as a line
 * climbing across a fixed frame; the heap axis can be logarithmic so KiB and MiB lines are told apart.
 * The heap line is the highest point of each sample interval with a band down to the lowest, drawn as
 * steps, so nothing between two samples is hidden and a burst is a step, not a ramp. The scenario's
 * events are marked on both charts; every line is labelled at its end. A strategy the crate refuses
 * (tokio's capacity 0 panics) draws no line, and the chart says why.
 *
 * Series arrive downsampled from the worker at most 10 times a second; the charts redraw at most 4
 * times a second while a run plays on (`useSeries`). Animations are off: the data moves, the chart does
 * not tween.
 */
import { memo, useCallback, useDeferredValue, useId, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/shallow';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartSeries } from '../../worker/frame.ts';
import type { ChartField, StrategyMeta } from '../../worker/protocol.ts';
import {
  byteTicks,
  formatBytesAxis,
  formatBytesHuman,
  formatInt,
  formatMs,
  formatSecondsAxis,
  niceTicks,
} from '../format.ts';
import { useLab, useLabState } from '../lab-context.ts';
import { dashArray, strategyColor } from '../palette.ts';
import type { HeapScale, SecondMetric } from '../store.ts';
import { chartEvents, type ChartEvent } from './chart-events.ts';
import { heapRows, logByteAxis, metricRows } from './chart-scale.ts';
import { EndLabels, EventMarks, eventLabelSpace, type EndLabel } from './ChartMarks.tsx';
import { StrategyMark } from './StrategyMark.tsx';
import { usePaletteSlot } from './palette-slots.ts';
import { useRootClass } from './useRootClass.ts';
import { useSeries } from './useSeries.ts';
import { useVisible } from './useVisible.ts';
import LoadSummary from './LoadSummary.tsx';

/** The second chart follows the heap chart a little later, so the two never update in the same frame. */
const SECOND_CHART_DELAY_MS = 40;

export const SECOND_METRICS: readonly { key: SecondMetric; label: string; unit: 'count' | 'ms' }[] = [
  { key: 'depth', label: 'Queue depth', unit: 'count' },
  { key: 'waitingSenders', label: 'Waiting senders', unit: 'count' },
  { key: 'rejected', label: 'Rejected', unit: 'count' },
  { key: 'timedOut', label: 'Timed out', unit: 'count' },
  { key: 'p99LatencyMs', label: 'p99 latency', unit: 'ms' },
];

/** Sizes on a laptop and on a projector (presenter mode: every label ≥ 20 CSS px, thick lines). */
const SIZES = {
  normal: { font: 12, line: 2, yWidth: 72 },
  big: { font: 20, line: 4.5, yWidth: 118 },
} as const;

const same = <T,>(x: T): T => x;

/** The same array object while the contents are the same (zustand's shallow check): no change for recharts. */
function useSameArray(next: readonly number[] | null): readonly number[] | null {
  return useShallow(same<readonly number[] | null>)(next);
}

const CHART_STYLE = { width: '100%', height: '100%' };
const TOOLTIP_STYLE = { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--fg)' };
const tooltipLabel = (t: unknown) => formatSecondsAxis(Number(t));

interface ChartProps {
  readonly title: string;
  readonly note?: ReactNode;
  readonly rows: Record<string, number | [number, number]>[];
  readonly names: readonly string[];
  /** strategies drawn (a refused one is not) */
  readonly drawn: readonly boolean[];
  /** draw the heap's band (lowest to highest in each interval) and the line as steps */
  readonly envelope: boolean;
  readonly yFormat: (v: number) => string;
  readonly yTicks: number[];
  readonly log: boolean;
  readonly durationMs: number;
  readonly events: readonly ChartEvent[];
  readonly endLabels: readonly EndLabel[];
  readonly summary: string;
  readonly seq: number;
  readonly testId: string;
  readonly big: boolean;
}

const Chart = memo(function Chart(props: ChartProps) {
  const id = useId();
  const slot = usePaletteSlot();
  const size = props.big ? SIZES.big : SIZES.normal;
  // Stable props: recharts re-dispatches an axis's settings (one more synchronous render) for every
  // new array or function it is given; most updates leave the axes alone.
  const timeTicks = useSameArray(niceTicks(Math.max(1, props.durationMs), props.big ? 5 : 7)) ?? [];
  const xDomain = useSameArray([0, Math.max(1, props.durationMs)]) ?? [0, 1];
  const yTicks = useSameArray(props.yTicks) ?? [0];
  const yDomain = useSameArray([yTicks[0] ?? 0, yTicks[yTicks.length - 1] ?? 1]) ?? [0, 1];
  const { yFormat } = props;
  const tooltipValue = useCallback((v: unknown) => yFormat(Number(v)), [yFormat]);
  const labelled = props.events.some((e) => e.label !== '');
  const margin = useMemo(
    () => ({
      top: labelled ? eventLabelSpace(size.font) : 10,
      // room for the last time tick's label ("60 s") past the plot
      right: Math.round(size.font * 1.6),
      bottom: 4,
      left: 6,
    }),
    [labelled, size.font],
  );
  const xLabel = useMemo(
    () => ({
      value: 'simulated time',
      position: 'insideBottomRight' as const,
      offset: -2,
      fontSize: size.font,
      fill: 'var(--muted)',
    }),
    [size.font],
  );
  return (
    <figure
      className={props.big ? 'chart big' : 'chart'}
      aria-labelledby={`${id}-cap`}
      data-testid={props.testId}
      data-series-seq={props.seq}
      data-scale={props.log ? 'log' : 'linear'}
    >
      <figcaption id={`${id}-cap`}>{props.title}</figcaption>
      {props.note}
      <div className="chart-box" role="img" aria-label={props.summary}>
        <ComposedChart
          responsive
          style={CHART_STYLE}
          data={props.rows}
          margin={margin}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={xDomain}
            ticks={timeTicks}
            tickFormatter={formatSecondsAxis}
            interval={0}
            stroke="var(--muted)"
            fontSize={size.font}
            allowDecimals
            allowDataOverflow
            height={size.font * 2 + 8}
            label={xLabel}
          />
          <YAxis
            tickFormatter={props.yFormat}
            interval={0}
            stroke="var(--muted)"
            fontSize={size.font}
            width={size.yWidth}
            allowDecimals={false}
            ticks={yTicks}
            domain={yDomain}
            allowDataOverflow
            scale={props.log ? 'log' : 'linear'}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={tooltipLabel}
            formatter={tooltipValue}
            contentStyle={TOOLTIP_STYLE}
          />
          <EventMarks events={props.events} fontSize={size.font} />
          {props.envelope &&
            props.names.map((name, k) =>
              props.drawn[k] === true ? (
                <Area
                  key={`band-${name}`}
                  dataKey={`b${k}`}
                  type="stepBefore"
                  stroke="none"
                  fill={strategyColor(slot(k))}
                  fillOpacity={0.2}
                  isAnimationActive={false}
                  activeDot={false}
                  tooltipType="none"
                  legendType="none"
                  connectNulls
                />
              ) : null,
            )}
          {props.names.map((name, k) =>
            props.drawn[k] === true ? (
              <Line
                key={name}
                dataKey={`s${k}`}
                name={name}
                stroke={strategyColor(slot(k))}
                strokeWidth={size.line}
                strokeDasharray={dashArray(slot(k), size.line) || 'none'}
                dot={false}
                isAnimationActive={false}
                type={props.envelope ? 'stepBefore' : 'linear'}
                connectNulls
              />
            ) : null,
          )}
          <EndLabels labels={props.endLabels} fontSize={size.font} />
        </ComposedChart>
      </div>
    </figure>
  );
});

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

/** The heap chart: its own series subscription, so it re-renders only when its data changes. */
const HeapChart = memo(function HeapChart(p: ChartInputs & { scale: HeapScale }) {
  const { series, seq } = useSeries(p.visible);
  const log = p.scale === 'log';
  const skip = useMemo(() => p.drawn.map((d) => !d), [p.drawn]);
  const { rows, ticks } = useMemo(() => {
    if (series === null) return { rows: [], ticks: log ? [1024, 2048] : [0] };
    const plain = heapRows(series, skip);
    if (!log) return { rows: plain.rows, ticks: byteTicks(plain.max) };
    const axis = logByteAxis(plain.minPositive, plain.max);
    return { rows: heapRows(series, skip, axis.domain[0]).rows, ticks: axis.ticks };
  }, [series, skip, log]);
  const endLabels = useMemo(() => {
    const out: EndLabel[] = [];
    const n = series?.timeMs.length ?? 0;
    if (series === null || n === 0) return out;
    const last = rows[n - 1];
    p.names.forEach((name, k) => {
      const y = last?.[`s${k}`];
      const now = lastOf(series, k, 'heapBytes');
      if (typeof y !== 'number' || now === undefined) return;
      out.push({ k, name, value: formatBytesHuman(now, 1), t: series.timeMs[n - 1] ?? 0, y });
    });
    return out;
  }, [series, rows, p.names]);
  const endTime = series?.timeMs[series.timeMs.length - 1] ?? 0;
  return (
    <Chart
      title="Simulated heap"
      note={
        <p className="chart-note">
          Line: the highest heap in each sample interval; shaded: down to the lowest.
          {log ? ' Log scale: each step up multiplies.' : ''}
        </p>
      }
      rows={rows}
      names={p.names}
      drawn={p.drawn}
      envelope
      yFormat={formatBytesAxis}
      yTicks={ticks}
      log={log}
      durationMs={p.durationMs}
      events={p.events}
      endLabels={endLabels}
      seq={seq}
      big={p.big}
      testId="heap-chart"
      summary={`Heap over time, at ${formatSecondsAxis(endTime)} of ${formatSecondsAxis(p.durationMs)}: ${lastValues(p.strategies, series, 'heapBytes', (v) => formatBytesHuman(v))}.${eventsText(p.events)}`}
    />
  );
});

const MetricChart = memo(function MetricChart(p: ChartInputs & { metric: SecondMetric }) {
  const { series, seq } = useSeries(p.visible, SECOND_CHART_DELAY_MS);
  const skip = useMemo(() => p.drawn.map((d) => !d), [p.drawn]);
  const { rows, max } = useMemo(
    () => (series === null ? { rows: [], max: 0 } : metricRows(series, p.metric, skip)),
    [series, p.metric, skip],
  );
  const ticks = useMemo(() => niceTicks(max), [max]);
  const m = SECOND_METRICS.find((x) => x.key === p.metric) ?? SECOND_METRICS[0];
  const format = m?.unit === 'ms' ? formatMsAxis : formatCountAxis;
  const endLabels = useMemo(() => {
    const out: EndLabel[] = [];
    const n = series?.timeMs.length ?? 0;
    if (series === null || n === 0) return out;
    p.names.forEach((name, k) => {
      const v = rows[n - 1]?.[`s${k}`];
      if (v === undefined) return;
      out.push({ k, name, value: format(v), t: series.timeMs[n - 1] ?? 0, y: v });
    });
    return out;
  }, [series, rows, p.names, format]);
  return (
    <Chart
      title={m?.label ?? ''}
      rows={rows}
      names={p.names}
      drawn={p.drawn}
      envelope={false}
      yFormat={format}
      yTicks={ticks}
      log={false}
      durationMs={p.durationMs}
      events={p.events}
      endLabels={endLabels}
      seq={seq}
      big={p.big}
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
  const meta = useLabState((s) => s.meta);
  const scenario = useLabState((s) => s.scenario);
  const metric = useLabState((s) => s.secondMetric);
  const scale = useLabState((s) => s.heapScale);
  const big = useRootClass('presenter');
  const [sectionRef, visible] = useVisible<HTMLElement>();
  // A new label (capacity 128 → 129 renames "tokio bounded(128)") reaches the store as an urgent
  // update; the charts take it in a background render, like their data, so redrawing them never
  // holds up a frame. The legend, cheap, follows at once.
  const strategies = useDeferredValue(meta?.strategies ?? NO_STRATEGIES);
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
  const events = useMemo(() => (scenario === null ? [] : chartEvents(scenario)), [scenario]);
  const durationMs = meta?.durationMs ?? 0;
  const inputs: ChartInputs = { strategies, names, drawn, visible, events, durationMs, big };
  return (
    <section className="panel charts" aria-labelledby="charts-title" ref={sectionRef}>
      <div className="panel-head">
        <h2 id="charts-title">Strategies compared</h2>
        <span className="panel-sub">same workload, same arrivals</span>
        {head}
      </div>
      <LoadSummary />
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
