/**
 * perf:ui --cpu: where the page's main thread spends its CPU while the comparison plays (perf:ui's
 * scenario: game-server, 5,000 busy channels), measured in ways a loaded machine disturbs little.
 * Frame intervals measure the wall clock, which other processes on the machine stretch; these are
 * per-second CPU figures from the renderer itself:
 * - `metrics`: deltas of CDP `Performance.getMetrics` (ScriptDuration, TaskDuration, LayoutDuration,
 *   RecalcStyleDuration) per second of play, in ms per s, for a steady phase (no input) and a slider
 *   phase (a Capacity key press every 1.5 s, as perf:ui does);
 * - `main_thread_cpu_ms_per_s` / `worker_cpu_ms_per_s` / `chart_painter_cpu_ms_per_s`: the trace's
 *   thread time (`tdur` of the top-level tasks) of the page's main thread, the simulation worker and the
 *   charts' painter worker, per second of play;
 * - `longest_tasks`: the longest main-thread tasks in the trace, wall and thread time, with what filled
 *   each (its largest child events: script, style, layout, paint);
 * - with PERF_PROFILE_TOP=N: the N functions with the most self time in a CPU profile of the main
 *   thread (build with `--minify false` for readable names, see PERF_DIST); PERF_PROFILE=<file> saves
 *   that profile for DevTools.
 * All of this runs under the CPU throttling given (`--cpu-throttle`), which slows both threads alike.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Browser } from '../test/e2e/browser.ts';

interface TraceEvent {
  readonly name: string;
  readonly cat: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { name?: string; data?: { functionName?: string; url?: string; type?: string } };
}

interface Metric {
  readonly name: string;
  readonly value: number;
}

const METRICS = ['ScriptDuration', 'TaskDuration', 'LayoutDuration', 'RecalcStyleDuration'] as const;
type MetricName = (typeof METRICS)[number];

export interface CpuFigures {
  readonly throttle: number;
  /** ms of each metric per second of wall time */
  readonly steady: Record<MetricName, number> & { frames_per_s: number; messages_per_s: number };
  readonly slider: Record<MetricName, number> & { frames_per_s: number; messages_per_s: number };
  readonly main_thread_cpu_ms_per_s: number;
  /**
   * the same per message from the worker: on a loaded machine the worker sends fewer frames a second,
   * and the page has less to do; per message, the figure compares runs made under different loads
   */
  readonly main_thread_cpu_ms_per_message: number;
  readonly worker_cpu_ms_per_s: number;
  /** the charts' painter worker (0 where the charts paint on the page) */
  readonly chart_painter_cpu_ms_per_s: number;
  /** main-thread frames committed to the compositor, and canvas images handed over with them */
  readonly commits_per_s: number;
  readonly canvas_images_per_s: number;
  readonly longest_tasks: readonly string[];
  /** the main thread's trace events by self (exclusive) thread time, ms per second of play */
  readonly main_thread_by_event: readonly string[];
  readonly top_self_ms?: readonly string[];
  readonly load_average: number;
}

/** The CDP session calls the trace needs (playwright-core's CDPSession has them). */
interface TraceSession {
  send(method: 'Tracing.start', params: object): Promise<unknown>;
  send(method: 'Tracing.end'): Promise<unknown>;
  on(event: 'Tracing.dataCollected', f: (e: { value: object[] }) => void): unknown;
  once(event: 'Tracing.tracingComplete', f: () => void): unknown;
}

/**
 * Starts a Chromium trace of the page (style, layout, paint, script, tasks). `stop()` ends it, writes it
 * to PERF_TRACE=<file.json> when set (for chrome://tracing or DevTools' Performance panel) and returns
 * its events. PERF_TRACE_INVALIDATIONS=1 adds what invalidated style and layout.
 */
export async function startTrace(cdp: TraceSession): Promise<{ stop(): Promise<TraceEvent[]> }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'toplevel',
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'cc',
        'blink',
        '__metadata',
        ...(process.env.PERF_TRACE_INVALIDATIONS
          ? ['disabled-by-default-devtools.timeline.invalidationTracking']
          : []),
      ],
    },
  });
  return {
    async stop() {
      await cdp.send('Tracing.end');
      await traced;
      if (process.env.PERF_TRACE)
        writeFileSync(process.env.PERF_TRACE, JSON.stringify({ traceEvents: events }));
      return events;
    },
  };
}

/** The comparison perf:ui measures: game-server's three strategies, 5,000 channels, all busy, paused. */
export async function setUpComparison(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
  await page.evaluate(() => {
    type LabLike = { actions: { setParam(k: string, v: number): void } };
    const lab = (globalThis as unknown as { __channelLab: LabLike }).__channelLab;
    lab.actions.setParam('channels', 5000);
    lab.actions.setParam('busyChannels', 5000);
  });
  await page.waitForFunction(
    () =>
      /5,000/.test(
        document.querySelector('[aria-label="bytes at create"]')?.parentElement?.textContent ?? '',
      ),
    null,
    { timeout: 20_000 },
  );
  // watch the comparison, as someone moving the slider would
  await page.getByRole('heading', { name: 'Strategies compared' }).scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
}

