/**
 * The lesson file format: one zod schema, from which `public/lesson.schema.json` is generated
 * (`npm run lesson:schema`; a test checks the committed file is up to date). Built-in lessons
 * (`src/content/lessons/*.json`) and teachers' own files use this one format.
 *
 * A lesson never types a number: its texts hold placeholders, `{name}`, that name one of the
 * lesson's `quantities`, each a question put to the crate models or to the simulation engine
 * (`quantities.ts` computes them when the text is shown). `{name:n}` shows the bare number.
 */
import { z } from 'zod';
import { IMPL_NAMES } from '../engine/channels/types.ts';
import { PRESET_NAMES } from '../engine/presets.ts';

export const LESSON_FORMAT = 'channel-lab/lesson@1';

/** The figures a step can talk about; the same names as the embeddable views, plus two panels. */
export const LESSON_VIEWS = [
  'create',
  'heap',
  'metric',
  'anatomy',
  'backpressure',
  'retained',
  'readouts',
] as const;
export type LessonView = (typeof LESSON_VIEWS)[number];

/** Parts of the page that may show a step's answer, hidden until it is revealed. */
export const CONCEALABLE = [
  'create',
  'readouts',
  'preset',
  'anatomy',
  'backpressure',
  'retained',
  'charts',
] as const;
export type Concealable = (typeof CONCEALABLE)[number];

export const STEP_UNITS = ['message', 'sample', 'second'] as const;
export type StepUnit = (typeof STEP_UNITS)[number];

export const SECOND_METRICS = ['depth', 'waitingSenders', 'rejected', 'timedOut', 'p99LatencyMs'] as const;

export const UNITS = ['bytes', 'count', 'text', 'ms', 'seconds', 'per-second'] as const;
export type Unit = (typeof UNITS)[number];

const text = (what: string, max = 600) => z.string().min(1).max(max).describe(what);
const name = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,40}$/, 'a name of letters, digits and _ (starting with a letter)');

const message = z
  .object({
    // the three kinds whose layout needs no type text (a scenario can also hold a Rust type expression)
    type: z.enum(['string', 'bytes', 'u64']).describe('String (with a heap buffer), [u8; N] or u64'),
    bytes: z
      .number()
      .int()
      .min(0)
      .max(1 << 24)
      .optional()
      .describe('String: length of its heap buffer; [u8; N]: N; ignored for u64'),
  })
  .strict()
  .describe('the message type, as in a scenario');

const channel = {
  impl: z.enum(IMPL_NAMES).describe('the crate model'),
  message,
  capacity: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .optional()
    .describe('capacity of a bounded channel, or permits of a semaphore gate (default 1)'),
};
const unit = z.enum(UNITS).optional().describe('how the value is shown (default: by measure)');
const stepRef = z
  .number()
  .int()
  .min(1)
  .optional()
  .describe('the step (1-based) whose scenario is meant; default: the step showing the text');

