// Every screen from a 360 px phone to a 2,560 px monitor, touch emulated below 1,100 px: no
// horizontal scrolling in either theme, every control in sight and under the finger (behind the
// Menu or a drawer where the window is narrow), a span tagged through the selection's toolbar
// with code-point offsets, every dialog inside the window and scrolling inside itself, and
// axe-core clean. Screenshots of each width in both themes land in tests/e2e/artifacts/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, expectEq, screenshot } from './harness.mjs';
import { select } from './annotate.test.mjs';
import { noViolations } from './a11y.test.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** [width, height]: a phone, a tablet upright and sideways, a laptop, a 4K-class monitor. */
const SCREENS = [
  [360, 740],
  [768, 1024],
  [1024, 768],
  [1440, 900],
  [2560, 1440],
];

/**
 * Every control in `scope` that is shown (not the hidden file input) lies inside the window's
 * width and, scrolled into view, is the element a finger or a pointer at its centre hits.
 * Returns the problems found and how many controls were checked.
 */
const reach = (page, scope) =>
  page.evaluate((scope) => {
    const root = document.querySelector(scope);
    if (!root) return { checked: 0, problems: [`${scope}: not found`] };
    const problems = [];
    let checked = 0;
    const controls = root.querySelectorAll('button, input, select, textarea, a[href], [tabindex="0"]');
    for (const el of controls) {
      if (!el.checkVisibility({ visibilityProperty: true }) || el.closest('[aria-hidden="true"], [inert]')) continue;
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const box = el.getBoundingClientRect();
      const name = `${scope} ${el.tagName.toLowerCase()} “${(el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30)}”`;
      checked++;
      if (box.width < 1 || box.height < 1) continue;
      if (box.left < -0.5 || box.right > innerWidth + 0.5) {
        problems.push(`${name} at x ${Math.round(box.left)}–${Math.round(box.right)}`);
        continue;
      }
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, innerHeight - box.top - 1));
      if (!hit || !(el === hit || el.contains(hit) || hit.closest('label')?.contains(el))) {
        problems.push(`${name} covered by ${hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing'}`);
      }
    }
    return { checked, problems };
  }, scope);

async function expectReachable(page, scope, what) {
  // A drawer slides in: measure where it comes to rest.
  await page.waitForFunction((scope) => document.querySelector(scope)?.getAnimations({ subtree: true }).length === 0, scope);
  const { checked, problems } = await reach(page, scope);
  expect(checked > 0, `${what}: controls found`);
  expect(problems.length === 0, `${what}: ${problems.join('; ')}`);
}

/** The page is no wider than the window. */
async function noOverflow(page, width, what) {
  expectEq(await page.evaluate(() => document.documentElement.scrollWidth), width, `${what}: page width`);
}

