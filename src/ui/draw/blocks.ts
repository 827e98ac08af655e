/**
 * Block lists on canvas: tokio's linked 32-slot blocks and crossbeam/std/concurrent-queue's 31-slot
 * list blocks, each block a card of 8 × 4 slots. The next read and the next write are outlined.
 */
import type {
  ListStructure,
  SlotState,
  TokioBlockView,
  TokioStructure,
} from '../../engine/channels/index.ts';
import { formatBytesExact, formatInt } from '../format.ts';
import { arrow, box, hatch, labelSize, text, wrappedLabel, type Theme } from './paint.ts';

export interface Area {
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

const COLS = 8;
const GAP = 18;

function cellSize(width: number): number {
  return width >= 900 ? 16 : width >= 640 ? 13 : 10;
}

function cardSize(width: number): { w: number; h: number; cell: number } {
  const cell = cellSize(width);
  return { w: COLS * cell + 12, h: 4 * cell + 40, cell };
}

function slotColor(s: SlotState, t: Theme): string {
  switch (s) {
    case 'written':
      return t.written;
    case 'read':
      return t.read;
    case 'close':
      return t.close;
    case 'empty':
    case 'unused':
      return t.empty;
  }
}

interface Card {
  readonly title: string;
  readonly slots: readonly SlotState[];
  /** global index of slot 0 of this card (for the read/write outlines), or null */
  readonly firstIndex: number | null;
  /** `short`: what the badge says when its full text does not fit the card (a narrow canvas) */
  readonly badges: readonly { text: string; color: string; short?: string }[];
  readonly spare: boolean;
  readonly faded: boolean;
}

/** Draws cards in rows, with arrows between neighbours and a gap card for omitted blocks. Returns the height. */
function drawCards(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  area: Area,
  cards: readonly (Card | { omitted: number })[],
  marks: { read: number | null; write: number | null },
): number {
  const { w, h, cell } = cardSize(area.width);
  const perRow = Math.max(1, Math.floor((area.width + GAP) / (w + GAP)));
  cards.forEach((card, i) => {
    const col = i % perRow;
    const row = Math.floor(i / perRow);
    const x = area.x + col * (w + GAP);
    const y = area.y + row * (h + 12);
    if (col > 0) arrow(ctx, x - GAP + 2, y + 22, x - 2, t.muted);
    if ('omitted' in card) {
      box(ctx, x, y, w, h, { stroke: t.border, dash: [2, 3], radius: 6 });
      text(ctx, '…', x + w / 2, y + h / 2 - 4, { color: t.muted, size: 18, align: 'center', font: t.font });
      text(
        ctx,
        `${formatInt(card.omitted)} more block${card.omitted === 1 ? '' : 's'}`,
        x + w / 2,
        y + h / 2 + 14,
        {
          color: t.muted,
          size: 11,
          align: 'center',
          font: t.font,
        },
      );
      return;
    }
    ctx.globalAlpha = card.faded ? 0.55 : 1;
    box(ctx, x, y, w, h, {
      fill: t.panel,
      stroke: card.spare ? t.muted : t.border,
      dash: card.spare ? [4, 3] : [],
      radius: 6,
    });
    text(ctx, card.title, x + 6, y + 13, {
      color: t.fg,
      size: 11,
      weight: 600,
      font: t.font,
      maxWidth: w - 12,
    });
    const gx = x + 6;
    const gy = y + 18;
    card.slots.forEach((s, k) => {
      const cx = gx + (k % COLS) * cell;
      const cy = gy + Math.floor(k / COLS) * cell;
      ctx.fillStyle = slotColor(s, t);
      ctx.fillRect(cx + 1, cy + 1, cell - 2, cell - 2);
      if (s === 'unused') hatch(ctx, cx + 1, cy + 1, cell - 2, cell - 2, t.muted);
      else if (s === 'empty') {
        ctx.strokeStyle = t.border;
        ctx.lineWidth = 1;
        ctx.strokeRect(cx + 1.5, cy + 1.5, cell - 3, cell - 3);
      } else if (s === 'close') {
        text(ctx, '×', cx + cell / 2, cy + cell - 3, {
          color: t.bg,
          size: cell - 2,
          align: 'center',
          weight: 700,
        });
      }
      if (card.firstIndex !== null && s !== 'unused') {
        const global = card.firstIndex + k;
        const outline = global === marks.read ? t.ok : global === marks.write ? t.warn : null;
        if (outline !== null) {
          ctx.strokeStyle = outline;
          ctx.lineWidth = 2;
          ctx.strokeRect(cx, cy, cell, cell);
        }
      }
    });
    // measured at the size they are drawn (a projector enlarges labels), so the pill holds its word
    const size = labelSize(ctx, 9);
    const bh = size + 3;
    let bx = x + 6;
    for (const b of card.badges) {
      ctx.font = `600 ${size}px ${t.font}`;
      const fits = (s: string) => bx + ctx.measureText(s).width + 6 <= x + w - 2;
      const label = fits(b.text) ? b.text : b.short !== undefined && fits(b.short) ? b.short : null;
      if (label === null) break;
      const bw = ctx.measureText(label).width + 6;
      box(ctx, bx, y + h - 4 - bh, bw, bh, { fill: b.color, radius: 3 });
      text(ctx, label, bx + 3, y + h - 4 - bh / 4, { color: t.bg, size: 9, weight: 600, font: t.font });
      bx += bw + 3;
    }
    ctx.globalAlpha = 1;
  });
  const rows = Math.ceil(cards.length / perRow);
  return rows * (h + 12) - 12;
}

/** tokio: free_head → … → head → … → block_tail → spares. */
export function drawTokioBlocks(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  s: TokioStructure,
  area: Area,
): number {
  const cards: (Card | { omitted: number })[] = [];
  const half = Math.ceil(s.blocks.length / 2);
  s.blocks.forEach((b, i) => {
    if (s.omittedBlocks > 0 && i === half) cards.push({ omitted: s.omittedBlocks });
    cards.push(tokioCard(b, s, t));
  });
  const title = `Blocks: ${formatInt(s.totalBlocks)} × ${formatBytesExact(s.blockBytes)} (32 slots + 32 B header)${
    s.spareBlocks > 0 ? `, ${s.spareBlocks} spare kept for reuse (at most 3; more are freed)` : ''
  }`;
  const top = wrappedLabel(ctx, title, area.x, area.y + 12, {
    color: t.fg,
    size: 12,
    weight: 600,
    font: t.font,
    maxWidth: area.width,
  });
  const h = drawCards(ctx, t, { ...area, y: area.y + 22 + top }, cards, {
    read: s.receiverAlive ? s.rxIndex : null,
    write: s.txClosed ? null : s.tailPosition,
  });
  if (!s.blocks.some((b) => b.released)) return h + 22 + top;
  // "released" is the crate's word (the RELEASED bit), which a reader may take for "freed": say what it means
  const note = wrappedLabel(ctx, RELEASED_NOTE, area.x, area.y + 22 + top + h + 16, {
    color: t.muted,
    size: 11,
    font: t.font,
    maxWidth: area.width,
    maxLines: 8,
  });
  return h + 22 + top + 22 + note;
}

/** What a released block is (tokio's `RELEASED` bit, spec §1.3–1.5), under the blocks that carry the badge. */
export const RELEASED_NOTE =
  'released (by tx, tokio’s RELEASED bit): the senders have moved on to a later block. The block is still allocated and keeps its messages until the receiver reads past it; then it is reused as a spare (while fewer than 3 are linked) or freed.';

function tokioCard(b: TokioBlockView, s: TokioStructure, t: Theme): Card {
  const badges: Card['badges'][number][] = [];
  if (b.isFreeHead && !b.isHead) badges.push({ text: 'free_head', color: t.muted });
  if (b.isHead) badges.push({ text: 'head', color: t.ok });
  if (b.isBlockTail) badges.push({ text: 'tail', color: t.warn });
  if (b.released) badges.push({ text: 'released by tx', short: 'released', color: t.muted });
  if (b.role === 'spare') badges.push({ text: 'spare', color: t.muted });
  if (s.closeMarkerIndex !== null && b.slots.includes('close'))
    badges.push({ text: 'closed', color: t.close });
  return {
    // a spare is still allocated: reclaimed from the front and kept (not freed) for the next sends
    title:
      b.role === 'spare' ? `spare, kept · ${formatBytesExact(s.blockBytes)}` : `start ${formatInt(b.start)}`,
    slots: b.slots,
    firstIndex: b.role === 'spare' ? null : b.start,
    badges,
    spare: b.role === 'spare',
    // released blocks still hold their queued messages: drawn at full strength, marked by a badge
    faded: false,
  };
}

/** crossbeam / std / concurrent-queue list: 31 slots per block, position 31 never used. */
export function drawListBlocks(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  s: ListStructure,
  area: Area,
): number {
  const cards: (Card | { omitted: number })[] = [];
  const half = Math.ceil(s.blocks.length / 2);
  const readBlock = Math.floor(s.head / 31);
  const writeBlock = Math.floor(s.tail / 31);
  s.blocks.forEach((b, i) => {
    if (s.omittedBlocks > 0 && i === half) cards.push({ omitted: s.omittedBlocks });
    const badges: Card['badges'][number][] = [];
    if (b.index === readBlock) badges.push({ text: 'head', color: t.ok });
    if (b.index === writeBlock) badges.push({ text: 'tail', color: t.warn });
    // global position of slot 0 in "message" numbering: block m/31, the 32nd position has no message
    cards.push({
      title: `block ${formatInt(b.index)}`,
      slots: b.slots,
      firstIndex: b.index * 31,
      badges,
      spare: false,
      faded: false,
    });
  });
  const title = `Blocks: ${formatInt(s.totalBlocks)} × ${formatBytesExact(s.blockBytes)} (31 slots; the 32nd position never holds a message)`;
  const top = wrappedLabel(ctx, title, area.x, area.y + 12, {
    color: t.fg,
    size: 12,
    weight: 600,
    font: t.font,
    maxWidth: area.width,
  });
  if (cards.length === 0) {
    // the first block is allocated lazily, by the first send
    text(ctx, 'none yet: the first send allocates one', area.x, area.y + 30 + top, {
      color: t.muted,
      size: 11,
      font: t.font,
      maxWidth: area.width,
    });
    return 42 + top;
  }
  const h = drawCards(ctx, t, { ...area, y: area.y + 22 + top }, cards, {
    read: s.receiverAlive ? s.head : null,
    write: s.tail,
  });
  return h + 22 + top;
}
