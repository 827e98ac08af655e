// async-channel 2.5.0 (concurrent-queue 2.5.0, event-listener 5.4.1): lazy events, the Arc's size, no drain.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import type { MessageType } from '../../src/engine/layout.ts';
import { createChannel, type ChannelModel, type ImplName } from '../../src/engine/channels/index.ts';
import {
  SITE_BLOCK,
  SITE_BUFFER,
  SITE_EVENT,
  channelArcBytes,
} from '../../src/engine/channels/async-channel.ts';
import type { AsyncChannelStructure } from '../../src/engine/channels/structure.ts';
import { replayCase, type GoldenOp } from '../../src/engine/golden.ts';

const U64: MessageType = { kind: 'u64' };
const bytes = (size: number): MessageType => ({ kind: 'bytes', size });

function open(impl: ImplName, message: MessageType, cap = 0): { heap: Heap; ch: ChannelModel } {
  const heap = new Heap();
  const r = createChannel(impl, heap, { message, capacity: cap });
  if (!r.ok) throw new Error(r.refusal.message);
  return { heap, ch: r.channel };
}

const view = (ch: ChannelModel) => ch.structure() as AsyncChannelStructure;

describe('creating a channel', () => {
  it('bounded(0) panics with the crate’s message and allocates nothing', () => {
    const heap = new Heap();
    const r = createChannel('async-bounded', heap, { message: U64, capacity: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.refusal).toEqual({
        kind: 'panic',
        crate: 'async-channel',
        origin: 'async_channel::bounded',
        message: 'capacity cannot be zero',
      });
    }
    expect(heap.allocs).toBe(0);
  });

  it('costs one 768 B Arc for unbounded() and bounded(1) (the Single flavour holds T inline)', () => {
    for (const [impl, cap] of [
      ['async-unbounded', 0],
      ['async-bounded', 1],
    ] as const) {
      const { heap, ch } = open(impl, U64, cap);
      expect(heap.liveBytes).toBe(768);
      expect(heap.allocs).toBe(1);
      expect(view(ch).flavor).toBe(impl === 'async-unbounded' ? 'unbounded' : 'single');
    }
  });

  it('adds n slots of (stamp + T) for bounded(n > 1): u64 × 100 → 768 + 1600', () => {
    const { heap } = open('async-bounded', U64, 100);
    expect(heap.siteBytes(SITE_BUFFER)).toBe(1600);
    expect(heap.liveBytes).toBe(768 + 1600);
  });

  it('grows the Arc for a large T in every flavour: [u8; 1024] gives 1408 B', () => {
    expect(open('async-unbounded', bytes(1024)).heap.liveBytes).toBe(1408);
    expect(open('async-bounded', bytes(1024), 1).heap.liveBytes).toBe(1408);
    expect(open('async-bounded', bytes(1024), 2).heap.liveBytes).toBe(1408 + 2 * 1032);
  });

  it('keeps 768 B up to size_of::<T>() = 496, where Single outgrows the 512 B Bounded variant', () => {
    expect(channelArcBytes({ size: 0, align: 1 })).toBe(768);
    expect(channelArcBytes({ size: 496, align: 1 })).toBe(768);
    expect(channelArcBytes({ size: 497, align: 1 })).toBe(896);
    expect(channelArcBytes({ size: 4096, align: 1 })).toBe(4480);
  });

  it('lets an over-aligned T move the Single boundary and the Arc’s own alignment (measured)', () => {
    const aligned = (size: number, align: number): MessageType => ({
      kind: 'custom',
      size,
      align,
      niche: false,
    });
    // #[repr(align(16))] [u8; 496]: the slot starts at offset 16 and rounds to 512, so Single
    // outgrows Bounded one size earlier than [u8; 496] does.
    expect(open('async-unbounded', aligned(496, 16)).heap.liveBytes).toBe(896);
    // #[repr(align(256))]: counts and channel round to 256, not to the 128 B cache line.
    expect(open('async-unbounded', aligned(256, 256)).heap.liveBytes).toBe(1280);
    const { heap } = open('async-bounded', aligned(768, 256), 4);
    expect(heap.siteBytes(SITE_BUFFER)).toBe(4 * 1024);
    expect(heap.liveBytes).toBe(1792 + 4 * 1024);
  });
});

