// Hostile links, absurd controls and a frozen worker, in real Chromium against the production build:
// the page always says what happened, never runs text from the URL, and keeps running.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { baseUrl, browserForTests, watchErrors } from './browser.ts';

const e2e = browserForTests();
const SHOTS = e2e.shots;

async function open(query = ''): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const page = await e2e.browser.newPage();
  const errors = watchErrors(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(baseUrl() + query);
  await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 15_000 });
  return { page, errors, dialogs };
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

/** Animation frames the page manages in `ms` of wall time: a blocked main thread gets almost none. */
const rafTicks = (page: Page, ms: number) =>
  page.evaluate(
    (wait) =>
      new Promise<number>((resolve) => {
        let n = 0;
        const end = performance.now() + wait;
        const tick = () => {
          n++;
          if (performance.now() < end) requestAnimationFrame(tick);
          else resolve(n);
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );

/**
 * Simulated time moves on: the page is alive. Read where a user reads it, with the status line on
 * screen: scrolled away (a field low in the side panel filled), it shows no frames of a playing run.
 */
async function timeMoves(page: Page): Promise<void> {
  await page.getByTestId('status-time').scrollIntoViewIfNeeded();
  // seen again, it catches up with the latest frame first
  await page.waitForTimeout(300);
  const t0 = await text(page, 'status-time');
  await page.waitForFunction(
    (before) => document.querySelector('[data-testid="status-time"]')?.textContent !== before,
    t0,
    { timeout: 15_000 },
  );
}

describe('Robustness in Chromium', () => {
  it('a frozen worker is caught by the heartbeat and the run restarts from where it was', async () => {
    const { page } = await open();
    await page.getByRole('button', { name: 'Play' }).click();
    await timeMoves(page);
    await page.waitForTimeout(1000);
    const worker = page.workers().find((w) => w.url().includes('sim.worker'));
    assert.ok(worker, 'the simulation worker is running');
    // a real hang: the worker's thread spins, it raises no error and answers nothing
    const spinning = worker
      .evaluate(() => {
        const end = performance.now() + 8_000;
        while (performance.now() < end) {
          /* stuck */
        }
      })
      .catch(() => 'terminated');
    const alert = page.getByRole('alert').filter({ hasText: 'The simulation froze.' });
    await alert.waitFor({ timeout: 15_000 });
    const said = (await alert.textContent()) ?? '';
    assert.match(said, /stopped responding \(no answer to its heartbeat for 4 s\)/);
    const at = /restarted from the last good state, at ([\d.]+) (s|ms) of simulated time/.exec(said);
    assert.ok(at, said);
    const atMs = Number(at[1]) * (at[2] === 's' ? 1000 : 1);
    assert.ok(atMs > 500, `restarted at ${atMs} ms, not from the start`);
    // a fresh worker replays to that time and plays on
    await page.getByTestId('status-state').filter({ hasText: 'running' }).waitFor({ timeout: 15_000 });
    await timeMoves(page);
    await page.screenshot({ path: `${SHOTS}/10-worker-froze-restarted.png` });
    // (Chromium lets a DevTools evaluation finish even in a terminated worker; wait for it)
    await spinning;
    await page.close();
  });

  it('a hostile link gets a notice per bad value, runs nothing from the URL, and the page runs', async () => {
    const markup = '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E';
    const query = [
      'preset=game-server',
      'zzz=1',
      'message.bytes=-1',
      'producers.count=1000000000',
      'producers.ratePerSec=NaN',
      'consumers.count=',
      `consumers.serviceUs=${'9'.repeat(5000)}`,
      'seed=1099511627776',
      `message.type=${markup}`,
      `metric=${markup}`,
      `name=${markup}`,
      `focus=${markup}`,
      `t=${markup}`,
      'speed=-1',
    ].join('&');
    const { page, errors, dialogs } = await open(`?${query}`);
    const notices = page.locator('.url-notices');
    await notices.waitFor();
    const said = (await notices.textContent()) ?? '';
    for (const expected of [
      'zzz: unknown parameter, ignored',
      'message.bytes: expected an integer from 0 to 16777216 B, got "-1"; using 96',
      'producers.count: expected an integer from 0 to 1000000, got "1000000000"; using 1000',
      'producers.ratePerSec: expected a number from 0 to 1000000000 msg/s, got "NaN"; using 20',
      'consumers.count: expected an integer from 0 to 1024, got ""; using 1',
      'message.type: expected one of "string", "bytes", "u64", "rust", got "<img src=x onerror=alert(1)>"',
    ]) {
      assert.ok(said.includes(expected), `notice missing: ${expected}\nin: ${said}`);
    }
    for (const key of ['consumers.serviceUs', 'seed', 'metric', 'focus', 't', 'speed']) {
      assert.match(said, new RegExp(`${key.replace('.', '\\.')}: .*using`), `a notice for ${key}`);
    }
    // a 5,000-character value is cut short in the notice
    assert.ok(said.length < 3000, `notices are ${said.length} characters`);
    // the markup is shown as text, never parsed
    assert.equal(await page.locator('img[src="x"], img[onerror], [onerror]').count(), 0);
    const html = await page.content();
    assert.ok(!html.includes('<img src=x'), 'no markup from the URL in the DOM');
    await page.getByRole('button', { name: 'Play' }).click();
    await timeMoves(page);
    await page.waitForTimeout(500);
    assert.deepEqual(dialogs, [], 'no script ran');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: `${SHOTS}/11-hostile-link.png` });
    await page.close();
  });

  it('absurd controls keep the page responsive and every number finite', async () => {
    const { page, errors } = await open();
    const setField = async (label: string, value: string) => {
      const field = page.getByRole('spinbutton', { name: label, exact: true });
      await field.fill(value);
      await field.press('Enter');
    };
    await page.getByRole('button', { name: 'Play' }).click();
    for (const [label, value] of [
      ['Capacity', '0'],
      ['Consumers', '0'],
      ['Service time', '0'],
      ['Producer rate', '0'],
    ] as const) {
      await setField(label, value);
      await page.waitForTimeout(300);
    }
    await page.screenshot({ path: `${SHOTS}/12-absurd-zeros.png`, fullPage: true });
    // capacity 0: tokio's bounded channel refuses it (the crate panics), shown for that strategy only
    await page.getByText('(the crate refuses)').first().waitFor();
    assert.ok((await text(page, 'status-state')).includes('running'), 'the other strategies keep running');
    // the largest values the controls allow
    for (const label of ['Producers', 'Producer rate', 'Service time', 'Capacity', 'Channels']) {
      const field = page.getByRole('spinbutton', { name: label, exact: true });
      if ((await field.count()) === 0) continue;
      const max = await field.getAttribute('max');
      assert.ok(max !== null, `${label} has a maximum`);
      await setField(label, max);
      await page.waitForTimeout(200);
    }
    const ticks = await rafTicks(page, 2000);
    assert.ok(ticks >= 40, `only ${ticks} animation frames in 2 s`);
    await timeMoves(page);
    const body = (await page.locator('main, #root').first().innerText()) ?? '';
    assert.ok(!/\bNaN\b|Infinity|undefined/.test(body), 'no NaN, Infinity or undefined on screen');
    assert.equal(await page.getByRole('alert').filter({ hasText: 'The simulation' }).count(), 0);
    await page.screenshot({ path: `${SHOTS}/13-absurd-max.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
