/**
 * A 2D context for the painters' tests: it draws nothing and records every label (with the size and
 * alignment it was drawn at, and the width it was given) and the last rounded rectangle before it.
 * Glyphs are 0.6 em wide: enough to tell a 9 px word from a 13 px one, and a cut title from a whole one.
 */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Label {
  s: string;
  x: number;
  y: number;
  size: number;
  width: number;
  align: CanvasTextAlign;
  /** the maxWidth fillText was given, if any */
  maxWidth: number | undefined;
  /** the last rounded rectangle drawn before the label */
  under: Rect | null;
}

export const widthOf = (s: string, size: number): number => s.length * size * 0.6;

/** The label's left and right edges, whatever its alignment. */
export function extent(l: Label): { left: number; right: number } {
  const left = l.align === 'center' ? l.x - l.width / 2 : l.align === 'right' ? l.x - l.width : l.x;
  return { left, right: left + l.width };
}

export function recordingContext(): { ctx: CanvasRenderingContext2D; labels: Label[] } {
  const labels: Label[] = [];
  let font = '12px sans-serif';
  let align: CanvasTextAlign = 'left';
  let lastRect: Rect | null = null;
  const size = () => Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  const target = {
    get font() {
      return font;
    },
    set font(f: string) {
      font = f;
    },
    measureText: (s: string) => ({ width: widthOf(s, size()) }),
    roundRect: (x: number, y: number, w: number, h: number) => {
      lastRect = { x, y, w, h };
    },
    fillText: (s: string, x: number, y: number, maxWidth?: number) => {
      labels.push({ s, x, y, size: size(), width: widthOf(s, size()), align, maxWidth, under: lastRect });
    },
  };
  const ctx = new Proxy(target, {
    get: (o, k) => (k in o ? o[k as keyof typeof o] : () => undefined),
    set: (o, k, v) => {
      if (k === 'font') o.font = v as string;
      if (k === 'textAlign') align = v as CanvasTextAlign;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
  return { ctx, labels };
}
