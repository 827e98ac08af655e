// @vitest-environment jsdom
// The readouts and views a user reads: exact bytes with separators and binary units, what is exact
// and what is modelled, the anatomy in words, Step moving one message, failures said out loud.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeAdapter, renderApp, type Rendered } from './harness.tsx';
import { fakeAppEngine, fakeDemo } from '../unit/worker-fakes.ts';
import { CreateCost } from '../../src/ui/views/CreateCost.tsx';
import { ROWS, cellBasis, siteBasis } from '../../src/ui/views/Readouts.tsx';
import { ViewBoundary } from '../../src/ui/views/ViewBoundary.tsx';
import {
  byteTicks,
  formatBytes,
  formatBytesHuman,
  formatMs,
  formatSeconds,
  formatSecondsAxis,
} from '../../src/ui/format.ts';
import { describeStructure, waitCostCaption } from '../../src/ui/describe.ts';
import { Heap } from '../../src/engine/heap.ts';
import { createChannel } from '../../src/engine/channels/index.ts';

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  cleanup();
});

async function demo(): Promise<Rendered> {
  app = renderApp({ preset: 'demo', engine: fakeAppEngine, adapter: fakeAdapter });
  await waitFor(() => expect(screen.getByTestId('readout-heap-0')).toHaveTextContent('800 B'));
  return app;
}

describe('number formats', () => {
  it('bytes read exactly, with separators, and in binary units once they reach a KiB', () => {
    expect(formatBytes(800)).toBe('800 B');
    expect(formatBytes(33_312)).toBe('33,312 B (32.53 KiB)');
    expect(formatBytes(1_050_112)).toBe('1,050,112 B (1 MiB)');
    expect(formatBytes(9_120_000)).toBe('9,120,000 B (8.7 MiB)');
    expect(formatBytesHuman(3 * 1024 ** 3)).toBe('3 GiB');
    expect(formatSeconds(1500)).toBe('1.5 s');
    expect(formatSeconds(0.1)).toBe('0.1 ms');
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(125_000)).toBe('2 min 5 s');
    expect(formatMs(0.4213)).toBe('0.42 ms');
    expect(formatMs(null)).toBe('—');
  });

  it('time axes label quarter seconds as they are', () => {
    expect([0, 250, 500, 750, 1000, 2500].map(formatSecondsAxis)).toEqual([
      '0 s',
      '0.25 s',
      '0.5 s',
      '0.75 s',
      '1 s',
      '2.5 s',
    ]);
  });

  it('byte axes step in binary units', () => {
    expect(byteTicks(1880)).toEqual([0, 512, 1024, 1536, 2048]);
    expect(byteTicks(5 * 1024 * 1024)).toEqual([0, 2 * 1024 ** 2, 4 * 1024 ** 2, 6 * 1024 ** 2]);
  });
});

