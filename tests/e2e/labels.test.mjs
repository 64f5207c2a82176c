// The Labels dialog like a user: add a label with a key, tag with it, rename it, undo and redo
// the rename, refuse to remove a label in use, reload, and find it in the Export JSON.
import fs from 'node:fs';
import { expect, expectEq, openApp, screenshot, waitStored } from './harness.mjs';
import { select } from './annotate.test.mjs';

async function downloadOf(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
}

const toolbar = (page) => page.getByRole('toolbar', { name: 'Annotate' });
const dialog = (page) => page.getByRole('dialog', { name: 'Labels' });

export default async function labelsTests(test) {
  await test('a new label: added with a key, tagged, renamed, undone, kept over a reload and exported', async ({ page, url }) => {
    await openApp(page, url);
    // Keyboard: the Labels button is a header button; Enter opens the dialog on its name field.
    await page.getByRole('button', { name: 'Labels', exact: true }).focus();
    await page.keyboard.press('Enter');
    await dialog(page).waitFor();
    expectEq(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      'New label name',
      'focus starts on the new name',
    );
    expectEq(await dialog(page).getByRole('listitem').count(), 3, 'the three defaults');
    await page.keyboard.type('Source');
    await dialog(page).getByRole('textbox', { name: 'New label key' }).fill('4');
    await dialog(page).getByRole('button', { name: 'Colour #cc79a7' }).click();
    await dialog(page).getByRole('button', { name: 'Add label' }).click();
    await dialog(page).getByRole('textbox', { name: 'Name of Source' }).waitFor();
    await toolbar(page).getByRole('button', { name: 'Source', exact: true }).waitFor();
    // A name that is taken is refused with a sentence, in the dialog.
    await dialog(page).getByRole('textbox', { name: 'New label name' }).fill('quote');
    await dialog(page).getByRole('button', { name: 'Add label' }).click();
    await dialog(page).getByRole('alert').waitFor();
    expect(/name/i.test(await dialog(page).getByRole('alert').textContent()), 'a taken name is refused');
    await dialog(page).getByRole('textbox', { name: 'New label name' }).fill('');
    await screenshot(page, 'labels-dialog');
    await page.keyboard.press('Escape');
    expectEq(await dialog(page).count(), 0, 'Escape closes the dialog');

    // Key 4 tags with it (its place's digit); it is drawn in its colour.
    await select(page, 'Inês Conceição Barros');
    await page.keyboard.press('4');
    const seg = page.locator('.article-text .seg[data-labels="source"]');
    await seg.first().waitFor();
    expectEq(await seg.first().getAttribute('title'), 'Source', 'its name on the highlight');
    await page.keyboard.press('Escape'); // the selected span is drawn as selected
    const shadow = await seg.first().evaluate((el) => getComputedStyle(el).boxShadow);
    expect(shadow.includes('204, 121, 167'), `drawn in its colour: ${shadow}`);
    expectEq(await page.locator('.span-item .chip').first().textContent(), 'Source', 'panel chip');
    await page.getByRole('group', { name: 'Filter by label' }).getByRole('button', { name: /^Source/ }).waitFor();
    // A default label keeps its look next to it.
    await select(page, 'For thirty years this land');
    await page.keyboard.press('1');
    await page.locator('.seg[data-labels="quote"]').first().waitFor();
    await page.keyboard.press('Escape');
    await seg.first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'labels-article');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'labels-article-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Rename it in the dialog; Ctrl+Z undoes the rename, Ctrl+Shift+Z redoes it.
    await page.getByRole('button', { name: 'Labels', exact: true }).click();
    await dialog(page).getByRole('textbox', { name: 'Name of Source' }).fill('Named source');
    await dialog(page).getByRole('textbox', { name: 'Name of Source' }).press('Tab');
    await toolbar(page).getByRole('button', { name: 'Named source' }).waitFor();
    // A key another shortcut uses is refused in the dialog, and the field shows the old key.
    await dialog(page).getByRole('textbox', { name: 'Key of Named source' }).fill('j');
    await dialog(page).getByRole('textbox', { name: 'Key of Named source' }).press('Tab');
    await dialog(page).getByRole('alert').waitFor();
    expectEq(await dialog(page).getByRole('textbox', { name: 'Key of Named source' }).inputValue(), '', 'key field reset');
    // Removing a label in use is refused and says why.
    await dialog(page).getByRole('button', { name: 'Remove Named source' }).click();
    const refusal = await dialog(page).getByRole('alert').textContent();
    expect(refusal.includes('cannot be removed: 1 annotation uses it'), refusal);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await toolbar(page).getByRole('button', { name: 'Source', exact: true }).waitFor();
    await page.keyboard.press('Control+Shift+z');
    await toolbar(page).getByRole('button', { name: 'Named source' }).waitFor();
    // The shortcuts list knows it.
    await page.keyboard.press('?');
    await page.getByRole('row', { name: /Tag the selection as Named source/ }).waitFor();
    await page.keyboard.press('Escape');

    // A reload keeps the label, its key and its span.
    await waitStored(page, (r) => (r['marginalia:schema'] ?? '').includes('Named source'), 'the label schema with Named source');
    await page.reload();
    await toolbar(page).getByRole('button', { name: 'Named source' }).waitFor();
    await page.locator('.article-text .seg[data-labels="source"]').first().waitFor();
    await select(page, 'a fence and a rumour');
    await page.keyboard.press('4');
    await page.waitForFunction(() => document.querySelectorAll('.seg[data-labels~="source"]').length >= 2);

    // The Export JSON carries it.
    const data = await downloadOf(page, () => page.getByRole('button', { name: 'Export JSON' }).click());
    const label = data.labels.find((l) => l.id === 'source');
    expectEq(
      label && { name: label.name, color: label.color, key: label.key },
      { name: 'Named source', color: '#cc79a7', key: undefined },
      'the label in the export',
    );
    const spans = data.documents.flatMap((d) => d.spans).filter((s) => s.label === 'source');
    expectEq(spans.map((s) => s.text).sort(), ['Inês Conceição Barros', 'a fence and a rumour'], 'its spans');
  });

  await test('an unused label is removed, and Ctrl+Z brings it back; a recolour keeps the defaults’ look', async ({ page, url }) => {
    await openApp(page, url);
    await page.getByRole('button', { name: 'Labels', exact: true }).click();
    await dialog(page).getByRole('textbox', { name: 'New label name' }).fill('Opinion');
    await dialog(page).getByRole('textbox', { name: 'New label key' }).fill('o');
    await dialog(page).getByRole('button', { name: 'Add label' }).click();
    await toolbar(page).getByRole('button', { name: 'Opinion' }).waitFor();
    expectEq(await dialog(page).getByLabel('Colour of Opinion').inputValue(), '#cc79a7', 'the first free colour');
    expectEq(await dialog(page).getByLabel('New label colour').inputValue(), '#d55e00', 'the next one is offered');
    // Moving it up gives it digit 3 (Entity gets 4); down puts it back.
    await dialog(page).getByRole('button', { name: 'Move Opinion up' }).click();
    // A tag button is named by its text (the label's name); its key is a hidden hint.
    const order = () =>
      toolbar(page).getByRole('button').evaluateAll((bs) =>
        bs.filter((b) => b.classList.contains('tag-button')).map((b) => `${b.textContent.replace(b.querySelector('kbd')?.textContent ?? '', '')} ${b.getAttribute('aria-keyshortcuts')}`),
      );
    const third = () => toolbar(page).locator('.tag-button').nth(2);
    await page.waitForFunction(() => document.querySelectorAll('.tag-button')[2]?.textContent.startsWith('Opinion'));
    expectEq(await third().getAttribute('aria-keyshortcuts'), '3 o', 'its keys for assistive technology');
    expectEq(await order(), ['Quote 1 q', 'Claim 2 c', 'Opinion 3 o', 'Entity 4 e'], 'moved up');
    await dialog(page).getByRole('button', { name: 'Move Opinion down' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.tag-button')[3]?.textContent.startsWith('Opinion'));
    expectEq(await dialog(page).getByRole('button', { name: 'Move Opinion down' }).isDisabled(), true, 'last: no way down');
    // Recolour Claim: its underline takes the new colour.
    await dialog(page).getByLabel('Colour of Claim').fill('#aa3377');
    await dialog(page).getByRole('button', { name: 'Remove Opinion' }).click();
    await page.waitForFunction(() => !document.querySelector('.tag-button.x-opinion'));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await toolbar(page).getByRole('button', { name: 'Opinion' }).waitFor();
    await select(page, 'Inês Conceição Barros');
    await page.keyboard.press('o');
    await page.locator('.seg[data-labels="opinion"]').first().waitFor();
    await select(page, 'a fence and a rumour');
    await page.keyboard.press('2');
    const underline = await page
      .locator('.seg[data-labels="claim"]')
      .first()
      .evaluate((el) => getComputedStyle(el).textDecorationColor);
    expectEq(underline, 'rgb(170, 51, 119)', 'the recoloured claim underline');
  });
}

export async function attributeTests(test) {
  await test('the selected span’s attributes: a choice and a text, edited, undone, kept and exported', async ({ page, url }) => {
    await openApp(page, url);
    await select(page, 'Inês Conceição Barros');
    await page.keyboard.press('3');
    const attrs = page.getByRole('group', { name: 'Attributes' });
    await attrs.waitFor();
    expectEq(await attrs.getByRole('combobox', { name: 'Type' }).inputValue(), '', 'no type yet');
    await attrs.getByRole('combobox', { name: 'Type' }).selectOption('person');
    await attrs.getByRole('textbox', { name: 'Canonical name' }).fill('Inês Barros');
    await attrs.getByRole('textbox', { name: 'Canonical name' }).press('Tab');
    await screenshot(page, 'attributes-panel');
    // Ctrl+Z (outside a field) undoes the text, then the choice.
    await page.locator('.panel-heading').click();
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelector('input[aria-label="Canonical name"]')?.value === '');
    expectEq(await attrs.getByRole('combobox', { name: 'Type' }).inputValue(), 'person', 'the choice stays');
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(() => document.querySelector('input[aria-label="Canonical name"]')?.value === 'Inês Barros');
    // A quote has its own attribute; a reload keeps the entity's.
    await waitStored(
      page,
      (r) => Object.entries(r).some(([k, v]) => k.startsWith('marginalia:doc:') && v.includes('Inês Barros')),
      'the attribute in its document',
    );
    await page.reload();
    await page.locator('.seg[data-labels="entity"]').first().click();
    await attrs.waitFor();
    expectEq(await attrs.getByRole('combobox', { name: 'Type' }).inputValue(), 'person', 'type after reload');
    expectEq(await attrs.getByRole('textbox', { name: 'Canonical name' }).inputValue(), 'Inês Barros', 'name after reload');
    // Choosing "—" removes the value.
    await attrs.getByRole('combobox', { name: 'Type' }).selectOption('');
    await page.waitForFunction(() => document.querySelector('select[aria-label="Type"]')?.value === '');
    const data = await downloadOf(page, () => page.getByRole('button', { name: 'Export JSON' }).click());
    const span = data.documents.flatMap((d) => d.spans).find((s) => s.label === 'entity');
    expectEq(span.attributes, { canonical: 'Inês Barros' }, 'the attributes in the export');
  });

  await test('attributes and choices edited in the Labels dialog: added, renamed, refused while used, undone', async ({ page, url }) => {
    await openApp(page, url);
    await select(page, 'Inês Conceição Barros');
    await page.keyboard.press('3');
    const attrs = page.getByRole('group', { name: 'Attributes' });
    await attrs.getByRole('combobox', { name: 'Type' }).selectOption('person');
    await page.getByRole('button', { name: 'Labels', exact: true }).click();
    await dialog(page).waitFor();
    // Entity's attributes fold open under its row.
    const entityRow = dialog(page).locator('.label-row', { has: page.getByRole('textbox', { name: 'Name of Entity' }) });
    await entityRow.locator('summary').click();
    const types = entityRow.getByRole('list', { name: 'Choices of Type' });
    expectEq(
      await types.getByRole('textbox').evaluateAll((els) => els.map((e) => e.value)),
      ['person', 'organisation', 'place', 'event', 'other'],
      'the default types',
    );
    // Add a choice; rename one; a choice in use cannot be removed (said in the dialog).
    await entityRow.getByRole('textbox', { name: 'New choice for Type' }).fill('animal');
    await entityRow.getByRole('textbox', { name: 'New choice for Type' }).press('Enter');
    await types.getByRole('textbox', { name: 'Choice animal of Type' }).waitFor();
    const organisation = types.getByRole('textbox', { name: 'Choice organisation of Type' });
    await organisation.fill('organization');
    await organisation.press('Tab');
    await types.getByRole('textbox', { name: 'Choice organization of Type' }).waitFor();
    await types.getByRole('button', { name: 'Remove choice person of Type' }).click();
    await dialog(page).getByRole('alert').waitFor();
    expect(/1 annotation|in use|use/i.test(await dialog(page).getByRole('alert').textContent()), 'a used choice is refused');
    // A free-text attribute for quotes.
    const quoteRow = dialog(page).locator('.label-row', { has: page.getByRole('textbox', { name: 'Name of Quote' }) });
    await quoteRow.locator('summary').click();
    await quoteRow.getByRole('textbox', { name: 'New attribute of Quote' }).fill('Topic');
    await quoteRow.getByRole('combobox', { name: 'Kind of the new attribute of Quote' }).selectOption('text');
    await quoteRow.getByRole('button', { name: 'Add attribute' }).click();
    await quoteRow.getByRole('textbox', { name: 'Name of attribute Topic of Quote' }).waitFor();
    await screenshot(page, 'labels-attributes');
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'detached' });
    // The panel offers the new choices; the renamed one is there, the old name is not.
    const options = await attrs.getByRole('combobox', { name: 'Type' }).locator('option').allTextContents();
    expectEq(options, ['—', 'person', 'organization', 'place', 'event', 'other', 'animal'], 'choices in the panel');
    // Ctrl+Z undoes the schema edits one by one (the attribute, then the rename, then the choice).
    await page.locator('.panel-heading').click();
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('select[aria-label="Type"] option')].some((o) => o.textContent === 'organisation'),
    );
    // Saved with the corpus: a reload keeps the added choice.
    await waitStored(page, (r) => (r['marginalia:schema'] ?? '').includes('animal'), 'the label schema with the added choice');
    await page.reload();
    await page.locator('.seg[data-labels="entity"]').first().click();
    const after = await attrs.getByRole('combobox', { name: 'Type' }).locator('option').allTextContents();
    expect(after.includes('animal') && after.includes('organisation'), `after reload: ${after}`);
  });
}
