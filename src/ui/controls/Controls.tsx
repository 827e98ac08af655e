import { memo, useId } from 'react';
import { useLab, useLabState } from '../lab-context.ts';
import { SelectField, SliderField } from './Fields.tsx';
import type { ControlGroup, ControlSpec } from './spec.ts';
import { Transport } from './Transport.tsx';
import { MessageTypeControl } from './MessageTypeControl.tsx';
import { ScenarioLibrary } from '../scenarios/ScenarioLibrary.tsx';

const GROUPS: readonly { group: ControlGroup; title: string }[] = [
  { group: 'workload', title: 'Workload' },
  { group: 'channel', title: 'Channel' },
  { group: 'message', title: 'Message' },
];

export function PresetPicker() {
  const { adapter, actions } = useLab();
  const preset = useLabState((s) => s.preset);
  const id = useId();
  const info = adapter.presets.find((p) => p.name === preset);
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
            {p.title}
          </option>
        ))}
      </select>
      <div id={`${id}-about`} className="preset-about" data-testid="preset-about">
        {info === undefined ? (
          <p>Custom parameters.</p>
        ) : (
          <>
            <p>{info.explanation}</p>
            <p className="fact">{info.fact}</p>
            {info.source === undefined ? null : (
              <p className="source" data-testid="preset-source">
                {info.source}
              </p>
            )}
          </>
        )}
      </div>
    </div>
  );
}

/** "Strategy": whose channel the anatomy and backpressure views show (all strategies always run). */
export function StrategySelect() {
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
}

/** Memoized: a change to one parameter re-renders only its own control. */
const Control = memo(function Control({ spec }: { spec: ControlSpec }) {
  const { actions } = useLab();
  const value = useLabState((s) => s.values[spec.key]);
  if (spec.kind === 'select') {
    return (
      <SelectField spec={spec} value={String(value ?? '')} onChange={(v) => actions.setParam(spec.key, v)} />
    );
  }
  return (
    <SliderField
      spec={spec}
      value={typeof value === 'number' ? value : spec.min}
      onChange={(v) => actions.setParam(spec.key, v)}
    />
  );
});

/** The control panel: preset, transport, then the parameters in groups. */
export function Controls() {
  const { adapter } = useLab();
  const values = useLabState((s) => s.values);
  const scenario = useLabState((s) => s.scenario);
  const specs = adapter.controls(values, scenario);
  return (
    <div className="controls">
      <PresetPicker />
      <ScenarioLibrary />
      <Transport />
      {GROUPS.map(({ group, title }) => {
        const inGroup = specs.filter((s) => s.group === group);
        if (inGroup.length === 0) return null;
        return (
          <fieldset key={group} className="control-group">
            <legend>{title}</legend>
            {group === 'channel' ? <StrategySelect /> : null}
            {inGroup.map((spec) => (
              <Control key={spec.key} spec={spec} />
            ))}
            {group === 'message' ? <MessageTypeControl /> : null}
          </fieldset>
        );
      })}
    </div>
  );
}
