/**
 * The scenario's events on the comparison charts (marks and short labels along the top), in the
 * charts' SVG layer with the axes (ChartAxes.tsx): they move only when the scenario does; the lines
 * and their end labels are on the canvas layer (LiveChart.tsx). The colours come from CSS classes,
 * and `paint-order` is an attribute so the text keeps its halo.
 */
import type { ChartEvent } from './chart-events.ts';
import { GLYPH, type PlotArea } from './chart-geometry.ts';
import { labelRows } from './chart-scale.ts';

/** How far above the plot the first row of event labels sits: the chart's top margin holds it. */
export function eventLabelSpace(fontSize: number): number {
  return fontSize + 8;
}

export function EventMarks({
  events,
  fontSize,
  area,
  x,
}: {
  events: readonly ChartEvent[];
  fontSize: number;
  area: PlotArea;
  /** simulated ms to x, in the plot */
  x: (t: number) => number;
}) {
  if (events.length === 0) return null;
  const right = area.x + area.width;
  const bottom = area.y + area.height;
  const placed = events.map((e) => {
    const x0 = Math.min(right, Math.max(area.x, x(e.atMs)));
    const x1 = e.untilMs === undefined ? null : Math.min(right, Math.max(x0, x(e.untilMs)));
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
