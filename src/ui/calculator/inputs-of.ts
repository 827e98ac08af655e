/** The calculator's inputs for the channel a strategy creates (the app's panel and the embed start there). */
import type { ChannelChoice } from '../store.ts';
import type { CalculatorInputs } from './CalculatorPanel.tsx';

export function calculatorInputsOf(choice: ChannelChoice | null): Partial<CalculatorInputs> {
  const m = choice?.message;
  if (m === undefined || choice === null) return {};
  return {
    payload: m.kind === 'string' ? 'string' : m.kind === 'u64' ? 'u64' : 'bytes',
    size: m.kind === 'string' ? m.len : m.kind === 'bytes' ? m.size : 8,
    capacity: Math.min(choice.capacity, 10_000_000),
    channels: Math.min(Math.max(1, choice.channels), 10_000_000),
  };
}
