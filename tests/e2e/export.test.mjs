// Export and import like a user: click Export JSON, validate the real downloaded file, import
// it into a fresh browser, and use the export dialog.
import fs from 'node:fs';
import { expect, expectEq, openApp, screenshot, selectInSegment } from './harness.mjs';
import { nameImport } from './views.test.mjs';

const select = selectInSegment;

async function downloadOf(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(path) };
}

export default async function exportTests(test) {
  await test('Export JSON downloads a valid dataset that imports back exactly', async ({ page, context, url, browser }) => {
    const startedAt = Date.now() - 1000;
    await openApp(page, url);
    await page.getByRole('button', { name: /^Revived Vienna–Kraków/ }).click();
    await select(page, 'Sauna class 🥵🚆🇵🇱');
    await page.keyboard.press('1');
    await page.getByRole('textbox', { name: 'Note' }).fill('a “caption”, with, commas');
    await page.getByRole('textbox', { name: 'Note' }).blur();
    await select(page, 'Małgorzata Wójcik-Steiner');
    await page.keyboard.press('3');

    const file = await downloadOf(page, () => page.getByRole('button', { name: 'Export JSON' }).click());
    expect(file.name.endsWith('.json'), file.name);
    const data = JSON.parse(file.bytes.toString('utf8'));
    expectEq(data.schema, 'marginalia-dataset', 'schema');
    expectEq(data.offsets, 'unicode code points', 'unit');
    expectEq(data.documents.length, 3, 'documents');
    const spans = data.documents.flatMap((d) => d.spans.map((s) => ({ ...s, doc: d })));
    expectEq(spans.length, 2, 'spans');
    for (const s of spans) {
      expectEq([...s.doc.text].slice(s.start, s.end).join(''), s.text, `slice of ${s.id}`);
    }
    expectEq(spans.find((s) => s.label === 'quote').note, 'a “caption”, with, commas', 'note');
    // Every span carries when it was made and last changed, as ISO 8601 in UTC.
    const finishedAt = Date.now() + 1000;
    for (const s of spans) {
      for (const key of ['created', 'updated']) {
        expect(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(s[key]), `${key} of ${s.id}: ${s[key]}`);
        const t = Date.parse(s[key]);
        expect(t >= startedAt && t <= finishedAt, `${key} of ${s.id} is now: ${s[key]}`);
      }
      expect(Date.parse(s.updated) >= Date.parse(s.created), `updated after created: ${s.id}`);
    }
    await page.getByRole('status').filter({ hasText: 'Exported 3 articles and 2 annotations' }).waitFor();

    // A fresh browser profile imports it through Open articles.
    const fresh = await page.context().browser().newContext();
    const other = await fresh.newPage();
    await openApp(other, url);
    const chooser = other.waitForEvent('filechooser');
    await other.getByRole('button', { name: 'Open articles' }).click();
    await (await chooser).setFiles([{ name: file.name, mimeType: 'application/json', buffer: file.bytes }]);
    // It names no annotator (nobody gave a name here): the person says whose they are.
    await nameImport(other, 'mine');
    await other.getByRole('status').filter({ hasText: 'Imported 0 new articles and 2 annotations' }).waitFor();
    await other.getByRole('button', { name: /^Revived Vienna–Kraków/ }).click();
    expectEq(
      await other.$$eval('.span-excerpt', (els) => els.map((e) => e.textContent)),
      ['Małgorzata Wójcik-Steiner', 'Sauna class 🥵🚆🇵🇱'],
      'imported spans',
    );
    // The imported spans are the exported ones, times included: export again and compare.
    const back = await downloadOf(other, () => other.getByRole('button', { name: 'Export JSON' }).click());
    const pick = (d) =>
      d.documents
        .flatMap((doc) => doc.spans)
        .map(({ id, start, end, text, label, note, created, updated }) => ({ id, start, end, text, label, note, created, updated }))
        .sort((a, b) => a.id.localeCompare(b.id));
    expectEq(pick(JSON.parse(back.bytes.toString('utf8'))), pick(data), 'round trip through a fresh browser');
    // Importing again changes nothing.
    const again = other.waitForEvent('filechooser');
    await other.getByRole('button', { name: 'Open articles' }).click();
    await (await again).setFiles([{ name: file.name, mimeType: 'application/json', buffer: file.bytes }]);
    await other.getByRole('status').filter({ hasText: 'already here' }).waitFor();
    expectEq(await other.locator('.span-item').count(), 2, 'no duplicates');
    await fresh.close();
  });

  await test('the export dialog writes spaCy JSONL for one article and CSV safely', async ({ page, url }) => {
    await openApp(page, url);
    await select(page, 'Inês Conceição Barros');
    await page.keyboard.press('3');
    await page.getByRole('textbox', { name: 'Note' }).fill('=HYPERLINK("x")');
    await page.getByRole('textbox', { name: 'Note' }).blur();
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('dialog', { name: 'Export annotations' }).waitFor();
    await screenshot(page, 'export-dialog');
    await page.getByRole('radio', { name: /spaCy/ }).check();
    await page.getByRole('radio', { name: 'This article' }).check();
    const jsonl = await downloadOf(page, () => page.getByRole('button', { name: 'Download' }).click());
    const lines = jsonl.bytes.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expectEq(lines.length, 1, 'one article');
    const [doc] = lines;
    expectEq(doc.spans.map((s) => [[...doc.text].slice(s.start, s.end).join(''), s.label]), [['Inês Conceição Barros', 'entity']], 'spaCy span');
    expectEq(doc.meta.offsets, 'unicode code points', 'unit in meta');

    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('radio', { name: /CSV/ }).check();
    const csv = (await downloadOf(page, () => page.getByRole('button', { name: 'Download' }).click())).bytes.toString('utf8');
    expect(csv.includes(`"'=HYPERLINK(""x"")"`), `formula escaped: ${csv}`);
  });
}