describe('the four lazily created event inners (72 B each)', () => {
  it('dropping the only sender of a fresh channel adds 288 B: close() creates all four', () => {
    const { heap, ch } = open('async-unbounded', U64);
    ch.dropSender(0);
    expect(heap.liveBytes).toBe(768 + 288);
    expect(heap.siteCount(SITE_EVENT)).toBe(4);
    ch.dropReceiver(); // already closed: nothing new, then everything goes
    expect(heap.liveBytes).toBe(0);
    expect(heap.deallocs).toBe(5);
  });

  it('first send creates recv_ops and stream_ops, first receive send_ops; failures create nothing', () => {
    const { heap, ch } = open('async-bounded', U64, 2);
    expect(ch.recv()).toBe(false);
    expect(heap.siteCount(SITE_EVENT)).toBe(0);
    expect(ch.sendMany(0, 3)).toEqual({ sent: 2, full: 1, closed: 0 });
    expect(heap.siteCount(SITE_EVENT)).toBe(2);
    expect(view(ch).events).toEqual({ sendOps: false, recvOps: true, streamOps: true, closedOps: false });
    expect(ch.send(0)).toBe('full');
    ch.recv();
    expect(heap.siteCount(SITE_EVENT)).toBe(3);
    ch.dropReceiver(); // close() adds closed_ops only
    expect(heap.siteCount(SITE_EVENT)).toBe(4);
    expect(heap.liveBytes).toBe(768 + 32 + 4 * 72);
  });
});

describe('no drain when the receiver goes', () => {
  it('keeps String messages and their buffers until the last sender is dropped', () => {
    const ops: GoldenOp[] = [
      { op: 'create' },
      { op: 'clone_sender', from: 0, as: 1 },
      { op: 'send', sender: 0, n: 33 },
      { op: 'drop_receiver' },
      { op: 'send', sender: 1, n: 10 },
      { op: 'drop_sender', sender: 0 },
      { op: 'drop_sender', sender: 1 },
    ];
    const steps = replayCase(
      'async-unbounded',
      { kind: 'string', len: 100 },
      { name: 'no-drain', params: {}, ops },
    ).steps;
    const blocks = 2 * (8 + 31 * 32); // two 1000 B blocks of 32 B String slots
    expect(steps[2]).toMatchObject({ pending: 33, live_bytes: 768 + blocks + 144 + 3300 });
    // close() adds send_ops and closed_ops; nothing is dropped
    expect(steps[3]).toMatchObject({ pending: 33, live_bytes: 768 + blocks + 288 + 3300 });
    expect(steps[4]).toMatchObject({ pending: 33, rejected: 10, live_bytes: 768 + blocks + 288 + 3300 });
    expect(steps[6]).toMatchObject({ pending: 0, live_bytes: 0 });
  });
});

describe('unbounded(): concurrent-queue’s copy of the crossbeam list', () => {
  it('allocates the first 504 B block lazily and the next one at message 31, freeing at the 31st read', () => {
    const { heap, ch } = open('async-unbounded', U64);
    ch.sendMany(0, 30);
    expect(heap.siteCount(SITE_BLOCK)).toBe(1);
    ch.send(0);
    expect(heap.siteCount(SITE_BLOCK)).toBe(2);
    ch.recvMany(30);
    expect(heap.siteCount(SITE_BLOCK)).toBe(2);
    ch.recv();
    expect(heap.siteCount(SITE_BLOCK)).toBe(1);
    expect(heap.liveBytes).toBe(768 + 504 + 3 * 72);
  });

  it('takes 10^9 messages arithmetically', () => {
    const { heap, ch } = open('async-unbounded', U64);
    ch.sendMany(0, 1e9);
    expect(heap.siteCount(SITE_BLOCK)).toBe(Math.floor(1e9 / 31) + 1);
    expect(view(ch).queue).toMatchObject({ kind: 'list-31', omittedBlocks: Math.floor(1e9 / 31) + 1 - 16 });
  });
});
