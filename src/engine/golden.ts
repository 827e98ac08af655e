/**
 * The golden trace format ("golden/1", measured from the real crates) and the replay of its
 * operation lists against the models. Used by `npm run replay` and by the tests.
 */
import { Heap } from './heap.ts';
import { PAYLOAD_SITE, payloadBytes, type MessageType } from './layout.ts';
import { boundKind, createChannel } from './channels/index.ts';
import { isImplName, type ChannelModel, type CrateRefusal, type ImplName } from './channels/types.ts';

export type GoldenOp =
  | { readonly op: 'create' }
  | { readonly op: 'send'; readonly sender: number; readonly n: number }
  | { readonly op: 'recv'; readonly n: number }
  | { readonly op: 'clone_sender'; readonly from: number; readonly as: number }
  | { readonly op: 'drop_sender'; readonly sender: number }
  | { readonly op: 'drop_receiver' };

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

function parseOp(v: unknown, where: string): GoldenOp {
  if (!isRecord(v)) throw new GoldenFormatError(`${where}: expected an object`);
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

/** Validates a parsed golden file (format "golden/1"). */
export function parseGolden(doc: unknown): GoldenFile {
  if (!isRecord(doc)) throw new GoldenFormatError('top level: expected an object');
  if (doc.format !== 'golden/1') {
    throw new GoldenFormatError(`format: expected "golden/1", got ${JSON.stringify(doc.format)}`);
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
    const ops = c.ops.map((op: unknown, j) => parseOp(op, `${where} (${c.name}) ops[${j}]`));
    return { name: c.name, params, ops };
  });
  return { impl, message, cases };
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
  const payload = payloadBytes(message);
  const counters: Counters = { sent: 0, rejected: 0, received: 0 };
  let channel: ChannelModel | null = null;
  const steps: GoldenStep[] = [];
  const bound = boundKind(impl);
  let refusal: CrateRefusal | undefined;

  const need = (what: string): ChannelModel => {
    if (channel === null) throw new GoldenFormatError(`case ${c.name}: ${what} before a successful create`);
    return channel;
  };

  for (const op of c.ops) {
    switch (op.op) {
      case 'create': {
        const params =
          bound === 'capacity'
            ? { message, capacity: c.params.capacity ?? Number.NaN }
            : bound === 'permits'
              ? { message, permits: c.params.permits ?? Number.NaN }
              : { message };
        const r = createChannel(impl, heap, params);
        if (r.ok) channel = r.channel;
        else refusal = r.refusal;
        break;
      }
      case 'send': {
        const ch = need('send');
        heap.alloc(PAYLOAD_SITE, payload, 1, op.n);
        const r = ch.sendMany(op.sender, op.n);
        const rejected = r.full + r.closed;
        heap.free(PAYLOAD_SITE, payload, rejected);
        counters.sent += r.sent;
        counters.rejected += rejected;
        break;
      }
      case 'recv': {
        const got = need('recv').recvMany(op.n);
        heap.free(PAYLOAD_SITE, payload, got);
        counters.received += got;
        break;
      }
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
    steps.push({
      live_bytes: heap.liveBytes,
      allocs: heap.allocs,
      deallocs: heap.deallocs,
      reallocs: heap.reallocs,
      pending: channel?.pending ?? 0,
      ...counters,
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
