/** How numbers read on screen: exact bytes with separators, binary units, seconds, milliseconds. */

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const TWO = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 0 });

/** 1234567 → "1,234,567" */
export function formatInt(n: number): string {
  return Number.isFinite(n) ? INT.format(n) : '—';
}

/** Any number for people: 1234567 → "1,234,567", 0.25 → "0.25", 12.345 → "12.35". */
export function formatDecimal(n: number): string {
  return Number.isFinite(n) ? TWO.format(n) : '—';
}

/** Exact bytes: 1234567 → "1,234,567 B" */
export function formatBytesExact(n: number): string {
  return `${formatInt(n)} B`;
}

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Binary units for people: 800 → "800 B", 33312 → "32.53 KiB", 1.2e6 → "1.14 MiB". */
export function formatBytesHuman(n: number, digits: 1 | 2 = 2): string {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs < 1024) return `${formatInt(n)} B`;
  let value = n / 1024;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${(digits === 1 ? ONE : TWO).format(value)} ${UNITS[unit]}`;
}

/** Both at once, as the readouts show them: "1,234,567 B (1.18 MiB)"; small values stay "800 B". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Math.abs(n) < 1024 ? formatBytesExact(n) : `${formatBytesExact(n)} (${formatBytesHuman(n)})`;
}

/** Chart axis ticks: short and in one unit family, e.g. "512 KiB", "1.5 MiB". */
export function formatBytesAxis(n: number): string {
  return formatBytesHuman(n, 1);
}

/** Simulated time: 0 → "0 s", 0.1 → "0.1 ms", 1500 → "1.5 s", 125000 → "2 min 5 s". */
export function formatSeconds(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms !== 0 && Math.abs(ms) < 1000) return `${TWO.format(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${TWO.format(s)} s`;
  const min = Math.floor(s / 60);
  return `${formatInt(min)} min ${formatInt(Math.floor(s - min * 60))} s`;
}

/** Axis ticks in seconds: "0 s", "2.5 s", "0.25 s" (never 0.25 s shown as "0.3 s"). */
export function formatSecondsAxis(ms: number): string {
  return `${TWO.format(ms / 1000)} s`;
}

/** Latency: "0.42 ms", "12.5 ms", "1.2 s". */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${TWO.format(ms / 1000)} s`;
  return `${TWO.format(ms)} ms`;
}

/** A count, or "—" when there is none (e.g. permits of an unbounded channel). */
export function formatCount(n: number | null): string {
  return n === null ? '—' : formatInt(n);
}

/** Speed factor: 1 → "1×", 0.25 → "0.25×". */
export function formatSpeed(x: number): string {
  return `${TWO.format(x)}×`;
}

/**
 * Axis ticks for bytes at binary-friendly values: for a maximum of 1,880 B → 0, 512, 1024, 1536, 2048
 * (labelled 0 B, 0.5 KiB, 1 KiB …), never 1,000 B next to 1.5 KiB.
 */
export function byteTicks(max: number, target = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0];
  const unit = max >= 1024 ** 3 ? 1024 ** 3 : max >= 1024 ** 2 ? 1024 ** 2 : max >= 1024 ? 1024 : 1;
  const raw = max / unit / (target - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag * unit;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

/** Round tick values from 0 to at least `max` (1-2-2.5-5 steps), for counts and milliseconds. */
export function niceTicks(max: number, target = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / (target - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}
