// The scrubbable timeline: Step back lands exactly where Step forward would have stopped, seeking
// backwards gives the same state as a fresh run, checkpoints shorten replays.
import { describe, expect, it, vi } from 'vitest';
import type { SimSeries, SimSnapshot, Simulation } from '../../src/engine/sim/types.ts';
import { createSimulation } from '../../src/engine/sim/index.ts';
import { presets } from '../../src/engine/presets.ts';
import { Timeline } from '../../src/worker/timeline.ts';
import { engineApi } from '../../src/worker/engine-api.ts';

/**
 * A tiny deterministic engine: messages arrive at irregular times (sometimes two at once, as in a
 * spike), each arrival is followed 150 µs later by a service event that takes one message away.
 */
class TinySim implements Simulation {
  now = 0;
  arrivals = 0;
  depth = 0;
  received = 0;
  private events: { t: number; kind: 'arrive' | 'serve'; n: number }[] = [];
  private next = 0;
  constructor(readonly durationUs = 50_000) {
    let t = 0;
    for (let i = 0; t < durationUs; i++) {
      t += 100 + ((i * 7919) % 400);
      const n = i % 10 === 9 ? 2 : 1;
      this.events.push({ t, kind: 'arrive', n }, { t: t + 150, kind: 'serve', n: 1 });
    }
    this.events.sort((a, b) => a.t - b.t || (a.kind === 'arrive' ? -1 : 1));
    this.events = this.events.filter((e) => e.t <= durationUs);
  }
  get done(): boolean {
    return this.now >= this.durationUs;
  }
  private apply(): void {
    const e = this.events[this.next++];
    if (e === undefined) return;
    this.now = e.t;
    if (e.kind === 'arrive') {
      this.arrivals += e.n;
      this.depth += e.n;
    } else if (this.depth > 0) {
      this.depth--;
      this.received++;
    }
  }
  step(): boolean {
    if (this.next >= this.events.length) {
      if (this.done) return false;
      this.now = this.durationUs;
      return true;
    }
    this.apply();
    return true;
  }
  runUntil(t: number): void {
    while ((this.events[this.next]?.t ?? Infinity) <= t) this.apply();
    this.now = Math.max(this.now, Math.min(t, this.durationUs));
  }
  snapshot(): SimSnapshot {
    return {
      timeMs: this.now / 1000,
      arrivals: this.arrivals,
      producersConnected: 1,
      producersGone: 0,
      strategies: [{ depth: this.depth, received: this.received } as never],
    };
  }
  series(): SimSeries {
    return { timeMs: [], strategies: [] };
  }
}

/** The same, telling when the next message arrives (as the engine may, for exact Step). */
class ArrivalTimedTinySim extends TinySim {
  nextArrivalAt(): number {
    const events = (this as unknown as { events: { t: number; kind: string }[] }).events;
    return events.find((e) => e.kind === 'arrive' && e.t > this.now)?.t ?? Infinity;
  }
}

const state = (s: Simulation) => {
  const snap = s.snapshot();
  return { now: s.now, arrivals: snap.arrivals, strategy: snap.strategies[0] };
};

/** Where a plain forward run is after `k` one-message steps. */
function forward(k: number, make: () => Simulation = () => new TinySim()): ReturnType<typeof state> {
  const t = new Timeline(make);
  for (let i = 0; i < k; i++) t.stepMessage();
  return state(t);
}

