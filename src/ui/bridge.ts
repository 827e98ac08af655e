/**
 * The UI side of the worker boundary. It numbers commands, coalesces parameter changes (one `set`
 * per animation frame, however fast a slider moves), drops frames computed before the newest
 * state-changing command, acknowledges every other frame in an animation frame (so the worker never
 * floods a busy page), tells the worker whether a view that draws channel structures is on screen, and notices a worker that dies or stops answering (a heartbeat: a ping every
 * `intervalMs`, and no pong for `timeoutMs` means the worker is stuck, since a busy loop in a worker
 * raises no error). It remembers the last good state (scenario, simulated time, playing) so a
 * restarted worker carries on from there: the engine is deterministic, replaying reproduces it.
 */
import type { Scenario } from '../engine/scenario/index.ts';
import { decodeFrame, type DecodedFrame } from '../worker/frame.ts';
import { onNextFrame } from './views/frame-request.ts';
import {
  ACK_EVERY,
  invalidatesFrames,
  versionMismatch,
  type FromWorker,
  type ParamChanges,
  type ToWorker,
} from '../worker/protocol.ts';

/** The part of `Worker` the bridge uses; tests pass an in-process stand-in. */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}

export type WorkerFactory = () => WorkerLike;

/** Messages the bridge passes on (frames arrive decoded through `onFrame`). */
export type BridgeMessage = Exclude<FromWorker, { type: 'frame' }>;

export interface BridgeHandlers {
  onFrame(frame: DecodedFrame): void;
  onMessage(msg: BridgeMessage): void;
  /** The worker itself failed (uncaught exception, failed to load, no heartbeat); it cannot be trusted any more. */
  onCrash(reason: string, kind: 'crash' | 'hang'): void;
}

export interface HeartbeatOptions {
  /** how often the page pings the worker */
  readonly intervalMs: number;
  /** no pong for this long: the worker is stuck */
  readonly timeoutMs: number;
  /** no `ready` for this long after starting: the worker never came up */
  readonly startTimeoutMs: number;
}

/** A worker replays at most a few hundred ms of work between two chances to answer; 4 s of silence is a hang. */
export const DEFAULT_HEARTBEAT: HeartbeatOptions = {
  intervalMs: 1000,
  timeoutMs: 4000,
  startTimeoutMs: 20_000,
};

/** What a restarted worker is brought back to. */
export interface GoodState {
  readonly scenario: Scenario;
  readonly preset: string | null;
  /** simulated time of the newest frame shown */
  readonly timeMs: number;
  readonly playing: boolean;
}

/** Commands as the UI writes them: the bridge adds the sequence number. */
type WithoutSeq<T> = T extends { seq: number } ? Omit<T, 'seq'> : T;
export type Command = WithoutSeq<ToWorker>;

export type FrameScheduler = (fn: () => void) => void;

/** The next animation frame, shared with the canvases (one requestAnimationFrame for all). */
const defaultScheduler: FrameScheduler = (fn) => onNextFrame(fn);

export function createModuleWorker(): WorkerLike {
  return new Worker(new URL('../worker/sim.worker.ts', import.meta.url), {
    type: 'module',
    name: 'channel-lab-simulation',
  });
}

export class WorkerBridge {
  private worker: WorkerLike | null = null;
  private seq = 0;
  /** frames computed before this command are stale */
  private minSeq = 0;
  /** a `loaded`/`refused` answer older than this is stale: a newer scenario command is on its way */
  private minScenarioSeq = 0;
  private pendingChanges: ParamChanges | null = null;
  private flushScheduled = false;
  private ackScheduled = false;
  private lastFrameId = 0;
  /** the newest frame received, and the newest acknowledged (every ACK_EVERY frames, in an animation frame) */
  private lastAckable = 0;
  private lastAcked = 0;
  /** whether a view that draws channel structures is on screen, and what the worker was last told */
  private wantStructures = true;
  private toldStructures = true;
  private detailsScheduled = false;
  private crashed = false;
  /** the last scenario the worker accepted, to restart from */
  private lastGood: { scenario: Scenario; preset: string | null } | null = null;
  private lastTimeMs = 0;
  private lastPlaying = false;
  private speed = 1;
  private ready = false;
  private pingId = 0;
  /** the ping not answered yet, and for how many heartbeat ticks */
  private awaitingPong: number | null = null;
  private silentTicks = 0;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  /** frames dropped as stale since the start (visible in tests and the perf page) */
  staleFrames = 0;

