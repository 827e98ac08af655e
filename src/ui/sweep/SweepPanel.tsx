/**
 * Capacity planning: pick a parameter and a range; the sweep worker runs the current scenario once
 * per value; a chart shows the chosen metric against the parameter, one line per strategy, with the
 * numbers in a table under it. Exports as CSV (every metric) and PNG (the chart). The sweep is in
 * the address (`sweep=…`), and `?embed=1&view=sweep` shows just this figure.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { SWEEP_PARAMS, sweepCsv, type SweepResult } from '../../engine/sweep.ts';
import { download, slug } from '../export/download.ts';
import { svgToPng } from '../export/png.ts';
import { formatBytesAxis, formatBytesExact, formatInt, formatMs } from '../format.ts';
import { useLab, useLabState } from '../lab-context.ts';
import { dashArray, strategyColor } from '../palette.ts';
import { StrategyMark } from '../views/StrategyMark.tsx';
import { SWEEP_METRICS, sweepValues, type SweepMetric, type SweepSpec } from './sweep-spec.ts';
import { createSweepWorker, useSweepRun, type SweepWorkerFactory } from './useSweepRun.ts';
import './sweep.css';

/** A range that suits each parameter when it is picked. */
const RANGES: Readonly<Record<string, Pick<SweepSpec, 'from' | 'to' | 'steps' | 'log'>>> = {
  'strategies.*.capacity': { from: 16, to: 4096, steps: 9, log: true },
  'strategies.*.permits': { from: 16, to: 4096, steps: 9, log: true },
  'producers.count': { from: 100, to: 10_000, steps: 5, log: true },
  'producers.ratePerSec': { from: 1, to: 1000, steps: 7, log: true },
  'message.bytes': { from: 8, to: 4096, steps: 10, log: true },
  'channels.count': { from: 1, to: 100_000, steps: 6, log: true },
};

function paramLabel(param: string): string {
  return SWEEP_PARAMS.find((p) => p.path === param)?.label ?? param;
}

function metricFormat(metric: SweepMetric): (v: number) => string {
  const unit = SWEEP_METRICS.find((m) => m.key === metric)?.unit;
  if (unit === 'bytes') return formatBytesExact;
  if (unit === 'ms') return (v) => formatMs(v);
  return formatInt;
}

function axisFormat(metric: SweepMetric): (v: number) => string {
  const unit = SWEEP_METRICS.find((m) => m.key === metric)?.unit;
  if (unit === 'bytes') return formatBytesAxis;
  if (unit === 'ms') return (v) => formatMs(v);
  return formatInt;
}

/** Presentation properties that decide how the chart looks (recharts takes them from the page's CSS). */
const STYLE_PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'font-family',
  'font-size',
  'opacity',
];

/**
 * The chart as a standalone SVG document: computed styles inlined (theme variables resolved), the
 * caption on top, the page's background behind. (The figure exporter of export/figure/ composes
 * the lab's own charts from data; this chart is small enough to copy as drawn.)
 */
