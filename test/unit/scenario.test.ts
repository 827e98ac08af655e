import { describe, expect, it } from 'vitest';
import {
  SCENARIO_FIELDS,
  NUMERIC_FIELDS,
  defaultScenario,
  fieldInfo,
  fieldsMarkdown,
  parseScenario,
  scenarioFromSearchParams,
  scenarioSchema,
  scenarioToSearchParams,
  numericField,
} from '../../src/engine/scenario/index.ts';
import { presets, PRESET_NAMES } from '../../src/engine/presets.ts';

describe('scenario schema', () => {
  it('fills every field with its default', () => {
    const r = parseScenario({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario).toEqual(defaultScenario);
    expect(r.scenario.producers.count).toBe(1000);
    expect(r.scenario.message).toEqual({ type: 'string', bytes: 96, rust: '(u64, String)', lengths: [] });
    expect(r.scenario.strategies.map((s) => s.kind)).toEqual(['unbounded', 'bounded', 'semaphore-producer']);
  });

  it('names the field, what it accepts and what it got', () => {
    const r = parseScenario({ producers: { count: -3 }, consumers: { service: 'gamma' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('producers.count: expected an integer from 0 to 1000000, got -3');
    expect(r.errors).toContain(
      'consumers.service: expected one of "fixed", "exponential", "lognormal", got "gamma"',
    );
  });

  it('reports wrong types, NaN and fields of strategies by index', () => {
    const r = parseScenario({
      durationSeconds: Number.NaN,
      strategies: [{ kind: 'bounded', capacity: 'many' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('durationSeconds: expected a number from 0.001 to 86400 s, got NaN');
    expect(r.errors).toContain(
      'strategies.0.capacity: expected an integer from 0 to 9007199254740991 msg, got "many"',
    );
    expect(r.issues.map((i) => i.field)).toEqual(['durationSeconds', 'strategies.0.capacity']);
  });

  it('refuses unknown fields instead of ignoring a typo', () => {
    const r = parseScenario({ producers: { cuont: 5 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatch(/^producers\.cuont: unknown field \(known: count, ratePerSec/);
  });

  it('checks relations between fields', () => {
    const r = parseScenario({ channels: { count: 10, active: 11 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(['channels.active: expected at most channels.count (10), got 11']);
  });

  it('refuses a scenario that is not an object', () => {
    const r = parseScenario([1, 2]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['scenario: expected an object, got [1,2]']);
  });
});

describe('field table and sliders', () => {
  it('lists every scalar field with a label, a description and a default', () => {
    const paths = SCENARIO_FIELDS.map((f) => f.path);
    expect(paths).toContain('producers.ratePerSec');
    expect(paths).toContain('strategies.N.capacity');
    for (const f of SCENARIO_FIELDS) {
      expect(f.description.length, f.path).toBeGreaterThan(5);
      expect(f.label.length, f.path).toBeGreaterThan(0);
    }
  });

  it('gives sliders the schema range, capped where the schema allows huge values', () => {
    expect(numericField('producers.count')).toMatchObject({
      min: 0,
      max: 100_000,
      step: 1,
      unit: '',
      log: true,
      default: 1000,
    });
    expect(numericField('consumers.serviceUs')).toMatchObject({
      unit: 'µs',
      min: 0,
      max: 1_000_000,
      default: 100,
    });
    expect(numericField('strategies.2.capacity')).toMatchObject({ min: 0, max: 100_000, unit: 'msg' });
    expect(NUMERIC_FIELDS.every((s) => s.min < s.max && s.step > 0)).toBe(true);
    expect(fieldInfo('strategies.1.send')?.options).toEqual(['await', 'try', 'timeout']);
  });

  it('documents the fields as a table generated from the schema', () => {
    const md = fieldsMarkdown();
    for (const f of SCENARIO_FIELDS) expect(md).toContain(`\`${f.path}\``);
    expect(md).toContain('| `producers.count` | an integer from 0 to 1000000 | 1000 |');
  });
});

describe('URL encoding', () => {
  it('round-trips every preset, writing only what differs from the defaults', () => {
    for (const name of PRESET_NAMES) {
      const s = presets[name].scenario;
      const query = scenarioToSearchParams(s);
      const back = scenarioFromSearchParams(new URLSearchParams(query));
      expect(back.notices, name).toEqual([]);
      expect(back.scenario, name).toEqual(s);
    }
    expect(scenarioToSearchParams(defaultScenario)).toBe('');
    expect(scenarioToSearchParams(presets['game-server'].scenario)).toBe(
      'name=game-server&producers.disconnectAtMs=10000&producers.disconnectCount=100&consumers.batch=1024',
    );
  });

  it('replaces bad values by the default and says which, with what', () => {
    const { scenario, notices } = scenarioFromSearchParams(
      new URLSearchParams(
        '?producers.count=abc&consumers.serviceUs=&zzz=1&producers.ratePerSec=NaN&strategies.0.kind=bounded&strategies.0.capacity=-1&consumers.batch=2.5',
      ),
    );
    expect(notices.map((n) => n.message)).toEqual([
      'producers.count: expected an integer from 0 to 1000000, got "abc"; using 1000',
      'consumers.serviceUs: expected a number from 0 to 1000000000 µs, got ""; using 100',
      'zzz: unknown parameter, ignored',
      'producers.ratePerSec: expected a number from 0 to 1000000000 msg/s, got "NaN"; using 20',
      'strategies.0.capacity: expected an integer from 0 to 9007199254740991 msg, got "-1"; using 128',
      'consumers.batch: expected an integer from 1 to 1000000 msg, got "2.5"; using 1',
    ]);
    expect(scenario.producers.count).toBe(1000);
    expect(scenario.strategies).toEqual([
      scenarioSchema.shape.strategies.unwrap().element.parse({ kind: 'bounded' }),
    ]);
    expect(parseScenario(scenario).ok).toBe(true);
  });

  it('resolves relations between values with a notice', () => {
    const { scenario, notices } = scenarioFromSearchParams(
      new URLSearchParams('channels.count=10&channels.active=50'),
    );
    expect(scenario.channels).toMatchObject({ count: 10, active: 1 });
    expect(notices).toEqual([
      {
        field: 'channels.active',
        message: 'channels.active: expected at most channels.count (10), got 50; using 1',
      },
    ]);
  });

  it('encodes lists (per-channel allocations) and booleans', () => {
    const s = scenarioSchema.parse({
      consumers: { spawnTasks: true },
      channels: { extras: [{ site: 'read buffer', bytes: 8192 }] },
    });
    const q = scenarioToSearchParams(s);
    expect(q).toBe('consumers.spawnTasks=true&channels.extras=read%20buffer%3A8192');
    expect(scenarioFromSearchParams(new URLSearchParams(q)).scenario).toEqual(s);
  });
});

describe('docs', () => {
  it('the engine README lists the scenario fields exactly as the schema defines them', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync('src/engine/sim/README.md', 'utf8');
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    expect(squash(readme)).toContain(squash(fieldsMarkdown()));
  });
});
