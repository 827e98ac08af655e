// Exploring in Chromium, continued: your own Rust type as the message, scenario files (the file
// picker, and a bad file), named scenarios kept in the e2e.browser, and the calculator (inputs, pins,
// the link, CSV and Markdown). Expected bytes are derived in the comments from tokio's rule: an
// Arc<Chan> of 512 B plus one block of 32 slots × size_of::<T>() and 32 B of header at creation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { baseUrl, browserForTests, openGroup, openLab, watchErrors } from './browser.ts';

const e2e = browserForTests();
const SHOTS = e2e.shots;

const open = (width: number, height: number, query = '') => openLab(e2e.browser, width, height, query);

/** Waits until the tokio creation cost of the focused channel reads `bytes`. */
async function createCost(page: Page, bytes: string): Promise<void> {
  await page
    .waitForFunction(
      (b) => document.querySelector('[data-testid="create-bytes"]')?.textContent?.startsWith(b),
      bytes,
      { timeout: 15_000 },
    )
    .catch(async () => {
      throw new Error(`create cost ${await page.getByTestId('create-bytes').textContent()}, wanted ${bytes}`);
    });
}

describe('your own Rust type in the panel', () => {
  it('a valid type changes the sizes; a bad one says which part and breaks nothing', async () => {
    const { page, errors } = await open(1366, 768);
    // the game-server preset: String messages, 24 B each inline: 512 + 32 + 32 × 24 = 1,312 B
    await createCost(page, '1,312 B');
    const message = await openGroup(page, 'message');
    await message.getByRole('combobox', { name: 'Payload' }).selectOption('rust');
    const field = message.getByRole('textbox', { name: 'Rust type' });
    // rustc reorders (u8, u64, u16) to u64, u16, u8 + 5 bytes of padding: 16 B, align 8
    await field.fill('(u8, u64, u16)');
    await message.getByTestId('rust-size').filter({ hasText: 'size_of = 16 B, align_of = 8' }).waitFor();
    await message.getByRole('button', { name: 'Use this type' }).click();
    // 512 + 32 + 32 × 16 = 1,056 B
    await createCost(page, '1,056 B');
    await field.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/explore-rust-type-1366.png` });

    // a typo: the message names the part, the button stays off, the run keeps its type
    await field.fill('(u8, u64, Strin)');
    const error = message.getByTestId('rust-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /unknown type "Strin"/);
    assert.equal(await message.getByRole('button', { name: 'Use this type' }).isDisabled(), true);
    await page.screenshot({ path: `${SHOTS}/explore-rust-type-error-1366.png` });
    await page.getByRole('button', { name: 'Play' }).first().click();
    await page.getByRole('button', { name: 'Pause' }).first().click();
    await createCost(page, '1,056 B');
    assert.deepEqual(errors, []);
    await page.close();

    // on a phone: the field, its error and the layout diagram fit the width
    const phone = await open(360, 740, '?message.type=rust&message.rust=(u8,%20u64,%20u16)');
    const group = await openGroup(phone.page, 'message');
    await group.getByTestId('rust-size').filter({ hasText: 'size_of = 16 B' }).waitFor();
    await group.getByRole('textbox', { name: 'Rust type' }).scrollIntoViewIfNeeded();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page width ${width}`);
    await phone.page.screenshot({ path: `${SHOTS}/explore-rust-type-phone.png` });
    assert.deepEqual(phone.errors, []);
    await phone.page.close();
  });
});

