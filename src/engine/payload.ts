/**
 * Messages' own heap in the simulated allocator, one allocation per part (`payloadBlocks`): a
 * `(String, Vec<u8>)` is two allocations when it is built and two frees when it is dropped, as the
 * program makes them. Every place that builds or drops messages (the engine's lanes, the channel
 * models' destructors, the calculator, the golden replay) goes through these.
 */
import type { Heap } from './heap.ts';
import { PAYLOAD_SITE as SITE, type HeapBlock } from './layout.ts';

/** read once: under tsx (bench, CLI) each use of an import is a getter call, and these run per message */
const PAYLOAD_SITE = SITE;

/** `n` messages built: each of their heap parts allocated. */
export function allocPayloads(heap: Heap, blocks: readonly HeapBlock[], n: number): void {
  if (n <= 0) return;
  for (const b of blocks) heap.alloc(PAYLOAD_SITE, b.size, 1, b.count * n);
}

/** `n` messages dropped: each of their heap parts freed. */
export function freePayloads(heap: Heap, blocks: readonly HeapBlock[], n: number): void {
  if (n <= 0) return;
  for (const b of blocks) heap.free(PAYLOAD_SITE, b.size, b.count * n);
}

/**
 * Books `allocated` messages built and `freed` dropped whose bytes the caller has moved in the
 * heap's `liveBytes` (and `peakBytes`) itself as they happened (`Heap.settle`; the keep-up path
 * does this message by message and books the counts once). The payload site must exist already.
 */
export function settlePayloads(
  heap: Heap,
  blocks: readonly HeapBlock[],
  allocated: number,
  freed: number,
): void {
  if (allocated === 0 && freed === 0) return;
  for (const b of blocks) heap.settle(PAYLOAD_SITE, b.size, 1, b.count * allocated, b.count * freed);
}

/** The heap has booked a message payload before (see `settlePayloads`). */
export function payloadSiteUsed(heap: Heap): boolean {
  return heap.hasSite(PAYLOAD_SITE);
}

/** Allocations one message makes. */
export function payloadAllocs(blocks: readonly HeapBlock[]): number {
  let n = 0;
  for (const b of blocks) n += b.count;
  return n;
}

/**
 * `n` messages, each built and dropped before the next (refused at the door): the counters move by
 * every part, and the heap peaks once at one whole message (all its parts live together) above its
 * level. Returns that peak level.
 */
export function churnPayloads(heap: Heap, blocks: readonly HeapBlock[], n: number): number {
  if (n <= 0 || blocks.length === 0) return heap.liveBytes;
  const first = blocks[0] as HeapBlock;
  if (blocks.length === 1 && first.count === 1) return heap.churn(PAYLOAD_SITE, first.size, 1, n);
  // the first message for real (the peak), the others as counter moves only
  allocPayloads(heap, blocks, 1);
  const top = heap.liveBytes;
  freePayloads(heap, blocks, 1);
  if (n > 1) for (const b of blocks) heap.churn(PAYLOAD_SITE, b.size, 1, b.count * (n - 1));
  return top;
}
