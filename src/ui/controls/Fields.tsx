import { useId, useState } from 'react';
import { formatInt } from '../format.ts';
import {
  positionRange,
  clampToSpec,
  fromPosition,
  toPosition,
  type SelectSpec,
  type SliderSpec,
} from './spec.ts';

function formatValue(spec: SliderSpec, value: number): string {
  const n = Number.isInteger(value) ? formatInt(value) : String(value);
  return spec.unit === '' ? n : `${n} ${spec.unit}`;
}

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
  const { spec, value, onChange } = props;
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
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
      if (v !== value) onChange(v);
    }
    setDraft(null);
  };
  return (
    <div className="field slider-field" data-key={spec.key}>
      <div className="field-head">
        <label id={labelId} htmlFor={`${id}-range`}>
          {spec.label}
        </label>
        <output htmlFor={`${id}-range`} className="field-value">
          {formatValue(spec, value)}
        </output>
      </div>
      <div className="field-inputs">
        <input
          id={`${id}-range`}
          type="range"
          aria-labelledby={labelId}
          aria-describedby={hintId}
          aria-valuetext={formatValue(spec, value)}
          min={range.min}
          max={range.max}
          step={range.step}
          value={toPosition(spec, value)}
          disabled={props.disabled}
          onChange={(e) => {
            const v = fromPosition(spec, Number(e.target.value));
            if (v !== value) onChange(v);
          }}
        />
        <input
          type="number"
          className="number"
          aria-labelledby={labelId}
          aria-describedby={hintId}
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
              if (v !== value) onChange(v);
            } else setDraft(text);
          }}
          onBlur={commitDraft}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitDraft();
          }}
        />
      </div>
      <p id={hintId} className={draftInvalid ? 'field-hint field-error' : 'field-hint'}>
        {draftInvalid
          ? `Enter a number from ${formatInt(spec.min)} to ${formatInt(spec.max)}.`
          : (props.note ?? spec.description)}
      </p>
    </div>
  );
}

export function SelectField(props: {
  spec: SelectSpec;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}) {
  const { spec } = props;
  const id = useId();
  return (
    <div className="field select-field" data-key={spec.key}>
      <div className="field-head">
        <label htmlFor={id}>{spec.label}</label>
      </div>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        aria-describedby={`${id}-hint`}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {spec.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="field-hint">
        {spec.description}
      </p>
    </div>
  );
}
