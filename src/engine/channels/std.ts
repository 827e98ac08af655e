/**
 * std::sync::mpsc as of Rust 1.95: `channel()` (list flavour), `sync_channel(n > 0)` (array
 * flavour) and `sync_channel(0)` (zero flavour). Since Rust 1.67 this is crossbeam-channel's code
 * (std::sync::mpmc), so it shares the model in `mpmc.ts`. std's own rule: dropping the last
 * receiver drops every queued message at once in both flavours (rust-lang/rust#108164).
 */
import type { Heap } from '../heap.ts';
import { refuse, requireCount } from './base.ts';
import type { CrateDescriptor } from './descriptor.ts';
import { createMpmc, mpmcFormula, type MpmcRules } from './mpmc.ts';
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

// ───────────────── descriptor: what the rest of the app knows about this crate ─────────────────

export const stdCrate: CrateDescriptor = {
  key: 'std',
  cargo: 'std',
  short: 'std',
  label: 'std::sync::mpsc',
  version: 'std (Rust 1.95.0)',
  create: createStd,
  flavors: [
    {
      impl: 'std-sync',
      kind: 'bounded',
      bound: 'capacity',
      exactCapacity: true,
      call: 'mpsc::sync_channel(C)',
      expression: (t, n) => `std::sync::mpsc::sync_channel::<${t}>(${n})`,
      formula: (message, capacity) => mpmcFormula(true, message, capacity),
    },
    {
      impl: 'std-unbounded',
      kind: 'unbounded',
      bound: 'none',
      exactCapacity: false,
      call: 'mpsc::channel()',
      expression: (t) => `std::sync::mpsc::channel::<${t}>()`,
      formula: (message, capacity) => mpmcFormula(false, message, capacity),
    },
  ],
};
