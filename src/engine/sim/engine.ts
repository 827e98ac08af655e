/** Placeholder while the engine lands: channels are created, time passes, nothing is sent. */
import { Heap } from '../heap.ts';
import { createChannel, boundKind } from '../channels/index.ts';
import { messageTypeOf, strategyId, strategyImpl, strategyLabel } from '../scenario/derive.ts';
import type { Scenario } from '../scenario/schema.ts';
import {
  SERIES_FIELDS,
  type SimSeries,
  type SimSnapshot,
  type Simulation,
  type StrategySnapshot,
} from './types.ts';

export function createSimulation(scenario: Scenario): Simulation {
  const message = messageTypeOf(scenario);
  const lanes = scenario.strategies.map((spec, i) => {
    const heap = new Heap();
    const impl = strategyImpl(spec);
    const kind = boundKind(impl);
    const r = createChannel(
      impl,
      heap,
      kind === 'capacity'
        ? { message, capacity: spec.capacity }
        : kind === 'permits'
          ? { message, permits: spec.permits }
          : { message },
    );
    return {
      spec,
      heap,
      impl,
      id: strategyId(scenario.strategies, i),
      label: strategyLabel(spec),
      channel: r.ok ? r.channel : null,
    };
  });
  const durationUs = Math.round(scenario.durationSeconds * 1e6);
  const sampleUs = Math.round(scenario.sampleMs * 1000);
  let now = 0;
  const times: number[] = [];
  const cols = lanes.map(
    () => Object.fromEntries(SERIES_FIELDS.map((f) => [f, [] as number[]])) as Record<string, number[]>,
  );
  const snap = (): SimSnapshot => ({
    timeMs: now / 1000,
    arrivals: 0,
    producersConnected: scenario.producers.count,
    producersGone: 0,
    strategies: lanes.map((l): StrategySnapshot => {
      const n = scenario.channels.count;
      return {
        id: l.id,
        label: l.label,
        kind: l.spec.kind,
        impl: l.impl,
        heapBytes: l.heap.liveBytes * n,
        peakHeapBytes: l.heap.peakBytes * n,
        allocs: l.heap.allocs * n,
        deallocs: l.heap.deallocs * n,
        reallocs: l.heap.reallocs * n,
        heapBySite: l.heap
          .bySite()
          .map((s) => ({ ...s, liveBytes: s.liveBytes * n, liveCount: s.liveCount * n })),
        depth: 0,
        waitingSenders: 0,
        inFlight: 0,
        availablePermits: null,
        sent: 0,
        received: 0,
        rejected: 0,
        timedOut: 0,
        dropped: 0,
        retainedMessages: 0,
        retainedBytes: 0,
        latencyMs: { p50: 0, p99: 0, max: 0 },
        structure: l.channel?.structure() ?? null,
        waiters: [],
      };
    }),
  });
  const sample = (): void => {
    times.push(now / 1000);
    const s = snap();
    s.strategies.forEach((st, i) => {
      const c = cols[i] as Record<string, number[]>;
      for (const f of SERIES_FIELDS) {
        const v =
          f === 'heapMinBytes' || f === 'heapMaxBytes'
            ? st.heapBytes
            : f === 'availablePermits'
              ? NaN
              : f.endsWith('Ms') || f === 'throughputPerSec'
                ? 0
                : ((st as unknown as Record<string, number>)[f] ?? 0);
        (c[f] as number[]).push(v);
      }
    });
  };
  sample();
  const sim: Simulation = {
    get now() {
      return now;
    },
    get done() {
      return now >= durationUs;
    },
    step() {
      if (now >= durationUs) return false;
      now = Math.min(durationUs, (Math.floor(now / sampleUs) + 1) * sampleUs);
      sample();
      return true;
    },
    runUntil(t: number) {
      while (now < Math.min(t, durationUs)) {
        const next = Math.min(durationUs, (Math.floor(now / sampleUs) + 1) * sampleUs);
        if (next > t) {
          now = t;
          break;
        }
        now = next;
        sample();
      }
    },
    snapshot: snap,
    series(): SimSeries {
      return {
        timeMs: [...times],
        strategies: lanes.map((l, i) => ({ id: l.id, columns: cols[i] as never })),
      };
    },
  };
  return sim;
}
