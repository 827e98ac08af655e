/**
 * The golden trace formats measured from the real crates ("golden/1": non-blocking operations;
 * "golden/2": the same plus waiting sends and receives, family T11) and the replay of their
 * operation lists against the models. Used by `npm run replay` and by the tests.
 */
import { Heap } from './heap.ts';
import { payloadBlocks, type MessageType } from './layout.ts';
import { allocPayloads, freePayloads } from './payload.ts';
import { channelParams, createChannel } from './channels/index.ts';
import { z } from 'zod';
import { IMPL_NAMES, type ChannelModel, type CrateRefusal, type ImplName } from './channels/types.ts';
import { describeValue } from './scenario/parse.ts';

export type GoldenOp =
  | { readonly op: 'create' }
  | { readonly op: 'send'; readonly sender: number; readonly n: number }
  | { readonly op: 'recv'; readonly n: number }
  | { readonly op: 'clone_sender'; readonly from: number; readonly as: number }
  | { readonly op: 'drop_sender'; readonly sender: number }
  | { readonly op: 'drop_receiver' }
  // golden/2
  | { readonly op: 'send_wait'; readonly from: number; readonly fut: number }
  | { readonly op: 'cancel'; readonly fut: number }
  | { readonly op: 'recv_wait' }
  | { readonly op: 'cancel_recv' }
  // the simulation's own log only (never in a golden file): its producers waiting in bulk
  | {
      readonly op: 'offer';
      readonly sender: number;
      readonly n: number;
      readonly park: number;
      /** each send is a spawned task with its own Sender clone (futures-channel: its own SenderTask) */
      readonly clone?: true;
    }
  | { readonly op: 'take_completed'; readonly sender: number; readonly n: number }
  | { readonly op: 'cancel_parked'; readonly n: number };

export const GOLDEN_FORMATS = ['golden/1', 'golden/2'] as const;
export type GoldenFormat = (typeof GOLDEN_FORMATS)[number];

export interface GoldenStep {
  readonly live_bytes: number;
  readonly allocs: number;
  readonly deallocs: number;
  readonly reallocs: number;
  readonly pending: number;
  readonly sent: number;
  readonly rejected: number;
  readonly received: number;
}

export interface GoldenCase {
  readonly name: string;
  readonly params: { readonly capacity?: number; readonly permits?: number };
  readonly ops: readonly GoldenOp[];
  readonly steps?: readonly GoldenStep[];
}

export interface GoldenFile {
  readonly format: GoldenFormat;
  readonly impl: ImplName;
  readonly message: MessageType;
  readonly cases: readonly GoldenCase[];
}

export interface Prediction {
  readonly impl: ImplName;
  readonly cases: readonly { readonly name: string; readonly steps: readonly GoldenStep[] }[];
}

/** A golden file that cannot be replayed: the message names what is wrong and where. */
export class GoldenFormatError extends Error {
  override readonly name = 'GoldenFormatError';
}

/** The message for a variant tag (`op`, `type`, `format`) that names none of the variants. */
function badTag(key: string, what: string): (iss: { input: unknown }) => string {
  return ({ input }) =>
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? `${what} ${describeValue((input as Record<string, unknown>)[key])}`
      : `expected an object, got ${describeValue(input)}`;
}

/** A non-negative safe integer; the message names what it got. */
const count = z.int({ error: (iss) => `expected an integer ≥ 0, got ${describeValue(iss.input)}` }).min(0, {
  error: (iss) => `expected an integer ≥ 0, got ${describeValue(iss.input)}`,
});

/** Largest message or payload the replay accepts: beyond this a Rust program would not build it either. */
const MAX_SIZE = 2 ** 40;
const size = count.transform((n) => Math.min(n, MAX_SIZE));

const messageSchema = z
  .discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('bytes'), size }),
      z.object({ type: z.literal('u64') }),
      z.object({ type: z.literal('string'), len: size }),
    ],
    { error: badTag('type', 'expected "bytes", "u64" or "string", got') },
  )
  .transform((m): MessageType => {
    switch (m.type) {
      case 'bytes':
        return { kind: 'bytes', size: m.size };
      case 'u64':
        return { kind: 'u64' };
      case 'string':
        return { kind: 'string', len: m.len };
    }
  });

