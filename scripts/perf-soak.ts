/**
 * perf:ui --soak: plays the game-server preset with 5,000 busy channels through one simulated hour at
 * the fastest speed, then reads the JS heap of the page and of the simulation worker after a garbage
 * collection, through the Chrome DevTools Protocol (typed arrays' contents included: the samples). The worker is reached through the page's
 * auto-attached targets (non-flat sessions, since playwright's CDP session speaks to one target only).
 */
import type { CDPSession } from 'playwright-core';
import type { Browser } from '../test/e2e/browser.ts';

export interface SoakFigures {
  readonly worker_heap_mb: number;
  readonly main_heap_mb: number;
  readonly simulated_seconds: number;
}

const HOUR_S = 3600;

interface HeapUsage {
  readonly usedSize: number;
  readonly backingStorageSize?: number;
}

/** The JS heap in MB, typed arrays' contents included (V8 keeps those outside its heap proper). */
function jsHeapMb(h: HeapUsage): number {
  return Number(((h.usedSize + (h.backingStorageSize ?? 0)) / MB).toFixed(1));
}
const MB = 1024 * 1024;

/** A CDP channel to the page's dedicated worker, over Target.sendMessageToTarget. */
async function workerChannel(cdp: CDPSession): Promise<(method: string) => Promise<unknown>> {
  const attached = new Promise<string>((resolve) => {
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') resolve(e.sessionId);
    });
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const sessionId = await attached;
  let id = 0;
  const pending = new Map<number, (v: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const msg = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  return (method: string) =>
    new Promise((resolve) => {
      id++;
      pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
}

export async function soak(browser: Browser, url: string, log: (s: string) => void): Promise<SoakFigures> {
  const page = await browser.newPage({ width: 1440, height: 1000 });
  const cdp = await page.context().newCDPSession(page);
  const params = new URLSearchParams({
    preset: 'game-server',
    durationSeconds: String(HOUR_S),
    'channels.count': '5000',
    'channels.active': '5000',
    speed: '100',
  });
  const worker = workerChannel(cdp);
  await page.goto(`${url}?${params.toString()}`);
  const toWorker = await worker;
  await page.getByRole('button', { name: 'Play' }).first().click();
  const started = Date.now();
  // the status line shows "t / duration" in seconds; wait for the end of the hour (or 10 minutes)
  let simulated = 0;
  while (Date.now() - started < 600_000) {
    await page.waitForTimeout(2000);
    const text = (await page.getByTestId('status-time').first().textContent()) ?? '';
    simulated = parseClock(text);
    if (process.env.PERF_SOAK_TRACE === '1') {
      const w = (await toWorker('Runtime.getHeapUsage')) as HeapUsage;
      log(`  ${simulated} s simulated: worker heap ${jsHeapMb(w)} MB (before GC)`);
    }
    if (simulated >= HOUR_S - 0.001) break;
  }
  log(`perf:ui --soak: ${simulated} s simulated in ${((Date.now() - started) / 1000).toFixed(0)} s wall`);
  await cdp.send('HeapProfiler.collectGarbage');
  await toWorker('HeapProfiler.collectGarbage');
  const main = await cdp.send('Runtime.getHeapUsage');
  const w = (await toWorker('Runtime.getHeapUsage')) as HeapUsage;
  log(`perf:ui --soak: heap usage: worker ${JSON.stringify(w)}, page ${JSON.stringify(main)}`);
  return {
    worker_heap_mb: jsHeapMb(w),
    main_heap_mb: jsHeapMb(main),
    simulated_seconds: simulated,
  };
}

/** The status line's first clock ("59.9 s", "60 min 0 s", "420 ms") in seconds (formatSeconds). */
export function parseClock(text: string): number {
  const first = (text.split('/')[0] ?? '').replace(/,/g, '').trim();
  const min = /^(\d+)\s*min\s*(\d+)\s*s/.exec(first);
  if (min) return Number(min[1]) * 60 + Number(min[2]);
  const ms = /^([\d.]+)\s*ms/.exec(first);
  if (ms) return Number(ms[1]) / 1000;
  const s = /^([\d.]+)\s*s/.exec(first);
  return s ? Number(s[1]) : 0;
}
