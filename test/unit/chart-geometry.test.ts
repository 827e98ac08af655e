// What the comparison charts' canvas layer draws, in pixels: the heap line as the highest point of each
// interval drawn as steps, the band down to the lowest, a log axis that raises what lies under it, no
// line for a refused strategy, end labels beside the lines' ends, and the sample a pointer is nearest.
import { describe, expect, it } from 'vitest';
import {
  axisDomain,
  extent,
  heapAxis,
  heapSources,
  layoutEndLabels,
  layoutLines,
  metricAxis,
  metricSources,
  nearestSample,
  timeToX,
  valueToY,
  type PlotArea,
} from '../../src/ui/views/chart-geometry.ts';
import type { ChartSeries } from '../../src/worker/frame.ts';
import { CHART_FIELDS, type ChartField } from '../../src/worker/protocol.ts';

function series(timeMs: number[], per: Partial<Record<ChartField, number[]>>[]): ChartSeries {
  return {
    timeMs: Float64Array.from(timeMs),
    samples: timeMs.length,
    values: per.map((p) => {
      const out = {} as Record<ChartField, Float64Array>;
      for (const f of CHART_FIELDS) out[f] = Float64Array.from(p[f] ?? timeMs.map(() => 0));
      return out;
    }),
  };
}

// a plot 600 px wide from x = 100 and 200 px tall from y = 10; a run of 200 ms: 3 px per ms
const area: PlotArea = { x: 100, y: 10, width: 600, height: 200 };
const s = series(
  [0, 100, 200],
  [
    { heapBytes: [800, 900, 700], heapMinBytes: [800, 800, 600], heapMaxBytes: [800, 1000, 950] },
    { heapBytes: [0, 0, 0], heapMinBytes: [0, 0, 0], heapMaxBytes: [0, 0, 0] },
  ],
);

describe('the heap lines', () => {
  it('the line is the highest heap of each interval, drawn as steps; the band spans lowest to highest', () => {
    const sources = heapSources(s, []);
    expect(extent(sources)).toEqual({ max: 1000, minPositive: 600 });
    // 1000 B on binary steps: 1000 / 4 = 250 per step → 0, 250, 500, 750, 1000
    const axis = heapAxis(sources, false);
    expect(axis.ticks).toEqual([0, 250, 500, 750, 1000]);
    const [unbounded] = layoutLines(s.timeMs, sources, timeToX(area, 200), valueToY(area, axis), true);
    // y = 210 − v / 1000 × 200: 800 → 50, 1000 → 10, 950 → 20; x = 100 + 3 t
    // steps: each value holds over the interval up to its own sample, then the line jumps
    expect(unbounded?.line).toEqual([100, 50, 100, 10, 400, 10, 400, 20, 700, 20]);
    // the band: the upper edge as the line, then the lowest (800, 800, 600 → 50, 50, 90) back
    expect(unbounded?.band).toEqual([
      ...[100, 50, 100, 10, 400, 10, 400, 20, 700, 20],
      ...[700, 90, 400, 90, 400, 50, 100, 50, 100, 50],
    ]);
    expect(unbounded?.end).toEqual({ t: 200, value: 950, x: 700, y: 20 });
  });

  it('a burst is a vertical edge at the start of the interval it falls in, not a ramp', () => {
    const burst = series([0, 100, 200], [{ heapMaxBytes: [0, 0, 4000], heapMinBytes: [0, 0, 0] }]);
    const axis = { ticks: [0, 4000], log: false };
    const [l] = layoutLines(
      burst.timeMs,
      heapSources(burst, []),
      timeToX(area, 200),
      valueToY(area, axis),
      true,
    );
    // from 0 B (y 210) straight up to 4000 B (y 10) at x = 400 (100 ms)
    expect(l?.line.slice(4, 8)).toEqual([400, 210, 400, 10]);
  });

  it('a refused strategy draws nothing', () => {
    const lines = layoutLines(s.timeMs, heapSources(s, [true, false]), timeToX(area, 200), (v) => v, true);
    expect(lines.map((l) => l.k)).toEqual([1]);
  });

  it('on a log axis, what lies under the lowest tick sits on the bottom edge', () => {
    const sources = heapSources(s, []);
    // 600 B to 1000 B: 2^9 = 512 to 2^10 = 1024
    const axis = heapAxis(sources, true);
    expect(axis.ticks).toEqual([512, 1024]);
    const y = valueToY(area, axis);
    expect(y(0)).toBe(210);
    expect(y(1024)).toBe(10);
    // halfway up a log axis is the geometric mean: √(512 × 1024) B
    expect(y(Math.sqrt(512 * 1024))).toBeCloseTo(110, 9);
  });

  it('an empty chart still has an axis to draw on', () => {
    expect(axisDomain(heapAxis([], false))).toEqual([0, 1]);
    expect(axisDomain(heapAxis([], true))[0]).toBeGreaterThan(0);
  });
});

describe('the metric lines', () => {
  it('are straight segments; a missing value is left out and its neighbours joined', () => {
    const m = series([0, 100, 200], [{ depth: [0, Number.NaN, 2000] }, { depth: [5, 6, 7] }]);
    const sources = metricSources(m, 'depth', [false, true]);
    const axis = metricAxis(sources);
    expect(axis.ticks).toEqual([0, 500, 1000, 1500, 2000]);
    const [l, refused] = layoutLines(m.timeMs, sources, timeToX(area, 200), valueToY(area, axis), false);
    expect(l?.line).toEqual([100, 210, 700, 10]);
    expect(l?.band).toBeNull();
    expect(refused).toBeUndefined();
  });
});

describe('end labels', () => {
  const lines = layoutLines(
    s.timeMs,
    heapSources(s, []),
    timeToX(area, 400), // the run is 400 ms: the lines end mid-plot, at x = 400
    valueToY(area, { ticks: [0, 1000], log: false }),
    true,
  );

  it('sit after their line, level with its end, and apart from each other', () => {
    const labels = layoutEndLabels(
      lines,
      [
        { k: 0, name: 'tokio unbounded', value: '700 B' },
        { k: 1, name: 'tokio bounded(128)', value: '0 B' },
      ],
      area,
      10,
    );
    // after the end (x 400) by 6 px; baseline 0.35 × 10 px below the line's end (950 B → y 20)
    expect(labels[0]).toMatchObject({ k: 0, x: 406, anchor: 'start', name: 'tokio unbounded' });
    expect(labels[0]?.y).toBeCloseTo(23.5, 9);
    // the other ends on the time axis (y 210): raised so its descenders clear it (210 − 3)
    expect(labels[1]?.y).toBeCloseTo(207, 9);
  });

  it('a strategy without a line has no label', () => {
    const drawn = lines.filter((l) => l.k !== 1);
    expect(layoutEndLabels(drawn, [{ k: 1, name: 'refused', value: '0 B' }], area, 10)).toEqual([]);
  });
});

describe('hover', () => {
  it('finds the sample nearest the pointer', () => {
    const t = [0, 100, 200];
    expect(nearestSample(t, 149)).toBe(1);
    expect(nearestSample(t, 151)).toBe(2);
    expect(nearestSample(t, -5)).toBe(0);
    expect(nearestSample(t, 1e9)).toBe(2);
    expect(nearestSample([], 5)).toBe(-1);
  });
});
