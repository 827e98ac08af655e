// @vitest-environment jsdom
// The live charts' axes, drawn by hand in SVG (ChartAxes.tsx): where the plot sits in the box, and
// the ticks a reader sees, at the places the canvas layer maps values and times to.
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CHART_SIZES, ChartAxes, plotArea } from '../../src/ui/views/ChartAxes.tsx';
import { formatBytesAxis } from '../../src/ui/format.ts';

const MiB = 1024 * 1024;

describe('the live charts’ axes', () => {
  it('leave room for the value labels, the time axis and a row of event labels', () => {
    // 12 px text: event labels need 12 + 8 px on top, "60 s" 1.6 × 12 ≈ 19 px on the right, the value
    // labels 72 px (+ 6 margin) on the left, the time axis two lines and 8 px (+ 4 margin) below
    expect(plotArea(800, 240, CHART_SIZES.normal, true)).toEqual({ x: 78, y: 20, width: 703, height: 184 });
    // no labelled event: 10 px on top
    expect(plotArea(800, 240, CHART_SIZES.normal, false).y).toBe(10);
    // a box too small for a plot has none, never a negative size
    expect(plotArea(50, 20, CHART_SIZES.big, true)).toMatchObject({ width: 0, height: 0 });
  });

  it('label every value tick from the plot’s bottom to its top, and the run’s time from 0 s to its end', () => {
    const area = plotArea(800, 240, CHART_SIZES.normal, true);
    const { container } = render(
      <ChartAxes
        width={800}
        height={240}
        area={area}
        durationMs={60_000}
        axis={{ ticks: [0, 5 * MiB, 10 * MiB, 15 * MiB], log: false }}
        yFormat={formatBytesAxis}
        size={CHART_SIZES.normal}
        narrow={false}
        events={[{ atMs: 10_000, label: '100 producers leave', kind: 'leave' }]}
      />,
    );
    const texts = (sel: string) => [...container.querySelectorAll(sel)].map((t) => t.textContent);
    expect(texts('.chart-y-axis .tick-labels text')).toEqual(['0 B', '5 MiB', '10 MiB', '15 MiB']);
    expect(texts('.chart-x-axis .tick-labels text')).toEqual([
      '0 s',
      '10 s',
      '20 s',
      '30 s',
      '40 s',
      '50 s',
      '60 s',
    ]);
    const ys = [...container.querySelectorAll('.chart-y-axis .tick-line')].map((l) =>
      Number(l.getAttribute('y1')),
    );
    // 0 B at the plot's bottom (20 + 184), 15 MiB at its top, evenly spaced
    const want = [204, 204 - 184 / 3, 204 - (2 * 184) / 3, 20];
    ys.forEach((y, i) => expect(y).toBeCloseTo(want[i] ?? NaN, 6));
    expect(ys).toHaveLength(4);
    // the event: a line at 10 s of 60 s across the plot, its label above it
    const mark = container.querySelector('.event-line');
    expect(Number(mark?.getAttribute('x1'))).toBeCloseTo(78 + 703 / 6);
    expect(texts('.event-label')).toEqual(['100 producers leave']);
    expect(container.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
  });
});
