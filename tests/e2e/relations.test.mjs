// Relations like a user, by keyboard: tag a quote and two people, select the quote with j,
// press s, narrow the list by typing, pick the speaker with the arrow keys and Enter; the link
// is listed in the panel and drawn over the text; undo, redo, a reload and Export JSON keep it;
// a claim's claimant the same way; removing a link from the panel.
import fs from 'node:fs';
import { expect, expectEq, openApp, screenshot, waitStored } from './harness.mjs';
import { select } from './annotate.test.mjs';

async function downloadOf(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
}

const picker = (page) => page.getByRole('dialog', { name: /^(Speaker|Claimant|Cue) of/ });
const links = (page) => page.getByRole('group', { name: 'Links' });
const QUOTE = 'For thirty years this land has been a fence and a rumour,';

/** Wait until the panel's links read exactly `rows` (each "Role target"). */
async function waitForLinks(page, rows) {
  await page.waitForFunction(
    (rows) => {
      const got = [...document.querySelectorAll('.links .link-row')].map(
        (li) => `${li.querySelector('.link-role').textContent} ${li.querySelector('.link-target').textContent}`,
      );
      return JSON.stringify(got) === JSON.stringify(rows);
    },
    rows,
    { timeout: 5000 },
  ).catch(async () => {
    const got = await page.locator('.links .link-row').allTextContents();
    throw new Error(`links: want ${JSON.stringify(rows)}, got ${JSON.stringify(got)}`);
  });
}

export default async function relationsTests(test) {
  await test('a quote attributed to its speaker with the keyboard: s, type, arrows, Enter; undo, reload, export', async ({ page, url }) => {
    await openApp(page, url);
    await select(page, 'Inês Conceição Barros');
    await page.keyboard.press('3');
    await select(page, 'João Baptista Freitas');
    await page.keyboard.press('3');
    await select(page, QUOTE);
    await page.keyboard.press('1');
    // Select the quote by keyboard: Esc clears, j steps to the first span in text order.
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.locator('.selected-text', { hasText: 'For thirty years' }).waitFor();
    // s with nothing fitting selected explains itself elsewhere; here it opens the picker.
    await page.keyboard.press('s');
    await picker(page).waitFor();
    expectEq(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      'Find the speaker',
      'focus starts in the filter',
    );
    const options = picker(page).getByRole('option');
    expectEq(
      await options.locator('.link-words').allTextContents(),
      ['Inês Conceição Barros', 'João Baptista Freitas'],
      'both people, the nearest first',
    );
    await screenshot(page, 'relations-picker');
    // Typing narrows the list (accents and case ignored); clearing brings both back.
    await page.keyboard.type('joao');
    await page.waitForFunction(() => document.querySelectorAll('.link-option').length === 1);
    expectEq(await options.locator('.link-words').allTextContents(), ['João Baptista Freitas'], 'narrowed');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => document.querySelectorAll('.link-option').length === 2);
    // Arrow down to Freitas and back up to Barros; Enter links.
    await page.keyboard.press('ArrowDown');
    expectEq(await picker(page).locator('.link-option.active .link-words').textContent(), 'João Baptista Freitas', 'down');
    await page.keyboard.press('ArrowUp');
    expectEq(await picker(page).locator('.link-option.active .link-words').textContent(), 'Inês Conceição Barros', 'up');
    await page.keyboard.press('Enter');
    await picker(page).waitFor({ state: 'detached' });
    await waitForLinks(page, ['Speaker Inês Conceição Barros']);
    // Drawn: one arc named "said by", and an outline around the speaker.
    await page.locator('.relation-layer .relation.said_by path.relation-arc').waitFor();
    expectEq(await page.locator('.relation-layer .relation-name').allTextContents(), ['said by'], 'arc name');
    expect((await page.locator('.relation-layer .relation-end').count()) >= 1, 'the speaker is outlined');
    await screenshot(page, 'relations-drawn');
    // The speaker's side lists it too.
    await page.getByRole('button', { name: /Inês Conceição Barros/ }).first().click();
    await waitForLinks(page, [`Speaker of ${QUOTE}`]);
    await page.locator('.relation-layer .relation-arc').waitFor();
    // Undo removes the link, redo brings it back.
    await page.locator('.panel-heading').click();
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('.links .link-row').length === 0);
    await page.keyboard.press('Control+Shift+z');
    await page.locator('.links .link-row').waitFor();
    // Saved: a reload keeps it; Export JSON carries it with both ends.
    await waitStored(
      page,
      (r) => Object.entries(r).some(([k, v]) => k.startsWith('marginalia:doc:') && v.includes('said_by')),
      'the relation in its document',
    );
    await page.reload();
    await page.locator('.seg[data-labels~="quote"]').first().click();
    await waitForLinks(page, ['Speaker Inês Conceição Barros']);
    // Hovering shows a span's relations too: nothing selected, the pointer on the speaker.
    await page.locator('.panel-heading').click();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.relation-layer .relation'));
    await page.locator('.seg[data-labels~="entity"]').first().hover();
    await page.locator('.relation-layer .relation.said_by').waitFor();
    await page.mouse.move(5, 5);
    await page.waitForFunction(() => !document.querySelector('.relation-layer .relation'));
    const data = await downloadOf(page, () => page.getByRole('button', { name: 'Export JSON' }).click());
    expectEq(data.relations.length, 1, 'one relation in the dataset');
    const rel = data.relations[0];
    expectEq(rel.kind, 'said_by', 'relation kind');
    const doc = data.documents.find((d) => d.id === rel.document);
    expect(doc, 'the relation names its document');
    const byId = Object.fromEntries(doc.spans.map((s) => [s.id, s]));
    const from = byId[rel.from], to = byId[rel.to];
    expectEq([from.label, to.label], ['quote', 'entity'], 'ends');
    expectEq([...doc.text].slice(to.start, to.end).join(''), 'Inês Conceição Barros', 'speaker text by code points');
  });

  await test('a claim’s claimant by s; a link removed from the panel; s explains what it needs', async ({ page, url }) => {
    await openApp(page, url);
    // Nothing selected: s says what to do instead of doing nothing.
    await page.locator('.panel-heading').click();
    await page.keyboard.press('s');
    await page.getByText(/Select a quote or a claim first/).waitFor();
    await select(page, 'João Baptista Freitas');
    await page.keyboard.press('3');
    // An entity has no speaker: s says so.
    await page.keyboard.press('s');
    await page.getByText(/Only a quote has a speaker/).waitFor();
    expectEq(await picker(page).count(), 0, 'no picker for an entity');
    await select(page, 'a bill we are handing to people who are still at school.');
    await page.keyboard.press('2');
    await page.keyboard.press('s');
    await picker(page).waitFor();
    expectEq(await picker(page).locator('h2').textContent(), 'Claimant of this claim', 'title');
    // Escape closes the picker and keeps the claim selected; the panel's button opens it again.
    await page.keyboard.press('Escape');
    await picker(page).waitFor({ state: 'detached' });
    await page.locator('.selected-text', { hasText: 'a bill we are handing' }).waitFor();
    await links(page).getByRole('button', { name: 'Claimant…' }).click();
    await picker(page).waitFor();
    await page.keyboard.press('Enter');
    await waitForLinks(page, ['Claimant João Baptista Freitas']);
    await page.locator('.relation-layer .relation.claimant').waitFor();
    // Removing it from the panel.
    await links(page).getByRole('button', { name: 'Remove claimant João Baptista Freitas' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.links .link-row').length === 0);
    expectEq(await page.locator('.relation-layer .relation').count(), 0, 'no arc left');
  });
}
