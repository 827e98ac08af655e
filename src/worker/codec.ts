/**
 * Channel structures (structure.ts) as flat typed arrays, so a frame carries numbers, not object graphs:
 * scalars go into a Float64Array (booleans as 0/1, null as NaN), slot states into a Uint8Array.
 * `encodeStructures` writes one optional structure per strategy; `decodeStructures` reads them back
 * into the same objects the models return (the UI draws those).
 */
import type {
  ArrayStructure,
  AsyncChannelStructure,
  ChannelStructure,
  CommonStructure,
  FlumeStructure,
  FuturesStructure,
  ListBlockView,
  ListStructure,
  SlotState,
  TokioBlockView,
  TokioStructure,
  ZeroStructure,
} from '../engine/channels/structure.ts';

const SLOT_CODES: readonly SlotState[] = ['empty', 'written', 'read', 'close', 'unused'];
const SLOT_CODE: Record<SlotState, number> = { empty: 0, written: 1, read: 2, close: 3, unused: 4 };
const KINDS = [
  'tokio-list',
  'list-31',
  'array-ring',
  'zero',
  'futures-nodes',
  'flume-vecdeque',
  'async-channel',
] as const satisfies readonly ChannelStructure['kind'][];
const FLAVORS = ['single', 'bounded', 'unbounded'] as const;

export class CodecError extends Error {
  override readonly name = 'CodecError';
}

class Writer {
  private readonly nums: number[] = [];
  private readonly slotCodes: number[] = [];
  num(x: number): void {
    this.nums.push(x);
  }
  bool(b: boolean): void {
    this.nums.push(b ? 1 : 0);
  }
  opt(x: number | null): void {
    this.nums.push(x ?? NaN);
  }
  slots(states: readonly SlotState[]): void {
    this.nums.push(states.length);
    for (const s of states) this.slotCodes.push(SLOT_CODE[s]);
  }
  finish(): { structures: Float64Array; slots: Uint8Array } {
    return { structures: Float64Array.from(this.nums), slots: Uint8Array.from(this.slotCodes) };
  }
}

class Reader {
  private i = 0;
  private s = 0;
  constructor(
    private readonly nums: Float64Array,
    private readonly slotCodes: Uint8Array,
  ) {}
  num(): number {
    const x = this.nums[this.i++];
    if (x === undefined) throw new CodecError('structure data ended early');
    return x;
  }
  bool(): boolean {
    return this.num() !== 0;
  }
  opt(): number | null {
    const x = this.num();
    return Number.isNaN(x) ? null : x;
  }
  slots(): SlotState[] {
    const n = this.num();
    const out: SlotState[] = [];
    for (let k = 0; k < n; k++) {
      const state = SLOT_CODES[this.slotCodes[this.s++] ?? 255];
      if (state === undefined) throw new CodecError('bad slot state');
      out.push(state);
    }
    return out;
  }
  get atEnd(): boolean {
    return this.i === this.nums.length && this.s === this.slotCodes.length;
  }
}

export function encodeStructures(list: readonly (ChannelStructure | null)[]): {
  structures: Float64Array;
  slots: Uint8Array;
} {
  const w = new Writer();
  w.num(list.length);
  for (const s of list) {
    if (s === null) w.num(-1);
    else writeStructure(w, s);
  }
  return w.finish();
}

export function decodeStructures(structures: Float64Array, slots: Uint8Array): (ChannelStructure | null)[] {
  const r = new Reader(structures, slots);
  const n = r.num();
  const out: (ChannelStructure | null)[] = [];
  for (let k = 0; k < n; k++) out.push(readStructure(r));
  if (!r.atEnd) throw new CodecError('structure data has trailing values');
  return out;
}

function writeCommon(w: Writer, s: CommonStructure): void {
  w.num(s.pending);
  w.num(s.senders);
  w.bool(s.receiverAlive);
}

function readCommon(r: Reader): CommonStructure {
  return { pending: r.num(), senders: r.num(), receiverAlive: r.bool() };
}

function writeStructure(w: Writer, s: ChannelStructure): void {
  w.num(KINDS.indexOf(s.kind));
  writeCommon(w, s);
  switch (s.kind) {
    case 'tokio-list':
      return writeTokio(w, s);
    case 'list-31':
      return writeList(w, s);
    case 'array-ring':
      return writeArray(w, s);
    case 'zero':
      w.num(s.headerBytes);
      return;
    case 'futures-nodes':
      return writeFutures(w, s);
    case 'flume-vecdeque':
      return writeFlume(w, s);
    case 'async-channel':
      return writeAsync(w, s);
  }
}

