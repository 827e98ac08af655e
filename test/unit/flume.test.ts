// flume 0.12: what a user sees, with the numbers measured from the real crate.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { PAYLOAD_SITE, type MessageType } from '../../src/engine/layout.ts';
import { createChannel, type ChannelModel, type ImplName } from '../../src/engine/channels/index.ts';
import { SITE_QUEUE, grownCapacity } from '../../src/engine/channels/flume.ts';
import type { FlumeStructure } from '../../src/engine/channels/structure.ts';
import { replayCase, type GoldenOp } from '../../src/engine/golden.ts';

const U64: MessageType = { kind: 'u64' };
const bytes = (size: number): MessageType => ({ kind: 'bytes', size });

function open(impl: ImplName, message: MessageType, cap = 0): { heap: Heap; ch: ChannelModel } {
  const heap = new Heap();
  const r = createChannel(impl, heap, { message, capacity: cap });
  if (!r.ok) throw new Error(r.refusal.message);
  return { heap, ch: r.channel };
}

const view = (ch: ChannelModel) => ch.structure() as FlumeStructure;

describe('creating a flume channel', () => {
  it('costs one 152 B Arc<Shared>, with nothing preallocated even for bounded(1000)', () => {
    for (const [impl, cap] of [
      ['flume-unbounded', 0],
      ['flume-bounded', 0],
      ['flume-bounded', 1000],
    ] as const) {
      const { heap, ch } = open(impl, bytes(1024), cap);
      expect(heap.liveBytes).toBe(152);
      expect(heap.allocs).toBe(1);
      expect(view(ch).queueCapacity).toBe(0);
    }
  });
});

describe('the VecDeque buffer', () => {
  it('grows 4 → 8 → … → 1024 slots for 1000 u64: one alloc, then reallocs', () => {
    const { heap, ch } = open('flume-unbounded', U64);
    ch.send(0);
    expect(heap.siteBytes(SITE_QUEUE)).toBe(32);
    expect(heap.allocs).toBe(2);
    expect(heap.reallocs).toBe(0);
    ch.sendMany(0, 999);
    expect(heap.siteBytes(SITE_QUEUE)).toBe(8192);
    expect(heap.reallocs).toBe(8);
    expect(heap.liveBytes).toBe(152 + 8192);
  });

  it('never shrinks: after draining 1000 u64 the 8 KiB buffer stays', () => {
    const { heap, ch } = open('flume-unbounded', U64);
    ch.sendMany(0, 1000);
    expect(ch.recvMany(1000)).toBe(1000);
    expect(ch.pending).toBe(0);
    expect(heap.liveBytes).toBe(152 + 8192);
    expect(heap.deallocs).toBe(0);
  });

  it('bounded(100) grows only as needed and tops out at 128 slots', () => {
    const { heap, ch } = open('flume-bounded', U64, 100);
    expect(ch.sendMany(0, 150)).toEqual({ sent: 100, full: 50, closed: 0 });
    expect(view(ch).queueCapacity).toBe(128);
    expect(heap.liveBytes).toBe(152 + 128 * 8);
  });

  it('follows RawVec: 8 first slots for 1-byte elements, 1 for elements over 1024 B', () => {
    expect([
      grownCapacity(0, 1),
      grownCapacity(0, 8),
      grownCapacity(0, 1024),
      grownCapacity(0, 1025),
    ]).toEqual([8, 4, 4, 1]);
    const one = open('flume-unbounded', bytes(1));
    one.ch.sendMany(0, 9);
    expect(one.heap.siteBytes(SITE_QUEUE)).toBe(16);
    const big = open('flume-unbounded', bytes(1025));
    big.ch.sendMany(0, 3);
    expect(big.heap.siteBytes(SITE_QUEUE)).toBe(4 * 1025); // 1 → 2 → 4 slots
    expect([big.heap.allocs, big.heap.reallocs]).toEqual([2, 2]);
  });

  it('a zero-sized message never allocates a buffer', () => {
    const { heap, ch } = open('flume-unbounded', bytes(0));
    ch.sendMany(0, 1e9);
    expect(ch.pending).toBe(1e9);
    expect(heap.liveBytes).toBe(152);
  });

  it('a billion u64 take a few dozen reallocs, not a billion operations', () => {
    const { heap, ch } = open('flume-unbounded', U64);
    ch.sendMany(0, 1e9);
    expect(view(ch).queueCapacity).toBe(2 ** 30);
    expect(heap.liveBytes).toBe(152 + 8 * 2 ** 30);
    expect(heap.reallocs).toBe(28);
  });
});

describe('rendezvous and disconnection', () => {
  it('bounded(0) rejects every try_send as full (no receiver is waiting) and allocates nothing', () => {
    const { heap, ch } = open('flume-bounded', U64, 0);
    expect(ch.sendMany(0, 5)).toEqual({ sent: 0, full: 5, closed: 0 });
    expect(heap.liveBytes).toBe(152);
  });

  it('keeps messages after the receiver drops, until the last sender goes', () => {
    const ops: GoldenOp[] = [
      { op: 'create' },
      { op: 'clone_sender', from: 0, as: 1 },
      { op: 'send', sender: 0, n: 10 },
      { op: 'drop_receiver' },
      { op: 'send', sender: 1, n: 3 },
      { op: 'drop_sender', sender: 0 },
      { op: 'drop_sender', sender: 1 },
    ];
    const message: MessageType = { kind: 'string', len: 100 };
    const r = replayCase('flume-bounded', message, { name: 'keep', params: { capacity: 100 }, ops });
    // 152 + 16 slots × 24 B + 10 String payloads of 100 B
    const full = 152 + 16 * 24 + 1000;
    expect(r.steps[2]).toMatchObject({ live_bytes: full, pending: 10 });
    expect(r.steps[3]).toMatchObject({ live_bytes: full, pending: 10 }); // receiver gone: nothing freed
    expect(r.steps[4]).toMatchObject({ live_bytes: full, rejected: 3 }); // disconnected
    expect(r.steps[5]).toMatchObject({ live_bytes: full, pending: 10 });
    expect(r.steps[6]).toMatchObject({ live_bytes: 0, pending: 0 });
  });

  it('after the last sender goes, the receiver still gets every queued message', () => {
    const { heap, ch } = open('flume-unbounded', { kind: 'string', len: 0 });
    ch.sendMany(0, 3);
    ch.dropSender(0);
    expect(view(ch).disconnected).toBe(true);
    expect(ch.recvMany(5)).toBe(3);
    expect(heap.liveBytes).toBe(152 + 4 * 24);
    ch.dropReceiver();
    expect(heap.liveBytes).toBe(0);
    expect(heap.siteCount(PAYLOAD_SITE)).toBe(0);
  });
});
