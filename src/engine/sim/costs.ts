/**
 * Heap costs the engine adds around a channel, from channel-memory-spec.md §1.10 and §10: spawned
 * tokio tasks (a task per send, a task handling one message), the consumer's recv_many buffer and
 * the message payload. The channels' own bytes, waiting senders' included, come from the crate
 * models.
 */
import { PAYLOAD_SITE, layoutOf, payloadBytes, roundUp, sizeOf, type MessageType } from '../layout.ts';
import { SITE_PARKED_NODE } from '../channels/futures.ts';
import { SITE_HOOK, SITE_RECV_HOOK, SITE_SENDING, SITE_WAITING } from '../channels/flume.ts';
import { SITE_LISTENER, SITE_RECV_LISTENER } from '../channels/async-channel.ts';
import { mpmcSites } from '../channels/mpmc.ts';

/** A task spawned per send (`producers.pattern = "task-per-send"`), while it waits. */
export const SITE_PARKED_TASK = 'send task cell';
/**
 * The same task over a crate other than tokio. Only tokio's `send` future was measured
 * (tokio-parked-send.json); the other crates' send futures (futures-channel's `SinkExt::send`,
 * flume's `SendFut`, async-channel's `Send`) were not, so their cell is sized as tokio's and the
 * site says that the size itself is modelled.
 */
export const SITE_PARKED_TASK_MODELLED = 'send task cell (size modelled on tokio’s send future)';

/** Where a task spawned per send is counted for this implementation. */
export function sendTaskSite(impl: string): string {
  return impl.startsWith('tokio-') ? SITE_PARKED_TASK : SITE_PARKED_TASK_MODELLED;
}
export const SITE_HANDLER_TASK = 'handler task';
export const SITE_RECV_BUFFER = 'recv_many buffer';
/**
 * crossbeam/std: the `Context` (`Arc<Inner>`, 48 B, spec §3.4) of every producer thread that ever
 * blocked in `send`, cached in a thread-local for the thread's life. It is the thread's, not the
 * channel's, so the engine counts it: one per producer that ever waited.
 */
export const SITE_THREAD_CONTEXT = 'thread Context (producer threads that blocked)';
/**
 * crossbeam/std: the `Context` (48 B) of a consumer thread that blocked in `recv` on an empty
 * channel, kept in its thread-local until the thread ends (a worker told to stop frees it).
 */
export const SITE_CONSUMER_CONTEXT = 'thread Context (consumer threads that blocked)';
/** `OwnedSemaphorePermit`-gated strategies over a crate other than tokio: the gate itself. */
export const SITE_GATE = 'tokio Arc<Semaphore> (gate)';
export { PAYLOAD_SITE };

/** Sites the engine allocates itself (not the channel's). */
export const ENGINE_SITES = [
  PAYLOAD_SITE,
  SITE_PARKED_TASK,
  SITE_PARKED_TASK_MODELLED,
  SITE_HANDLER_TASK,
  SITE_RECV_BUFFER,
  SITE_GATE,
  SITE_THREAD_CONTEXT,
  SITE_CONSUMER_CONTEXT,
] as const;

/**
 * What a consumer waiting on an empty channel costs, per crate (spec §3.4, §4.2, §5.2): flume's
 * receive hook and its kept `waiting` deque, event-listener's listener on `recv_ops`, crossbeam/std's
 * kept receivers' entry Vec and the thread's Context. tokio and futures-channel register a waker in
 * place (0 B). Whether the consumer waits depends on the simulated timing: modelled.
 */
export const CONSUMER_WAIT_SITES: readonly string[] = [
  SITE_RECV_HOOK,
  SITE_WAITING,
  SITE_RECV_LISTENER,
  SITE_CONSUMER_CONTEXT,
  mpmcSites('crossbeam').receiverWakerEntries,
  mpmcSites('std').receiverWakerEntries,
];

/** The task cells of a task spawned per send (engine sites). */
export const SEND_TASK_SITES: readonly string[] = [SITE_PARKED_TASK, SITE_PARKED_TASK_MODELLED];

/**
 * Sites of waiting senders' structures (the crate models' own: futures-channel's parked-queue
 * nodes, flume's hooks and their deque, event-listener's listeners, crossbeam/std's waker entries,
 * and the producer threads' contexts the engine counts).
 */
export const SENDER_WAIT_SITES: readonly string[] = [
  SITE_PARKED_NODE,
  SITE_HOOK,
  SITE_SENDING,
  SITE_LISTENER,
  SITE_THREAD_CONTEXT,
  mpmcSites('crossbeam').wakerEntries,
  mpmcSites('std').wakerEntries,
];

/**
 * Sites whose bytes scale with how many senders wait, or with whether the consumer waits: the rule
 * is measured, but who waits comes from the simulated timing, so these figures are modelled, not
 * exact.
 */
export const WAITING_SITES: readonly string[] = [
  ...SEND_TASK_SITES,
  ...SENDER_WAIT_SITES,
  ...CONSUMER_WAIT_SITES,
];

/** The waiting sites the crate models own (part of the channels' bytes): the engine's cells and Contexts excluded. */
export const CHANNEL_WAITING_SITES: readonly string[] = WAITING_SITES.filter(
  (site) => !(ENGINE_SITES as readonly string[]).includes(site),
);

/** `ArcInner<tokio::sync::Semaphore>`: 16 B of counts + 40 B (spec §1.10). */
export const GATE_ARC_BYTES = 56;

/**
 * What a producer-gated channel carries when the crate is not tokio's gated model: the message and
 * its `OwnedSemaphorePermit` (16 B: an Arc pointer, so the tuple has a niche) as one tuple.
 */