const GOLDEN_1_OPS = [
  z.object({ op: z.literal('create') }),
  z.object({ op: z.literal('send'), sender: count, n: count }),
  z.object({ op: z.literal('recv'), n: count }),
  z.object({ op: z.literal('clone_sender'), from: count, as: count }),
  z.object({ op: z.literal('drop_sender'), sender: count }),
  z.object({ op: z.literal('drop_receiver') }),
] as const;
const GOLDEN_2_OPS = [
  ...GOLDEN_1_OPS,
  z.object({ op: z.literal('send_wait'), from: count, fut: count }),
  z.object({ op: z.literal('cancel'), fut: count }),
  z.object({ op: z.literal('recv_wait') }),
  z.object({ op: z.literal('cancel_recv') }),
] as const;
const unknownOp = { error: badTag('op', 'unknown op') };

/** A case of a file of the given format (golden/2 adds the waiting operations). */
function caseSchema(ops: typeof GOLDEN_1_OPS | typeof GOLDEN_2_OPS) {
  return z.object({
    name: z.string(),
    params: z.object({ capacity: count.exactOptional(), permits: count.exactOptional() }).default({}),
    ops: z.array(z.discriminatedUnion('op', ops, unknownOp)),
  });
}

const fileSchema = z.discriminatedUnion(
  'format',
  [
    z.object({ format: z.literal('golden/1'), cases: z.array(caseSchema(GOLDEN_1_OPS)) }),
    z.object({ format: z.literal('golden/2'), cases: z.array(caseSchema(GOLDEN_2_OPS)) }),
  ],
  { error: badTag('format', 'expected "golden/1" or "golden/2", got') },
);
const headSchema = z.object({
  impl: z.enum(IMPL_NAMES, { error: (iss) => `unknown implementation ${describeValue(iss.input)}` }),
  message: messageSchema,
});

/** `cases[2] (T3-fill) ops[4].n`: where in the file an issue is, the case named as in the file. */
function where(doc: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = doc;
  for (const key of path) {
    const child = (node as Record<PropertyKey, unknown> | null | undefined)?.[key];
    if (typeof key === 'number') {
      out += `[${key}]`;
      const name = (child as { name?: unknown } | null | undefined)?.name;
      if (out.startsWith('cases[') && !out.includes(' (') && typeof name === 'string') out += ` (${name})`;
    } else out += out === '' ? String(key) : out.endsWith(')') ? ` ${String(key)}` : `.${String(key)}`;
    node = child;
  }
  return out === '' ? 'top level' : out;
}

function parseWith<T>(schema: z.ZodType<T>, doc: unknown): T {
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path ?? [];
  throw new GoldenFormatError(`${where(doc, path)}: ${issue?.message ?? 'invalid'}`);
}

export function parseMessage(v: unknown): MessageType {
  return parseWith(messageSchema, v);
}

/** Validates a parsed golden file (format "golden/1" or "golden/2"). */
export function parseGolden(doc: unknown): GoldenFile {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new GoldenFormatError('top level: expected an object');
  }
  const { format, cases } = parseWith(fileSchema, doc);
  const { impl, message } = parseWith(headSchema, doc);
  return { format, impl, message, cases };
}

interface Counters {
  sent: number;
  rejected: number;
  received: number;
}

/** Result of replaying one case; `refusal` is set when `create` was refused by the crate (e.g. a panic). */
export interface CaseReplay {
  readonly name: string;
  readonly steps: GoldenStep[];
  readonly refusal?: CrateRefusal;
}

/**
 * Replays one case as the measuring harness did: every send attempt builds a fresh message (a
 * String allocates its buffer), a rejected or received message is dropped at once.
 */
