import { useMemo, useState } from 'react';
import { Heap } from '../engine/heap.ts';
import { createChannel, IMPL_NAMES, boundKind, type ImplName } from '../engine/channels/index.ts';

/** Minimal page: what creating a channel allocates. The full app grows from here. */
export function App() {
  const [impl, setImpl] = useState<ImplName>('tokio-bounded');
  const [size, setSize] = useState(8);
  const [capacity, setCapacity] = useState(1);
  const result = useMemo(() => {
    const heap = new Heap();
    const r = createChannel(impl, heap, { message: { kind: 'bytes', size }, capacity, permits: capacity });
    return r.ok
      ? { bytes: heap.liveBytes, allocs: heap.allocs, sites: heap.bySite() }
      : { refusal: r.refusal };
  }, [impl, size, capacity]);
  return (
    <main>
      <h1>Channel Lab</h1>
      <label>
        Channel{' '}
        <select value={impl} onChange={(e) => setImpl(e.target.value as ImplName)}>
          {IMPL_NAMES.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <label>
        Message size{' '}
        <input
          type="number"
          min={0}
          value={size}
          onChange={(e) => setSize(Math.max(0, Number(e.target.value)))}
        />
      </label>
      {boundKind(impl) !== 'none' && (
        <label>
          Capacity{' '}
          <input
            type="number"
            min={0}
            value={capacity}
            onChange={(e) => setCapacity(Math.max(0, Number(e.target.value)))}
          />
        </label>
      )}
      {'refusal' in result ? (
        <p role="alert">
          {result.refusal?.origin} panics: “{result.refusal?.message}”
        </p>
      ) : (
        <p>
          Creating it allocates <output aria-label="bytes at create">{result.bytes}</output> bytes in{' '}
          {result.allocs} allocations.
        </p>
      )}
    </main>
  );
}
