/**
 * std::sync::mpsc as of Rust 1.95: `channel()` (list flavour), `sync_channel(n > 0)` (array
 * flavour) and `sync_channel(0)` (zero flavour). Since Rust 1.67 this is crossbeam-channel's code
 * (std::sync::mpmc), so it shares the model in `mpmc.ts`. std's own rule: dropping the last
 * receiver drops every queued message at once in both flavours (rust-lang/rust#108164).
 */
import type { Heap } from '../heap.ts';
import { refuse, requireCount } from './base.ts';
import { createMpmc, type MpmcRules } from './mpmc.ts';
import type { ChannelParams, CreateResult, ImplName } from './types.ts';

export const STD_RULES: MpmcRules = {
  crate: 'std',
  arrayDiscardsOnReceiverDrop: true,
  boundedOrigin: 'std::sync::mpsc::sync_channel',
};

export function createStd(impl: ImplName, heap: Heap, params: ChannelParams): CreateResult {
  if (impl === 'std-unbounded') return createMpmc(impl, STD_RULES, heap, params, null);
  if (impl === 'std-sync') return createMpmc(impl, STD_RULES, heap, params, requireCount(params, 'capacity'));
  return refuse('limit', 'std', impl, `${impl} is not a std::sync::mpsc channel`);
}
