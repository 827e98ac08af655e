import { memo, useId, useMemo, useState, type ReactNode } from 'react';
import type { Scenario } from '../../engine/scenario/index.ts';
import type { ParamValue } from '../../worker/protocol.ts';
import { formatDecimal, formatInt } from '../format.ts';
import { useLab, useLabState, useParamsState } from '../lab-context.ts';
import { valueAt } from '../scenario-adapter.ts';
import { latest } from '../../worker/params.ts';
import { AllocationsField, type Allocation } from './AllocationsField.tsx';
import { NumberField, SelectField, SliderField, ToggleField, formatFieldValue } from './Fields.tsx';
import { StrategyList } from './StrategyList.tsx';
import { differences } from './diff.ts';
import './controls.css';
import type { ControlGroup, ControlSpec } from './spec.ts';
import { Transport } from './Transport.tsx';
import { MessageTypeControl } from './MessageTypeControl.tsx';
import { ScenarioLibrary } from '../scenarios/ScenarioLibrary.tsx';

/** The panel's groups, in the user's words, in order. */
const GROUPS: readonly { group: ControlGroup; title: string }[] = [
  { group: 'strategies', title: 'Strategies' },
  { group: 'message', title: 'Message' },
  { group: 'producers', title: 'Producers' },
  { group: 'consumers', title: 'Consumers' },
  { group: 'channels', title: 'Channels' },
  { group: 'run', title: 'Run' },
  // kept for adapters with the older, smaller set of controls (the test harness's fake engine)
  { group: 'workload', title: 'Workload' },
  { group: 'channel', title: 'Channel' },
];

export const PresetPicker = memo(function PresetPicker() {
  const { adapter, actions } = useLab();
  const preset = useLabState((s) => s.preset);
  const id = useId();
  const info = adapter.presets.find((p) => p.name === preset);
  const original = useMemo(
    () => (preset === null ? null : adapter.presetScenario(preset)),
    [adapter, preset],
  );
  // what differs from the preset, as text compared by value: a slider's answer (a new scenario
  // object) re-renders the picker only when the list of differences changes
  const differing = useParamsState(
    (_, scenario) =>
      original === null || scenario === null ? '' : differences(original, scenario).join('\u0000'),
    [original],
  );
  const modified = useMemo(() => (differing === '' ? [] : differing.split('\u0000')), [differing]);
  const [moreOpen] = useState(wide);
  return (
    <div className="field preset-field">
      <div className="field-head">
        <label htmlFor={id}>Preset</label>
      </div>
      <select
        id={id}
        value={preset ?? ''}
        onChange={(e) => actions.loadPreset(e.target.value)}
        aria-describedby={`${id}-about`}
      >
        {preset === null ? <option value="">Custom</option> : null}
        {adapter.presets.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name === preset && modified.length > 0 ? `${p.title} (modified)` : p.title}
          </option>
        ))}
      </select>
      <div id={`${id}-about`} className="preset-about" data-testid="preset-about">
        {info === undefined ? (
          <p>Custom parameters.</p>
        ) : (
          <>
            {modified.length === 0 ? null : (
              <p className="preset-modified" data-testid="preset-modified">
                <strong>Modified:</strong> {modified.join(', ')}{' '}
                {modified.length === 1 ? 'differs' : 'differ'} from the preset, so its figures below no longer
                apply as written.
              </p>
            )}
            {/* on a phone the story folds away, so the comparison shows on the first screen */}
            <details className="preset-more" open={moreOpen}>
              <summary>About this preset</summary>
              <p>{info.explanation}</p>
              <p className="fact">{info.fact}</p>
              {info.source === undefined ? null : (
                <p className="source" data-testid="preset-source">
                  {info.source}
                </p>
              )}
            </details>
          </>
        )}
      </div>
    </div>
  );
});

