// Annotators (issue 21, first part): the person at this browser names themselves in the
// header's Annotator box (Enter), their spans carry the name (the ones made before it too),
// Export JSON says who made each span and relation, and the name and the spans' names stay
// after a reload.
import fs from 'node:fs';
import { expect, expectEq, openApp, screenshot } from './harness.mjs';
import { select } from './annotate.test.mjs';
import { openFiles } from './views.test.mjs';

async function exportText(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  return fs.readFileSync(await download.path(), 'utf8');
}
const exportJson = async (page) => JSON.parse(await exportText(page));

async function name(page, who) {
  const box = page.getByRole('textbox', { name: 'Annotator' });
  await box.fill(who);
  await box.press('Enter');
  await page.locator('.notices', { hasText: `You annotate as “${who}”` }).waitFor();
  await page.locator('.article-text').click();
}

/** [annotator, label, text] of every span in an export, sorted. */
const layers = (data) =>
  data.documents
    .flatMap((d) => d.spans.map((s) => [s.annotator, s.label, s.text]))
    .sort((a, b) => a.join().localeCompare(b.join()));

async function tag(page, word, key, n) {
  await select(page, word);
  await page.keyboard.press(key);
  await page.waitForFunction((n) => document.querySelectorAll('.span-item').length === n, n);
}

export default async function annotatorTests(test) {
  await test('the annotator names themselves with Enter: every span of theirs carries the name, in Export JSON and after a reload', async ({ page, url }) => {
    await openApp(page, url);
    const box = page.getByRole('textbox', { name: 'Annotator' });
    expectEq(await box.inputValue(), '', 'no name at first');
    expect(await page.locator('.annotator.unnamed').count() === 1, 'the box asks for a name');
    // A span before the name: it is this browser's, and takes the name when it comes.
    await tag(page, 'midnight', '3', 1);
    await box.fill('  Ada   <b>Lovelace</b> ');
    await box.press('Enter');
    await page.locator('.notices', { hasText: 'You annotate as “Ada <b>Lovelace</b>”' }).waitFor();
    expectEq(await box.inputValue(), 'Ada <b>Lovelace</b>', 'cleaned, shown as text');
    expect(await page.locator('.annotator.unnamed').count() === 0, 'named');
    await page.locator('.article-text').click();
    await tag(page, 'Tuesday', '1', 2);
    let data = await exportJson(page);
    const spans = data.documents.flatMap((d) => d.spans);
    expectEq(spans.map((s) => s.annotator), ['Ada <b>Lovelace</b>', 'Ada <b>Lovelace</b>'], 'every span carries the name');
    expectEq(await page.locator('.selected-annotator').textContent(), 'By Ada <b>Lovelace</b>', 'the selected span says who made it');
    await screenshot(page, 'annotators-named');

    await page.reload();
    await page.locator('.span-item').first().waitFor();
    expectEq(await page.getByRole('textbox', { name: 'Annotator' }).inputValue(), 'Ada <b>Lovelace</b>', 'the name after a reload');
    data = await exportJson(page);
    expectEq(data.documents.flatMap((d) => d.spans).map((s) => s.annotator), ['Ada <b>Lovelace</b>', 'Ada <b>Lovelace</b>'], 'and on the spans');
    // An empty name is refused; the name stays.
    await box.fill('   ');
    await box.press('Enter');
    await page.locator('.notices', { hasText: 'Type your name in the Annotator box' }).waitFor();
  });
}

/**
 * Ada (on `page`) tags `ada`, Bo in a second browser context tags midnight (entity) and
 * Tuesday (claim); both named. Returns Ada's Export JSON, Bo's page and his context.
 */
async function adaAndBo(page, context, url, ada) {
  await openApp(page, url);
  await name(page, 'Ada');
  for (const [i, [word, key]] of ada.entries()) await tag(page, word, key, i + 1);
  const adaFile = await exportText(page);
  const other = await context.browser().newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const bo = await other.newPage();
  await openApp(bo, url);
  await name(bo, 'Bo');
  await tag(bo, 'midnight', '3', 1);
  await tag(bo, 'Tuesday', '2', 2);
  return { adaFile, other, bo };
}

