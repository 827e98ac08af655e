/**
 * The crates that are not block lists, in their own shapes: the preallocated array ring, the
 * rendezvous channel, futures-channel's node per message, flume's VecDeque, async-channel's events.
 */
import type {
  ArrayStructure,
  FlumeStructure,
  FuturesStructure,
  ZeroStructure,
} from '../../engine/channels/index.ts';
import { formatBytesExact, formatInt } from '../format.ts';
import type { Area } from './blocks.ts';
import { arrow, box, text, wrappedLabel, type Theme } from './paint.ts';

/** Most cells drawn one by one; above this a cell stands for several slots. */
const MAX_CELLS = 40_000;

/**
 * A buffer of `capacity` cells of which `len` starting at `head` (wrapping) are occupied. Cells are laid
 * out in rows; occupied runs are filled one rectangle per row, so 100,000 slots cost a few hundred rects.
 */
export function drawCellBuffer(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  area: Area,
  buf: { capacity: number; head: number; len: number; maxRows?: number },
): number {
  const capacity = Math.max(0, buf.capacity);
  if (capacity === 0) return 0;
  const per = Math.max(1, Math.ceil(capacity / MAX_CELLS));
  const cellsTotal = Math.ceil(capacity / per);
  const maxRows = buf.maxRows ?? 24;
  let cell = 14;
  while (cell > 3 && Math.ceil(cellsTotal / Math.floor(area.width / cell)) > maxRows) cell--;
  const cols = Math.max(1, Math.floor(area.width / cell));
  const rows = Math.ceil(cellsTotal / cols);
  const gap = cell >= 6 ? 1 : 0;
  // background: every slot exists (allocated up front)
  for (let r = 0; r < rows; r++) {
    const n = Math.min(cols, cellsTotal - r * cols);
    box(ctx, area.x, area.y + r * cell, n * cell, cell, { fill: t.empty, stroke: t.border });
  }
  ctx.fillStyle = t.written;
  const fillRange = (from: number, to: number) => {
    // cells [from, to) in cell units
    for (let c = from; c < to;) {
      const r = Math.floor(c / cols);
      const end = Math.min(to, (r + 1) * cols);
      ctx.fillRect(
        area.x + (c % cols) * cell + gap,
        area.y + r * cell + gap,
        (end - c) * cell - 2 * gap,
        cell - 2 * gap,
      );
      c = end;
    }
  };
  const len = Math.min(buf.len, capacity);
  if (len > 0) {
    const start = buf.head % capacity;
    const firstEnd = Math.min(capacity, start + len);
    fillRange(Math.floor(start / per), Math.ceil(firstEnd / per));
    if (start + len > capacity) fillRange(0, Math.ceil((start + len - capacity) / per));
  }
  if (gap > 0 && cell >= 8) {
    ctx.strokeStyle = t.border;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let c = 1; c < cols; c++) {
      const x = area.x + c * cell + 0.5;
      ctx.moveTo(x, area.y);
      ctx.lineTo(x, area.y + Math.min(rows, Math.ceil(cellsTotal / cols)) * cell);
    }
    ctx.stroke();
  }
  const mark = (index: number, color: string) => {
    const c = Math.floor((index % capacity) / per);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.strokeRect(area.x + (c % cols) * cell, area.y + Math.floor(c / cols) * cell, cell, cell);
  };
  mark(buf.head, t.ok);
  mark(buf.head + len, t.warn);
  const note = per > 1 ? `each cell = ${formatInt(per)} slots` : null;
  if (note !== null)
    text(ctx, note, area.x, area.y + rows * cell + 12, { color: t.muted, size: 11, font: t.font });
  return rows * cell + (note !== null ? 16 : 0);
}

export function drawArrayRing(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  s: ArrayStructure,
  area: Area,
): number {
  const top = wrappedLabel(
    ctx,
    `Ring buffer: ${formatInt(s.capacity)} slots × ${formatBytesExact(s.slotBytes)}, allocated up front · ${formatInt(s.len)} queued`,
    area.x,
    area.y + 12,
    { color: t.fg, size: 12, weight: 600, font: t.font, maxWidth: area.width },
  );
  const h = drawCellBuffer(
    ctx,
    t,
    { ...area, y: area.y + 22 + top },
    { capacity: s.capacity, head: s.head, len: s.len },
  );
  return h + 22 + top;
}

