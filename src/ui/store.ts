/**
 * Application state. Two stores, on purpose:
 * - `LabState` (zustand): parameters and view state. React components read it through selectors.
 * - `FrameState` (zustand, vanilla): the latest simulation frame. Canvases and text readouts subscribe
 *   to it directly and draw through refs, so 60 frames a second never re-render the React tree.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { shallow } from 'zustand/shallow';
import type { ChartSeries, DecodedFrame } from '../worker/frame.ts';
import type { ChartField, ParamValue, SimMeta, StrategyMeta } from '../worker/protocol.ts';
import type { Scenario } from '../engine/scenario/index.ts';
import { sampleEveryUs, type SimSeries } from '../engine/sim/index.ts';
import type { ControlSpec } from './controls/spec.ts';
import type { SweepSpec } from './sweep/sweep-spec.ts';
import type { CalculatorInputs } from './calculator/calc-spec.ts';
import type { ImplName } from '../engine/channels/index.ts';
import type { MessageType } from '../engine/layout.ts';
import { onNextFrame } from './views/frame-request.ts';
import { WorkerBridge, type FrameScheduler, type HeartbeatOptions, type WorkerFactory } from './bridge.ts';

export type WorkerStatus = 'starting' | 'running' | 'crashed';
/** What Step moves by: one message, one sample of the series, or one simulated second. */
export type StepSize = 'message' | 'sample' | 'second';
export const STEP_SIZES: readonly StepSize[] = ['message', 'sample', 'second'];
const STEP_SIZE_KEY = 'channel-lab:step-by';
export type HeapScale = 'linear' | 'log';
export type SecondMetric = Exclude<ChartField, 'heapBytes' | 'heapMinBytes' | 'heapMaxBytes'>;

export interface Notice {
  readonly kind: 'refused' | 'error';
  readonly message: string;
  readonly field: string | null;
}

/** The worker crashed or hung and was restarted on its own from the last good state. */
export interface Recovery {
  readonly kind: 'crash' | 'hang';
  readonly reason: string;
  /** the simulated time it was brought back to */
  readonly timeMs: number;
}

/** More automatic restarts than this within `AUTO_RESTART_WINDOW_MS`: stop and let the user decide. */
const AUTO_RESTARTS = 3;
const AUTO_RESTART_WINDOW_MS = 60_000;

export interface LabState {
  readonly status: WorkerStatus;
  readonly crashReason: string | null;
  readonly recovered: Recovery | null;
  readonly notice: Notice | null;
  /** the scenario the worker runs, as it validated it */
  readonly scenario: Scenario | null;
  readonly preset: string | null;
  readonly meta: SimMeta | null;
  /** control values by key; updated at once when a control moves, confirmed when the worker answers */
  readonly values: Readonly<Record<string, ParamValue>>;
  readonly playing: boolean;
  readonly done: boolean;
  readonly speed: number;
  /** index of the strategy whose channel the anatomy and backpressure views show */
  readonly focus: number;
  readonly secondMetric: SecondMetric;
  /** the capacity-planning sweep on show (null: its panel is closed) */
  readonly sweep: SweepSpec | null;
  /** the calculator's inputs while it is open (null: closed), kept here so the link carries them */
  readonly calculator: CalculatorInputs | null;
  /** what Step and Step back move by (remembered in localStorage) */
  readonly stepSize: StepSize;
  /** the heap chart's vertical axis: log tells KiB lines from MiB lines apart */
  readonly heapScale: HeapScale;
}

export interface FrameState {
  readonly frame: DecodedFrame | null;
  /** the latest chart series (frames carry one at most 10 times a second) */
  readonly series: ChartSeries | null;
}

/** One channel as a strategy creates it. */
export interface ChannelChoice {
  readonly impl: ImplName;
  readonly message: MessageType;
  readonly capacity: number;
  readonly channels: number;
}

export interface PresetInfo {
  readonly name: string;
  readonly title: string;
  readonly explanation: string;
  readonly fact: string;
  /** what the preset reproduces of a published claim, and what it cannot */
  readonly source?: string;
}

