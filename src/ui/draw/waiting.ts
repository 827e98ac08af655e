/**
 * What the senders waiting on a channel hold, drawn per crate under its anatomy (channel-memory-spec
 * §1.6, §2, §3.4, §4, §5; golden/2): tokio's intrusive wait list (0 B: each node lives in its
 * sender's future), futures-channel's parked-queue nodes and SenderTasks, flume's hooks holding the
 * messages in a `sending` deque that keeps its capacity, async-channel's listeners in `send_ops`,
 * crossbeam/std's waker entries in a Vec that keeps its capacity. Below them, what the consumer waiting
 * on an empty channel holds: nothing in tokio and futures-channel (a waker stored in place), a receive
 * hook and a kept `waiting` deque in flume, a `recv_ops` listener in async-channel, an entry in the
 * receivers' kept Vec for crossbeam/std. The same facts are in the anatomy summary (describe.ts), which
 * is the text alternative of the canvas.
 */
import type { ChannelStructure } from '../../engine/channels/index.ts';
import { formatBytesExact, formatInt } from '../format.ts';
import type { Area } from './blocks.ts';
import { box, text, wrappedLabel, type Theme } from './paint.ts';

/** One kind of waiting structure: `count` items of `bytes` each (0 B: drawn dashed, as nothing on the heap). */
export interface WaitRow {
  readonly label: string;
  readonly count: number;
  readonly bytes: number;
  /** a kept buffer of `capacity` entries (flume's deque, crossbeam's Vec): its empty cells are drawn too */
  readonly capacity?: number;
  readonly note: string;
}

/** What the waiting senders of this channel hold, row by row (empty when nobody waits and nothing is kept). */
export function waitRows(s: ChannelStructure): WaitRow[] {
  const n = s.waitingSenders ?? 0;
  switch (s.kind) {
    case 'tokio-list':
      if (s.semaphore === null && s.gate === null) return [];
      return n === 0
        ? []
        : [
            {
              label: 'Semaphore wait list',
              count: n,
              bytes: 0,
              note: 'intrusive: each node lives inside its sender’s future',
            },
          ];
    case 'futures-nodes':
      // one node per parked entry, whether its sender waits in a send or was parked by try_send
      if (!s.bounded || s.parkedCount === 0) return [];
      return [
        {
          label: 'Parked-queue nodes',
          count: s.parkedCount,
          bytes: s.parkedNodeBytes,
          note: `each parked sender’s message is already in a ${formatBytesExact(s.nodeBytes)} node of the queue`,
        },
      ];
    case 'flume-vecdeque':
      if (n === 0 && s.sendingCapacity === 0) return [];
      return [
        { label: 'Hooks', count: n, bytes: s.hookBytes, note: 'each holds its sender’s message on the heap' },
        {
          label: '`sending` deque',
          count: n,
          bytes: 16,
          capacity: s.sendingCapacity,
          note: `${formatInt(s.sendingCapacity)} pointers of 16 B, kept after the senders go`,
        },
      ];
    case 'async-channel':
      return n === 0
        ? []
        : [
            {
              label: 'send_ops listeners',
              count: n,
              bytes: s.listenerBytes,
              note: 'the message stays in the sender’s future',
            },
          ];
    case 'array-ring':
    case 'zero': {
      const cap = s.senderWakerCapacity ?? 0;
      if (n === 0 && cap === 0) return [];
      return [
        {
          label: 'Senders’ waker Vec',
          count: n,
          bytes: s.wakerEntryBytes ?? 24,
          capacity: cap,
          note: `a Vec of ${formatInt(cap)}, kept; the messages stay on the threads’ stacks`,
        },
      ];
    }
    default:
      return [];
  }
}

/** What the consumer waiting on this (empty) channel holds, row by row (empty when it does not wait and nothing is kept). */
export function consumerRows(s: ChannelStructure): WaitRow[] {
  const waiting = s.receiverWaiting === true ? 1 : 0;
  switch (s.kind) {
    case 'tokio-list':
      return waiting === 0
        ? []
        : [
            {
              label: 'Waiting receive',
              count: 1,
              bytes: 0,
              note: 'its waker is stored in the channel’s rx_waker',
            },
          ];
    case 'futures-nodes':
      return waiting === 0
        ? []
        : [
            {
              label: 'Waiting receive',
              count: 1,
              bytes: 0,
              note: 'its waker is stored in the channel’s recv_task',
            },
          ];
    case 'flume-vecdeque':
      if (waiting === 0 && s.waitingCapacity === 0) return [];
      return [
        ...(waiting === 0
          ? []
          : [
              {
                label: 'Receive hook',
                count: 1,
                bytes: s.hookBytes,
                note: 'a trigger: no message slot in use',
              },
            ]),
        {
          label: '`waiting` deque',
          count: waiting,
          bytes: 16,
          capacity: s.waitingCapacity,
          note: `${formatInt(s.waitingCapacity)} pointers of 16 B, kept after the receive ends`,
        },
      ];
    case 'async-channel':
      return waiting === 0
        ? []
        : [
            {
              label: 'recv_ops listener',
              count: 1,
              bytes: s.listenerBytes,
              note: 'freed when the receive ends; recv_ops’ inner stays',
            },
          ];
    case 'list-31':
    case 'array-ring':
    case 'zero': {
      const cap = s.receiverWakerCapacity ?? 0;
      if (waiting === 0 && cap === 0) return [];
      return [
        {
          label: 'Receivers’ waker Vec',
          count: waiting,
          bytes: 24,
          capacity: cap,
          note: `a Vec of ${formatInt(cap)}, kept; the thread’s own 48 B Context is counted apart`,
        },
      ];
    }
  }
}

