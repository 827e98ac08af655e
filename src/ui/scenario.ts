/**
 * The engine's scenario schema as the app's controls: labels as the app names them, ranges, units
 * and descriptions from the schema's slider metadata, values read with the same mapping the worker
 * writes with (worker/params.ts).
 */
import {
  messageTypeOf,
  presets,
  PRESET_NAMES,
  sliderFor,
  strategyImpl,
  type Scenario,
} from '../engine/sim/index.ts';
import { loadAt } from '../engine/scenario/index.ts';
import type { ParamValue } from '../worker/protocol.ts';
import { crates } from '../engine/channels/index.ts';
import { MIXED, applicable, valuesOf, type ParamKey } from '../worker/params.ts';
import type { ControlGroup, ControlSpec, SelectSpec, SliderSpec } from './controls/spec.ts';
import type { ChannelChoice, PresetInfo, ScenarioAdapter } from './store.ts';

function slider(
  key: ParamKey,
  path: string,
  label: string,
  group: ControlGroup,
  override: Partial<SliderSpec> = {},
): SliderSpec {
  const s = sliderFor(path);
  return {
    kind: 'slider',
    key,
    group,
    label,
    min: s?.min ?? 0,
    max: s?.max ?? 100,
    step: s?.step ?? 1,
    scale: s?.log === true ? 'log' : 'linear',
    unit: s?.unit ?? '',
    description: s?.description ?? '',
    ...override,
  };
}

const PAYLOAD: SelectSpec = {
  kind: 'select',
  key: 'payload',
  group: 'message',
  label: 'Payload',
  options: [
    { value: 'string', label: 'String: 24 B inline + heap buffer of N bytes' },
    { value: 'bytes', label: '[u8; N]: N bytes inline, no heap' },
    { value: 'u64', label: 'u64: 8 bytes' },
    { value: 'rust', label: 'Rust type: any type expression, laid out as rustc does' },
  ],
  description: 'the message type T; a String keeps its payload on the heap (retained while queued)',
};

/** The Channel control: one option per registered crate (read when the controls are built). */
const channelSelect = (): SelectSpec => ({
  kind: 'select',
  key: 'channel',
  group: 'channel',
  label: 'Channel',
  options: crates().map((c) => ({ value: c.key, label: c.label })),
  description: 'the crate every strategy uses (a semaphore gate stays tokio’s where the crate has none)',
});

const SEND: SelectSpec = {
  kind: 'select',
  key: 'send',
  group: 'channel',
  label: 'Bounded send',
  options: [
    { value: 'await', label: 'send().await: wait in FIFO order' },
    { value: 'try', label: 'try_send: reject when full' },
    { value: 'timeout', label: 'send_timeout: wait, then drop' },
  ],
  description: 'what a producer does when the bounded channel is full',
};

const SLIDERS: readonly SliderSpec[] = [
  slider('messageSize', 'message.bytes', 'Message size', 'message'),
  slider('producers', 'producers.count', 'Producers', 'workload'),
  slider('rate', 'producers.ratePerSec', 'Producer rate', 'workload', { step: 1 }),
  slider('leaving', 'producers.disconnectCount', 'Producers leaving', 'workload', {
    description: 'producers that drop their Sender at “Leave at”; their queued messages are retained',
  }),
  slider('leaveAtMs', 'producers.disconnectAtMs', 'Leave at', 'workload'),
  slider('consumers', 'consumers.count', 'Consumers', 'workload'),
  slider('serviceUs', 'consumers.serviceUs', 'Service time', 'workload'),
  slider('capacity', 'strategies.N.capacity', 'Capacity', 'channel'),
  slider('permits', 'strategies.N.permits', 'Permits', 'channel'),
  slider('timeoutMs', 'strategies.N.timeoutMs', 'Send timeout', 'channel'),
  slider('channels', 'channels.count', 'Channels', 'channel', {
    description: 'channels of each strategy (one per service, connection or player)',
  }),
  slider('busyChannels', 'channels.active', 'Busy channels', 'channel'),
];

const bySliderKey = new Map(SLIDERS.map((s) => [s.key, s]));
const sliderSpec = (key: ParamKey): SliderSpec => bySliderKey.get(key) as SliderSpec;

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
  const applies = scenario === null ? null : applicable(scenario);
  const on = (k: ParamKey) => applies === null || applies[k];
  const select = channelSelect();
  const channel: SelectSpec =
    values.channel === MIXED
      ? { ...select, options: [{ value: MIXED, label: 'as the preset sets (mixed)' }, ...select.options] }
      : select;
  const list: (ControlSpec | null)[] = [
    sliderSpec('producers'),
    sliderSpec('rate'),
    sliderSpec('leaving'),
    values.leaving === 0 ? null : sliderSpec('leaveAtMs'),
    sliderSpec('consumers'),
    sliderSpec('serviceUs'),
    channel,
    on('capacity') ? sliderSpec('capacity') : null,
    on('permits') ? sliderSpec('permits') : null,
    on('send') ? SEND : null,
    on('timeoutMs') && values.send === 'timeout' ? sliderSpec('timeoutMs') : null,
    sliderSpec('channels'),
    sliderSpec('busyChannels'),
    PAYLOAD,
    values.payload === 'u64' || values.payload === 'rust' ? null : sliderSpec('messageSize'),
  ];
  return list.filter((c): c is ControlSpec => c !== null);
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
