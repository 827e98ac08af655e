// The marks on the charts' time axis, derived from the scenario alone.
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/engine/presets.ts';
import { scenarioSchema, type Scenario, type ScenarioInput } from '../../src/engine/scenario/schema.ts';
import { MAX_BURST_MARKS, chartEvents, changeLabel } from '../../src/ui/views/chart-events.ts';

const scenario = (input: ScenarioInput) => scenarioSchema.parse(input);
/** a scenario whose `changes` did not come through the schema (an old or hand-made object) */
const unchecked = (input: ScenarioInput, changes: unknown): Scenario =>
  ({ ...scenarioSchema.parse(input), changes }) as unknown as Scenario;

describe('chart events', () => {
  it('game-server: the 100 players leaving at 10 s is the one event', () => {
    expect(chartEvents(presets['game-server'].scenario)).toEqual([
      { kind: 'leave', atMs: 10_000, label: '100 producers leave' },
    ]);
  });

  it('nobody leaving, or leaving after the end, marks nothing', () => {
    expect(chartEvents(scenario({ producers: { disconnectCount: 0 } }))).toEqual([]);
    expect(
      chartEvents(scenario({ durationSeconds: 5, producers: { disconnectAtMs: 6000, disconnectCount: 3 } })),
    ).toEqual([]);
    expect(
      chartEvents(scenario({ producers: { count: 1, disconnectAtMs: 0, disconnectCount: 1 } }))[0]?.label,
    ).toBe('1 producer leaves');
  });

  it('bursts: one span per on-phase (period = on + off), the first one labelled', () => {
    const events = chartEvents(
      scenario({ durationSeconds: 3, producers: { arrival: 'bursts', burstOnMs: 200, burstOffMs: 800 } }),
    );
    // period 1,000 ms: on-phases start at 0, 1,000 and 2,000 ms and last 200 ms
    expect(events).toEqual([
      { kind: 'burst', atMs: 0, untilMs: 200, label: 'bursts: 200 ms on, 800 ms off' },
      { kind: 'burst', atMs: 1000, untilMs: 1200, label: '' },
      { kind: 'burst', atMs: 2000, untilMs: 2200, label: '' },
    ]);
  });

  it('very frequent bursts are capped, and bursts with no off-phase are just a constant rate', () => {
    const many = chartEvents(
      scenario({ durationSeconds: 10, producers: { arrival: 'bursts', burstOnMs: 1, burstOffMs: 1 } }),
    );
    // 10 s / 2 ms = 5,000 on-phases: only the first MAX_BURST_MARKS are drawn
    expect(many).toHaveLength(MAX_BURST_MARKS);
    expect(many.at(-1)?.atMs).toBe((MAX_BURST_MARKS - 1) * 2);
    expect(
      chartEvents(scenario({ producers: { arrival: 'bursts', burstOnMs: 200, burstOffMs: 0 } })),
    ).toEqual([]);
  });

  it('a spike at its time with its size; a spike after the end is not drawn', () => {
    expect(
      chartEvents(scenario({ producers: { arrival: 'spike', spikeAtMs: 2500, spikeMessages: 10_000 } })),
    ).toEqual([{ kind: 'spike', atMs: 2500, label: 'spike: +10,000 msg' }]);
    expect(
      chartEvents(scenario({ durationSeconds: 2, producers: { arrival: 'spike', spikeAtMs: 2500 } })),
    ).toEqual([]);
  });

  it('a consumer stall is a span, cut at the end of the run', () => {
    expect(
      chartEvents(scenario({ durationSeconds: 6, consumers: { stallAtMs: 5000, stallForMs: 2000 } })),
    ).toEqual([{ kind: 'stall', atMs: 5000, untilMs: 6000, label: 'consumers stall 2 s' }]);
    expect(chartEvents(scenario({ consumers: { stallAtMs: 5000, stallForMs: 0 } }))).toEqual([]);
  });

  it('producers connecting over time is a span from 0', () => {
    expect(chartEvents(scenario({ producers: { count: 50, connectOverMs: 1500 } }))).toEqual([
      { kind: 'connect', atMs: 0, untilMs: 1500, label: '50 producers connect over 1.5 s' },
    ]);
  });

  it('every timed change is marked with the field, its new value and unit, in time order', () => {
    const events = chartEvents(
      scenario({
        producers: { disconnectAtMs: 10_000, disconnectCount: 100 },
        changes: [
          { atMs: 20_000, path: 'producers.ratePerSec', value: 10 },
          { atMs: 5_000, path: 'strategies.2.permits', value: 512 },
          { atMs: 7_000, path: 'consumers.count', value: 2 },
        ],
      }),
    );
    expect(events.map((e) => [e.kind, e.atMs, e.label])).toEqual([
      ['change', 5000, 'permits (3) → 512'],
      ['change', 7000, 'consumers → 2'],
      ['leave', 10_000, '100 producers leave'],
      ['change', 20_000, 'rate per producer → 10 msg/s'],
    ]);
  });

  it('malformed changes (no time, bad value, not a list) are ignored, never thrown on', () => {
    const bad = [
      { atMs: 'soon', path: 'producers.count', value: 1 },
      { atMs: 1000, path: 'producers.count', value: { x: 1 } },
      null,
      { atMs: Number.NaN, path: 'producers.count', value: 1 },
      { atMs: 99_000_000, path: 'producers.count', value: 1 },
    ];
    expect(chartEvents(unchecked({ producers: { disconnectCount: 0 } }, bad))).toEqual([]);
    expect(chartEvents(unchecked({ producers: { disconnectCount: 0 } }, 'all of them'))).toEqual([]);
    expect(chartEvents(unchecked({ producers: { disconnectCount: 0 } }, undefined))).toEqual([]);
  });

  it('an unknown path is shown as it is', () => {
    expect(changeLabel({ atMs: 0, path: 'weird.knob', value: 2.5 })).toBe('weird.knob → 2.5');
    expect(changeLabel({ atMs: 0, path: 'consumers.serviceUs', value: 250 })).toBe(
      'mean service time → 250 µs',
    );
  });
});

describe('chart events of something that is not an engine scenario', () => {
  it('marks nothing rather than failing the view', () => {
    expect(chartEvents({ messageSize: 8 } as unknown as Scenario)).toEqual([]);
  });
});