/** What the lab needs to know about scenarios; the engine adapter (scenario-adapter.ts) provides it. */
export interface ScenarioAdapter {
  readonly presets: readonly PresetInfo[];
  readonly defaultPreset: string;
  /** the controls, in display order; `values` lets a control depend on others (e.g. hide Permits) */
  controls(values: Readonly<Record<string, ParamValue>>, scenario: Scenario | null): readonly ControlSpec[];
  /** control values of a scenario, by control key */
  valuesOf(scenario: Scenario): Record<string, ParamValue>;
  /** a preset's scenario, or null if there is no such preset */
  presetScenario(name: string): Scenario | null;
  /** the channel a strategy creates, for the "what creating this channel allocates" readout */
  channelOf(scenario: Scenario, strategyIndex: number): ChannelChoice | null;
  /**
   * offered and drained messages per second at `timeMs` (after live changes), for the load at a
   * glance; absent when the scenario does not say (test fakes)
   */
  load?(scenario: Scenario, timeMs: number): LoadFigures;
}

export interface LoadFigures {
  readonly offeredPerSec: number;
  readonly drainedPerSec: number;
  readonly ratio: number;
  readonly notes: readonly string[];
  /** busy channels, each carrying this load */
  readonly channels: number;
}

export interface LabActions {
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** forward by the step size */
  step(): void;
  /** back by the step size (the simulation is deterministic: the worker replays to there) */
  stepBack(): void;
  setStepSize(size: StepSize, remember?: boolean): void;
  /** to simulated time `timeMs`; a burst of seeks (a slider drag) sends one per animation frame */
  seek(timeMs: number): void;
  /** every sample of the series so far (for export), or null if the worker cannot answer */
  fetchSeries(): Promise<SimSeries | null>;
  reset(): void;
  setSpeed(speed: number): void;
  setParam(key: string, value: ParamValue): void;
  /** several changes that belong together (a strategy's crate and kind, a new strategy list) */
  setParams(changes: Readonly<Record<string, ParamValue>>): void;
  loadPreset(name: string): void;
  loadScenario(scenario: Scenario, preset: string | null): void;
  restart(): void;
  setFocus(index: number): void;
  setSecondMetric(metric: SecondMetric): void;
  /** opens (or changes) the capacity-planning sweep; null closes it */
  setSweep(spec: SweepSpec | null): void;
  /** opens the calculator with these inputs (or records a change); null closes it */
  setCalculator(inputs: CalculatorInputs | null): void;
  setHeapScale(scale: HeapScale): void;
  dismissNotice(): void;
  dismissRecovery(): void;
}

export interface Lab {
  readonly store: StoreApi<LabState>;
  readonly frames: StoreApi<FrameState>;
  readonly bridge: WorkerBridge;
  readonly actions: LabActions;
  readonly adapter: ScenarioAdapter;
  /**
   * A view that draws channel structures or waiting senders (anatomy, backpressure, exact figures)
   * is on screen until the returned function is called. While none is, frames of a playing run come
   * without them (the worker's `details` command), and such views keep what they drew.
   */
  showStructures(): () => void;
  dispose(): void;
}

export interface LabOptions {
  readonly createWorker: WorkerFactory;
  readonly adapter: ScenarioAdapter;
  readonly schedule?: FrameScheduler;
  readonly heartbeat?: HeartbeatOptions;
}

