/**
 * Lanes in lockstep: several tokio strategies whose consumer keeps up go through the same decisions
 * at the same times (the arrivals and the service draws are shared), as long as none of them refuses
 * or parks a send. Then only the channel's memory tells them apart, and that differs in a known way:
 * a tokio channel's chain moves in index space the same way in every flavor, so the blocks are
 * allocated and freed at the same calls, and a lane's heap is the leader's plus
 *   (K_f − K_l) + B·(bb_f − bb_l)
 * where B is the number of blocks, bb a block's size and K the channel's fixed bytes (its Arc, the
 * gate's Arc). So one lane, the leader, goes through a stretch in the keep-up loop (keepup.ts) and the
 * others, the followers, are written from it at each sample and when the stretch ends: the same
 * counters, queue, consumer, latency histograms (equal states given equal values stay equal) and
 * chain; their permits moved as the leader's queue did; their heap's live bytes from the formula
 * above; their heap extremes from the leader's at every point where the general path looks (each
 * point's value through the formula at that point's B) and at every block allocation (the peak).
 *
 * The bet is checked, not assumed: a follower joins only when everything the loop reads or writes
 * equals the leader's (`inLockstep`), and before each decision the loop asks whether every lane has
 * room for that decision's arrivals (`safe`: bounded capacity and gate permits left, counted from the
 * leader's moves); if one has not, the followers are written at that point, between two decisions,
 * and every lane goes on alone. Without a waiting or refused send, a keep-up decision of every lane
 * is the same sequence of calls, so a follower written from the leader is what it would have become.
 * Tested against the general path (`keepUpArb` with `recordOps` off, test/fuzz/scenario-props.ts,
 * and test/unit/sim-lockstep.test.ts). With an op log or a trace (tests, the bench's baseline) each
 * lane goes alone.
 */
import { TokioChannel, type TokioMark } from '../channels/tokio.ts';
import { allocPayloads, freePayloads, payloadSiteUsed, settlePayloads } from '../payload.ts';
import { ENGINE_SITES } from './costs.ts';
import type { Lane } from './lane.ts';

/** The lane may lead or follow: a tokio channel in a state the keep-up loop runs without the lane's own methods. */
export function lockstepReady(lane: Lane): boolean {
  const w = lane.workers[0];
  const channel = lane.channel;
  if (!(channel instanceof TokioChannel) || w === undefined || lane.workers.length !== 1) return false;
  if (lane.opLog !== null || lane.trace !== null || lane.parkedBytes > 0 || lane.trySendEach) return false;
  if (lane.spawn || lane.batchLimit !== 1 || lane.timeout !== Infinity || w.retiring === true) return false;
  if (lane.waiters.total > 0 || lane.upstream.total > 0 || lane.stalled(lane.now)) return false;
  if (lane.disconnected && lane.plan.leavers > 0 && lane.plan.leavers >= lane.plan.producersAt(lane.now))
    return false;
  const first = w.batch[0];
  return !w.busy || (w.count === 1 && w.batch.length === 1 && first !== undefined && first.n === 1);
}

/** Everything the keep-up loop reads or writes is the same in both lanes (but the channel's flavor and the heap). */
export function inLockstep(a: Lane, b: Lane): boolean {
  const wa = a.workers[0];
  const wb = b.workers[0];
  if (wa === undefined || wb === undefined) return false;
  if (
    wa.busy !== wb.busy ||
    (wa.busy && (wa.start !== wb.start || wa.end !== wb.end || wa.count !== wb.count))
  )
    return false;
  const ra = wa.batch[0];
  const rb = wb.batch[0];
  if (wa.busy && (ra?.seg.id !== rb?.seg.id || ra?.i0 !== rb?.i0 || ra?.wait !== rb?.wait)) return false;
  const ca = a.counters;
  const cb = b.counters;
  for (const k of Object.keys(ca) as (keyof typeof ca)[]) if (ca[k] !== cb[k]) return false;
  return (
    a.now === b.now &&
    a.nextChangeAt === b.nextChangeAt &&
    a.disconnected === b.disconnected &&
    a.stallStart === b.stallStart &&
    a.stallEnd === b.stallEnd &&
    a.service.mean === b.service.mean &&
    a.payload === b.payload &&
    a.inFlight === b.inFlight &&
    a.maxDepth === b.maxDepth &&
    a.maxWaiting === b.maxWaiting &&
    a.handedNow === b.handedNow &&
    a.heap.sitesBytes(ENGINE_SITES) === b.heap.sitesBytes(ENGINE_SITES) &&
    a.queue.sameAs(b.queue) &&
    a.e2eTotal.sameAs(b.e2eTotal) &&
    a.e2eInterval.sameAs(b.e2eInterval) &&
    a.queueTotal.sameAs(b.queueTotal) &&
    (a.channel as TokioChannel).inLockstepWith(b.channel as TokioChannel)
  );
}