describe('readouts', () => {
  it('start with the crate’s bytes, and mark what is exact and what is modelled', async () => {
    await demo();
    expect(screen.getByTestId('readout-allocs-0')).toHaveTextContent('2 / 0 / 0');
    expect(screen.getByTestId('readout-blocks-0')).toHaveTextContent('1 (0 spare)');
    const heapRow = screen.getByRole('rowheader', { name: /Heap now/ });
    expect(heapRow).toHaveTextContent('exact');
    expect(screen.getByRole('rowheader', { name: /Latency/ })).toHaveTextContent('modelled');
    expect(screen.getByText(/Not included: allocator rounding, fragmentation and RSS/)).toBeInTheDocument();
    // heap by allocation site
    expect(screen.getByRole('rowheader', { name: /tokio Arc<Chan>/ })).toBeInTheDocument();
  });

  it('every row says whether it is exact or modelled', async () => {
    await demo();
    const expected: Record<string, 'exact' | 'modelled'> = {
      'Heap now': 'exact',
      'Peak heap': 'exact',
      'Channel structures only': 'exact',
      'Kept after the last drain': 'exact',
      'Allocations / frees / reallocs': 'exact',
      'Blocks (channel 0)': 'exact',
      // these follow from the simulated timing
      'Queue depth': 'modelled',
      'Waiting senders': 'modelled',
      'Permits available': 'modelled',
      Rejected: 'modelled',
      'Timed out': 'modelled',
      'Retained (producer gone)': 'exact',
      'Latency p50 / p99 / max': 'modelled',
      // where the heap is: the channels and the messages follow the operations; whatever exists
      // because someone waits (senders or the consumer) follows the simulated timing
      'In the channels': 'exact',
      'For waiting or parked senders: hooks, listeners, nodes': 'modelled',
      'Messages held by waiting senders': 'modelled',
      'Waiting consumer': 'modelled',
      'Send task cells (a task per send)': 'modelled',
      'Other messages (queued, in hand)': 'exact',
      'Other (handler tasks, buffers, gate, extras)': 'exact',
    };
    for (const [label, basis] of Object.entries(expected)) {
      const header = screen.getByRole('rowheader', {
        name: new RegExp(`^${label.replace(/[()/]/g, '\\$&')}`),
      });
      expect(header.querySelector('.basis')?.textContent, label).toBe(basis);
    }
    expect(ROWS.map((r) => r.label).sort()).toEqual(Object.keys(expected).sort());
    // the demo's tokio channel has nobody waiting: its heap total stays exact
    expect(screen.getByTestId('readout-heap-0')).toHaveAttribute('data-basis', 'exact');
  });

  it('bytes of waiting senders, and heap totals holding them, are modelled', () => {
    expect(siteBasis('send task cell')).toBe('modelled');
    // a task per send over flume, futures-channel or async-channel: even its size is modelled
    expect(siteBasis('send task cell (size modelled on tokio’s send future)')).toBe('modelled');
    // what the crate models allocate for waiting senders, at their own sites
    expect(siteBasis('flume hook')).toBe('modelled');
    expect(siteBasis('flume sending VecDeque')).toBe('modelled');
    expect(siteBasis('event-listener EventListener')).toBe('modelled');
    expect(siteBasis('futures parked-queue node')).toBe('modelled');
    expect(siteBasis('crossbeam SyncWaker Vec<Entry> (kept)')).toBe('modelled');
    expect(siteBasis('thread Context (producer threads that blocked)')).toBe('modelled');
    // and for the consumer waiting on an empty channel
    expect(siteBasis('flume receive hook')).toBe('modelled');
    expect(siteBasis('flume waiting VecDeque')).toBe('modelled');
    expect(siteBasis('event-listener EventListener (receive)')).toBe('modelled');
    expect(siteBasis('crossbeam receivers SyncWaker Vec<Entry> (kept)')).toBe('modelled');
    expect(siteBasis('std receivers SyncWaker Vec<Entry> (kept)')).toBe('modelled');
    expect(siteBasis('thread Context (consumer threads that blocked)')).toBe('modelled');
    // the channel's own structures and messages' nodes follow the operations: exact
    expect(siteBasis('futures message node')).toBe('exact');
    expect(siteBasis('tokio Arc<Chan>')).toBe('exact');
    const heapRow = ROWS.find((r) => r.testId === 'heap')!;
    const frame = (sites: { site: string; liveBytes: number; liveCount: number }[]) =>
      ({ sites }) as unknown as Parameters<typeof cellBasis>[1];
    expect(cellBasis(heapRow, frame([{ site: 'tokio block', liveBytes: 288, liveCount: 1 }]))).toBe('exact');
    expect(cellBasis(heapRow, frame([{ site: 'flume hook', liveBytes: 80, liveCount: 1 }]))).toBe('modelled');
    // the channel's own total holds what the crate allocates for waiters, not the engine's cells
    const channelRow = ROWS.find((r) => r.testId === 'channel-bytes')!;
    const keptRow = ROWS.find((r) => r.testId === 'kept')!;
    const consumerWaits = frame([{ site: 'flume waiting VecDeque', liveBytes: 64, liveCount: 1 }]);
    expect(cellBasis(channelRow, consumerWaits)).toBe('modelled');
    expect(cellBasis(keptRow, consumerWaits)).toBe('modelled');
    const cells = frame([{ site: 'send task cell', liveBytes: 384, liveCount: 1 }]);
    expect(cellBasis(channelRow, cells)).toBe('exact');
    expect(cellBasis(heapRow, cells)).toBe('modelled');
    const depthRow = ROWS.find((r) => r.testId === 'depth')!;
    expect(cellBasis(depthRow, frame([]))).toBe('modelled');
  });

  it('Step advances one message at a time; the 33rd opens a second 288-byte block', async () => {
    await demo();
    const step = screen.getByRole('button', { name: 'Step' });
    for (let k = 1; k <= 33; k++) {
      await userEvent.click(step);
      await waitFor(() =>
        expect(screen.getByTestId('status-arrivals')).toHaveTextContent(new RegExp(`^${k}$`)),
      );
    }
    await waitFor(() => expect(screen.getByTestId('readout-heap-0')).toHaveTextContent('1,088 B (1.06 KiB)'));
    expect(screen.getByTestId('readout-blocks-0')).toHaveTextContent('2 (0 spare)');
    await waitFor(() => expect(screen.getByTestId('anatomy-summary')).toHaveTextContent('2 blocks of 288 B'));
    expect(screen.getByTestId('anatomy-summary')).toHaveTextContent('33 messages queued');
  }, 30_000);

  it('the anatomy summary says what waiting senders hold in each crate', () => {
    const make = (impl: 'tokio-bounded' | 'flume-bounded' | 'async-bounded' | 'futures-bounded') => {
      const r = createChannel(impl, new Heap(), { message: { kind: 'u64' }, capacity: 2 });
      if (!r.ok) throw new Error('refused');
      return r.channel.structure();
    };
    // tokio: the wait list is intrusive (spec §1.6): nothing on the heap
    expect(describeStructure(make('tokio-bounded'), 900)).toMatch(/900 senders waiting .*: 0 B on the heap/);
    // flume: an 80 B hook per waiting sender for u64 (spec §4.1), holding the message
    expect(describeStructure(make('flume-bounded'), 3)).toMatch(/3 senders waiting, each in a 80 B hook/);
    // async-channel: a 56 B listener each (spec §5.2)
    expect(describeStructure(make('async-bounded'), 2)).toMatch(
      /2 senders waiting, each with a 56 B listener/,
    );
    // futures-channel: 48 B SenderTask, a 24 B node for the u64, a 16 B parked-queue node (spec §2)
    expect(describeStructure(make('futures-bounded'), 1)).toMatch(/48 B SenderTask.*24 B node.*16 B node/);
    expect(describeStructure(make('tokio-bounded'), 0)).not.toMatch(/waiting/);
    expect(waitCostCaption(make('tokio-bounded'))).toBe('tokio: intrusive wait list, 0 B each');
    expect(waitCostCaption(make('flume-bounded'))).toMatch(/80 B hook each/);
  });

  it('the anatomy summary counts released blocks it does not draw', () => {
    const r = createChannel('tokio-unbounded', new Heap(), { message: { kind: 'u64' } });
    if (!r.ok) throw new Error('refused');
    r.channel.sendMany(0, 32 * 40 + 1); // 40 full blocks and one message in a 41st
    const s = r.channel.structure();
    if (s.kind !== 'tokio-list') throw new Error('tokio');
    expect(s.omittedBlocks).toBeGreaterThan(0);
    // every block before block_tail (the 41st) is released: 40 of them, drawn or not
    expect(describeStructure(s)).toContain('40 blocks released');
  });

  it('the anatomy summary says in words what the canvas draws', () => {
    const heap = new Heap();
    const r = createChannel('tokio-bounded', heap, { message: { kind: 'u64' }, capacity: 128 });
    if (!r.ok) throw new Error('refused');
    r.channel.sendMany(0, 40);
    r.channel.recvMany(35);
    const text = describeStructure(r.channel.structure());
    expect(text).toContain('Arc<Chan>: 512 B, of which 184 B hold data and 328 B are cache-line padding.');
    expect(text).toContain(
      '5 messages queued. The receiver reads slot 35 next; the next send writes slot 40.',
    );
    expect(text).toContain('Bounded: 123 of 128 permits available.');
  });

  it('what creating a channel allocates: the seed table’s 33,312 B for [u8; 1024]', () => {
    render(
      <CreateCost
        choice={{ impl: 'tokio-bounded', message: { kind: 'bytes', size: 1024 }, capacity: 1, channels: 1 }}
      />,
    );
    expect(screen.getByText('tokio::sync::mpsc::channel::<[u8; 1024]>(1)')).toBeInTheDocument();
    expect(screen.getByLabelText('bytes at create')).toHaveTextContent('33,312 B (32.53 KiB)');
    expect(screen.getByText(/in 2 allocations/)).toBeInTheDocument();
  });

  it('a crate that refuses the input says so with its own message', () => {
    render(
      <CreateCost choice={{ impl: 'tokio-bounded', message: { kind: 'u64' }, capacity: 0, channels: 1 }} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'tokio::sync::mpsc::channel panics with “mpsc bounded channel requires buffer > 0”',
    );
  });
});

