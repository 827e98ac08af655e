/**
 * The engineer's calculator: for N channels of message type T at capacity C, what each crate allocates
 * at creation, when holding C messages, and after draining them, side by side. Every figure comes from
 * running the crate models themselves (no second formula); the formula text only explains it.
 */
import { Heap } from './heap.ts';
import {
  CACHE_LINE,
  PAYLOAD_SITE,
  layoutOf,
  optionLayout,
  payloadBytes,
  roundUp,
  type MessageType,
} from './layout.ts';
import { boundKind, createChannel, IMPL_NAMES, type CrateRefusal, type ImplName } from './channels/index.ts';

export interface CalculatorInput {
  readonly message: MessageType;
  /** capacity of bounded kinds, permits of the semaphore gate, and the number of messages sent to every kind */
  readonly capacity: number;
  /** number of identical channels */
  readonly channels: number;
  readonly impls?: readonly ImplName[];
}

export interface CalculatorRow {
  readonly impl: ImplName;
  /** bytes of one channel right after creation */
  readonly create: number;
  /** bytes of one channel holding the messages it accepted (at most C), message payloads included */
  readonly full: number;
  /** messages the channel accepted out of C */
  readonly accepted: number;
  /** bytes of one channel after receiving every message */
  readonly drained: number;
  readonly allocsToFill: number;
  /** totals for N channels */
  readonly totalCreate: number;
  readonly totalFull: number;
  readonly totalDrained: number;
  readonly formula: string;
  readonly refusal: CrateRefusal | null;
}

/** Rows for every implementation (or the chosen ones). A crate that panics on the input gets its refusal. */
export function calculate(input: CalculatorInput): CalculatorRow[] {
  return (input.impls ?? IMPL_NAMES).map((impl) => row(impl, input));
}

function row(impl: ImplName, { message, capacity, channels }: CalculatorInput): CalculatorRow {
  const heap = new Heap();
  const kind = boundKind(impl);
  const params =
    kind === 'capacity'
      ? { message, capacity }
      : kind === 'permits'
        ? { message, permits: capacity }
        : { message };
  const r = createChannel(impl, heap, params);
  const formula = formulaFor(impl, message, capacity);
  if (!r.ok) {
    return {
      impl,
      create: 0,
      full: 0,
      accepted: 0,
      drained: 0,
      allocsToFill: 0,
      totalCreate: 0,
      totalFull: 0,
      totalDrained: 0,
      formula,
      refusal: r.refusal,
    };
  }
  const ch = r.channel;
  const create = heap.liveBytes;
  const allocsBefore = heap.allocs;
  const payload = payloadBytes(message);
  heap.alloc(PAYLOAD_SITE, payload, 1, capacity);
  const sent = ch.sendMany(0, capacity);
  heap.free(PAYLOAD_SITE, payload, sent.full + sent.closed);
  const full = heap.liveBytes;
  const allocsToFill = heap.allocs - allocsBefore - (payload > 0 ? capacity : 0);
  const got = ch.recvMany(sent.sent);
  heap.free(PAYLOAD_SITE, payload, got);
  const drained = heap.liveBytes;
  return {
    impl,
    create,
    full,
    accepted: sent.sent,
    drained,
    allocsToFill,
    totalCreate: create * channels,
    totalFull: full * channels,
    totalDrained: drained * channels,
    formula,
    refusal: null,
  };
}

/** A one-line explanation of where the creation bytes come from, with this T's numbers filled in. */
export function formulaFor(impl: ImplName, message: MessageType, capacity: number): string {
  const { size: s, align: a } = layoutOf(message);
  const slot8 = roundUp(s + 8, Math.max(8, a));
  const listBlock = roundUp(8 + 31 * slot8, Math.max(8, a));
  switch (impl) {
    case 'tokio-bounded':
    case 'tokio-unbounded':
      return `Arc<Chan> 512 (align ${CACHE_LINE}, mostly padding) + block 32 + 32·${s} = ${32 + 32 * s}; one more block per 32 messages; ≤ 4 blocks kept after a drain`;
    case 'tokio-semaphore': {
      const tuple = roundUp(s + 16, Math.max(8, a));
      return `Arc<Semaphore> 56 + Arc<Chan> 512 + block 32 + 32·${tuple} (T + OwnedSemaphorePermit) = ${32 + 32 * tuple}`;
    }
    case 'futures-bounded': {
      const node = roundUp(8 + optionLayout(message).size, Math.max(8, a));
      return `Arc<BoundedInner> 96 + stub node ${node} + parked stub 16 + SenderTask 48; +${node} per queued message; capacity ${capacity} + senders`;
    }
    case 'futures-unbounded': {
      const node = roundUp(8 + optionLayout(message).size, Math.max(8, a));
      return `Arc<UnboundedInner> 72 + stub node ${node}; +${node} per queued message, freed on receive`;
    }
    case 'crossbeam-unbounded':
    case 'std-unbounded':
      return `Counter 512 (align ${CACHE_LINE}); first block lazily 8 + 31·${slot8} = ${listBlock}; next block at each block's 31st message; 1 block kept`;
    case 'crossbeam-bounded':
    case 'std-sync':
      return capacity === 0
        ? 'zero-capacity (rendezvous) flavour: Counter 136, no buffer'
        : `Counter 640 (align ${CACHE_LINE}) + ring ${capacity}·${slot8} = ${capacity * slot8}, allocated up front`;
    case 'flume-bounded':
    case 'flume-unbounded':
      return `Arc<Shared> 152; VecDeque<T> grows 4 → 8 → 16 … slots of ${s} B (×2, realloc) and never shrinks`;
    case 'async-bounded':
      return capacity === 1
        ? 'Arc<Channel> 768 (align 128, the Single flavour holds T inline); +72 per event listener on first use'
        : `Arc<Channel> 768 (align 128) + ring ${capacity}·${slot8} = ${capacity * slot8}; +72 per event listener on first use`;
    case 'async-unbounded':
      return `Arc<Channel> 768 (align 128); list blocks of 8 + 31·${slot8} = ${listBlock} as crossbeam; +72 per event listener on first use`;
  }
}
