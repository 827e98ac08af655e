/**
 * The strategies' colours and dash patterns: the one source for charts, strategy chips, legends,
 * canvases, exports and embeds. A scenario runs at most 8 strategies (the schema's limit), so there
 * are 8 entries, and strategy k always gets entry k.
 *
 * Colours: the Okabe–Ito set (Okabe & Ito, "Color Universal Design", 2008), chosen to stay apart for
 * the common colour-vision deficiencies. On a white page its orange, sky blue and yellow fall below
 * the 3:1 contrast WCAG asks of graphics, so the light theme uses darker shades of the same hues
 * (yellow becomes olive, black a near-black); the dark theme keeps the set and turns black into a
 * light grey. Dash patterns are a second cue, so no two strategies differ by colour alone; the pairs
 * that share a pattern (vermillion and sky blue, blue and orange, …) are far apart in hue and
 * lightness.
 *
 * The colours reach the page as CSS custom properties `--s0` … `--s7` (`installPalette`), so the theme
 * (system, or an embed's forced `data-theme`) is resolved by CSS like every other colour, and canvases
 * and exports read the computed value.
 */

export const PALETTE_SIZE = 8;

export type PaletteTheme = 'light' | 'dark';

export interface PaletteEntry {
  /** what the colour is called, for tests and for people choosing */
  readonly name: string;
  readonly light: string;
  readonly dark: string;
  /** SVG `stroke-dasharray` in units of the line width ('' is solid); see `dashArray` */
  readonly dash: readonly number[];
}

const SOLID: readonly number[] = [];
const DASH: readonly number[] = [4, 2];
const DOT: readonly number[] = [1, 1.6];
const DASH_DOT: readonly number[] = [4, 1.6, 1, 1.6];

export const PALETTE: readonly PaletteEntry[] = [
  { name: 'vermillion', light: '#D55E00', dark: '#E8701A', dash: SOLID },
  { name: 'blue', light: '#0072B2', dark: '#3D9AE0', dash: DASH },
  { name: 'bluish green', light: '#009E73', dark: '#009E73', dash: DOT },
  { name: 'reddish purple', light: '#CC79A7', dark: '#CC79A7', dash: DASH_DOT },
  { name: 'orange', light: '#C27F00', dark: '#E69F00', dash: DASH },
  { name: 'sky blue', light: '#3D9AD1', dark: '#56B4E9', dash: SOLID },
  { name: 'black', light: '#24292F', dark: '#D0D7DE', dash: DASH_DOT },
  { name: 'yellow', light: '#948800', dark: '#F0E442', dash: DOT },
];

function entry(k: number): PaletteEntry {
  const i = ((Math.trunc(k) % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE;
  return PALETTE[i] as PaletteEntry;
}

/** Strategy k's colour as a CSS value that follows the page's theme (`var(--sK)`). */
export function strategyColor(k: number): string {
  return `var(--s${((Math.trunc(k) % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE})`;
}

/** Strategy k's colour as a literal for one theme (exports that cannot use CSS variables). */
export function strategyColorFor(k: number, theme: PaletteTheme): string {
  return entry(k)[theme];
}

/**
 * Strategy k's dash pattern for a line `width` px wide, as an SVG `stroke-dasharray` string ('' is
 * solid). Scaling by the width keeps a thick presenter-mode line's pattern readable.
 */
export function dashArray(k: number, width = 2): string {
  return entry(k)
    .dash.map((d) => Math.round(d * width * 10) / 10)
    .join(' ');
}

/** The same pattern as numbers, for a canvas's `setLineDash`. */
export function dashSegments(k: number, width = 2): number[] {
  return entry(k).dash.map((d) => d * width);
}

/** The custom properties for one theme, `--s0: …; --s1: …`. */
function declarations(theme: PaletteTheme): string {
  return PALETTE.map((p, k) => `--s${k}: ${p[theme]};`).join(' ');
}

/**
 * The palette as CSS: light by default, dark when the system asks for it unless the page forces
 * light, and dark when the page forces it (`data-theme`, as embeds do).
 */
export function paletteCss(): string {
  return [
    `:root { ${declarations('light')} }`,
    `@media (prefers-color-scheme: dark) { :root:not([data-theme='light']) { ${declarations('dark')} } }`,
    `:root[data-theme='dark'] { ${declarations('dark')} }`,
  ].join('\n');
}

/** Puts the palette's custom properties on the page once (the app and embeds call it at start). */
export function installPalette(doc: Document = document): void {
  if (doc.getElementById('channel-lab-palette') !== null) return;
  const style = doc.createElement('style');
  style.id = 'channel-lab-palette';
  style.textContent = paletteCss();
  doc.head.prepend(style);
}

/** Strategy k's colour as the page currently resolves it (for canvases and exports). */
export function resolvedStrategyColor(el: Element | null, k: number): string {
  const fallback = strategyColorFor(k, 'light');
  if (el === null || typeof getComputedStyle !== 'function') return fallback;
  const v = getComputedStyle(el)
    .getPropertyValue(`--s${k % PALETTE_SIZE}`)
    .trim();
  return v === '' ? fallback : v;
}
