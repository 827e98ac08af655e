/**
 * The sweep worker's logic, without `self` (tests drive it directly): checks a sweep request, runs
 * the engine's SweepRun in slices of about TICK_BUDGET_MS of wall time, reports progress with the
 * points finished so far, and stops between two slices when cancelled.
 */
import { parseScenario } from '../engine/scenario/index.ts';
import { checkSweepParam, checkValues, SweepRun } from '../engine/sweep.ts';
import type { HostClock } from './host.ts';
import type { FromSweepWorker, ToSweepWorker } from './protocol.ts';

const TICK_BUDGET_MS = 30;
/** Simulated time per `advance`: a fiftieth of the run, so a long run still reports progress. */
const SLICES_PER_RUN = 50;

export class SweepHost {
  private run: SweepRun | null = null;
  private id = -1;
  private timer: unknown = null;
  private sliceUs = 0;

  constructor(
    private readonly post: (msg: FromSweepWorker) => void,
    private readonly clock: HostClock,
  ) {}

  handle(msg: ToSweepWorker): void {
    if (msg.type === 'sweep-cancel') {
      if (msg.id === this.id && this.run !== null) {
        this.stop();
        this.post({ type: 'sweep-cancelled', id: msg.id });
      }
      return;
    }
    this.stop();
    this.id = msg.id;
    const parsed = parseScenario(msg.scenario);
    if (!parsed.ok) return this.post({ type: 'sweep-error', id: msg.id, message: parsed.errors.join('; ') });
    const param = checkSweepParam(msg.param, parsed.scenario);
    if (!param.ok) return this.post({ type: 'sweep-error', id: msg.id, message: strip(param.message) });
    const values = checkValues(msg.param, msg.values);
    if (!values.ok) return this.post({ type: 'sweep-error', id: msg.id, message: strip(values.message) });
    this.run = new SweepRun(parsed.scenario, msg.param, values.value);
    this.sliceUs = Math.max(1, Math.ceil((parsed.scenario.durationSeconds * 1e6) / SLICES_PER_RUN));
    this.schedule();
  }

  private stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.run = null;
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => this.tick(), 0);
  }

  private tick(): void {
    this.timer = null;
    const run = this.run;
    if (run === null) return;
    const id = this.id;
    const started = this.clock.now();
    try {
      while (!run.done && this.clock.now() - started < TICK_BUDGET_MS) run.advance(this.sliceUs);
    } catch (e) {
      this.run = null;
      this.post({ type: 'sweep-error', id, message: (e as Error).message });
      return;
    }
    if (run.done) {
      this.run = null;
      this.post({ type: 'sweep-done', id, result: run.result() });
      return;
    }
    this.post({ type: 'sweep-progress', id, progress: run.progress, result: run.result() });
    this.schedule();
  }
}

/** The CLI's flag names are not the page's: "--values: …" → "…". */
function strip(message: string): string {
  return message.replace(/^--\w+: /, '');
}
