/**
 * The one scenario schema: types, ranges, defaults, units and a one-line description per field.
 * Validation (`parse.ts`), the sliders and the docs (`fields.ts`) and the URL encoding (`url.ts`)
 * are all derived from it, so a field is added here once and nowhere else.
 *
 * Units: times the user types are in milliseconds (`…Ms`) or microseconds (`…Us`) as named; the
 * engine converts to integer microseconds. Rates are messages per second. Sizes are bytes.
 */
import { z } from 'zod';
import { IMPL_NAMES } from '../channels/types.ts';
import { analyzeRustType } from '../rust-type/index.ts';
import { MAX_TYPE_TEXT } from '../rust-type/parse.ts';

/** Longest length a growable part of a Rust message type may be given (elements or bytes). */
export const MAX_GROWABLE_LENGTH = 2 ** 32;

/** Slider and documentation metadata attached to a field with `.meta()`. */
export type FieldMeta = {
  readonly label: string;
  readonly description: string;
  readonly unit?: string;
  readonly step?: number;
  /** slider end when the schema's maximum is far beyond anything useful on a slider */
  readonly sliderMax?: number;
  /** logarithmic slider */
  readonly log?: boolean;
};

const meta = (m: FieldMeta): FieldMeta => m;

/** A count (integer) in [min, max]. */
function count(min: number, max: number, dflt: number, m: FieldMeta) {
  return z
    .number()
    .int()
    .min(min)
    .max(max)
    .default(dflt)
    .meta(meta({ step: 1, ...m }));
}

/** A real number in [min, max]. */
function real(min: number, max: number, dflt: number, m: FieldMeta) {
  return z.number().min(min).max(max).default(dflt).meta(meta(m));
}

export const ARRIVAL_PROCESSES = ['constant', 'poisson', 'bursts', 'spike', 'ramp'] as const;
export const SERVICE_DISTRIBUTIONS = ['fixed', 'exponential', 'lognormal'] as const;
export const MESSAGE_KINDS = ['string', 'bytes', 'u64', 'rust'] as const;
export const STRATEGY_KINDS = ['unbounded', 'bounded', 'semaphore-producer', 'semaphore-dispatcher'] as const;
export const SEND_MODES = ['await', 'try', 'timeout'] as const;

/** 2^53 − 1: beyond this a count is no longer an exact number in the engine. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

export const messageSchema = z
  .object({
    type: z
      .enum(MESSAGE_KINDS)
      .default('string')
      .meta(
        meta({
          label: 'message type',
          description:
            'String (24 B inline + a heap buffer), [u8; N] (inline, no heap), u64, or rust: the Rust type in message.rust',
        }),
      ),
    bytes: count(0, 1 << 24, 96, {
      label: 'message size',
      unit: 'B',
      description:
        'String: length of its heap buffer (e.g. a session token); [u8; N]: N; ignored for u64 and rust',
      sliderMax: 65_536,
      log: true,
    }),
    rust: z
      .string()
      .max(MAX_TYPE_TEXT)
      .default('(u64, String)')
      .meta(
        meta({
          label: 'Rust type',
          description:
            'rust: the message type as a Rust type expression, e.g. (u64, String) or Option<Box<[u8; 200]>>, laid out with rustc 1.95 rules',
        }),
      ),
    lengths: z
      .array(z.number().int().min(0).max(MAX_GROWABLE_LENGTH))
      .max(16)
      .default([])
      .meta(
        meta({
          label: 'lengths',
          description:
            'rust: the length of each Vec, String, Box<[T]>, Arc<str>… in the type, in the order they are written (missing: 0)',
        }),
      ),
  })
  .superRefine((m, ctx) => {
    if (m.type !== 'rust') return;
    const r = analyzeRustType(m.rust);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', path: ['rust'], message: r.error, input: m.rust });
      return;
    }
    // Heap beyond 2^40 bytes per message is no message anyone sends; it also keeps sums exact.
    let heap: number;
    try {
      heap = r.layout.heapBytes(m.lengths);
    } catch (e) {
      heap = Infinity;
      void e;
    }
    if (!(heap <= 2 ** 40)) {
      ctx.addIssue({
        code: 'custom',
        path: ['lengths'],
        message: `these lengths give more than 1 TiB of heap per message`,
        input: m.lengths,
      });
    }
  })
  .prefault({});

/** How producers send (see `producers.pattern`). */
export const PRODUCER_PATTERNS = ['task', 'task-per-send'] as const;

