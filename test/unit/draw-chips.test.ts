// The backpressure view's waiting-sender chips say who waits, what it holds and since when, whole:
// in a 700 px embed the column is about 119 px wide, too narrow for "P91 · 120 B · since 19.9 s" on
// one 9 px line, so the chip takes two lines instead of cutting it ("P91 · 120 B · sinc…").
import { describe, expect, it } from 'vitest';
import { drawBackpressure, type Flash } from '../../src/ui/draw/backpressure.ts';
import { readTheme, setMinTextSize } from '../../src/ui/draw/paint.ts';
import type { StrategyFrame } from '../../src/worker/frame.ts';
import { STAT_FIELDS } from '../../src/worker/protocol.ts';
import { extent, recordingContext, type Label } from './draw-recorder.ts';

/** 900 producers waiting on a full bounded channel; the oldest four listed (String(96): 24 + 96 B each). */
function paint(width: number, minText = 0, flashes: Flash[] = []): Label[] {
  const { ctx, labels } = recordingContext();
  setMinTextSize(ctx, minText);
  const stats = Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) as Record<string, number | null>;
  stats.waitingSenders = 900;
  stats.availablePermits = 0;
  stats.depth = 128;
  const strategy: StrategyFrame = {
    stats: stats as StrategyFrame['stats'],
    sites: [],
    waiters: [91, 92, 93, 94].map((p) => ({ producer: p, sinceMs: 19_900, bytes: 120 })),
    structure: null,
  };
  drawBackpressure(
    ctx,
    readTheme(null),
    { strategy, kind: 'bounded', producersConnected: 900, producersGone: 100, flashes, maxLanes: 8 },
    width,
  );
  return labels;
}

/** The chips' lines, chip by chip (a chip's lines share the rectangle drawn before them). */
function chips(labels: Label[]): string[] {
  const out = new Map<unknown, string[]>();
  for (const l of labels.filter((x) => /^(P\d+|since|\d+ B)/.test(x.s) && x.size <= 20 && x.under !== null)) {
    if (!/·|since/.test(l.s)) continue;
    const lines = out.get(l.under) ?? [];
    lines.push(l.s);
    out.set(l.under, lines);
  }
  return [...out.values()].map((lines) => lines.join(' · '));
}

describe('waiting-sender chips', () => {
  for (const [where, width, minText] of [
    ['a 700 px embed', 700, 0],
    ['a 360 px phone', 360, 0],
    ['1366 px', 1366, 0],
    ['presenter mode at 1366 px (drawn 911 units wide, labels at least 13.3)', 1366 / 1.5, 20 / 1.5],
  ] as const) {
    it(`${where}: each chip says all of "P91 · 120 B · since 19.9 s", within its chip`, () => {
      const labels = paint(width, minText);
      const said = chips(labels);
      expect(said.length).toBeGreaterThan(0);
      expect(said[0]).toBe('P91 · 120 B · since 19.9 s');
      for (const l of labels) {
        expect(l.s, `“${l.s}” cut`).not.toMatch(/…$/);
        if (l.maxWidth !== undefined) expect(l.width, `“${l.s}”`).toBeLessThanOrEqual(l.maxWidth);
        expect(extent(l).right, `“${l.s}” off the canvas`).toBeLessThanOrEqual(width);
      }
      // every chip line sits inside its chip's rectangle
      for (const l of labels.filter(
        (x) => /since|·/.test(x.s) && x.under !== null && /^(P|since)/.test(x.s),
      )) {
        const r = l.under as NonNullable<Label['under']>;
        expect(l.y).toBeGreaterThan(r.y);
        expect(l.y).toBeLessThanOrEqual(r.y + r.h);
      }
    });
  }

  it('a 700 px embed: two lines a chip', () => {
    const lines = paint(700).filter((l) => /^P9\d|^since/.test(l.s));
    expect(lines.slice(0, 2).map((l) => l.s)).toEqual(['P91 · 120 B', 'since 19.9 s']);
  });

  it('a 700 px embed: a rejection flash keeps its word and its count, on two lines when it must', () => {
    const flashes: Flash[] = [{ kind: 'rejected', amount: 12_345_678, life: 1 }];
    const labels = paint(700, 0, flashes);
    const flash = labels.filter((l) => /rejected|^\+12,345,678$/.test(l.s)).map((l) => l.s);
    expect(flash.join(' ')).toBe('✕ rejected +12,345,678');
    for (const l of labels) expect(l.s, `“${l.s}” cut`).not.toMatch(/…$/);
    // a 1366 px page has room for it on one line
    expect(paint(1366, 0, flashes).map((l) => l.s)).toContain('✕ rejected +12,345,678');
  });
});

// On a phone the stages stack and the permits column is the page's width: the rejection flashes go to
// its right half, so the gauge's "175 free" and "of 1,024" stay readable while the gate turns senders
// away (they were drawn over them).
describe('rejection flashes on a 360 px phone', () => {
  it('leave the permits figures uncovered', () => {
    const { ctx, labels } = recordingContext();
    const stats = Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) as Record<string, number | null>;
    stats.availablePermits = 175;
    stats.depth = 59;
    const ring = {
      kind: 'array-ring',
      capacity: 1024,
      headerBytes: 0,
      slotBytes: 8,
      head: 0,
      tail: 0,
      len: 0,
    };
    const strategy = {
      stats: stats as StrategyFrame['stats'],
      sites: [],
      waiters: [],
      structure: ring,
    } as unknown as StrategyFrame;
    const flashes: Flash[] = [100, 375, 409, 208].map((amount) => ({ kind: 'rejected', amount, life: 1 }));
    drawBackpressure(
      ctx,
      readTheme(null),
      { strategy, kind: 'semaphore-producer', producersConnected: 900, producersGone: 100, flashes },
      360,
    );
    const free = labels.find((l) => l.s === '175 free');
    const of = labels.find((l) => l.s === 'of 1,024');
    expect(free).toBeDefined();
    expect(of).toBeDefined();
    const figuresRight = Math.max(extent(free as Label).right, extent(of as Label).right);
    const flashLabels = labels.filter((l) => /rejected/.test(l.s));
    expect(flashLabels).toHaveLength(4);
    for (const l of flashLabels) {
      const r = l.under as NonNullable<Label['under']>;
      expect(r.x, `the flash "${l.s}" starts left of the figures' end`).toBeGreaterThan(figuresRight);
      expect(r.x + r.w).toBeLessThanOrEqual(360);
    }
  });
});
