// @vitest-environment jsdom
// Capacity planning in the page: the sweep runs in its own worker (here the real SweepHost behind an
// in-process stand-in), reports progress, can be cancelled, and shows a chart and a table whose
// numbers follow from the crates' rules. The sweep is part of the link.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LabContext } from '../../src/ui/lab-context.ts';
import { scenarioAdapter } from '../../src/ui/scenario-adapter.ts';
import { createLab, type Lab } from '../../src/ui/store.ts';
import SweepPanel from '../../src/ui/sweep/SweepPanel.tsx';
import { DEFAULT_SWEEP, decodeSweep, type SweepSpec } from '../../src/ui/sweep/sweep-spec.ts';
import type { SweepWorkerLike } from '../../src/ui/sweep/useSweepRun.ts';
import { decodeLabUrl, encodeLabUrl } from '../../src/ui/url-state.ts';
import { engineApi } from '../../src/worker/engine-api.ts';
import type { FromSweepWorker, ToSweepWorker } from '../../src/worker/protocol.ts';
import { SweepHost } from '../../src/worker/sweep-host.ts';
import { presets } from '../../src/engine/presets.ts';
import { inProcessWorker, installDomStubs } from './harness.tsx';

vi.setConfig({ testTimeout: 20_000 });

let lab: Lab | null = null;
afterEach(() => {
  cleanup();
  lab?.dispose();
  lab = null;
});

/** The real sweep host, messages delivered asynchronously as postMessage does. */
function sweepWorker(log: ToSweepWorker[]): SweepWorkerLike {
  const w: SweepWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(msg) {
      log.push(msg);
      setTimeout(() => host.handle(structuredClone(msg)), 0);
    },
    terminate() {},
  };
  const host = new SweepHost(
    (msg: FromSweepWorker) =>
      setTimeout(() => w.onmessage?.({ data: msg } as MessageEvent<FromSweepWorker>), 0),
    {
      now: () => performance.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    },
  );
  return w;
}

async function open(preset: string, spec: SweepSpec, log: ToSweepWorker[] = []) {
  installDomStubs();
  lab = createLab({
    createWorker: () => inProcessWorker(engineApi),
    adapter: scenarioAdapter,
    schedule: (fn) => setTimeout(fn, 0),
  });
  lab.actions.loadPreset(preset);
  lab.actions.setSweep(spec);
  render(
    <LabContext.Provider value={lab}>
      <SweepPanel createWorker={() => sweepWorker(log)} />
    </LabContext.Provider>,
  );
  return log;
}

describe('capacity planning', () => {
  it('sweeps the channel count: 1,824 B per idle tokio channel, 128 B per futures-channel one', async () => {
    await open('agentgateway-services', {
      ...DEFAULT_SWEEP,
      param: 'channels.count',
      from: 1,
      to: 1000,
      steps: 4,
      log: true,
    });
    // 1, 10, 100, 1000 channels
    const table = await screen.findByTestId('sweep-table', {}, { timeout: 10_000 });
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('4 runs'));
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      `1${(1824).toLocaleString('en-US')} B128 B`,
      `10${(18_240).toLocaleString('en-US')} B${(1280).toLocaleString('en-US')} B`,
      `100${(182_400).toLocaleString('en-US')} B${(12_800).toLocaleString('en-US')} B`,
      `1,000${(1_824_000).toLocaleString('en-US')} B${(128_000).toLocaleString('en-US')} B`,
    ]);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['channels', 'tokio-unbounded', 'futures-unbounded']);
    expect(screen.getByTestId('sweep-chart')).toHaveTextContent('Peak heap against channels');
    expect(screen.getByRole('progressbar', { name: 'Sweep progress' })).toHaveAttribute('value', '1');
  });

  it('another metric re-charts the same runs without running them again', async () => {
    const log = await open('slow-consumer-stall', {
      ...DEFAULT_SWEEP,
      param: 'strategies.*.permits',
      from: 1024,
      to: 1024,
      steps: 1,
      log: false,
    });
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 runs'), { timeout: 15_000 });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Chart' }), 'rejected');
    // the preset's own text: the gate rejects 13,977 messages at 1,024 permits
    expect(within(screen.getByTestId('sweep-table')).getAllByRole('row')[1]).toHaveTextContent('13,977');
    expect(log.filter((m) => m.type === 'sweep-start')).toHaveLength(1);
  });

  it('can be cancelled while it runs', async () => {
    const log = await open('game-server', { ...DEFAULT_SWEEP, from: 16, to: 4096, steps: 40, log: true });
    const cancel = await screen.findByRole('button', { name: 'Cancel' });
    await userEvent.click(cancel);
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(/Cancelled after \d+ of 40 values/),
    );
    expect(log.at(-1)).toMatchObject({ type: 'sweep-cancel' });
    expect(screen.getByRole('button', { name: 'Run sweep' })).toBeEnabled();
  });

  it('a range it cannot use is named, and nothing runs', async () => {
    const log = await open('game-server', { ...DEFAULT_SWEEP, from: 0, to: 100, steps: 5, log: true });
    expect(await screen.findByRole('alert')).toHaveTextContent('needs From and To above 0, got 0 and 100');
    expect(log).toEqual([]);
  });
});

describe('the sweep in the link', () => {
  it('round-trips through the URL, and embeds as view=sweep', () => {
    const spec: SweepSpec = {
      ...DEFAULT_SWEEP,
      param: 'message.bytes',
      from: 8,
      to: 4096,
      steps: 10,
      metric: 'p99_latency_ms',
    };
    const q = encodeLabUrl({ scenario: presets['game-server'].scenario, timeMs: 0, sweep: spec });
    expect(q).toContain('sweep=message.bytes%3A8%3A4096%3A10%3Alog');
    expect(q).toContain('smetric=p99_latency_ms');
    expect(decodeLabUrl(q).sweep).toEqual(spec);
    const embed = decodeLabUrl('?preset=game-server&embed=1&view=sweep');
    expect(embed.embed?.view).toBe('sweep');
    expect(embed.sweep).toEqual(DEFAULT_SWEEP);
  });

  it('bad sweep values get a notice naming the key and a safe default', () => {
    const notices: { field: string; message: string }[] = [];
    // the range is good: only the parameter falls back
    expect(decodeSweep('nope:1:2:3', 'x', notices)).toEqual({
      ...DEFAULT_SWEEP,
      from: 1,
      to: 2,
      steps: 3,
      log: false,
    });
    expect(notices.map((n) => n.field)).toEqual(['sweep', 'smetric']);
    expect(notices[0]?.message).toMatch(/^sweep: expected a numeric scenario field/);
    const more: { field: string; message: string }[] = [];
    expect(decodeSweep('producers.count:1:10:1000', undefined, more)).toMatchObject({
      param: 'producers.count',
      steps: 9,
    });
    expect(more[0]?.message).toMatch(/1 to 64 steps/);
  });
});
