/**
 * Samples, one row of SERIES_FIELDS per strategy and sample time, kept in growable Float64Arrays
 * (an hour at 100 ms is 36,000 rows) and turned into columns when asked.
 */
import { SERIES_FIELDS, type SeriesField, type SimSeries } from './types.ts';

export const FIELD_COUNT = SERIES_FIELDS.length;
/** Samples a run keeps at most (about 13.6 MB per strategy): beyond, the engine samples less often. */
export const MAX_SAMPLES = 100_000;
/**
 * Simulated microseconds between two samples. A run keeps at most MAX_SAMPLES rows: a day sampled
 * every millisecond would be 86.4 M of them. (The UI's "Step by one sample" uses it too.)
 */
export function sampleEveryUs(sampleMs: number, durationUs: number): number {
  return Math.max(1, Math.round(sampleMs * 1000), Math.ceil(durationUs / MAX_SAMPLES));
}
export const FIELD_INDEX = Object.fromEntries(SERIES_FIELDS.map((f, i) => [f, i])) as Record<
  SeriesField,
  number
>;

/**
 * Arrays that a copy of the simulation may share instead of copying (timeline checkpoints): sample
 * rows are append-only, and a copy that runs on writes exactly the rows the original wrote (the engine
 * is deterministic), so rows below a copy's `length` never change under it. An hour of samples is
 * 14 MB for three strategies; copying it into each of 48 checkpoints took 690 MB.
 */
const appendOnly = new WeakSet<object>();

/**
 * True for the arrays a copy of the simulation may share: the recorder's append-only sample arrays,
 * and memos whose entries are pure functions of their keys (`markShared`).
 */
export function isAppendOnly(v: object): boolean {
  return appendOnly.has(v);
}

/**
 * Lets copies of the simulation share `v`: a memo whose every entry is a pure function of its key,
 * checked on every read (service.ts `ServiceDraws`), so a copy reading what the original wrote, or
 * the other way round, reads what it would have computed itself.
 */
export function markShared(v: object): void {
  appendOnly.add(v);
}

export class SeriesRecorder {
  private times: Float64Array<ArrayBufferLike> = new Float64Array(256);
  private rows: Float64Array<ArrayBufferLike>[];
  length = 0;

  /** `expected`: how many samples the run will take (room is made for up to 2^16 of them at once) */
  constructor(
    private readonly ids: readonly string[],
    expected = 256,
  ) {
    const room = Math.min(Math.max(expected, 256), 2 ** 16);
    this.times = new Float64Array(room);
    this.rows = ids.map(() => new Float64Array(room * FIELD_COUNT));
    this.markAppendOnly();
  }

  private markAppendOnly(): void {
    appendOnly.add(this.times);
    for (const r of this.rows) appendOnly.add(r);
  }

  /**
   * Makes room for sample k (at `timeUs`) and returns where its row starts in every strategy's
   * rows; `length` counts the samples every strategy has written.
   */
  slot(k: number, timeUs: number): number {
    while (k >= this.times.length) {
      const grow = (a: Float64Array): Float64Array => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.times = grow(this.times);
      this.rows = this.rows.map(grow);
      this.markAppendOnly();
    }
    this.times[k] = timeUs / 1000;
    return k * FIELD_COUNT;
  }

  /** Strategy i's rows (FIELD_COUNT values per sample, in field order); valid until the next `slot`. */
  rowsOf(i: number): Float64Array {
    return this.rows[i] as Float64Array;
  }

  series(): SimSeries {
    const n = this.length;
    const timeMs = new Array<number>(n);
    for (let j = 0; j < n; j++) timeMs[j] = this.times[j] as number;
    return {
      timeMs,
      strategies: this.ids.map((id, i) => {
        const rows = this.rows[i] as Float64Array;
        const columns = {} as Record<SeriesField, number[]>;
        SERIES_FIELDS.forEach((f, k) => {
          const col = new Array<number>(n);
          for (let j = 0; j < n; j++) col[j] = rows[j * FIELD_COUNT + k] as number;
          columns[f] = col;
        });
        return { id, columns };
      }),
    };
  }
}