describe('failures', () => {
  it('a view that throws is replaced by a notice; its neighbours stay', async () => {
    const Broken = (): never => {
      throw new Error('bad structure');
    };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <>
        <ViewBoundary name="Channel anatomy">
          <Broken />
        </ViewBoundary>
        <p>still here</p>
      </>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('This view stopped: bad structure.');
    expect(screen.getByText('still here')).toBeInTheDocument();
    quiet.mockRestore();
  });

  it('a dead worker is reported, the page stays, and a new worker gets the same scenario', async () => {
    const { workers } = await demo();
    workers[0]?.crash('out of memory');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The simulation crashed.');
    expect(alert).toHaveTextContent('out of memory');
    expect(screen.getByRole('heading', { name: 'Channel anatomy' })).toBeInTheDocument();
    await waitFor(() => expect(workers).toHaveLength(2));
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[1]?.received[0]).toMatchObject({ type: 'load', scenario: { message: { bytes: 8 } } });
    await waitFor(() => expect(screen.getByTestId('status-state')).toHaveTextContent('paused'));
  });

  it('an exception in the engine is reported the same way', async () => {
    const { lab } = await demo();
    lab.actions.loadScenario({ ...fakeDemo, name: 'engine-throws' }, null);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
    await userEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('RangeError: engine exploded');
  });

  it('a refused parameter is explained and the control goes back to the value in use', async () => {
    const { lab } = await demo();
    lab.actions.setParam('messageSize', -3);
    const notice = await screen.findByText('messageSize: expected a number ≥ 0');
    expect(notice.closest('[role="status"]')).not.toBeNull();
    await waitFor(() => expect(screen.getByRole('spinbutton', { name: 'Message size' })).toHaveValue(8));
  });
});
