/**
 * The golden trace formats measured from the real crates ("golden/1": non-blocking operations;
 * "golden/2": the same plus waiting sends and receives, family T11) and the replay of their
 * operation lists against the models. Used by `npm run replay` and by the tests.
 */
import { Heap } from './heap.ts';
import { payloadBlocks, type MessageType } from './layout.ts';
import { allocPayloads, freePayloads } from './payload.ts';
import { channelParams, createChannel } from './channels/index.ts';
import { isImplName, type ChannelModel, type CrateRefusal, type ImplName } from './channels/types.ts';

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
  | { readonly op: 'offer'; readonly sender: number; readonly n: number; readonly park: number }
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(v: unknown, where: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new GoldenFormatError(`${where}: expected an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Largest message or payload the replay accepts: beyond this a Rust program would not build it either. */
const MAX_SIZE = 2 ** 40;

export function parseMessage(v: unknown): MessageType {
  if (!isRecord(v)) throw new GoldenFormatError('"message": expected an object');
  switch (v.type) {
    case 'bytes':
      return { kind: 'bytes', size: Math.min(count(v.size, 'message.size'), MAX_SIZE) };
    case 'u64':
      return { kind: 'u64' };
    case 'string':
      return { kind: 'string', len: Math.min(count(v.len, 'message.len'), MAX_SIZE) };
    default:
      throw new GoldenFormatError(
        `message.type: expected "bytes", "u64" or "string", got ${JSON.stringify(v.type)}`,
      );
  }
}

function parseOp(v: unknown, where: string, format: GoldenFormat): GoldenOp {
  if (!isRecord(v)) throw new GoldenFormatError(`${where}: expected an object`);
  if (format === 'golden/2') {
    switch (v.op) {
      case 'send_wait':
        return { op: 'send_wait', from: count(v.from, `${where}.from`), fut: count(v.fut, `${where}.fut`) };
      case 'cancel':
        return { op: 'cancel', fut: count(v.fut, `${where}.fut`) };
      case 'recv_wait':
        return { op: 'recv_wait' };
      case 'cancel_recv':
        return { op: 'cancel_recv' };
    }
  }
  switch (v.op) {
    case 'create':
      return { op: 'create' };
    case 'send':
      return { op: 'send', sender: count(v.sender, `${where}.sender`), n: count(v.n, `${where}.n`) };
    case 'recv':
      return { op: 'recv', n: count(v.n, `${where}.n`) };
    case 'clone_sender':
      return { op: 'clone_sender', from: count(v.from, `${where}.from`), as: count(v.as, `${where}.as`) };
    case 'drop_sender':
      return { op: 'drop_sender', sender: count(v.sender, `${where}.sender`) };
    case 'drop_receiver':
      return { op: 'drop_receiver' };
    default:
      throw new GoldenFormatError(`${where}: unknown op ${JSON.stringify(v.op)}`);
  }
}

/** Validates a parsed golden file (format "golden/1" or "golden/2"). */
export function parseGolden(doc: unknown): GoldenFile {
  if (!isRecord(doc)) throw new GoldenFormatError('top level: expected an object');
  const format = doc.format;
  if (!(GOLDEN_FORMATS as readonly unknown[]).includes(format)) {
    throw new GoldenFormatError(
      `format: expected "golden/1" or "golden/2", got ${JSON.stringify(doc.format)}`,
    );
  }
  const impl = doc.impl;
  if (typeof impl !== 'string' || !isImplName(impl)) {
    throw new GoldenFormatError(`impl: unknown implementation ${JSON.stringify(impl)}`);
  }
  const message = parseMessage(doc.message);
  if (!Array.isArray(doc.cases)) throw new GoldenFormatError('cases: expected an array');
  const cases = doc.cases.map((c: unknown, i): GoldenCase => {
    const where = `cases[${i}]`;
    if (!isRecord(c) || typeof c.name !== 'string')
      throw new GoldenFormatError(`${where}: expected a named case`);
    if (!Array.isArray(c.ops)) throw new GoldenFormatError(`${where} (${c.name}): "ops" is not an array`);
    const params: { capacity?: number; permits?: number } = {};
    if (isRecord(c.params)) {
      if (c.params.capacity !== undefined)
        params.capacity = count(c.params.capacity, `${where}.params.capacity`);
      if (c.params.permits !== undefined) params.permits = count(c.params.permits, `${where}.params.permits`);
    }
    const ops = c.ops.map((op: unknown, j) =>
      parseOp(op, `${where} (${c.name}) ops[${j}]`, format as GoldenFormat),
    );
    return { name: c.name, params, ops };
  });
  return { format: format as GoldenFormat, impl, message, cases };
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
        const r = need('offer').sendOrPark(op.sender, op.n, op.park);
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
