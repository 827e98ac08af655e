// The wire format of frames: channel structures and chart series survive the trip as typed arrays.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { IMPL_NAMES, createChannel, type ImplName } from '../../src/engine/channels/index.ts';
import type { ChannelStructure } from '../../src/engine/channels/structure.ts';
import { decodeStructures, encodeStructures } from '../../src/worker/codec.ts';
import { downsampleMinMax } from '../../src/worker/downsample.ts';

function structureAfter(impl: ImplName, sends: number, recvs: number): ChannelStructure {
  const heap = new Heap();
  const r = createChannel(impl, heap, { message: { kind: 'u64' }, capacity: 100, permits: 100 });
  if (!r.ok) throw new Error(`${impl}: ${r.refusal.message}`);
  r.channel.sendMany(0, sends);
  r.channel.recvMany(recvs);
  return r.channel.structure();
}

describe('channel structures as typed arrays', () => {
  it('a tokio list with a released block, a spare and a semaphore round-trips exactly', () => {
    const s = structureAfter('tokio-bounded', 70, 40);
    expect(s.kind).toBe('tokio-list');
    const { structures, slots } = encodeStructures([s]);
    expect(structures).toBeInstanceOf(Float64Array);
    expect(slots).toBeInstanceOf(Uint8Array);
    // 3 blocks of 32 slot states travel as bytes, not strings
    expect(slots.length).toBe(96);
    expect(decodeStructures(structures, slots)).toEqual([s]);
  });

  // tokio-bounded has its own test above
  const impls = IMPL_NAMES.filter((n): n is ImplName => n !== 'tokio-bounded');
  it.each(impls)('%s round-trips after 50 sends and 20 receives', (impl) => {
    const s = structureAfter(impl, 50, 20);
    const { structures, slots } = encodeStructures([null, s]);
    expect(decodeStructures(structures, slots)).toEqual([null, s]);
  });

  it('a zero-capacity channel and an async single-slot channel round-trip', () => {
    const zero = createChannel('crossbeam-bounded', new Heap(), { message: { kind: 'u64' }, capacity: 0 });
    const single = createChannel('async-bounded', new Heap(), { message: { kind: 'u64' }, capacity: 1 });
    if (!zero.ok || !single.ok) throw new Error('refused');
    const list = [zero.channel.structure(), single.channel.structure()];
    expect(list.map((s) => s.kind)).toEqual(['zero', 'async-channel']);
    const { structures, slots } = encodeStructures(list);
    expect(decodeStructures(structures, slots)).toEqual(list);
  });

  it('truncated data is an error, not a wrong picture', () => {
    const { structures, slots } = encodeStructures([structureAfter('tokio-unbounded', 5, 0)]);
    expect(() => decodeStructures(structures.subarray(0, 10), slots)).toThrow(/ended early/);
  });
});

describe('min/max bucket downsampling', () => {
  const n = 36_000;
  const time = Array.from({ length: n }, (_, i) => i * 100);
  const saw = Array.from({ length: n }, (_, i) => (i % 1000) * 10);
  saw[12_345] = 1e9; // a one-sample spike
  saw[23_456] = -5; // a one-sample dip

  it('an hour of 100 ms samples becomes at most 400 points and keeps the spike and the dip', () => {
    const d = downsampleMinMax(time, [{ values: saw }], 400);
    expect(d.timeMs.length).toBe(400);
    const col = d.series[0] as Float64Array;
    expect(Math.max(...col)).toBe(1e9);
    expect(Math.min(...col)).toBe(-5);
    // time stays ordered, from the first sample to the last
    expect(d.timeMs[0]).toBe(0);
    expect(d.timeMs[399]).toBe((n - 1) * 100);
    for (let i = 1; i < d.timeMs.length; i++)
      expect(d.timeMs[i]).toBeGreaterThanOrEqual(d.timeMs[i - 1] ?? 0);
  });

  it('uses the exact extremes between samples when the engine provides them', () => {
    const values = Array.from({ length: 1000 }, () => 100);
    const hi = values.map((v, i) => (i === 500 ? 4_096 : v));
    const lo = values.map((v, i) => (i === 10 ? 0 : v));
    const d = downsampleMinMax(
      values.map((_, i) => i),
      [{ values, lo, hi }],
      100,
    );
    expect(Math.max(...(d.series[0] as Float64Array))).toBe(4_096);
    expect(Math.min(...(d.series[0] as Float64Array))).toBe(0);
  });

  it("an envelope edge keeps its bucket's lowest (or highest) value at both of the bucket's points", () => {
    // 10 samples in 5 buckets of 2: bucket b holds samples 2b and 2b + 1
    const lo = [5, 3, 8, 9, 1, 2, 7, 7, 0, 4];
    const hi = [6, 9, 8, 12, 3, 2, 7, 8, 5, 4];
    const t = lo.map((_, i) => i);
    const d = downsampleMinMax(
      t,
      [
        { values: lo, reduce: 'min' },
        { values: hi, reduce: 'max' },
      ],
      10 - 1,
    );
    // 9 points allowed: 4 buckets (of 2 or 3 samples: 0–1, 2–4, 5–6, 7–9)
    expect([...(d.series[0] as Float64Array)]).toEqual([3, 3, 1, 1, 2, 2, 0, 0]);
    expect([...(d.series[1] as Float64Array)]).toEqual([9, 9, 12, 12, 7, 7, 8, 8]);
  });

  it('short series pass through unchanged', () => {
    const d = downsampleMinMax([0, 1, 2], [{ values: [5, 6, 7] }], 400);
    expect([...d.timeMs]).toEqual([0, 1, 2]);
    expect([...(d.series[0] as Float64Array)]).toEqual([5, 6, 7]);
  });
});
