// Persistence in a real browser: reload restores everything; a full quota, corrupt data, data
// from a newer version and storage that throws are all loud, and nothing is lost or overwritten.
import fs from 'node:fs';
import { expect, expectEq, openApp, screenshot, selectInSegment } from './harness.mjs';

const select = selectInSegment;

const spanCount = (page) => page.locator('.span-item').count();
const saveStatus = (page) => page.locator('.save-status').textContent();

/** Fill the origin's localStorage to the last kilobyte with other data. */
const fillStorage = (page) =>
  page.evaluate(() => {
    localStorage.clear();
    const chunk = 'x'.repeat(256 * 1024);
    let i = 0;
    try {
      for (;;) localStorage.setItem(`filler:${i++}`, chunk);
    } catch {}
    // Fill the last crumbs too.
    try {
      for (let j = 0; ; j++) localStorage.setItem(`crumb:${j}`, 'x'.repeat(1024));
    } catch {}
  });

/** Free the space `fillStorage` took (Marginalia's own keys stay). */
const freeStorage = (page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => !k.startsWith('marginalia:'))
      .forEach((k) => localStorage.removeItem(k)),
  );
const ourKeys = (page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k === 'marginalia:index' || k.startsWith('marginalia:doc:'))
      .sort(),
  );

export default async function storageTests(test) {
  await test('an edit or an opened article followed at once by a reload is never lost', async ({ page, url }) => {
    // Saves run a moment after the frame that shows a change; a reload (or closing the tab)
    // inside that moment must still keep it: the page flushes when it is hidden.
    await openApp(page, url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    const words = ['Marvila', 'council', 'Tuesday', 'debate', 'midnight', 'basin', 'vote', 'timetable'];
    for (const [i, word] of words.entries()) {
      await page.locator('.article-text p').first().waitFor();
      await select(page, word);
      await page.keyboard.press(String(1 + (i % 3)));
      await page.waitForFunction((n) => document.querySelectorAll('.span-item').length === n, i + 1);
      await page.reload();
      await page.locator('.span-item').first().waitFor();
      expectEq(await spanCount(page), i + 1, `round ${i + 1}: spans after an immediate reload`);
    }
    // An article opened and the page reloaded at once.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open articles' }).click();
    await (await chooser).setFiles([{ name: 'quick.md', mimeType: 'text/markdown', buffer: Buffer.from('Quick reload\n\nOpened and reloaded at once.\n') }]);
    await page.getByRole('button', { name: /^Quick reload/ }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: /^Quick reload/ }).waitFor();
    expectEq(await page.locator('.doc-item').count(), 4, 'the opened article survived');
  });

  await test('annotations, notes, status and the open article survive a reload', async ({ page, url }) => {
    await openApp(page, url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    await page.getByRole('button', { name: /^Revived Vienna–Kraków/ }).click();
    await select(page, 'Małgorzata Wójcik-Steiner');
    await page.keyboard.press('3');
    await page.getByRole('textbox', { name: 'Note' }).fill('chief executive');
    await page.getByRole('textbox', { name: 'Note' }).blur();
    await select(page, 'Sauna class 🥵🚆🇵🇱');
    await page.keyboard.press('1');
    await page.getByRole('combobox', { name: /^Status of Revived/ }).selectOption('done');
    await page.waitForFunction(() => document.querySelector('.save-status')?.textContent.startsWith('Saved'));
    expect((await ourKeys(page)).length === 4, `index + 3 documents: ${await ourKeys(page)}`);

    // The reading position is the paragraph at the top of the reader and how far it is
    // scrolled past (blocks off screen are laid out lazily, so pixels alone would drift).
    const topOfReader = () =>
      page.locator('.reader').evaluate((reader) => {
        const r = reader.getBoundingClientRect();
        const top = Math.max(r.top, reader.querySelector('.toolbar').getBoundingClientRect().bottom);
        let block = null;
        for (let y = top + 4; !block && y < top + 68; y += 8) {
          block = document.elementFromPoint(r.left + r.width / 2, y)?.closest('.block');
        }
        return { block: block?.dataset.start, above: block && Math.round(top - block.getBoundingClientRect().top) };
      });
    await page.locator('.reader').evaluate((el) => el.scrollTo(0, 640));
    await page.waitForTimeout(100);
    const before = await topOfReader();
    expect(before.block && before.block !== '0', `scrolled down to a paragraph: ${JSON.stringify(before)}`);
    await page.reload();
    await page.locator('.span-item').first().waitFor();
    expectEq(await page.locator('article h1').textContent().then((t) => t.startsWith('Revived')), true, 'same article open');
    const after = await topOfReader();
    expectEq(after.block, before.block, 'same paragraph at the top');
    expect(Math.abs(after.above - before.above) <= 2, `same place in it: ${JSON.stringify([before, after])}`);
    expectEq(await spanCount(page), 2, 'spans after reload');
    expectEq(
      await page.$$eval('.span-excerpt', (els) => els.map((e) => e.textContent)),
      ['Małgorzata Wójcik-Steiner', 'Sauna class 🥵🚆🇵🇱'],
      'span texts',
    );
    expectEq(await page.locator('.span-note').textContent(), 'chief executive', 'note');
    expectEq(await page.getByRole('combobox', { name: /^Status of Revived/ }).inputValue(), 'done', 'status');
    expect((await saveStatus(page)).startsWith('Saved in this browser'), await saveStatus(page));
    // Stored offsets are code points of the stored text (kept apart, under the text's key).
    const ok = await page.evaluate(() => {
      const doc = Object.keys(localStorage)
        .filter((k) => k.startsWith('marginalia:doc:'))
        .map((k) => JSON.parse(localStorage.getItem(k)))
        .find((d) => d.spans.length === 2);
      const stored = JSON.parse(localStorage.getItem(`marginalia:text:${doc.id}`));
      if (doc.text !== undefined || stored.id !== doc.id) return 'the text is not stored apart';
      const cps = [...stored.text];
      return doc.spans.map((s) => cps.slice(s.start, s.end).join(''));
    });
    expectEq(ok, ['Małgorzata Wójcik-Steiner', 'Sauna class 🥵🚆🇵🇱'], 'stored spans slice the stored text');

    // Another article opens at its top, not at the scroll offset of the one before; and that
    // is where a reload puts it back.
    await page.getByRole('button', { name: /^Lisbon council/ }).click();
    await page.locator('article h1', { hasText: /^Lisbon council/ }).waitFor();
    await page.waitForTimeout(100);
    expectEq(await page.locator('.reader').evaluate((r) => r.scrollTop), 0, 'another article opens at its top');
    await page.reload();
    await page.locator('article h1', { hasText: /^Lisbon council/ }).waitFor();
    await page.waitForTimeout(100);
    expectEq(await page.locator('.reader').evaluate((r) => r.scrollTop), 0, 'and is at its top after a reload');
  });

  await test('a full quota is shown, nothing in memory is lost, and saving resumes', async ({ page, url }) => {
    await openApp(page, url);
    await fillStorage(page);
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    await page.getByRole('alert').filter({ hasText: 'storage is full' }).waitFor();
    expectEq(await saveStatus(page), 'Not saved: storage is full', 'status');
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    expectEq(await spanCount(page), 1, 'the edit is kept in memory');
    await screenshot(page, 'storage-full');
    // Export is offered next to the status, and the file has the edit that could not be saved.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download a copy' }).click(),
    ]);
    const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expectEq(data.documents.flatMap((d) => d.spans.map((s) => s.text)), ['Marvila'], 'unsaved edit in the copy');
    // Free space: the next change saves everything, and says so.
    await freeStorage(page);
    await select(page, 'Lisbon council');
    await page.keyboard.press('2');
    await page.getByRole('status').filter({ hasText: 'Everything is saved again' }).waitFor();
    await page.reload();
    await page.locator('.span-item').first().waitFor();
    expectEq(await spanCount(page), 2, 'both edits were saved');
  });

  await test('an edit made while storage was full is saved when the page goes, once space is free', async ({ page, url }) => {
    await openApp(page, url);
    await fillStorage(page);
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'storage is full' }).waitFor();
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    await page.waitForTimeout(400);
    expectEq(await saveStatus(page), 'Not saved: storage is full', 'the edit could not be saved');
    // Space is freed (another tool, the user), and the page is reloaded with no other change:
    // the save refused before is tried again as the page goes away.
    await freeStorage(page);
    await page.reload();
    await page.locator('.span-item').first().waitFor();
    expectEq(await spanCount(page), 1, 'the edit made while storage was full survived the reload');
  });

  for (const granted of [true, false]) {
    await test(`after the first annotation the browser is asked to keep the storage, and its answer (${granted ? 'kept' : 'may be cleared'}) is shown`, async ({ page, url }) => {
      // The storage manager, stubbed: not kept yet; persist() answers `granted`.
      await page.addInitScript((granted) => {
        window.__persistCalls = 0;
        Object.defineProperty(navigator, 'storage', {
          configurable: true,
          value: {
            persisted: () => Promise.resolve(false),
            persist: () => {
              window.__persistCalls++;
              return Promise.resolve(granted);
            },
          },
        });
      }, granted);
      await openApp(page, url);
      await page.waitForTimeout(300);
      expectEq(await page.evaluate(() => window.__persistCalls), 0, 'nothing is asked before an annotation');
      expect(!/kept|cleared/.test(await saveStatus(page)), 'no answer shown yet');
      await select(page, 'Marvila');
      await page.keyboard.press('3');
      const note = granted ? '(kept)' : '(may be cleared)';
      await page.locator('.save-status', { hasText: note }).waitFor();
      expect((await saveStatus(page)).startsWith(`Saved in this browser ${note} · `), await saveStatus(page));
      await select(page, 'Lisbon council');
      await page.keyboard.press('2');
      await page.waitForTimeout(300);
      expectEq(await page.evaluate(() => window.__persistCalls), 1, 'asked once');
    });
  }

  await test('corrupt stored data is kept aside, reported, and the rest loads', async ({ page, url }) => {
    await openApp(page, url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    // Wait for the edit's save (it runs just after the frame), so the reload has nothing to flush.
    await page.waitForFunction(() => {
      const docs = Object.keys(localStorage).filter((k) => k.startsWith('marginalia:doc:'));
      return docs.length === 3 && docs.some((k) => localStorage.getItem(k).includes('"spans":[{'));
    });
    const victim = await page.evaluate(() => {
      const key = Object.keys(localStorage).filter((k) => k.startsWith('marginalia:doc:')).sort()[0];
      localStorage.setItem(key, '{"schema":"marginalia","version":1,"text":');
      return key;
    });
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    await page.getByRole('alert').filter({ hasText: 'could not be read' }).waitFor();
    expectEq(await page.locator('.doc-item').count(), 2, 'the other documents load');
    const kept = await page.evaluate((victim) => {
      const backups = Object.keys(localStorage).filter((k) => k.startsWith('marginalia:backup:') && k.endsWith(victim));
      return { backups: backups.map((k) => localStorage.getItem(k)), original: localStorage.getItem(victim) };
    }, victim);
    expectEq(kept.backups, ['{"schema":"marginalia","version":1,"text":'], 'raw copy kept aside');
    expectEq(kept.original, '{"schema":"marginalia","version":1,"text":', 'original untouched');
    await screenshot(page, 'storage-corrupt');
  });

  await test('data from a newer version opens read-only and is never written', async ({ page, url }) => {
    await openApp(page, url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    await page.waitForFunction(() => localStorage.getItem('marginalia:index') !== null);
    const before = await page.evaluate(() => {
      const index = JSON.parse(localStorage.getItem('marginalia:index'));
      index.version = 99;
      index.future_field = true;
      localStorage.setItem('marginalia:index', JSON.stringify(index));
      return JSON.stringify(Object.entries(localStorage).sort());
    });
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    await page.getByRole('alert').filter({ hasText: 'newer version' }).waitFor();
    expectEq(await saveStatus(page), 'Read-only: data from a newer version', 'status');
    // The documents (in the current version) are shown, in key order since the index is unreadable.
    expectEq(await page.locator('.doc-item').count(), 3, 'documents shown');
    await page.getByRole('button', { name: /^Lisbon council/ }).click();
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    expectEq(await spanCount(page), 1, 'editing in memory still works');
    const after = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
    expectEq(after, before, 'storage untouched');
  });

  await test('storage that throws on access: the app works in memory and says so', async ({ page, url }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    await openApp(page, url);
    await page.getByRole('alert').filter({ hasText: 'cannot be saved' }).waitFor();
    expectEq(await saveStatus(page), 'Not saved: storage unavailable', 'status');
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    expectEq(await spanCount(page), 1, 'annotating still works');
  });

  await test('two tabs on one corpus: edits in both are merged, none dropped', async ({ page, context, url }) => {
    await openApp(page, url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    await page.waitForFunction(() => localStorage.getItem('marginalia:index') !== null);
    const other = await context.newPage();
    await openApp(other, url);

    // An edit in one tab appears in the other.
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    await other.waitForFunction(() => document.querySelectorAll('.span-item').length === 1);
    // Edits in both at the same time: both survive, in both tabs.
    await select(page, 'Lisbon council');
    await select(other, 'deputy mayor');
    await Promise.all([page.keyboard.press('2'), other.keyboard.press('1')]);
    for (const p of [page, other]) {
      await p.waitForFunction(() => document.querySelectorAll('.span-item').length === 3);
    }
    // A deletion in one tab reaches the other.
    await other.locator('.seg[data-labels="entity"]').first().click();
    await other.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 2);
    // After a reload, storage has exactly the merged result.
    await page.reload();
    await page.locator('.span-item').first().waitFor();
    const texts = await page.$$eval('.span-excerpt', (els) => els.map((e) => e.textContent).sort());
    expectEq(texts, ['Lisbon council', 'deputy mayor'], 'merged spans after reload');
    await other.close();
  });

  await test('a document with many spans is stored in pages: an edit rewrites one; two tabs edit it at once; a reload sees every span', async ({ page, context, url }) => {
    await openApp(page, url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    // 400 words, an entity on each of the first 300, with emoji before them (code points).
    const words = Array.from({ length: 400 }, (_, i) => `t${String(i).padStart(4, '0')}`);
    const head = 'Paged 📰 record\n\n🇺🇦 ';
    const text = head + words.join(' ');
    const at = [...head].length;
    const spans = words.slice(0, 300).map((_, i) => ({ start: at + 6 * i, end: at + 6 * i + 5, label: 'entity', id: `e${i}` }));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open articles' }).click();
    await (await chooser).setFiles([{ name: 'paged.jsonl', mimeType: 'application/octet-stream', buffer: Buffer.from(JSON.stringify({ text, spans })) }]);
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 300);
    const stored = () =>
      page.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('marginalia:doc:') && localStorage.getItem(k).includes('"pages"'));
        if (!key) return null;
        const doc = JSON.parse(localStorage.getItem(key));
        const pages = Object.keys(localStorage).filter((k) => k.startsWith('marginalia:spans:'));
        return { id: doc.id, named: doc.pages, pages, spansInside: 'spans' in doc };
      });
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('marginalia:spans:')));
    const first = await stored();
    expect(first, 'the document key names its pages');
    expectEq(first.named.length, 2, '300 spans: two pages');
    expectEq(first.spansInside, false, 'no spans inside the document key');
    expectEq(first.pages.length, 2, 'page keys');

    const other = await context.newPage();
    await openApp(other, url);
    await other.getByRole('button', { name: /^Paged 📰 record/ }).click();
    await other.waitForFunction(() => document.querySelectorAll('.span-item').length === 300);

    // One add: one page is written anew, the other is kept; the other tab sees it.
    await select(page, 't0350');
    await page.keyboard.press('2');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 301);
    await page.waitForFunction((before) => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('marginalia:doc:') && localStorage.getItem(k).includes('"pages"'));
      return JSON.stringify(JSON.parse(localStorage.getItem(key)).pages) !== before;
    }, JSON.stringify(first.named));
    const second = await stored();
    expectEq(second.named.filter((tag, i) => tag !== first.named[i]).length, 1, 'pages written anew by one add');
    await other.waitForFunction(() => document.querySelectorAll('.span-item').length === 301);
    expect(await other.locator('.seg[data-labels="claim"]', { hasText: 't0350' }).count() === 1, 'the other tab shows the new claim');

    // Edits in both tabs at once, and a deletion in the other: both tabs end with every one.
    await select(page, 't0360');
    await select(other, 't0370');
    await Promise.all([page.keyboard.press('1'), other.keyboard.press('1')]);
    for (const p of [page, other]) await p.waitForFunction(() => document.querySelectorAll('.span-item').length === 303);
    await other.locator('.seg[data-labels="entity"]', { hasText: 't0005' }).click();
    await other.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 302);

    // A reload reads every page: the merged result.
    await page.reload();
    await page.getByRole('button', { name: /^Paged 📰 record/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 302);
    expect(await page.locator('.seg[data-labels="entity"]', { hasText: 't0299' }).count() === 1, 'the last entity of the import');
    expectEq(await page.locator('.seg[data-labels="quote"]').count(), 2, 'both quotes, one from each tab');
    expectEq(await page.locator('.seg[data-labels="entity"]', { hasText: 't0005' }).count(), 0, 'the deletion from the other tab');
    expectEq(await page.locator('.notice[role="alert"]').count(), 0, 'no problem reported');
    await screenshot(page, 'storage-paged-reload');
    await other.close();
  });
}