export const producersSchema = z
  .object({
    count: count(0, 1_000_000, 1000, {
      label: 'producers',
      description: 'producer tasks, each holding its own Sender',
      sliderMax: 100_000,
      log: true,
    }),
    ratePerSec: real(0, 1e9, 20, {
      label: 'rate per producer',
      unit: 'msg/s',
      step: 0.1,
      description: 'messages each producer offers per second (the start rate for a ramp)',
      sliderMax: 100_000,
      log: true,
    }),
    arrival: z
      .enum(ARRIVAL_PROCESSES)
      .default('constant')
      .meta(
        meta({
          label: 'arrival process',
          description: 'constant spacing, Poisson, on/off bursts, a one-off spike, or a linear ramp',
        }),
      ),
    burstOnMs: real(0, 3_600_000, 200, {
      label: 'burst on',
      unit: 'ms',
      step: 1,
      description: 'bursts: how long each on-phase lasts (producers send at their rate)',
      sliderMax: 10_000,
    }),
    burstOffMs: real(0, 3_600_000, 800, {
      label: 'burst off',
      unit: 'ms',
      step: 1,
      description: 'bursts: how long each off-phase lasts (producers are silent)',
      sliderMax: 10_000,
    }),
    spikeAtMs: real(0, 86_400_000, 1000, {
      label: 'spike at',
      unit: 'ms',
      step: 1,
      description: 'spike: when the extra messages all arrive at once',
      sliderMax: 60_000,
    }),
    spikeMessages: count(0, 1e12, 10_000, {
      label: 'spike size',
      unit: 'msg',
      description: 'spike: extra messages arriving together at the spike time, on top of the rate',
      sliderMax: 1_000_000,
      log: true,
    }),
    rampToPerSec: real(0, 1e9, 40, {
      label: 'ramp to',
      unit: 'msg/s',
      step: 0.1,
      description: 'ramp: per-producer rate reached at the end of the run (linear from the rate)',
      sliderMax: 100_000,
      log: true,
    }),
    connectOverMs: real(0, 86_400_000, 0, {
      label: 'connect over',
      unit: 'ms',
      step: 1,
      description: 'producers connect one after another, evenly over this time (0: all at the start)',
      sliderMax: 60_000,
    }),
    disconnectAtMs: real(0, 86_400_000, 5000, {
      label: 'disconnect at',
      unit: 'ms',
      step: 1,
      description: 'when the disconnecting producers drop their Sender (their queued messages are retained)',
      sliderMax: 60_000,
    }),
    disconnectCount: count(0, 1_000_000, 0, {
      label: 'producers leaving',
      description: 'how many producers disconnect at that time (0: nobody leaves)',
      sliderMax: 100_000,
      // the same scale as the producers' count it is a part of
      log: true,
    }),
    pattern: z
      .enum(PRODUCER_PATTERNS)
      .default('task')
      .meta(
        meta({
          label: 'producer pattern',
          description:
            'a long-lived task per producer (a waiting send allocates nothing in tokio; meanwhile the producer’s next messages wait upstream), or a task spawned per send (tokio::spawn(async move { tx.send(msg).await }): spawn returns at once, so on a full channel the waiting tasks pile up without bound, each holding its task cell and its message)',
        }),
      ),
  })
  .prefault({});

