/**
 * View 4: live comparison charts (recharts). Heap over time for every strategy on one time axis, and a
 * second chart of one queue metric. Series arrive downsampled from the worker at most 10 times a
 * second; this component re-renders only when a new series arrives, and never more than 10 times a
 * second itself. Animations are off: the data moves, the chart does not tween.
 */
import {
  memo,
  startTransition,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useState,
} from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartSeries } from '../../worker/frame.ts';
import type { ChartField } from '../../worker/protocol.ts';
import {
  niceTicks,
  byteTicks,
  formatBytesAxis,
  formatBytesHuman,
  formatInt,
  formatMs,
  formatSecondsAxis,
} from '../format.ts';
import { useLab, useLabState } from '../lab-context.ts';
import type { SecondMetric } from '../store.ts';
import { dashArray, strategyColor } from '../palette.ts';
import { StrategyMark } from './StrategyMark.tsx';
import { useVisible } from './useVisible.ts';
import LoadSummary from './LoadSummary.tsx';

/**
 * The worker sends series at most every 100 ms, so the charts show each one as it comes; the
 * second chart follows a little later so the two never update in the same frame.
 */
const SECOND_CHART_DELAY_MS = 40;

export const SECOND_METRICS: readonly { key: SecondMetric; label: string; unit: 'count' | 'ms' }[] = [
  { key: 'depth', label: 'Queue depth', unit: 'count' },
  { key: 'waitingSenders', label: 'Waiting senders', unit: 'count' },
  { key: 'rejected', label: 'Rejected', unit: 'count' },
  { key: 'timedOut', label: 'Timed out', unit: 'count' },
  { key: 'p99LatencyMs', label: 'p99 latency', unit: 'ms' },
];

/** Series as recharts rows: { t, s0, s1, … } for one field. */
export function rowsFor(series: ChartSeries, field: ChartField): Record<string, number>[] {
  const rows: Record<string, number>[] = [];
  for (let i = 0; i < series.timeMs.length; i++) {
    const row: Record<string, number> = { t: series.timeMs[i] ?? 0 };
    series.values.forEach((v, k) => {
      const x = v[field][i];
      if (x !== undefined && Number.isFinite(x)) row[`s${k}`] = x;
    });
    rows.push(row);
  }
  return rows;
}

function maxOf(rows: readonly Record<string, number>[]): number {
  let max = 0;
  for (const r of rows) for (const [k, v] of Object.entries(r)) if (k !== 't' && v > max) max = v;
  return max;
}

/**
 * While the run just plays on, a chart redraws at most this often: recharts re-lays out its whole
 * SVG per update, and four updates a second of a line over 60 s of simulated time look as live as
 * ten. A series that answers a change (a newer command `seq`) is shown at once.
 */
const STEADY_INTERVAL_MS = 250;

/**
 * The newest series, `delayMs` after it arrives (a newer one arriving meanwhile replaces it), and
 * no more than every `STEADY_INTERVAL_MS` unless it answers a change. (Exported for its test.)
 */
