/**
 * Heap costs the engine adds around a channel, all from channel-memory-spec.md §1.10 and §10 and
 * the golden/2 traces: what a waiting sender costs in each crate, spawned tokio tasks (a task per
 * send, a task handling one message), the consumer's recv_many buffer and the message payload. The
 * channels' own bytes come from the crate models.
 */
import { PAYLOAD_SITE, layoutOf, payloadBytes, roundUp, sizeOf, type MessageType } from '../layout.ts';
import type { ImplName } from '../channels/types.ts';
import { futuresNodeBytes } from '../channels/futures.ts';
import { flumeHookBytes } from '../channels/flume.ts';
import { LISTENER_BYTES } from '../channels/async-channel.ts';

/** A task spawned per send (`producers.pattern = "task-per-send"`), while it waits. */
export const SITE_PARKED_TASK = 'send task cell';
export const SITE_HANDLER_TASK = 'handler task';
export const SITE_RECV_BUFFER = 'recv_many buffer';
/** futures-channel: a parked sender's message already sits in a node of the queue. */
export const SITE_WAIT_NODE = 'futures node (waiting sender’s message)';
/** futures-channel: the parked-queue node of a waiting sender. */
export const SITE_WAIT_PARKED = 'futures parked-queue node (waiting sender)';
/** flume: a waiting sender's hook, holding its message. */
export const SITE_WAIT_HOOK = 'flume hook (holds the message)';
/**
 * flume: the `sending` deque of hook pointers (16 B each, grows like a Vec, kept). It belongs to the
 * channel, but the engine grows it for the senders it keeps waiting in bulk, so it is listed here.
 */
export const SITE_WAIT_DEQUE = 'flume sending VecDeque (kept)';
/** async-channel: a waiting sender's boxed listener. */
export const SITE_WAIT_LISTENER = 'event-listener listener';
/** `OwnedSemaphorePermit`-gated strategies over a crate other than tokio: the gate itself. */
export const SITE_GATE = 'tokio Arc<Semaphore> (gate)';
export { PAYLOAD_SITE };

/** Sites the engine allocates itself (not the channel's). */
export const ENGINE_SITES = [
  PAYLOAD_SITE,
  SITE_PARKED_TASK,
  SITE_HANDLER_TASK,
  SITE_RECV_BUFFER,
  SITE_WAIT_NODE,
  SITE_WAIT_PARKED,
  SITE_WAIT_HOOK,
  SITE_WAIT_LISTENER,
  SITE_WAIT_DEQUE,
  SITE_GATE,
] as const;

/**
 * Sites whose bytes scale with how many senders wait: the rule per sender is measured, but the
 * number waiting comes from the simulated timing, so these figures are modelled, not exact.
 */
export const WAITING_SITES: readonly string[] = [
  SITE_PARKED_TASK,
  SITE_WAIT_NODE,
  SITE_WAIT_PARKED,
  SITE_WAIT_HOOK,
  SITE_WAIT_LISTENER,
  SITE_WAIT_DEQUE,
];

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

export interface WaitEntry {
  readonly site: string;
  readonly bytes: number;
  readonly align: number;
}

/**
 * The heap allocations one waiting sender holds, by crate (golden/2, family T11; the crate models
 * replay those traces op by op): tokio's wait node lives inside the sender's future (0 B);
 * futures-channel takes the message into a queue node at once and adds a 16 B parked-queue node;
 * flume allocates a hook holding the message; async-channel a 56 B listener (the message stays in
 * the future). crossbeam and std block a thread: its message is on its stack. A task spawned per
 * send adds its task cell, which holds the future and so the message.
 */
export function waitingSenderEntries(
  impl: ImplName,
  message: MessageType,
  pattern: ProducerPattern,
): WaitEntry[] {
  const entries: WaitEntry[] = [];
  if (pattern === 'task-per-send') {
    entries.push({ site: SITE_PARKED_TASK, bytes: parkedSenderBytes(message), align: 128 });
  }
  switch (impl) {
    case 'futures-bounded':
      entries.push({ site: SITE_WAIT_NODE, bytes: futuresNodeBytes(message), align: 8 });
      entries.push({ site: SITE_WAIT_PARKED, bytes: 16, align: 8 });
      break;
    case 'flume-bounded':
      entries.push({ site: SITE_WAIT_HOOK, bytes: flumeHookBytes(message), align: 8 });
      break;
    case 'async-bounded':
      entries.push({ site: SITE_WAIT_LISTENER, bytes: LISTENER_BYTES, align: 8 });
      break;
    default:
      break;
  }
  return entries;
}

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
