/**
 * The anatomy view in words, for screen readers and for anyone who prefers to read: the same facts
 * the canvas draws, from the same structure.
 */
import type { ChannelStructure, ListStructure, TokioStructure } from '../engine/channels/index.ts';
import { formatBytesHuman, formatInt } from './format.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${formatInt(n)} ${n === 1 ? one : many}`;

function tokio(s: TokioStructure): string[] {
  const out = [
    `Arc<Chan>: ${formatInt(s.chanBytes)} B, of which ${formatInt(s.chanUsedBytes)} B hold data and ${formatInt(
      s.chanBytes - s.chanUsedBytes,
    )} B are cache-line padding.`,
    `${plural(s.totalBlocks, 'block')} of ${formatInt(s.blockBytes)} B (32 slots each)${
      s.spareBlocks > 0
        ? `, ${plural(s.spareBlocks, 'spare block')} linked after the tail and kept for reuse (tokio keeps at most 3; a reclaimed block beyond that is freed)`
        : ''
    }${s.omittedBlocks > 0 ? `; ${plural(s.omittedBlocks, 'block')} in the middle not drawn` : ''}.`,
  ];
  // every live block before block_tail is released, drawn or not (the middle of a long chain is not drawn)
  const released = s.totalBlocks === 0 ? 0 : s.totalBlocks - s.spareBlocks - 1;
  if (released > 0) {
    out.push(
      `${plural(released, 'block')} released by the senders (still allocated): once the receiver has read past one, it is reused as a spare after the tail while fewer than 3 spares are linked, and freed otherwise.`,
    );
  }
  out.push(
    `${plural(s.pending, 'message')} queued. The receiver reads slot ${formatInt(s.rxIndex)} next; the next send writes slot ${formatInt(
      s.tailPosition,
    )}.`,
  );
  if (s.closeMarkerIndex !== null)
    out.push(`All senders are gone: the close marker is in slot ${formatInt(s.closeMarkerIndex)}.`);
  if (s.semaphore !== null) {
    out.push(
      `Bounded: ${formatInt(s.semaphore.available)} of ${formatInt(s.semaphore.capacity)} permits available.`,
    );
  }
  if (s.gate !== null) {
    out.push(
      `Semaphore gate (Arc<Semaphore>, ${formatInt(s.gate.arcBytes)} B): ${formatInt(s.gate.available)} of ${formatInt(
        s.gate.permits,
      )} permits available.`,
    );
  }
  return out;
}

function list(s: ListStructure, header: string): string[] {
  return [
    `${header}: ${formatInt(s.headerBytes)} B.`,
    `${plural(s.totalBlocks, 'block')} of ${formatInt(s.blockBytes)} B (31 message slots each; the 32nd position is never used).`,
    `${plural(s.pending, 'message')} queued; ${formatInt(s.head)} received and ${formatInt(s.tail)} sent so far.`,
  ];
}

/**
 * What the senders waiting on this channel hold, in the crate's own terms (golden/2 rules). `waiting`
 * is the simulation's count (its senders wait in bulk, not as futures inside the model).
 */
