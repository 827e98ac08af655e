/** The registry: one factory per implementation name used by the golden files. */
import type { Heap } from '../heap.ts';
import { createTokio } from './tokio.ts';
import { createFutures } from './futures.ts';
import { createCrossbeam } from './crossbeam.ts';
import { createStd } from './std.ts';
import { createFlume } from './flume.ts';
import { createAsyncChannel } from './async-channel.ts';
import type { ChannelParams, CreateResult, ImplName } from './types.ts';

type Factory = (impl: ImplName, heap: Heap, params: ChannelParams) => CreateResult;

const FACTORIES: Record<ImplName, Factory> = {
  'tokio-bounded': createTokio,
  'tokio-unbounded': createTokio,
  'tokio-semaphore': createTokio,
  'futures-bounded': createFutures,
  'futures-unbounded': createFutures,
  'crossbeam-bounded': createCrossbeam,
  'crossbeam-unbounded': createCrossbeam,
  'std-sync': createStd,
  'std-unbounded': createStd,
  'flume-bounded': createFlume,
  'flume-unbounded': createFlume,
  'async-bounded': createAsyncChannel,
  'async-unbounded': createAsyncChannel,
};

/** Creates a channel of `impl`, allocating what the real constructor allocates on `heap`. */
export function createChannel(impl: ImplName, heap: Heap, params: ChannelParams): CreateResult {
  return FACTORIES[impl](impl, heap, params);
}

/** Whether the implementation takes a capacity (`capacity`) or permits (`permits`) or nothing. */
export function boundKind(impl: ImplName): 'capacity' | 'permits' | 'none' {
  if (impl === 'tokio-semaphore') return 'permits';
  if (impl.endsWith('-bounded') || impl === 'std-sync') return 'capacity';
  return 'none';
}

export { IMPL_NAMES, isImplName } from './types.ts';
export type {
  ChannelModel,
  ChannelParams,
  CreateResult,
  ImplName,
  CrateRefusal,
  SendOutcome,
} from './types.ts';