async function metrics(cdp: { send(m: 'Performance.getMetrics'): Promise<{ metrics: Metric[] }> }) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const by = new Map(list.map((m) => [m.name, m.value]));
  return Object.fromEntries(METRICS.map((m) => [m, (by.get(m) ?? 0) * 1000])) as Record<MetricName, number>;
}

/** Animation frames shown and worker messages received so far. */
async function frameCount(page: Page): Promise<{ shown: number; received: number }> {
  return page.evaluate(() => {
    const w = globalThis as unknown as { __frames: number; __received: number };
    return { shown: w.__frames, received: w.__received };
  });
}

const round = (x: number) => Number(x.toFixed(1));
const round2 = (x: number) => Number(x.toFixed(2));

export interface CpuOptions {
  readonly throttle: number;
  /** seconds of each phase (steady, slider) */
  readonly seconds: number;
  /** the machine's load average, printed with the figures */
  readonly load: () => number;
  /** runs on the page before Play (experiments: hide a view to see what it costs) */
  readonly prepare?: (page: Page) => Promise<void>;
}

export async function measureCpu(browser: Browser, url: string, o: CpuOptions): Promise<CpuFigures> {
  const { throttle, seconds, load } = o;
  const page = await browser.newPage({ width: 1440, height: 1000 });
  const cdp = await page.context().newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await cdp.send('Performance.enable');
  await setUpComparison(page, url);
  await o.prepare?.(page);
  await page.evaluate(() => {
    const w = globalThis as unknown as {
      __frames: number;
      __received: number;
      __channelLab: { bridge: { worker?: EventTarget } };
    };
    w.__frames = 0;
    w.__received = 0;
    const tick = () => {
      w.__frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    // a second listener: the bridge's own handler is left as it is
    w.__channelLab.bridge.worker?.addEventListener('message', () => w.__received++);
  });
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1500); // warm up: the first frames, the lazy chunks, the JIT

  const trace = await startTrace(cdp);
  const top = Number(process.env.PERF_PROFILE_TOP ?? 0);
  if (top > 0) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
  }

  const phase = async (run: () => Promise<void>) => {
    const m0 = await metrics(cdp);
    const f0 = await frameCount(page);
    const t0 = performance.now();
    await run();
    const wall = (performance.now() - t0) / 1000;
    const m1 = await metrics(cdp);
    const f1 = await frameCount(page);
    return {
      ...(Object.fromEntries(METRICS.map((m) => [m, round((m1[m] - m0[m]) / wall)])) as Record<
        MetricName,
        number
      >),
      frames_per_s: round((f1.shown - f0.shown) / wall),
      messages_per_s: round((f1.received - f0.received) / wall),
    };
  };
  const t0 = performance.now();
  const steady = await phase(() => page.waitForTimeout(seconds * 1000));
  // found once: a role query walks the whole page's accessibility names, which under 4× throttling
  // costs the page about 20 ms of its main thread per query, in the frames being measured
  const capacity = await page.getByRole('slider', { name: 'Capacity' }).elementHandle();
  if (capacity === null) throw new Error('no Capacity slider');
  const s0 = performance.now();
  const slider = await phase(async () => {
    for (let i = 0; i < Math.max(2, Math.round(seconds / 1.5)); i++) {
      await capacity.focus();
      await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForTimeout(1500);
    }
  });
  const sliderWall = (performance.now() - s0) / 1000;
  const wall = (performance.now() - t0) / 1000;
  let topSelf: string[] | undefined;
  if (top > 0) {
    const { profile } = await cdp.send('Profiler.stop');
    topSelf = selfTime(profile as unknown as CpuProfile, top);
    // PERF_PROFILE=<file.cpuprofile>: the whole profile, for DevTools
    if (process.env.PERF_PROFILE) writeFileSync(process.env.PERF_PROFILE, JSON.stringify(profile));
  }
  const events = await trace.stop();
  await page.close();
  const threads = threadsOf(events);
  const cpu = (tid: number | undefined) =>
    tid === undefined
      ? NaN
      : round(
          events
            .filter((e) => e.tid === tid && e.name === 'RunTask' && e.ph === 'X')
            .reduce((s, e) => s + (e.tdur ?? 0), 0) /
            1000 /
            wall,
        );
  const count = (tid: number | undefined, name: string) =>
    events.filter((e) => e.tid === tid && e.name === name && e.ph === 'X').length;
  return {
    throttle,
    steady,
    slider,
    main_thread_cpu_ms_per_s: cpu(threads.main),
    main_thread_cpu_ms_per_message: round2(
      (cpu(threads.main) * wall) / (steady.messages_per_s * seconds + slider.messages_per_s * sliderWall),
    ),
    worker_cpu_ms_per_s: cpu(threads.worker),
    chart_painter_cpu_ms_per_s: threads.painter === undefined ? 0 : cpu(threads.painter),
    commits_per_s: round(count(threads.main, 'LayerTreeHost::DoUpdateLayers') / wall),
    // headless Chromium without a GPU hands every canvas's image over at every commit, drawn or not
    canvas_images_per_s: round(count(threads.main, 'Canvas2DResourceProvider::ProduceCanvasResource') / wall),
    longest_tasks: longestTasks(events, threads.main, 6),
    main_thread_by_event: byEvent(events, threads.main, wall, 14),
    ...(topSelf === undefined ? {} : { top_self_ms: topSelf }),
    load_average: load(),
  };
}

