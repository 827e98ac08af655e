/**
 * What each model exposes of its internals for drawing. Long queues are windowed: the first and last
 * few blocks are listed and `omittedBlocks` says how many lie between, so 10^9 pending messages still
 * produce a small snapshot.
 */

/** State of one slot as the real crate sees it. */
export type SlotState =
  /** never written in this lap */
  | 'empty'
  /** holds a message */
  | 'written'
  /** its message was taken */
  | 'read'
  /** tokio: the slot used by the close marker */
  | 'close'
  /** crossbeam/std/concurrent-queue list: position 31, never holds a message */
  | 'unused';

export interface CommonStructure {
  readonly pending: number;
  readonly senders: number;
  readonly receiverAlive: boolean;
  /** a receive is waiting (an async one, or a thread blocked in recv for crossbeam/std) */
  readonly receiverWaiting?: boolean;
  /** crossbeam/std: capacity of the receivers' waker entry Vec (kept once a receive blocked) */
  readonly receiverWakerCapacity?: number;
  /**
   * senders waiting on this channel: send futures and the simulation's waiting producers (counted,
   * not listed); absent when the crate has no waiting senders to show
   */
  readonly waitingSenders?: number;
}

export interface TokioBlockView {
  readonly start: number;
  /** 32 entries */
  readonly slots: readonly SlotState[];
  /** Senders have finished with the block (RELEASED bit). */
  readonly released: boolean;
  /** `observed_tail_position` stored when the block was released, else null. */
  readonly observedTail: number | null;
  /** 'live': between free_head and block_tail; 'spare': linked after block_tail, waiting for reuse. */
  readonly role: 'live' | 'spare';
  readonly isHead: boolean;
  readonly isFreeHead: boolean;
  readonly isBlockTail: boolean;
}

export interface TokioStructure extends CommonStructure {
  readonly kind: 'tokio-list';
  readonly blockCap: number;
  readonly blockBytes: number;
  /** `Arc<Chan>`: 512 bytes, most of it cache-line padding. */
  readonly chanBytes: number;
  /** bytes of the 512 that hold data (the rest is padding) */
  readonly chanUsedBytes: number;
  readonly tailPosition: number;
  readonly rxIndex: number;
  readonly totalBlocks: number;
  readonly spareBlocks: number;
  readonly blocks: readonly TokioBlockView[];
  readonly omittedBlocks: number;
  readonly txClosed: boolean;
  readonly closeMarkerIndex: number | null;
  readonly rxClosed: boolean;
  /** Bounded: the channel's semaphore. */
  readonly semaphore: { readonly available: number; readonly capacity: number } | null;
  /** tokio-semaphore: the gate `Arc<Semaphore>` (null once freed). */
  readonly gate: { readonly available: number; readonly permits: number; readonly arcBytes: number } | null;
  /**
   * Send futures queued on the semaphore, oldest first. The list is intrusive: each node lives inside
   * its future, so it costs the heap 0 B (`waitListBytes`).
   */
  readonly waitList: readonly number[];
  readonly waitListBytes: 0;
}

export interface ListBlockView {
  /** block number in the channel's life (message m → block m / 31) */
  readonly index: number;
  /** 32 entries; the last is always 'unused' */
  readonly slots: readonly SlotState[];
}

/** crossbeam/std list flavour and concurrent-queue's unbounded queue: 31 slots per 32-position lap. */
export interface ListStructure extends CommonStructure {
  readonly kind: 'list-31';
  readonly blockBytes: number;
  readonly headerBytes: number;
  /** messages sent so far (head/tail as message counts, not shifted indices) */
  readonly head: number;
  readonly tail: number;
  readonly totalBlocks: number;
  readonly blocks: readonly ListBlockView[];
  readonly omittedBlocks: number;
}

/** The preallocated ring of crossbeam/std `bounded(n)` and concurrent-queue's bounded queue. */
export interface ArrayStructure extends CommonStructure {
  readonly kind: 'array-ring';
  readonly headerBytes: number;
  readonly capacity: number;
  readonly slotBytes: number;
  /** index of the next slot to read and to write, modulo capacity */
  readonly head: number;
  readonly tail: number;
  readonly len: number;
  /** crossbeam/std: capacity of the blocked senders' waker entry Vec (kept), and one entry's bytes */
  readonly senderWakerCapacity?: number;
  readonly wakerEntryBytes?: number;
}

