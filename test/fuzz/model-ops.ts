/**
 * Property-based checks of the crate models over generated operation sequences (the same shape as the
 * golden family T9: sends and receives from random live senders, clones, drops, a rare receiver drop,
 * then a teardown). Shared by the short run inside `npm test` and the long `npm run fuzz`.
 */
import fc from 'fast-check';
import { Heap } from '../../src/engine/heap.ts';
import { PAYLOAD_SITE, payloadBytes, type MessageType } from '../../src/engine/layout.ts';
import { IMPL_NAMES, boundKind, type ImplName } from '../../src/engine/channels/index.ts';
import { replayCase, type GoldenCase, type GoldenOp, type GoldenStep } from '../../src/engine/golden.ts';

type AbstractOp =
  | { k: 'send'; who: number; n: number }
  | { k: 'recv'; n: number }
  | { k: 'clone'; who: number }
  | { k: 'drop'; who: number }
  | { k: 'drop_receiver' };

export interface ModelCase {
  impl: ImplName;
  message: MessageType;
  bound: number;
  ops: AbstractOp[];
}

const messageArb: fc.Arbitrary<MessageType> = fc.oneof(
  fc.integer({ min: 0, max: 4096 }).map((size): MessageType => ({ kind: 'bytes', size })),
  fc.constant<MessageType>({ kind: 'u64' }),
  fc.integer({ min: 0, max: 5000 }).map((len): MessageType => ({ kind: 'string', len })),
);

const opArb: fc.Arbitrary<AbstractOp> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      k: fc.constant('send' as const),
      who: fc.nat(),
      n: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ k: fc.constant('recv' as const), n: fc.integer({ min: 1, max: 40 }) }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('clone' as const), who: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('drop' as const), who: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'drop_receiver' as const }) },
);

export const modelCaseArb: fc.Arbitrary<ModelCase> = fc.record({
  impl: fc.constantFrom(...IMPL_NAMES),
  message: messageArb,
  bound: fc.constantFrom(1, 2, 5, 8, 16, 31, 32, 33, 48, 64, 100, 128, 1000),
  ops: fc.array(opArb, { maxLength: 120 }),
});

/** Turns abstract ops into a valid golden op list: only live handles are named, teardown at the end. */
export function toGoldenCase(mc: ModelCase): GoldenCase {
  const live: number[] = [0];
  let next = 1;
  let receiver = true;
  const ops: GoldenOp[] = [{ op: 'create' }];
  const pick = (who: number) => live[who % live.length]!;
  for (const a of mc.ops) {
    if (a.k === 'send' && live.length > 0) ops.push({ op: 'send', sender: pick(a.who), n: a.n });
    else if (a.k === 'recv' && receiver) ops.push({ op: 'recv', n: a.n });
    else if (a.k === 'clone' && live.length > 0 && live.length < 8) {
      ops.push({ op: 'clone_sender', from: pick(a.who), as: next });
      live.push(next++);
    } else if (a.k === 'drop' && live.length > 0) {
      const id = pick(a.who);
      live.splice(live.indexOf(id), 1);
      ops.push({ op: 'drop_sender', sender: id });
    } else if (a.k === 'drop_receiver' && receiver) {
      receiver = false;
      ops.push({ op: 'drop_receiver' });
    }
  }
  for (const id of [...live].sort((a, b) => a - b)) ops.push({ op: 'drop_sender', sender: id });
  if (receiver) ops.push({ op: 'drop_receiver' });
  const kind = boundKind(mc.impl);
  const params =
    kind === 'capacity' ? { capacity: mc.bound } : kind === 'permits' ? { permits: mc.bound } : {};
  return { name: 'generated', params, ops };
}

/** Checks every invariant on one generated case; throws with a description on the first violation. */
export function checkModelCase(mc: ModelCase): void {
  const gc = toGoldenCase(mc);
  const payload = payloadBytes(mc.message);
  const check = (heap: Heap, pending: number, where: string) => {
    const bySite = heap.bySite().reduce((sum, s) => sum + s.liveBytes, 0);
    if (bySite !== heap.liveBytes)
      throw new Error(`${where}: heap ${heap.liveBytes} ≠ sum by site ${bySite}`);
    for (const v of [heap.liveBytes, heap.allocs, heap.deallocs, heap.reallocs, pending]) {
      if (!Number.isSafeInteger(v) || v < 0) throw new Error(`${where}: bad counter ${v}`);
    }
    if (heap.deallocs > heap.allocs) throw new Error(`${where}: more frees than allocations`);
    // Every queued message keeps its payload alive; every destroyed one has freed it.
    if (heap.siteBytes(PAYLOAD_SITE) !== pending * payload) {
      throw new Error(
        `${where}: payload bytes ${heap.siteBytes(PAYLOAD_SITE)} for ${pending} pending messages`,
      );
    }
  };
  let i = 0;
  const run = replayCase(mc.impl, mc.message, gc, (heap, ch) => {
    check(heap, ch?.pending ?? 0, `op ${i} ${JSON.stringify(gc.ops[i])}`);
    i++;
  });
  if (run.refusal !== undefined) {
    if (run.steps.length !== 1 || run.steps[0]!.allocs !== 0) throw new Error('a refused create allocated');
    return;
  }
  const last = run.steps.at(-1)!;
  if (last.live_bytes !== 0) throw new Error(`${last.live_bytes} B still live after every handle is gone`);
  if (last.pending !== 0) throw new Error('messages pending after every handle is gone');
  let attempts = 0;
  for (const op of gc.ops) if (op.op === 'send') attempts += op.n;
  if (last.sent + last.rejected !== attempts) throw new Error('sent + rejected ≠ send attempts');
  if (last.received > last.sent) throw new Error('received more than sent');
  // Determinism: the same ops give the same steps.
  const again = replayCase(mc.impl, mc.message, gc).steps;
  if (!sameSteps(again, run.steps)) throw new Error('replaying the same ops gave different steps');
}

function sameSteps(a: readonly GoldenStep[], b: readonly GoldenStep[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
