// Lessons in real Chromium against the production build: every built-in lesson run with the keyboard
// (digits predict, r reveals, n moves on), in normal and presenter mode. Before each reveal the answer
// and the figures that explain it appear nowhere on the page outside the choices, and the step's figure
// is on screen; after it, the answer and the pointer to the evidence are there. A teacher's lesson
// opens from a file, from a link naming a file and from a link carrying it; malformed ones explain
// themselves. The workshop page lists the lessons and prints handouts without answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { answerOf, builtInLessons, fill, type Lesson } from '../../src/content/lessons.ts';
import { baseUrl, browserForTests, watchErrors } from './browser.ts';

const e2e = browserForTests('test-results/lessons');
const SHOTS = e2e.shots;

/** Occurrences of `s` as a whole figure or phrase ("3" is not found in "33" or "1.3"). */
const count = (text: string, s: string) => {
  const esc = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...text.matchAll(new RegExp(`(?<![\\w.,])${esc}(?![\\w,]|\\.\\d)`, 'g'))].length;
};
/** Byte figures an explanation quotes ("33,312 B"): none may show before the reveal. */
const figuresOf = (text: string) => [...text.matchAll(/\d[\d,]*(?:\.\d+)? B\b/g)].map((m) => m[0]);

/**
 * What must not be on the page before the reveal: the answer, and the byte figures of its explanation
 * and evidence that the step does not itself give (its texts, its choices, its scenario's inputs).
 * Two kinds of answer are checked through their explanation only: a strategy's name (it labels every
 * figure) and a bare count under 10 (0, 3, 4 are on every page in other roles: "0 s", "Step 1 of 3");
 * and "0 B" is no secret (every chart's axis starts there).
 */
function secrets(lesson: Lesson, step: number): string[] {
  const a = answerOf(lesson, step);
  const s = lesson.steps[step]?.data;
  const q = s?.question;
  if (a === null || s === undefined || q === undefined) return [];
  const measure = lesson.data.quantities[q.answer.quantity]?.measure;
  const smallCount = /^\d$/.test(a.value);
  const out = measure === 'simulation-leader' || smallCount ? [] : [a.value];
  const given = [s.title, s.text, q.prompt, ...q.choices].map((t) => fill(lesson, t, step)).join(' ');
  const inputs = Object.entries(lesson.data.quantities)
    .filter(([, x]) => x.measure === 'scenario')
    .map(([name]) => fill(lesson, `{${name}}`, step));
  const explained = [...figuresOf(a.why), ...figuresOf(a.evidence ?? '')].filter(
    (f) => f !== '0 B' && !given.includes(f) && !inputs.includes(f),
  );
  return [...out, ...explained];
}

/** Every secret appears on the page at most as often as in the choices (where it must be). */
async function assertNoSpoiler(page: Page, hidden: readonly string[], where: string): Promise<void> {
  // the preset menu's options are part of the page's text but say nothing about this step
  const { body, choices } = await page.evaluate(() => ({
    body: [document.body.innerText, ...[...document.querySelectorAll('select')].map((s) => s.innerText)],
    choices:
      (document.querySelector('[data-testid="lesson-choices"]') as HTMLElement | null)?.innerText ?? '',
  }));
  const [page_, ...menus] = body;
  const text = page_ ?? '';
  for (const s of hidden) {
    const n = count(text, s) - menus.reduce((k, m) => k + count(m, s), 0);
    assert.ok(
      n <= count(choices, s),
      `${where}: “${s}” is on the page before the reveal: ${text
        .split('\n')
        .filter((line) => count(line, s) > 0)
        .join(' | ')}`,
    );
  }
}

/** The step's figure is marked and at least partly on screen, its top inside the viewport. */
async function assertFigureInView(page: Page, view: string, where: string): Promise<void> {
  const fig = page.locator(`[data-lesson-figure="${view}"]`);
  await fig.waitFor({ timeout: 10_000 });
  await page.waitForTimeout(400); // smooth scrolling settles
  const box = await fig.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight };
  });
  assert.ok(
    box.top >= -1 && box.top < box.height - 80,
    `${where}: figure ${view} not in view (${JSON.stringify(box)})`,
  );
}

