/**
 * SVG drawn inside the recharts comparison charts with the charts' own scales: the scenario's events
 * (marks and short labels along the top) and each line's label at its end (name and current value).
 * Positions come from recharts' axis scales; the colours come from CSS classes and the palette, and
 * `paint-order` is an attribute so a copied SVG (export) keeps the text's halo.
 */
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { strategyColor } from '../palette.ts';
import type { ChartEvent } from './chart-events.ts';
import { usePaletteSlot } from './palette-slots.ts';
import { labelRows, placeEndLabel, spreadLabels } from './chart-scale.ts';

/** Average glyph width of the UI font as a share of its size: enough to keep labels apart. */
const GLYPH = 0.58;

/** How far above the plot the first row of event labels sits: the chart's top margin holds it. */
export function eventLabelSpace(fontSize: number): number {
  return fontSize + 8;
}

export function EventMarks({ events, fontSize }: { events: readonly ChartEvent[]; fontSize: number }) {
  const x = useXAxisScale();
  const area = usePlotArea();
  if (x === undefined || area === undefined || events.length === 0) return null;
  const right = area.x + area.width;
  const bottom = area.y + area.height;
  const placed = events.map((e) => {
    const x0 = Math.min(right, Math.max(area.x, x(e.atMs) ?? area.x));
    const x1 = e.untilMs === undefined ? null : Math.min(right, Math.max(x0, x(e.untilMs) ?? x0));
    const width = e.label.length * fontSize * GLYPH;
    // a label near the right edge goes to the left of its mark
    const left = Math.max(area.x, x0 + 4 + width > right ? x0 - 4 - width : x0 + 4);
    return { e, x0, x1, left, width };
  });
  const labelled = placed.filter((p) => p.e.label !== '');
  const rows = labelRows(
    labelled.map((p) => ({ x: p.left, width: p.width })),
    2,
  );
  return (
    <g className="chart-events" data-testid="chart-events">
      {placed.map((p, i) =>
        p.x1 === null ? (
          <line key={i} className={`event-line ${p.e.kind}`} x1={p.x0} x2={p.x0} y1={area.y} y2={bottom} />
        ) : (
          <rect
            key={i}
            className={`event-span ${p.e.kind}`}
            x={p.x0}
            y={area.y}
            width={Math.max(1, p.x1 - p.x0)}
            height={area.height}
          />
        ),
      )}
      {labelled.map((p, i) => {
        const row = rows[i];
        if (row === null || row === undefined) return null;
        // row 0 sits in the margin above the plot, row 1 just inside it
        const y = row === 0 ? area.y - 6 : area.y + fontSize + 2;
        return (
          <text
            key={i}
            className={`event-label ${p.e.kind}`}
            x={p.left}
            y={y}
            fontSize={fontSize}
            paintOrder="stroke"
          >
            {p.e.label}
          </text>
        );
      })}
    </g>
  );
}

export interface EndLabel {
  /** the strategy's index (its colour) */
  readonly k: number;
  readonly name: string;
  readonly value: string;
  /** where the line ends: time (ms) and value in the axis's units */
  readonly t: number;
  readonly y: number;
}

export function EndLabels({ labels, fontSize }: { labels: readonly EndLabel[]; fontSize: number }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const area = usePlotArea();
  const slot = usePaletteSlot();
  if (x === undefined || y === undefined || area === undefined || labels.length === 0) return null;
  const bottom = area.y + area.height;
  const placed = labels.map((l) =>
    placeEndLabel({
      endX: x(l.t) ?? area.x,
      left: area.x + 2,
      right: area.x + area.width,
      name: l.name,
      value: l.value,
      charWidth: fontSize * GLYPH,
    }),
  );
  // level with the line's end (baseline a third of the text below it), or just above it
  const want = labels.map((l, i) => {
    const lineY = y(l.y) ?? bottom;
    return placed[i]?.above === true ? lineY - fontSize * 0.45 : lineY + fontSize * 0.35;
  });
  // then apart from each other, the lowest one's descenders clear of the time axis
  const ys = spreadLabels(want, fontSize + 3, area.y + fontSize, bottom - fontSize * 0.3);
  return (
    <g className="end-labels" data-testid="end-labels">
      {labels.map((l, i) => {
        const p = placed[i];
        if (p === undefined) return null;
        return (
          <text
            key={l.k}
            className="end-label"
            data-strategy={l.k}
            x={p.x}
            y={ys[i]}
            textAnchor={p.anchor}
            fontSize={fontSize}
            fill={strategyColor(slot(l.k))}
            paintOrder="stroke"
          >
            {p.name === '' ? null : <tspan fontWeight={700}>{p.name}</tspan>}
            {p.name === '' ? l.value : ` ${l.value}`}
          </text>
        );
      })}
    </g>
  );
}
