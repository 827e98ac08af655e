/**
 * View 5: exact readouts as text, one column per strategy. Heap figures are exact for the crate models
 * (requested sizes, checked against counting-allocator traces); timing figures come from the modelled
 * workload, and so do the bytes of waiters (waiting senders and the waiting consumer: measured per
 * waiter, but who waits depends on the simulated timing). The table says which is which, row by row
 * and, for totals that include waiters' bytes, cell by cell; the "where" rows split the heap.
 */
import { memo } from 'react';
import { SITE_PARKED_NODE, type ChannelStructure } from '../../engine/channels/index.ts';
import {
  BYTES_WHERE_BASIS,
  CHANNEL_WAITING_SITES,
  WAITING_SITES,
  type BytesWhere,
} from '../../engine/sim/index.ts';
import type { DecodedFrame, StrategyFrame } from '../../worker/frame.ts';
import { formatBytes, formatCount, formatInt, formatMs, formatSeconds } from '../format.ts';
import type { StrategyMeta } from '../../worker/protocol.ts';
import { useLabState, useLabStateInTransition } from '../lab-context.ts';
import { useThrottledFrame } from './useThrottledFrame.ts';
import { useVisible } from './useVisible.ts';
import { StrategyMark } from './StrategyMark.tsx';

type Basis = 'exact' | 'modelled';

interface Row {
  readonly label: string;
  readonly basis: Basis;
  readonly value: (s: StrategyFrame) => string;
  readonly testId: string;
  /**
   * a total that holds bytes of waiters (senders or the consumer), so modelled in a column where
   * they are not 0: the whole heap's ('heap'), or only what the crate models allocate for them ('channel')
   */
  readonly includesWaiting?: 'heap' | 'channel';
}

/** Bytes of waiters in a strategy's heap (sites listed in WAITING_SITES, or only the channels' own). */
export function waitingBytes(s: StrategyFrame, within: 'heap' | 'channel' = 'heap'): number {
  const sites = within === 'heap' ? WAITING_SITES : CHANNEL_WAITING_SITES;
  let b = 0;
  for (const x of s.sites) if (sites.includes(x.site)) b += x.liveBytes;
  return b;
}

/** The basis of one cell: a total holding waiters' bytes is modelled. */
export function cellBasis(row: Row, s: StrategyFrame): Basis {
  return row.includesWaiting !== undefined && waitingBytes(s, row.includesWaiting) > 0
    ? 'modelled'
    : row.basis;
}

/** The basis of a heap-by-site row. */
export function siteBasis(site: string): Basis {
  return WAITING_SITES.includes(site) ? 'modelled' : 'exact';
}

/** Blocks of the channel drawn in the anatomy view, in the crate's own unit. */
export function blocksOf(s: ChannelStructure | null): string {
  if (s === null) return '—';
  switch (s.kind) {
    case 'tokio-list':
      return `${formatInt(s.totalBlocks)} (${formatInt(s.spareBlocks)} spare)`;
    case 'list-31':
      return formatInt(s.totalBlocks);
    case 'array-ring':
      return `1 ring of ${formatInt(s.capacity)}`;
    case 'zero':
      return 'none';
    case 'futures-nodes':
      return `${formatInt(s.queuedNodes + 1)} nodes`;
    case 'flume-vecdeque':
      return `VecDeque of ${formatInt(s.queueCapacity)}`;
    case 'async-channel':
      return s.queue.kind === 'single'
        ? 'single slot'
        : s.queue.kind === 'array-ring'
          ? `1 ring of ${formatInt(s.queue.capacity)}`
          : formatInt(s.queue.totalBlocks);
  }
}

const n = (v: number | null) => formatCount(v);

/**
 * Senders waiting in a send, and besides them the futures-channel Senders parked by their own
 * `try_send` (their message taken, their next try refused until a receive pops their entry): parked,
 * not blocked (spec §2.2). Each parked entry is one parked-queue node (the queue's stub is booked
 * apart), and the entries of senders waiting in `send().await` are among the waiting ones.
 */
function waitingSenders(s: StrategyFrame): string {
  const waiting = s.stats.waitingSenders ?? 0;
  const nodes = s.sites.find((x) => x.site === SITE_PARKED_NODE)?.liveCount ?? 0;
  const parkedOnly = Math.max(0, nodes - waiting);
  return parkedOnly === 0
    ? n(s.stats.waitingSenders)
    : `${formatInt(waiting)} (+${formatInt(parkedOnly)} parked, not blocked)`;
}