export function describeWaiting(s: ChannelStructure, waiting: number): string | null {
  const n = Math.max(waiting, s.waitingSenders ?? 0, s.kind === 'tokio-list' ? s.waitList.length : 0);
  if (s.kind === 'flume-vecdeque' && n === 0 && s.sendingCapacity > 0) {
    return `Nobody waits now; the sending deque keeps room for ${plural(s.sendingCapacity, 'hook pointer')} (${formatInt(
      s.sendingCapacity * 16,
    )} B).`;
  }
  if ((s.kind === 'array-ring' || s.kind === 'zero') && n === 0 && (s.senderWakerCapacity ?? 0) > 0) {
    return `Nobody is blocked now; the senders' waker Vec keeps room for ${plural(
      s.senderWakerCapacity ?? 0,
      'entry',
      'entries',
    )} (${formatInt((s.senderWakerCapacity ?? 0) * (s.wakerEntryBytes ?? 24))} B).`;
  }
  if (s.kind === 'futures-nodes' && s.parkedCount > n) {
    // parked by try_send (or start_send): the message was taken, nothing blocks (spec §2.2)
    return `${plural(s.parkedCount, 'sender')} parked, ${n === 0 ? 'none of them' : `${formatInt(n)} of them`} waiting in a send: each parked Sender's message already sits in a ${formatInt(
      s.nodeBytes,
    )} B node of the queue and its entry is a ${formatInt(s.parkedNodeBytes)} B node in the parked queue, holding its ${formatInt(
      s.senderTaskBytes,
    )} B SenderTask; a parked Sender's next send is refused (Full) until a receive pops its entry.`;
  }
  if (n === 0) return null;
  switch (s.kind) {
    case 'tokio-list':
      return `${plural(n, 'sender')} waiting in the semaphore's wait list: 0 B on the heap, because the list is intrusive and each node lives inside its sender's future.`;
    case 'futures-nodes':
      return `${plural(n, 'sender')} parked: each holds its own ${formatInt(s.senderTaskBytes)} B SenderTask, its message already sits in a ${formatInt(
        s.nodeBytes,
      )} B node, and a ${formatInt(s.parkedNodeBytes)} B node in the parked queue.`;
    case 'flume-vecdeque':
      return `${plural(n, 'sender')} waiting, each in a ${formatInt(s.hookBytes)} B hook on the heap holding its message; the sending deque of hook pointers has room for ${formatInt(
        s.sendingCapacity,
      )} and keeps it.`;
    case 'async-channel':
      return `${plural(n, 'sender')} waiting, each with a ${formatInt(s.listenerBytes)} B listener linked into send_ops; the message stays in the sender's future.`;
    case 'array-ring':
    case 'zero':
      return `${plural(n, 'thread')} blocked on the full channel, each with a ${formatInt(
        s.wakerEntryBytes ?? 24,
      )} B entry in the senders' waker Vec (room for ${formatInt(
        s.senderWakerCapacity ?? 0,
      )}, kept) and its own 48 B Context; each message stays on its thread's stack.`;
    default:
      return `${plural(n, 'thread')} blocked on the full channel; each message stays on its thread's stack.`;
  }
}

/** What the consumer waiting on this empty channel holds, in the crate's own terms (null when it does not wait and nothing is kept). */
export function describeConsumer(s: ChannelStructure): string | null {
  const waiting = s.receiverWaiting === true;
  switch (s.kind) {
    case 'tokio-list':
      return waiting
        ? 'The consumer waits for the next message: 0 B, its waker is stored in the channel.'
        : null;
    case 'futures-nodes':
      return waiting
        ? 'The consumer waits for the next message: 0 B, its waker is stored in the channel (recv_task).'
        : null;
    case 'flume-vecdeque':
      if (waiting) {
        return `The consumer waits for the next message in a receive hook of ${formatInt(s.hookBytes)} B, in the waiting deque (room for ${formatInt(
          s.waitingCapacity,
        )}, kept).`;
      }
      return s.waitingCapacity > 0
        ? `The consumer is not waiting; the waiting deque keeps room for ${plural(s.waitingCapacity, 'hook pointer')} (${formatInt(
            s.waitingCapacity * 16,
          )} B).`
        : null;
    case 'async-channel':
      return waiting
        ? `The consumer waits for the next message with a ${formatInt(s.listenerBytes)} B listener on recv_ops.`
        : null;
    case 'list-31':
    case 'array-ring':
    case 'zero': {
      const cap = s.receiverWakerCapacity ?? 0;
      if (!waiting && cap === 0) return null;
      return `${waiting ? 'The consumer thread is blocked in recv with a 24 B entry in' : 'The consumer is not blocked; it left'} the receivers' waker Vec (room for ${formatInt(
        cap,
      )}, kept)${waiting ? ' and its own 48 B Context' : ''}.`;
    }
  }
}

