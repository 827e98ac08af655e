// On a projector (presenter mode) the canvas views enlarge every label to at least 20 CSS px
// (paint.ts setMinTextSize). A label drawn inside a pill or a lane must be measured at the size it is
// drawn, or the enlarged word runs out of its pill ("releas" and a ghost "ed" on the anatomy's blocks).
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { createChannel } from '../../src/engine/channels/index.ts';
import { drawAnatomy } from '../../src/ui/draw/anatomy.ts';
import { readTheme, setMinTextSize } from '../../src/ui/draw/paint.ts';
import { recordingContext, type Label, type Rect } from './draw-recorder.ts';

function tokioAnatomy(minText: number): Label[] {
  const r = createChannel('tokio-unbounded', new Heap(), { message: { kind: 'u64' } });
  if (!r.ok) throw new Error(r.refusal.message);
  r.channel.sendMany(0, 100);
  r.channel.recvMany(40);
  const { ctx, labels } = recordingContext();
  setMinTextSize(ctx, minText);
  drawAnatomy(ctx, readTheme(null), r.channel.structure(), 1200);
  return labels;
}

const BADGES = new Set(['head', 'tail', 'released by tx', 'released']);

describe('labels in pills hold their words at the size they are drawn', () => {
  for (const [where, minText] of [
    ['a laptop', 0],
    ['a projector (20 px at zoom 1.5)', 20 / 1.5],
  ] as const) {
    it(`block badges on ${where}`, () => {
      const badges = tokioAnatomy(minText).filter((l) => BADGES.has(l.s));
      // 100 messages in 32-slot blocks: 4 blocks; the first released by the senders, head and tail marked
      expect(badges.map((b) => b.s)).toEqual(expect.arrayContaining(['head', 'released by tx', 'tail']));
      for (const b of badges) {
        expect(b.size).toBeGreaterThanOrEqual(Math.max(9, minText));
        const pill = b.under as Rect;
        expect(pill.x).toBeLessThanOrEqual(b.x);
        expect(pill.x + pill.w).toBeGreaterThanOrEqual(b.x + b.width);
        expect(pill.h).toBeGreaterThanOrEqual(b.size);
        // the baseline sits inside the pill
        expect(b.y).toBeGreaterThan(pill.y);
        expect(b.y).toBeLessThan(pill.y + pill.h);
      }
    });
  }

  it('the Arc<Chan> byte counts keep their backing on a projector', () => {
    const counts = tokioAnatomy(20 / 1.5).filter((l) => /^\d+ B$/.test(l.s));
    expect(counts.length).toBeGreaterThan(0);
    for (const c of counts) {
      const pill = c.under as Rect;
      expect(pill.x + pill.w).toBeGreaterThanOrEqual(c.x + c.width);
      expect(pill.h).toBeGreaterThanOrEqual(c.size);
    }
  });
});