/** The parts of the heap, in the order the comparison reads them (they add up to "Heap now"). */
const WHERE: readonly { key: keyof BytesWhere; label: string }[] = [
  { key: 'channel', label: 'In the channels' },
  // futures-channel's parked-queue nodes include Senders parked by try_send, which are not blocked
  { key: 'waitingSenders', label: 'For waiting or parked senders: hooks, listeners, nodes' },
  { key: 'heldByWaitingSenders', label: 'Messages held by waiting senders' },
  { key: 'waitingConsumer', label: 'Waiting consumer' },
  { key: 'sendTaskCells', label: 'Send task cells (a task per send)' },
  { key: 'messages', label: 'Other messages (queued, in hand)' },
  { key: 'other', label: 'Other (handler tasks, buffers, gate, extras)' },
];

function whereRows(): Row[] {
  return WHERE.map(({ key, label }) => ({
    label,
    basis: BYTES_WHERE_BASIS[key],
    testId: `where-${key}`,
    value: (s: StrategyFrame) =>
      s.where === undefined || s.where === null ? '—' : formatBytes(s.where[key]),
  }));
}

/**
 * The mark of a cell that is modelled in a row that is otherwise exact: its bytes include waiters'
 * (the table and the embed's cards both show it).
 */
export function WaitersMark() {
  return (
    <>
      {' '}
      <span
        className="basis modelled"
        title="includes bytes of waiters (senders, or the consumer): who waits depends on the simulated timing"
      >
        modelled
      </span>
    </>
  );
}

export const ROWS: readonly Row[] = [
  {
    label: 'Heap now',
    basis: 'exact',
    testId: 'heap',
    includesWaiting: 'heap',
    value: (s) => formatBytes(s.stats.heapBytes ?? 0),
  },
  {
    label: 'Peak heap',
    basis: 'exact',
    testId: 'peak',
    includesWaiting: 'heap',
    value: (s) => formatBytes(s.stats.peakHeapBytes ?? 0),
  },
  {
    label: 'Channel structures only',
    basis: 'exact',
    testId: 'channel-bytes',
    // hooks, listeners, parked nodes and kept entry Vecs of waiters are the channel's
    includesWaiting: 'channel',
    value: (s) => (s.stats.channelBytes === null ? '—' : formatBytes(s.stats.channelBytes)),
  },
  {
    label: 'Kept after the last drain',
    basis: 'exact',
    testId: 'kept',
    // a kept deque or entry Vec exists because someone waited (never freed: if it is there now, it was then)
    includesWaiting: 'channel',
    value: (s) =>
      s.stats.keptAfterDrainBytes === null ? 'not drained yet' : formatBytes(s.stats.keptAfterDrainBytes),
  },
  {
    label: 'Allocations / frees / reallocs',
    basis: 'exact',
    testId: 'allocs',
    includesWaiting: 'heap',
    value: (s) => `${n(s.stats.allocs)} / ${n(s.stats.deallocs)} / ${n(s.stats.reallocs)}`,
  },
  { label: 'Blocks (channel 0)', basis: 'exact', testId: 'blocks', value: (s) => blocksOf(s.structure) },
  { label: 'Queue depth', basis: 'modelled', testId: 'depth', value: (s) => n(s.stats.depth) },
  { label: 'Waiting senders', basis: 'modelled', testId: 'waiting', value: waitingSenders },
  {
    label: 'Permits available',
    basis: 'modelled',
    testId: 'permits',
    value: (s) => n(s.stats.availablePermits),
  },
  { label: 'Rejected', basis: 'modelled', testId: 'rejected', value: (s) => n(s.stats.rejected) },
  { label: 'Timed out', basis: 'modelled', testId: 'timedout', value: (s) => n(s.stats.timedOut) },
  {
    label: 'Retained (producer gone)',
    basis: 'exact',
    testId: 'retained',
    value: (s) => `${n(s.stats.retainedMessages)} msgs, ${formatBytes(s.stats.retainedBytes ?? 0)}`,
  },
  ...whereRows(),
  {
    label: 'Latency p50 / p99 / max',
    basis: 'modelled',
    testId: 'latency',
    value: (s) =>
      `${formatMs(s.stats.p50LatencyMs)} / ${formatMs(s.stats.p99LatencyMs)} / ${formatMs(s.stats.maxLatencyMs)}`,
  },
];