export const consumersSchema = z
  .object({
    count: count(0, 1024, 1, {
      label: 'consumers',
      description: 'consumer workers receiving from the channel (0: nobody receives)',
      sliderMax: 64,
    }),
    service: z
      .enum(SERVICE_DISTRIBUTIONS)
      .default('fixed')
      .meta(meta({ label: 'service time', description: 'distribution of the time to handle one message' })),
    serviceUs: real(0, 1e9, 100, {
      label: 'mean service time',
      unit: 'µs',
      step: 1,
      description: 'mean time a consumer spends on one message',
      sliderMax: 1_000_000,
      log: true,
    }),
    serviceSigma: real(0, 4, 1, {
      label: 'log-normal σ',
      step: 0.05,
      description: 'log-normal: standard deviation of ln(service time)',
    }),
    batch: count(1, 1_000_000, 1, {
      label: 'recv_many limit',
      unit: 'msg',
      description: 'messages taken per receive (recv_many); they are dropped together when all are handled',
      sliderMax: 4096,
      log: true,
    }),
    stallAtMs: real(0, 86_400_000, 0, {
      label: 'stall at',
      unit: 'ms',
      step: 1,
      description: 'when every consumer pauses',
      sliderMax: 60_000,
    }),
    stallForMs: real(0, 86_400_000, 0, {
      label: 'stall for',
      unit: 'ms',
      step: 1,
      description: 'how long the consumers pause (0: no stall)',
      sliderMax: 60_000,
    }),
    spawnTasks: z
      .boolean()
      .default(false)
      .meta(
        meta({
          label: 'task per message',
          description: 'each received message is handled in its own spawned task that holds it until done',
        }),
      ),
    taskStateBytes: count(0, 1 << 20, 64, {
      label: 'task state',
      unit: 'B',
      description: "bytes a handling task's future keeps besides the message (your code's locals)",
      sliderMax: 4096,
    }),
  })
  .prefault({});

export const extraAllocationSchema = z.object({
  site: z
    .string()
    .min(1)
    .max(60)
    .meta(meta({ label: 'site', description: 'what the allocation is, e.g. "hyper read buffer"' })),
  bytes: count(0, 1 << 30, 8192, { label: 'bytes', unit: 'B', description: 'its size' }),
});

export const channelsSchema = z
  .object({
    count: count(1, 10_000_000, 1, {
      label: 'channels',
      description: 'channels of this kind (one per service, connection or player)',
      sliderMax: 100_000,
      log: true,
    }),
    active: count(0, 10_000_000, 1, {
      label: 'busy channels',
      description: 'channels carrying the workload, each an identical copy; the others stay idle',
      sliderMax: 100_000,
      log: true,
    }),
    extras: z
      .array(extraAllocationSchema)
      .max(8)
      .default([])
      .meta(
        meta({
          label: 'per-channel allocations',
          description: 'other heap allocations every channel owner makes (e.g. 8 KiB read buffer)',
        }),
      ),
  })
  .prefault({});

export const strategySchema = z.object({
  kind: z
    .enum(STRATEGY_KINDS)
    .default('unbounded')
    .meta(meta({ label: 'strategy', description: 'how producers are held back (or not)' })),
  impl: z
    .enum(IMPL_NAMES)
    .optional()
    .meta(
      meta({
        label: 'crate',
        description: 'channel implementation (default: tokio of the matching kind)',
      }),
    ),
  capacity: count(0, MAX_COUNT, 128, {
    label: 'capacity',
    unit: 'msg',
    description: 'bounded: the capacity passed to the constructor (tokio panics on 0)',
    sliderMax: 100_000,
    log: true,
  }),
  permits: count(0, MAX_COUNT, 1024, {
    label: 'permits',
    description: "semaphore-gated: the gate's permits (messages queued or being handled)",
    sliderMax: 100_000,
    log: true,
  }),
  send: z
    .enum(SEND_MODES)
    .default('await')
    .meta(
      meta({
        label: 'send',
        description:
          'bounded: send().await (wait FIFO), try_send (reject), or send_timeout (wait, then drop)',
      }),
    ),
  timeoutMs: real(0, 86_400_000, 100, {
    label: 'send timeout',
    unit: 'ms',
    step: 1,
    description: 'bounded with send_timeout: how long a producer waits before dropping its message',
    sliderMax: 10_000,
  }),
  label: z
    .string()
    .max(60)
    .optional()
    .meta(meta({ label: 'label', description: 'name shown for this strategy (default: derived)' })),
});

