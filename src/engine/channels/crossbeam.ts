/**
 * crossbeam-channel 0.5.16: `unbounded()` (list flavour), `bounded(n > 0)` (array flavour) and
 * `bounded(0)` (zero flavour). The model is the one shared with std (`mpmc.ts`); crossbeam's own
 * rule is that a bounded channel keeps its messages when the last receiver goes, until the last
 * sender is dropped too (spec §3.2; fixed only on crossbeam's master, after 0.5.16).
 */
import type { Heap } from '../heap.ts';
import { refuse, requireCount } from './base.ts';
import { createMpmc, type MpmcRules } from './mpmc.ts';
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