export default async function screensTests(test) {
  for (const [width, height] of SCREENS) {
    const touch = width < 1100;
    const narrow = width < 1100;
    const phone = width < 700;
    await test(
      `${width}×${height} px${touch ? ', touch' : ''}: no overflow, every control reachable, a span tagged with the right offsets, dialogs fit, axe-core clean`,
      async ({ page, url }) => {
        await page.goto(url);
        await page.locator('article h1').waitFor();
        // Both themes: the width, axe-core and a screenshot.
        for (const scheme of ['light', 'dark']) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.waitForTimeout(50);
          await noOverflow(page, width, scheme);
          await noViolations(page, `${width} px, ${scheme}`);
          await screenshot(page, `screen-${width}-${scheme}`);
        }
        await page.emulateMedia({ colorScheme: 'light' });

        // Every control: the header's own, the view switch, then what the Menu and the
        // drawers hold where the window is narrow.
        await expectReachable(page, 'header', 'the header');
        if (phone) {
          await page.getByRole('button', { name: 'Menu' }).click();
          await page.getByRole('button', { name: 'Open articles' }).waitFor();
          await expectReachable(page, '#actions', 'the menu');
          await noViolations(page, `${width} px, the menu open`);
          await screenshot(page, `screen-${width}-menu`);
          await page.getByRole('button', { name: 'Menu' }).click();
        }
        await expectReachable(page, '.reader-head', 'the article’s toolbar');
        if (narrow) await expectReachable(page, '.drawer-bar', 'the drawers’ buttons');
        for (const view of ['People', 'Claims', 'Agreement']) {
          await page.locator('.view-switch').getByRole('button', { name: view, exact: true }).click();
          await page.locator('.view-switch [aria-current="page"]', { hasText: view }).waitFor();
          await noOverflow(page, width, `the ${view} view`);
          await expectReachable(page, '.workspace', `the ${view} view`);
          await screenshot(page, `screen-${width}-${view.toLowerCase()}`);
        }
        await page.locator('.view-switch').getByRole('button', { name: 'Article', exact: true }).click();
        const docs = page.getByRole('navigation', { name: 'Documents' });
        if (narrow) {
          expect(!(await docs.isVisible()), 'the document list waits in its drawer');
          await page.getByRole('button', { name: 'Documents', exact: true }).click();
        }
        await docs.waitFor();
        await expectReachable(page, '#documents', 'the document list');
        if (narrow) {
          await noViolations(page, `${width} px, the documents drawer`);
          await screenshot(page, `screen-${width}-documents`);
          await page.keyboard.press('Escape');
          await docs.waitFor({ state: 'hidden' });
        }

        // Load an article whose text has a flag and a ZWJ family before the words to tag.
        if (phone) await page.getByRole('button', { name: 'Menu' }).click();
        const chooser = page.waitForEvent('filechooser');
        await page.getByRole('button', { name: 'Open articles' }).click();
        await (await chooser).setFiles([path.join(FIXTURES, 'harbour-🇺🇦.md')]);
        await page.locator('article h1', { hasText: 'Kyiv harbour reopens' }).waitFor();
        const needle = 'left at dawn';
        await page.locator('.article-text .block', { hasText: needle }).first().scrollIntoViewIfNeeded();
        // Part of the words, as a finger's handles leave them: the span snaps to whole words.
        await select(page, 'eft at daw');
        const bar = page.getByRole('toolbar', { name: 'Tag the selection' });
        await bar.waitFor();
        const buttons = await bar.getByRole('button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().toJSON()));
        expect(buttons.length >= 3, 'Quote, Claim, Entity and the schema’s labels');
        for (const b of buttons) {
          expect(b.width >= 44 && b.height >= 44, `a toolbar button of ${b.width}×${b.height} px`);
          expect(b.left >= 0 && b.right <= width && b.top >= 0 && b.bottom <= height, 'the toolbar inside the window');
        }
        await screenshot(page, `screen-${width}-toolbar`);
        const quote = bar.getByRole('button', { name: 'Quote' });
        if (touch) await quote.tap();
        else await quote.click();
        await bar.waitFor({ state: 'detached' });
        const seg = page.locator('.article-text .seg[data-labels~="quote"]', { hasText: needle }).first();
        const expected = await page.evaluate((needle) => {
          const block = [...document.querySelectorAll('.article-text .block')].find((b) => b.textContent.includes(needle));
          const before = block.textContent.slice(0, block.textContent.indexOf(needle));
          return [Number(block.dataset.start) + [...before].length, [...needle].length];
        }, needle);
        expectEq(
          [Number(await seg.getAttribute('data-start')), Number(await seg.getAttribute('data-end'))],
          [expected[0], expected[0] + expected[1]],
          'the quote’s code-point offsets',
        );
        expectEq(await seg.textContent(), needle, 'the words tagged');

        // A tap (or a click) on the highlight shows the span's details; narrow, as a drawer.
        if (touch) await seg.tap();
        else await seg.click();
        const panel = page.getByRole('complementary', { name: 'Annotations' });
        await panel.locator('.selected-text', { hasText: needle }).waitFor();
        await expectReachable(page, '#annotations', 'the annotation panel');
        await noOverflow(page, width, 'the panel open');
        await noViolations(page, `${width} px, a span's details`);
        await screenshot(page, `screen-${width}-panel`);
        if (narrow) {
          await page.keyboard.press('Escape');
          await panel.waitFor({ state: 'hidden' });
        }

        // Every dialog inside the window, scrolling inside itself when its content is longer.
        for (const name of ['Paste article', 'Labels', 'Export…', 'Sync', 'Keyboard shortcuts']) {
          if (phone) await page.getByRole('button', { name: 'Menu' }).click();
          await page.getByRole('button', { name, exact: true }).click();
          const dialog = page.getByRole('dialog');
          await dialog.waitFor();
          const fit = await dialog.evaluate((d) => {
            const box = d.getBoundingClientRect();
            const inside = box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight;
            // What is longer than the dialog scrolls inside it: the dialog or a part of it.
            const scrolls = [d, ...d.querySelectorAll('*')].some(
              (e) => e.scrollHeight > e.clientHeight + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY),
            );
            const long = [d, ...d.querySelectorAll('*')].some((e) => e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible');
            return { box: box.toJSON(), inside, scrolls, long, wide: document.documentElement.scrollWidth };
          });
          expect(fit.inside, `${name} inside the ${width}×${height} window: ${JSON.stringify(fit.box)}`);
          expect(!fit.long || fit.scrolls, `${name}: its longer content scrolls inside it`);
          expectEq(fit.wide, width, `${name}: page width`);
          await expectReachable(page, '[role="dialog"]', `the ${name} dialog`);
          if (width === 360) await screenshot(page, `screen-${width}-dialog-${name.replace(/\W+/g, '')}`);
          await page.keyboard.press('Escape');
          await dialog.waitFor({ state: 'detached' });
        }
      },
      { context: { viewport: { width, height }, hasTouch: touch, isMobile: phone } },
    );
  }
}
