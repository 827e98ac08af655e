/**
 * The channel anatomy view: the shared allocation every channel starts with, then the crate's own
 * message storage. `drawAnatomy` returns the height it used so the canvas can grow to fit.
 */
import type { AsyncChannelStructure, ChannelStructure, TokioStructure } from '../../engine/channels/index.ts';
import { formatBytesExact, formatInt } from '../format.ts';
import { drawListBlocks, drawTokioBlocks, type Area } from './blocks.ts';
import { box, hatch, labelSize, text, wrappedLabel, type Theme } from './paint.ts';
import { drawArrayRing, drawFlume, drawFutures, drawZero } from './shapes.ts';
import { drawWaiting } from './waiting.ts';

const CACHE_LINE = 128;

/**
 * tokio's 512-byte `Arc<Chan>` as four cache lines and the bytes each one holds (spec §1.2): the Arc
 * counts (16), `tx` (16), `rx_waker` (24), then notify_rx_closed, rx_fields, the semaphore and the
 * sender counts in the last line (what is left of `chanUsedBytes`).
 */
export function tokioChanLines(s: Pick<TokioStructure, 'chanUsedBytes'>): { label: string; used: number }[] {
  return [
    { label: 'Arc counts', used: 16 },
    { label: 'tx', used: 16 },
    { label: 'rx_waker', used: 24 },
    { label: 'rx_fields, semaphore, counts', used: s.chanUsedBytes - 56 },
  ];
}

function drawPaddedArc(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  area: Area,
  title: string,
  lines: readonly { label: string; used: number }[],
): number {
  const titleExtra = wrappedLabel(ctx, title, area.x, area.y + 12, {
    color: t.fg,
    size: 12,
    weight: 600,
    font: t.font,
    maxWidth: area.width,
  });
  const w = Math.min(area.width, 640);
  const lw = w / lines.length;
  const y = area.y + 20 + titleExtra;
  let labelExtra = 0;
  lines.forEach((line, i) => {
    const x = area.x + i * lw;
    const usedW = (lw - 4) * Math.min(1, line.used / CACHE_LINE);
    box(ctx, x, y, lw - 4, 26, { fill: t.panel, stroke: t.border, radius: 3 });
    hatch(ctx, x + usedW, y, lw - 4 - usedW, 26, t.padding);
    box(ctx, x, y, usedW, 26, { fill: t.accent, radius: 3 });
    // the byte count sits inside the used part when it fits, else just after it
    const label = `${line.used} B`;
    const size = labelSize(ctx, 10);
    ctx.font = `600 ${size}px ${t.font}`;
    const fits = ctx.measureText(label).width + 8 <= usedW;
    if (!fits)
      box(ctx, x + usedW + 2, y + 13 - size * 0.7, ctx.measureText(label).width + 6, size + 4, {
        fill: t.bg,
        radius: 3,
      });
    text(ctx, label, fits ? x + 4 : x + usedW + 5, y + 17, {
      color: fits ? t.bg : t.fg,
      size: 10,
      weight: 600,
      font: t.font,
    });
    const extra = wrappedLabel(ctx, line.label, x, y + 40, {
      color: t.muted,
      size: 10,
      font: t.font,
      maxWidth: lw - 6,
    });
    labelExtra = Math.max(labelExtra, extra);
  });
  return 74 + titleExtra + labelExtra;
}

function drawHeader(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  area: Area,
  label: string,
  bytes: number,
  note: string,
): number {
  const w = Math.min(area.width, 360);
  box(ctx, area.x, area.y, w, 30, { fill: t.panel, stroke: t.border, radius: 5 });
  text(ctx, `${label} · ${formatBytesExact(bytes)}`, area.x + 8, area.y + 19, {
    color: t.fg,
    size: 12,
    weight: 600,
    font: t.font,
    maxWidth: w - 16,
  });
  if (note === '') return 38;
  if (area.width > w + 40) {
    text(ctx, note, area.x + w + 10, area.y + 19, {
      color: t.muted,
      size: 11,
      font: t.font,
      maxWidth: area.width - w - 10,
    });
    return 38;
  }
  // no room beside the box (a phone): the note goes under it
  const extra = wrappedLabel(ctx, note, area.x, area.y + 46, {
    color: t.muted,
    size: 11,
    font: t.font,
    maxWidth: area.width,
  });
  return 56 + extra;
}

/** A permit gauge: how many of `capacity` permits are free. */
function drawPermits(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  area: Area,
  label: string,
  available: number,
  capacity: number,
): number {
  const w = Math.min(area.width, 360);
  const frac = capacity > 0 ? Math.max(0, Math.min(1, available / capacity)) : 0;
  const extra = wrappedLabel(ctx, label, area.x, area.y + 12, {
    color: t.fg,
    size: 12,
    weight: 600,
    font: t.font,
    maxWidth: area.width,
  });
  const y = area.y + extra;
  box(ctx, area.x, y + 18, w, 12, { fill: t.panel, stroke: t.border, radius: 6 });
  if (frac > 0) box(ctx, area.x, y + 18, w * frac, 12, { fill: frac < 0.1 ? t.danger : t.ok, radius: 6 });
  const free = `${formatInt(available)} of ${formatInt(capacity)} permits free`;
  // beside the gauge when there is room, else under it (a phone): the count is the point of the gauge
  if (area.width > w + 60) {
    text(ctx, free, area.x + w + 10, y + 28, {
      color: t.muted,
      size: 11,
      font: t.font,
      maxWidth: area.width - w - 10,
    });
    return 38 + extra;
  }
  text(ctx, free, area.x, y + 44, { color: t.muted, size: 11, font: t.font, maxWidth: area.width });
  return 54 + extra;
}

