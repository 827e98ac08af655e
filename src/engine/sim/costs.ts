/**
 * Heap costs the engine adds around a channel, all from channel-memory-spec.md §1.10 and §10:
 * spawned tokio tasks (a waiting sender's task, a task handling one message), the consumer's
 * recv_many buffer and the message payload. The channels' own bytes come from the crate models.
 */
import { PAYLOAD_SITE, layoutOf, payloadBytes, roundUp, sizeOf, type MessageType } from '../layout.ts';

export const SITE_PARKED_TASK = 'parked sender task';
export const SITE_HANDLER_TASK = 'handler task';
export const SITE_RECV_BUFFER = 'recv_many buffer';
export { PAYLOAD_SITE };

/** Sites the engine allocates itself (not the channel's). */
export const ENGINE_SITES = [PAYLOAD_SITE, SITE_PARKED_TASK, SITE_HANDLER_TASK, SITE_RECV_BUFFER] as const;

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
 * The future of a task whose body is `tx.send(msg).await`: 3·size_of::<T>() + 168 bytes, which fits
 * both measured points (u64: 192 B; [u8; 1000]: 3,168 B; rustc 1.95, spec §10.5). Compiler-dependent.
 */
export function sendTaskFutureBytes(message: MessageType): number {
  return 3 * sizeOf(message) + 168;
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