export function gatedMessage(message: MessageType): MessageType {
  const t = layoutOf(message);
  const align = Math.max(t.align, 8);
  return { kind: 'custom', size: roundUp(t.size + OWNED_PERMIT_BYTES, align), align, niche: true };
}

/** How producers send: one long-lived task each (the default), or a task spawned for every send. */
export type ProducerPattern = 'task' | 'task-per-send';

/** `OwnedSemaphorePermit { sem: Arc<Semaphore>, permits: u32 }` */
export const OWNED_PERMIT_BYTES = 16;

/**
 * A spawned task's single allocation (the task `Cell`, 128-aligned) for a future of `futureBytes`:
 * ru(104 + max(F, 24), 128), where 24 is `Result<(), JoinError>`.
 */
export function taskCellBytes(futureBytes: number): number {
  return roundUp(104 + Math.max(futureBytes, 24), 128);
}

/**
 * The future of a task whose body is `tx.send(msg).await` (rustc 1.95, tokio 1.53): the `Send`
 * future (2·s + 152, the argument twice plus the reserve state), the captured message (s) and
 * Sender (8) and the state tag (1), rounded to the alignment. It gives the four measured sizes of
 * golden/extra/tokio-parked-send.json exactly: u64 192, [u8; 100] 464, [u8; 1000] 3,168, String 240.
 * Compiler-dependent.
 */
export function sendTaskFutureBytes(message: MessageType): number {
  const t = layoutOf(message);
  return roundUp(3 * t.size + 161, Math.max(8, t.align));
}

export function parkedSenderBytes(message: MessageType): number {
  return taskCellBytes(sendTaskFutureBytes(message));
}

/** A task handling one message: the message, its permit when gated, and the user's own state. */
export function handlerTaskBytes(message: MessageType, gated: boolean, stateBytes: number): number {
  const t = layoutOf(message);
  return taskCellBytes(roundUp(t.size + (gated ? OWNED_PERMIT_BYTES : 0) + stateBytes, Math.max(8, t.align)));
}

/** Bytes one message keeps alive wherever it is: its inline value plus its heap payload. */
export function messageBytes(message: MessageType): number {
  return sizeOf(message) + payloadBytes(message);
}

/**
 * Where a strategy's heap is, in the parts the comparison shows (they add up to the heap). Which
 * parts exist because someone waits, and so depend on the simulated timing, is said by
 * {@link BYTES_WHERE_BASIS}.
 */
export interface BytesWhere {
  /** the channels' own structures (blocks, buffers, Arcs, message nodes, kept deques and Vecs not for waiters) */
  readonly channel: number;
  /** what the crates allocate for waiting senders (hooks, listeners, parked-queue nodes, waker entries, producer threads' Contexts) */
  readonly waitingSenders: number;
  /** heap payloads of the messages waiting senders hold (a String's buffer, …) */
  readonly heldByWaitingSenders: number;
  /** the waiting consumer's hook, listener, entry Vec and thread Context */
  readonly waitingConsumer: number;
  /** the cells of tasks spawned per send, while they wait */
  readonly sendTaskCells: number;
  /** heap payloads of the other messages (queued, in a consumer's hands) */
  readonly messages: number;
  /** everything else: handler tasks, recv_many buffers, the gate's Arc<Semaphore>, each owner's extras */
  readonly other: number;
}

export const BYTES_WHERE_BASIS: Readonly<Record<keyof BytesWhere, 'exact' | 'modelled'>> = {
  channel: 'exact',
  waitingSenders: 'modelled',
  heldByWaitingSenders: 'modelled',
  waitingConsumer: 'modelled',
  sendTaskCells: 'modelled',
  messages: 'exact',
  other: 'exact',
};

/**
 * Splits a heap by site into {@link BytesWhere}: `sites` are every allocation site's live bytes,
 * `channelBytes` the channels' bytes (the heap without the engine's own sites), `heldByWaiting` the
 * payload bytes of the waiting senders' messages.
 */
export function bytesWhere(
  sites: readonly { readonly site: string; readonly liveBytes: number }[],
  channelBytes: number,
  heldByWaiting: number,
): BytesWhere {
  let total = 0;
  let senders = 0;
  let consumer = 0;
  let tasks = 0;
  let payloads = 0;
  for (const { site, liveBytes } of sites) {
    total += liveBytes;
    if (SENDER_WAIT_SITES.includes(site)) senders += liveBytes;
    else if (CONSUMER_WAIT_SITES.includes(site)) consumer += liveBytes;
    else if (SEND_TASK_SITES.includes(site)) tasks += liveBytes;
    else if (site === PAYLOAD_SITE) payloads += liveBytes;
  }
  // the waiting structures the crate models own are part of channelBytes
  const engineWaiting = sitesIn(sites, [SITE_THREAD_CONTEXT, SITE_CONSUMER_CONTEXT]);
  const channel = channelBytes - (senders + consumer - engineWaiting);
  const held = Math.min(heldByWaiting, payloads);
  return {
    channel,
    waitingSenders: senders,
    heldByWaitingSenders: held,
    waitingConsumer: consumer,
    sendTaskCells: tasks,
    messages: payloads - held,
    other: total - channel - senders - consumer - tasks - payloads,
  };
}

function sitesIn(sites: readonly { readonly site: string; readonly liveBytes: number }[], names: string[]) {
  let b = 0;
  for (const s of sites) if (names.includes(s.site)) b += s.liveBytes;
  return b;
}
