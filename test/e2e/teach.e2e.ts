// Teaching and embedding in real Chromium against the production build: a copied link reproduces
// the numbers, the embed sizes itself inside a page on another origin and pauses off screen, exports
// are valid files, a lesson runs from the keyboard alone, the build works from a sub-path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { baseUrl, browserForTests, watchErrors, type Browser } from './browser.ts';
import { serveStatic, type Server } from '../../scripts/serve.ts';
import { drawnLines } from './chart-drawing.ts';

const e2e = browserForTests();
const SHOTS = e2e.shots;

let other: Server;
const app = () => new URL(baseUrl());

/** A blog-like page on another origin with one embed and a resize listener as the snippet has. */
function hostPage(src: string): string {
  const origin = new URL(src).origin;
  return `<!doctype html><html><head><meta charset="utf-8"><title>A blog post</title>
<style>body{font:16px/1.5 sans-serif;max-width:760px;margin:24px auto;padding:0 12px}.tall{height:3000px}</style></head>
<body><h1>Why is my channel so big?</h1><p>Here is the figure:</p>
<iframe id="lab" src="${src}" title="Channel Lab figure" style="width:100%;height:150px;border:0"></iframe>
<p class="tall">Lots of text below the figure.</p>
<script>
window.__resizes = [];
addEventListener('message', function (e) {
  var f = document.getElementById('lab');
  if (e.source !== f.contentWindow || e.origin !== ${JSON.stringify(origin)}) return;
  if (e.data && e.data.type === 'channel-lab:resize' && typeof e.data.height === 'number') {
    window.__resizes.push(e.data.height);
    f.style.height = Math.ceil(e.data.height) + 'px';
  }
});
</script></body></html>`;
}

before(async () => {
  other = await serveStatic({ subPath: '/deep/sub/path/' });
});
after(async () => {
  await other.stop();
});

async function waitReady(page: Page | Frame): Promise<void> {
  await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
}

async function open(url = baseUrl(), opts: Parameters<Browser['newPage']>[0] = {}) {
  const page = await e2e.browser.newPage(opts);
  const errors = watchErrors(page);
  await page.goto(url);
  await waitReady(page);
  return { page, errors };
}

const text = async (page: Page | Frame, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim();

/** Every exact readout on the page, by test id. */
async function readouts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of document.querySelectorAll('[data-testid^="readout-"], [data-testid^="status-"]')) {
      out[el.getAttribute('data-testid') ?? ''] = (el.textContent ?? '').trim();
    }
    return out;
  });
}

/** Every readout identical: same scenario, same time, same numbers. */
function assertSameReadouts(after: Record<string, string>, before: Record<string, string>): void {
  assert.ok(Object.keys(before).length >= 30, 'the readouts were on screen');
  assert.deepEqual(after, before);
}

async function playFor(page: Page, ms: number): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(ms);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitReady(page);
  await page.waitForTimeout(400);
}

