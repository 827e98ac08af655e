// The backpressure painter says who waits: with a long-lived task per producer, the producers
// parked in send; with a task spawned per send, the spawned tasks (their producers moved on).
import { describe, expect, it } from 'vitest';
import { drawBackpressure } from '../../src/ui/draw/backpressure.ts';
import type { Theme } from '../../src/ui/draw/paint.ts';
import type { StrategyFrame } from '../../src/worker/frame.ts';
import { STAT_FIELDS } from '../../src/worker/protocol.ts';

function paint(taskPerSend: boolean) {
  const texts: string[] = [];
  let warnFills = 0;
  let fill = '';
  const ctx = new Proxy(
    { measureText: (s: string) => ({ width: 6 * s.length }) } as unknown as CanvasRenderingContext2D,
    {
      get(target, key) {
        if (key in target) return (target as unknown as Record<string | symbol, unknown>)[key];
        if (key === 'fillText') return (s: string) => texts.push(s);
        if (key === 'fill') return () => (warnFills += fill === 'WARN' ? 1 : 0);
        return () => undefined;
      },
      set(_t, key, value) {
        if (key === 'fillStyle') fill = String(value);
        return true;
      },
    },
  );
  const theme = new Proxy({} as Theme, {
    get: (_t, k) => (k === 'font' || k === 'mono' ? 'sans' : k === 'warn' ? 'WARN' : '#000'),
  });
  const stats = Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) as Record<string, number | null>;
  // 4 producers, 40 sends waiting on a full tokio channel (the oldest three listed)
  stats.waitingSenders = 40;
  const strategy: StrategyFrame = {
    stats: stats as StrategyFrame['stats'],
    sites: [],
    waiters: [0, 1, 2].map((p) => ({ producer: p, sinceMs: 10 * p, bytes: 8 })),
    structure: null,
  };
  drawBackpressure(
    ctx,
    theme,
    { strategy, kind: 'bounded', producersConnected: 4, producersGone: 0, flashes: [], taskPerSend },
    1200,
  );
  return { texts, warnFills };
}

describe('backpressure painter: who waits', () => {
  it('a long-lived task per producer: 40 waiting ≥ 4 producers, so every producer lane is marked waiting', () => {
    const { texts, warnFills } = paint(false);
    expect(texts).toContain('Waiting senders 40');
    // 4 producer marks (the 3 listed waiters are outlined, not filled)
    expect(warnFills).toBe(4);
  });

  it('a task per send: the tasks wait, not the producers (spawn returned at once)', () => {
    const { texts, warnFills } = paint(true);
    expect(texts).toContain('Waiting send tasks 40');
    expect(warnFills).toBe(0);
  });
});