/** "Strategy": whose channel the anatomy and backpressure views show (all strategies always run). */
export const StrategySelect = memo(function StrategySelect() {
  const { actions } = useLab();
  const meta = useLabState((s) => s.meta);
  const focus = useLabState((s) => s.focus);
  const id = useId();
  return (
    <div className="field select-field">
      <div className="field-head">
        <label htmlFor={id}>Strategy</label>
      </div>
      <select
        id={id}
        value={focus}
        onChange={(e) => actions.setFocus(Number(e.target.value))}
        aria-describedby={`${id}-hint`}
      >
        {(meta?.strategies ?? []).map((s, k) => (
          <option key={s.id} value={k}>
            {s.label}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="field-hint">
        all strategies run on the same arrivals; this one is drawn in detail
      </p>
    </div>
  );
});

/**
 * A control's value now: an unconfirmed change, else the scenario the worker runs as its timed changes
 * leave it (a knob moved during play shows where it was moved to).
 */
function currentValue(
  values: Readonly<Record<string, ParamValue>>,
  scenario: Scenario | null,
  key: string,
): unknown {
  return values[key] ?? valueAt(scenario === null ? null : latest(scenario), key);
}

/** Memoized: a change to one parameter re-renders only its own control. */
const Control = memo(function Control({ spec }: { spec: ControlSpec }) {
  const { actions } = useLab();
  const value = useLabState((s) => currentValue(s.values, s.scenario, spec.key));
  const onChange = (v: ParamValue) => actions.setParam(spec.key, v);
  switch (spec.kind) {
    case 'select':
      return <SelectField spec={spec} value={String(value ?? '')} onChange={onChange} />;
    case 'toggle':
      return <ToggleField spec={spec} value={value === true} onChange={onChange} />;
    case 'number':
      return (
        <NumberField spec={spec} value={typeof value === 'number' ? value : spec.min} onChange={onChange} />
      );
    case 'allocations':
      return (
        <AllocationsField
          spec={spec}
          value={Array.isArray(value) ? (value as Allocation[]) : parseList(value)}
          onChange={(list) => onChange(JSON.stringify(list))}
        />
      );
    case 'slider': {
      const v = typeof value === 'number' ? value : spec.min;
      return <SliderField spec={spec} value={v} onChange={onChange} note={drainNote(spec, v)} />;
    }
  }
});

/**
 * The service time's meaning in the unit the load line uses: the messages per second one consumer
 * drains at that mean (1 s ÷ service time; a recv_many batch takes that many service times, the
 * same rate).
 */
function drainNote(spec: ControlSpec, serviceUs: number): string | null {
  if (spec.key !== 'consumers.serviceUs' || spec.kind !== 'slider') return null;
  const rate = serviceUs > 0 ? `${formatDecimal(1e6 / serviceUs)} msg/s` : 'without limit';
  return `${spec.description}: one consumer drains ${rate} (1 s ÷ ${formatFieldValue(spec, serviceUs)})`;
}

function parseList(v: unknown): Allocation[] {
  try {
    const list: unknown = typeof v === 'string' ? JSON.parse(v) : [];
    return Array.isArray(list) ? (list as Allocation[]) : [];
  } catch {
    return [];
  }
}

/** "recv_many limit 1,024": a changed value as the group's summary names it. */
function changedText(spec: ControlSpec, value: unknown): string | null {
  if (spec.kind === 'allocations') {
    const n = Array.isArray(value) ? value.length : parseList(value).length;
    return n === 0 ? null : `${spec.label.toLowerCase()}: ${n}`;
  }
  if (spec.default === undefined || value === undefined || value === spec.default) return null;
  const shown =
    typeof value === 'number'
      ? spec.kind === 'slider'
        ? formatFieldValue(spec, value)
        : formatInt(value)
      : typeof value === 'boolean'
        ? value
          ? 'on'
          : 'off'
        : String(value);
  return `${spec.label} ${shown}`;
}

/**
 * A collapsible group: closed, its summary still names every value that differs from the default.
 * Memoized, with the summary as text from the store: a slider's change re-renders its own control
 * and, when the summary's text changes, its group, not the whole panel.
 */
const Group = memo(function Group(props: {
  title: string;
  specs: readonly ControlSpec[];
  defaultOpen: boolean;
  children: ReactNode;
  testId: string;
}) {
  const [open, setOpen] = useState(props.defaultOpen);
  const changes = useParamsState(
    (values, scenario) =>
      props.specs
        .map((spec) => changedText(spec, currentValue(values, scenario, spec.key)))
        .filter((t): t is string => t !== null)
        .join(' · '),
    [props.specs],
  );
  return (
    <details
      className="control-group"
      open={open}
      data-testid={props.testId}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <span className="group-title">{props.title}</span>
        {changes === '' ? null : (
          <span className="group-changes">
            <span className="visually-hidden">changed from the defaults: </span>
            {changes}
          </span>
        )}
      </summary>
      {/* a closed group's fields are not built: fewer nodes in a page that redraws 60 times a second */}
      {open ? <div className="group-body">{props.children}</div> : null}
    </details>
  );
});

/** Phones start with the groups closed, so the charts are one scroll away. */
function wide(): boolean {
  return typeof matchMedia !== 'function' || !matchMedia('(max-width: 700px)').matches;
}

/** The control panel: preset, transport, then the whole scenario in groups. */
export function Controls() {
  const { adapter, store } = useLab();
  // the controls shown (a choice such as the arrival pattern shows or hides some), compared as text:
  // a value's change that leaves them as they are re-renders nothing here
  const shown = useParamsState(
    (values, scenario) => JSON.stringify(adapter.controls(values, scenario)),
    [adapter],
  );
  const specs = useMemo(() => {
    // `shown` is these specs as text: they are built again when it changes
    const s = store.getState();
    return shown === '[]' ? [] : adapter.controls(s.values, s.scenario);
  }, [adapter, store, shown]);
  const hasStrategies = useLabState((s) => Array.isArray(s.scenario?.strategies));
  const byGroup = useMemo(
    () => new Map(GROUPS.map(({ group }) => [group, specs.filter((s) => s.group === group)])),
    [specs],
  );
  const [open] = useState(wide);
  return (
    <div className="controls">
      <PresetPicker />
      <ScenarioLibrary />
      <Transport />
      {GROUPS.map(({ group, title }) => {
        const inGroup = byGroup.get(group) ?? [];
        const strategies = group === 'strategies' && hasStrategies;
        if (inGroup.length === 0 && !strategies) return null;
        return (
          <Group
            key={group}
            title={title}
            specs={inGroup}
            defaultOpen={open && group !== 'run'}
            testId={`group-${group}`}
          >
            {group === 'channel' || group === 'strategies' ? <StrategySelect /> : null}
            {/* the message group: the custom Rust type field (layout helper) goes right here, before the controls */}
            {inGroup.map((spec) => (
              <Control key={spec.key} spec={spec} />
            ))}
            {group === 'message' ? <MessageTypeControl /> : null}
            {strategies ? <StrategyList /> : null}
          </Group>
        );
      })}
    </div>
  );
}