function readStructure(r: Reader): ChannelStructure | null {
  const code = r.num();
  if (code === -1) return null;
  const kind = KINDS[code];
  if (kind === undefined) throw new CodecError(`unknown structure kind ${code}`);
  const common = readCommon(r);
  switch (kind) {
    case 'tokio-list':
      return readTokio(r, common);
    case 'list-31':
      return readList(r, common);
    case 'array-ring':
      return readArray(r, common);
    case 'zero':
      return { kind, ...common, headerBytes: r.num() } satisfies ZeroStructure;
    case 'futures-nodes':
      return readFutures(r, common);
    case 'flume-vecdeque':
      return readFlume(r, common);
    case 'async-channel':
      return readAsync(r, common);
  }
}

function writeTokio(w: Writer, s: TokioStructure): void {
  for (const x of [s.blockCap, s.blockBytes, s.chanBytes, s.chanUsedBytes, s.tailPosition, s.rxIndex])
    w.num(x);
  for (const x of [s.totalBlocks, s.spareBlocks, s.omittedBlocks]) w.num(x);
  w.bool(s.txClosed);
  w.opt(s.closeMarkerIndex);
  w.bool(s.rxClosed);
  w.bool(s.semaphore !== null);
  if (s.semaphore !== null) {
    w.num(s.semaphore.available);
    w.num(s.semaphore.capacity);
  }
  w.bool(s.gate !== null);
  if (s.gate !== null) {
    w.num(s.gate.available);
    w.num(s.gate.permits);
    w.num(s.gate.arcBytes);
  }
  w.num(s.blocks.length);
  for (const b of s.blocks) {
    w.num(b.start);
    w.bool(b.released);
    w.opt(b.observedTail);
    w.bool(b.role === 'spare');
    w.bool(b.isHead);
    w.bool(b.isFreeHead);
    w.bool(b.isBlockTail);
    w.slots(b.slots);
  }
}

function readTokio(r: Reader, common: CommonStructure): TokioStructure {
  const blockCap = r.num();
  const blockBytes = r.num();
  const chanBytes = r.num();
  const chanUsedBytes = r.num();
  const tailPosition = r.num();
  const rxIndex = r.num();
  const totalBlocks = r.num();
  const spareBlocks = r.num();
  const omittedBlocks = r.num();
  const txClosed = r.bool();
  const closeMarkerIndex = r.opt();
  const rxClosed = r.bool();
  const semaphore = r.bool() ? { available: r.num(), capacity: r.num() } : null;
  const gate = r.bool() ? { available: r.num(), permits: r.num(), arcBytes: r.num() } : null;
  const blocks: TokioBlockView[] = [];
  for (let n = r.num(); n > 0; n--) {
    const start = r.num();
    const released = r.bool();
    const observedTail = r.opt();
    const role = r.bool() ? 'spare' : 'live';
    const isHead = r.bool();
    const isFreeHead = r.bool();
    const isBlockTail = r.bool();
    const slots = r.slots();
    blocks.push({ start, slots, released, observedTail, role, isHead, isFreeHead, isBlockTail });
  }
  return {
    kind: 'tokio-list',
    ...common,
    blockCap,
    blockBytes,
    chanBytes,
    chanUsedBytes,
    tailPosition,
    rxIndex,
    totalBlocks,
    spareBlocks,
    blocks,
    omittedBlocks,
    txClosed,
    closeMarkerIndex,
    rxClosed,
    semaphore,
    gate,
  };
}

function writeList(w: Writer, s: ListStructure): void {
  for (const x of [s.blockBytes, s.headerBytes, s.head, s.tail, s.totalBlocks, s.omittedBlocks]) w.num(x);
  w.num(s.blocks.length);
  for (const b of s.blocks) {
    w.num(b.index);
    w.slots(b.slots);
  }
}

function readList(r: Reader, common: CommonStructure): ListStructure {
  const blockBytes = r.num();
  const headerBytes = r.num();
  const head = r.num();
  const tail = r.num();
  const totalBlocks = r.num();
  const omittedBlocks = r.num();
  const blocks: ListBlockView[] = [];
  for (let n = r.num(); n > 0; n--) blocks.push({ index: r.num(), slots: r.slots() });
  return {
    kind: 'list-31',
    ...common,
    blockBytes,
    headerBytes,
    head,
    tail,
    totalBlocks,
    blocks,
    omittedBlocks,
  };
}

