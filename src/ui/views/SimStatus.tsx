import { formatInt, formatSeconds, formatSpeed } from '../format.ts';
import { useLabState } from '../lab-context.ts';
import { useThrottledFrame } from './useThrottledFrame.ts';
import { useVisible } from './useVisible.ts';

/**
 * Simulated time, messages so far, producers, and whether the engine keeps up with the speed asked.
 * The header scrolls away with the page: off screen the figures wait (the state still follows a Play).
 */
export function SimStatus() {
  const [ref, visible] = useVisible<HTMLDListElement>();
  const frame = useThrottledFrame(250, visible);
  const status = useLabState((s) => s.status);
  const duration = useLabState((s) => s.meta?.durationMs ?? null);
  // the worker answers `ready` before `loaded`: until a scenario is loaded the panel shows no run yet
  const loaded = useLabState((s) => s.scenario !== null);
  const lagging =
    frame !== null && frame.playing && frame.achievedSpeed > 0 && frame.achievedSpeed < frame.speed * 0.8;
  return (
    <dl ref={ref} className="sim-status" aria-label="Simulation status">
      <div>
        <dt>Time</dt>
        <dd data-testid="status-time">
          {frame === null ? '—' : formatSeconds(frame.timeMs)}
          {duration !== null ? <span className="muted"> / {formatSeconds(duration)}</span> : null}
        </dd>
      </div>
      <div>
        <dt>Messages</dt>
        <dd data-testid="status-arrivals">{frame === null ? '—' : formatInt(frame.arrivals)}</dd>
      </div>
      <div>
        <dt>Producers</dt>
        <dd>
          {frame === null ? '—' : formatInt(frame.producersConnected)}
          {frame !== null && frame.producersGone > 0 ? (
            <span className="muted"> (+{formatInt(frame.producersGone)} gone)</span>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>State</dt>
        <dd data-testid="status-state">
          {status === 'starting' || (status === 'running' && !loaded)
            ? 'starting…'
            : status === 'crashed'
              ? 'stopped'
              : frame?.done
                ? 'finished'
                : frame?.playing
                  ? lagging
                    ? `running at ${formatSpeed(frame.achievedSpeed)} (engine busy)`
                    : 'running'
                  : 'paused'}
        </dd>
      </div>
    </dl>
  );
}
