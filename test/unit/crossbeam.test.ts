// crossbeam-channel 0.5.16: block, buffer and drop rules, with the numbers measured from the real crate.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { PAYLOAD_SITE, type MessageType } from '../../src/engine/layout.ts';
import { createChannel, type ChannelModel, type ImplName } from '../../src/engine/channels/index.ts';
import { listBlockBytes } from '../../src/engine/channels/list31.ts';
import { mpmcSites } from '../../src/engine/channels/mpmc.ts';
import type { ListStructure, ZeroStructure } from '../../src/engine/channels/structure.ts';
import { replayCase, type GoldenOp } from '../../src/engine/golden.ts';

const U64: MessageType = { kind: 'u64' };
const bytes = (size: number): MessageType => ({ kind: 'bytes', size });
const SITE = mpmcSites('crossbeam');

function open(impl: ImplName, message: MessageType, cap = 0): { heap: Heap; ch: ChannelModel } {
  const heap = new Heap();
  const r = createChannel(impl, heap, { message, capacity: cap });
  if (!r.ok) throw new Error(r.refusal.message);
  return { heap, ch: r.channel };
}

describe('unbounded(): the list of 31-slot blocks', () => {
  it('creates only the 512 B counter; the first send allocates the first 504 B block', () => {
    const { heap, ch } = open('crossbeam-unbounded', U64);
    expect(heap.liveBytes).toBe(512);
    expect(heap.allocs).toBe(1);
    expect(ch.recv()).toBe(false); // an empty try_recv does no heap work
    expect(heap.allocs).toBe(1);
    expect(ch.send(0)).toBe('sent');
    expect(heap.liveBytes).toBe(512 + 504);
  });

  it('allocates the next block at a block’s 31st message: send #31 allocates block 2, #32 nothing', () => {
    const { heap, ch } = open('crossbeam-unbounded', U64);
    ch.sendMany(0, 30);
    expect(heap.siteCount(SITE.block)).toBe(1);
    ch.send(0); // #31
    expect(heap.siteCount(SITE.block)).toBe(2);
    expect(heap.liveBytes).toBe(512 + 2 * 504);
    ch.send(0); // #32
    expect(heap.siteCount(SITE.block)).toBe(2);
    expect(heap.allocs).toBe(3);
  });

  it('frees a block when its 31st message is read, and nothing is reused', () => {
    const { heap, ch } = open('crossbeam-unbounded', U64);
    ch.sendMany(0, 40);
    ch.recvMany(30);
    expect(heap.deallocs).toBe(0);
    ch.recv(); // message #31, slot 30 of block 1
    expect(heap.deallocs).toBe(1);
    expect(heap.siteCount(SITE.block)).toBe(1);
  });

  it('keeps exactly one block after a 10,000 u64 burst and drain: 323 allocs of 504 B, 322 frees', () => {
    const { heap, ch } = open('crossbeam-unbounded', U64);
    for (let i = 0; i < 20; i++) ch.sendMany(0, 500);
    expect(heap.siteCount(SITE.block)).toBe(323);
    for (let i = 0; i < 20; i++) ch.recvMany(500);
    expect(ch.pending).toBe(0);
    expect(heap.allocs).toBe(1 + 323);
    expect(heap.deallocs).toBe(322);
    expect(heap.liveBytes).toBe(512 + 504);
  });

  it('sizes blocks as 8 + 31 slots of (T + state): () 256 B, [u8; 100] 3480 B, [u8; 1024] 32,000 B', () => {
    expect(listBlockBytes({ size: 0, align: 1 })).toBe(256);
    expect(listBlockBytes({ size: 100, align: 1 })).toBe(3480);
    const { heap, ch } = open('crossbeam-unbounded', bytes(1024));
    ch.send(0);
    expect(heap.siteBytes(SITE.block)).toBe(32_000);
  });

  it('dropping the receiver drops all 100 pending messages and frees all 4 blocks at once', () => {
    const { heap, ch } = open('crossbeam-unbounded', U64);
    ch.cloneSender(0, 1);
    ch.sendMany(0, 100);
    expect(heap.siteCount(SITE.block)).toBe(4);
    ch.dropReceiver();
    expect(ch.pending).toBe(0);
    expect(heap.siteCount(SITE.block)).toBe(0);
    expect(heap.liveBytes).toBe(512); // the counter waits for the senders
    // Later sends fail as disconnected and allocate nothing.
    expect(ch.sendMany(1, 40)).toEqual({ sent: 0, full: 0, closed: 40 });
    expect(heap.allocs).toBe(5);
    ch.dropSender(0);
    ch.dropSender(1);
    expect(heap.liveBytes).toBe(0);
  });

  it('keeps messages receivable after the last sender is gone', () => {
    const { heap, ch } = open('crossbeam-unbounded', U64);
    ch.sendMany(0, 35);
    ch.dropSender(0);
    expect(heap.liveBytes).toBe(512 + 2 * 504);
    expect(ch.recvMany(40)).toBe(35);
    expect(heap.liveBytes).toBe(512 + 504);
    ch.dropReceiver();
    expect(heap.liveBytes).toBe(0);
  });

  it('holds 10^9 messages as arithmetic: ⌊10^9 / 31⌋ + 1 blocks, quickly, and draws 16 of them', () => {
    const { heap, ch } = open('crossbeam-unbounded', U64);
    const t0 = performance.now();
    expect(ch.sendMany(0, 1e9)).toEqual({ sent: 1e9, full: 0, closed: 0 });
    const blocks = Math.floor(1e9 / 31) + 1;
    expect(heap.siteCount(SITE.block)).toBe(blocks);
    expect(heap.liveBytes).toBe(512 + blocks * 504);
    expect(ch.recvMany(5e8)).toBe(5e8);
    expect(heap.siteCount(SITE.block)).toBe(blocks - Math.floor(5e8 / 31));
    const view = ch.structure() as ListStructure;
    expect(view.blocks).toHaveLength(16);
    expect(view.totalBlocks).toBe(heap.siteCount(SITE.block));
    expect(view.omittedBlocks).toBe(view.totalBlocks - 16);
    expect(view.blocks[0]!.index).toBe(Math.floor(5e8 / 31));
    expect(view.blocks.at(-1)!.index).toBe(Math.floor(1e9 / 31));
    expect(view.blocks.at(-1)!.slots[31]).toBe('unused');
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

describe('bounded(n > 0): the preallocated array', () => {
  it('allocates the 640 B counter and n slots of (stamp + T) at once: u64 × 100 → 1600 B', () => {
    const { heap } = open('crossbeam-bounded', U64, 100);
    expect(heap.siteBytes(SITE.buffer)).toBe(1600);
    expect(heap.liveBytes).toBe(640 + 1600);
    expect(open('crossbeam-bounded', bytes(100), 10).heap.siteBytes(SITE.buffer)).toBe(1120);
  });

  it('rejects sends past capacity as full and never allocates afterwards', () => {
    const { heap, ch } = open('crossbeam-bounded', U64, 32);
    expect(ch.sendMany(0, 50)).toEqual({ sent: 32, full: 18, closed: 0 });
    expect(ch.recvMany(10)).toBe(10);
    expect(ch.sendMany(0, 20)).toEqual({ sent: 10, full: 10, closed: 0 });
    expect(heap.allocs).toBe(2);
    expect(heap.deallocs).toBe(0);
  });

  it('keeps pending String messages (and their buffers) after the receiver drops, until the last sender goes', () => {
    const ops: GoldenOp[] = [
      { op: 'create' },
      { op: 'clone_sender', from: 0, as: 1 },
      { op: 'send', sender: 0, n: 5 },
      { op: 'drop_receiver' },
      { op: 'send', sender: 1, n: 10 },
      { op: 'drop_sender', sender: 0 },
      { op: 'drop_sender', sender: 1 },
    ];
    const steps = replayCase(
      'crossbeam-bounded',
      { kind: 'string', len: 100 },
      { name: 'keep', params: { capacity: 100 }, ops },
    ).steps;
    const base = 640 + 100 * 32;
    expect(steps[3]).toMatchObject({ pending: 5, live_bytes: base + 500, deallocs: 0 });
    expect(steps[4]).toMatchObject({ pending: 5, rejected: 10, live_bytes: base + 500 });
    expect(steps[5]).toMatchObject({ pending: 5, live_bytes: base + 500 });
    expect(steps[6]).toMatchObject({ pending: 0, live_bytes: 0 });
  });

  it('frees buffer and counter when the second side goes, whichever it is', () => {
    for (const receiverFirst of [true, false]) {
      const { heap, ch } = open('crossbeam-bounded', U64, 33);
      if (receiverFirst) ch.dropReceiver();
      else ch.dropSender(0);
      expect(heap.liveBytes).toBe(640 + 33 * 16);
      if (receiverFirst) ch.dropSender(0);
      else ch.dropReceiver();
      expect(heap.liveBytes).toBe(0);
      expect(heap.deallocs).toBe(2);
    }
  });

  it('refuses a buffer no machine can allocate, the way Rust does', () => {
    const heap = new Heap();
    const abort = createChannel('crossbeam-bounded', heap, { message: U64, capacity: 2 ** 50 });
    expect(abort.ok).toBe(false);
    if (!abort.ok) {
      expect(abort.refusal.kind).toBe('abort');
      expect(abort.refusal.message).toBe('memory allocation of 18014398509481984 bytes failed');
    }
    const overflow = createChannel('crossbeam-bounded', heap, { message: bytes(4096), capacity: 2 ** 52 });
    expect(overflow.ok ? null : overflow.refusal).toMatchObject({
      kind: 'panic',
      message: 'capacity overflow',
    });
    expect(heap.allocs).toBe(0);
  });
});

describe('bounded(0): the zero (rendezvous) flavour', () => {
  it('costs one 136 B counter and holds nothing: try_send finds no receiver waiting', () => {
    const { heap, ch } = open('crossbeam-bounded', { kind: 'string', len: 100 }, 0);
    expect(heap.liveBytes).toBe(136);
    expect(ch.sendMany(0, 3)).toEqual({ sent: 0, full: 3, closed: 0 });
    expect(ch.recv()).toBe(false);
    expect((ch.structure() as ZeroStructure).kind).toBe('zero');
    ch.dropReceiver();
    expect(ch.send(0)).toBe('closed');
    ch.dropSender(0);
    expect(heap.liveBytes).toBe(0);
    expect(heap.siteBytes(PAYLOAD_SITE)).toBe(0);
  });
});