export function createLab({ createWorker, adapter, schedule, heartbeat }: LabOptions): Lab {
  const store = createStore<LabState>(() => ({
    status: 'starting',
    crashReason: null,
    recovered: null,
    notice: null,
    scenario: null,
    preset: null,
    meta: null,
    values: {},
    playing: false,
    done: false,
    speed: 1,
    focus: 0,
    secondMetric: 'depth',
    sweep: null,
    calculator: null,
    stepSize: rememberedStepSize(),
    heapScale: 'linear',
  }));
  const frames = createStore<FrameState>(() => ({ frame: null, series: null }));

  const bridge = new WorkerBridge(
    createWorker,
    {
      onFrame(frame) {
        frames.setState(frame.series === null ? { frame } : { frame, series: frame.series });
        const s = store.getState();
        if (s.playing !== frame.playing || s.done !== frame.done || s.status !== 'running') {
          store.setState({ playing: frame.playing, done: frame.done, status: 'running' });
        }
      },
      onMessage(msg) {
        switch (msg.type) {
          case 'ready':
            store.setState({ status: 'running' });
            return;
          case 'loaded': {
            const focus = Math.min(store.getState().focus, Math.max(0, msg.meta.strategies.length - 1));
            const prev = store.getState();
            // same content, same object: views that select these do not re-render after every change
            const values = adapter.valuesOf(msg.scenario);
            store.setState({
              scenario: msg.scenario,
              preset: msg.preset,
              meta: sameMeta(prev.meta, msg.meta) ? prev.meta : sharedMeta(prev.meta, msg.meta),
              values: shallow(prev.values, values) ? prev.values : values,
              focus,
              status: 'running',
            });
            return;
          }
          case 'refused':
            store.setState({
              notice: { kind: 'refused', message: msg.message, field: msg.field },
              ...(msg.scenario === null
                ? {}
                : { values: adapter.valuesOf(msg.scenario), scenario: msg.scenario }),
            });
            return;
          case 'error':
            store.setState({
              status: 'crashed',
              crashReason: `The simulation stopped: ${msg.message}`,
              playing: false,
            });
            return;
          case 'pong':
            return;
          case 'series':
            seriesWaiting.get(msg.id)?.(msg.series);
            seriesWaiting.delete(msg.id);
            return;
        }
      },
      onCrash(reason, kind) {
        const now = Date.now();
        while (autoRestarts.length > 0 && (autoRestarts[0] ?? 0) < now - AUTO_RESTART_WINDOW_MS) {
          autoRestarts.shift();
        }
        if (autoRestarts.length >= AUTO_RESTARTS) {
          store.setState({ status: 'crashed', crashReason: reason, playing: false });
          return;
        }
        autoRestarts.push(now);
        // not from inside the failing worker's own callback
        setTimeout(() => {
          const good = bridge.restart();
          store.setState({
            status: 'starting',
            crashReason: null,
            recovered: { kind, reason, timeMs: good?.timeMs ?? 0 },
          });
        }, 0);
      },
    },
    schedule,
    heartbeat,
  );
  const autoRestarts: number[] = [];

  // seeks are coalesced: latest wins, one per animation frame
  let seekTo: number | null = null;
  const later: FrameScheduler = schedule ?? ((fn) => onNextFrame(fn));
  // where the next time step starts: a seek not yet sent (two quick presses move twice), else the frame
  const stepBase = () => seekTo ?? frames.getState().frame?.timeMs ?? 0;
  const durationMs = () => store.getState().meta?.durationMs ?? Infinity;
  const stepDeltaMs = (): number | null => {
    const s = store.getState();
    if (s.stepSize === 'message') return null;
    if (s.stepSize === 'second') return 1000;
    const sc = s.scenario as { sampleMs?: unknown; durationSeconds?: unknown } | null;
    const sampleMs = typeof sc?.sampleMs === 'number' ? sc.sampleMs : 100;
    const seconds = typeof sc?.durationSeconds === 'number' ? sc.durationSeconds : 0;
    return sampleEveryUs(sampleMs, Math.round(seconds * 1e6)) / 1000;
  };
  const flushSeek = () => {
    const t = seekTo;
    seekTo = null;
    if (t !== null) bridge.send({ type: 'seek', timeMs: t });
  };
  let seriesId = 0;
  const seriesWaiting = new Map<number, (s: SimSeries | null) => void>();

  const actions: LabActions = {
    play() {
      store.setState({ playing: true });
      bridge.send({ type: 'play' });
    },
    pause() {
      store.setState({ playing: false });
      bridge.send({ type: 'pause' });
    },
    togglePlay() {
      if (store.getState().playing) actions.pause();
      else actions.play();
    },
    step() {
      const delta = stepDeltaMs();
      if (delta === null) {
        store.setState({ playing: false });
        bridge.send({ type: 'step', unit: 'message' });
        return;
      }
      actions.pause();
      actions.seek(Math.min(durationMs(), stepBase() + delta));
    },
    stepBack() {
      const delta = stepDeltaMs();
      if (delta === null) {
        store.setState({ playing: false });
        bridge.send({ type: 'step-back' });
        return;
      }
      actions.pause();
      actions.seek(Math.max(0, stepBase() - delta));
    },
    setStepSize(size, remember = true) {
      store.setState({ stepSize: size });
      if (remember) {
        try {
          localStorage.setItem(STEP_SIZE_KEY, size);
        } catch {
          // storage may be off (private mode, sandboxed frame): the choice lasts for this visit
        }
      }
    },
    seek(timeMs) {
      const first = seekTo === null;
      seekTo = timeMs;
      if (first) later(flushSeek);
    },
    fetchSeries() {
      return new Promise((resolve) => {
        const id = ++seriesId;
        const timer = setTimeout(() => {
          seriesWaiting.delete(id);
          resolve(null);
        }, 10_000);
        seriesWaiting.set(id, (series) => {
          clearTimeout(timer);
          resolve(series);
        });
        bridge.send({ type: 'get-series', id });
      });
    },
    reset() {
      store.setState({ playing: false });
      frames.setState({ series: null });
      bridge.send({ type: 'reset' });
    },
    setSpeed(speed) {
      store.setState({ speed });
      bridge.setSpeed(speed);
    },
    setParam(key, value) {
      actions.setParams({ [key]: value });
    },
    setParams(changes) {
      store.setState((s) => ({ values: { ...s.values, ...changes }, notice: null }));
      bridge.setParams(changes);
    },
    loadPreset(name) {
      const scenario = adapter.presetScenario(name);
      if (scenario === null) {
        store.setState({
          notice: { kind: 'refused', message: `There is no preset called “${name}”.`, field: 'preset' },
        });
        return;
      }
      actions.loadScenario(scenario, name);
    },
    loadScenario(scenario, preset) {
      store.setState({ preset, notice: null, playing: false });
      frames.setState({ series: null });
      bridge.send({ type: 'load', scenario, preset });
    },
    restart() {
      store.setState({ status: 'starting', crashReason: null, recovered: null });
      bridge.restart();
    },
    dismissRecovery() {
      store.setState({ recovered: null });
    },
    setFocus(index) {
      store.setState({ focus: index });
    },
    setSecondMetric(metric) {
      store.setState({ secondMetric: metric });
    },
    setSweep(spec) {
      store.setState({ sweep: spec });
    },
    setCalculator(calculator) {
      store.setState({ calculator });
    },
    setHeapScale(heapScale) {
      store.setState({ heapScale });
    },
    dismissNotice() {
      store.setState({ notice: null });
    },
  };

  let structureViews = 0;
  const showStructures = () => {
    if (++structureViews === 1) bridge.setStructures(true);
    let shown = true;
    return () => {
      if (!shown) return;
      shown = false;
      if (--structureViews === 0) bridge.setStructures(false);
    };
  };

  // no view has said yet: the first animation frame tells the worker what the mounted views need
  bridge.setStructures(false);
  bridge.start();
  return {
    store,
    frames,
    bridge,
    actions,
    adapter,
    showStructures,
    dispose: () => bridge.dispose(),
  };
}

