/** What a control looks like, independent of where its value lives in the scenario. */

/** Where a control sits in the panel. */
export type ControlGroup = 'workload' | 'channel' | 'message';

export interface SliderSpec {
  readonly kind: 'slider';
  readonly key: string;
  readonly group: ControlGroup;
  /** the visible label, which is also the accessible name of the slider and of its number field */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** 'log' for ranges that span orders of magnitude (capacity 1 … 1,000,000) */
  readonly scale: 'linear' | 'log';
  /** short unit shown after the value: "B", "msg/s", "ms" */
  readonly unit: string;
  readonly description: string;
}

export interface SelectSpec {
  readonly kind: 'select';
  readonly key: string;
  readonly group: ControlGroup;
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly description: string;
}

export type ControlSpec = SliderSpec | SelectSpec;

/** Slider positions for log scales: 0 … LOG_STEPS. */
export const LOG_STEPS = 1000;

/** Value → slider position. Log scales treat 0 specially so "0 bytes" stays reachable. */
export function toPosition(spec: SliderSpec, value: number): number {
  if (spec.scale === 'linear') return value;
  const lo = Math.log1p(Math.max(0, spec.min));
  const hi = Math.log1p(spec.max);
  if (hi <= lo) return 0;
  const p = ((Math.log1p(Math.max(spec.min, Math.min(spec.max, value))) - lo) / (hi - lo)) * LOG_STEPS;
  return Math.round(p);
}

/** Slider position → value, rounded to the spec's step and kept in range. */
export function fromPosition(spec: SliderSpec, position: number): number {
  if (spec.scale === 'linear') return clampToSpec(spec, position);
  const lo = Math.log1p(Math.max(0, spec.min));
  const hi = Math.log1p(spec.max);
  return clampToSpec(spec, niceRound(Math.expm1(lo + (position / LOG_STEPS) * (hi - lo))));
}

/** Two significant digits on log scales, so dragging lands on 1,000 rather than 1,023. */
function niceRound(x: number): number {
  if (x < 10) return Math.round(x);
  const mag = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.round(x / mag) * mag;
}

export function clampToSpec(spec: SliderSpec, value: number): number {
  const stepped = spec.step > 0 ? Math.round((value - spec.min) / spec.step) * spec.step + spec.min : value;
  const v = Math.min(spec.max, Math.max(spec.min, stepped));
  // avoid 0.30000000000000004 from float steps
  return Number(v.toPrecision(12));
}
