/**
 * "What creating this channel allocates": computed here, on the page, by the same crate model the
 * worker runs (one channel is instant), so it shows even before the simulation starts.
 */
import { useMemo } from 'react';
import { calculate } from '../../engine/calculator.ts';
import { channelParams, createChannel, flavorOf, type ImplName } from '../../engine/channels/index.ts';
import { Heap } from '../../engine/heap.ts';
import { rustTypeName, type MessageType } from '../../engine/layout.ts';
import { formatBytes, formatInt } from '../format.ts';
import type { ChannelChoice } from '../store.ts';

/** The Rust expression a reader would write, e.g. `tokio::sync::mpsc::channel::<[u8; 8]>(128)`. */
export function constructorOf(impl: ImplName, message: MessageType, capacity: number): string {
  const t = rustTypeName(message).replace(/^String \(.*\)$/, 'String');
  return flavorOf(impl).expression(t, formatInt(capacity));
}

export function CreateCost({ choice }: { choice: ChannelChoice | null }) {
  const result = useMemo(() => {
    if (choice === null) return null;
    const { impl, message, capacity, channels } = choice;
    const heap = new Heap();
    const created = createChannel(impl, heap, channelParams(impl, message, { capacity, permits: capacity }));
    const row = calculate({ message, capacity, channels, impls: [impl] })[0];
    return created.ok ? { ok: true as const, heap, row } : { ok: false as const, refusal: created.refusal };
  }, [choice]);
  if (choice === null || result === null) return null;
  const expr = constructorOf(choice.impl, choice.message, choice.capacity);
  return (
    <section className="panel create-cost" aria-labelledby="create-title">
      <div className="panel-head">
        <h2 id="create-title">What creating this channel allocates</h2>
      </div>
      <p className="expr">
        <code>{expr}</code>
      </p>
      {result.ok ? (
        <>
          <p className="create-total">
            <output aria-label="bytes at create" data-testid="create-bytes">
              {formatBytes(result.heap.liveBytes)}
            </output>{' '}
            in {formatInt(result.heap.allocs)} allocation{result.heap.allocs === 1 ? '' : 's'}
            {choice.channels > 1 ? (
              <>
                {' '}
                · × {formatInt(choice.channels)} channels ={' '}
                <strong>{formatBytes(result.heap.liveBytes * choice.channels)}</strong>
              </>
            ) : null}
          </p>
          <ul className="sites">
            {result.heap.bySite().map((s) => (
              <li key={s.site}>
                <span className="site">{s.site}</span> {formatBytes(s.liveBytes)}
                {s.liveCount > 1 ? ` in ${formatInt(s.liveCount)}` : ''}
              </li>
            ))}
          </ul>
          {result.row !== undefined && result.row.refusal === null ? (
            <p className="formula">
              <span className="muted">Formula:</span> {result.row.formula}. Holding{' '}
              {formatInt(result.row.accepted)} message{result.row.accepted === 1 ? '' : 's'}:{' '}
              {formatBytes(result.row.full)}; after draining them: {formatBytes(result.row.drained)}.
            </p>
          ) : null}
        </>
      ) : (
        <p role="alert" className="refusal">
          The crate refuses: <code>{result.refusal.origin}</code>{' '}
          {result.refusal.kind === 'panic' ? 'panics' : 'stops'} with “{result.refusal.message}”.
        </p>
      )}
    </section>
  );
}
