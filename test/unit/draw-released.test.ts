// tokio's block badge "released" is the crate's word (the RELEASED bit: the senders are done with the
// block), which a learner reads as "freed". The drawing says "released by tx" and, under the blocks,
// what it means: still allocated, with its messages, until the receiver has read past it.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { createChannel } from '../../src/engine/channels/index.ts';
import { drawAnatomy } from '../../src/ui/draw/anatomy.ts';
import { readTheme } from '../../src/ui/draw/paint.ts';
import { recordingContext } from './draw-recorder.ts';

/** A u64 tokio channel after `sent` sends and `received` receives, drawn `width` px wide. */
function labels(sent: number, received: number, width: number): string[] {
  const r = createChannel('tokio-unbounded', new Heap(), { message: { kind: 'u64' } });
  if (!r.ok) throw new Error(r.refusal.message);
  r.channel.sendMany(0, sent);
  r.channel.recvMany(received);
  const { ctx, labels: drawn } = recordingContext();
  drawAnatomy(ctx, readTheme(null), r.channel.structure(), width);
  return drawn.map((l) => l.s);
}

describe('tokio: released blocks', () => {
  // 100 messages in 32-slot blocks, 40 received: block 0 (messages 0–31) was read and reclaimed as a
  // spare; blocks 1 and 2 are full and released by the senders; block 3 is the tail
  it('100 sent, 40 received: the 2 full live blocks say "released by tx", and a note says what that means', () => {
    const drawn = labels(100, 40, 1200);
    expect(drawn.filter((s) => s === 'released by tx')).toHaveLength(2);
    expect(drawn).not.toContain('released');
    const text = drawn.slice(drawn.findIndex((s) => s.startsWith('released (by tx'))).join(' ');
    expect(text).toContain('RELEASED bit');
    expect(text).toContain('still allocated and keeps its messages until the receiver reads past it');
  });

  it('no block released yet (10 messages in the first block): no badge, no note', () => {
    const drawn = labels(10, 0, 1200);
    expect(drawn.some((s) => s.startsWith('released'))).toBe(false);
  });

  it('on a phone, a block with no room for the long badge beside "head" keeps the crate’s word, explained below', () => {
    const drawn = labels(100, 40, 360);
    // the head is in block 1 (messages 32–63), released, beside "head" on a 92 px card; block 2 has room
    expect(drawn.filter((s) => s === 'released')).toHaveLength(1);
    expect(drawn.filter((s) => s === 'released by tx')).toHaveLength(1);
    expect(drawn.join(' ')).toContain('RELEASED bit');
  });
});
