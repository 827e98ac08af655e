/**
 * The in-page frame recorder that perf:ui and perf:ui --embeds both measure with: requestAnimationFrame
 * intervals, Long Animation Frames (with what filled each, for PERF_EXPLAIN) and, optionally, when keys
 * were pressed. It lives on `globalThis.__perf` so other in-page probes (perf-ui's slider timing, its
 * worker-message timing) can read `keyAt` and add lines to `why`.
 */
import type { Page } from 'playwright-core';

/** What the recorder holds in the page. */
export interface FrameRecord {
  /** requestAnimationFrame intervals, ms */
  readonly frames: number[];
  /** when each of those intervals ended (the frame's timestamp), ms */
  readonly frameAt: number[];
  /** durations of Long Animation Frames (≥ 50 ms), ms */
  readonly loaf: number[];
  /** event timestamps of key presses (only with `keys: true`) */
  readonly keyAt: number[];
  /** one line per long animation frame (and whatever other probes add): what filled it */
  readonly why: string[];
}

export interface RecorderOptions {
  /** also record the timestamp of every keydown (perf:ui's slider → chart timing reads it) */
  readonly keys?: boolean;
}

/** Starts recording in `page`; a second start replaces the first recording. */
export async function startFrameRecorder(page: Page, options: RecorderOptions = {}): Promise<void> {
  await page.evaluate(
    ({ keys }) => {
      type Perf = FrameRecord & { run: boolean };
      const perf: Perf = { frames: [], frameAt: [], loaf: [], keyAt: [], why: [], run: true };
      (globalThis as unknown as { __perf: Perf }).__perf = perf;
      let last = performance.now();
      const tick = (t: number) => {
        perf.frames.push(t - last);
        perf.frameAt.push(t);
        last = t;
        if (perf.run) requestAnimationFrame(tick);
      };
      requestAnimationFrame((t) => {
        last = t;
        requestAnimationFrame(tick);
      });
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            perf.loaf.push(e.duration);
            // what filled the frame: scripts, then style/layout and paint
            const f = e as PerformanceEntry & {
              renderStart: number;
              styleAndLayoutStart: number;
              scripts: { invoker: string; duration: number; sourceFunctionName: string }[];
            };
            const scripts = f.scripts
              .map((x) => `${x.invoker} ${x.sourceFunctionName} ${x.duration.toFixed(0)}`)
              .join('; ');
            const render = f.renderStart > 0 ? f.styleAndLayoutStart - f.renderStart : 0;
            const paint = f.styleAndLayoutStart > 0 ? e.startTime + e.duration - f.styleAndLayoutStart : 0;
            perf.why.push(
              `at ${e.startTime.toFixed(0)}: ${e.duration.toFixed(0)} ms: scripts [${scripts}] ` +
                `render ${render.toFixed(0)} ms, style+layout+paint ${paint.toFixed(0)} ms`,
            );
          }
        }).observe({ type: 'long-animation-frame', buffered: false });
      } catch {
        // no LoAF support: reported as 0
      }
      if (keys) {
        document.addEventListener('keydown', (e) => perf.keyAt.push(e.timeStamp), { capture: true });
      }
    },
    { keys: options.keys ?? false },
  );
}

/** Stops the recording and returns it. */
export async function stopFrameRecorder(page: Page): Promise<FrameRecord> {
  return page.evaluate(() => {
    const perf = (globalThis as unknown as { __perf: FrameRecord & { run: boolean } }).__perf;
    perf.run = false;
    return { frames: perf.frames, frameAt: perf.frameAt, loaf: perf.loaf, keyAt: perf.keyAt, why: perf.why };
  });
}

/** The 95th percentile of frame intervals (NaN when none were recorded). */
export function p95(frames: readonly number[]): number {
  const sorted = [...frames].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN;
}

/**
 * The longest frame interval in the `windowMs` after each key press: a figure per press that, unlike
 * Long Animation Frames (reported only from 50 ms), shows how close the frames around a press come.
 */
export function worstFrameAfterKeys(record: FrameRecord, windowMs = 600): number[] {
  return record.keyAt.map((k) =>
    Math.max(
      0,
      ...record.frames.filter(
        (_, i) => (record.frameAt[i] ?? 0) > k && (record.frameAt[i] ?? 0) <= k + windowMs,
      ),
    ),
  );
}

/** The longest Long Animation Frame, 0 when none was reported (none reached 50 ms). */
export function longestLoaf(record: FrameRecord): number {
  return Math.max(0, ...record.loaf);
}