async function runLesson(page: Page, lesson: Lesson, mode: 'normal' | 'presenter'): Promise<void> {
  const present = mode === 'presenter' ? '&present=1' : '';
  await page.goto(`${baseUrl()}?lesson=${lesson.id}&step=1${present}`);
  for (let i = 0; i < lesson.steps.length; i++) {
    const step = lesson.steps[i]!;
    const where = `${lesson.id} step ${i + 1} (${mode})`;
    await page.getByText(`Step ${i + 1} of ${lesson.steps.length}`).waitFor({ timeout: 20_000 });
    await page
      .getByTestId('status-state')
      .filter({ hasText: /paused|playing/ })
      .waitFor({ timeout: 20_000 });
    // the stage: the step's strategy is the one drawn in detail, its time is reached
    if (step.data.timeMs > 0)
      await page.waitForFunction(
        (t) => {
          const m = /^([\d.]+) s/.exec(
            document.querySelector('[data-testid="status-time"]')?.textContent ?? '',
          );
          return m !== null && Math.abs(Number(m[1]) - t) < 0.01;
        },
        step.data.timeMs / 1000,
        { timeout: 20_000 },
      );
    await assertFigureInView(page, step.data.view, where);
    const q = step.data.question;
    if (q !== undefined) {
      await assertNoSpoiler(page, secrets(lesson, i), where);
      await page.screenshot({ path: `${SHOTS}/${mode}-${lesson.id}-${i + 1}-question.png` });
      await page.keyboard.press('1');
      await page.keyboard.press('r');
      const a = answerOf(lesson, i)!;
      await page
        .getByRole('status')
        .filter({ hasText: `Answer: ${a.value}` })
        .waitFor({ timeout: 20_000 });
      assert.match(await page.getByTestId('lesson-evidence').innerText(), /^\s*See /);
      // the run went to the evidence
      const at = step.data.reveal?.timeMs;
      if (at !== undefined)
        await page
          .waitForFunction(
            (t) => {
              const el = document.querySelector('[data-testid="status-time"]');
              const m = /^([\d.,]+) (ms|s)\b/.exec(el?.textContent ?? '');
              const n = Number((m?.[1] ?? '').replace(/,/g, '')) / (m?.[2] === 'ms' ? 1000 : 1);
              return m !== null && n >= t - 0.01;
            },
            at / 1000,
            { timeout: 20_000 },
          )
          .catch(async (e: unknown) => {
            const now = await page.getByTestId('status-time').innerText();
            throw new Error(`${where}: the reveal should go to ${at} ms, the run shows ${now}: ${String(e)}`);
          });
      // nothing hidden any more: the concealed panels show their figures again
      assert.equal(await page.evaluate(() => document.documentElement.dataset.conceal ?? ''), '');
      await assertFigureInView(page, step.data.view, `${where}, revealed`);
      await page.waitForTimeout(300);
      // the way on is in reach (the panel scrolls on a laptop): the next-step button shows, down to its bottom edge
      const next = page.locator('.lesson-nav button').last();
      const nb = await next.boundingBox();
      assert.ok(nb !== null, `${where}: the next-step button is laid out`);
      const hit = await page.evaluate(
        ([x, y]) =>
          document.elementFromPoint(x as number, y as number)?.closest('.lesson-nav button')?.textContent ??
          '',
        [nb.x + nb.width / 2, nb.y + nb.height - 3],
      );
      assert.match(hit, /Next step|Finish lesson/, `${where}: the next-step button is visible, not covered`);
      await page.screenshot({ path: `${SHOTS}/${mode}-${lesson.id}-${i + 1}-answer.png` });
    } else {
      await page.screenshot({ path: `${SHOTS}/${mode}-${lesson.id}-${i + 1}.png` });
    }
    await page.keyboard.press('n');
  }
  await page.getByText('Lesson complete.').waitFor();
}