function writeArray(w: Writer, s: ArrayStructure): void {
  for (const x of [s.headerBytes, s.capacity, s.slotBytes, s.head, s.tail, s.len]) w.num(x);
}

function readArray(r: Reader, common: CommonStructure): ArrayStructure {
  return {
    kind: 'array-ring',
    ...common,
    headerBytes: r.num(),
    capacity: r.num(),
    slotBytes: r.num(),
    head: r.num(),
    tail: r.num(),
    len: r.num(),
  };
}

function writeFutures(w: Writer, s: FuturesStructure): void {
  w.bool(s.bounded);
  w.num(s.innerBytes);
  w.num(s.nodeBytes);
  w.num(s.queuedNodes);
  w.opt(s.buffer);
  w.bool(s.closed);
  w.num(s.senderTasks.length);
  for (const t of s.senderTasks) {
    w.num(t.id);
    w.bool(t.parked);
  }
  w.num(s.parkedQueue.length);
  for (const id of s.parkedQueue) w.num(id);
}

function readFutures(r: Reader, common: CommonStructure): FuturesStructure {
  const bounded = r.bool();
  const innerBytes = r.num();
  const nodeBytes = r.num();
  const queuedNodes = r.num();
  const buffer = r.opt();
  const closed = r.bool();
  const senderTasks: { id: number; parked: boolean }[] = [];
  for (let n = r.num(); n > 0; n--) senderTasks.push({ id: r.num(), parked: r.bool() });
  const parkedQueue: number[] = [];
  for (let n = r.num(); n > 0; n--) parkedQueue.push(r.num());
  return {
    kind: 'futures-nodes',
    ...common,
    bounded,
    innerBytes,
    nodeBytes,
    queuedNodes,
    buffer,
    senderTasks,
    parkedQueue,
    closed,
  };
}

function writeFlume(w: Writer, s: FlumeStructure): void {
  w.bool(s.bounded);
  w.opt(s.capacity);
  for (const x of [s.sharedBytes, s.elemBytes, s.queueLen, s.queueCapacity, s.waitingSenders]) w.num(x);
  w.bool(s.disconnected);
}

function readFlume(r: Reader, common: CommonStructure): FlumeStructure {
  return {
    kind: 'flume-vecdeque',
    ...common,
    bounded: r.bool(),
    capacity: r.opt(),
    sharedBytes: r.num(),
    elemBytes: r.num(),
    queueLen: r.num(),
    queueCapacity: r.num(),
    waitingSenders: r.num(),
    disconnected: r.bool(),
  };
}

function writeAsync(w: Writer, s: AsyncChannelStructure): void {
  w.num(FLAVORS.indexOf(s.flavor));
  w.num(s.channelBytes);
  w.bool(s.events.sendOps);
  w.bool(s.events.recvOps);
  w.bool(s.events.streamOps);
  w.bool(s.events.closedOps);
  w.num(s.eventBytes);
  w.bool(s.closed);
  const q = s.queue;
  if (q.kind === 'single') {
    w.num(0);
    w.bool(q.full);
  } else {
    w.num(q.kind === 'array-ring' ? 1 : 2);
    writeCommon(w, q);
    if (q.kind === 'array-ring') writeArray(w, q);
    else writeList(w, q);
  }
}

function readAsync(r: Reader, common: CommonStructure): AsyncChannelStructure {
  const flavor = FLAVORS[r.num()];
  if (flavor === undefined) throw new CodecError('unknown async-channel flavor');
  const channelBytes = r.num();
  const events = { sendOps: r.bool(), recvOps: r.bool(), streamOps: r.bool(), closedOps: r.bool() };
  const eventBytes = r.num();
  const closed = r.bool();
  const queueKind = r.num();
  let queue: AsyncChannelStructure['queue'];
  if (queueKind === 0) queue = { kind: 'single', full: r.bool() };
  else {
    const qCommon = readCommon(r);
    queue = queueKind === 1 ? readArray(r, qCommon) : readList(r, qCommon);
  }
  return { kind: 'async-channel', ...common, flavor, channelBytes, events, eventBytes, queue, closed };
}
