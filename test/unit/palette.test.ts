// The strategies' palette: 8 entries, readable on both themes' backgrounds, and no two strategies that
// a colour-blind reader could confuse unless their dash patterns differ.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PALETTE,
  PALETTE_SIZE,
  dashArray,
  dashSegments,
  paletteCss,
  strategyColor,
  strategyColorFor,
} from '../../src/ui/palette.ts';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as number[];
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const linear = (hex: string) => rgb(hex).map(toLinear);

/** WCAG 2 relative luminance and contrast ratio. */
const luminance = (lin: number[]) => 0.2126 * (lin[0] ?? 0) + 0.7152 * (lin[1] ?? 0) + 0.0722 * (lin[2] ?? 0);
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(linear(a)), luminance(linear(b))];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};

/** Colour-vision deficiency simulation, Machado, Oliveira & Fernandes (2009), severity 1, linear RGB. */
const CVD: Record<string, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** CIELAB (D65) of linear sRGB. */
function lab(lin: number[]): number[] {
  const [r = 0, g = 0, b = 0] = lin.map((c) => Math.min(1, Math.max(0, c)));
  const X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const Y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 / 116) * t + 16 / 116);
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}
const seenAs = (hex: string, m: number[][]) =>
  lab(m.map((row) => row.reduce((s, v, i) => s + v * (linear(hex)[i] ?? 0), 0)));
const deltaE = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));

/** the page backgrounds, from the app's stylesheet */
const css = readFileSync('src/ui/styles.css', 'utf8');
const LIGHT_BG = /:root \{[^}]*--bg: (#[0-9a-f]{6});/i.exec(css)?.[1] ?? '';
const DARK_BG = /prefers-color-scheme: dark\)[^{]*\{[^{]*\{[^}]*--bg: (#[0-9a-f]{6});/i.exec(css)?.[1] ?? '';

describe('palette', () => {
  it('has a colour for each of the 8 strategies a scenario may hold, all different', () => {
    expect(PALETTE_SIZE).toBe(8);
    expect(PALETTE).toHaveLength(8);
    for (const theme of ['light', 'dark'] as const) {
      expect(new Set(PALETTE.map((p) => p[theme].toLowerCase())).size).toBe(8);
    }
  });

  it('every line stands out from the background: contrast ≥ 3:1 (WCAG non-text contrast) in both themes', () => {
    expect(LIGHT_BG).toBe('#ffffff');
    expect(DARK_BG).toMatch(/^#/);
    for (const p of PALETTE) {
      expect(contrast(p.light, LIGHT_BG), `${p.name} on light`).toBeGreaterThanOrEqual(3);
      expect(contrast(p.dark, DARK_BG), `${p.name} on dark`).toBeGreaterThanOrEqual(3);
    }
  });

  it('two strategies drawn with the same dash pattern differ clearly in colour, whatever the colour vision', () => {
    // ΔE*ab ≥ 20 is well beyond "just noticeable" (≈ 2.3): two lines a reader tells apart at a glance
    for (const theme of ['light', 'dark'] as const) {
      for (let i = 0; i < PALETTE_SIZE; i++) {
        for (let j = i + 1; j < PALETTE_SIZE; j++) {
          const a = PALETTE[i];
          const b = PALETTE[j];
          if (a === undefined || b === undefined) throw new Error('palette hole');
          if (a.dash.join() !== b.dash.join()) continue;
          for (const [vision, m] of Object.entries(CVD)) {
            const d = deltaE(seenAs(a[theme], m), seenAs(b[theme], m));
            expect(d, `${a.name} vs ${b.name}, ${theme}, ${vision}`).toBeGreaterThanOrEqual(20);
          }
        }
      }
    }
  });

  it('the first three strategies (the default comparison) differ in colour for red-green deficiencies too', () => {
    // protanopia and deuteranopia are the common ones (about 1 man in 12); these three also differ in
    // dash pattern, which covers the rare tritanopia
    for (const theme of ['light', 'dark'] as const) {
      for (const [i, j] of [
        [0, 1],
        [0, 2],
        [1, 2],
      ] as const) {
        for (const vision of ['normal', 'protanopia', 'deuteranopia']) {
          const m = CVD[vision] ?? [];
          const d = deltaE(seenAs(strategyColorFor(i, theme), m), seenAs(strategyColorFor(j, theme), m));
          expect(d, `${i} vs ${j}, ${theme}, ${vision}`).toBeGreaterThanOrEqual(20);
        }
      }
    }
  });

  it('dash patterns: the first is solid, the next three all differ, and they scale with the line width', () => {
    expect(dashArray(0)).toBe('');
    const first4 = [0, 1, 2, 3].map((k) => dashArray(k));
    expect(new Set(first4).size).toBe(4);
    expect(dashSegments(1, 4)).toEqual(dashSegments(1, 2).map((d) => d * 2));
    // strategy 9 does not exist, but a stray index wraps rather than failing
    expect(strategyColor(9)).toBe('var(--s1)');
    expect(strategyColor(-1)).toBe('var(--s7)');
  });

  it('the CSS gives light by default, dark for a dark system unless forced light, and dark when forced', () => {
    const text = paletteCss();
    expect(text).toContain(`:root { --s0: ${PALETTE[0]?.light};`);
    expect(text).toMatch(/prefers-color-scheme: dark\) \{ :root:not\(\[data-theme='light'\]\) \{ --s0: /);
    expect(text).toContain(`:root[data-theme='dark'] { --s0: ${PALETTE[0]?.dark};`);
    for (let k = 0; k < 8; k++) expect(text.split(`--s${k}:`)).toHaveLength(4);
  });
});