/** Each measure is one question the models or the engine answer. */
export const quantitySchema = z
  .discriminatedUnion('measure', [
    z
      .object({ measure: z.literal('create'), ...channel, unit })
      .strict()
      .describe('bytes one channel allocates when created (message payloads excluded)'),
    z
      .object({ measure: z.literal('create-allocations'), ...channel, unit })
      .strict()
      .describe('allocations one channel makes when created'),
    z
      .object({
        measure: z.literal('site'),
        ...channel,
        site: text('an allocation site name', 80),
        sends: z.number().int().min(0).max(1_000_000).default(0).describe('messages sent first'),
        unit,
      })
      .strict()
      .describe('bytes at one allocation site after creation (and `sends` sends), e.g. "tokio Arc<Chan>"'),
    z
      .object({
        measure: z.literal('calculator'),
        ...channel,
        field: z.enum(['full', 'drained', 'accepted', 'allocsToFill']),
        unit,
      })
      .strict()
      .describe('the calculator: a channel holding `capacity` messages (payloads included), or drained'),
    z
      .object({
        measure: z.literal('ping-pong'),
        ...channel,
        pairs: z.number().int().min(0).max(1_000_000),
        field: z.enum(['allocs', 'deallocs', 'liveBytes', 'liveAllocations']),
        unit,
      })
      .strict()
      .describe('after `pairs` send/recv pairs on a fresh channel'),
    z
      .object({
        measure: z.literal('burst'),
        ...channel,
        messages: z.number().int().min(0).max(10_000_000),
        drain: z.boolean().default(true).describe('receive them all afterwards'),
        field: text('a numeric field of the channel structure (e.g. totalBlocks, spareBlocks, blockCap)', 40),
        unit,
      })
      .strict()
      .describe('the channel structure after `messages` sends then as many receives'),
    z
      .object({
        measure: z.literal('send-allocations'),
        ...channel,
        sends: z.number().int().min(1).max(10_000_000),
        unit,
      })
      .strict()
      .describe('allocations made by `sends` sends on a fresh channel'),
    z
      .object({
        measure: z.literal('refusal'),
        ...channel,
        field: z.enum(['outcome', 'message']).default('outcome'),
      })
      .strict()
      .describe(
        'outcome: "panics" if the crate refuses to create the channel, else "accepted"; message: its panic message',
      ),
    z
      .object({
        measure: z.literal('receiver-dropped'),
        ...channel,
        sends: z.number().int().min(1).max(1_000_000),
        unit,
      })
      .strict()
      .describe('bytes the heap grows per send once the receiver is dropped (senders still alive)'),
    z
      .object({
        measure: z.literal('senders-dropped'),
        ...channel,
        messages: z.number().int().min(1).max(10_000_000),
        unit,
      })
      .strict()
      .describe('payload bytes still held after `messages` were queued and their sender dropped'),
    z
      .object({ measure: z.literal('payload'), message, field: z.enum(['heap', 'size']), unit })
      .strict()
      .describe('heap bytes of one message payload, or size_of::<T>()'),
    z
      .object({
        measure: z.literal('scenario'),
        path: text('a field path of the scenario, e.g. producers.count', 80),
        step: stepRef,
        unit,
      })
      .strict()
      .describe('a value of a step scenario'),
    z
      .object({
        measure: z.literal('rates'),
        step: stepRef,
        field: z.enum(['offeredPerSec', 'servicePerSec']),
        unit,
      })
      .strict()
      .describe("messages a second the step's producers offer, or its consumers handle (mean service time)"),
    z
      .object({
        measure: z.literal('time'),
        step: stepRef,
        field: z.enum(['open', 'reveal', 'duration']),
        unit,
      })
      .strict()
      .describe(
        "a step's time (when it opens, when its reveal jumps to) or its scenario's duration, in seconds",
      ),
    z
      .object({
        measure: z.literal('simulation'),
        step: stepRef,
        atMs: z.number().min(0),
        strategy: z.number().int().min(0).max(7),
        field: text('a numeric field of the strategy snapshot, e.g. heapBytes, waitingSenders', 40),
        unit,
      })
      .strict()
      .describe("runs the step's scenario to `atMs` and reads one strategy's figure"),
    z
      .object({
        measure: z.literal('simulation-leader'),
        step: stepRef,
        atMs: z.number().min(0),
        field: text('a numeric field of the strategy snapshot', 40),
        pick: z.enum(['max', 'min']),
        unit,
      })
      .strict()
      .describe('the label of the strategy with the largest (or smallest) figure at `atMs`'),
    z
      .object({
        measure: z.literal('strategy-label'),
        step: stepRef,
        strategy: z.number().int().min(0).max(7),
      })
      .strict()
      .describe("a strategy's label in the step's scenario"),
    z
      .object({
        measure: z.enum(['sum', 'difference', 'product', 'quotient']),
        of: z.array(name).min(1).max(8).describe('names of other quantities'),
        unit,
      })
      .strict()
      .describe('arithmetic on other quantities, left to right'),
  ])
  .describe('a named quantity: computed by the crate models or the engine when shown');
export type Quantity = z.output<typeof quantitySchema>;

const answerSchema = z
  .object({
    quantity: name.describe('the quantity that gives the answer'),
    map: z
      .array(
        z
          .object({
            when: z
              .string()
              .regex(/^(\*|[=<>].*)$/)
              .describe('"=value", ">number", "<number" or "*" (anything else)'),
            choice: z.number().int().min(0).max(5).describe('index of the choice this means'),
          })
          .strict(),
      )
      .max(6)
      .optional()
      .describe("when the quantity is not itself a choice's text: which choice each value means"),
    why: text('one sentence saying why (placeholders allowed)'),
  })
  .strict();