const CELL = 14;
const GAP = 3;
/** room for a "+1,234" after the cells */
const MORE_W = 44;

/** Draws the rows of waiting structures (senders', then the consumer's) with a legend; returns the height used (0 when none). */
export function drawWaiting(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  s: ChannelStructure,
  area: Area,
): number {
  const senders = waitRows(s);
  const consumer = consumerRows(s);
  if (senders.length === 0 && consumer.length === 0) return 0;
  let y = area.y + 4;
  if (senders.length > 0) y = drawSection(ctx, t, sendersTitle(s), senders, area, y);
  if (consumer.length > 0) {
    const title =
      s.receiverWaiting === true ? 'Waiting consumer (the channel is empty)' : 'Consumer: not waiting';
    y = drawSection(ctx, t, title, consumer, area, y);
  }
  // legend: filled = allocated for a waiter, dashed = kept empty (or 0 B)
  const parkedOnly = s.kind === 'futures-nodes' && s.parkedCount > (s.waitingSenders ?? 0);
  const heapLabel = parkedOnly ? 'on the heap for a parked sender or a waiter' : 'on the heap for a waiter';
  const emptyLabel = 'kept empty, or 0 B';
  box(ctx, area.x, y + 2, 10, 10, { fill: t.warn, stroke: t.warn, radius: 2 });
  text(ctx, heapLabel, area.x + 14, y + 11, { color: t.muted, size: 10, font: t.font });
  // text() left the label's font (presenter mode may enlarge it) on the context: measure with it, and
  // put the second item on its own line when both do not fit side by side (a phone-wide embed)
  const firstEnd = area.x + 14 + ctx.measureText(heapLabel).width + 16;
  const x2Wide = Math.max(firstEnd, area.x + Math.min(area.width / 2, 220));
  const sideBySide = x2Wide + 14 + ctx.measureText(emptyLabel).width <= area.x + area.width;
  const x2 = sideBySide ? x2Wide : area.x;
  const y2 = sideBySide ? y : y + 16;
  box(ctx, x2, y2 + 2, 10, 10, { fill: t.bg, stroke: t.border, dash: [3, 2], radius: 2 });
  text(ctx, emptyLabel, x2 + 14, y2 + 11, { color: t.muted, size: 10, font: t.font });
  return y2 + 18 - area.y;
}

/**
 * The senders' section title. futures-channel: a Sender parked by its own `try_send` is parked (its
 * message taken, its next send refused until a receive unparks it), not waiting (spec §2.2), so a
 * channel with such entries says how many are parked and how many of them wait in a send.
 */
export function sendersTitle(s: ChannelStructure): string {
  const waiting = s.waitingSenders ?? 0;
  if (s.kind === 'futures-nodes' && s.parkedCount > waiting) {
    return waiting === 0
      ? `Parked senders: ${formatInt(s.parkedCount)} (none blocked: each is refused until a receive unparks it)`
      : `Parked senders: ${formatInt(s.parkedCount)}, ${formatInt(waiting)} of them waiting in a send`;
  }
  return `Waiting senders: ${formatInt(waiting)}`;
}

/** A title line and its rows from `y`; returns the y below them. */
function drawSection(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  title: string,
  rows: readonly WaitRow[],
  area: Area,
  top: number,
): number {
  let y = top;
  y += wrappedLabel(ctx, title, area.x, y + 12, {
    color: t.fg,
    size: 12,
    weight: 600,
    font: t.font,
    maxWidth: area.width,
  });
  y += 20;
  // narrow (a phone): each row's label on its own line above its cells, so that its bytes stay readable
  const stacked = area.width < 480;
  const labelW = stacked ? 0 : Math.min(190, area.width * 0.35);
  const cellsW = Math.max(CELL, area.width - labelW - 8);
  const perRow = Math.max(1, Math.floor((cellsW + GAP) / (CELL + GAP)));
  // when not every cell fits, room is kept at the end for the "+N" that counts the rest
  const perRowWithMore = Math.max(1, Math.floor((cellsW - MORE_W + GAP) / (CELL + GAP)));
  for (const row of rows) {
    const cells = Math.max(row.count, row.capacity ?? 0);
    const shown = cells > perRow ? perRowWithMore : cells;
    const total = row.bytes * (row.capacity ?? row.count);
    text(ctx, `${row.label} · ${formatBytesExact(total)}`, area.x, y + 11, {
      color: t.fg,
      size: 11,
      font: t.font,
      maxWidth: stacked ? area.width : labelW - 6,
    });
    if (stacked) y += 16;
    for (let i = 0; i < shown; i++) {
      const x = area.x + labelW + i * (CELL + GAP);
      const used = i < row.count;
      box(ctx, x, y, CELL, CELL, {
        // 0 B: drawn as an outline only (nothing on the heap)
        fill: row.bytes === 0 || !used ? t.bg : t.warn,
        stroke: used ? t.warn : t.border,
        dash: row.bytes === 0 || !used ? [3, 2] : [],
        radius: 2,
      });
    }
    if (cells > shown) {
      text(ctx, `+${formatInt(cells - shown)}`, area.x + labelW + shown * (CELL + GAP), y + 11, {
        color: t.muted,
        size: 10,
        font: t.font,
      });
    }
    y += CELL + 4;
    y += wrappedLabel(ctx, `${formatBytesExact(row.bytes)} each: ${row.note}`, area.x + labelW, y + 9, {
      color: t.muted,
      size: 10,
      font: t.font,
      maxWidth: cellsW,
    });
    y += 16;
  }
  return y;
}