export function useSeries(visible: boolean, delayMs = 0): { series: ChartSeries | null; seq: number } {
  const lab = useLab();
  const [state, setState] = useState<{ series: ChartSeries | null; seq: number }>(() => ({
    series: lab.frames.getState().series,
    seq: lab.frames.getState().frame?.seq ?? 0,
  }));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let shownSeq = -1;
    let shownAt = -Infinity;
    const publish = () => {
      timer = null;
      const s = lab.frames.getState();
      shownSeq = s.frame?.seq ?? 0;
      shownAt = performance.now();
      // a transition: React renders the charts in slices between animation frames, so a chart
      // update never holds up the canvases' next frame
      startTransition(() => setState({ series: s.series, seq: shownSeq }));
    };
    // scrolled in: show the newest series at once
    if (visible && lab.frames.getState().series !== null) publish();
    let timerAnswersChange = false;
    const unsubscribe = lab.frames.subscribe((s, prev) => {
      if (!visible || s.series === prev.series) return;
      const answersChange = (s.frame?.seq ?? 0) !== shownSeq;
      // a pending steady update is overtaken by one that answers a change (it shows the newest
      // series anyway); otherwise the pending one will pick this series up
      if (timer !== null) {
        if (!answersChange || timerAnswersChange) return;
        clearTimeout(timer);
        timer = null;
      }
      const wait = Math.max(delayMs, answersChange ? 0 : STEADY_INTERVAL_MS - (performance.now() - shownAt));
      if (wait <= 0) publish();
      else {
        timerAnswersChange = answersChange;
        timer = setTimeout(publish, wait);
      }
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [lab, visible, delayMs]);
  return state;
}

const CHART_MARGIN = { top: 8, right: 16, bottom: 4, left: 8 };
const CHART_STYLE = { width: '100%', height: '100%' };
const X_LABEL = {
  value: 'simulated time',
  position: 'insideBottomRight',
  offset: -2,
  fontSize: 10,
  fill: 'var(--muted)',
} as const;

/** The same array object while the contents are the same, so memoized consumers see no change. */
function useSameArray(next: readonly number[] | null): number[] | null {
  // numbers survive String → Number exactly, so the key is the contents
  const key = next === null ? null : next.join(',');
  return useMemo(() => (key === null ? null : key === '' ? [] : key.split(',').map(Number)), [key]);
}

const TOOLTIP_STYLE = { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--fg)' };
const tooltipLabel = (t: unknown) => formatSecondsAxis(Number(t));

const Chart = memo(function Chart(props: {
  title: string;
  rows: Record<string, number>[];
  names: readonly string[];
  yFormat: (v: number) => string;
  /** explicit ticks (bytes use binary-friendly steps) */
  yTicks?: number[];
  endTime: number;
  summary: string;
  seq: number;
  testId: string;
}) {
  const id = useId();
  // Stable props: recharts stores each axis's settings and re-dispatches them (re-rendering the whole
  // chart once more, synchronously) for every new array, object or function it is given. Most
  // updates leave the axes alone, so the same arrays are passed again.
  const timeTicks = useSameArray(niceTicks(Math.max(1000, props.endTime), 7)) ?? [];
  const xDomain = useSameArray([0, timeTicks[timeTicks.length - 1] ?? 1000]) ?? [0, 1000];
  const yTicks = useSameArray(props.yTicks ?? null);
  const yDomain = useSameArray(yTicks === null ? null : [0, yTicks[yTicks.length - 1] ?? 1]);
  const { yFormat } = props;
  const tooltipValue = useCallback((v: unknown) => yFormat(Number(v)), [yFormat]);
  return (
    <figure
      className="chart"
      aria-labelledby={`${id}-cap`}
      data-testid={props.testId}
      data-series-seq={props.seq}
    >
      <figcaption id={`${id}-cap`}>{props.title}</figcaption>
      <div className="chart-box" role="img" aria-label={props.summary}>
        <LineChart
          responsive
          style={CHART_STYLE}
          data={props.rows}
          margin={CHART_MARGIN}
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
            fontSize={11}
            allowDecimals
            label={X_LABEL}
          />
          <YAxis
            tickFormatter={props.yFormat}
            interval={0}
            stroke="var(--muted)"
            fontSize={11}
            width={68}
            allowDecimals={false}
            {...(yTicks === null || yDomain === null ? {} : { ticks: yTicks, domain: yDomain })}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={tooltipLabel}
            formatter={tooltipValue}
            contentStyle={TOOLTIP_STYLE}
          />
          {props.names.map((name, k) => (
            <Line
              key={name}
              dataKey={`s${k}`}
              name={name}
              stroke={strategyColor(k)}
              strokeWidth={2}
              strokeDasharray={dashArray(k, 2) || 'none'}
              dot={false}
              isAnimationActive={false}
              type="linear"
              connectNulls
            />
          ))}
        </LineChart>
      </div>
    </figure>
  );
});

/** `only` shows one of the two charts (embeds); by default both. */
const formatCountAxis = (v: number) => formatInt(v);
const formatMsAxis = (v: number) => formatMs(v);

/** "name: last value; …" for a chart's text alternative. */
function lastValues(
  names: readonly string[],
  from: ChartSeries | null,
  field: ChartField,
  fmt: (v: number) => string,
) {
  return names
    .map((n, k) => {
      const col = from?.values[k]?.[field];
      const v = col === undefined || col.length === 0 ? undefined : col[col.length - 1];
      return `${n}: ${v === undefined ? 'no data' : fmt(v)}`;
    })
    .join('; ');
}

/** The heap chart: its own series subscription, so it re-renders only when its data changes. */
const HeapChart = memo(function HeapChart({
  names,
  visible,
}: {
  names: readonly string[];
  visible: boolean;
}) {
  const { series, seq } = useSeries(visible);
  const rows = useMemo(() => (series === null ? [] : rowsFor(series, 'heapBytes')), [series]);
  const ticks = useMemo(() => byteTicks(maxOf(rows)), [rows]);
  const endTime = series?.timeMs[series.timeMs.length - 1] ?? 0;
  return (
    <Chart
      title="Simulated heap"
      rows={rows}
      names={names}
      yFormat={formatBytesAxis}
      yTicks={ticks}
      endTime={endTime}
      seq={seq}
      testId="heap-chart"
      summary={`Heap over time, at ${formatSecondsAxis(endTime)}: ${lastValues(names, series, 'heapBytes', (v) => formatBytesHuman(v))}`}
    />
  );
});

/** The second chart follows the heap chart a little later, so the two never update in the same frame. */
const MetricChart = memo(function MetricChart({
  names,
  visible,
  metric,
}: {
  names: readonly string[];
  visible: boolean;
  metric: SecondMetric;
}) {
  const { series, seq } = useSeries(visible, SECOND_CHART_DELAY_MS);
  const rows = useMemo(() => (series === null ? [] : rowsFor(series, metric)), [series, metric]);
  const ticks = useMemo(() => niceTicks(maxOf(rows)), [rows]);
  const endTime = series?.timeMs[series.timeMs.length - 1] ?? 0;
  const m = SECOND_METRICS.find((x) => x.key === metric) ?? SECOND_METRICS[0];
  const format = m?.unit === 'ms' ? formatMsAxis : formatCountAxis;
  return (
    <Chart
      title={m?.label ?? ''}
      rows={rows}
      names={names}
      yFormat={format}
      yTicks={ticks}
      endTime={endTime}
      seq={seq}
      testId="second-chart"
      summary={`${m?.label ?? ''} over time: ${lastValues(names, series, metric, format)}`}
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

/** `only` shows one of the two charts (embeds); by default both. */
export default function Charts({ only }: { only?: 'heap' | 'metric' } = {}) {
  // a string, so a rebuilt simulation with the same strategies does not re-render the charts
  const labels = useLabState((s) => s.meta?.strategies.map((x) => x.label).join('\n') ?? '');
  const metric = useLabState((s) => s.secondMetric);
  const [sectionRef, visible] = useVisible<HTMLElement>();
  const names = useMemo(() => (labels === '' ? [] : labels.split('\n')), [labels]);
  // A new label (capacity 128 → 129 renames "tokio bounded(128)") reaches the store as an urgent
  // update; the charts take it in a background render, like their data, so redrawing them never
  // holds up a frame. The legend, cheap, follows at once.
  const chartNames = useDeferredValue(names);
  return (
    <section className="panel charts" aria-labelledby="charts-title" ref={sectionRef}>
      <div className="panel-head">
        <h2 id="charts-title">Strategies compared</h2>
        <span className="panel-sub">same workload, same arrivals</span>
      </div>
      <LoadSummary />
      {/* one legend for both charts, in the page's own markup (no measuring inside the chart) */}
      <ul className="chart-legend" aria-label="Strategies">
        {names.map((n, k) => (
          <li key={n}>
            <StrategyMark index={k} />
            {n}
          </li>
        ))}
      </ul>
      {only === 'metric' ? null : <HeapChart names={chartNames} visible={visible} />}
      {only === 'heap' ? null : (
        <>
          <MetricPicker metric={metric} />
          <MetricChart names={chartNames} visible={visible} metric={metric} />
        </>
      )}
    </section>
  );
}
