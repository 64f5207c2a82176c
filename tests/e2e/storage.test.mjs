// Persistence in a real browser: reload restores everything; a full quota, corrupt data, data
// from a newer version and storage that throws are all loud, and nothing is lost or overwritten.
// The corpus is in IndexedDB (read and written here through the harness's storedRecords,
// putStored, waitStored), each save journaled in localStorage until it is committed.
import fs from 'node:fs';
import {
  clearStored,
  expect,
  expectEq,
  journalEmpty,
  journalKeys,
  localRecords,
  openApp,
  overrideQuota,
  putStored,
  screenshot,
  selectInSegment,
  storedDocs,
  storedRecords,
  waitStored,
  saveStatus,
  spanCount,
} from './harness.mjs';

const select = selectInSegment;


/** A quota (bytes) that IndexedDB cannot store even the samples in: storage is full. */
const TINY_QUOTA = 50_000;

/** The index and document keys of stored `records`. */
const ourKeys = (records) => Object.keys(records).filter((k) => k === 'marginalia:index' || k.startsWith('marginalia:doc:'));
/** Every stored span, over all stored documents. */
const storedSpans = (records) => Object.values(storedDocs(records)).flatMap((d) => d.spans ?? []);
/** localStorage without the reading position (written whenever the page hides). */
const localWithoutView = async (page) => {
  const local = await localRecords(page);
  delete local['marginalia:view'];
  return local;
};

