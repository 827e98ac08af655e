/**
 * View 3: retained messages. Queued messages whose producer has gone (a player who disconnected, a
 * closed session) still hold their payload until a consumer reaches them.
 */
import { formatBytes, formatInt } from '../format.ts';
import { useLabStateInTransition } from '../lab-context.ts';
import { useThrottledFrame } from './useThrottledFrame.ts';
import { useVisible } from './useVisible.ts';
import { StrategyMark } from './StrategyMark.tsx';

export function RetainedView() {
  const [sectionRef, visible] = useVisible<HTMLElement>();
  const frame = useThrottledFrame(250, visible);
  const meta = useLabStateInTransition((s) => s.meta);
  const strategies = meta?.strategies ?? [];
  const gone = frame?.producersGone ?? 0;
  return (
    <section className="panel retained" ref={sectionRef} aria-labelledby="retained-title">
      <div className="panel-head">
        <h2 id="retained-title">Retained messages</h2>
        <span className="panel-sub">
          {formatInt(gone)} producer{gone === 1 ? '' : 's'} gone
        </span>
      </div>
      <p className="explain">
        Messages still queued after their producer left keep their payload alive until a consumer reaches
        them. That is retention, not a leak: the memory comes back when the queue drains.
      </p>
      <ul className="retained-list">
        {strategies.map((s, k) => {
          const st = frame?.strategies[k];
          const msgs = st?.stats.retainedMessages ?? 0;
          const bytes = st?.stats.retainedBytes ?? 0;
          const depth = st?.stats.depth ?? 0;
          const share = depth > 0 ? Math.min(1, msgs / depth) : 0;
          return (
            <li key={s.id} className={msgs > 0 ? 'has-retained' : undefined} data-testid={`retained-${k}`}>
              <span className="retained-label">
                <StrategyMark index={k} /> {s.label}
              </span>
              <span className="retained-bar" aria-hidden="true">
                <span className="live" style={{ width: depth > 0 ? `${(1 - share) * 100}%` : '0%' }} />
                <span className="gone" style={{ width: `${share * 100}%` }} />
              </span>
              <span className="retained-figure">
                <strong>{formatInt(msgs)}</strong> of {formatInt(depth)} queued retain{' '}
                <strong>{formatBytes(bytes)}</strong>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
