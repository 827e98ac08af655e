// A message with several heap parts makes one allocation per part, as the Rust program does: a
// `(String, Vec<u8>)` is two `alloc` calls when built and two `dealloc` calls when dropped.
import { describe, expect, it } from 'vitest';
import { calculate } from '../../src/engine/calculator.ts';
import { channelParams, createChannel } from '../../src/engine/channels/index.ts';
import { Heap } from '../../src/engine/heap.ts';
import { PAYLOAD_SITE, type MessageType } from '../../src/engine/layout.ts';
import { allocPayloads } from '../../src/engine/payload.ts';
import { analyzeRustType, rustMessageType } from '../../src/engine/rust-type/index.ts';
import { messageTypeOf } from '../../src/engine/scenario/derive.ts';
import { run, scenario, strategy } from './sim-helpers.ts';

function rust(text: string, lengths: number[] = []): MessageType & { kind: 'rust' } {
  const r = analyzeRustType(text);
  if (!r.ok) throw new Error(r.error);
  return rustMessageType(r.layout, lengths);
}

describe('heap parts of a Rust type', () => {
  it('each box, string and vector buffer is its own block', () => {
    expect(rust('(String, Vec<u8>)', [100, 50]).blocks).toEqual([
      { size: 100, count: 1 },
      { size: 50, count: 1 },
    ]);
    // two Box<u64> of 8 bytes: two allocations of the same size
    expect(rust('(Box<u64>, Box<u64>)').blocks).toEqual([{ size: 8, count: 2 }]);
    // the vector's buffer of 3 Strings (3 × 24 B), then each String's 10 bytes
    expect(rust('Vec<String>', [3, 10]).blocks).toEqual([
      { size: 72, count: 1 },
      { size: 10, count: 3 },
    ]);
    // Arc<[u8; 200]>: the two counts and the value in one allocation of 16 + 200 B
    expect(rust('std::sync::Arc<[u8; 200]>').blocks).toEqual([{ size: 216, count: 1 }]);
    // zero-sized parts never reach the allocator
    expect(rust('(Box<()>, String)', [0]).blocks).toEqual([]);
    const m = rust('(String, Vec<u8>)', [100, 50]);
    expect([m.heap, m.allocs]).toEqual([150, 2]);
  });

  it('a channel holding them counts two live allocations per message, freed by its destructor', () => {
    const message = rust('(String, Vec<u8>)', [100, 50]);
    const heap = new Heap();
    const r = createChannel('tokio-unbounded', heap, channelParams('tokio-unbounded', message, {}));
    if (!r.ok) throw new Error('tokio refused');
    const ch = r.channel;
    const before = heap.allocs;
    allocPayloads(heap, message.blocks, 5);
    expect(ch.sendMany(0, 5).sent).toBe(5);
    expect(heap.siteCount(PAYLOAD_SITE)).toBe(10);
    expect(heap.siteBytes(PAYLOAD_SITE)).toBe(5 * 150);
    // the channel's own allocation count did not change (5 messages fit in its first block)
    expect(heap.allocs - before).toBe(10);
    const deallocs = heap.deallocs;
    ch.dropReceiver(); // tokio drops the queued messages
    expect(heap.siteCount(PAYLOAD_SITE)).toBe(0);
    expect(heap.deallocs - deallocs).toBeGreaterThanOrEqual(10);
  });

  it('the calculator counts the parts in the bytes, not as the channel’s allocations', () => {
    const two = rust('(String, Vec<u8>)', [100, 50]);
    const none = rust('(String, Vec<u8>)', [0, 0]); // the same 48-byte value, no heap
    const [a] = calculate({ message: two, capacity: 32, channels: 1, impls: ['tokio-bounded'] });
    const [b] = calculate({ message: none, capacity: 32, channels: 1, impls: ['tokio-bounded'] });
    expect((a?.full ?? 0) - (b?.full ?? 0)).toBe(32 * 150);
    expect(a?.allocsToFill).toBe(b?.allocsToFill);
  });

  it('in the engine: the same bytes as one Box of both (and a usize to keep 16 B inline), one more allocation per message built', () => {
    const base = {
      seed: 3,
      durationSeconds: 2,
      sampleEveryMs: 100,
      channels: { count: 1, busy: 1 },
      producers: { count: 4, ratePerSec: 50 },
      consumers: { serviceUs: 30_000 },
      // a bounded channel with try_send: some messages are refused (built and dropped at once)
      strategies: [
        { kind: 'bounded' as const, capacity: 4, send: 'try' as const },
        { kind: 'unbounded' as const },
      ],
    };
    const twoBoxes = scenario({ ...base, message: { type: 'rust', rust: '(Box<u64>, Box<u64>)' } });
    const oneBox = scenario({ ...base, message: { type: 'rust', rust: '(Box<[u64; 2]>, usize)' } });
    expect(messageTypeOf(twoBoxes)).toMatchObject({ size: 16, heap: 16, allocs: 2 });
    expect(messageTypeOf(oneBox)).toMatchObject({ size: 16, heap: 16, allocs: 1 });
    const a = run(twoBoxes).snapshot;
    const b = run(oneBox).snapshot;
    for (const id of ['bounded', 'unbounded']) {
      const x = strategy(a, id);
      const y = strategy(b, id);
      expect([x.heapBytes, x.peakHeapBytes, x.sent, x.rejected]).toEqual([
        y.heapBytes,
        y.peakHeapBytes,
        y.sent,
        y.rejected,
      ]);
      const built = x.sent + x.rejected + x.timedOut;
      expect(built).toBeGreaterThan(0);
      expect(x.allocs - y.allocs).toBe(built);
      expect(x.deallocs - y.deallocs).toBe(
        built - (x.heapBySite.find((s) => s.site === PAYLOAD_SITE)?.liveCount ?? 0) / 2,
      );
    }
    expect(strategy(a, 'bounded').rejected).toBeGreaterThan(0);
  });
});