const questionSchema = z
  .object({
    prompt: text('the question'),
    choices: z.array(text('a choice', 120)).min(2).max(6),
    answer: answerSchema,
  })
  .strict();

const verdictSchema = z
  .object({
    claim: z
      .string()
      .min(1)
      .max(300)
      .describe('the claim as people state it, quoted (the only text where a typed figure is allowed)'),
    verdict: z
      .enum(['true', 'false', 'unsupported', 'partly'])
      .describe(
        'false: contradicted on the version it names; unsupported: not measured on that version, nothing found for it',
      ),
    checked: text('what was checked, e.g. the std::sync::mpsc model after a receiver drop'),
    on: text('on which version, e.g. Rust 1.95 models; no 1.85 measurement', 300),
    basis: z
      .enum(['exact', 'modelled', 'sourced'])
      .describe(
        'exact: follows from rules measured with a counting allocator; modelled: depends on simulated timing; sourced: stated by the cited sources',
      ),
    note: text('more context, e.g. a related real bug (placeholders allowed)', 800).optional(),
    sources: z
      .array(z.object({ title: text('the source', 200), url: z.url() }).strict())
      .max(6)
      .optional(),
  })
  .strict()
  .describe('for claims: what was checked, on which version, and how sure we are');

export const stepSchema = z
  .object({
    title: text('the step heading; must not give the answer away', 120),
    text: text('one or two sentences of explanation (placeholders allowed)'),
    preset: z.enum(PRESET_NAMES).optional().describe('the preset to load (or give `scenario`)'),
    scenario: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('a whole scenario, in the shape `npm run sim -- --scenario` reads (or give `preset`)'),
    overrides: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('fields changed on top of the preset or scenario (merged one level deep)'),
    strategy: z.number().int().min(0).max(7).default(0).describe('the strategy shown in detail'),
    view: z.enum(LESSON_VIEWS).describe('the figure the step talks about: it is scrolled into view'),
    metric: z.enum(SECOND_METRICS).optional().describe("the second chart's metric"),
    timeMs: z.number().min(0).default(0).describe('simulated time when the step opens'),
    speed: z.number().min(0.001).max(10_000).default(1).describe('simulated seconds per wall second'),
    stepBy: z.enum(STEP_UNITS).optional().describe('what Step moves by on this step'),
    conceal: z
      .array(z.enum(CONCEALABLE))
      .max(CONCEALABLE.length)
      .optional()
      .describe('parts of the page hidden until the answer is revealed (default: create, readouts, preset)'),
    question: questionSchema.optional(),
    reveal: z
      .object({
        timeMs: z.number().min(0).optional().describe('jump to this simulated time'),
        play: z.boolean().default(false).describe('play from there'),
        evidence: text('where to look, e.g. "the red line at 10 s" (placeholders allowed)', 300),
      })
      .strict()
      .optional()
      .describe('what revealing the answer does to the run'),
    verdict: verdictSchema.optional(),
  })
  .strict();
export type LessonStepData = z.output<typeof stepSchema>;

export const lessonSchema = z
  .object({
    $schema: z.string().optional().describe('the JSON Schema this file follows (ignored)'),
    format: z.literal(LESSON_FORMAT),
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,40}$/, 'lower-case letters, digits and -')
      .describe('used in links: ?lesson=ID&step=N'),
    title: text('the lesson title', 120),
    summary: text('what the lesson teaches, one sentence', 300),
    minutes: z.number().int().min(1).max(120).describe('how long it takes in a workshop'),
    quantities: z.record(name, quantitySchema).default({}),
    steps: z.array(stepSchema).min(1).max(30),
  })
  .strict();
export type LessonData = z.output<typeof lessonSchema>;

/** The JSON Schema of a lesson file (what `public/lesson.schema.json` holds). */
export function lessonJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(lessonSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'lesson.schema.json',
    title: 'Channel Lab lesson',
    description:
      'A guided lesson for Channel Lab. Texts hold {placeholders} naming quantities, computed by the crate models and the engine when shown; no figure is typed.',
  };
}