export const DEFAULT_STRATEGIES = [
  { kind: 'unbounded' },
  { kind: 'bounded', capacity: 128 },
  { kind: 'semaphore-producer', permits: 1024 },
] as const;

/** At most this many timed changes in a scenario (a URL carries each; a slider drag is one change). */
export const MAX_CHANGES = 100;

/** Changes in time order (stable: changes at the same time keep their order, so the last one wins). */
export function sortChanges<C extends { atMs: number }>(changes: readonly C[]): C[] {
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.atMs - b.c.atMs || a.i - b.i)
    .map((x) => x.c);
}

/** One timed change; which paths and values are allowed is checked by parse.ts (see changes.ts). */
export const changeSchema = z.object({
  atMs: z.number().min(0).max(86_400_000),
  path: z.string().min(1).max(80),
  value: z.union([z.number(), z.string(), z.boolean()]),
});

export const scenarioSchema = z
  .object({
    name: z
      .string()
      .max(80)
      .default('custom')
      .meta(meta({ label: 'name', description: 'what the scenario is called' })),
    seed: count(0, 2 ** 32 - 1, 1, {
      label: 'seed',
      description: 'seed of the random generator: the same seed gives the same run, bit for bit',
    }),
    durationSeconds: real(0.001, 86_400, 60, {
      label: 'duration',
      unit: 's',
      step: 1,
      description: 'simulated time the run covers',
      sliderMax: 3600,
      log: true,
    }),
    sampleMs: real(1, 3_600_000, 100, {
      label: 'sample every',
      unit: 'ms',
      step: 1,
      description:
        'simulated time between two metric samples (a run keeps at most 100,000: longer runs sample less often)',
      sliderMax: 10_000,
      log: true,
    }),
    message: messageSchema,
    producers: producersSchema,
    consumers: consumersSchema,
    channels: channelsSchema,
    strategies: z
      .array(strategySchema)
      .min(1)
      .max(8)
      .prefault(() => DEFAULT_STRATEGIES.map((s) => ({ ...s })))
      .meta(meta({ label: 'strategies', description: 'the designs run side by side on the same arrivals' })),
    changes: z
      .array(changeSchema)
      .max(MAX_CHANGES)
      .default([])
      .transform((list) => sortChanges(list))
      .meta(
        meta({
          label: 'timed changes',
          description:
            'parameter changes at a simulated time, e.g. { atMs: 12000, path: "producers.ratePerSec", value: 40 } (see changes.ts)',
        }),
      ),
  })
  .superRefine((s, ctx) => {
    if (s.channels.active > s.channels.count) {
      ctx.addIssue({
        code: 'custom',
        path: ['channels', 'active'],
        message: `expected at most channels.count (${s.channels.count}), got ${s.channels.active}`,
        input: s.channels.active,
      });
    }
    if (s.producers.disconnectCount > s.producers.count) {
      ctx.addIssue({
        code: 'custom',
        path: ['producers', 'disconnectCount'],
        message: `expected at most producers.count (${s.producers.count}), got ${s.producers.disconnectCount}`,
        input: s.producers.disconnectCount,
      });
    }
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type StrategySpec = z.output<typeof strategySchema>;
export type ArrivalProcess = (typeof ARRIVAL_PROCESSES)[number];
export type ServiceDistribution = (typeof SERVICE_DISTRIBUTIONS)[number];
export type SendMode = (typeof SEND_MODES)[number];
export type ScenarioChange = z.output<typeof changeSchema>;

/** The scenario every field of which has its default: the game-server workload of the presets. */
export const defaultScenario: Scenario = scenarioSchema.parse({});