/** One line for the backpressure view: what one waiting sender holds on the heap in this crate. */
export function waitCostCaption(s: ChannelStructure | null): string | null {
  if (s === null) return null;
  switch (s.kind) {
    case 'tokio-list':
      return 'tokio: intrusive wait list, 0 B each';
    case 'futures-nodes':
      return s.bounded
        ? `futures: ${formatInt(s.senderTaskBytes)} B task + ${formatInt(s.nodeBytes)} B node + ${formatInt(
            s.parkedNodeBytes,
          )} B parked node`
        : null;
    case 'flume-vecdeque':
      return `flume: a ${formatInt(s.hookBytes)} B hook each, holding the message`;
    case 'async-channel':
      return `async-channel: a ${formatInt(s.listenerBytes)} B listener each`;
    default:
      return 'a blocked thread each (message on its stack)';
  }
}

export function describeStructure(s: ChannelStructure | null, waiting = 0): string {
  if (s === null) return 'No channel to show.';
  const lines: string[] = [];
  switch (s.kind) {
    case 'tokio-list':
      lines.push(...tokio(s));
      break;
    case 'list-31':
      lines.push(...list(s, 'Channel counter'));
      break;
    case 'array-ring':
      lines.push(
        `Channel counter: ${formatInt(s.headerBytes)} B.`,
        `Ring buffer of ${plural(s.capacity, 'slot')} × ${formatInt(s.slotBytes)} B, allocated at creation; ${formatInt(
          s.len,
        )} in use, read position ${formatInt(s.head)}, write position ${formatInt(s.tail)}.`,
      );
      break;
    case 'zero':
      lines.push(
        `Channel counter: ${formatInt(s.headerBytes)} B. No buffer: every send waits for a receiver.`,
      );
      break;
    case 'futures-nodes':
      lines.push(
        `Arc<${s.bounded ? 'BoundedInner' : 'UnboundedInner'}>: ${formatInt(s.innerBytes)} B.`,
        `${plural(s.queuedNodes, 'message node')} of ${formatInt(s.nodeBytes)} B (one allocation per message) plus the stub node.`,
      );
      if (s.bounded) {
        lines.push(
          `Capacity is buffer ${formatInt(s.buffer ?? 0)} plus one per sender (${formatInt(s.senders)}); ${plural(
            s.parkedCount,
            'sender',
          )} parked.`,
        );
      }
      break;
    case 'flume-vecdeque':
      lines.push(
        `Arc<Shared>: ${formatInt(s.sharedBytes)} B.`,
        `VecDeque with room for ${plural(s.queueCapacity, 'message')} of ${formatInt(s.elemBytes)} B (${formatBytesHuman(
          s.queueCapacity * s.elemBytes,
        )}); ${formatInt(s.queueLen)} in use. It doubles when full and never shrinks.`,
      );
      break;
    case 'async-channel': {
      const events = Object.entries(s.events)
        .filter(([, on]) => on)
        .map(([name]) => name);
      lines.push(
        `Arc<Channel>: ${formatInt(s.channelBytes)} B (${s.flavor} queue).`,
        `Event listeners allocated: ${events.length === 0 ? 'none yet' : `${events.join(', ')} (${formatInt(s.eventBytes)} B each)`}.`,
      );
      const q = s.queue;
      if (q.kind === 'single') lines.push(`Single slot: ${q.full ? 'holds a message' : 'empty'}.`);
      else if (q.kind === 'array-ring')
        lines.push(`Ring buffer of ${plural(q.capacity, 'slot')}; ${formatInt(q.len)} in use.`);
      else lines.push(...list(q, 'Queue').slice(1));
      break;
    }
  }
  const w = describeWaiting(s, waiting);
  if (w !== null) lines.push(w);
  const c = describeConsumer(s);
  if (c !== null) lines.push(c);
  if (!s.receiverAlive) lines.push('The receiver has been dropped.');
  return lines.join(' ');
}
