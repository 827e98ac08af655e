// The wire format of frames: figures and chart series travel as transferred typed arrays, channel
// structures as plain data that survives a real structured clone.
import { describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Heap } from '../../src/engine/heap.ts';
import { IMPL_NAMES, createChannel, type ImplName } from '../../src/engine/channels/index.ts';
import type { ChannelStructure } from '../../src/engine/channels/structure.ts';
import { downsampleMinMax } from '../../src/worker/downsample.ts';
import { decodeFrame, encodeFrame } from '../../src/worker/frame.ts';
import { frameTransferables, STAT_FIELDS, type FramePayload } from '../../src/worker/protocol.ts';
import { FakeSim } from './worker-fakes.ts';

function structureAfter(impl: ImplName, sends: number, recvs: number): ChannelStructure {
  const heap = new Heap();
  const r = createChannel(impl, heap, { message: { kind: 'u64' }, capacity: 100, permits: 100 });
  if (!r.ok) throw new Error(`${impl}: ${r.refusal.message}`);
  r.channel.sendMany(0, sends);
  r.channel.recvMany(recvs);
  return r.channel.structure();
}

/** Posts through a real MessageChannel (the same structured clone and transfer as a worker's). */
function roundTrip<T>(value: T, transfer: ArrayBuffer[] = []): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise<T>((resolve) => {
    (port2 as MessagePort).once('message', (v: T) => {
      port1.close();
      port2.close();
      resolve(v);
    });
    port1.postMessage(value, transfer);
  });
}

describe('channel structures as plain data', () => {
  it.each([...IMPL_NAMES])('%s survives a structured clone after 50 sends and 20 receives', async (impl) => {
    const s = structureAfter(impl, 50, 20);
    expect(await roundTrip(s)).toEqual(s);
  });

  it('a zero-capacity channel and an async single-slot channel survive a structured clone', async () => {
    const zero = createChannel('crossbeam-bounded', new Heap(), { message: { kind: 'u64' }, capacity: 0 });
    const single = createChannel('async-bounded', new Heap(), { message: { kind: 'u64' }, capacity: 1 });
    if (!zero.ok || !single.ok) throw new Error('refused');
    const list = [zero.channel.structure(), single.channel.structure()];
    expect(list.map((s) => s.kind)).toEqual(['zero', 'async-channel']);
    expect(await roundTrip(list)).toEqual(list);
  });
});

describe('a frame on the wire', () => {
  function frameOf(): FramePayload {
    // 3 messages of 8 bytes into a real tokio unbounded channel (see worker-fakes.ts)
    const sim = new FakeSim({ messageSize: 8, intervalUs: 1000, durationUs: 1e7 });
    sim.runUntil(3000);
    const series = { timeMs: Float64Array.of(0, 1, 2, 3), values: new Float64Array(4 * 6), samples: 4 };
    return encodeFrame(sim.snapshot(), {
      id: 1,
      seq: 1,
      playing: false,
      done: false,
      speed: 1,
      achievedSpeed: 0,
      series,
    });
  }

  it('transfers the figures and the series (the sender’s buffers are detached) and clones the rest', async () => {
    const frame = frameOf();
    const transfer = frameTransferables(frame);
    expect(transfer).toHaveLength(3);
    const statsBytes = frame.stats.byteLength;
    expect(statsBytes).toBe(STAT_FIELDS.length * 8); // one strategy, one f64 per figure
    const got = await roundTrip(frame, transfer);
    // transferred, not copied: the sending side no longer owns the memory
    expect(frame.stats.byteLength).toBe(0);
    expect(frame.series?.timeMs.byteLength).toBe(0);
    expect(frame.series?.values.byteLength).toBe(0);
    expect(got.stats.byteLength).toBe(statsBytes);
    // the structure is cloned: a real tokio block after 3 sends, slots 0-2 written
    const decoded = decodeFrame(got);
    const s = decoded.strategies[0];
    expect(s?.stats.depth).toBe(3);
    expect(s?.structure?.kind).toBe('tokio-list');
    expect(decoded.series?.values[0]?.heapBytes.length).toBe(4);
  });

  it('a figure the engine does not have travels as NaN and reads back as null', () => {
    const d = decodeFrame(frameOf());
    // an unbounded channel has no permits
    expect(d.strategies[0]?.stats.availablePermits).toBeNull();
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
