// futures-channel 0.3.33 mpsc: what a user sees, with the numbers measured from the real crate.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { PAYLOAD_SITE, type MessageType } from '../../src/engine/layout.ts';
import { createChannel, type ChannelModel, type ImplName } from '../../src/engine/channels/index.ts';
import {
  futuresMaxSenders,
  futuresNodeBytes,
  SITE_NODE,
  SITE_PARKED_NODE,
  SITE_PARKED_STUB,
  SITE_SENDER_TASK,
} from '../../src/engine/channels/futures.ts';
import type { FuturesStructure } from '../../src/engine/channels/structure.ts';
import { replayCase, type GoldenOp } from '../../src/engine/golden.ts';

const U64: MessageType = { kind: 'u64' };
const STRING_100: MessageType = { kind: 'string', len: 100 };
const bytes = (size: number): MessageType => ({ kind: 'bytes', size });

function open(impl: ImplName, message: MessageType, buffer = 0): { heap: Heap; ch: ChannelModel } {
  const heap = new Heap();
  const r = createChannel(impl, heap, { message, capacity: buffer });
  if (!r.ok) throw new Error(r.refusal.message);
  return { heap, ch: r.channel };
}

const view = (ch: ChannelModel) => ch.structure() as FuturesStructure;

describe('creating a futures channel', () => {
  it('channel::<u64>(buffer) costs 184 B in 4 allocations, whatever the buffer', () => {
    for (const buffer of [0, 1, 100, 1_000_000]) {
      const { heap } = open('futures-bounded', U64, buffer);
      // Arc<BoundedInner> 96 + stub node 24 + parked-queue stub 16 + the sender's SenderTask 48
      expect(heap.liveBytes).toBe(184);
      expect(heap.allocs).toBe(4);
    }
  });

  it('unbounded::<u64>() costs 96 B: Arc<UnboundedInner> 72 + stub node 24', () => {
    const { heap } = open('futures-unbounded', U64);
    expect(heap.liveBytes).toBe(96);
    expect(heap.allocs).toBe(2);
  });

  it('a node is next pointer + Option<T>, rounded to 8: never zero-sized', () => {
    expect(futuresNodeBytes(U64)).toBe(24);
    expect(futuresNodeBytes({ kind: 'string', len: 5000 })).toBe(32); // Option<String> uses the niche
    expect(futuresNodeBytes(bytes(0))).toBe(16); // Option<[u8; 0]> is a 1-byte tag
    expect(futuresNodeBytes(bytes(1025))).toBe(1040);
    expect(open('futures-unbounded', bytes(0)).heap.liveBytes).toBe(88);
  });

  it('a buffer of MAX_BUFFER (usize::MAX >> 2) or more panics with the crate message', () => {
    const r = createChannel('futures-bounded', new Heap(), { message: U64, capacity: 2 ** 62 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.refusal).toMatchObject({ kind: 'panic', message: 'requested buffer size too large' });
    }
    expect(createChannel('futures-bounded', new Heap(), { message: U64, capacity: 2 ** 61 }).ok).toBe(true);
  });

  it('the sender limit is MAX_CAPACITY - buffer (bounded) or MAX_BUFFER (unbounded)', () => {
    expect(futuresMaxSenders(0)).toBe(2n ** 63n - 1n);
    expect(futuresMaxSenders(100)).toBe(2n ** 63n - 101n);
    expect(futuresMaxSenders(null)).toBe(2n ** 62n - 1n);
  });
});

describe('messages and nodes', () => {
  it('each message costs one node; each receive frees the old stub', () => {
    const { heap, ch } = open('futures-bounded', U64, 10);
    expect(ch.sendMany(0, 3)).toEqual({ sent: 3, full: 0, closed: 0 });
    expect(heap.liveBytes).toBe(184 + 3 * 24);
    expect(heap.siteCount(SITE_NODE)).toBe(4); // stub + 3
    expect(ch.recv()).toBe(true);
    expect(heap.liveBytes).toBe(184 + 2 * 24);
    expect(heap.deallocs).toBe(1);
    expect(ch.recvMany(5)).toBe(2);
    expect(heap.liveBytes).toBe(184); // back to one stub: nothing is cached
  });

  it('a billion unbounded sends are one bulk allocation of nodes', () => {
    const { heap, ch } = open('futures-unbounded', U64);
    expect(ch.sendMany(0, 1e9)).toEqual({ sent: 1e9, full: 0, closed: 0 });
    expect(heap.liveBytes).toBe(72 + 24 * (1e9 + 1));
    expect(heap.allocs).toBe(1e9 + 2);
    expect(ch.recvMany(1e9)).toBe(1e9);
    expect(heap.liveBytes).toBe(96);
  });
});