function rememberedStepSize(): StepSize {
  try {
    const v = localStorage.getItem(STEP_SIZE_KEY);
    return (STEP_SIZES as readonly string[]).includes(v ?? '') ? (v as StepSize) : 'message';
  } catch {
    return 'message';
  }
}

/** The same strategy: compared field by field, its refusal too. */
function sameStrategy(x: StrategyMeta, y: StrategyMeta): boolean {
  return shallow({ ...x, refusal: null }, { ...y, refusal: null }) && shallow(x.refusal, y.refusal);
}

/** The same strategies and the same duration. */
function sameMeta(a: SimMeta | null, b: SimMeta): boolean {
  if (a === null || a.durationMs !== b.durationMs || a.strategies.length !== b.strategies.length)
    return false;
  return a.strategies.every((x, i) => {
    const y = b.strategies[i];
    return y !== undefined && sameStrategy(x, y);
  });
}

/**
 * `b`, keeping `a`'s object for each strategy that is the same: a capacity slider renames one
 * strategy, and a view that selects one strategy (a row of the strategy list) re-renders only for its
 * own (#16: the answer to a slider's key press re-rendered every row).
 */
function sharedMeta(a: SimMeta | null, b: SimMeta): SimMeta {
  if (a === null) return b;
  return {
    ...b,
    strategies: b.strategies.map((y, i) => {
      const x = a.strategies[i];
      return x !== undefined && sameStrategy(x, y) ? x : y;
    }),
  };
}