/** Where a lane stood when the followers were last written (their moves since are the leader's). */
interface Mark {
  readonly tokio: TokioMark;
  readonly sent: number;
  readonly handled: number;
  readonly received: number;
  readonly gate: number;
}

function markOf(lane: Lane): Mark {
  const c = lane.counters;
  return {
    tokio: (lane.channel as TokioChannel).lockstepMark(),
    sent: c.sent,
    handled: c.handled,
    received: c.received,
    gate: lane.gate,
  };
}

export class Lockstep {
  private readonly tokio: TokioChannel;
  /** per follower: K_f − K_l and bb_f − bb_l (see the header) */
  private readonly dK: Float64Array;
  private readonly dB: Float64Array;
  /** the leader's fixed channel bytes K_l and block size bb_l */
  private readonly kL: number;
  private readonly bL: number;
  /** per follower: the offset at the leader's channel bytes `atC` */
  private readonly off: Float64Array;
  private atC = Number.NaN;
  /** per follower: the highest and lowest heap at the points looked at since the last writing, and the peak */
  private readonly hi: Float64Array;
  private readonly lo: Float64Array;
  private readonly top: Float64Array;
  /** the leader's channel bytes when its queue last drained since the last writing (NaN: it did not) */
  private drainedAt = Number.NaN;
  private leaderMark: Mark;
  private marks: Mark[];
  /** the headroom of every lane at the marks: min(permits left + queued), min(gate + sent − handled) */
  private room = Infinity;
  private gateRoom = Infinity;

  constructor(
    readonly leader: Lane,
    readonly followers: readonly Lane[],
  ) {
    this.tokio = leader.channel as TokioChannel;
    const n = followers.length;
    const bytesOf = (lane: Lane): number => lane.heap.liveBytes - lane.heap.sitesBytes(ENGINE_SITES);
    const blocks = this.tokio.totalBlocks;
    this.bL = this.tokio.blockBytes;
    this.kL = bytesOf(leader) - blocks * this.bL;
    this.dK = new Float64Array(n);
    this.dB = new Float64Array(n);
    followers.forEach((f, i) => {
      const b = (f.channel as TokioChannel).blockBytes;
      this.dK[i] = bytesOf(f) - blocks * b - this.kL;
      this.dB[i] = b - this.bL;
    });
    this.off = new Float64Array(n);
    this.hi = new Float64Array(n);
    this.lo = new Float64Array(n);
    this.top = new Float64Array(n);
    this.leaderMark = markOf(leader);
    this.marks = followers.map(markOf);
    this.rebase();
  }

  /** Starts counting the leader's moves from where every lane is now. */
  private rebase(): void {
    this.leaderMark = markOf(this.leader);
    this.marks = this.followers.map(markOf);
    this.hi.fill(-Infinity);
    this.lo.fill(Infinity);
    this.top.fill(-Infinity);
    this.drainedAt = Number.NaN;
    let room = Infinity;
    let gateRoom = Infinity;
    for (const lane of [this.leader, ...this.followers]) {
      const tokio = lane.channel as TokioChannel;
      room = Math.min(room, tokio.availablePermits + tokio.pending);
      gateRoom = Math.min(gateRoom, lane.gate + lane.counters.sent - lane.counters.handled);
    }
    this.room = room;
    this.gateRoom = gateRoom;
  }

  /** Every lane can take `n` more sends now without refusing or parking any (bounded permits, gate permits). */
  safe(n: number): boolean {
    const c = this.leader.counters;
    return n <= this.room - this.tokio.pending && n <= this.gateRoom - c.sent + c.handled;
  }

  /** Sets the followers' offsets for the leader's channel bytes c. */
  private offsetsAt(c: number): void {
    this.atC = c;
    const blocks = (c - this.kL) / this.bL;
    for (let i = 0; i < this.off.length; i++)
      this.off[i] = (this.dK[i] as number) + blocks * (this.dB[i] as number);
  }