export function replayCase(
  impl: ImplName,
  message: MessageType,
  c: GoldenCase,
  onStep?: (heap: Heap, channel: ChannelModel | null) => void,
): CaseReplay {
  const heap = new Heap();
  const payload = payloadBlocks(message);
  const counters: Counters = { sent: 0, rejected: 0, received: 0 };
  let channel: ChannelModel | null = null;
  const steps: GoldenStep[] = [];
  let refusal: CrateRefusal | undefined;

  const need = (what: string): ChannelModel => {
    if (channel === null) throw new GoldenFormatError(`case ${c.name}: ${what} before a successful create`);
    return channel;
  };
  // Messages that waiting futures gave up or received are dropped by the harness, like the others.
  let seenRejected = 0;
  let seenReceived = 0;
  /** Runs every woken future, then drops the messages the futures let go of since the last call. */
  const settle = (ch: ChannelModel): void => {
    ch.runWoken();
    const { rejected, received } = ch.tally;
    freePayloads(heap, payload, rejected - seenRejected + (received - seenReceived));
    seenRejected = rejected;
    seenReceived = received;
  };

  for (const op of c.ops) {
    switch (op.op) {
      case 'create': {
        const r = createChannel(impl, heap, channelParams(impl, message, c.params));
        if (r.ok) channel = r.channel;
        else refusal = r.refusal;
        break;
      }
      case 'send': {
        const ch = need('send');
        // With futures waiting, a woken one runs after each single attempt; otherwise all at once.
        const step = ch.hasWaiting ? 1 : op.n;
        for (let done = 0; done < op.n; done += step) {
          allocPayloads(heap, payload, step);
          const r = ch.sendMany(op.sender, step);
          const rejected = r.full + r.closed;
          freePayloads(heap, payload, rejected);
          counters.sent += r.sent;
          counters.rejected += rejected;
          if (step === 1) settle(ch);
        }
        break;
      }
      case 'recv': {
        const ch = need('recv');
        const step = ch.hasWaiting ? 1 : op.n;
        for (let done = 0; done < op.n; done += step) {
          const got = ch.recvMany(step);
          freePayloads(heap, payload, got);
          counters.received += got;
          if (step === 1) settle(ch);
        }
        break;
      }
      case 'send_wait': {
        const ch = need('send_wait');
        allocPayloads(heap, payload, 1); // the future's message, built when it is created
        ch.sendWait(op.from, op.fut);
        break;
      }
      case 'cancel':
        need('cancel').cancelSend(op.fut);
        break;
      case 'offer': {
        const r = need('offer').sendOrPark(op.sender, op.n, op.park, op.clone === true);
        allocPayloads(heap, payload, r.sent + r.parked); // built by the producers that sent or wait
        counters.sent += r.sent;
        break;
      }
      case 'take_completed':
        counters.sent += need('take_completed').takeCompleted(op.sender, op.n);
        break;
      case 'cancel_parked':
        need('cancel_parked').cancelParked(op.n);
        freePayloads(heap, payload, op.n);
        counters.rejected += op.n;
        break;
      case 'recv_wait':
        need('recv_wait').recvWait();
        break;
      case 'cancel_recv':
        need('cancel_recv').cancelRecv();
        break;
      case 'clone_sender':
        need('clone_sender').cloneSender(op.from, op.as);
        break;
      case 'drop_sender':
        need('drop_sender').dropSender(op.sender);
        break;
      case 'drop_receiver':
        need('drop_receiver').dropReceiver();
        break;
    }
    if (channel !== null) settle(channel);
    const tally = channel?.tally;
    steps.push({
      live_bytes: heap.liveBytes,
      allocs: heap.allocs,
      deallocs: heap.deallocs,
      reallocs: heap.reallocs,
      pending: channel?.pending ?? 0,
      sent: counters.sent + (tally?.sent ?? 0),
      rejected: counters.rejected + (tally?.rejected ?? 0),
      received: counters.received + (tally?.received ?? 0),
    });
    onStep?.(heap, channel);
    if (refusal !== undefined) return { name: c.name, steps, refusal };
  }
  return { name: c.name, steps };
}

export function replayGolden(file: GoldenFile): Prediction {
  return {
    impl: file.impl,
    cases: file.cases.map((c) => replayCase(file.impl, file.message, c)),
  };
}