export async function layerExchangeTests(test) {
  await test('two annotators exchange files: each file adds its layer, never changes the other’s, and the same file twice changes nothing', async ({ page, context, url }) => {
    const { adaFile, other, bo } = await adaAndBo(page, context, url, [['Tuesday', '1']]);
    const before = layers(await exportJson(bo));
    await openFiles(bo, [{ name: 'ada.json', mimeType: 'application/json', text: adaFile }]);
    await bo.locator('.notices', { hasText: 'Imported 0 new articles and 1 annotation' }).waitFor();
    const after = layers(await exportJson(bo));
    expectEq(after, [['Ada', 'quote', 'Tuesday'], ...before], 'Ada’s layer added, Bo’s as it was');
    await openFiles(bo, [{ name: 'ada.json', mimeType: 'application/json', text: adaFile }]);
    await bo.locator('.notices', { hasText: 'Everything in that file is already here.' }).waitFor();
    expectEq(layers(await exportJson(bo)), after, 'the same file twice changes nothing');

    // Export… can take one person's layer: CSV of Ada's, with its annotator column.
    await bo.getByRole('button', { name: 'Export…' }).click();
    await bo.getByRole('radio', { name: /CSV/ }).check();
    expectEq(await bo.getByRole('group', { name: 'Layer' }).getByRole('radio').evaluateAll((rs) => rs.map((r) => r.parentElement.textContent)), ['All layers', 'Mine (Bo)', 'Ada'], 'the layers to export');
    await bo.getByRole('radio', { name: 'Ada', exact: true }).check();
    const [csvDownload] = await Promise.all([bo.waitForEvent('download'), bo.getByRole('button', { name: 'Download' }).click()]);
    const csvRows = fs.readFileSync(await csvDownload.path(), 'utf8').trim().split('\r\n').map((r) => r.split(','));
    expectEq(csvRows.map((r) => [r[3], r[11]]), [['label', 'annotator'], ['quote', 'Ada']], 'Ada’s span alone, named');

    // The reader shows Bo's own layer; the switch shows Ada's, or all of them.
    const spanCount = () => bo.locator('.span-item').count();
    const layer = bo.getByRole('combobox', { name: 'Layer', exact: true });
    expectEq(await layer.locator('option').allTextContents(), ['Mine (Bo)', 'Ada', 'Gold', 'All layers', 'Compare Mine ↔ Ada'], 'the layers of the article');
    expectEq(await spanCount(), 2, 'Bo’s layer by default');
    await layer.selectOption({ label: 'Ada' });
    await bo.waitForFunction(() => document.querySelectorAll('.span-item').length === 1);
    await layer.selectOption({ label: 'All layers' });
    await bo.waitForFunction(() => document.querySelectorAll('.span-item').length === 3);
    await screenshot(bo, 'annotators-all-layers');
    // Ada's span can be read here, not changed.
    await bo.locator('.span-item', { hasText: 'Tuesday' }).filter({ has: bo.locator('.chip.quote, .quote') }).first().click();
    expectEq(await bo.locator('.selected-annotator').textContent(), 'By Ada', 'whose it is');
    await bo.keyboard.press('Delete');
    await bo.locator('.notices', { hasText: 'only they change it' }).waitFor();
    expectEq(await spanCount(), 3, 'nothing deleted');
    await layer.selectOption({ label: 'Mine (Bo)' });
    await bo.waitForFunction(() => document.querySelectorAll('.span-item').length === 2);

    // Agreement: Ada tagged a quote, Bo an entity and a claim: on each label one of them
    // marked characters the other did not (kappa 0, F1 0).
    await bo.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Agreement' }).click();
    const view = bo.getByRole('main', { name: 'Agreement' });
    await view.waitFor();
    const cell = view.getByRole('button', { name: 'Ada and Bo: kappa 0.00 (mean over labels)' });
    expectEq(await cell.count(), 2, 'the pair in both halves of the heatmap');
    const [download] = await Promise.all([bo.waitForEvent('download'), view.getByRole('button', { name: 'Export agreement' }).click()]);
    const report = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expectEq(report.annotators, ['Ada', 'Bo'], 'the annotators');
    expectEq(report.pairs.map((p) => [p.a, p.b, p.label, p.kappa, p.f1_exact]), [
      ['Ada', 'Bo', 'quote', 0, 0],
      ['Ada', 'Bo', 'claim', 0, 0],
      ['Ada', 'Bo', 'entity', 0, 0],
    ], 'every pair and label');
    expectEq(report.labels.map((l) => l.label), ['quote', 'claim', 'entity'], 'alpha per label');
    await cell.first().click();
    await view.getByRole('region', { name: 'The pair’s articles' }).waitFor();
    await screenshot(bo, 'agreement-view');
    await view.getByRole('region', { name: 'The pair’s articles' }).getByRole('button').first().click();
    await bo.locator('.article-text').waitFor();
    await bo.waitForFunction(() => document.querySelectorAll('.span-item').length === 3);
    expectEq(await layer.locator('option:checked').textContent(), 'Compare Ada ↔ Bo', 'opened comparing the pair');

    // A file that names nobody is never taken into Bo's layer unasked: Bo names it (or
    // cancels, and nothing is imported).
    const anon = JSON.parse(adaFile);
    for (const d of anon.documents) for (const s of d.spans) delete s.annotator;
    const anonFile = JSON.stringify(anon);
    await openFiles(bo, [{ name: 'anon.json', mimeType: 'application/json', text: anonFile }]);
    const ask = bo.getByRole('dialog', { name: 'Whose annotations are these?' });
    await ask.waitFor();
    expect((await ask.textContent()).includes('its 1 annotation'), 'says how many');
    await bo.keyboard.press('Escape');
    await bo.locator('.notices', { hasText: 'Nothing was imported from that file.' }).waitFor();
    const spansBefore = layers(await exportJson(bo));
    await openFiles(bo, [{ name: 'anon.json', mimeType: 'application/json', text: anonFile }], 'Cy <i>');
    await bo.locator('.notices', { hasText: 'Imported 0 new articles and 1 annotation' }).waitFor();
    expectEq(layers(await exportJson(bo)), [...spansBefore, ['Cy <i>', 'quote', 'Tuesday']].sort((a, b) => a.join().localeCompare(b.join())), 'a layer of its own, named as typed (text)');
    expect((await layer.locator('option').allTextContents()).includes('Cy <i>'), 'Cy’s layer to show');

    // Ada's newer file updates her layer here: she deleted her quote and tagged an entity.
    await page.locator('.span-item').first().click();
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 0);
    await tag(page, 'midnight', '3', 1);
    const newer = await exportText(page);
    await openFiles(bo, [{ name: 'ada-2.json', mimeType: 'application/json', text: newer }]);
    await bo.locator('.notices', { hasText: 'The file is newer than the layers here: 0 changed, 1 removed.' }).waitFor();
    const ada = layers(await exportJson(bo)).filter((l) => l[0] === 'Ada');
    expectEq(ada, [['Ada', 'entity', 'midnight']], 'Ada’s layer as her newer file has it');
    // Her older file again changes nothing: the deletion sticks.
    await openFiles(bo, [{ name: 'ada.json', mimeType: 'application/json', text: adaFile }]);
    await bo.locator('.notices', { hasText: 'That file is older than the layer of Ada here' }).waitFor();
    expectEq(layers(await exportJson(bo)).filter((l) => l[0] === 'Ada'), ada, 'still as her newer file has it');
    await other.close();
  });
}