describe('lessons in Chromium', () => {
  for (const mode of ['normal', 'presenter'] as const) {
    it(
      `every built-in lesson runs with the keyboard, no spoilers, figure in view (${mode})`,
      {},
      async () => {
        const size = mode === 'normal' ? { width: 1366, height: 768 } : { width: 1920, height: 1080 };
        const page = await e2e.browser.newPage(size);
        const errors = watchErrors(page);
        for (const lesson of builtInLessons) await runLesson(page, lesson, mode);
        // Page Down scrolls the page while a lesson is open (it used to move to the next step)
        await page.goto(`${baseUrl()}?lesson=block&step=1`);
        await page.getByText('Step 1 of 2').waitFor({ timeout: 20_000 });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator('body').click({ position: { x: 5, y: 5 } });
        await page.keyboard.press('PageDown');
        await page.waitForTimeout(500);
        assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'Page Down scrolled');
        await page.getByText('Step 1 of 2').waitFor();
        assert.deepEqual(errors, []);
        await page.close();
      },
    );
  }

  it('a teacher’s lesson: from a file, from a link to a file, carried by a link; malformed ones explain', async () => {
    const page = await e2e.browser.newPage({ width: 1366, height: 768 });
    const errors = watchErrors(page);
    // from disk, through the Lessons panel
    await page.goto(baseUrl());
    await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Lessons' }).click();
    const input = page.getByLabel('Open a lesson file (JSON)');
    await input.setInputFiles('public/lessons/example.json');
    await page.getByRole('heading', { name: 'Idle channels' }).waitFor();
    await page.keyboard.press('3');
    await page.keyboard.press('r');
    await page.getByRole('status').filter({ hasText: 'Answer: 800 B (you predicted it)' }).waitFor();
    await page.getByRole('button', { name: 'All lessons' }).click();
    await input.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'channel-lab/lesson@1',
          id: 'x',
          title: 'T',
          summary: 'S',
          minutes: 2,
          steps: [{ title: 't', text: 't', view: 'pie', preset: 'ping-pong' }],
        }),
      ),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'This lesson cannot be used' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /steps\.0\.view: expected one of/);
    await page.screenshot({ path: `${SHOTS}/file-malformed.png` });
    // a link naming a lesson file on this site
    await page.goto(`${baseUrl()}?lessonFile=lessons/example.json&lesson=teacher-u64&step=1`);
    await page.getByRole('heading', { name: 'Idle channels' }).waitFor({ timeout: 20_000 });
    await assertFigureInView(page, 'create', 'lesson from a link');
    // the address keeps the file, so a reload reopens it
    await page.waitForFunction(
      () =>
        location.search.includes('lessonFile=lessons%2Fexample.json') ||
        location.search.includes('lessonFile=lessons/example.json'),
    );
    // a link carrying a short lesson
    const inline = {
      format: 'channel-lab/lesson@1',
      id: 'inline',
      title: 'From a link',
      summary: 'A lesson in the address.',
      minutes: 1,
      quantities: { c: { measure: 'create', impl: 'crossbeam-unbounded', message: { type: 'u64' } } },
      steps: [{ title: 'Linked step', text: 'Costs {c}.', view: 'create', preset: 'ping-pong' }],
    };
    await page.goto(`${baseUrl()}?lessonJson=${encodeURIComponent(JSON.stringify(inline))}`);
    await page.getByRole('heading', { name: 'Linked step' }).waitFor({ timeout: 20_000 });
    await page.getByText(/^Costs \d[\d,]* B\.$/).waitFor();
    // malformed in a link: the error names the field, the lab still works
    await page.goto(
      `${baseUrl()}?lessonJson=${encodeURIComponent(JSON.stringify({ ...inline, minutes: 'ten' }))}`,
    );
    const bad = page.getByRole('alert').filter({ hasText: 'This lesson cannot be used' });
    await bad.waitFor({ timeout: 20_000 });
    assert.match(await bad.innerText(), /minutes: expected number, got "ten"/);
    await page.getByTestId('status-state').filter({ hasText: 'paused' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/link-malformed.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the workshop page lists the lessons; a handout prints the questions without the answers', async () => {
    const page = await e2e.browser.newPage({ width: 1366, height: 900 });
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}?workshop=1`);
    const table = page.getByRole('table', { name: 'The lessons' });
    await table.waitFor({ timeout: 20_000 });
    assert.equal(await table.locator('tbody tr').count(), builtInLessons.length);
    assert.match(await table.innerText(), /The 32-slot block[\s\S]*5 min, 2 steps/);
    await page.screenshot({ path: `${SHOTS}/workshop-page.png`, fullPage: true });
    await page.getByRole('link', { name: 'Handout: The 32-slot block' }).click();
    await page.getByRole('heading', { name: 'The 32-slot block', level: 1 }).waitFor();
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => document.body.innerText);
    const block = builtInLessons[0]!;
    assert.match(printed, /How many bytes does tokio::sync::mpsc::channel::<\[u8; 1024\]>\(1\) allocate/);
    const choices = block.steps.flatMap(
      (s, i) => s.data.question?.choices.map((c) => fill(block, c, i)) ?? [],
    );
    assert.ok(!printed.includes('Answer'), 'no answer');
    for (let i = 0; i < block.steps.length; i++) {
      const a = answerOf(block, i)!;
      // the answer is only there as a choice, and the figures of its explanation not at all
      assert.equal(count(printed, a.value), choices.filter((c) => c === a.value).length, a.value);
      for (const f of figuresOf(a.why).filter((f) => !choices.includes(f)))
        assert.ok(!printed.includes(f), f);
    }
    assert.ok(!printed.includes('Print handout'), 'buttons are not printed');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000);
    await page.screenshot({ path: `${SHOTS}/handout-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
