/**
 * The one small interface every crate model implements. A model owns the crate's bookkeeping and
 * calls the simulated {@link Heap} exactly where the real crate calls its allocator.
 *
 * Message values: the caller builds each message (and allocates its payload, e.g. a String's
 * buffer) before a send attempt. A rejected message comes back to the caller, which drops it. A
 * received message goes to the caller, which drops it. Messages the channel destroys itself (a
 * receiver drop that drains, the last handle going) have their payload freed by the model.
 */
import type { Heap } from '../heap.ts';
import type { MessageType } from '../layout.ts';
import type { ChannelStructure } from './structure.ts';

export const IMPL_NAMES = [
  'tokio-bounded',
  'tokio-unbounded',
  'tokio-semaphore',
  'futures-bounded',
  'futures-unbounded',
  'crossbeam-bounded',
  'crossbeam-unbounded',
  'std-sync',
  'std-unbounded',
  'flume-bounded',
  'flume-unbounded',
  'async-bounded',
  'async-unbounded',
] as const;
export type ImplName = (typeof IMPL_NAMES)[number];

export function isImplName(name: string): name is ImplName {
  return (IMPL_NAMES as readonly string[]).includes(name);
}

export type SendOutcome = 'sent' | 'full' | 'closed';

/**
 * What the waiting futures of a channel did so far (golden/2 counting): a send future's message
 * counts as `sent` when the channel takes it, as `rejected` when the future is cancelled before
 * that or ends with an error; `received` counts messages a waiting receive got.
 */
export interface WaitTally {
  readonly sent: number;
  readonly rejected: number;
  readonly received: number;
}

export interface ChannelParams {
  readonly message: MessageType;
  /** Bounded kinds: the capacity passed to the constructor. */
  readonly capacity?: number;
  /** tokio-semaphore: the semaphore's permits. */
  readonly permits?: number;
}

/**
 * A crate refusing an input: a panic (tokio `channel(0)`), an abort, or a documented limit. This is
 * the crate's behaviour, shown to the user with the crate's own message, not a simulator failure.
 */
export interface CrateRefusal {
  readonly kind: 'panic' | 'abort' | 'limit';
  readonly crate: string;
  /** The crate's own message, verbatim where it has one. */
  readonly message: string;
  /** Where the refusal comes from, e.g. `tokio::sync::mpsc::channel`. */
  readonly origin: string;
}

export type CreateResult =
  | { readonly ok: true; readonly channel: ChannelModel }
  | { readonly ok: false; readonly refusal: CrateRefusal };

export interface BulkSendResult {
  readonly sent: number;
  /** Attempts rejected because the channel was full (or, for tokio-semaphore, had no permit). */
  readonly full: number;
  /** Attempts rejected because the channel was closed/disconnected. */
  readonly closed: number;
}

export interface ChannelModel {
  readonly impl: ImplName;
  readonly heap: Heap;
  readonly message: MessageType;
  /** Messages stored by the channel (see `pending` in the golden README). */
  readonly pending: number;
  /** Live sender handle ids. */
  senderIds(): readonly number[];
  readonly receiverAlive: boolean;

  /** One send attempt through sender `sender` (non-blocking: `try_send` or an unbounded `send`). */
  send(sender: number): SendOutcome;
  /** `n` successive send attempts through one sender. Models may do this arithmetically. */
  sendMany(sender: number, n: number): BulkSendResult;
  /** One `try_recv`; true when it returned a message. */
  recv(): boolean;
  /** `n` successive `try_recv` calls; returns how many returned a message. */
  recvMany(n: number): number;
  cloneSender(from: number, as: number): void;
  dropSender(sender: number): void;
  dropReceiver(): void;

  /** The internal structure, for drawing and for text summaries. */
  structure(): ChannelStructure;

  // Waiting operations (golden/2, the async crates only; crossbeam and std block threads instead: for
  // them recvWait / cancelRecv are a thread blocked in recv, spec §3.4, and sendWait is not modelled).
  /**
   * Clones sender `from` into a new send future `fut` (ids are never reused) that sends one message
   * with the crate's async send and then drops its clone; polls it once. The caller built the message.
   */
  sendWait(from: number, fut: number): void;
  /** Drops send future `fut` if it has not finished (a timeout, an aborted task). */
  cancelSend(fut: number): void;
  /** Starts an async receive and polls it once; nothing if one is already waiting. */
  recvWait(): void;
  /** Drops the waiting receive, if any. */
  cancelRecv(): void;
  /**
   * Polls every woken future again, in passes over the send futures in slot order with the waiting
   * receive last, until a pass finds none woken (a woken task runs before the next message).
   */
  runWoken(): void;
  /** Some future waits: then each single send or receive attempt must be followed by {@link runWoken}. */
  readonly hasWaiting: boolean;
  /** Cumulative results of the waiting futures (see {@link WaitTally}). */
  readonly tally: WaitTally;

  // The simulation's waiting senders, in bulk. The engine's producers are counted, not futures: each
  // holds its own long-lived Sender and calls the crate's async send (a blocking send for crossbeam
  // and std) on it. The crate's rules are the same as for the futures above; the two are never mixed.
  /**
   * `n` producers send through their own Senders (`handle` stands for all of them): the messages
   * the channel takes at once complete; then up to `maxPark` producers start waiting with the next
   * messages (futures-channel takes those into its queue at once and parks their senders). The
   * rest are not attempted.
   */
  sendOrPark(
    handle: number,
    n: number,
    maxPark: number,
    /**
     * each send is a task spawned with its own clone of the Sender (`producers.pattern =
     * "task-per-send"`): the clone costs what the crate says while the task lives (futures-channel
     * bounded: its 48 B SenderTask, kept by a parked task until a receive pops its entry)
     */
    clonePerSend?: boolean,
  ): { readonly sent: number; readonly parked: number };
  /**
   * The oldest waiting producers whose send completed since a receive made room (at most `max`):
   * they stop waiting, their messages are in the channel. Returns how many.
   */
  takeCompleted(handle: number, max: number): number;
  /** `n` waiting producers give up (a timeout, their producer leaving): their message comes back to them. */
  cancelParked(n: number): void;
  /** Producers waiting in {@link sendOrPark}, completed ones not yet taken included. */
  readonly parkedSenders: number;
}

/** Raised when a caller names a handle that does not exist: a bug in the caller, never a crate refusal. */
export class HandleError extends Error {
  override readonly name = 'HandleError';
}
