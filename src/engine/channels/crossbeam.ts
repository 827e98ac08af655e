/**
 * crossbeam-channel 0.5.16: `unbounded()` (list flavour), `bounded(n > 0)` (array flavour) and
 * `bounded(0)` (zero flavour). The model is the one shared with std (`mpmc.ts`); crossbeam's own
 * rule is that a bounded channel keeps its messages when the last receiver goes, until the last
 * sender is dropped too (spec §3.2; fixed only on crossbeam's master, after 0.5.16).
 */
import type { Heap } from '../heap.ts';
import { refuse, requireCount } from './base.ts';
import type { CrateDescriptor } from './descriptor.ts';
import { createMpmc, mpmcFormula, type MpmcRules } from './mpmc.ts';
import type { ChannelParams, CreateResult, ImplName } from './types.ts';

export const CROSSBEAM_RULES: MpmcRules = {
  crate: 'crossbeam',
  arrayDiscardsOnReceiverDrop: false,
  boundedOrigin: 'crossbeam_channel::bounded',
};

export function createCrossbeam(impl: ImplName, heap: Heap, params: ChannelParams): CreateResult {
  if (impl === 'crossbeam-unbounded') return createMpmc(impl, CROSSBEAM_RULES, heap, params, null);
  if (impl === 'crossbeam-bounded') {
    return createMpmc(impl, CROSSBEAM_RULES, heap, params, requireCount(params, 'capacity'));
  }
  return refuse('limit', 'crossbeam-channel', impl, `${impl} is not a crossbeam-channel channel`);
}

// ───────────────── descriptor: what the rest of the app knows about this crate ─────────────────

export const crossbeamCrate: CrateDescriptor = {
  key: 'crossbeam',
  cargo: 'crossbeam-channel',
  short: 'crossbeam',
  label: 'crossbeam-channel',
  version: 'crossbeam-channel 0.5.16',
  create: createCrossbeam,
  flavors: [
    {
      impl: 'crossbeam-bounded',
      kind: 'bounded',
      bound: 'capacity',
      exactCapacity: true,
      call: 'bounded(C)',
      expression: (t, n) => `crossbeam_channel::bounded::<${t}>(${n})`,
      formula: (message, capacity) => mpmcFormula(true, message, capacity),
    },
    {
      impl: 'crossbeam-unbounded',
      kind: 'unbounded',
      bound: 'none',
      exactCapacity: false,
      call: 'unbounded()',
      expression: (t) => `crossbeam_channel::unbounded::<${t}>()`,
      formula: (message, capacity) => mpmcFormula(false, message, capacity),
    },
  ],
};