describe('teaching and embedding in Chromium', () => {
  it('a copied link reproduces the same numbers', async () => {
    const { page, errors } = await open();
    await e2e.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: app().origin,
    });
    await page.getByRole('spinbutton', { name: 'Capacity', exact: true }).fill('64');
    await page.getByRole('spinbutton', { name: 'Producers', exact: true }).fill('1500');
    await page.waitForTimeout(500);
    await playFor(page, 1500);
    const before = await readouts(page);
    assert.notEqual(before['status-time'], '0 s');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied.').waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(link, /strategies\.1\.capacity=64/);
    assert.match(link, /producers\.count=1500/);
    assert.match(link, /[?&]t=\d/);
    const { page: second, errors: errors2 } = await open(link);
    await second
      .waitForFunction(
        (t) => document.querySelector('[data-testid="status-time"]')?.textContent?.trim() === t,
        before['status-time'],
        { timeout: 20_000 },
      )
      .catch(async (e: unknown) => {
        throw new Error(
          `${String(e)}: want ${before['status-time']}, shows ${await text(second, 'status-time')}`,
        );
      });
    await second.waitForTimeout(600);
    const after = await readouts(second);
    assertSameReadouts(after, before);
    assert.equal(await second.getByRole('spinbutton', { name: 'Capacity', exact: true }).inputValue(), '64');
    await second.screenshot({ path: `${SHOTS}/20-link-reproduced.png`, fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(errors2, []);
    await page.close();
    await second.close();
  });

  it('Step back returns to where Step came from; the Time slider scrubs', async () => {
    const { page, errors } = await open();
    await playFor(page, 800);
    // Step lands on a message (the moment it arrives); Step back returns to such moments
    const stepAndWait = async () => {
      const n = await text(page, 'status-arrivals');
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await page.waitForFunction(
        (before) => document.querySelector('[data-testid="status-arrivals"]')?.textContent?.trim() !== before,
        n,
      );
      await page.waitForTimeout(400);
    };
    await stepAndWait();
    const start = await readouts(page);
    await stepAndWait();
    assert.equal(
      Number((await text(page, 'status-arrivals')).replace(/,/g, '')),
      Number(start['status-arrivals']?.replace(/,/g, '')) + 1,
    );
    await page.getByRole('button', { name: 'Step back' }).click();
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="status-arrivals"]')?.textContent?.trim() === n,
      start['status-arrivals'],
      { timeout: 20_000 },
    );
    await page.waitForTimeout(400);
    assertSameReadouts(await readouts(page), start);
    // scrub back to the start with the keyboard
    await page.getByRole('slider', { name: 'Time', exact: true }).focus();
    await page.keyboard.press('Home');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="status-time"]')?.textContent?.startsWith('0 s'),
    );
    assert.equal(await text(page, 'status-arrivals'), '0');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the embed in a page on another origin reports its height and sizes its iframe', async () => {
    const src = `${baseUrl()}?embed=1&view=heap&preset=game-server&t=2000`;
    const host = await serveStatic({ pages: { '/post.html': hostPage(src) } });
    try {
      assert.notEqual(new URL(host.origin).origin, app().origin);
      const page = await e2e.browser.newPage({ width: 900, height: 900 });
      const errors = watchErrors(page);
      await page.goto(`${host.origin}/post.html`);
      await page.waitForFunction(
        () => (window as unknown as { __resizes: number[] }).__resizes.some((h) => h > 200),
        null,
        {
          timeout: 20_000,
        },
      );
      const frame = page.frameLocator('#lab');
      await frame.locator(drawnLines('heap-chart')).waitFor({ timeout: 20_000 });
      await page.waitForTimeout(800);
      const heights = await page.evaluate(() => (window as unknown as { __resizes: number[] }).__resizes);
      const last = heights[heights.length - 1] ?? 0;
      const box = await page.locator('#lab').boundingBox();
      assert.equal(Math.round(box?.height ?? 0), Math.ceil(last));
      // the whole embed fits: the frame's document is no taller than the iframe
      const inner = await frame.locator('html').evaluate((h) => h.scrollHeight);
      assert.ok(inner <= Math.ceil(last) + 1, `embed content ${inner}px, iframe ${last}px`);
      // no app chrome in the embed
      assert.equal(await frame.getByRole('heading', { name: 'Channel Lab' }).count(), 0);
      assert.equal(await frame.getByRole('slider').count(), 0);
      // a command from the host page is not obeyed
      await page.evaluate(() => {
        const f = document.getElementById('lab') as HTMLIFrameElement;
        f.contentWindow?.postMessage({ type: 'channel-lab:play' }, '*');
        f.contentWindow?.postMessage({ type: 'load', scenario: {}, seq: 99 }, '*');
      });
      await page.waitForTimeout(800);
      assert.equal(await frame.locator('.embed').getAttribute('data-embed-state'), 'paused');
      await page.screenshot({ path: `${SHOTS}/21-embed-in-host-page.png` });
      const dark = await e2e.browser.newPage({ width: 900, height: 900, colorScheme: 'dark' });
      await dark.goto(`${host.origin}/post.html`);
      await dark.frameLocator('#lab').locator(drawnLines('heap-chart')).waitFor();
      await dark.waitForTimeout(500);
      await dark.screenshot({ path: `${SHOTS}/22-embed-in-host-page-dark.png` });
      // a blog that stays light can ask for a light embed, whatever the reader's system says
      const bg = async (p: Page, query: string) => {
        await p.goto(`${baseUrl()}?embed=1&view=heap&preset=game-server${query}`);
        await p.locator('.embed').waitFor();
        return p.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
      };
      assert.equal(await bg(dark, ''), '#0d1117');
      assert.match(await bg(dark, '&theme=light'), /^#fff(fff)?$/);
      const light = await e2e.browser.newPage({ colorScheme: 'light' });
      assert.equal(await bg(light, '&theme=dark'), '#0d1117');
      await light.close();
      await dark.close();
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await host.stop();
    }
  });

  it('the embed pauses when scrolled out of view and goes on when back', async () => {
    const src = `${baseUrl()}?embed=1&view=anatomy&preset=game-server&autoplay=1`;
    const host = await serveStatic({ pages: { '/post.html': hostPage(src) } });
    try {
      const page = await e2e.browser.newPage({ width: 900, height: 800 });
      const errors = watchErrors(page);
      await page.goto(`${host.origin}/post.html`);
      const frame = page.frameLocator('#lab');
      const state = () => frame.locator('.embed').getAttribute('data-embed-state');
      const time = async () => ((await frame.locator('.embed-status').textContent()) ?? '').trim();
      await frame.locator('.embed[data-embed-state="playing"]').waitFor({ timeout: 20_000 });
      await page.waitForTimeout(800);
      await page.evaluate(() => window.scrollTo(0, 2500));
      await frame.locator('.embed[data-embed-state="offscreen"]').waitFor({ timeout: 5000 });
      // the status text catches up with the last frame of the run a little later (text views publish
      // with the chart series, else after twice their interval): wait until it has held for a second,
      // which it never does while the run goes on
      let t1 = await time();
      for (let held = 0, tries = 0; held < 1000; tries++) {
        assert.ok(tries < 40, `simulated time stands still off screen (still moving at ${t1})`);
        await page.waitForTimeout(250);
        const now = await time();
        held = now === t1 ? held + 250 : 0;
        t1 = now;
      }
      await page.waitForTimeout(1500);
      assert.equal(await time(), t1, 'simulated time stands still off screen');
      await page.evaluate(() => window.scrollTo(0, 0));
      await frame.locator('.embed[data-embed-state="playing"]').waitFor({ timeout: 5000 });
      await page.waitForTimeout(1000);
      assert.notEqual(await time(), t1);
      assert.equal(await state(), 'playing');
      assert.deepEqual(errors, []);
      await page.close();
      // reduced motion: autoplay does not start
      const calm = await e2e.browser.newPage({ width: 900, height: 800, reducedMotion: true });
      await calm.goto(`${host.origin}/post.html`);
      const f2 = calm.frameLocator('#lab');
      await f2.locator('.embed').waitFor();
      await f2.getByText('autoplay off (reduced motion)').waitFor({ timeout: 20_000 });
      await calm.waitForTimeout(1000);
      assert.equal(await f2.locator('.embed').getAttribute('data-embed-state'), 'paused');
      await calm.close();
    } finally {
      await host.stop();
    }
  });

  it('exports valid files: a PNG and an SVG from the Figure dialog, the CSV the CLI writes, and JSON that `npm run sim` accepts', async () => {
    const { page, errors } = await open();
    await playFor(page, 1200);
    const now = (await text(page, 'status-time')).split(' / ')[0] ?? '';
    assert.match(now, /^[\d.]+ s$/, 'time has passed');
    const save = async (click: () => Promise<void>, file: string) => {
      const download = page.waitForEvent('download');
      await click();
      const d = await download;
      const path = `${SHOTS}/${file}`;
      await d.saveAs(path);
      return { path, suggested: d.suggestedFilename(), bytes: readFileSync(path) };
    };
    const exportGroup = page.getByRole('group', { name: 'Export' });

    // Export → Figure…: the heap chart, 700 CSS px by default, the PNG at 2× pixel density
    await exportGroup.getByRole('button', { name: 'Figure…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export a figure' });
    await dialog.getByRole('img', { name: 'Preview of the Heap chart' }).waitFor();
    const button = (name: string) => () => dialog.getByRole('button', { name, exact: true }).click();
    const png = await save(button('PNG'), 'export.png');
    assert.equal(png.suggested, 'channel-lab-game-server-heap.png');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.bytes.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.equal(png.bytes.readUInt32BE(16), 1400, '700 CSS px at 2×');
    assert.ok(png.bytes.readUInt32BE(20) > 400, 'a chart-sized image');
    const svg = await save(button('SVG'), 'export.svg');
    const svgText = svg.bytes.toString('utf8');
    assert.match(
      svgText,
      /^(<\?xml [^>]*>\n)?<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="700"/,
    );
    // a file on its own: no page CSS variables left to resolve
    assert.doesNotMatch(svgText, /var\(--/);
    assert.match(svgText, /Simulated heap/);
    for (const name of ['tokio unbounded', 'tokio bounded(128)', 'semaphore-gated (1024) at the producer'])
      assert.ok(svgText.includes(name), `${name} in the legend`);
    // the figure is of the moment on screen, not of a stale copy
    assert.ok(svgText.includes(`game-server at ${now} of 60 s`), `the caption says ${now}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // the series as CSV: numbers in every cell, the columns of `npm run sim -- --csv`
    const csv = await save(() => exportGroup.getByRole('button', { name: 'CSV' }).click(), 'export.csv');
    assert.equal(csv.suggested, 'channel-lab-game-server-series.csv');
    const rows = csv.bytes.toString('utf8').trim().split('\n');
    assert.ok(rows.length >= 10, `rows: ${rows.length}`);
    const width = (rows[0] ?? '').split(',').length;
    for (const r of rows.slice(1)) {
      const cells = r.split(',');
      assert.equal(cells.length, width);
      assert.ok(
        cells.every((c) => c === '' || Number.isFinite(Number(c))),
        r,
      );
    }

    // the scenario as JSON runs on the command line, and gives the same samples as the page
    const json = await save(
      () => exportGroup.getByRole('button', { name: 'Scenario JSON' }).click(),
      'export-scenario.json',
    );
    assert.equal(json.suggested, 'channel-lab-game-server.json');
    const sim = (...format: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/sim.ts', '--scenario', json.path, '--seconds', '1', ...format],
        { encoding: 'utf8' },
      );
    const report = sim('--json');
    assert.equal(report.status, 0, report.stderr);
    assert.equal((JSON.parse(report.stdout) as { strategies: unknown[] }).strategies.length, 3);
    const cli = sim('--csv');
    assert.equal(cli.status, 0, cli.stderr);
    const cliRows = cli.stdout.trim().split('\n');
    assert.equal(rows[0], cliRows[0], 'the same header as the CLI');
    // one run, one result: every sample of the CLI's first second is the page's sample at that time
    assert.ok(cliRows.length > 5 && rows.length > cliRows.length, `${cliRows.length} vs ${rows.length} rows`);
    assert.deepEqual(rows.slice(1, cliRows.length), cliRows.slice(1));
    // and the PNG is worth looking at
    await page.goto(`file://${process.cwd()}/${png.path}`);
    await page.screenshot({ path: `${SHOTS}/23-exported-png-viewed.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the production build works from a sub-path (worker and assets included)', async () => {
    const url = `${other.origin}/deep/sub/path/?preset=ping-pong`;
    const { page, errors } = await open(url);
    await playFor(page, 600);
    assert.notEqual(await text(page, 'status-arrivals'), '0');
    const embed = await e2e.browser.newPage();
    const embedErrors = watchErrors(embed);
    await embed.goto(`${other.origin}/deep/sub/path/?embed=1&view=readouts&preset=ping-pong&t=500`);
    await embed.locator('.embed').waitFor();
    await embed.getByTestId('readout-heap-0').waitFor();
    assert.deepEqual(errors, []);
    assert.deepEqual(embedErrors, []);
    await page.close();
    await embed.close();
  });

  it('screens: calculator and embed dialog on a phone, in dark and light', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, errors } = await open(baseUrl(), { width: 390, height: 844, colorScheme });
      await page.getByRole('button', { name: 'Calculator' }).click();
      const calc = page.locator('section.calculator');
      await calc.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/27-calculator-phone-${colorScheme}.png` });
      await calc.screenshot({ path: `${SHOTS}/27b-calculator-table-phone-${colorScheme}.png` });
      await page.getByRole('button', { name: 'Embed' }).click();
      await page.getByRole('dialog', { name: 'Embed this figure' }).waitFor();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${SHOTS}/28-embed-dialog-phone-${colorScheme}.png` });
      await page.keyboard.press('Escape');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
});
