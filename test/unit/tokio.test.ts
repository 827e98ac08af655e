// tokio::sync::mpsc: the rules that surprise people, with the numbers measured from tokio 1.53.1.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import type { MessageType } from '../../src/engine/layout.ts';
import {
  IMPL_NAMES,
  createChannel,
  type ChannelModel,
  type ImplName,
} from '../../src/engine/channels/index.ts';
import { HandleError } from '../../src/engine/channels/types.ts';
import type { TokioStructure } from '../../src/engine/channels/structure.ts';

const U64: MessageType = { kind: 'u64' };
const bytes = (size: number): MessageType => ({ kind: 'bytes', size });

function open(impl: ImplName, message: MessageType, bound?: number): { heap: Heap; ch: ChannelModel } {
  const heap = new Heap();
  const params =
    impl === 'tokio-semaphore' ? { message, permits: bound ?? 0 } : { message, capacity: bound ?? 0 };
  const r = createChannel(impl, heap, params);
  if (!r.ok) throw new Error(r.refusal.message);
  return { heap, ch: r.channel };
}

const tokio = (ch: ChannelModel) => ch.structure() as TokioStructure;

describe('the seed table: tokio::sync::mpsc::channel::<[u8; N]>(capacity)', () => {
  const rows: [number, number, number, number][] = [
    // size, capacity, bytes after creation, bytes after sending `capacity` messages
    [8, 1, 800, 800],
    [8, 16, 800, 800],
    [8, 1024, 800, 9_728],
    [128, 1, 4_640, 4_640],
    [128, 16, 4_640, 4_640],
    [128, 1024, 4_640, 132_608],
    [1024, 1, 33_312, 33_312],
    [1024, 16, 33_312, 33_312],
    [1024, 1024, 33_312, 1_050_112],
  ];
  it.each(rows)('[u8; %i] at capacity %i: %i B created, %i B full', (size, capacity, created, full) => {
    const { heap, ch } = open('tokio-bounded', bytes(size), capacity);
    expect(heap.liveBytes).toBe(created);
    expect(heap.allocs).toBe(2);
    expect(ch.sendMany(0, capacity)).toEqual({ sent: capacity, full: 0, closed: 0 });
    expect(heap.liveBytes).toBe(full);
  });
});

describe('tokio blocks', () => {
  it('capacity does not change the first allocation: Arc<Chan> 512 B + one 32-slot block', () => {
    const small = open('tokio-bounded', U64, 1).heap;
    const huge = open('tokio-bounded', U64, 1_000_000).heap;
    expect(small.bySite()).toEqual(huge.bySite());
    expect(small.siteBytes('tokio Arc<Chan>')).toBe(512);
    expect(small.siteBytes('tokio block')).toBe(288);
  });

  it('the 33rd send allocates the second block; ping-pong then swaps two blocks forever', () => {
    const { heap, ch } = open('tokio-bounded', { kind: 'bytes', size: 0 }, 1);
    for (let i = 0; i < 32; i++) {
      expect(ch.send(0)).toBe('sent');
      expect(ch.recv()).toBe(true);
    }
    expect(heap.allocs).toBe(2);
    ch.send(0);
    expect(heap.allocs).toBe(3);
    for (let i = 0; i < 1000; i++) {
      ch.recv();
      ch.send(0);
    }
    expect(heap.allocs).toBe(3);
    expect(heap.deallocs).toBe(0);
    expect(tokio(ch).totalBlocks).toBe(2);
  });

  it('keeps at most 3 spare blocks after a burst: 10,000 u64 → 313 blocks, drain frees 309, 4 remain', () => {
    const { heap, ch } = open('tokio-unbounded', U64);
    ch.sendMany(0, 10_000);
    expect(tokio(ch).totalBlocks).toBe(313);
    expect(heap.allocs).toBe(2 + 312);
    expect(ch.recvMany(10_000)).toBe(10_000);
    expect(heap.deallocs).toBe(309);
    const s = tokio(ch);
    expect(s.totalBlocks).toBe(4);
    expect(s.spareBlocks).toBe(3);
    expect(heap.liveBytes).toBe(512 + 4 * 288);
    // A second burst reuses the three spares.
    ch.sendMany(0, 10_000);
    expect(heap.allocs).toBe(2 + 312 + 309);
  });

  it('dropping the last sender with 32 pending messages allocates a block for the close marker', () => {
    const { heap, ch } = open('tokio-bounded', U64, 100);
    ch.sendMany(0, 32);
    expect(heap.liveBytes).toBe(800);
    ch.dropSender(0);
    expect(heap.liveBytes).toBe(800 + 288);
    const s = tokio(ch);
    expect(s.txClosed).toBe(true);
    expect(s.closeMarkerIndex).toBe(32);
    // The receiver still gets every message, then nothing.
    expect(ch.recvMany(40)).toBe(32);
  });

  it('dropping the receiver destroys queued messages now but keeps the blocks until the last sender', () => {
    const { heap, ch } = open('tokio-unbounded', { kind: 'string', len: 100 });
    heap.alloc('message payload', 100, 1, 100);
    ch.sendMany(0, 100);
    const before = heap.liveBytes;
    ch.dropReceiver();
    expect(ch.pending).toBe(0);
    expect(heap.siteBytes('message payload')).toBe(0);
    expect(heap.liveBytes).toBe(before - 100 * 100);
    expect(ch.send(0)).toBe('closed');
    ch.dropSender(0);
    expect(heap.liveBytes).toBe(0);
  });

  it('steady state of a full bounded channel: ceil((N+1)/32) + 1 live blocks', () => {
    for (const [n, blocks] of [
      [1, 2],
      [31, 2],
      [32, 3],
      [64, 4],
      [100, 5],
      [1000, 33],
    ] as const) {
      const { ch } = open('tokio-bounded', U64, n);
      ch.sendMany(0, n);
      for (let i = 0; i < 5 * n + 100; i++) {
        ch.recv();
        ch.send(0);
      }
      expect(tokio(ch).totalBlocks - tokio(ch).spareBlocks, `N=${n}`).toBeLessThanOrEqual(blocks);
      expect(tokio(ch).totalBlocks, `N=${n}`).toBe(blocks);
    }
  });

  it('a waiting sender is refused by try_send when the capacity is used, and accepted after a receive', () => {
    const { ch } = open('tokio-bounded', U64, 2);
    expect(ch.sendMany(0, 5)).toEqual({ sent: 2, full: 3, closed: 0 });
    ch.recv();
    expect(ch.send(0)).toBe('sent');
  });

  it('10^9 pending messages are arithmetic, not a loop', () => {
    const { heap, ch } = open('tokio-unbounded', U64);
    ch.sendMany(0, 1e9);
    expect(heap.liveBytes).toBe(512 + Math.ceil(1e9 / 32) * 288);
    expect(ch.recvMany(1e9)).toBe(1e9);
    expect(tokio(ch).totalBlocks).toBe(4);
    const s = tokio(ch);
    expect(s.blocks.length).toBeLessThanOrEqual(16);
  });
});

