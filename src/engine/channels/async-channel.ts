// Not modelled yet: being written.
import type { Heap } from '../heap.ts';
import { refuse } from './base.ts';
import type { ChannelParams, CreateResult, ImplName } from './types.ts';

export function createAsyncChannel(impl: ImplName, _heap: Heap, _params: ChannelParams): CreateResult {
  return refuse('limit', impl, impl, 'not modelled yet');
}
