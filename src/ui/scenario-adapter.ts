/**
 * The engine's scenario schema as the app's controls: labels as the app names them, ranges, units
 * and descriptions from the schema's slider metadata, values read with the same mapping the worker
 * writes with (worker/params.ts).
 */
import {
  fieldInfo,
  messageTypeOf,
  presets,
  PRESET_NAMES,
  numericField,
  strategyImpl,
  type Scenario,
} from '../engine/sim/index.ts';
import { loadAt } from '../engine/scenario/index.ts';
import { crates } from '../engine/channels/index.ts';
import type { ParamValue } from '../worker/protocol.ts';
import { EXTRAS_KEY, valuesOf } from '../worker/params.ts';
import type {
  AllocationsSpec,
  ControlGroup,
  ControlSpec,
  NumberSpec,
  SelectSpec,
  SliderSpec,
  ToggleSpec,
} from './controls/spec.ts';
import type { ChannelChoice, PresetInfo, ScenarioAdapter } from './store.ts';

/** A scenario value by dotted path (`consumers.batch`). */
export function valueAt(scenario: unknown, path: string): unknown {
  let v: unknown = scenario;
  for (const key of path.split('.')) v = (v as Record<string, unknown> | null | undefined)?.[key];
  return v;
}

/** A slider for a scenario field, its range, unit and default read from the scenario's field table
 * (`schemaPath` names the table entry when `path` is one strategy's, e.g. `strategies.N.capacity`). */
export function slider(
  path: string,
  label: string,
  group: ControlGroup,
  override: Partial<SliderSpec> = {},
  schemaPath = path,
): SliderSpec {
  const s = numericField(schemaPath);
  return {
    kind: 'slider',
    key: path,
    group,
    label,
    min: s?.min ?? 0,
    max: s?.max ?? 100,
    step: s?.step ?? 1,
    scale: s?.log === true ? 'log' : 'linear',
    unit: s?.unit ?? '',
    description: s?.description ?? '',
    ...(s === undefined ? {} : { default: s.default }),
    ...override,
  };
}

function select(
  path: string,
  label: string,
  group: ControlGroup,
  options: Record<string, string>,
  description?: string,
): SelectSpec {
  const f = fieldInfo(path);
  return {
    kind: 'select',
    key: path,
    group,
    label,
    options: (f?.options ?? Object.keys(options)).map((value) => ({ value, label: options[value] ?? value })),
    description: description ?? f?.description ?? '',
    ...(typeof f?.default === 'string' ? { default: f.default } : {}),
  };
}

const PAYLOAD = select(
  'message.type',
  'Payload',
  'message',
  {
    string: 'String: 24 B inline + heap buffer of N bytes',
    bytes: '[u8; N]: N bytes inline, no heap',
    u64: 'u64: 8 bytes',
    rust: 'Rust type: any type expression, laid out as rustc does',
  },
  'the message type T; a String keeps its payload on the heap (retained while queued)',
);

const ARRIVAL = select('producers.arrival', 'Arrival', 'producers', {
  constant: 'steady: evenly spaced',
  poisson: 'random (Poisson)',
  bursts: 'bursts: on, then off, repeated',
  spike: 'a one-off spike',
  ramp: 'ramp: the rate grows linearly',
});

const PATTERN = select('producers.pattern', 'Producer tasks', 'producers', {
  task: 'one long-lived task each (a waiting send holds its own future; the next messages wait upstream)',
  'task-per-send':
    'a task spawned per send (spawn returns at once: waiting tasks pile up, each with a task cell and its message)',
});

const SERVICE = select('consumers.service', 'Service time varies', 'consumers', {
  fixed: 'not at all (fixed)',
  exponential: 'exponentially',
  lognormal: 'log-normally (long tail)',
});

const TASKS: ToggleSpec = {
  kind: 'toggle',
  key: 'consumers.spawnTasks',
  group: 'consumers',
  label: 'Task per message',
  description: fieldInfo('consumers.spawnTasks')?.description ?? '',
  default: false,
};

const EXTRAS: AllocationsSpec = {
  kind: 'allocations',
  key: EXTRAS_KEY,
  group: 'channels',
  label: 'Per-channel allocations',
  max: 8,
  maxBytes: 1 << 30,
  description: fieldInfo('channels.extras')?.description ?? '',
};

const SEED: NumberSpec = {
  kind: 'number',
  key: 'seed',
  group: 'run',
  label: 'Seed',
  min: 0,
  max: 2 ** 32 - 1,
  description: fieldInfo('seed')?.description ?? '',
  default: 1,
};