describe('capacity is buffer + number of senders', () => {
  it('one sender gets buffer + 1 messages in, then parks (+16 B) and is refused', () => {
    const { heap, ch } = open('futures-bounded', U64, 2);
    expect(ch.sendMany(0, 5)).toEqual({ sent: 3, full: 2, closed: 0 });
    expect(heap.siteBytes(SITE_PARKED_NODE)).toBe(16); // one parked entry
    expect(heap.siteBytes(SITE_PARKED_STUB)).toBe(16); // the queue's stub, there from the start
    expect(view(ch).parkedQueue).toEqual([0]);
    expect(view(ch).senderTasks).toEqual([{ id: 0, parked: true }]);
  });

  it('a second sender can get one more message in', () => {
    const { ch } = open('futures-bounded', U64, 1);
    ch.cloneSender(0, 1);
    expect(ch.sendMany(0, 5).sent).toBe(2);
    expect(ch.sendMany(1, 5).sent).toBe(1);
    expect(ch.pending).toBe(3);
    expect(view(ch).parkedQueue).toEqual([0, 1]);
  });

  it('a parked sender stays refused until a receive unparks it, even with room left', () => {
    const { heap, ch } = open('futures-bounded', U64, 1);
    ch.sendMany(0, 2); // second message parks sender 0
    ch.cloneSender(0, 1); // +48 B SenderTask
    expect(heap.siteBytes(SITE_SENDER_TASK)).toBe(96);
    expect(ch.send(0)).toBe('full');
    expect(ch.recv()).toBe(true); // unparks sender 0: its parked node is freed
    expect(view(ch).parkedQueue).toEqual([]);
    expect(ch.send(0)).toBe('sent'); // count 2 > buffer 1: accepted, parks again
    expect(ch.send(0)).toBe('full');
  });

  it('a dropped parked sender keeps its 48 B SenderTask until a receive pops it', () => {
    const { heap, ch } = open('futures-bounded', U64, 0);
    ch.cloneSender(0, 1);
    ch.send(1); // parks sender 1
    ch.dropSender(1);
    expect(heap.siteBytes(SITE_SENDER_TASK)).toBe(96);
    expect(ch.recv()).toBe(true);
    expect(heap.siteBytes(SITE_SENDER_TASK)).toBe(48);
  });
});

describe('closing', () => {
  it('dropping the receiver drains: queued messages and their String payloads are freed at once', () => {
    const ops: GoldenOp[] = [
      { op: 'create' },
      { op: 'send', sender: 0, n: 10 },
      { op: 'drop_receiver' },
      { op: 'send', sender: 0, n: 3 },
      { op: 'drop_sender', sender: 0 },
    ];
    const r = replayCase('futures-bounded', STRING_100, { name: 'drain', params: { capacity: 100 }, ops });
    // created: 96 + String stub node 32 + parked stub 16 + SenderTask 48 = 192
    expect(r.steps[0]).toMatchObject({ live_bytes: 192 });
    expect(r.steps[1]).toMatchObject({ live_bytes: 192 + 10 * (32 + 100), pending: 10 });
    expect(r.steps[2]).toMatchObject({ live_bytes: 192, pending: 0, deallocs: 20 });
    expect(r.steps[3]).toMatchObject({ rejected: 3, live_bytes: 192 });
    expect(r.steps[4]).toMatchObject({ live_bytes: 0 });
  });

  it('a try_recv that finds the channel closed and empty frees the shared state right there', () => {
    const { heap, ch } = open('futures-bounded', U64, 4);
    ch.sendMany(0, 2);
    ch.dropSender(0); // closes; the 48 B SenderTask goes with the last sender
    expect(heap.liveBytes).toBe(96 + 24 * 3 + 16);
    expect(ch.recvMany(2)).toBe(2);
    expect(heap.liveBytes).toBe(96 + 24 + 16);
    expect(ch.recv()).toBe(false);
    expect(heap.liveBytes).toBe(0);
    ch.dropReceiver();
    expect(heap.liveBytes).toBe(0);
  });

  it('messages outlive their senders until received (unbounded)', () => {
    const { heap, ch } = open('futures-unbounded', U64);
    ch.sendMany(0, 5);
    ch.dropSender(0);
    expect(ch.pending).toBe(5);
    expect(heap.liveBytes).toBe(72 + 6 * 24);
    expect(heap.siteBytes(PAYLOAD_SITE)).toBe(0);
  });
});