function drawAsync(ctx: CanvasRenderingContext2D, t: Theme, s: AsyncChannelStructure, area: Area): number {
  let y = area.y;
  y += drawHeader(ctx, t, { ...area, y }, 'Arc<Channel>', s.channelBytes, `${s.flavor} queue inside`);
  const events: [string, boolean][] = [
    ['send_ops', s.events.sendOps],
    ['recv_ops', s.events.recvOps],
    ['stream_ops', s.events.streamOps],
    ['closed_ops', s.events.closedOps],
  ];
  y += wrappedLabel(
    ctx,
    `Event listeners (allocated on first use, ${formatBytesExact(s.eventBytes)} each):`,
    area.x,
    y + 12,
    { color: t.fg, size: 12, font: t.font, maxWidth: area.width },
  );
  y += 18;
  // four to a row where they fit, else in two rows (a phone): every event is shown
  const perRow = Math.max(1, Math.min(events.length, Math.floor((area.width + 6) / 92)));
  events.forEach(([name, on], i) => {
    const x = area.x + (i % perRow) * 92;
    const ey = y + Math.floor(i / perRow) * 28;
    box(ctx, x, ey, 86, 22, {
      fill: on ? t.accent : t.panel,
      stroke: t.border,
      dash: on ? [] : [3, 3],
      radius: 4,
    });
    text(ctx, name, x + 43, ey + 15, { color: on ? t.bg : t.muted, size: 10, align: 'center', font: t.font });
  });
  y += Math.ceil(events.length / perRow) * 28 + 2;
  const q = s.queue;
  if (q.kind === 'single') {
    box(ctx, area.x, y, 22, 22, { fill: q.full ? t.written : t.empty, stroke: t.border, radius: 3 });
    text(ctx, 'single slot inside the Arc (no extra allocation)', area.x + 30, y + 15, {
      color: t.muted,
      size: 11,
      font: t.font,
    });
    y += 28;
  } else if (q.kind === 'array-ring') y += drawArrayRing(ctx, t, q, { ...area, y });
  else y += drawListBlocks(ctx, t, q, { ...area, y });
  return y - area.y;
}

/** Draws the structure at (0, 0) across `width` CSS pixels; returns the height used. */
export function drawAnatomy(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  s: ChannelStructure,
  width: number,
): number {
  const area: Area = { x: 8, y: 6, width: width - 16 };
  let y = area.y;
  switch (s.kind) {
    case 'tokio-list': {
      const padding = s.chanBytes - s.chanUsedBytes;
      y += drawPaddedArc(
        ctx,
        t,
        area,
        `Arc<Chan> · ${formatInt(s.chanBytes)} B: ${formatInt(s.chanUsedBytes)} B of data, ${formatInt(padding)} B cache-line padding`,
        tokioChanLines(s),
      );
      if (s.semaphore !== null) {
        y += drawPermits(
          ctx,
          t,
          { ...area, y },
          'Bounded: the semaphore inside Arc<Chan> (no extra heap)',
          s.semaphore.available,
          s.semaphore.capacity,
        );
      }
      if (s.gate !== null) {
        y += drawHeader(ctx, t, { ...area, y }, 'Arc<Semaphore> (the gate)', s.gate.arcBytes, '');
        y += drawPermits(ctx, t, { ...area, y }, 'Gate permits', s.gate.available, s.gate.permits);
      }
      y += 4;
      y += drawTokioBlocks(ctx, t, s, { ...area, y });
      break;
    }
    case 'list-31':
      y += drawHeader(
        ctx,
        t,
        area,
        'Counter<list::Channel>',
        s.headerBytes,
        'head and tail, each on its own cache line',
      );
      y += drawListBlocks(ctx, t, s, { ...area, y });
      break;
    case 'array-ring':
      y += drawHeader(
        ctx,
        t,
        area,
        'Counter<array::Channel>',
        s.headerBytes,
        'the buffer is allocated at creation',
      );
      y += drawArrayRing(ctx, t, s, { ...area, y });
      break;
    case 'zero':
      y += drawHeader(ctx, t, area, 'Counter<zero::Channel>', s.headerBytes, '');
      y += drawZero(ctx, t, s, { ...area, y });
      break;
    case 'futures-nodes':
      y += drawHeader(
        ctx,
        t,
        area,
        s.bounded ? 'Arc<BoundedInner>' : 'Arc<UnboundedInner>',
        s.innerBytes,
        '',
      );
      y += drawFutures(ctx, t, s, { ...area, y });
      break;
    case 'flume-vecdeque':
      y += drawHeader(
        ctx,
        t,
        area,
        'Arc<Shared>',
        s.sharedBytes,
        s.bounded ? `bounded(${formatInt(s.capacity ?? 0)})` : 'unbounded',
      );
      y += drawFlume(ctx, t, s, { ...area, y });
      break;
    case 'async-channel':
      y += drawAsync(ctx, t, s, area);
      break;
  }
  y += drawWaiting(ctx, t, s, { ...area, y });
  return Math.ceil(y + 8);
}
