// The comparison chart's arithmetic: the log axis for bytes, and labels that never sit on top of each
// other (where the lines go: chart-geometry.test.ts).
import { describe, expect, it } from 'vitest';
import { labelRows, logByteAxis, placeEndLabel, spreadLabels } from '../../src/ui/views/chart-scale.ts';

describe('log axis for bytes', () => {
  it('covers 100 KiB (gated) to 40 MiB (unbounded) in powers of two, at most 7 ticks', () => {
    const a = logByteAxis(100 * 1024, 40 * 1024 * 1024);
    // 100 KiB lies in [2^16, 2^17), 40 MiB in (2^25, 2^26]: exponents 16 … 26, step 2 → 6 ticks
    expect(a.ticks).toEqual([2 ** 16, 2 ** 18, 2 ** 20, 2 ** 22, 2 ** 24, 2 ** 26]);
    expect(a.domain).toEqual([2 ** 16, 2 ** 26]);
  });

  it('nothing positive yet, or one value: still a valid axis', () => {
    expect(logByteAxis(Infinity, 0).domain).toEqual([1, 2]);
    const one = logByteAxis(800, 800);
    expect(one.domain[0]).toBeLessThanOrEqual(800);
    expect(one.domain[1]).toBeGreaterThan(800);
  });
});

describe('labels', () => {
  it('end labels keep their order, at least a gap apart, inside the plot', () => {
    // three lines ending at nearly the same height (bounded and gated, both near 0 B)
    expect(spreadLabels([300, 296, 100], 14, 10, 305)).toEqual([305, 291, 100]);
    // far apart: nobody moves
    expect(spreadLabels([50, 150], 14, 10, 300)).toEqual([50, 150]);
    // above the top: pushed down
    expect(spreadLabels([0, 2], 10, 12, 300)).toEqual([12, 22]);
  });

  it('an end label goes after its line, else before it and above the line, else shortened to fit', () => {
    // 10 px per character; the plot runs from x = 100 to x = 500
    const at = (endX: number, name = 'tokio unbounded', value = '1 MiB') =>
      placeEndLabel({ endX, left: 100, right: 500, name, value, charWidth: 10 });
    // 'tokio unbounded 1 MiB' is 21 characters, 210 px: after an end at x = 200 there are 294 px
    expect(at(200)).toEqual({ x: 206, anchor: 'start', name: 'tokio unbounded', above: false });
    // at the right edge (the end of the run) it goes before the end, lifted off the line it would cross
    expect(at(500)).toEqual({ x: 494, anchor: 'end', name: 'tokio unbounded', above: true });
    // 'semaphore-gated (1024) at the producer 142.3 KiB' is 48 characters, 480 px: it fits on neither
    // side of an end at x = 400 (94 px after, 294 px before); before, 29 characters fit: the value (9),
    // a space and 19 for the name, its last one the ellipsis
    expect(at(400, 'semaphore-gated (1024) at the producer', '142.3 KiB')).toEqual({
      x: 394,
      anchor: 'end',
      name: 'semaphore-gated (1…',
      above: true,
    });
    // a plot 150 px wide, the end at x = 160: 84 px after, 8 characters, not even the value's 9 and a
    // space: the value alone (the colour says whose it is)
    const narrow = placeEndLabel({
      endX: 160,
      left: 100,
      right: 250,
      name: 'tokio bounded(128)',
      value: '136.8 KiB',
      charWidth: 10,
    });
    expect(narrow).toEqual({ x: 166, anchor: 'start', name: '', above: false });
  });

  it('event labels take the first free row, or none when both rows are taken', () => {
    const rows = labelRows(
      [
        { x: 0, width: 100 },
        { x: 50, width: 100 }, // overlaps the first: row 1
        { x: 80, width: 10 }, // overlaps both: no label
        { x: 120, width: 10 }, // past the first (100 + 6 px of padding): row 0 again
      ],
      2,
    );
    expect(rows).toEqual([0, 1, null, 0]);
  });
});
