/** The calculator's inputs for the channel a strategy creates (the app's panel and the embed start there). */
import type { Scenario } from '../../engine/scenario/index.ts';
import type { ChannelChoice } from '../store.ts';
import { DEFAULT_INPUTS, LIMITS, type CalculatorInputs } from './calc-spec.ts';

export function calculatorInputsOf(
  choice: ChannelChoice | null,
  scenario: Scenario | null = null,
): Partial<CalculatorInputs> {
  const m = choice?.message;
  if (m === undefined || choice === null) return {};
  const common = {
    capacity: Math.min(choice.capacity, LIMITS.capacity.max),
    channels: Math.min(Math.max(1, choice.channels), LIMITS.channels.max),
  };
  switch (m.kind) {
    case 'string':
      return { ...common, payload: 'string', size: Math.min(m.len, LIMITS.size.max) };
    case 'bytes':
      return { ...common, payload: 'bytes', size: Math.min(m.size, LIMITS.size.max) };
    case 'u64':
      return { ...common, payload: 'u64' };
    case 'rust':
      return { ...common, payload: 'rust', rust: m.text, lengths: scenario?.message.lengths ?? [] };
    case 'custom':
      // a type known by its size only: the same bytes inline
      return { ...common, payload: 'bytes', size: m.size };
  }
}

/** Every input, from the focused strategy's channel where it says, the defaults elsewhere. */
export function fullInputsOf(choice: ChannelChoice | null, scenario: Scenario | null): CalculatorInputs {
  return { ...DEFAULT_INPUTS, ...calculatorInputsOf(choice, scenario) };
}
