/** What a control looks like, independent of where its value lives in the scenario. */

/** Where a control sits in the panel (the panel's groups, in the user's words, are in Controls.tsx). */
export type ControlGroup =
  'workload' | 'channel' | 'message' | 'producers' | 'consumers' | 'channels' | 'strategies' | 'run';

/** What every control may carry besides its kind. */
interface CommonSpec {
  /** the schema's default: a value that differs is marked in place (and in the hint screen readers read) */
  readonly default?: number | string | boolean;
}

export interface SliderSpec extends CommonSpec {
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

export interface SelectSpec extends CommonSpec {
  readonly kind: 'select';
  readonly key: string;
  readonly group: ControlGroup;
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly description: string;
}

/** An on/off choice (a checkbox). */
export interface ToggleSpec extends CommonSpec {
  readonly kind: 'toggle';
  readonly key: string;
  readonly group: ControlGroup;
  readonly label: string;
  readonly description: string;
}

/** A number typed in a field, for values a slider would not help with (a seed). */
export interface NumberSpec extends CommonSpec {
  readonly kind: 'number';
  readonly key: string;
  readonly group: ControlGroup;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly description: string;
}

/** Rows of named allocations every channel owner makes (`[{site, bytes}]`, as JSON). */
export interface AllocationsSpec extends CommonSpec {
  readonly kind: 'allocations';
  readonly key: string;
  readonly group: ControlGroup;
  readonly label: string;
  readonly max: number;
  readonly maxBytes: number;
  readonly description: string;
}

export type ControlSpec = SliderSpec | SelectSpec | ToggleSpec | NumberSpec | AllocationsSpec;

/** Mantissas of the values a log slider stops at, per decade: round numbers people type. */
const MANTISSAS = [1, 1.1, 1.2, 1.3, 1.5, 1.6, 1.8, 2, 2.2, 2.5, 2.8, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9];

const stopsCache = new WeakMap<SliderSpec, number[]>();

/**
 * The values a log slider stops at, from min to max: every integer below 10, then round numbers
 * (20 per decade). Each arrow key press moves to the next one, so no press is ever lost to rounding.
 */
export function logStops(spec: SliderSpec): number[] {
  const cached = stopsCache.get(spec);
  if (cached !== undefined) return cached;
  const out = new Set<number>([spec.min]);
  for (let v = Math.max(spec.min, 0); v < Math.min(10, spec.max); v += spec.step >= 1 ? 1 : spec.step) {
    out.add(Number(v.toPrecision(12)));
  }
  for (let mag = 10; mag <= spec.max; mag *= 10) {
    for (const m of MANTISSAS) {
      const v = Math.round(m * mag);
      if (v >= spec.min && v <= spec.max) out.add(v);
    }
  }
  out.add(spec.max);
  const stops = [...out].sort((a, b) => a - b);
  stopsCache.set(spec, stops);
  return stops;
}

/** Number of positions of the range input (0 … n − 1 for log scales, the spec's own range otherwise). */
export function positionRange(spec: SliderSpec): { min: number; max: number; step: number } {
  if (spec.scale === 'linear') return { min: spec.min, max: spec.max, step: spec.step };
  return { min: 0, max: logStops(spec).length - 1, step: 1 };
}

/** Value → slider position: on log scales, the largest stop not above the value. */
export function toPosition(spec: SliderSpec, value: number): number {
  if (spec.scale === 'linear') return value;
  const stops = logStops(spec);
  let i = 0;
  while (i + 1 < stops.length && (stops[i + 1] ?? Infinity) <= value) i++;
  return i;
}

/** Slider position → value, in range and on the spec's step. */
export function fromPosition(spec: SliderSpec, position: number): number {
  if (spec.scale === 'linear') return clampToSpec(spec, position);
  const stops = logStops(spec);
  return clampToSpec(spec, stops[Math.max(0, Math.min(stops.length - 1, Math.round(position)))] ?? spec.min);
}

export function clampToSpec(spec: SliderSpec, value: number): number {
  const stepped = spec.step > 0 ? Math.round((value - spec.min) / spec.step) * spec.step + spec.min : value;
  const v = Math.min(spec.max, Math.max(spec.min, stepped));
  // avoid 0.30000000000000004 from float steps
  return Number(v.toPrecision(12));
}