function standaloneSvg(svg: SVGSVGElement, caption: string): { text: string; width: number; height: number } {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    to[i]?.setAttribute('style', style);
  });
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width);
  const height = Math.round(box.height) + 28;
  const root = getComputedStyle(document.documentElement);
  const bg = root.getPropertyValue('--bg').trim() || '#ffffff';
  const fg = root.getPropertyValue('--fg').trim() || '#000000';
  copy.setAttribute('y', '28');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(box.height));
  const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const text =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="${esc(bg)}"/>` +
    `<text x="8" y="19" font-family="system-ui, sans-serif" font-size="14" font-weight="600" fill="${esc(fg)}">${esc(caption)}</text>` +
    new XMLSerializer().serializeToString(copy) +
    `</svg>`;
  return { text, width, height };
}

const CHART_STYLE = { width: '100%', height: '100%' };
const MARGIN = { top: 8, right: 16, bottom: 4, left: 8 };
const TOOLTIP_STYLE = { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--fg)' };

function SweepChart(props: { result: SweepResult; spec: SweepSpec; caption: string }) {
  const { result, spec } = props;
  const rows = useMemo(
    () =>
      result.values.map((v, k) => {
        const row: Record<string, number | null> = { v };
        result.strategies.forEach((s, i) => {
          const p = s.points[k];
          const y = p === undefined ? null : p[spec.metric];
          row[`s${i}`] = typeof y === 'number' && Number.isFinite(y) ? y : null;
        });
        return row;
      }),
    [result, spec.metric],
  );
  const fmt = metricFormat(spec.metric);
  const summary = result.strategies
    .map((s) => {
      const first = s.points[0]?.[spec.metric];
      const last = s.points.at(-1)?.[spec.metric];
      const f = (x: number | null | undefined) => (typeof x === 'number' ? fmt(x) : 'none');
      return `${s.name}: ${f(first)} at ${formatInt(result.values[0] ?? 0)}, ${f(last)} at ${formatInt(result.values.at(-1) ?? 0)}`;
    })
    .join('; ');
  return (
    <figure className="chart sweep-chart" data-testid="sweep-chart">
      <figcaption>{props.caption}</figcaption>
      <div className="chart-box" role="img" aria-label={summary}>
        <LineChart responsive style={CHART_STYLE} data={rows} margin={MARGIN} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="v"
            type="number"
            scale={spec.log ? 'log' : 'linear'}
            domain={['dataMin', 'dataMax']}
            ticks={result.values as number[]}
            interval="preserveStartEnd"
            tickFormatter={formatInt}
            stroke="var(--muted)"
            fontSize={11}
            allowDataOverflow
          />
          <YAxis tickFormatter={axisFormat(spec.metric)} stroke="var(--muted)" fontSize={11} width={72} />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(v) => `${paramLabel(spec.param)} = ${formatInt(Number(v))}`}
            formatter={(v) => fmt(Number(v))}
            contentStyle={TOOLTIP_STYLE}
          />
          {result.strategies.map((s, k) => (
            <Line
              key={s.name}
              dataKey={`s${k}`}
              name={s.name}
              stroke={strategyColor(k)}
              strokeWidth={2}
              strokeDasharray={dashArray(k, 2) || 'none'}
              dot={{ r: 3 }}
              isAnimationActive={false}
              type="linear"
              connectNulls
            />
          ))}
        </LineChart>
      </div>
    </figure>
  );
}

function SweepTable(props: { result: SweepResult; spec: SweepSpec; caption: string }) {
  const { result, spec } = props;
  const fmt = metricFormat(spec.metric);
  return (
    <div className="sweep-table-wrap">
      <table className="sweep-table" data-testid="sweep-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{paramLabel(spec.param)}</th>
            {result.strategies.map((s) => (
              <th scope="col" key={s.name}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.values.map((v, k) => (
            <tr key={v}>
              <th scope="row">{formatInt(v)}</th>
              {result.strategies.map((s) => {
                const y = s.points[k]?.[spec.metric];
                return <td key={s.name}>{typeof y === 'number' && Number.isFinite(y) ? fmt(y) : '–'}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NumberInput(props: { label: string; value: number; onCommit: (v: number) => void; min?: number }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const n = Number(draft);
    if (draft.trim() !== '' && Number.isFinite(n)) props.onCommit(n);
    setDraft(null);
  };
  return (
    <label className="sweep-input" htmlFor={id}>
      <span>{props.label}</span>
      <input
        id={id}
        type="number"
        className="number"
        value={draft ?? String(props.value)}
        min={props.min}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}

export default function SweepPanel(props: { createWorker?: SweepWorkerFactory; embed?: boolean }) {
  const lab = useLab();
  const spec = useLabState((s) => s.sweep);
  const scenario = useLabState((s) => s.scenario);
  const { state, start, cancel, fail } = useSweepRun(props.createWorker ?? createSweepWorker);
  const figureRef = useRef<HTMLElement>(null);
  const statusId = useId();
  const current = spec ?? null;
  const values = current === null ? null : sweepValues(current);

  const run = () => {
    // the store's newest: a field committed by this very click (its blur) is already there
    const latest = lab.store.getState().sweep;
    if (latest === null || scenario === null) return;
    const v = sweepValues(latest);
    if (!v.ok) return fail(v.message);
    start(scenario, latest.param, v.values);
  };
  // open (a click, a link, an embed): run once the scenario is there
  const started = useRef(false);
  useEffect(() => {
    if (started.current || scenario === null || current === null) return;
    started.current = true;
    if (values === null || !values.ok) fail(values?.message ?? 'no values');
    else start(scenario, current.param, values.values);
  }, [scenario, current, values, start, fail]);

  if (current === null) return null;
  const set = (patch: Partial<SweepSpec>) => lab.actions.setSweep({ ...current, ...patch });
  const running = state.status === 'running';
  const result = state.result;
  const metricLabel = SWEEP_METRICS.find((m) => m.key === current.metric)?.label ?? current.metric;
  const caption = `${metricLabel} against ${paramLabel(current.param)}`;
  const stale =
    state.scenario !== null &&
    scenario !== null &&
    JSON.stringify(state.scenario) !== JSON.stringify(scenario);
  const done = result?.values.length ?? 0;
  const total = values?.ok === true ? values.values.length : 0;
  const statusText =
    state.status === 'running'
      ? `Running ${Math.min(done + 1, total)} of ${total} values…`
      : state.status === 'done'
        ? `${total} runs of ${scenario === null ? '' : String(scenario.name)}, ${result?.strategies.length ?? 0} strategies each.`
        : state.status === 'cancelled'
          ? `Cancelled after ${done} of ${total} values.`
          : state.status === 'error'
            ? `The sweep could not run: ${state.message ?? ''}`
            : '';

  const exportCsv = () => {
    if (result !== null) download(`sweep-${slug(current.param)}.csv`, sweepCsv(result), 'text/csv');
  };
  const exportPng = async () => {
    const svg = figureRef.current?.querySelector<SVGSVGElement>('.sweep-chart .recharts-wrapper > svg');
    if (svg == null) return;
    download(`sweep-${slug(current.param)}.png`, await svgToPng(standaloneSvg(svg, caption)), 'image/png');
  };

  return (
    <section
      className="panel sweep"
      aria-labelledby={`${statusId}-title`}
      data-testid="sweep-panel"
      ref={figureRef}
    >
      <div className="panel-head">
        <h2 id={`${statusId}-title`}>Capacity planning</h2>
        <span className="panel-sub">one run per value, same scenario otherwise (modelled timing)</span>
      </div>
      {props.embed === true ? null : (
        <form
          className="sweep-form"
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          <label className="sweep-input">
            <span>Parameter</span>
            <select
              value={current.param}
              onChange={(e) => set({ param: e.target.value, ...(RANGES[e.target.value] ?? {}) })}
            >
              {SWEEP_PARAMS.some((p) => p.path === current.param) ? null : (
                <option value={current.param}>{current.param}</option>
              )}
              {SWEEP_PARAMS.map((p) => (
                <option key={p.path} value={p.path}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <NumberInput label="From" value={current.from} onCommit={(from) => set({ from })} />
          <NumberInput label="To" value={current.to} onCommit={(to) => set({ to })} />
          <NumberInput label="Steps" value={current.steps} min={1} onCommit={(steps) => set({ steps })} />
          <label className="sweep-check">
            <input type="checkbox" checked={current.log} onChange={(e) => set({ log: e.target.checked })} />{' '}
            Log spacing
          </label>
          <div className="sweep-buttons">
            {running ? (
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            ) : (
              <button type="submit" className="primary">
                Run sweep
              </button>
            )}
          </div>
        </form>
      )}
      {values !== null && !values.ok ? (
        <p className="field-hint field-error" role="alert">
          {values.message}
        </p>
      ) : null}
      <div className="sweep-status">
        <progress max={1} value={state.progress} aria-label="Sweep progress" aria-describedby={statusId} />
        <p id={statusId} role="status" className={state.status === 'error' ? 'field-error' : undefined}>
          {statusText}
          {stale && !running ? ' The scenario has changed since: run the sweep again.' : ''}
        </p>
      </div>
      <label className="sweep-input sweep-metric">
        <span>Chart</span>
        <select value={current.metric} onChange={(e) => set({ metric: e.target.value as SweepMetric })}>
          {SWEEP_METRICS.map((m) => (
            <option key={m.key} value={m.key}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {result === null || result.values.length === 0 ? null : (
        <>
          <ul className="chart-legend" aria-label="Strategies">
            {result.strategies.map((s, k) => (
              <li key={s.name}>
                <StrategyMark index={k} />
                {s.name}
              </li>
            ))}
          </ul>
          <SweepChart result={result} spec={current} caption={caption} />
          <SweepTable result={result} spec={current} caption={caption} />
          {props.embed === true ? null : (
            <div className="sweep-export" role="group" aria-label="Export the sweep">
              <button type="button" onClick={exportCsv}>
                Export CSV
              </button>
              <button type="button" onClick={() => void exportPng()}>
                Export PNG
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
