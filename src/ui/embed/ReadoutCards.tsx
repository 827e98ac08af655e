/**
 * The exact figures for a narrow column or a phone: one card per strategy (the strategies become
 * rows), each listing the same figures as the wide table, so nothing scrolls sideways. The rows and
 * their formatting are the table's own (`ROWS` in Readouts.tsx): one definition of every figure, and
 * of what is exact and what is modelled (row by row, cell by cell and site by site, as in the table).
 */
import { formatBytes, formatInt, formatSeconds } from '../format.ts';
import { useLabState } from '../lab-context.ts';
import { ROWS, WaitersMark, cellBasis, siteBasis } from '../views/Readouts.tsx';
import { useThrottledFrame } from '../views/useThrottledFrame.ts';

export function ReadoutCards() {
  // the blocks row reads the channel structures
  const frame = useThrottledFrame(200, true, true);
  const strategies = useLabState((s) => s.meta?.strategies ?? null) ?? [];
  return (
    <section className="panel readouts readout-cards" aria-labelledby="readout-cards-title">
      <div className="panel-head">
        <h2 id="readout-cards-title">Exact figures</h2>
        <span className="panel-sub" data-testid="sim-time">
          {frame === null ? '' : `at ${formatSeconds(frame.timeMs)} · ${formatInt(frame.arrivals)} messages`}
        </span>
      </div>
      <div className="cards">
        {strategies.map((s, k) => {
          const st = frame?.strategies[k];
          return (
            <section key={s.id} className="card" aria-label={s.label}>
              <h3>
                <span className={`dot s${k % 4}`} aria-hidden="true" /> {s.label}
                {s.refusal === null ? null : <span className="refused-tag"> (the crate refuses)</span>}
              </h3>
              <dl>
                {ROWS.map((row) => (
                  <div key={row.testId}>
                    <dt>
                      {row.label} <span className={`basis ${row.basis}`}>{row.basis}</span>
                    </dt>
                    <dd
                      data-testid={`readout-${row.testId}-${k}`}
                      data-basis={st === undefined ? row.basis : cellBasis(row, st)}
                    >
                      {st === undefined ? '—' : row.value(st)}
                      {st !== undefined && cellBasis(row, st) !== row.basis ? <WaitersMark /> : null}
                    </dd>
                  </div>
                ))}
                {st?.sites
                  .filter((x) => x.liveCount > 0)
                  .map((x) => (
                    <div key={x.site} className="site-row">
                      <dt>
                        <span className="site">{x.site}</span>{' '}
                        <span className={`basis ${siteBasis(x.site)}`}>{siteBasis(x.site)}</span>
                      </dt>
                      <dd>
                        {formatBytes(x.liveBytes)} in {formatInt(x.liveCount)}
                      </dd>
                    </div>
                  ))}
              </dl>
            </section>
          );
        })}
      </div>
      <p className="footnote">
        <strong>exact</strong>: bytes the crates ask their allocator for (checked against measured traces).{' '}
        <strong>modelled</strong>: follows from the simulated workload timing.
      </p>
    </section>
  );
}