const NO_STRATEGIES: readonly StrategyMeta[] = [];

export function Readouts() {
  const [sectionRef, visible] = useVisible<HTMLElement>();
  // the blocks row reads the channel structures
  const frame = useThrottledFrame(200, visible, true);
  // A slider's answer renames a strategy ("tokio bounded(129)"): the table, the largest render on the
  // page, takes the new names in a background render that yields to frames, not in the urgent one
  // that answers the worker (#16). Its figures come in the same way (useThrottledFrame).
  const strategies = useLabStateInTransition((s) => s.meta?.strategies ?? NO_STRATEGIES);
  const focus = useLabState((s) => s.focus);
  return (
    <section className="panel readouts" ref={sectionRef} aria-labelledby="readouts-title">
      <div className="panel-head">
        <h2 id="readouts-title">Exact figures</h2>
        <span className="panel-sub" data-testid="sim-time">
          {frame === null ? '' : `at ${formatSeconds(frame.timeMs)} · ${formatInt(frame.arrivals)} messages`}
        </span>
      </div>
      <ReadoutsTable frame={frame} strategies={strategies} focus={focus} />
      {FOOTNOTE}
    </section>
  );
}

/** The figures, one column per strategy: re-rendered only when one of its three inputs changes. */
const ReadoutsTable = memo(function ReadoutsTable({
  frame,
  strategies,
  focus,
}: {
  frame: DecodedFrame | null;
  strategies: readonly StrategyMeta[];
  focus: number;
}) {
  const sites = new Map<string, true>();
  frame?.strategies.forEach((s) => s.sites.forEach((x) => sites.set(x.site, true)));
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Figures per strategy">
      <table>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {strategies.map((s, k) => (
              <th scope="col" key={s.id} className={k === focus ? 'focused' : undefined}>
                <StrategyMark index={k} /> {s.label}
                {s.refusal === null ? null : <span className="refused-tag"> (the crate refuses)</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.testId}>
              <th scope="row">
                {row.label}{' '}
                <span
                  className={`basis ${row.basis}`}
                  title={
                    row.basis === 'exact'
                      ? 'exact for the crate model'
                      : 'depends on the modelled workload timing'
                  }
                >
                  {row.basis}
                </span>
              </th>
              {strategies.map((s, k) => {
                const st = frame?.strategies[k];
                const basis = st === undefined ? row.basis : cellBasis(row, st);
                return (
                  <td
                    key={s.id}
                    data-testid={`readout-${row.testId}-${k}`}
                    data-basis={basis}
                    className={k === focus ? 'focused' : undefined}
                  >
                    {st === undefined ? '—' : row.value(st)}
                    {basis !== row.basis ? <WaitersMark /> : null}
                  </td>
                );
              })}
            </tr>
          ))}
          {[...sites.keys()].map((site) => (
            <tr key={site} className="site-row">
              <th scope="row">
                <span className="site">{site}</span>{' '}
                <span className={`basis ${siteBasis(site)}`}>{siteBasis(site)}</span>
              </th>
              {strategies.map((s, k) => {
                const x = frame?.strategies[k]?.sites.find((y) => y.site === site);
                return (
                  <td key={s.id} className={k === focus ? 'focused' : undefined}>
                    {x === undefined || x.liveCount === 0
                      ? '—'
                      : `${formatBytes(x.liveBytes)} in ${formatInt(x.liveCount)}`}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

/** The footnote: one element, so a re-render of the panel leaves it alone. */
const FOOTNOTE = (
  <p className="footnote">
    <strong>exact</strong>: bytes the real crate asks its allocator for, reproduced by the crate models and
    checked against traces measured with a counting allocator. Not included: allocator rounding, fragmentation
    and RSS. <strong>modelled</strong>: follows from the simulated workload (arrival and service times), not
    from measured thread contention or scheduling. Waiting senders and a consumer waiting on an empty channel
    cost exactly what their crate allocates for them (tokio and futures-channel: 0 B for the consumer), but
    who waits, and when, is simulated: their bytes, and totals that include them, are modelled. The rows from
    &ldquo;In the channels&rdquo; to &ldquo;Other&rdquo; split &ldquo;Heap now&rdquo; into its parts.
  </p>
);