describe('tokio refusals are the crate panicking, with its own message', () => {
  it('channel(0) panics', () => {
    const r = createChannel('tokio-bounded', new Heap(), { message: U64, capacity: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.refusal).toMatchObject({ kind: 'panic', crate: 'tokio' });
      expect(r.refusal.message).toBe('mpsc bounded channel requires buffer > 0');
    }
  });
  it('a capacity above usize::MAX >> 3 panics in the semaphore', () => {
    const r = createChannel('tokio-bounded', new Heap(), { message: U64, capacity: 2 ** 62 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal.message).toContain('MAX_PERMITS');
  });
  it('a refused channel allocates nothing', () => {
    const heap = new Heap();
    createChannel('tokio-bounded', heap, { message: U64, capacity: 0 });
    expect(heap.allocs).toBe(0);
  });
});

describe('semaphore-gated tokio unbounded channel', () => {
  it('rejects without a permit, releases the permit on receive and frees Arc<Semaphore> last', () => {
    const { heap, ch } = open('tokio-semaphore', U64, 2);
    // Arc<Semaphore> 56 + Arc<Chan> 512 + block of 32 × (u64, OwnedSemaphorePermit) = 32 + 32·24
    expect(heap.liveBytes).toBe(56 + 512 + 800);
    expect(ch.sendMany(0, 3)).toEqual({ sent: 2, full: 1, closed: 0 });
    ch.recv();
    expect(ch.send(0)).toBe('sent');
    ch.dropSender(0);
    expect(heap.siteBytes('tokio Arc<Semaphore>')).toBe(56); // permits inside the channel hold it
    ch.recvMany(2);
    expect(heap.siteBytes('tokio Arc<Semaphore>')).toBe(0);
  });
});

describe('receiving after drop_receiver', () => {
  // The receiver is gone, so no Rust program can call try_recv: asking for it is a caller bug, and
  // every model (tokio like crossbeam, std, async-channel, futures and flume) says so the same way.
  it.each(IMPL_NAMES)('%s raises HandleError and leaves the heap untouched', (impl) => {
    const { heap, ch } = open(impl, U64, 4);
    ch.sendMany(0, 2);
    ch.dropReceiver();
    const before = [heap.liveBytes, heap.allocs, heap.deallocs, ch.pending];
    expect(() => ch.recv()).toThrow(HandleError);
    expect(() => ch.recvMany(3)).toThrow(HandleError);
    expect([heap.liveBytes, heap.allocs, heap.deallocs, ch.pending]).toEqual(before);
  });
});
