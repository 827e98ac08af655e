import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { afterNextPaint } from '../views/frame-request.ts';
import { formatInt, formatMs, formatSeconds } from '../format.ts';
import {
  positionRange,
  clampToSpec,
  fromPosition,
  toPosition,
  type NumberSpec,
  type SelectSpec,
  type SliderSpec,
  type ToggleSpec,
} from './spec.ts';

/**
 * A field's value as a person reads it. Times read as the status line and the charts read them: "10 s"
 * rather than "10,000 ms" beside a Time of "12 s", "250 ms" below a second; µs stay µs below 1 ms.
 * The number field beside it keeps the scenario's own unit, shown next to it.
 */
export function formatFieldValue(spec: Pick<SliderSpec, 'unit'>, value: number): string {
  if (Number.isFinite(value) && spec.unit === 'ms') return formatSeconds(value);
  if (Number.isFinite(value) && spec.unit === 'µs' && value >= 1000) return formatMs(value / 1000);
  const n = Number.isInteger(value) ? formatInt(value) : String(value);
  return spec.unit === '' ? n : `${n} ${spec.unit}`;
}
const formatValue = formatFieldValue;

/**
 * "changed · default 1": a value that differs from the schema's default, marked where it is. Its id
 * is in the field's aria-describedby, so a screen reader says it with the field.
 */
export function ChangedMark(props: {
  id: string;
  changed: boolean;
  defaultText: string;
  label: string;
  onReset?: (() => void) | undefined;
}): ReactNode {
  if (!props.changed) return null;
  return (
    <span className="changed-mark">
      <span id={props.id}>changed from the default {props.defaultText}</span>
      {props.onReset === undefined ? null : (
        <button
          type="button"
          className="reset-default"
          onClick={props.onReset}
          aria-label={`Reset ${props.label} to ${props.defaultText}`}
          title={`Reset to ${props.defaultText}`}
        >
          ↺
        </button>
      )}
    </span>
  );
}

const describedBy = (...ids: (string | false | null | undefined)[]): string =>
  ids.filter((x): x is string => typeof x === 'string').join(' ');

/**
 * A slider with its label, its current value, and a number field beside it for exact input. Both
 * inputs are named by the visible label, so "Capacity" finds either by voice or by screen reader.
 */
export function SliderField(props: {
  spec: SliderSpec;
  value: number;
  onChange: (value: number) => void;
  disabled?: boolean;
  note?: string | null;
}) {
  const { spec, onChange } = props;
  // A move of the thumb shows at once (the thumb, the number, the value text: this field alone
  // renders in the input's task) and becomes a parameter change after the next paint, in a task of its
  // own: the change re-renders what reads the parameters and goes to the worker. Both in the input's
  // task made the frame that shows the thumb a long one on a slow laptop (#16: 15-44 ms of input
  // handling under 4x CPU throttling). Moves within a frame (a held key, a drag) make one change.
  const [moving, setMoving] = useState<number | null>(null);
  const pending = useRef<{ value: number | null; onChange: (value: number) => void }>({
    value: null,
    onChange,
  });
  useLayoutEffect(() => {
    pending.current.onChange = onChange;
  });
  const value = moving ?? props.value;
  const move = (v: number) => {
    setMoving(v);
    const p = pending.current;
    const scheduled = p.value !== null;
    p.value = v;
    if (scheduled) return;
    afterNextPaint(() => {
      const to = p.value;
      p.value = null;
      if (to === null) return;
      p.onChange(to);
      setMoving(null);
    });
  };
  // a change typed or reset: at once, and a thumb's move not yet handed over is dropped
  const set = (v: number) => {
    pending.current.value = null;
    setMoving(null);
    onChange(v);
  };
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const changedId = `${id}-changed`;
  const unitId = `${id}-unit`;
  const changed = typeof spec.default === 'number' && spec.default !== value;
  const described = describedBy(hintId, changed && changedId);
  const range = positionRange(spec);
  // what the user is typing, until it is a valid number (null: show the current value)
  const [draft, setDraft] = useState<string | null>(null);
  const draftValue = draft === null ? null : Number(draft);
  const draftInvalid =
    draft !== null &&
    (draft.trim() === '' ||
      !Number.isFinite(draftValue) ||
      (draftValue ?? 0) < spec.min ||
      (draftValue ?? 0) > spec.max);
  const commitDraft = () => {
    if (draft === null) return;
    const n = Number(draft);
    if (draft.trim() !== '' && Number.isFinite(n)) {
      const v = clampToSpec(spec, n);
      if (v !== value) set(v);
    }
    setDraft(null);
  };
  return (
    <div className={changed ? 'field slider-field changed' : 'field slider-field'} data-key={spec.key}>
      <div className="field-head">
        <label id={labelId} htmlFor={`${id}-range`}>
          {spec.label}
        </label>
        <output htmlFor={`${id}-range`} className="field-value">
          {formatValue(spec, value)}
        </output>
      </div>
      <ChangedMark
        id={changedId}
        changed={changed}
        label={spec.label}
        defaultText={typeof spec.default === 'number' ? formatValue(spec, spec.default) : ''}
        onReset={typeof spec.default === 'number' ? () => set(spec.default as number) : undefined}
      />
      <div className="field-inputs">
        <input
          id={`${id}-range`}
          type="range"
          aria-labelledby={labelId}
          aria-describedby={described}
          aria-valuetext={formatValue(spec, value)}
          min={range.min}
          max={range.max}
          step={range.step}
          value={toPosition(spec, value)}
          disabled={props.disabled}
          onChange={(e) => {
            const v = fromPosition(spec, Number(e.target.value));
            if (v !== value) move(v);
          }}
        />
        <input
          type="number"
          className="number"
          aria-labelledby={labelId}
          aria-describedby={describedBy(spec.unit !== '' && unitId, hintId, changed && changedId)}
          aria-invalid={draftInvalid || undefined}
          min={spec.min}
          max={spec.max}
          step={spec.step}
          inputMode="decimal"
          value={draft ?? String(value)}
          disabled={props.disabled}
          onChange={(e) => {
            const text = e.target.value;
            const n = Number(text);
            if (text.trim() !== '' && Number.isFinite(n) && n >= spec.min && n <= spec.max) {
              setDraft(null);
              const v = clampToSpec(spec, n);
              if (v !== value) set(v);
            } else setDraft(text);
          }}
          onBlur={commitDraft}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitDraft();
          }}
        />
        {spec.unit === '' ? null : (
          <span id={unitId} className="field-unit">
            {spec.unit}
          </span>
        )}
      </div>
      <p id={hintId} className={draftInvalid ? 'field-hint field-error' : 'field-hint'}>
        {draftInvalid
          ? `Enter a number from ${formatInt(spec.min)} to ${formatInt(spec.max)}.`
          : (props.note ?? spec.description)}
      </p>
    </div>
  );
}

