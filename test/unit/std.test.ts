// std::sync::mpsc (Rust 1.95, crossbeam's code since 1.67): where it matches crossbeam and where it does not.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { PAYLOAD_SITE, type MessageType } from '../../src/engine/layout.ts';
import { createChannel, type ChannelModel, type ImplName } from '../../src/engine/channels/index.ts';
import { mpmcSites } from '../../src/engine/channels/mpmc.ts';
import type { ArrayStructure, ListStructure } from '../../src/engine/channels/structure.ts';
import { replayCase, type GoldenOp } from '../../src/engine/golden.ts';

const U64: MessageType = { kind: 'u64' };
const STRING_100: MessageType = { kind: 'string', len: 100 };
const SITE = mpmcSites('std');

function open(impl: ImplName, message: MessageType, cap = 0): { heap: Heap; ch: ChannelModel } {
  const heap = new Heap();
  const r = createChannel(impl, heap, { message, capacity: cap });
  if (!r.ok) throw new Error(r.refusal.message);
  return { heap, ch: r.channel };
}

const dropReceiverWithPending: GoldenOp[] = [
  { op: 'create' },
  { op: 'clone_sender', from: 0, as: 1 },
  { op: 'send', sender: 0, n: 5 },
  { op: 'drop_receiver' },
  { op: 'send', sender: 1, n: 10 },
  { op: 'drop_sender', sender: 0 },
  { op: 'drop_sender', sender: 1 },
];

describe('channel(): the same list as crossbeam', () => {
  it('is lazy (512 B), then one 504 B block per 31 u64 messages, the next one at message 31', () => {
    const { heap, ch } = open('std-unbounded', U64);
    expect(heap.liveBytes).toBe(512);
    ch.sendMany(0, 31);
    expect(heap.siteCount(SITE.block)).toBe(2);
    expect(heap.liveBytes).toBe(512 + 2 * 504);
  });

  it('ping-pongs 1000 messages with 33 block allocations and 32 frees: one block live, no growth', () => {
    const { heap, ch } = open('std-unbounded', U64);
    for (let i = 0; i < 1000; i++) {
      ch.send(0);
      ch.recv();
    }
    expect(heap.siteCount(SITE.block)).toBe(1);
    expect(heap.allocs - 1).toBe(33);
    expect(heap.deallocs).toBe(32);
  });

  it('gives byte-for-byte the same steps as crossbeam’s list, for any op list', () => {
    const ops: GoldenOp[] = [
      { op: 'create' },
      { op: 'send', sender: 0, n: 95 },
      { op: 'recv', n: 40 },
      { op: 'clone_sender', from: 0, as: 1 },
      { op: 'send', sender: 1, n: 7 },
      { op: 'drop_sender', sender: 0 },
      { op: 'drop_receiver' },
      { op: 'send', sender: 1, n: 3 },
      { op: 'drop_sender', sender: 1 },
    ];
    const c = { name: 'same', params: {}, ops };
    const std = replayCase('std-unbounded', STRING_100, c).steps;
    expect(std).toEqual(replayCase('crossbeam-unbounded', STRING_100, c).steps);
    expect(std[6]).toMatchObject({ pending: 0, live_bytes: 512 });
  });
});

describe('sync_channel(n > 0): the array, drained when the receiver goes', () => {
  it('drops pending String messages at the receiver’s drop, unlike crossbeam 0.5.16', () => {
    const c = { name: 'drop-rx', params: { capacity: 100 }, ops: dropReceiverWithPending };
    const std = replayCase('std-sync', STRING_100, c).steps;
    const crossbeam = replayCase('crossbeam-bounded', STRING_100, c).steps;
    const base = 640 + 100 * 32;
    // std: the 5 messages and their 100 B buffers go at once; the buffer and counter stay.
    expect(std[3]).toMatchObject({ pending: 0, live_bytes: base, deallocs: 5 });
    // crossbeam: they stay until the last sender is dropped.
    expect(crossbeam[3]).toMatchObject({ pending: 5, live_bytes: base + 500, deallocs: 0 });
    expect(std[4]).toMatchObject({ rejected: 10, live_bytes: base });
    expect(std[6]).toMatchObject({ pending: 0, live_bytes: 0 });
    expect(crossbeam[6]).toMatchObject({ pending: 0, live_bytes: 0 });
  });

  it('allocates everything at creation: 640 B counter + 1000 × 16 B, and nothing after', () => {
    const { heap, ch } = open('std-sync', U64, 1000);
    expect(heap.liveBytes).toBe(640 + 16_000);
    ch.sendMany(0, 1500);
    ch.recvMany(700);
    expect(heap.allocs).toBe(2);
    const view = ch.structure() as ArrayStructure;
    expect(view).toMatchObject({ kind: 'array-ring', capacity: 1000, len: 300, head: 700, tail: 0 });
  });
});

describe('sync_channel(0): the rendezvous flavour', () => {
  it('costs 136 B and rejects a try_send with no receiver waiting as full', () => {
    const { heap, ch } = open('std-sync', U64, 0);
    expect(heap.liveBytes).toBe(136);
    expect(ch.send(0)).toBe('full');
    expect(ch.pending).toBe(0);
    ch.dropSender(0);
    expect(ch.recv()).toBe(false);
    ch.dropReceiver();
    expect(heap.liveBytes).toBe(0);
  });
});

describe('receiver drop on the list', () => {
  it('frees every block and every payload at once; the counter goes with the last sender', () => {
    const heap = new Heap();
    const r = createChannel('std-unbounded', heap, { message: STRING_100 });
    if (!r.ok) throw new Error(r.refusal.message);
    const ch = r.channel;
    heap.alloc(PAYLOAD_SITE, 100, 1, 70); // the caller builds each message
    ch.sendMany(0, 70);
    ch.dropReceiver();
    expect(heap.siteBytes(PAYLOAD_SITE)).toBe(0);
    expect(heap.siteBytes(SITE.block)).toBe(0);
    expect((ch.structure() as ListStructure).totalBlocks).toBe(0);
    expect(heap.liveBytes).toBe(512);
  });
});