  constructor(
    private readonly factory: WorkerFactory,
    private readonly handlers: BridgeHandlers,
    private readonly schedule: FrameScheduler = defaultScheduler,
    private readonly heartbeat: HeartbeatOptions = DEFAULT_HEARTBEAT,
  ) {}

  start(): void {
    const w = this.factory();
    this.worker = w;
    this.crashed = false;
    this.lastFrameId = 0;
    this.lastAckable = 0;
    this.lastAcked = 0;
    this.toldStructures = true; // a new worker sends them until told otherwise
    this.startHeartbeat(w);
    w.onmessage = (e) => this.receive(w, e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.crash(
        w,
        e.message ? `the simulation worker failed: ${e.message}` : 'the simulation worker failed',
      );
    };
    w.onmessageerror = () => this.crash(w, 'a message from the simulation worker could not be read');
    // a restarted worker is told at once; a first start, with the views' answer in the first frame
    if (!this.detailsScheduled) this.sendDetails();
  }

  /**
   * Whether a view that draws channel structures or waiting senders is on screen. Told to the worker
   * in the next animation frame (views scrolling past in one frame cost no message), and only when
   * it changes.
   */
  setStructures(wanted: boolean): void {
    this.wantStructures = wanted;
    if (this.detailsScheduled) return;
    this.detailsScheduled = true;
    this.schedule(() => {
      this.detailsScheduled = false;
      this.sendDetails();
    });
  }

  private sendDetails(): void {
    if (this.wantStructures === this.toldStructures) return;
    this.toldStructures = this.wantStructures;
    this.post({ type: 'details', structures: this.wantStructures });
  }

  /** Sends a command now and returns its sequence number. */
  send(cmd: Command): number {
    if (cmd.type === 'load') {
      // a new scenario replaces any change not yet sent, and starts at time 0
      this.pendingChanges = null;
      this.lastTimeMs = 0;
    } else if (!unnumbered(cmd)) this.flushChanges();
    return this.post(cmd);
  }

  /**
   * Parameter changes are merged and sent at most once per animation frame, latest value wins. The
   * first change after a quiet frame goes at once (a key press on a slider is not kept waiting);
   * the ones that follow within the frame wait for its end.
   */
  setParams(changes: ParamChanges): void {
    this.pendingChanges = { ...this.pendingChanges, ...changes };
    if (this.flushScheduled) return;
    this.flushChanges();
    this.coolDown();
  }

  /** Until a frame passes without a change, changes wait for the end of the frame. */
  private coolDown(): void {
    this.flushScheduled = true;
    this.schedule(() => {
      if (this.pendingChanges === null) {
        this.flushScheduled = false;
        return;
      }
      this.flushChanges();
      this.coolDown();
    });
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.send({ type: 'speed', speed });
  }

  /**
   * A fresh worker, brought back to the last good state: the last scenario it accepted, run to the
   * simulated time of the last frame shown, playing if it was.
   */
  restart(): GoodState | null {
    const good = this.goodState;
    this.worker?.terminate();
    this.start();
    if (good !== null) {
      this.send({ type: 'load', scenario: good.scenario, preset: good.preset });
      this.send({ type: 'speed', speed: this.speed });
      if (good.timeMs > 0) this.send({ type: 'seek', timeMs: good.timeMs });
      if (good.playing) this.send({ type: 'play' });
      this.lastTimeMs = good.timeMs;
      this.lastPlaying = good.playing;
    }
    return good;
  }

  /** The state a restart goes back to, or null before the worker accepted any scenario. */
  get goodState(): GoodState | null {
    if (this.lastGood === null) return null;
    return { ...this.lastGood, timeMs: this.lastTimeMs, playing: this.lastPlaying };
  }

  dispose(): void {
    this.stopHeartbeat();
    this.worker?.terminate();
    this.worker = null;
  }

  /** The newest state-changing command sent; frames with an older `seq` are dropped. */
  get latestSeq(): number {
    return this.minSeq;
  }

  /** Whether parameter changes are waiting for the next animation frame. */
  get hasPendingChanges(): boolean {
    return this.pendingChanges !== null;
  }

  get isCrashed(): boolean {
    return this.crashed;
  }