export default async function storageTests(test) {
  await test('an edit or an opened article followed at once by a reload is never lost', async ({ page, url }) => {
    // Saves run a moment after the frame that shows a change; a reload (or closing the tab)
    // inside that moment must still keep it: the page flushes when it is hidden.
    await openApp(page, url);
    await clearStored(page);
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
    await clearStored(page);
    await page.getByRole('button', { name: /^Revived Vienna–Kraków/ }).click();
    await select(page, 'Małgorzata Wójcik-Steiner');
    await page.keyboard.press('3');
    await page.getByRole('textbox', { name: 'Note' }).fill('chief executive');
    await page.getByRole('textbox', { name: 'Note' }).blur();
    await select(page, 'Sauna class 🥵🚆🇵🇱');
    await page.keyboard.press('1');
    await page.getByRole('combobox', { name: /^Status of Revived/ }).selectOption('done');
    await page.waitForFunction(() => document.querySelector('.save-status')?.textContent.startsWith('Saved'));
    const saved = await waitStored(
      page,
      (r) => Object.values(storedDocs(r)).some((d) => d.statuses?.[''] === 'done' && d.spans.length === 2 && d.spans.some((s) => s.note === 'chief executive')),
      'the two spans, the note and the status',
    );
    expectEq(ourKeys(saved).length, 4, `index + 3 documents: ${ourKeys(saved)}`);

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
    const records = await storedRecords(page);
    const doc = Object.values(storedDocs(records)).find((d) => d.spans.length === 2);
    const storedText = JSON.parse(records[`marginalia:text:${doc.id}`]);
    expect(doc.text === undefined && storedText.id === doc.id, 'the text is stored apart');
    const cps = [...storedText.text];
    expectEq(
      doc.spans.map((s) => cps.slice(s.start, s.end).join('')),
      ['Małgorzata Wójcik-Steiner', 'Sauna class 🥵🚆🇵🇱'],
      'stored spans slice the stored text',
    );

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
    // IndexedDB refuses every write (QuotaExceededError) from the start: not even the samples fit.
    const quota = await overrideQuota(page, url, TINY_QUOTA);
    await openApp(page, url);
    await page.getByRole('alert').filter({ hasText: 'storage is full' }).waitFor();
    expectEq(await saveStatus(page), 'Not saved: storage is full', 'status');
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    expectEq(await spanCount(page), 1, 'the edit is kept in memory');
    await screenshot(page, 'storage-full');
    await screenshot(page, 'storage-full-header', page.locator('header.topbar'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'storage-full-dark');
    await screenshot(page, 'storage-full-header-dark', page.locator('header.topbar'));
    await page.emulateMedia({ colorScheme: 'light' });
    // Nothing reached IndexedDB; the saves wait, journaled in localStorage.
    expectEq(await storedRecords(page), {}, 'nothing stored in IndexedDB');
    expect((await journalKeys(page)).length > 0, 'the refused saves are journaled');
    // Export is offered next to the status, and the file has the edit that could not be saved.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download a copy' }).click(),
    ]);
    const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expectEq(data.documents.flatMap((d) => d.spans.map((s) => s.text)), ['Marvila'], 'unsaved edit in the copy');
    // Room again: the next change saves everything (the samples too), and says so.
    await quota.reset();
    await select(page, 'Lisbon council');
    await page.keyboard.press('2');
    await page.getByRole('status').filter({ hasText: 'Everything is saved again' }).waitFor();
    expect((await saveStatus(page)).startsWith('Saved in this browser'), await saveStatus(page));
    const records = await waitStored(page, (r) => storedSpans(r).length === 2, 'both edits in IndexedDB');
    expectEq(ourKeys(records).length, 4, 'index + 3 documents');
    await journalEmpty(page);
    await page.reload();
    await page.locator('.span-item').first().waitFor();
    expectEq(await spanCount(page), 2, 'both edits were saved');
    expectEq(await page.locator('.doc-item').count(), 3, 'every article');
  });

  await test('an edit made while storage was full is saved when the page goes, once space is free', async ({ page, url }) => {
    const quota = await overrideQuota(page, url, TINY_QUOTA);
    await openApp(page, url);
    await page.getByRole('alert').filter({ hasText: 'storage is full' }).waitFor();
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    await page.waitForTimeout(400);
    expectEq(await saveStatus(page), 'Not saved: storage is full', 'the edit could not be saved');
    // A reload while storage is still full loses nothing either: the journal holds the edit.
    await page.reload();
    await page.locator('.span-item').first().waitFor();
    expectEq(await spanCount(page), 1, 'the edit, from the journal, after a reload while full');
    await page.getByRole('alert').filter({ hasText: 'storage is full' }).waitFor();
    expectEq(await storedRecords(page), {}, 'still nothing in IndexedDB');
    // Room again (the user freed some), and the page is reloaded with no other change: the
    // saves refused before are tried again as the page goes away (or, replayed from the
    // journal, as the next one starts), and committed.
    await quota.reset();
    await page.reload();
    await page.locator('.span-item').first().waitFor();
    expectEq(await spanCount(page), 1, 'the edit made while storage was full survived the reload');
    await waitStored(page, (r) => storedSpans(r).length === 1 && ourKeys(r).length === 4, 'the edit and the samples in IndexedDB');
    await journalEmpty(page);
    expectEq(await page.locator('.notice[role="alert"]', { hasText: 'storage is full' }).count(), 0, 'no full notice after the reload');
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
            // The meter: the site's usage against its quota.
            estimate: () => Promise.resolve({ usage: 912 * 1024, quota: 10.7 * 1024 ** 3 }),
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
      // The meter: the site's usage against its quota, as the stubbed estimate() says.
      const want = `Saved in this browser ${note} · 912 KB of 10.7 GB`;
      await page.waitForFunction((want) => document.querySelector('.save-status')?.textContent === want, want, { timeout: 10_000 }).catch(() => {});
      expectEq(await saveStatus(page), want, 'status and meter');
      await select(page, 'Lisbon council');
      await page.keyboard.press('2');
      await page.waitForTimeout(300);
      expectEq(await page.evaluate(() => window.__persistCalls), 1, 'asked once');
    });
  }

  await test('corrupt stored data is kept aside, reported, and the rest loads', async ({ page, url }) => {
    await openApp(page, url);
    await clearStored(page);
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    // Wait for the edit's commit, so the reload has nothing to flush.
    const records = await waitStored(
      page,
      (r) => ourKeys(r).length === 4 && storedSpans(r).length === 1,
      'the samples and the edit',
    );
    await journalEmpty(page);
    const victim = Object.keys(storedDocs(records)).sort()[0];
    const corrupt = '{"schema":"marginalia","version":1,"text":';
    await putStored(page, { [victim]: corrupt });
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    await page.getByRole('alert').filter({ hasText: 'could not be read' }).waitFor();
    expectEq(await page.locator('.doc-item').count(), 2, 'the other documents load');
    const after = await waitStored(
      page,
      (r) => Object.keys(r).some((k) => k.startsWith('marginalia:backup:') && k.endsWith(victim)),
      'a backup of the corrupt record',
    );
    const backups = Object.keys(after).filter((k) => k.startsWith('marginalia:backup:') && k.endsWith(victim));
    expectEq(backups.map((k) => after[k]), [corrupt], 'raw copy kept aside');
    expectEq(after[victim], corrupt, 'original untouched');
    await screenshot(page, 'storage-corrupt');
  });

  await test('data from a newer version opens read-only and is never written', async ({ page, url }) => {
    await openApp(page, url);
    await clearStored(page);
    const stored = await waitStored(page, (r) => ourKeys(r).length === 4, 'the samples');
    await journalEmpty(page);
    const index = JSON.parse(stored['marginalia:index']);
    index.version = 99;
    index.future_field = true;
    await putStored(page, { 'marginalia:index': JSON.stringify(index) });
    const before = { idb: await storedRecords(page), local: await localWithoutView(page) };
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
    await page.waitForTimeout(500);
    expectEq({ idb: await storedRecords(page), local: await localWithoutView(page) }, before, 'storage untouched');
    // Not when the page goes either.
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'newer version' }).waitFor();
    expectEq({ idb: await storedRecords(page), local: await localWithoutView(page) }, before, 'storage untouched after a reload');
  });

  await test('storage that throws on access: the app works in memory and says so', async ({ page, url }) => {
    // Site data blocked: localStorage and IndexedDB both throw.
    await page.addInitScript(() => {
      for (const name of ['localStorage', 'indexedDB']) {
        Object.defineProperty(window, name, {
          get() {
            throw new DOMException('The operation is insecure.', 'SecurityError');
          },
        });
      }
    });
    await openApp(page, url);
    await page.getByRole('alert').filter({ hasText: 'cannot be saved' }).waitFor();
    expectEq(await saveStatus(page), 'Not saved: storage unavailable', 'status');
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    expectEq(await spanCount(page), 1, 'annotating still works');
  });

  await test('localStorage that throws while IndexedDB works: the work is saved there, without a journal', async ({ page, url }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    await openApp(page, url);
    await page.waitForFunction(() => document.querySelector('.save-status')?.textContent.startsWith('Saved in this browser'));
    await select(page, 'Marvila');
    await page.keyboard.press('3');
    await waitStored(page, (r) => storedSpans(r).length === 1, 'the edit in IndexedDB');
    expectEq(await page.locator('.notice[role="alert"]', { hasText: 'cannot be saved' }).count(), 0, 'no false alarm');
    await page.reload();
    await page.locator('.span-item').first().waitFor();
    expectEq(await spanCount(page), 1, 'the edit survived a reload');
    expect((await saveStatus(page)).startsWith('Saved in this browser'), await saveStatus(page));
  });

  await test('two tabs on one corpus: edits in both are merged, none dropped', async ({ page, context, url }) => {
    await openApp(page, url);
    await clearStored(page);
    await waitStored(page, (r) => ourKeys(r).length === 4, 'the samples');
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
    await clearStored(page);
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
    /** The paged document as stored: its id, the pages it names, the page keys. */
    const paged = (records) => {
      const doc = Object.values(storedDocs(records)).find((d) => d.pages);
      if (!doc) return null;
      const pages = Object.keys(records).filter((k) => k.startsWith('marginalia:spans:'));
      return { id: doc.id, named: doc.pages, pages, spansInside: 'spans' in doc };
    };
    const first = paged(await waitStored(page, (r) => paged(r)?.pages.length > 0, 'the pages of the document'));
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
    const second = paged(
      await waitStored(page, (r) => JSON.stringify(paged(r).named) !== JSON.stringify(first.named), 'the document naming a new page'),
    );
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