describe('scenario files and named scenarios', () => {
  it('loads a file from the picker, names the field of a bad one, and keeps named scenarios', async () => {
    const { page, errors } = await open(1366, 768);
    const library = page.locator('.scenario-library');
    const picker = library.getByLabel('Scenario file');
    const file = {
      name: 'bursty.json',
      // [u8; 200]: 512 + 32 + 32 × 200 = 6,944 B per tokio channel
      scenario: {
        name: 'bursty',
        message: { type: 'bytes', bytes: 200 },
        strategies: [{ kind: 'unbounded' }],
      },
    };
    await picker.setInputFiles({
      name: file.name,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file.scenario)),
    });
    await library.getByText('Loaded “bursty” from bursty.json.').waitFor();
    await createCost(page, '6,944 B');

    // a bad file: the problem names its field; the scenario on screen stays
    await picker.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ channels: { count: -5 } })),
    });
    const alert = library.getByRole('alert');
    await alert.filter({ hasText: 'broken.json is not a scenario' }).waitFor();
    assert.match((await alert.textContent()) ?? '', /channels\.count/);
    await page.screenshot({ path: `${SHOTS}/explore-bad-file-1366.png` });
    await picker.setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{') });
    await alert.filter({ hasText: 'junk.json is not a scenario' }).waitFor();
    await createCost(page, '6,944 B');

    // save it under a name, load something else, then load it back
    await library.getByRole('textbox', { name: 'Name' }).fill('two hundred bytes');
    await library.getByRole('button', { name: 'Save current' }).click();
    await library.getByText('Saved as “two hundred bytes”.').waitFor();
    await page.getByRole('combobox', { name: 'Preset' }).selectOption('hyper-connection');
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="create-bytes"]')?.textContent?.startsWith('6,944 B'),
    );
    const saved = library.getByRole('combobox', { name: 'Saved' });
    await saved.selectOption('two hundred bytes');
    await library.getByRole('button', { name: 'Load' }).click();
    await createCost(page, '6,944 B');
    // rename it; after a reload it is still there under its new name
    await saved.selectOption('two hundred bytes');
    await library.getByRole('textbox', { name: 'Name' }).fill('200 B');
    await library.getByRole('button', { name: 'Rename' }).click();
    await library.getByText('Renamed “two hundred bytes” to “200 B”.').waitFor();
    await page.reload();
    await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
    const options = await page
      .locator('.scenario-library')
      .getByRole('combobox', { name: 'Saved' })
      .locator('option')
      .allTextContents();
    assert.ok(options.includes('200 B'), options.join(', '));
    await page.setViewportSize({ width: 360, height: 740 });
    await page.locator('.scenario-library').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/explore-scenarios-phone.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the calculator in Chromium', () => {
  it('inputs, pinned crates, the link and the CSV and Markdown exports', async () => {
    const { page, errors } = await open(1366, 768);
    await e2e.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(baseUrl()).origin,
    });
    await page.getByRole('button', { name: 'Calculator' }).click();
    const calc = page.locator('section.calculator');
    await calc.getByRole('combobox', { name: 'Message type' }).selectOption('bytes');
    const fill = async (name: string, value: string) => {
      const input = calc.getByRole('spinbutton', { name, exact: true });
      await input.fill(value);
      await input.press('Tab');
    };
    await fill('Array length N', '200');
    await fill('Capacity', '64');
    await fill('Channels', '5000');
    for (const name of ['tokio mpsc::channel(C)', 'flume bounded(C)', 'futures-channel mpsc::channel(C)'])
      await calc.getByRole('button', { name: `Pin ${name}` }).click();
    // 5,000 × (512 + 32 + 32 × 200) = 34,720,000 B
    const tokio = calc.getByTestId('tokio-bounded-create');
    assert.match((await tokio.textContent()) ?? '', /^34,720,000 B/);
    const order = await calc
      .locator('tr[data-testid^="calc-row-"]')
      .evaluateAll((rows) => rows.slice(0, 3).map((r) => r.getAttribute('data-testid')));
    assert.deepEqual(order, ['calc-row-tokio-bounded', 'calc-row-flume-bounded', 'calc-row-futures-bounded']);
    const table = async (p: Page) =>
      p
        .locator('section.calculator tbody')
        .first()
        .evaluate((el) => el.textContent ?? '');
    const shown = await table(page);
    await calc.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/explore-calculator-1366.png` });

    // exports: the pinned crates only, CSV raw integers and a Markdown table
    const csvDownload = page.waitForEvent('download');
    await calc.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync((await (await csvDownload).path()) ?? '', 'utf8')
      .trim()
      .split('\n');
    assert.equal(csv.length, 4);
    assert.match(csv[1] ?? '', /^tokio-bounded,tokio,mpsc::channel\(C\),\[u8; 200\],5000,64,34720000,/);
    const mdDownload = page.waitForEvent('download');
    await calc.getByRole('button', { name: 'Export Markdown' }).click();
    const md = readFileSync((await (await mdDownload).path()) ?? '', 'utf8')
      .trim()
      .split('\n');
    assert.equal(md[0], '| Constructor | At create | Holding 64 | After a drain |');
    assert.match(md[2] ?? '', /^\| tokio mpsc::channel\(C\) \| 34,720,000 B \(33\.11 MiB\) \|/);
    assert.equal(md.length, 5);

    // the copied link reopens the same calculator with the same table
    await page.waitForFunction(() => location.search.includes('calcPins='));
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(link, /calc=bytes&calcSize=200&calcCapacity=64/);
    assert.match(link, /calcPins=tokio-bounded%2Cflume-bounded%2Cfutures-bounded/);
    const again = await e2e.browser.newPage({ width: 360, height: 740 });
    const againErrors = watchErrors(again);
    await again.goto(link);
    await again.locator('section.calculator').waitFor({ timeout: 20_000 });
    assert.equal(await table(again), shown);
    await again.locator('section.calculator .calc-tools').scrollIntoViewIfNeeded();
    await again.screenshot({ path: `${SHOTS}/explore-calculator-phone.png` });
    const width = await again.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page width ${width}`);
    // a bad value in the link: a notice naming it, and the default
    await again.goto(link.replace('calcCapacity=64', 'calcCapacity=lots'));
    await again.getByText(/calcCapacity: expected a whole number from 0 to 10000000, got "lots"/).waitFor();
    assert.equal(
      await again.locator('section.calculator').getByRole('spinbutton', { name: 'Capacity' }).inputValue(),
      '1024',
    );
    assert.deepEqual(againErrors, []);
    assert.deepEqual(errors, []);
    await again.close();
    await page.close();
  });
});
