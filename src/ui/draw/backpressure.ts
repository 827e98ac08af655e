/**
 * Senders and backpressure as a pipeline: producer lanes → senders waiting for a permit (FIFO, each
 * holding its message) → the permit gauge → the channel's queue → consumers. Rejections and timeouts
 * flash where they happen.
 */
import type { ChannelStructure } from '../../engine/channels/index.ts';
import type { StrategyKind } from '../../engine/sim/index.ts';
import type { StrategyFrame } from '../../worker/frame.ts';
import { formatBytesExact, formatInt, formatMs } from '../format.ts';
import { arrow, box, labelSize, text, wrapLines, wrapText, type Theme } from './paint.ts';
import { waitCostCaption } from '../describe.ts';

export interface Flash {
  readonly kind: 'rejected' | 'timedOut';
  readonly amount: number;
  /** 1 → 0 as it fades */
  readonly life: number;
}

export interface BackpressureInput {
  readonly strategy: StrategyFrame;
  readonly kind: StrategyKind | null;
  readonly producersConnected: number;
  readonly producersGone: number;
  readonly flashes: readonly Flash[];
  /**
   * messages a full queue bar stands for, shared by the small multiples so their bars compare
   * (default: this strategy's capacity, or its deepest queue when unbounded)
   */
  readonly queueScale?: number;
  /** producer lanes drawn at most (default 16; the small multiples draw fewer) */
  readonly maxLanes?: number;
  /**
   * a task is spawned per send (`producers.pattern = "task-per-send"`): the waiting sends are
   * spawned tasks, and no producer is held back by them
   */
  readonly taskPerSend?: boolean;
}

const LANE_H = 13;
const MAX_LANES = 16;

/** Total permits of the gate or bounded channel, from the structure (null when unbounded). */
export function permitCapacity(s: ChannelStructure | null): number | null {
  if (s === null) return null;
  if (s.kind === 'tokio-list') return s.semaphore?.capacity ?? s.gate?.permits ?? null;
  if (s.kind === 'array-ring') return s.capacity;
  if (s.kind === 'flume-vecdeque') return s.capacity;
  if (s.kind === 'futures-nodes' && s.bounded) return (s.buffer ?? 0) + s.senders;
  return null;
}

/**
 * A waiting sender's chip as lines of at most `maxWidth` (9 px by default): its parts joined by " · ",
 * a new line where the next part would not fit, so no part is cut in two ("P91 · 120 B" over "since
 * 19.9 s" in a 700 px embed). The start time is said as such: a bare "6.08 s" reads like a duration.
 */
export function chipLines(
  ctx: CanvasRenderingContext2D,
  parts: readonly string[],
  maxWidth: number,
  font: string,
  opts: { size?: number; weight?: number; separator?: string } = {},
): string[] {
  const sep = opts.separator ?? ' · ';
  if (typeof ctx.measureText !== 'function') return [parts.join(sep)];
  ctx.font = `${opts.weight ?? 400} ${labelSize(ctx, opts.size ?? 9)}px ${font}`;
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.length - 1;
    const joined = `${lines[last] ?? ''}${sep}${part}`;
    if (last >= 0 && ctx.measureText(joined).width <= maxWidth) lines[last] = joined;
    else lines.push(part);
  }
  return lines;
}