describe('timeline', () => {
  it('Step back undoes Step exactly, message by message', () => {
    const t = new Timeline(() => new TinySim());
    const seen = [state(t)];
    for (let i = 0; i < 25; i++) {
      t.stepMessage();
      seen.push(state(t));
    }
    // every tenth arrival brings two messages: the counts jump, Step still stops once per arrival
    expect(seen[10]?.arrivals).toBe(11);
    for (let i = 24; i >= 0; i--) {
      expect(t.stepBack()).toBe(true);
      expect(state(t)).toEqual(seen[i]);
    }
    expect(t.stepBack()).toBe(false);
    expect(state(t)).toEqual({ now: 0, arrivals: 0, strategy: { depth: 0, received: 0 } });
  });

  it('after playing to an arbitrary time, Step back goes to the previous message, found by replay', () => {
    const t = new Timeline(() => new TinySim(), { narrowTo: 4 });
    t.runUntil(31_234);
    const at = state(t);
    expect(at.arrivals).toBeGreaterThan(100);
    t.stepBack();
    const back = state(t);
    // the message before the current count: the same place Step forward reaches from the start
    let k = 0;
    let f = forward(0);
    while (f.arrivals < back.arrivals) f = forward(++k);
    expect(back).toEqual(f);
    expect(back.arrivals).toBeLessThan(at.arrivals);
    // and Step moves forward again to the next arrival, which has the count we came from
    t.stepMessage();
    expect(state(t).arrivals).toBe(at.arrivals);
  });

  it('seeking backwards gives the state a fresh run reaches at that time', () => {
    const t = new Timeline(() => new TinySim());
    t.runUntil(40_000);
    t.seek(12_345);
    const fresh = new TinySim();
    fresh.runUntil(12_345);
    expect(state(t)).toEqual(state(fresh));
    t.seek(20_000);
    fresh.runUntil(20_000);
    expect(state(t)).toEqual(state(fresh));
  });

  it('replays start from the nearest checkpoint, not from scratch', () => {
    const t = new Timeline(() => new TinySim(), { checkpointEveryUs: 10_000 });
    // the host runs in slices, as here
    for (let at = 5000; at <= 45_000; at += 5000) t.runUntil(at);
    expect(t.checkpointTimes).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
    t.seek(33_000);
    // no simulation was built from scratch again: the 30 ms checkpoint was copied
    expect(t.builds).toBe(1);
    const fresh = new TinySim();
    fresh.runUntil(33_000);
    expect(state(t)).toEqual(state(fresh));
    const before = state(t);
    t.stepBack();
    expect(t.builds).toBe(1);
    t.stepMessage();
    expect(state(t).arrivals).toBe(before.arrivals);
  });

  it("uses the engine's own fork() when it has one", () => {
    const forks = vi.fn();
    class OwnFork extends TinySim {
      fork(): OwnFork {
        forks();
        return Object.assign(Object.create(OwnFork.prototype) as OwnFork, structuredClone({ ...this }));
      }
    }
    const t = new Timeline(() => new OwnFork(), { checkpointEveryUs: 10_000 });
    t.runUntil(15_000);
    t.seek(12_000);
    expect(forks).toHaveBeenCalled();
    const fresh = new TinySim();
    fresh.runUntil(12_000);
    expect(state(t)).toEqual(state(fresh));
  });

  it('without copies (copy: null) every replay starts from scratch and still lands right', () => {
    const t = new Timeline(() => new TinySim(), { copy: null });
    t.runUntil(20_000);
    t.seek(7_000);
    expect(t.builds).toBe(2);
    const fresh = new TinySim();
    fresh.runUntil(7_000);
    expect(state(t)).toEqual(state(fresh));
  });

  it('with an engine that knows its next arrival time, Step and Step back use it', () => {
    const make = () => new ArrivalTimedTinySim();
    const t = new Timeline(make);
    const seen = [state(t)];
    for (let i = 0; i < 12; i++) {
      t.stepMessage();
      seen.push(state(t));
    }
    // each Step lands exactly on an arrival time (the service 150 µs later has not happened yet)
    expect(seen.slice(1).every((s) => (s.strategy as { received: number }).received < s.arrivals)).toBe(true);
    for (let i = 11; i >= 0; i--) {
      t.stepBack();
      expect(state(t)).toEqual(seen[i]);
    }
  });

  it('works on the real engine: 40 steps forward then 5 back equals 35 forward', () => {
    const make = () => createSimulation(presets['game-server'].scenario);
    const t = new Timeline(make);
    for (let i = 0; i < 40; i++) t.stepMessage();
    const at40 = t.snapshot().arrivals;
    for (let i = 0; i < 5; i++) t.stepBack();
    const expected = forwardSnapshot(35, make);
    expect(expected.arrivals).toBeGreaterThan(0);
    expect(expected.arrivals).toBeLessThan(at40);
    expect(t.snapshot()).toEqual(expected);
  });

  it('real engine with the arrival source the host uses: Step is one message, Step back undoes it', () => {
    const { seen, t } = stepThirty();
    // 1,000 producers at 20/s, evenly spaced: one message per Step
    expect(seen.map((s) => s.arrivals).slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    for (let i = 29; i >= 20; i--) {
      t.stepBack();
      expect(t.snapshot()).toEqual(seen[i]);
    }
  });

  it('real engine: latency percentiles survive Step back too', () => {
    const { seen, t } = stepThirty();
    t.stepBack();
    expect(t.snapshot()).toEqual(seen[29]);
  });

  it('real engine: after playing 2.5 s, Step back then Step returns to the same message count', () => {
    const make = () => createSimulation(presets['game-server'].scenario);
    const t = new Timeline(make);
    t.runUntil(2_500_000);
    const a = t.snapshot();
    t.stepBack();
    const back = t.snapshot();
    expect(back.arrivals).toBeLessThan(a.arrivals);
    expect(back.arrivals).toBeGreaterThan(a.arrivals - 100);
    // the state there is the state a fresh run has at that moment
    const fresh = make();
    fresh.runUntil(t.now);
    expect(back).toEqual(fresh.snapshot());
  });
});

function stepThirty() {
  const scenario = presets['game-server'].scenario;
  const api = engineApi as Required<typeof engineApi>;
  const t = new Timeline(() => createSimulation(scenario), {
    nextArrivalAfter: (now) => api.nextArrivalAfter(scenario, now),
  });
  const seen = [t.snapshot()];
  for (let i = 0; i < 30; i++) {
    t.stepMessage();
    seen.push(t.snapshot());
  }
  return { seen, t };
}

function forwardSnapshot(k: number, make: () => Simulation): SimSnapshot {
  const t = new Timeline(make);
  for (let i = 0; i < k; i++) t.stepMessage();
  return t.snapshot();
}
