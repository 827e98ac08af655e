import { describe, expect, it } from 'vitest';
import { Heap, HeapError } from '../../src/engine/heap.ts';
import { layoutOf, optionLayout, payloadBytes, roundUp } from '../../src/engine/layout.ts';

describe('simulated heap', () => {
  it('counts live bytes, peak and calls, by site', () => {
    const h = new Heap();
    h.alloc('a', 100, 8, 3);
    h.alloc('b', 512, 128);
    h.free('a', 100);
    h.realloc('b', 512, 1024);
    expect(h.counters()).toEqual({ liveBytes: 1224, peakBytes: 1224, allocs: 4, deallocs: 1, reallocs: 1 });
    expect(h.bySite()).toEqual([
      { site: 'a', liveBytes: 200, liveCount: 2, align: 8 },
      { site: 'b', liveBytes: 1024, liveCount: 1, align: 128 },
    ]);
  });
  it('freeing what is not live is an error, never a negative count', () => {
    const h = new Heap();
    h.alloc('a', 16);
    expect(() => h.free('a', 32)).toThrow(HeapError);
    expect(() => h.free('b', 16)).toThrow(HeapError);
    expect(() => h.free('a', 16, 2)).toThrow(HeapError);
    expect(h.liveBytes).toBe(16);
  });
  it('zero-sized allocations never reach the allocator', () => {
    const h = new Heap();
    h.alloc('empty String', 0, 1, 10);
    expect(h.allocs).toBe(0);
  });
  it('rejects sizes that are not integers', () => {
    expect(() => new Heap().alloc('a', Number.NaN)).toThrow(HeapError);
    expect(() => new Heap().alloc('a', -1)).toThrow(HeapError);
  });
});

describe('Rust layout arithmetic', () => {
  it('sizes and alignments', () => {
    expect(layoutOf({ kind: 'bytes', size: 33 })).toEqual({ size: 33, align: 1 });
    expect(layoutOf({ kind: 'u64' })).toEqual({ size: 8, align: 8 });
    expect(layoutOf({ kind: 'string', len: 100 })).toEqual({ size: 24, align: 8 });
    expect(layoutOf({ kind: 'custom', size: 40, align: 64, niche: false })).toEqual({ size: 64, align: 64 });
    expect(roundUp(33, 8)).toBe(40);
  });
  it('Option<T>: a tag without a niche, none with one', () => {
    expect(optionLayout({ kind: 'u64' }).size).toBe(16);
    expect(optionLayout({ kind: 'bytes', size: 100 }).size).toBe(101);
    expect(optionLayout({ kind: 'string', len: 5 }).size).toBe(24);
    expect(optionLayout({ kind: 'custom', size: 12, align: 4, niche: true }).size).toBe(12);
    expect(optionLayout({ kind: 'custom', size: 12, align: 4, niche: false }).size).toBe(16);
  });
  it("a String's buffer is a separate payload", () => {
    expect(payloadBytes({ kind: 'string', len: 100 })).toBe(100);
    expect(payloadBytes({ kind: 'bytes', size: 100 })).toBe(0);
  });
});