function threadsOf(events: readonly TraceEvent[]): {
  main: number | undefined;
  worker: number | undefined;
  painter: number | undefined;
} {
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  // the page's renderer is the process whose main thread ran our frames' script
  const tasks = new Map<number, number>();
  for (const e of events) if (e.name === 'FunctionCall') tasks.set(e.tid, (tasks.get(e.tid) ?? 0) + 1);
  const main = names
    .filter((e) => e.args?.name === 'CrRendererMain')
    .sort((a, b) => (tasks.get(b.tid) ?? 0) - (tasks.get(a.tid) ?? 0))[0];
  // the page's workers, busiest first: the simulation, then the charts' painter (offscreen-charts.ts)
  const busy = new Map<number, number>();
  for (const e of events)
    if (e.name === 'RunTask' && e.ph === 'X') busy.set(e.tid, (busy.get(e.tid) ?? 0) + (e.tdur ?? 0));
  const workers = names
    .filter((e) => e.args?.name === 'DedicatedWorker thread' && e.pid === main?.pid)
    .sort((a, b) => (busy.get(b.tid) ?? 0) - (busy.get(a.tid) ?? 0));
  return { main: main?.tid, worker: workers[0]?.tid, painter: workers[1]?.tid };
}

/** The longest top-level tasks of `tid`, each with its wall and thread time and its largest children. */
function longestTasks(events: readonly TraceEvent[], tid: number | undefined, n: number): string[] {
  if (tid === undefined) return [];
  const mine = events.filter((e) => e.tid === tid && e.ph === 'X' && e.dur !== undefined);
  // by thread time: wall time on a loaded machine is mostly waiting for a core
  const tasks = mine.filter((e) => e.name === 'RunTask').sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0));
  return tasks.slice(0, n).map((t) => {
    const end = t.ts + (t.dur ?? 0);
    const inside = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end);
    const byName = new Map<string, number>();
    for (const e of inside) {
      const what =
        e.name === 'FunctionCall' || e.name === 'EventDispatch' || e.name === 'TimerFire'
          ? `${e.name}(${e.args?.data?.functionName ?? e.args?.data?.type ?? ''})`
          : e.name;
      byName.set(what, (byName.get(what) ?? 0) + (e.dur ?? 0));
    }
    const parts = [...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
      .join(', ');
    return `${((t.dur ?? 0) / 1000).toFixed(1)} ms wall, ${((t.tdur ?? 0) / 1000).toFixed(1)} ms cpu: ${parts}`;
  });
}

/**
 * Self time per event name on one thread, in thread (CPU) time: each event's `tdur` less that of the
 * events nested in it. Wall time would count the waits too (a commit waits for the compositor thread,
 * which other processes on a loaded machine slow down).
 */
function byEvent(events: readonly TraceEvent[], tid: number | undefined, wall: number, n: number): string[] {
  if (tid === undefined) return [];
  const mine = events
    .filter((e) => e.tid === tid && e.ph === 'X' && e.dur !== undefined && e.tdur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  const add = (name: string, us: number) => self.set(name, (self.get(name) ?? 0) + us);
  for (const e of mine) {
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as TraceEvent;
      if (top.ts + (top.dur ?? 0) > e.ts) break;
      stack.pop();
    }
    const parent = stack[stack.length - 1];
    if (parent !== undefined) add(parent.name, -(e.tdur ?? 0));
    add(e.name, e.tdur ?? 0);
    stack.push(e);
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${(v / 1000 / wall).toFixed(1)}`);
}

interface CpuProfile {
  readonly nodes: readonly {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The functions with the most self time, `name file:line ms`. */
function selfTime(p: CpuProfile, n: number): string[] {
  const byNode = new Map(p.nodes.map((x) => [x.id, x]));
  const ms = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byNode.get(id)?.callFrame;
    if (f === undefined) return;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    ms.set(key, (ms.get(key) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return [...ms]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(0)} ms ${k}`);
}