/** A field whose control has its own id: the labelled head, the "changed" mark, then the control. */
function LabelledField(props: {
  kind: 'select' | 'number';
  id: string;
  fieldKey: string;
  label: string;
  changed: boolean;
  defaultText: string;
  onReset: (() => void) | undefined;
  children: ReactNode;
}) {
  const className = `field ${props.kind}-field${props.changed ? ' changed' : ''}`;
  return (
    <div className={className} data-key={props.fieldKey}>
      <div className="field-head">
        <label htmlFor={props.id}>{props.label}</label>
      </div>
      <ChangedMark
        id={`${props.id}-changed`}
        changed={props.changed}
        label={props.label}
        defaultText={props.defaultText}
        onReset={props.onReset}
      />
      {props.children}
    </div>
  );
}

export function SelectField(props: {
  spec: SelectSpec;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  /** a message under the field instead of the description (e.g. what the crate refuses) */
  note?: string | null;
}) {
  const { spec } = props;
  const id = useId();
  const changed = typeof spec.default === 'string' && spec.default !== props.value;
  // the option's name without its explanation ("String", not "String: 24 B inline + …")
  const defaultLabel = (
    spec.options.find((o) => o.value === spec.default)?.label ?? String(spec.default)
  ).split(':')[0] as string;
  return (
    <LabelledField
      kind="select"
      id={id}
      fieldKey={spec.key}
      label={spec.label}
      changed={changed}
      defaultText={defaultLabel}
      onReset={changed ? () => props.onChange(spec.default as string) : undefined}
    >
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        aria-describedby={describedBy(`${id}-hint`, changed && `${id}-changed`)}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {spec.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="field-hint">
        {props.note ?? spec.description}
      </p>
    </LabelledField>
  );
}

export function ToggleField(props: { spec: ToggleSpec; value: boolean; onChange: (value: boolean) => void }) {
  const { spec } = props;
  const id = useId();
  const changed = typeof spec.default === 'boolean' && spec.default !== props.value;
  return (
    <div className={changed ? 'field toggle-field changed' : 'field toggle-field'} data-key={spec.key}>
      <div className="field-head">
        <label htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={props.value}
            aria-describedby={describedBy(`${id}-hint`, changed && `${id}-changed`)}
            onChange={(e) => props.onChange(e.target.checked)}
          />{' '}
          {spec.label}
        </label>
      </div>
      <ChangedMark
        id={`${id}-changed`}
        changed={changed}
        label={spec.label}
        defaultText={spec.default === true ? 'on' : 'off'}
      />
      <p id={`${id}-hint`} className="field-hint">
        {spec.description}
      </p>
    </div>
  );
}

/** A number typed in a field; committed when valid (Enter or leaving the field). */
export function NumberField(props: { spec: NumberSpec; value: number; onChange: (value: number) => void }) {
  const { spec } = props;
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const n = draft === null ? props.value : Number(draft);
  const invalid =
    draft !== null && (draft.trim() === '' || !Number.isInteger(n) || n < spec.min || n > spec.max);
  const changed = typeof spec.default === 'number' && spec.default !== props.value;
  const commit = () => {
    if (draft !== null && !invalid && n !== props.value) props.onChange(n);
    setDraft(null);
  };
  return (
    <LabelledField
      kind="number"
      id={id}
      fieldKey={spec.key}
      label={spec.label}
      changed={changed}
      defaultText={String(spec.default)}
      onReset={typeof spec.default === 'number' ? () => props.onChange(spec.default as number) : undefined}
    >
      <input
        id={id}
        type="number"
        className="number"
        min={spec.min}
        max={spec.max}
        step={1}
        value={draft ?? String(props.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(`${id}-hint`, changed && `${id}-changed`)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      <p id={`${id}-hint`} className={invalid ? 'field-hint field-error' : 'field-hint'}>
        {invalid
          ? `Enter a whole number from ${formatInt(spec.min)} to ${formatInt(spec.max)}.`
          : spec.description}
      </p>
    </LabelledField>
  );
}
