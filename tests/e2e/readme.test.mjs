// The README's screenshot, taken of the real app as a user leaves it after the tour: a quote
// linked to its speaker, entities, a claim with an entity nested in it, and the quote
// selected in the panel. Written to docs/images/marginalia.png (light theme) so the picture
// stays true; a dark-theme and a narrow copy go to tests/e2e/artifacts/ to look at.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, expectEq, openApp, screenshot } from './harness.mjs';
import { select } from './annotate.test.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const README_IMAGE = path.join(ROOT, 'docs/images/marginalia.png');

const QUOTE = 'For thirty years this land has been a fence and a rumour,';

/** PNG width and height from its IHDR chunk. */
function pngSize(file) {
  const bytes = fs.readFileSync(file);
  expectEq([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG', 'a PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

export default async function readmeTests(test) {
  await test('the README screenshot: the tour done in the real app, in the light theme', async ({ page, url }) => {
    await page.setViewportSize({ width: 1360, height: 820 });
    await page.emulateMedia({ colorScheme: 'light' });
    // A fixed clock, so the picture (which shows when the quote was added) only changes when
    // the app does.
    await page.clock.setFixedTime(new Date('2026-11-23T12:46:00Z'));
    await openApp(page, url);
    // The annotator gives her name first, as a new user is asked to.
    const annotator = page.getByRole('textbox', { name: 'Annotator' });
    await annotator.fill('Ana Reis');
    await annotator.press('Enter');
    await page.locator('.notices', { hasText: 'You annotate as “Ana Reis”' }).waitFor();
    await page.locator('.notice-close').first().click();
    await select(page, 'Inês Conceição Barros');
    await page.keyboard.press('3');
    await select(page, 'Marvila', 1);
    await page.keyboard.press('3');
    await select(page, 'João Baptista Freitas');
    await page.keyboard.press('3');
    // A claim with an entity nested in it.
    await select(page, 'The city council on Tuesday approved a €42 million plan to turn a disused rail yard in the eastern district of Marvila into a public park');
    await page.keyboard.press('2');
    await select(page, QUOTE);
    await page.keyboard.press('1');
    // The quote is selected after tagging: link it to its speaker with s, typing, Enter.
    await page.keyboard.press('s');
    const picker = page.getByRole('dialog', { name: /^Speaker of/ });
    await picker.waitFor();
    await page.keyboard.type('Inês');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'hidden' });
    await page.locator('.links .link-row', { hasText: 'Inês Conceição Barros' }).waitFor();
    expectEq(await page.locator('.span-list .span-item').count(), 5, 'five annotations listed');
    // Scroll the reader so the tagged paragraphs start just below its sticky toolbar.
    await page.evaluate(() => {
      const reader = document.getElementById('reader');
      const block = [...document.querySelectorAll('.article-text .block')].find((b) =>
        b.textContent.startsWith('LISBON'),
      );
      const toolbar = reader.querySelector('.toolbar');
      const below = toolbar ? toolbar.getBoundingClientRect().bottom : reader.getBoundingClientRect().top;
      reader.scrollTop += block.getBoundingClientRect().top - below - 20;
    });
    await page.waitForTimeout(200);
    fs.mkdirSync(path.dirname(README_IMAGE), { recursive: true });
    await page.screenshot({ path: README_IMAGE });
    expectEq(pngSize(README_IMAGE), [1360, 820], 'the screenshot is the window');
    expect(fs.statSync(README_IMAGE).size > 50_000, 'the screenshot has content');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'readme-dark');
    await page.setViewportSize({ width: 420, height: 860 });
    await screenshot(page, 'readme-narrow');
  });
}