  /**
   * A point where the general path looks at the heap (Lane.observe): the leader's heap is `live`, of
   * which `engine` the engine's sites. The followers' offsets change only with the leader's channel
   * bytes (a block every 32 messages or so), so the leader's extremes are kept while those stay, and
   * turned into each follower's when they move (`flush`). (The keep-up stretch hands over only the
   * highest and lowest point of each run at one channel size: the same extremes.)
   */
  point(live: number, engine: number): void {
    if (live - engine !== this.atC) this.moveTo(live - engine);
    if (live > this.maxLive) this.maxLive = live;
    if (live < this.minLive) this.minLive = live;
  }

  /** the leader's highest and lowest heap at the points since the offsets were last set */
  private maxLive = -Infinity;
  private minLive = Infinity;

  /** The followers' extremes take the leader's points since the offsets were set. */
  private flush(): void {
    if (this.maxLive === -Infinity) return;
    for (let i = 0; i < this.off.length; i++) {
      const off = this.off[i] as number;
      if (this.maxLive + off > (this.hi[i] as number)) this.hi[i] = this.maxLive + off;
      if (this.minLive + off < (this.lo[i] as number)) this.lo[i] = this.minLive + off;
    }
    this.maxLive = -Infinity;
    this.minLive = Infinity;
  }

  /** The leader's channel holds c bytes from now on. */
  private moveTo(c: number): void {
    this.flush();
    this.offsetsAt(c);
  }

  /** The leader allocated a block, after which its heap was `live` (`engine` of it the engine's): a candidate peak. */
  grew(live: number, engine: number): void {
    const c = live - engine;
    if (c !== this.atC) this.moveTo(c);
    for (let i = 0; i < this.off.length; i++) {
      const v = live + (this.off[i] as number);
      if (v > (this.top[i] as number)) this.top[i] = v;
    }
  }

  /** The leader's queue drained with its channel holding `c` bytes (Lane.keptAfterDrain). */
  drained(c: number): void {
    this.drainedAt = c;
  }

  /**
   * Writes every follower from the leader, at a point between two decisions where the leader's own
   * state is written out (KeepUp.leave), then counts again from there.
   */
  sync(): void {
    this.flush();
    const l = this.leader;
    const lm = this.leaderMark;
    const lc = l.counters;
    const lw = l.workers[0] as Lane['workers'][number];
    const sent = lc.sent - lm.sent;
    const handled = lc.handled - lm.handled;
    const received = lc.received - lm.received;
    const live = l.heap.liveBytes;
    const engine = l.heap.sitesBytes(ENGINE_SITES);
    this.followers.forEach((f, i) => {
      const m = this.marks[i] as Mark;
      f.now = l.now;
      Object.assign(f.counters, lc);
      f.inFlight = l.inFlight;
      f.maxDepth = l.maxDepth;
      f.handedNow = l.handedNow;
      if (received > 0) f.roomFreed = true;
      if (f.gated) f.gate = m.gate - sent + handled;
      const w = f.workers[0] as Lane['workers'][number];
      w.busy = lw.busy;
      w.start = lw.start;
      w.end = lw.end;
      w.count = lw.count;
      w.batch = lw.batch.map((r) => ({ seg: r.seg, i0: r.i0, n: r.n, wait: r.wait }));
      f.queue.copyFrom(l.queue);
      f.e2eTotal.copyFrom(l.e2eTotal);
      f.e2eInterval.copyFrom(l.e2eInterval);
      f.queueTotal.copyFrom(l.queueTotal);
      // the heap: payloads built and dropped, the blocks the leader allocated and freed, the live
      // bytes by the formula, the extremes seen along
      const heap = f.heap;
      if (payloadSiteUsed(heap)) settlePayloads(heap, f.payloadBlocks, sent, handled);
      else {
        // the first payloads: allocated for real, so that the site takes its place in the heap's
        // order (its live bytes and the peak are written below)
        const peak = heap.peakBytes;
        allocPayloads(heap, f.payloadBlocks, sent);
        freePayloads(heap, f.payloadBlocks, handled);
        heap.peakBytes = peak;
      }
      (f.channel as TokioChannel).followLockstep(this.tokio, m.tokio, lm.tokio);
      this.offsetsAt(live - engine);
      heap.liveBytes = live + (this.off[i] as number);
      const hi = this.hi[i] as number;
      const lo = this.lo[i] as number;
      if (hi > f.heapMax) f.heapMax = hi;
      if (lo < f.heapMin) f.heapMin = lo;
      const peak = Math.max(hi, this.top[i] as number, heap.liveBytes);
      if (peak > heap.peakBytes) heap.peakBytes = peak;
      if (!Number.isNaN(this.drainedAt)) {
        this.offsetsAt(this.drainedAt);
        f.keptAfterDrain = this.drainedAt + (this.off[i] as number);
      }
    });
    this.rebase();
  }
}