export function drawBackpressure(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  input: BackpressureInput,
  width: number,
): number {
  const { strategy: st, producersConnected, producersGone } = input;
  const waiting = st.stats.waitingSenders ?? 0;
  const compact = width < 560;
  const colW = compact ? width - 16 : (width - 16 - 4 * 22) / 5;
  // on a phone the five stages stack vertically: fewer lanes, shorter stages
  const lanes = Math.min(compact ? 6 : (input.maxLanes ?? MAX_LANES), producersConnected + producersGone);
  const top = 22;
  // a lane holds its label at the size it is drawn (a projector enlarges labels)
  const laneH = Math.max(LANE_H, labelSize(ctx, 8) + 5);
  const bodyH = Math.max(5 * 24, lanes * laneH + 16);
  // what each waiting sender holds in this crate (0 B for tokio: its wait node lives in its future)
  const waitCaption = permitCapacity(st.structure) === null ? null : waitCostCaption(st.structure);
  // lines as far apart as their drawn size needs (a projector enlarges labels)
  const captionLineH = Math.max(11, Math.round(labelSize(ctx, 9) * 1.2));
  const noteLineH = Math.max(12, Math.round(labelSize(ctx, 10) * 1.2));
  const captionOpts = { size: 9, font: t.font, maxWidth: colW, maxLines: 2, lineHeight: captionLineH };
  const captionLines = waitCaption === null ? 0 : wrapLines(ctx, waitCaption, captionOpts).length;
  // side by side every stage is bodyH tall; stacked (a phone), each is as tall as what it shows;
  // the list leaves room for the "… N more" line and, side by side, for the caption at the bottom
  const waitListH = compact ? 4 * 18 : bodyH - 8 - 16 - captionLines * captionLineH;
  // each waiting sender's chip says who, what it holds and since when, on as many lines as the column
  // needs (two in a 700 px embed); the chips are as tall as their tallest
  const chips = st.waiters.map((w) =>
    chipLines(
      ctx,
      [`P${w.producer}`, formatBytesExact(w.bytes), `since ${formatMs(w.sinceMs)}`],
      colW - 8,
      t.mono,
    ),
  );
  const chipLineH = labelSize(ctx, 9) + 2;
  const chipH = Math.max(1, ...chips.map((c) => c.length)) * chipLineH + 4;
  const pitch = chipH + 3;
  // at least one chip, even where the list has less room than that
  const maxShown = Math.max(st.waiters.length > 0 ? 1 : 0, Math.floor(waitListH / pitch));
  const shownWaiting = Math.min(st.waiters.length, maxShown);
  const gaugeH = compact ? 48 : bodyH - 30;
  const stageH = compact
    ? [
        lanes * laneH + 18,
        (waiting === 0 ? 22 : shownWaiting * pitch + (waiting > shownWaiting ? 18 : 4)) +
          captionLines * captionLineH,
        permitCapacity(st.structure) === null || st.stats.availablePermits === null ? 24 : gaugeH + 8,
        gaugeH + 22,
        36,
      ]
    : [bodyH, bodyH, bodyH, bodyH, bodyH];
  // a heading that does not fit its column is said the short way ("Waiting 12" for "Waiting senders 12")
  const heading = (s: string, x: number, y: number, short?: string) => {
    const opts = { color: t.fg, size: 12, weight: 600, font: t.font, maxWidth: colW };
    const fits = short === undefined || wrapLines(ctx, s, { ...opts, maxLines: 2 }).length === 1;
    text(ctx, fits ? s : short, x, y, opts);
  };
  const note = (s: string, x: number, y: number) =>
    wrapText(ctx, s, x, y, {
      color: t.muted,
      size: 10,
      font: t.font,
      maxWidth: colW,
      maxLines: 2,
      lineHeight: noteLineH,
    });
  const stackedY = (i: number) => top + stageH.slice(0, i).reduce((a, h) => a + h + 28, 0);
  const columns = compact
    ? [0, 1, 2, 3, 4].map((i) => ({ x: 8, y: stackedY(i) }))
    : [0, 1, 2, 3, 4].map((i) => ({ x: 8 + i * (colW + 22), y: top }));

  // 1. producers
  const p = columns[0] as { x: number; y: number };
  heading(
    `Producers ${formatInt(producersConnected)}${producersGone > 0 ? ` (+${formatInt(producersGone)} gone)` : ''}`,
    p.x,
    p.y - 8,
    producersGone > 0 ? `${formatInt(producersConnected)} (+${formatInt(producersGone)} gone)` : undefined,
  );
  // spawned tasks wait, not their producers (spawn returned at once)
  const perSend = input.taskPerSend === true;
  const waitingProducers = new Set(perSend ? [] : st.waiters.map((w) => w.producer));
  // every connected producer is parked (the list only carries the oldest few dozen)
  const allWaiting = !perSend && waiting > 0 && waiting >= producersConnected;
  for (let i = 0; i < lanes; i++) {
    const y = p.y + 4 + i * laneH;
    const gone = i >= producersConnected;
    const isWaiting = !gone && (allWaiting || waitingProducers.has(i));
    box(ctx, p.x, y, colW, laneH - 3, {
      fill: gone ? 'transparent' : t.panel,
      stroke: t.border,
      dash: gone ? [3, 3] : [],
      radius: 3,
    });
    text(ctx, gone ? 'gone' : `P${i}`, p.x + 4, y + laneH - 5, {
      color: gone ? t.muted : t.fg,
      size: 8,
      font: t.mono,
    });
    if (isWaiting) box(ctx, p.x + colW - 18, y + 1, 14, laneH - 5, { fill: t.warn, radius: 2 });
  }
  if (producersConnected + producersGone > lanes) {
    text(
      ctx,
      `… ${formatInt(producersConnected + producersGone - lanes)} more`,
      p.x,
      p.y + 4 + lanes * laneH + 10,
      {
        color: t.muted,
        size: 10,
        font: t.font,
      },
    );
  }

  // 2. waiting senders, FIFO: the oldest is nearest the gate
  const q = columns[1] as { x: number; y: number };
  heading(
    `${perSend ? 'Waiting send tasks' : 'Waiting senders'} ${formatInt(waiting)}`,
    q.x,
    q.y - 8,
    `${perSend ? 'Tasks' : 'Waiting'} ${formatInt(waiting)}`,
  );
  const shown = chips.slice(0, shownWaiting);
  shown.forEach((lines, i) => {
    const y = q.y + 4 + i * pitch;
    box(ctx, q.x, y, colW, chipH, { fill: t.panel, stroke: t.warn, radius: 3 });
    lines.forEach((line, k) => {
      text(ctx, line, q.x + 4, y + 1 + (k + 1) * chipLineH - 2, {
        color: t.fg,
        size: 9,
        font: t.mono,
        maxWidth: colW - 8,
      });
    });
  });
  if (waiting === 0) note('none: every send got a permit', q.x, q.y + 16);
  else if (waiting > shown.length) {
    text(ctx, `… ${formatInt(waiting - shown.length)} more`, q.x, q.y + 4 + shown.length * pitch + 10, {
      color: t.muted,
      size: 10,
      font: t.font,
    });
  }
  if (waitCaption !== null) {
    const captionY = q.y + (stageH[1] as number) - (captionLines - 1) * captionLineH - (compact ? 2 : 4);
    wrapText(ctx, waitCaption, q.x, captionY, { ...captionOpts, color: t.muted });
  }

  // 3. permits
  const g = columns[2] as { x: number; y: number };
  const cap = permitCapacity(st.structure);
  const avail = st.stats.availablePermits;
  heading('Permits', g.x, g.y - 8);
  if (cap === null || avail === null) {
    note('unbounded: no permits, no waiting', g.x, g.y + 16);
  } else {
    const h = gaugeH;
    box(ctx, g.x, g.y + 4, 28, h, { fill: t.panel, stroke: t.border, radius: 4 });
    const frac = cap > 0 ? Math.max(0, Math.min(1, avail / cap)) : 0;
    box(ctx, g.x, g.y + 4 + h * (1 - frac), 28, h * frac, { fill: frac < 0.1 ? t.danger : t.ok, radius: 4 });
    text(ctx, `${formatInt(avail)} free`, g.x + 34, g.y + 16, {
      color: t.fg,
      size: 11,
      weight: 600,
      font: t.font,
    });
    text(ctx, `of ${formatInt(cap)}`, g.x + 34, g.y + 30, { color: t.muted, size: 10, font: t.font });
  }

  // 4. the channel's queue
  const c = columns[3] as { x: number; y: number };
  const depth = st.stats.depth ?? 0;
  heading(`Queued ${formatInt(depth)}`, c.x, c.y - 8);
  const retained = st.stats.retainedMessages ?? 0;
  const qh = gaugeH;
  box(ctx, c.x, c.y + 4, colW, qh, { fill: t.panel, stroke: t.border, radius: 4 });
  // bounded: against the capacity; unbounded: against the deepest the queue has been
  const scale =
    input.queueScale !== undefined && input.queueScale > 0
      ? input.queueScale
      : cap !== null && cap > 0
        ? cap
        : Math.max(depth, st.stats.maxDepth ?? 0, 1);
  const fill = Math.min(1, depth / scale);
  box(ctx, c.x, c.y + 4 + qh * (1 - fill), colW, qh * fill, { fill: t.written, radius: 4 });
  if (retained > 0 && depth > 0) {
    const rf = Math.min(fill, (retained / depth) * fill);
    box(ctx, c.x, c.y + 4 + qh * (1 - rf), colW, qh * rf, { fill: t.retained, radius: 4 });
  }
  const caption =
    cap !== null
      ? `capacity ${formatInt(cap)}`
      : `no limit · deepest ${formatInt(Math.max(depth, st.stats.maxDepth ?? 0))}`;
  text(ctx, caption, c.x, c.y + qh + 18, {
    color: t.muted,
    size: 10,
    font: t.font,
  });

  // 5. consumers
  const k = columns[4] as { x: number; y: number };
  heading(`Processing ${formatInt(st.stats.inFlight ?? 0)}`, k.x, k.y - 8);
  text(ctx, `received ${formatInt(st.stats.received ?? 0)}`, k.x, k.y + 16, {
    color: t.fg,
    size: 11,
    font: t.font,
  });
  text(ctx, `p99 ${formatMs(st.stats.p99LatencyMs)}`, k.x, k.y + 32, {
    color: t.muted,
    size: 10,
    font: t.font,
  });

  if (!compact) {
    for (let i = 0; i < 4; i++) {
      const from = columns[i] as { x: number; y: number };
      arrow(ctx, from.x + colW + 3, top + bodyH / 2 - 10, from.x + colW + 19, t.muted);
    }
  }

  // rejections and timeouts, where the gate turns senders away
  // each on one line where it fits, else its count on a second line ("✕ rejected" over "+127,456" in
  // a 700 px embed) rather than cut; the newest at the bottom, the older ones stacked above it
  // In the stacked (phone) layout the column is the page's width: the flashes go to its right half,
  // beside the gauge, so they do not cover the "N free / of C" figures they explain.
  const flashLineH = labelSize(ctx, 10) + 2;
  const flashMax = compact ? colW / 2 : colW;
  let flashBottom = g.y + gaugeH + 14;
  input.flashes.forEach((f) => {
    const parts = [f.kind === 'rejected' ? '✕ rejected' : '⌛ timed out', `+${formatInt(f.amount)}`];
    const lines = chipLines(ctx, parts, flashMax - 6, t.font, { size: 10, weight: 600, separator: ' ' });
    const w = Math.min(flashMax, Math.max(...lines.map((l) => ctx.measureText(l).width)) + 8);
    const h = lines.length * flashLineH + 3;
    const x = compact ? g.x + colW - w : g.x - 2;
    ctx.globalAlpha = Math.max(0, f.life);
    box(ctx, x, flashBottom - h, w, h, { fill: t.danger, radius: 3 });
    lines.forEach((line, k) => {
      text(ctx, line, x + 4, flashBottom - h + (k + 1) * flashLineH - 2, {
        color: t.bg,
        size: 10,
        weight: 600,
        font: t.font,
        maxWidth: flashMax - 6,
      });
    });
    ctx.globalAlpha = 1;
    flashBottom -= h + 1;
  });
  const last = columns[4] as { x: number; y: number };
  return compact ? last.y + (stageH[4] as number) : top + bodyH + 6;
}
