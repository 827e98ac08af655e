/**
 * The UI side of the worker boundary. It numbers commands, coalesces parameter changes (one `set`
 * per animation frame, however fast a slider moves), drops frames computed before the newest
 * state-changing command, acknowledges frames once per animation frame (so the worker never floods
 * a busy page), and notices a worker that dies.
 */
import { FrameDecoder, type DecodedFrame } from '../worker/frame.ts';
import {
  invalidatesFrames,
  type FromWorker,
  type ParamChanges,
  type ScenarioJson,
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
  /** The worker itself failed (uncaught exception, failed to load); it cannot be trusted any more. */
  onCrash(reason: string): void;
}

/** Commands as the UI writes them: the bridge adds the sequence number. */
type WithoutSeq<T> = T extends { seq: number } ? Omit<T, 'seq'> : T;
export type Command = WithoutSeq<ToWorker>;

export type FrameScheduler = (fn: () => void) => void;

const defaultScheduler: FrameScheduler = (fn) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => fn());
  else setTimeout(fn, 16);
};

export function createModuleWorker(): WorkerLike {
  return new Worker(new URL('../worker/sim.worker.ts', import.meta.url), {
    type: 'module',
    name: 'channel-lab-simulation',
  }) as unknown as WorkerLike;
}

export class WorkerBridge {
  private worker: WorkerLike | null = null;
  private seq = 0;
  /** frames computed before this command are stale */
  private minSeq = 0;
  private readonly decoder = new FrameDecoder();
  private pendingChanges: ParamChanges | null = null;
  private flushScheduled = false;
  private ackScheduled = false;
  private lastFrameId = 0;
  /** the newest frame received: acknowledged once per animation frame */
  private lastAckable = 0;
  private crashed = false;
  /** the last scenario the worker accepted, to restart from */
  private lastGood: { scenario: ScenarioJson; preset: string | null } | null = null;
  private speed = 1;
  /** frames dropped as stale since the start (visible in tests and the perf page) */
  staleFrames = 0;

  constructor(
    private readonly factory: WorkerFactory,
    private readonly handlers: BridgeHandlers,
    private readonly schedule: FrameScheduler = defaultScheduler,
  ) {}

  start(): void {
    const w = this.factory();
    this.worker = w;
    this.crashed = false;
    this.decoder.reset();
    this.lastFrameId = 0;
    w.onmessage = (e) => this.receive(w, e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.crash(
        w,
        e.message ? `the simulation worker failed: ${e.message}` : 'the simulation worker failed',
      );
    };
    w.onmessageerror = () => this.crash(w, 'a message from the simulation worker could not be read');
  }

  /** Sends a command now and returns its sequence number. */
  send(cmd: Command): number {
    if (cmd.type === 'load') {
      // a new scenario replaces any change not yet sent
      this.pendingChanges = null;
    } else if (cmd.type !== 'ack' && cmd.type !== 'ping' && cmd.type !== 'get-series') this.flushChanges();
    return this.post(cmd);
  }

  /** Parameter changes are merged and sent once per animation frame: latest value wins. */
  setParams(changes: ParamChanges): void {
    this.pendingChanges = { ...this.pendingChanges, ...changes };
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => {
      this.flushScheduled = false;
      this.flushChanges();
    });
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.send({ type: 'speed', speed });
  }

  /** A fresh worker, loaded with the last scenario it accepted. */
  restart(): void {
    this.worker?.terminate();
    this.start();
    if (this.lastGood !== null) {
      this.send({ type: 'load', scenario: this.lastGood.scenario, preset: this.lastGood.preset });
      this.send({ type: 'speed', speed: this.speed });
    }
  }

  dispose(): void {
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
    const seq = cmd.type === 'ack' || cmd.type === 'ping' || cmd.type === 'get-series' ? 0 : ++this.seq;
    const msg = (seq === 0 ? cmd : { ...cmd, seq }) as ToWorker;
    if (invalidatesFrames(msg)) this.minSeq = seq;
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
    if (from !== this.worker) return; // a message from a worker we replaced
    if (msg.type === 'frame') {
      const f = msg.frame;
      this.scheduleAck(f.id);
      if (f.seq < this.minSeq || f.id <= this.lastFrameId) {
        this.staleFrames++;
        return;
      }
      this.lastFrameId = f.id;
      this.handlers.onFrame(this.decoder.decode(f));
      return;
    }
    if (msg.type === 'loaded') this.lastGood = { scenario: msg.scenario, preset: msg.preset };
    if ((msg.type === 'loaded' || msg.type === 'refused') && msg.seq < this.minSeq) return;
    this.handlers.onMessage(msg);
  }

  private scheduleAck(frameId: number): void {
    this.lastAckable = Math.max(this.lastAckable, frameId);
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    this.schedule(() => {
      this.ackScheduled = false;
      this.post({ type: 'ack', frame: this.lastAckable });
    });
  }

  private crash(from: WorkerLike, reason: string): void {
    if (from !== this.worker || this.crashed) return;
    this.crashed = true;
    this.handlers.onCrash(reason);
  }
}