/** std/crossbeam zero-capacity (rendezvous) flavour: no buffer at all. */
export interface ZeroStructure extends CommonStructure {
  readonly kind: 'zero';
  readonly headerBytes: number;
  readonly senderWakerCapacity?: number;
  readonly wakerEntryBytes?: number;
}

/**
 * Most entries a structure lists of a list that grows with the producers (futures-channel's senders
 * and parked queue): a snapshot stays small with a million producers. The views draw fewer (two rows
 * of chips as wide as the canvas, 26 px each, come to under 160 on a 2,000 px canvas); counts say the rest.
 */
export const LISTED_MAX = 256;

export interface FuturesStructure extends CommonStructure {
  readonly kind: 'futures-nodes';
  readonly bounded: boolean;
  readonly innerBytes: number;
  readonly nodeBytes: number;
  /** message nodes queued, not counting the stub */
  readonly queuedNodes: number;
  /** bounded: `buffer`; capacity is buffer + live senders */
  readonly buffer: number | null;
  /**
   * bounded: the first {@link LISTED_MAX} senders (handle order) with their SenderTask's parked flag;
   * `senders` counts them all
   */
  readonly senderTasks: readonly { readonly id: number; readonly parked: boolean }[];
  /**
   * the first {@link LISTED_MAX} parked senders the model names, in queue order (a send future's
   * clone has an id below 0; a producer parked by its own try_send, its handle); the simulation's
   * producers waiting in `send().await` and the clones of tasks spawned per send are counted in
   * `parkedCount`, not named
   */
  readonly parkedQueue: readonly number[];
  /**
   * entries in the parked queue, whoever they belong to: the "N parked" the anatomy shows. Of them,
   * `waitingSenders` wait in a send (send futures, the simulation's producers in `send().await`);
   * the others were parked by `try_send` (refused until a receive unparks them), not blocked
   */
  readonly parkedCount: number;
  /** bounded: each parked entry's node (16 B) and each sender's `Arc<Mutex<SenderTask>>` (48 B) */
  readonly parkedNodeBytes: number;
  readonly senderTaskBytes: number;
  readonly closed: boolean;
}

export interface FlumeStructure extends CommonStructure {
  readonly kind: 'flume-vecdeque';
  readonly bounded: boolean;
  readonly capacity: number | null;
  readonly sharedBytes: number;
  readonly elemBytes: number;
  readonly queueLen: number;
  /** VecDeque capacity in elements: doubles, never shrinks */
  readonly queueCapacity: number;
  readonly waitingSenders: number;
  /** the hooks in `sending`, oldest first: the send future they belong to and whether they still hold the message */
  readonly sendingHooks: readonly { readonly fut: number; readonly holdsMessage: boolean }[];
  /** one hook `Arc` (sender's or receiver's: the same type) */
  readonly hookBytes: number;
  /** capacities of the `sending` and `waiting` deques of 16 B hook pointers: they never shrink */
  readonly sendingCapacity: number;
  readonly waitingCapacity: number;
  readonly disconnected: boolean;
}

export interface AsyncChannelStructure extends CommonStructure {
  readonly kind: 'async-channel';
  readonly flavor: 'single' | 'bounded' | 'unbounded';
  readonly channelBytes: number;
  /** which of the four lazily created event-listener inners exist */
  readonly events: {
    readonly sendOps: boolean;
    readonly recvOps: boolean;
    readonly streamOps: boolean;
    readonly closedOps: boolean;
  };
  readonly eventBytes: number;
  /** listeners linked into `send_ops` (send futures, in list order) and `recv_ops`; 56 B each */
  readonly sendListeners: readonly { readonly fut: number; readonly notified: boolean }[];
  readonly recvListeners: number;
  readonly listenerBytes: number;
  readonly queue: ArrayStructure | ListStructure | { readonly kind: 'single'; readonly full: boolean };
  readonly closed: boolean;
}

export type ChannelStructure =
  | TokioStructure
  | ListStructure
  | ArrayStructure
  | ZeroStructure
  | FuturesStructure
  | FlumeStructure
  | AsyncChannelStructure;
