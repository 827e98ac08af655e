/**
 * View 5: exact readouts as text, one column per strategy. Heap figures are exact for the crate models
 * (requested sizes, checked against counting-allocator traces); timing figures come from the modelled
 * workload, and so do the bytes of waiting senders (measured per sender, but how many wait depends on
 * the simulated timing). The table says which is which, row by row and, for heap totals that include
 * waiting senders, cell by cell.
 */
import type { ChannelStructure } from '../../engine/channels/index.ts';
import { WAITING_SITES } from '../../engine/sim/index.ts';
import type { StrategyFrame } from '../../worker/frame.ts';
import { formatBytes, formatCount, formatInt, formatMs, formatSeconds } from '../format.ts';
import { useLabState } from '../lab-context.ts';
import { useThrottledFrame } from './useThrottledFrame.ts';
import { useVisible } from './useVisible.ts';
import { StrategyMark } from './StrategyMark.tsx';

type Basis = 'exact' | 'modelled';

interface Row {
  readonly label: string;
  readonly basis: Basis;
  readonly value: (s: StrategyFrame) => string;
  readonly testId: string;
  /** a heap total: modelled in a column whose heap includes waiting senders' bytes */
  readonly includesWaiting?: true;
}

/** Bytes of waiting senders in a strategy's heap (sites listed in WAITING_SITES). */
export function waitingBytes(s: StrategyFrame): number {
  let b = 0;
  for (const x of s.sites) if (WAITING_SITES.includes(x.site)) b += x.liveBytes;
  return b;
}

/** The basis of one cell: a heap total holding waiting senders' bytes is modelled. */
export function cellBasis(row: Row, s: StrategyFrame): Basis {
  return row.includesWaiting === true && waitingBytes(s) > 0 ? 'modelled' : row.basis;
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

export const ROWS: readonly Row[] = [
  {
    label: 'Heap now',
    basis: 'exact',
    testId: 'heap',
    includesWaiting: true,
    value: (s) => formatBytes(s.stats.heapBytes ?? 0),
  },
  {
    label: 'Peak heap',
    basis: 'exact',
    testId: 'peak',
    includesWaiting: true,
    value: (s) => formatBytes(s.stats.peakHeapBytes ?? 0),
  },
  {
    label: 'Channel structures only',
    basis: 'exact',
    testId: 'channel-bytes',
    value: (s) => (s.stats.channelBytes === null ? '—' : formatBytes(s.stats.channelBytes)),
  },
  {
    label: 'Kept after the last drain',
    basis: 'exact',
    testId: 'kept',
    value: (s) =>
      s.stats.keptAfterDrainBytes === null ? 'not drained yet' : formatBytes(s.stats.keptAfterDrainBytes),
  },
  {
    label: 'Allocations / frees / reallocs',
    basis: 'exact',
    testId: 'allocs',
    includesWaiting: true,
    value: (s) => `${n(s.stats.allocs)} / ${n(s.stats.deallocs)} / ${n(s.stats.reallocs)}`,
  },
  { label: 'Blocks (channel 0)', basis: 'exact', testId: 'blocks', value: (s) => blocksOf(s.structure) },
  { label: 'Queue depth', basis: 'modelled', testId: 'depth', value: (s) => n(s.stats.depth) },
  { label: 'Waiting senders', basis: 'modelled', testId: 'waiting', value: (s) => n(s.stats.waitingSenders) },
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
  {
    label: 'Latency p50 / p99 / max',
    basis: 'modelled',
    testId: 'latency',
    value: (s) =>
      `${formatMs(s.stats.p50LatencyMs)} / ${formatMs(s.stats.p99LatencyMs)} / ${formatMs(s.stats.maxLatencyMs)}`,
  },
];

export function Readouts() {
  const [sectionRef, visible] = useVisible<HTMLElement>();
  const frame = useThrottledFrame(200, visible);
  const meta = useLabState((s) => s.meta);
  const focus = useLabState((s) => s.focus);
  const strategies = meta?.strategies ?? [];
  const sites = new Map<string, true>();
  frame?.strategies.forEach((s) => s.sites.forEach((x) => sites.set(x.site, true)));
  return (
    <section className="panel readouts" ref={sectionRef} aria-labelledby="readouts-title">
      <div className="panel-head">
        <h2 id="readouts-title">Exact figures</h2>
        <span className="panel-sub" data-testid="sim-time">
          {frame === null ? '' : `at ${formatSeconds(frame.timeMs)} · ${formatInt(frame.arrivals)} messages`}
        </span>
      </div>
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
                      {basis !== row.basis ? (
                        <>
                          {' '}
                          <span
                            className="basis modelled"
                            title="includes waiting senders: their number depends on the simulated timing"
                          >
                            modelled
                          </span>
                        </>
                      ) : null}
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
      <p className="footnote">
        <strong>exact</strong>: bytes the real crate asks its allocator for, reproduced by the crate models
        and checked against traces measured with a counting allocator. Not included: allocator rounding,
        fragmentation and RSS. <strong>modelled</strong>: follows from the simulated workload (arrival and
        service times), not from measured thread contention or scheduling. Waiting senders cost exactly what
        their crate allocates for each of them, but how many wait is simulated: their bytes, and heap totals
        that include them, are modelled.
      </p>
    </section>
  );
}