  private flushChanges(): void {
    const changes = this.pendingChanges;
    if (changes === null) return;
    this.pendingChanges = null;
    this.post({ type: 'set', changes });
  }

  private post(cmd: Command): number {
    const seq = unnumbered(cmd) ? 0 : ++this.seq;
    const msg = (seq === 0 ? cmd : { ...cmd, seq }) as ToWorker;
    if (invalidatesFrames(msg)) this.minSeq = seq;
    // seek and step-back make frames stale but not the scenario: their answer is a frame, not `loaded`
    if (msg.type === 'load' || msg.type === 'set' || msg.type === 'reset') this.minScenarioSeq = seq;
    if (this.worker !== null && !this.crashed) {
      try {
        this.worker.postMessage(msg);
      } catch (e) {
        this.crash(this.worker, `could not reach the simulation worker: ${String(e)}`);
      }
    }
    return seq;
  }

  private receive(from: WorkerLike, msg: FromWorker): void {
    if (from !== this.worker || this.crashed) return; // a worker we replaced or gave up on
    if (msg.type === 'frame') {
      const f = msg.frame;
      this.scheduleAck(f.id);
      if (f.seq < this.minSeq || f.id <= this.lastFrameId) {
        this.staleFrames++;
        return;
      }
      this.lastFrameId = f.id;
      const decoded = decodeFrame(f);
      this.lastTimeMs = decoded.timeMs;
      this.lastPlaying = decoded.playing;
      this.handlers.onFrame(decoded);
      return;
    }
    if (msg.type === 'pong') {
      if (msg.id === this.awaitingPong) this.awaitingPong = null;
      return;
    }
    if (msg.type === 'ready') {
      const mismatch = versionMismatch(msg.version);
      if (mismatch !== null) {
        this.crash(from, mismatch);
        return;
      }
      this.ready = true;
    }
    if (msg.type === 'loaded') this.lastGood = { scenario: msg.scenario, preset: msg.preset };
    if ((msg.type === 'loaded' || msg.type === 'refused') && msg.seq < this.minScenarioSeq) return;
    this.handlers.onMessage(msg);
  }

  private scheduleAck(frameId: number): void {
    this.lastAckable = Math.max(this.lastAckable, frameId);
    if (this.ackScheduled || this.lastAckable - this.lastAcked < ACK_EVERY) return;
    this.ackScheduled = true;
    this.schedule(() => {
      this.ackScheduled = false;
      this.lastAcked = this.lastAckable;
      this.post({ type: 'ack', frame: this.lastAckable });
    });
  }

  private startHeartbeat(w: WorkerLike): void {
    this.stopHeartbeat();
    this.ready = false;
    this.awaitingPong = null;
    this.silentTicks = 0;
    const { intervalMs, timeoutMs, startTimeoutMs } = this.heartbeat;
    this.heartbeatTimer = setInterval(() => {
      if (w !== this.worker || this.crashed) return;
      this.silentTicks++;
      if (!this.ready) {
        if (this.silentTicks * intervalMs >= startTimeoutMs) {
          this.hang(w, `the simulation worker did not start within ${seconds(startTimeoutMs)}`);
        }
        return;
      }
      if (this.awaitingPong === null) {
        this.silentTicks = 0;
        this.awaitingPong = ++this.pingId;
        this.post({ type: 'ping', id: this.awaitingPong });
      } else if (this.silentTicks * intervalMs >= timeoutMs) {
        this.hang(
          w,
          `the simulation worker stopped responding (no answer to its heartbeat for ${seconds(timeoutMs)})`,
        );
      }
    }, intervalMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  /** A stuck worker never gets to run its own error handling: `crash` stops it, freeing its thread. */
  private hang(w: WorkerLike, reason: string): void {
    this.crash(w, reason, 'hang');
  }

  private crash(from: WorkerLike, reason: string, kind: 'crash' | 'hang' = 'crash'): void {
    if (from !== this.worker || this.crashed) return;
    this.crashed = true;
    this.stopHeartbeat();
    from.terminate(); // whatever it still does can no longer be trusted
    this.handlers.onCrash(reason, kind);
  }
}

/** Commands that change nothing the simulation computes: no sequence number, no flush of changes. */
function unnumbered(cmd: Command): boolean {
  return cmd.type === 'ack' || cmd.type === 'ping' || cmd.type === 'get-series' || cmd.type === 'details';
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}