/** Every field of the scenario outside the strategy list, in panel order. */
const ALL: Readonly<Record<string, ControlSpec>> = Object.fromEntries(
  [
    PAYLOAD,
    slider('message.bytes', 'Message size', 'message'),
    slider('producers.count', 'Producers', 'producers'),
    slider('producers.ratePerSec', 'Producer rate', 'producers', { step: 1 }),
    ARRIVAL,
    PATTERN,
    slider('producers.burstOnMs', 'Burst on', 'producers'),
    slider('producers.burstOffMs', 'Burst off', 'producers'),
    slider('producers.spikeAtMs', 'Spike at', 'producers'),
    slider('producers.spikeMessages', 'Spike size', 'producers'),
    slider('producers.rampToPerSec', 'Ramp to', 'producers', { step: 1 }),
    slider('producers.connectOverMs', 'Connect over', 'producers'),
    slider('producers.disconnectCount', 'Producers leaving', 'producers', {
      description: 'producers that drop their Sender at “Leave at”; their queued messages are retained',
    }),
    slider('producers.disconnectAtMs', 'Leave at', 'producers'),
    slider('consumers.count', 'Consumers', 'consumers'),
    SERVICE,
    slider('consumers.serviceUs', 'Service time', 'consumers'),
    slider('consumers.serviceSigma', 'Log-normal σ', 'consumers'),
    slider('consumers.batch', 'recv_many limit', 'consumers'),
    slider('consumers.stallForMs', 'Stall for', 'consumers'),
    slider('consumers.stallAtMs', 'Stall at', 'consumers'),
    TASKS,
    slider('consumers.taskStateBytes', 'Task state', 'consumers'),
    slider('channels.count', 'Channels', 'channels', {
      description: 'channels of each strategy (one per service, connection or player)',
    }),
    slider('channels.active', 'Busy channels', 'channels'),
    EXTRAS,
    slider('durationSeconds', 'Duration', 'run'),
    slider('sampleMs', 'Sample every', 'run'),
    SEED,
  ].map((c) => [c.key, c]),
);

export const PRESETS: readonly PresetInfo[] = PRESET_NAMES.map((name) => ({
  name,
  title: presets[name].title,
  explanation: presets[name].explanation,
  fact: presets[name].fact,
  ...(presets[name].source === undefined ? {} : { source: presets[name].source }),
}));

export const DEFAULT_PRESET = 'game-server';

export function controlsFor(
  values: Readonly<Record<string, ParamValue>>,
  scenario: Scenario | null,
): ControlSpec[] {
  const now = (path: string): unknown => values[path] ?? valueAt(scenario, path);
  const arrival = now('producers.arrival');
  const shown: Record<string, boolean> = {
    'message.bytes': now('message.type') !== 'u64' && now('message.type') !== 'rust',
    'producers.burstOnMs': arrival === 'bursts',
    'producers.burstOffMs': arrival === 'bursts',
    'producers.spikeAtMs': arrival === 'spike',
    'producers.spikeMessages': arrival === 'spike',
    'producers.rampToPerSec': arrival === 'ramp',
    'producers.disconnectAtMs': now('producers.disconnectCount') !== 0,
    'consumers.serviceSigma': now('consumers.service') === 'lognormal',
    'consumers.stallAtMs': now('consumers.stallForMs') !== 0,
    'consumers.taskStateBytes': now('consumers.spawnTasks') === true,
  };
  return Object.values(ALL).filter((c) => shown[c.key] !== false);
}

export const scenarioAdapter: ScenarioAdapter = {
  presets: PRESETS,
  defaultPreset: DEFAULT_PRESET,
  controls: controlsFor,
  valuesOf,
  presetScenario(name) {
    const p = (presets as Record<string, { scenario: Scenario } | undefined>)[name];
    return p === undefined ? null : structuredClone(p.scenario);
  },
  load: (s, timeMs) => ({ ...loadAt(s, timeMs), channels: s.channels.active }),
  channelOf(s, index): ChannelChoice | null {
    const spec = s.strategies[index];
    if (spec === undefined) return null;
    const impl = strategyImpl(spec);
    return {
      impl,
      message: messageTypeOf(s),
      capacity: impl === 'tokio-semaphore' ? spec.permits : spec.capacity,
      channels: s.channels.count,
    };
  },
};

/** The crate picker of each strategy: one option per registered crate, named by its package. */
export function crateOptions(): { value: string; label: string }[] {
  return crates().map((c) => ({ value: c.key, label: c.cargo }));
}