export function drawZero(ctx: CanvasRenderingContext2D, t: Theme, s: ZeroStructure, area: Area): number {
  box(ctx, area.x, area.y, Math.min(area.width, 420), 40, { stroke: t.border, dash: [4, 3], radius: 6 });
  text(
    ctx,
    'No buffer: a send waits until a receiver takes the message (rendezvous).',
    area.x + 10,
    area.y + 24,
    {
      color: t.muted,
      size: 12,
      font: t.font,
      maxWidth: Math.min(area.width, 420) - 20,
    },
  );
  void s;
  return 40;
}

/** futures-channel: one heap node per queued message, plus each bounded sender's SenderTask. */
export function drawFutures(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  s: FuturesStructure,
  area: Area,
): number {
  const top = wrappedLabel(
    ctx,
    `Message queue: ${formatInt(s.queuedNodes)} nodes × ${formatBytesExact(s.nodeBytes)} (one allocation per message) + stub`,
    area.x,
    area.y + 12,
    { color: t.fg, size: 12, weight: 600, font: t.font, maxWidth: area.width },
  );
  const nodeW = 30;
  const step = nodeW + 14;
  const perRow = Math.max(2, Math.floor((area.width + 14) / step));
  const shown = Math.min(s.queuedNodes + 1, perRow * 3 - 1);
  let y = area.y + 24 + top;
  for (let i = 0; i < shown; i++) {
    const x = area.x + (i % perRow) * step;
    const ry = y + Math.floor(i / perRow) * 30;
    const stub = i === 0;
    box(ctx, x, ry, nodeW, 20, { fill: stub ? t.panel : t.written, stroke: t.border, radius: 4 });
    if (stub)
      text(ctx, 'stub', x + nodeW / 2, ry + 14, { color: t.muted, size: 9, align: 'center', font: t.font });
    if (i % perRow !== perRow - 1 && i < shown - 1) arrow(ctx, x + nodeW + 1, ry + 10, x + step - 1, t.muted);
  }
  const rows = Math.ceil(shown / perRow);
  y += rows * 30;
  if (s.queuedNodes + 1 > shown) {
    text(ctx, `… ${formatInt(s.queuedNodes + 1 - shown)} more nodes`, area.x, y + 4, {
      color: t.muted,
      size: 11,
      font: t.font,
    });
    y += 16;
  }
  if (s.bounded) {
    const cap = (s.buffer ?? 0) + s.senders;
    y += wrappedLabel(
      ctx,
      `Capacity = buffer ${formatInt(s.buffer ?? 0)} + ${formatInt(s.senders)} senders = ${formatInt(cap)} · ${formatInt(s.parkedCount)} parked`,
      area.x,
      y + 14,
      { color: t.fg, size: 12, font: t.font, maxWidth: area.width },
    );
    y += 22;
    const tasks = s.senderTasks.slice(0, Math.max(1, Math.floor(area.width / 26)) * 2);
    const per = Math.max(1, Math.floor(area.width / 26));
    tasks.forEach((task, i) => {
      const x = area.x + (i % per) * 26;
      const ry = y + Math.floor(i / per) * 24;
      box(ctx, x, ry, 22, 18, { fill: task.parked ? t.warn : t.panel, stroke: t.border, radius: 9 });
      text(ctx, String(task.id), x + 11, ry + 13, {
        color: task.parked ? t.bg : t.fg,
        size: 9,
        align: 'center',
        font: t.font,
      });
    });
    y += Math.ceil(tasks.length / per) * 24;
  }
  return y - area.y;
}

/** flume: one VecDeque that doubles and never shrinks. */
export function drawFlume(ctx: CanvasRenderingContext2D, t: Theme, s: FlumeStructure, area: Area): number {
  const top = wrappedLabel(
    ctx,
    `VecDeque buffer: ${formatInt(s.queueLen)} of ${formatInt(s.queueCapacity)} × ${formatBytesExact(s.elemBytes)} used (doubles when full, never shrinks)`,
    area.x,
    area.y + 12,
    { color: t.fg, size: 12, weight: 600, font: t.font, maxWidth: area.width },
  );
  if (s.queueCapacity === 0 || !Number.isFinite(s.queueCapacity) || s.queueCapacity > 2 ** 40) {
    text(
      ctx,
      s.queueCapacity === 0 ? 'not allocated yet' : 'zero-sized messages: no buffer',
      area.x,
      area.y + 34 + top,
      {
        color: t.muted,
        size: 12,
        font: t.font,
      },
    );
    return 40 + top;
  }
  const h = drawCellBuffer(
    ctx,
    t,
    { ...area, y: area.y + 22 + top },
    { capacity: s.queueCapacity, head: 0, len: s.queueLen, maxRows: 16 },
  );
  return h + 22 + top;
}
