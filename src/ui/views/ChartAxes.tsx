/**
 * The still part of a comparison chart: the axes, their ticks and labels, the grid and the scenario's
 * event marks, as a small SVG under the canvas layer that draws the lines (LiveChart.tsx).
 *
 * Written by hand rather than with recharts (which drew them until session 7) because of what a
 * live chart costs: every axis change (a new tick at the top as the heap grows, a mark added by a
 * live change) ran recharts' store, its tick-text measuring and a synchronous render of its
 * components, 30–70 ms on a 4× slower CPU; this SVG is a few dozen elements whose places are plain
 * arithmetic (`plotArea`), rendered in well under a millisecond. recharts still draws the static
 * charts (capacity planning).
 */
import { memo, useMemo } from 'react';
import { formatSecondsAxis, niceTicks } from '../format.ts';
import { EventMarks, eventLabelSpace } from './ChartMarks.tsx';
import type { ChartEvent } from './chart-events.ts';
import { timeToX, valueToY, type PlotArea, type ValueAxis } from './chart-geometry.ts';

/** Sizes on a laptop and on a projector (presenter mode: every label ≥ 20 CSS px, thick lines). */
export const CHART_SIZES = {
  normal: { font: 12, line: 2, yWidth: 72 },
  big: { font: 20, line: 4.5, yWidth: 118 },
} as const;
export type ChartSize = (typeof CHART_SIZES)[keyof typeof CHART_SIZES];

/** Length of a tick mark, and the gap between it and its label (CSS px). */
const TICK = 6;
const TICK_GAP = 2;

/**
 * Where the plot sits in a chart box of `width` × `height`: the value axis's labels on the left
 * (`yWidth`), the time axis's ticks, labels and title below, the event labels' first row above.
 */
export function plotArea(width: number, height: number, size: ChartSize, labelledEvents: boolean): PlotArea {
  const top = labelledEvents ? eventLabelSpace(size.font) : 10;
  // room for the last time tick's label ("60 s") past the plot
  const right = Math.round(size.font * 1.6);
  const left = 6 + size.yWidth;
  const bottom = 4 + size.font * 2 + 8;
  return {
    x: left,
    y: top,
    width: Math.max(0, width - left - right),
    height: Math.max(0, height - top - bottom),
  };
}

interface AxesProps {
  readonly width: number;
  readonly height: number;
  readonly area: PlotArea;
  readonly durationMs: number;
  readonly axis: ValueAxis;
  readonly yFormat: (v: number) => string;
  readonly size: ChartSize;
  /** fewer time ticks (a phone, a narrow embed) */
  readonly narrow: boolean;
  readonly events: readonly ChartEvent[];
}

/** Renders only when one of its props changes: an axis, the size, the marks. */
export const ChartAxes = memo(function ChartAxes(p: AxesProps) {
  const { area, size } = p;
  const big = size === CHART_SIZES.big;
  const timeTicks = useMemo(
    () => niceTicks(Math.max(1, p.durationMs), p.narrow ? 4 : big ? 5 : 7),
    [p.durationMs, p.narrow, big],
  );
  if (p.width <= 0 || p.height <= 0 || area.width <= 0 || area.height <= 0) return null;
  const x = timeToX(area, p.durationMs);
  const y = valueToY(area, p.axis);
  const left = area.x;
  const right = area.x + area.width;
  const bottom = area.y + area.height;
  return (
    <svg className="chart-axes" width={p.width} height={p.height} aria-hidden="true" fontSize={size.font}>
      <g className="chart-grid">
        {p.axis.ticks.map((v) => (
          <line key={v} x1={left} x2={right} y1={y(v)} y2={y(v)} />
        ))}
      </g>
      <g className="chart-y-axis">
        <line className="axis-line" x1={left} x2={left} y1={area.y} y2={bottom} />
        {p.axis.ticks.map((v) => (
          <line key={v} className="tick-line" x1={left - TICK} x2={left} y1={y(v)} y2={y(v)} />
        ))}
        <g className="tick-labels" textAnchor="end">
          {p.axis.ticks.map((v) => (
            <text key={v} x={left - TICK - TICK_GAP} y={y(v)} dy="0.355em">
              {p.yFormat(v)}
            </text>
          ))}
        </g>
      </g>
      <g className="chart-x-axis">
        <line className="axis-line" x1={left} x2={right} y1={bottom} y2={bottom} />
        {timeTicks.map((t) => (
          <line key={t} className="tick-line" x1={x(t)} x2={x(t)} y1={bottom} y2={bottom + TICK} />
        ))}
        <g className="tick-labels" textAnchor="middle">
          {timeTicks.map((t) => (
            <text key={t} x={x(t)} y={bottom + TICK + TICK_GAP} dy="0.71em">
              {formatSecondsAxis(t)}
            </text>
          ))}
        </g>
        <text className="axis-title" x={right + 2} y={p.height - 2} textAnchor="end">
          simulated time
        </text>
      </g>
      <EventMarks events={p.events} fontSize={size.font} area={area} x={x} />
    </svg>
  );
});