/** The text of the adjudication bar's progress. */
const progress = (page) => page.locator('.adjudication-progress').textContent();

export async function adjudicationTests(test) {
  await test('two annotators compare their layers, adjudicate into gold by keyboard, undo, reload, and export gold with its offsets', async ({ page, context, url }) => {
    const { adaFile, other, bo } = await adaAndBo(page, context, url, [['midnight', '3'], ['Tuesday', '1']]);
    await openFiles(bo, [{ name: 'ada.json', mimeType: 'application/json', text: adaFile }]);
    await bo.locator('.notices', { hasText: 'Imported 0 new articles and 2 annotations' }).waitFor();

    // Compare: the entity both made shows once; Tuesday has two labels.
    const layer = bo.getByRole('combobox', { name: 'Layer', exact: true });
    await layer.selectOption({ label: 'Compare Mine ↔ Ada' });
    const legend = bo.getByLabel('Compared layers');
    expectEq((await legend.locator('.cmp-key').allTextContents()).join(' | '), 'In both: 1 | Only Bo: 0 | Only Ada: 0 | Other label: 1', 'the legend counts');
    expectEq(await bo.locator('.seg.cmp-l').count(), 1, 'Tuesday marked');
    expectEq((await bo.locator('.seg.cmp-l').getAttribute('data-span-ids')).split(' ').length, 2, 'Bo’s claim and Ada’s quote there');
    expectEq(await bo.locator('.seg.cmp-a, .seg.cmp-b').count(), 0, 'nothing only one made');
    await bo.locator('.article-text').click();
    await bo.keyboard.press('j');
    await bo.locator('.seg.sel.cmp-l').first().waitFor();
    await screenshot(bo, 'compare-layers');

    // Gold: merge what both made alike, then settle Tuesday by keyboard.
    await layer.selectOption({ label: 'Gold' });
    const bar = bo.getByRole('region', { name: 'Adjudication' });
    await bar.waitFor();
    expectEq(await progress(bo), 'Resolved 0 of 1', 'one disagreement');
    await bar.getByRole('button', { name: 'Merge agreed (1)' }).click();
    await bo.locator('.notices', { hasText: 'Gold has the 1 annotation every annotator made alike' }).waitFor();
    expectEq(await bar.getByRole('button', { name: /Merge agreed/ }).isDisabled(), true, 'nothing agreed left to merge');
    await bo.locator('.article-text').click();
    await bo.keyboard.press('j');
    await bar.getByRole('button', { name: 'Accept Ada' }).waitFor();
    await bar.getByRole('button', { name: 'Accept Bo' }).waitFor();
    await screenshot(bo, 'adjudication');
    // None: gold keeps nothing there (a decision, undone like an edit).
    await bo.keyboard.press('x');
    await bo.waitForFunction(() => document.querySelector('.adjudication-progress')?.textContent === 'Resolved 1 of 1');
    await bo.keyboard.press('Control+z');
    await bo.waitForFunction(() => document.querySelector('.adjudication-progress')?.textContent === 'Resolved 0 of 1');
    await bo.keyboard.press('j');
    await bar.getByRole('button', { name: 'Accept Ada' }).waitFor();
    await bo.keyboard.press('y');
    await bo.waitForFunction(() => document.querySelector('.adjudication-progress')?.textContent === 'Resolved 1 of 1');
    await bo.keyboard.press('Control+z');
    await bo.waitForFunction(() => document.querySelector('.adjudication-progress')?.textContent === 'Resolved 0 of 1');
    await bo.keyboard.press('Control+Shift+z');
    await bo.waitForFunction(() => document.querySelector('.adjudication-progress')?.textContent === 'Resolved 1 of 1');
    // Others' layers are as they were: gold is a layer of its own.
    await layer.selectOption({ label: 'Mine (Bo)' });
    await bo.waitForFunction(() => document.querySelectorAll('.span-item').length === 2);

    await bo.reload();
    await bo.locator('.span-item').first().waitFor();
    await layer.selectOption({ label: 'Gold' });
    expectEq(await progress(bo), 'Resolved 1 of 1', 'gold kept after a reload');

    // Export… the gold layer: Ada's quote and the entity both made, at their offsets.
    await bo.getByRole('button', { name: 'Export…' }).click();
    await bo.getByRole('radio', { name: /CSV/ }).check();
    await bo.getByRole('radio', { name: 'Gold', exact: true }).check();
    const [csvDownload] = await Promise.all([bo.waitForEvent('download'), bo.getByRole('button', { name: 'Download' }).click()]);
    const rows = fs.readFileSync(await csvDownload.path(), 'utf8').trim().split('\r\n').map((r) => r.split(','));
    const gold = rows.slice(1).map((r) => [r[3], r[6], r[11]]).sort((a, b) => a.join().localeCompare(b.join()));
    expectEq(gold, [['entity', 'midnight', 'Gold'], ['quote', 'Tuesday', 'Gold']], 'gold’s spans');
    // The offsets are code points into the article's text (as Export JSON carries it).
    const data = await exportJson(bo);
    for (const r of rows.slice(1)) {
      const doc = data.documents.find((d) => d.id === r[0]);
      const cut = [...doc.text].slice(Number(r[4]), Number(r[5])).join('');
      expectEq(cut, r[6], `gold's ${r[3]} at ${r[4]}–${r[5]}`);
    }
    await other.close();
  });
}
