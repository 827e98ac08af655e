/**
 * Computes a lesson's named quantities by running the crate models and the simulation engine, so
 * that every figure a lesson shows is the models' own, at the moment it is shown. Results are
 * cached per lesson (the models are deterministic).
 */
import { calculate } from '../engine/calculator.ts';
import { boundKind, createChannel, type ChannelModel, type ImplName } from '../engine/channels/index.ts';
import { Heap } from '../engine/heap.ts';
import { PAYLOAD_SITE, payloadBlocks, payloadBytes, sizeOf, type MessageType } from '../engine/layout.ts';
import { allocPayloads, freePayloads } from '../engine/payload.ts';
import { createSimulation, type StrategySnapshot } from '../engine/sim/index.ts';
import type { Scenario } from '../engine/scenario/index.ts';
import type { Quantity, Unit } from './format.ts';

export type Value =
  | { readonly kind: 'number'; readonly value: number; readonly unit: Unit }
  | { readonly kind: 'text'; readonly value: string };

export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

interface ChannelSpec {
  readonly impl: ImplName;
  readonly message: { readonly type: 'string' | 'bytes' | 'u64'; readonly bytes?: number | undefined };
  readonly capacity?: number | undefined;
}

export function messageOf(m: ChannelSpec['message']): MessageType {
  switch (m.type) {
    case 'string':
      return { kind: 'string', len: m.bytes ?? 0 };
    case 'bytes':
      return { kind: 'bytes', size: m.bytes ?? 0 };
    case 'u64':
      return { kind: 'u64' };
  }
}

function create(spec: ChannelSpec): { heap: Heap; ch: ChannelModel | null; refusal: string | null } {
  const heap = new Heap();
  const bound = spec.capacity ?? 1;
  const kind = boundKind(spec.impl);
  const message = messageOf(spec.message);
  const r = createChannel(
    spec.impl,
    heap,
    kind === 'capacity'
      ? { message, capacity: bound }
      : kind === 'permits'
        ? { message, permits: bound }
        : { message },
  );
  return r.ok ? { heap, ch: r.channel, refusal: null } : { heap, ch: null, refusal: r.refusal.message };
}

function open(spec: ChannelSpec): { heap: Heap; ch: ChannelModel } {
  const r = create(spec);
  if (r.ch === null) throw new QuantityError(`${spec.impl} refuses this channel: ${r.refusal ?? ''}`);
  return { heap: r.heap, ch: r.ch };
}

const num = (value: number, unit: Unit): Value => ({ kind: 'number', value, unit });

export interface QuantityContext {
  /** the lesson's quantities, for arithmetic on other quantities */
  readonly quantities: Readonly<Record<string, Quantity>>;
  /** the scenario of step `n` (1-based) */
  scenarioOf(step: number): Scenario;
  /** when step `n` opens and where its reveal jumps to (milliseconds) */
  timeOf(step: number): { readonly open: number; readonly reveal: number };
  /** the step a text is shown on (1-based), for quantities that name no step */
  readonly step: number;
}

/** Reads a numeric field of a structure or snapshot by name, or says which fields there are. */
function field(obj: object, name: string, what: string): number {
  const v = (obj as Record<string, unknown>)[name];
  if (typeof v !== 'number') {
    const numeric = Object.entries(obj)
      .filter(([, x]) => typeof x === 'number')
      .map(([k]) => k);
    throw new QuantityError(`${what} has no numeric field “${name}” (it has ${numeric.join(', ')})`);
  }
  return v;
}

const snapshots = new WeakMap<Scenario, Map<number, readonly StrategySnapshot[]>>();

/** The strategies at `atMs` (one run per scenario and moment: several quantities read the same one). */
function snapshotAt(scenario: Scenario, atMs: number): readonly StrategySnapshot[] {
  let byTime = snapshots.get(scenario);
  if (byTime === undefined) snapshots.set(scenario, (byTime = new Map()));
  const known = byTime.get(atMs);
  if (known !== undefined) return known;
  const sim = createSimulation(scenario);
  sim.runUntil(Math.round(Math.min(atMs, scenario.durationSeconds * 1000) * 1000));
  const strategies = sim.snapshot().strategies;
  byTime.set(atMs, strategies);
  return strategies;
}

