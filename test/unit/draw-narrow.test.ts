// On a phone or a narrow embed (360 px) the anatomy's titles and notes wrap onto more lines instead of
// losing their end to an ellipsis ("VecDeque buffer: 128 of 256 × 24 B used (do…"), and no label runs
// off the canvas.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/engine/heap.ts';
import { createChannel, type ImplName } from '../../src/engine/channels/index.ts';
import { drawAnatomy } from '../../src/ui/draw/anatomy.ts';
import { readTheme } from '../../src/ui/draw/paint.ts';
import { extent, recordingContext } from './draw-recorder.ts';

/** A String(96) channel of capacity 128 with 130 sends offered and 2 taken: full, senders waiting. */
function busy(impl: ImplName) {
  const r = createChannel(impl, new Heap(), { message: { kind: 'string', len: 96 }, capacity: 128 });
  if (!r.ok) throw new Error(r.refusal.message);
  const ch = r.channel;
  for (let p = 1; p < 4; p++) ch.cloneSender(0, p);
  ch.sendOrPark(0, 140, 12);
  ch.recvMany(2);
  return ch.structure();
}

function anatomyAt(impl: ImplName, width: number) {
  const { ctx, labels } = recordingContext();
  drawAnatomy(ctx, readTheme(null), busy(impl), width);
  return labels;
}

const IMPLS: ImplName[] = [
  'tokio-bounded',
  'tokio-unbounded',
  'futures-bounded',
  'crossbeam-bounded',
  'crossbeam-unbounded',
  'flume-bounded',
  'async-bounded',
];

describe('the anatomy on a 360 px phone', () => {
  for (const impl of IMPLS) {
    it(`${impl}: no label cut or off the canvas`, () => {
      for (const l of anatomyAt(impl, 360)) {
        expect(l.s, `“${l.s}” cut`).not.toMatch(/…$/);
        const { left, right } = extent(l);
        expect(left, `“${l.s}”`).toBeGreaterThanOrEqual(0);
        expect(right, `“${l.s}”`).toBeLessThanOrEqual(360);
      }
    });
  }

  it('flume: the VecDeque title says all of itself, on two lines', () => {
    const labels = anatomyAt('flume-bounded', 360);
    const at = labels.findIndex((l) => l.s.startsWith('VecDeque buffer:'));
    const title = labels.slice(at, at + 2);
    expect(title.map((l) => l.s).join(' ')).toBe(
      'VecDeque buffer: 128 of 256 × 24 B used (doubles when full, never shrinks)',
    );
    expect((title[1]?.y ?? 0) - (title[0]?.y ?? 0)).toBeGreaterThanOrEqual(12);
    // (a String is 24 B inline: its 96 B buffer is a heap allocation of its own)
    // what follows starts below the second line
    const next = labels[at + 2];
    expect(next?.y ?? 0).toBeGreaterThan(title[1]?.y ?? 0);
  });

  it('tokio: the Arc<Chan> title keeps its padding figure', () => {
    const words = anatomyAt('tokio-bounded', 360)
      .map((l) => l.s)
      .join(' ');
    expect(words).toContain('Arc<Chan> · 512 B: 184 B of data, 328 B cache-line padding');
    expect(words).toContain('rx_fields, semaphore, counts');
  });

  it('a laptop-wide canvas keeps each title on one line', () => {
    const labels = anatomyAt('flume-bounded', 1200);
    expect(labels.map((l) => l.s)).toContain(
      'VecDeque buffer: 128 of 256 × 24 B used (doubles when full, never shrinks)',
    );
  });
});