function unitOfField(name: string): Unit {
  if (/Bytes$/.test(name)) return 'bytes';
  if (/Ms$/.test(name)) return 'ms';
  return 'count';
}

function valueAtPath(scenario: Scenario, path: string): unknown {
  let v: unknown = scenario;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Computes one quantity; `seen` guards against arithmetic that refers to itself. */
export function evaluate(q: Quantity, ctx: QuantityContext, seen: readonly string[] = []): Value {
  const u = (dflt: Unit): Unit => ('unit' in q && q.unit !== undefined ? q.unit : dflt);
  switch (q.measure) {
    case 'create':
      return num(open(q).heap.liveBytes, u('bytes'));
    case 'create-allocations':
      return num(open(q).heap.allocs, u('count'));
    case 'site': {
      const { heap, ch } = open(q);
      if (q.sends > 0) ch.sendMany(0, q.sends);
      const site = heap.bySite().find((s) => s.site === q.site);
      if (site === undefined)
        throw new QuantityError(
          `${q.impl} allocates no site “${q.site}” (its sites: ${heap
            .bySite()
            .map((s) => s.site)
            .join(', ')})`,
        );
      return num(site.liveBytes, u('bytes'));
    }
    case 'calculator': {
      const row = calculate({
        message: messageOf(q.message),
        capacity: q.capacity ?? 1,
        channels: 1,
        impls: [q.impl],
      })[0];
      if (row === undefined || row.refusal !== null)
        throw new QuantityError(`${q.impl} refuses this channel`);
      return num(row[q.field], u(q.field === 'full' || q.field === 'drained' ? 'bytes' : 'count'));
    }
    case 'ping-pong': {
      const { heap, ch } = open(q);
      for (let i = 0; i < q.pairs; i++) {
        ch.send(0);
        ch.recv();
      }
      const v =
        q.field === 'allocs'
          ? heap.allocs
          : q.field === 'deallocs'
            ? heap.deallocs
            : q.field === 'liveBytes'
              ? heap.liveBytes
              : heap.allocs - heap.deallocs;
      return num(v, u(q.field === 'liveBytes' ? 'bytes' : 'count'));
    }
    case 'burst': {
      const { ch } = open(q);
      if (q.messages > 0) {
        const sent = ch.sendMany(0, q.messages);
        if (q.drain) ch.recvMany(sent.sent);
      }
      return num(field(ch.structure(), q.field, `the ${q.impl} structure`), u(unitOfField(q.field)));
    }
    case 'send-allocations': {
      const { heap, ch } = open(q);
      const before = heap.allocs;
      ch.sendMany(0, q.sends);
      return num(heap.allocs - before, u('count'));
    }
    case 'refusal': {
      const r = create(q);
      if (q.field === 'message') return { kind: 'text', value: r.refusal ?? '' };
      return { kind: 'text', value: r.ch === null ? 'panics' : 'accepted' };
    }
    case 'receiver-dropped': {
      const { heap, ch } = open(q);
      ch.dropReceiver();
      const before = heap.liveBytes;
      for (let i = 0; i < q.sends; i++) ch.send(0);
      return num((heap.liveBytes - before) / q.sends, u('bytes'));
    }
    case 'senders-dropped': {
      const { heap, ch } = open(q);
      const payload = payloadBlocks(ch.message);
      allocPayloads(heap, payload, q.messages);
      const sent = ch.sendMany(0, q.messages);
      freePayloads(heap, payload, q.messages - sent.sent);
      // another sender keeps the channel open, as the other players do
      ch.cloneSender(0, 1);
      ch.dropSender(0);
      return num(heap.siteBytes(PAYLOAD_SITE), u('bytes'));
    }
    case 'payload': {
      const m = messageOf(q.message);
      return num(q.field === 'heap' ? payloadBytes(m) : sizeOf(m), u('bytes'));
    }
    case 'scenario': {
      const v = valueAtPath(ctx.scenarioOf(q.step ?? ctx.step), q.path);
      if (typeof v === 'number') return num(v, u('count'));
      if (typeof v === 'string') return { kind: 'text', value: v };
      throw new QuantityError(`the scenario has no number or text at “${q.path}”`);
    }
    case 'rates': {
      const s = ctx.scenarioOf(q.step ?? ctx.step);
      const v =
        q.field === 'offeredPerSec'
          ? s.producers.count * s.producers.ratePerSec
          : (s.consumers.count * 1_000_000) / s.consumers.serviceUs;
      return num(v, u('per-second'));
    }
    case 'time': {
      const n = q.step ?? ctx.step;
      const s = ctx.scenarioOf(n);
      const ms =
        q.field === 'duration'
          ? s.durationSeconds * 1000
          : q.field === 'open'
            ? ctx.timeOf(n).open
            : ctx.timeOf(n).reveal;
      return num(ms / 1000, u('seconds'));
    }
    case 'simulation': {
      const strategies = snapshotAt(ctx.scenarioOf(q.step ?? ctx.step), q.atMs);
      const s = strategies[q.strategy];
      if (s === undefined) throw new QuantityError(`the scenario has no strategy ${q.strategy}`);
      return num(field(s, q.field, 'a strategy snapshot'), u(unitOfField(q.field)));
    }
    case 'simulation-leader': {
      const strategies = snapshotAt(ctx.scenarioOf(q.step ?? ctx.step), q.atMs);
      let best: StrategySnapshot | undefined;
      for (const s of strategies) {
        const v = field(s, q.field, 'a strategy snapshot');
        if (best === undefined) best = s;
        else {
          const b = field(best, q.field, 'a strategy snapshot');
          if (q.pick === 'max' ? v > b : v < b) best = s;
        }
      }
      return { kind: 'text', value: best?.label ?? '' };
    }
    case 'strategy-label': {
      const s = snapshotAt(ctx.scenarioOf(q.step ?? ctx.step), 0)[q.strategy];
      if (s === undefined) throw new QuantityError(`the scenario has no strategy ${q.strategy}`);
      return { kind: 'text', value: s.label };
    }
    case 'sum':
    case 'difference':
    case 'product':
    case 'quotient': {
      const values = q.of.map((n) => {
        if (seen.includes(n)) throw new QuantityError(`“${n}” is defined in terms of itself`);
        const other = ctx.quantities[n];
        if (other === undefined) throw new QuantityError(`there is no quantity called “${n}”`);
        const v = evaluate(other, ctx, [...seen, n]);
        if (v.kind !== 'number') throw new QuantityError(`“${n}” is text, not a number`);
        return v;
      });
      const first = values[0];
      if (first === undefined) throw new QuantityError('nothing to compute');
      let acc = first.value;
      for (const v of values.slice(1)) {
        if (q.measure === 'sum') acc += v.value;
        else if (q.measure === 'difference') acc -= v.value;
        else if (q.measure === 'product') acc *= v.value;
        else acc /= v.value;
      }
      return num(acc, u(q.measure === 'product' || q.measure === 'quotient' ? 'count' : first.unit));
    }
  }
}

const int = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(n) ? 0 : 2 });

/** A value as text: "33,312 B", "3", "10 s". `bare`: the number alone. */
export function formatValue(v: Value, bare = false): string {
  if (v.kind === 'text') return v.value;
  const n = int(v.value);
  if (bare) return n;
  switch (v.unit) {
    case 'bytes':
      return `${n} B`;
    case 'count':
    case 'text':
      return n;
    case 'ms':
      return `${n} ms`;
    case 'seconds':
      return `${n} s`;
    case 'per-second':
      return `${n}/s`;
  }
}
