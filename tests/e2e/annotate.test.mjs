// Annotating like a user: select text with a Range, tag with keys and buttons, nested and
// crossing spans, click-cycling, relabel, delete, undo/redo, loading files.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, expectEq, openApp, screenshot } from './harness.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/**
 * Select `needle` (its `occurrence`-th match) in the article text with a DOM Range, as a
 * mouse selection ends (a bubbling mouseup). Shared with the other test files.
 */
export async function select(page, needle, occurrence = 0) {
  await page.evaluate(
    ([needle, occurrence]) => {
      const root = document.querySelector('.article-text');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let text = '';
      while (walker.nextNode()) {
        nodes.push([walker.currentNode, text.length]);
        text += walker.currentNode.data;
      }
      let at = -1;
      for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`not in the article: ${needle}`);
      const find = (pos, strict) =>
        nodes.find(([n, off]) => (strict ? pos < off + n.data.length : pos <= off + n.data.length));
      const [sn, so] = find(at, true);
      const [en, eo] = find(at + needle.length, false);
      const range = document.createRange();
      range.setStart(sn, at - so);
      range.setEnd(en, at + needle.length - eo);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    },
    [needle, occurrence],
  );
}

/** The spans listed in the panel: [label, excerpt]. */
const panelSpans = (page) =>
  page.$$eval('.span-item', (items) =>
    items.map((i) => [i.querySelector('.chip').textContent, i.querySelector('.span-excerpt').textContent]),
  );

/** data-labels of the segment that contains `needle` entirely. */
const labelsAt = (page, needle) =>
  page.evaluate((needle) => {
    const segs = [...document.querySelectorAll('.article-text .seg')];
    const seg = segs.find((s) => s.textContent === needle) ?? segs.find((s) => s.textContent.includes(needle));
    return seg ? { labels: seg.dataset.labels ?? '', ids: seg.dataset.spanIds ?? '' } : null;
  }, needle);

const selectedText = (page) => page.locator('.selected-text').textContent();

export default async function annotateTests(test) {
  await test('tags with keys and buttons, snaps to words, nests and crosses spans', async ({ page, url }) => {
    await openApp(page, url);
    // Key 3: an entity. A partial selection snaps outward to whole words.
    await select(page, 'ity counci');
    await page.keyboard.press('3');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 1);
    expectEq(await panelSpans(page), [['Entity', 'city council']], 'snapped entity');
    // The Claim button: a claim containing that entity.
    await select(page, 'The city council on Tuesday approved a €42 million plan');
    await page.getByRole('toolbar', { name: 'Annotate' }).getByRole('button', { name: 'Claim' }).click();
    // Key c: a second claim crossing the first one.
    await select(page, '€42 million plan to turn a disused rail yard');
    await page.keyboard.press('c');
    // The Quote button on a direct quote, key e on its speaker (outside it).
    await select(page, '“For thirty years this land has been a fence and a rumour,”');
    await page.getByRole('toolbar', { name: 'Annotate' }).getByRole('button', { name: 'Quote' }).click();
    await select(page, 'Inês Conceição Barros');
    await page.keyboard.press('e');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 5);
    // Assistive technology sees one list whose items are the rows (the runs of rows that
    // hold them are presentation only).
    const spanList = page.getByRole('list', { name: 'Spans in text order' });
    expectEq(await spanList.getByRole('listitem').count(), 5, 'the rows are the list items');
    expectEq(await spanList.getByRole('button').count(), 5, 'one button a row');

    expectEq((await labelsAt(page, 'city council')).labels, 'claim entity', 'entity nested in a claim');
    const crossing = await labelsAt(page, '€42 million plan');
    expectEq(crossing.labels, 'claim', 'two claims cross here');
    expectEq(crossing.ids.split(' ').length, 2, 'both claims cover the crossing');
    expectEq((await labelsAt(page, ' to turn a disused rail yard')).ids.split(' ').length, 1, 'only the second claim');
    expectEq((await labelsAt(page, 'Inês Conceição Barros')).labels, 'entity', 'accented entity');
    expectEq((await labelsAt(page, 'For thirty years')).labels, 'quote', 'quote');
    // Offsets are code points of the document text (the panel shows them).
    const range = await page.locator('.selected-range').textContent();
    const expected = await page.evaluate(() => {
      const text = [...document.querySelectorAll('.article-text [data-start]')]
        .map((b) => b)
        .find((b) => b.textContent.includes('Inês Conceição Barros'));
      const block = text.closest('.block');
      const before = block.textContent.slice(0, block.textContent.indexOf('Inês Conceição Barros'));
      const start = Number(block.dataset.start) + [...before].length;
      return `characters ${start}–${start + [...'Inês Conceição Barros'].length}`;
    });
    expect(range.startsWith(expected), `offsets: ${range} vs ${expected}`);
    // The document list counts them.
    const counts = await page.locator('.doc-row.active .doc-counts').getAttribute('aria-label');
    expectEq(counts, '1 quote, 2 claim, 2 entity', 'counts in the document list');
    // Status moved from New to In progress.
    expectEq(await page.locator('.doc-row.active select.status').inputValue(), 'in_progress', 'status');
    await page.evaluate(() => getSelection().removeAllRanges());
    await page.locator('.reader').evaluate((el) => el.scrollTo(0, 0));
    await screenshot(page, 'annotate-nested-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'annotate-nested-dark');
  });

  await test('click selects the innermost span and cycles; relabel, delete, undo, redo', async ({ page, url }) => {
    await openApp(page, url);
    await select(page, 'The city council on Tuesday approved');
    await page.keyboard.press('2');
    await select(page, 'city council');
    await page.keyboard.press('3');
    await page.keyboard.press('Escape');
    expectEq(await page.locator('.selected-span').count(), 0, 'Esc clears the selection');
    const seg = page.locator('.article-text .seg[data-labels="claim entity"]');
    await seg.click();
    expectEq(await selectedText(page), '“city council”', 'first click: innermost');
    await seg.click();
    expectEq(await selectedText(page), '“The city council on Tuesday approved”', 'second click: the outer span');
    await seg.click();
    expectEq(await selectedText(page), '“city council”', 'third click: back to the innermost');
    // Relabel with a key (no text selected): entity -> quote.
    await page.keyboard.press('1');
    await page.waitForFunction(() =>
      document.querySelector('.seg[data-labels="quote claim"]') !== null,
    );
    // Relabel with the panel's chip: quote -> entity.
    await page.getByRole('group', { name: 'Change label' }).getByRole('button', { name: 'Entity' }).click();
    await page.waitForFunction(() => document.querySelector('.seg[data-labels="claim entity"]') !== null);
    // Delete, undo, redo.
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 1);
    expectEq(await page.locator('.seg[data-labels~="entity"]').count(), 0, 'entity deleted');
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 2);
    expectEq((await labelsAt(page, 'city council')).labels, 'claim entity', 'undo restores it');
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 1);
    await page.keyboard.press('Control+y');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 2);
    // j / k walk the spans; the panel entry selects and flashes.
    await page.keyboard.press('j');
    expectEq(await selectedText(page), '“The city council on Tuesday approved”', 'j: first span');
    await page.keyboard.press('j');
    expectEq(await selectedText(page), '“city council”', 'j: next span');
    await page.keyboard.press('k');
    await page.locator('.span-item').nth(1).click();
    expectEq(await selectedText(page), '“city council”', 'panel click selects');
    // The keyboard too: Enter on a focused row.
    await page.locator('.span-item').nth(0).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.selected-text')?.textContent === '“The city council on Tuesday approved”');
    // The row keeps the focus while its run re-renders around it.
    expect(await page.evaluate(() => document.activeElement?.matches('.span-item.active')), 'focus stays on the row');
    await page.locator('.span-item').nth(1).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.selected-text')?.textContent === '“city council”');
    expect(await page.evaluate(() => document.activeElement?.matches('.span-item.active')), 'focus stays on the next row');
    await page.locator('.seg.flash-a, .seg.flash-b').first().waitFor();
    // A note.
    await page.getByRole('textbox', { name: 'Note' }).fill('the council, not the mayor');
    await page.getByRole('textbox', { name: 'Note' }).blur();
    await page.locator('.span-note', { hasText: 'the council, not the mayor' }).waitFor();
    // ? shows every shortcut.
    await page.locator('.reader').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    expectEq(await page.getByRole('dialog').count(), 0, 'Esc closes the dialog');
  });

  await test('Open articles loads Markdown and pre-annotated JSONL; emoji offsets are code points', async ({ page, url }) => {
    await openApp(page, url);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open articles' }).click();
    await (await chooser).setFiles([
      path.join(FIXTURES, 'harbour-🇺🇦.md'),
      path.join(FIXTURES, 'preannotated.jsonl'),
    ]);
    await page.waitForFunction(() => document.querySelectorAll('.doc-item').length === 6);
    // The JSONL's bad span is reported, the good ones are annotations.
    await page.getByRole('alert').filter({ hasText: 'span 1' }).first().waitFor();
    await page.getByRole('button', { name: /^Budget note/ }).click();
    expectEq(
      await panelSpans(page),
      [['Entity', 'Zoë Adeyemi'], ['Claim', 'the budget rose 12% in 2025.']],
      'pre-annotated spans',
    );
    expectEq((await labelsAt(page, 'Zoë Adeyemi')).labels, 'entity', 'imported entity rendered');
    // Tag text after a flag and a ZWJ family: offsets count code points.
    await page.getByRole('button', { name: /^Kyiv harbour reopens/ }).click();
    await select(page, 'left at dawn');
    await page.keyboard.press('2');
    const range = await page.locator('.selected-range').textContent();
    const expected = await page.evaluate(() => {
      const block = [...document.querySelectorAll('.article-text .block')].find((b) => b.textContent.includes('left at dawn'));
      const before = block.textContent.slice(0, block.textContent.indexOf('left at dawn'));
      const start = Number(block.dataset.start) + [...before].length;
      return `characters ${start}–${start + 12}`;
    });
    expect(range.startsWith(expected), `${range} vs ${expected}`);
    // Loading the same file again is detected and not duplicated.
    const again = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open articles' }).click();
    await (await again).setFiles([path.join(FIXTURES, 'harbour-🇺🇦.md')]);
    await page.getByRole('status').filter({ hasText: 'already open' }).waitFor();
    expectEq(await page.locator('.doc-item').count(), 6, 'no duplicate');
    await screenshot(page, 'annotate-emoji');
  });

  await test('HTML is reduced to text; paste, delete and undo a document', async ({ page, url }) => {
    await openApp(page, url);
    const html =
      '<html><head><title>Hostile page</title><script>window.__pwned = 1</script></head><body>' +
      '<h1>Hostile page</h1><p onclick="window.__pwned=2">Safe <b>paragraph</b> text.</p>' +
      '<img src="https://tracker.example/x.gif" alt="tracker" onerror="window.__pwned=3">' +
      '<ul><li>One</li><li>Two</li></ul><style>p{color:red}</style><!-- comment --></body></html>';
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open articles' }).click();
    await (await chooser).setFiles([{ name: 'hostile.html', mimeType: 'text/html', buffer: Buffer.from(html) }]);
    await page.waitForFunction(() => document.querySelector('article h1')?.textContent === 'Hostile page');
    const text = await page.locator('.article-text').textContent();
    expect(text.includes('Safe paragraph text.') && text.includes('One'), `text kept: ${text}`);
    expect(!text.includes('pwned') && !text.includes('color:red') && !text.includes('comment'), 'scripts, styles, comments dropped');
    expectEq(await page.evaluate(() => window.__pwned ?? null), null, 'nothing ran');
    expectEq(await page.locator('img').count(), 0, 'no image element');

    await page.getByRole('button', { name: 'Paste article' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Pasted piece');
    await page.getByRole('textbox', { name: 'Text' }).fill('A pasted paragraph about the port.\n\nAnother one.');
    await page.getByRole('button', { name: 'Add article' }).click();
    await page.waitForFunction(() => document.querySelector('.doc-row.active .doc-title')?.textContent === 'Pasted piece');

    await page.getByRole('searchbox', { name: 'Filter documents' }).fill('pasted');
    expectEq(await page.locator('.doc-item').count(), 1, 'filter by title');
    await page.getByRole('button', { name: 'Delete Pasted piece' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    expectEq(await page.locator('.doc-item').count(), 0, 'deleted');
    await page.getByRole('searchbox', { name: 'Filter documents' }).fill('');
    await page.locator('.reader').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => [...document.querySelectorAll('.doc-title')].some((t) => t.textContent === 'Pasted piece'));
    // Status can be set by hand.
    await page.getByRole('combobox', { name: 'Status of Pasted piece' }).selectOption('done');
    expectEq(await page.getByRole('combobox', { name: 'Status of Pasted piece' }).inputValue(), 'done', 'status');
  }, {
    // Chromium reports the hostile file's handlers and <style> as blocked by the page's CSP
    // while the inert parser reads them: expected, and proof that they could not run.
    allowConsoleErrors: /violates the following Content Security Policy directive/,
    allowCsp: /^(script-src-attr|style-src-elem|script-src|style-src|default-src) blocked inline$/,
  });

  await test('dropping a file opens it; a quote can run over two paragraphs', async ({ page, url }) => {
    await openApp(page, url);
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['Dropped report\n\nFirst “half of a quote\n\nand its end,” she said.\n'], 'dropped.txt', { type: 'text/plain' }));
      document.querySelector('.reader').dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
      document.querySelector('.reader').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
    });
    await page.waitForFunction(() => document.querySelector('article h1')?.textContent === 'Dropped report');
    // Select from the first paragraph into the second.
    await page.evaluate(() => {
      const blocks = [...document.querySelectorAll('.article-text p.block')];
      const first = blocks[0].querySelector('.seg').firstChild;
      const second = blocks[1].querySelector('.seg').firstChild;
      const range = document.createRange();
      range.setStart(first, first.data.indexOf('“'));
      range.setEnd(second, second.data.indexOf(' she'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
    await page.keyboard.press('q');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 1);
    const segs = await page.$$eval('.seg[data-labels="quote"]', (els) => els.map((e) => e.textContent));
    expectEq(segs, ['“half of a quote', 'and its end,”'], 'one quote over two paragraphs');
    const ids = await page.$$eval('.seg[data-labels="quote"]', (els) => new Set(els.map((e) => e.dataset.spanIds)).size);
    expectEq(ids, 1, 'both pieces are the same span');
    expectEq(await selectedText(page), '““half of a quote and its end,””', 'the panel shows the whole span');
  });
  await test('a list of 1,234 spans pages by 500 and turns to a revealed span', async ({ page, url }) => {
    await openApp(page, url);
    // One span on each word, w0000 … w1233, labels in turn entity, quote, claim.
    const words = Array.from({ length: 1234 }, (_, i) => `w${String(i).padStart(4, '0')}`);
    const paras = [];
    for (let i = 0; i < words.length; i += 40) paras.push(words.slice(i, i + 40).join(' '));
    const head = 'Paged report\n\n';
    const text = head + paras.join('\n\n');
    const spans = words.map((w, i) => {
      const start = text.indexOf(w);
      return { start, end: start + w.length, label: ['entity', 'quote', 'claim'][i % 3], id: `p${i}` };
    });
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open articles' }).click();
    await (await chooser).setFiles([{ name: 'paged.jsonl', mimeType: 'application/octet-stream', buffer: Buffer.from(JSON.stringify({ text, spans })) }]);
    await page.getByRole('button', { name: /^Paged report/ }).click();
    await page.locator('article h1', { hasText: 'Paged report' }).waitFor();
    // "Opened 1 article." covers the foot of the panel until it is dismissed.
    await page.getByRole('status').filter({ hasText: 'Opened 1 article.' }).getByRole('button', { name: 'Dismiss' }).click();

    const rows = () => page.$$eval('.span-item .span-excerpt', (els) => els.map((e) => e.textContent));
    const at = async () => {
      const titles = await page.$$eval('.pager-at', (els) => els.map((e) => e.textContent));
      expect(titles.length === 2 && titles[0] === titles[1], `a pager above and below the list: ${titles}`);
      return titles[0];
    };
    const next = page.getByRole('button', { name: 'Next spans' });
    const previous = page.getByRole('button', { name: 'Previous spans' });
    const showing = async (title, first, count) => {
      await page.waitForFunction((t) => document.querySelector('.pager-at')?.textContent === t, title);
      const listed = await rows();
      expectEq([listed[0], listed.length], [first, count], `${title}: first row and rows`);
    };
    await showing('Spans 1–500 of 1,234', 'w0000', 500);
    expect(await previous.first().isDisabled(), 'no page before the first');

    // The pager at the foot of the list: the next page, and the list's head comes into view.
    await page.locator('.span-item').last().scrollIntoViewIfNeeded();
    await next.last().click();
    await showing('Spans 501–1,000 of 1,234', 'w0500', 500);
    const top = await page.evaluate(() => {
      const panel = document.querySelector('.panel').getBoundingClientRect();
      const pager = document.querySelector('.pager').getBoundingClientRect();
      return pager.top >= panel.top - 0.5 && pager.bottom <= panel.bottom;
    });
    expect(top, 'the pager above the list is in view after paging from the foot');
    await next.first().click();
    await showing('Spans 1,001–1,234 of 1,234', 'w1000', 234);
    expect(await next.first().isDisabled(), 'no page after the last');
    await at();

    // A click in the text selects a span of the first page: shown above the list, which stays.
    await page.locator('.article-text .seg', { hasText: /^w0499$/ }).click();
    await page.waitForFunction(() => document.querySelector('.selected-text')?.textContent === '“w0499”');
    await showing('Spans 1,001–1,234 of 1,234', 'w1000', 234);
    // j steps to the next span and reveals it: the list turns to its page, and k back.
    await page.keyboard.press('j');
    await showing('Spans 501–1,000 of 1,234', 'w0500', 500);
    expectEq(await page.locator('.span-item.active .span-excerpt').textContent(), 'w0500', 'selected row after j');
    await page.keyboard.press('k');
    await showing('Spans 1–500 of 1,234', 'w0000', 500);
    expectEq(await page.locator('.span-item.active .span-excerpt').textContent(), 'w0499', 'selected row after k');
    await page.keyboard.press('j');
    await showing('Spans 501–1,000 of 1,234', 'w0500', 500);

    // An add on the first page does not turn the page, nor shift its rows: the page is held
    // by its first span, one place further now.
    await select(page, 'w0003');
    await page.keyboard.press('1');
    await page.waitForFunction(() => document.querySelector('.selected-text')?.textContent === '“w0003”');
    await showing('Spans 502–1,001 of 1,235', 'w0500', 500);
    // Nor does deleting the selected span.
    await page.keyboard.press('Delete');
    await showing('Spans 501–1,000 of 1,234', 'w0500', 500);
    // A label filter starts at its first page; 411 quotes fit on one, with no pager.
    await page.getByRole('group', { name: 'Filter by label' }).getByRole('button', { name: /^Quote/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 411);
    expectEq(await page.locator('.pager').count(), 0, 'no pager for one page');
    expectEq((await rows())[0], 'w0001', 'the first quote');
    // Back to every label: the page of the span last revealed (w0500, by j).
    await page.getByRole('group', { name: 'Filter by label' }).getByRole('button', { name: /^All/ }).click();
    await showing('Spans 501–1,000 of 1,234', 'w0500', 500);
    await screenshot(page, 'annotate-span-pages');
  });
  await test('annotating by keyboard alone: Ctrl+arrows select words, Shift stretches, keys tag', async ({ page, url }) => {
    await openApp(page, url);
    const selected = () => page.evaluate(() => getSelection().toString());
    const spanText = () => page.locator('.selected-text').textContent();
    const press = async (keys) => {
      for (const key of keys.split(' ')) await page.keyboard.press(key);
    };
    // From the top of the article: its first words.
    await press('Control+ArrowRight');
    expectEq(await selected(), 'Lisbon', 'the first word');
    await press('Control+Shift+ArrowRight');
    expectEq(await selected(), 'Lisbon council', 'stretched by a word');
    const announce = page.getByRole('status').and(page.locator('#announce'));
    expectEq(await announce.textContent(), 'Selected: “Lisbon council”', 'read out by screen readers');
    await press('3');
    await page.locator('.selected-text', { hasText: 'Lisbon council' }).waitFor();
    expectEq(await spanText(), '“Lisbon council”', 'tagged as an entity');
    expectEq(await page.locator('.seg[data-labels="entity"]').first().textContent(), 'Lisbon council', 'highlighted');

    // On from the selected span: the next word, stretched over a currency sign and a number.
    await press('Control+ArrowRight');
    expectEq(await selected(), 'approves', 'the word after the span');
    await press('Control+Shift+ArrowRight Control+Shift+ArrowRight');
    expectEq(await selected(), 'approves €42 million', 'two more words');
    await press('Shift+ArrowLeft Shift+ArrowLeft');
    expectEq(await selected(), 'approves €42 milli', 'a character at a time');
    await press('Control+Shift+ArrowRight');
    expectEq(await selected(), 'approves €42 million', 'back to the word’s end');
    await press('Control+ArrowLeft');
    expectEq(await selected(), 'council', 'the word before: inside the span');
    await press('Escape');
    expectEq(await selected(), '', 'Esc clears it');

    // A pasted article with a flag, an accent and Japanese: a character is a grapheme cluster.
    await page.getByRole('button', { name: 'Paste article' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Flags');
    await page.getByRole('textbox', { name: 'Text' }).fill('Zoë 🇵🇹 visited 東京 today.');
    await page.getByRole('button', { name: 'Add article' }).click();
    await page.waitForFunction(() => document.querySelector('.doc-row.active .doc-title')?.textContent === 'Flags');
    // (A pasted article's title is not part of its text.)
    await press('Control+ArrowRight');
    expectEq(await selected(), 'Zoë', 'the first word');
    await press('Shift+ArrowRight Shift+ArrowRight');
    expectEq(await selected(), 'Zoë 🇵🇹', 'a space, then the whole flag');
    await press('2');
    await page.locator('.selected-text', { hasText: 'Zoë' }).waitFor();
    expectEq(await spanText(), '“Zoë 🇵🇹”', 'a claim over the flag');
    const offsets = await page.$$eval('.article-text .seg[data-labels="claim"]', (segs) => segs.map((s) => [s.dataset.start, s.dataset.end]));
    expectEq(offsets, [['0', '6']], 'code points: "Zoë 🇵🇹" is 6 (the flag 2)');
    await press('Control+ArrowRight Control+ArrowRight');
    expect(['東京', '東'].includes(await selected()), `a Japanese word: ${await selected()}`);

    // Scrolled down with nothing selected: from the block at the top of the reader.
    await page.locator('.doc-item').nth(1).click();
    await page.locator('.article-text').waitFor();
    await press('Escape');
    await page.locator('#reader').evaluate((r) => { r.scrollTop = 600; });
    await page.waitForTimeout(100);
    await press('Control+ArrowRight');
    const where = await page.evaluate(() => {
      const range = getSelection().getRangeAt(0).getBoundingClientRect();
      const reader = document.getElementById('reader').getBoundingClientRect();
      const toolbar = document.querySelector('#reader .toolbar').getBoundingClientRect();
      return { belowToolbar: range.top - toolbar.bottom, aboveBottom: reader.bottom - range.bottom, text: getSelection().toString() };
    });
    expect(where.text.length > 0 && where.belowToolbar > 0 && where.aboveBottom > 0, `a word in view, below the toolbar: ${JSON.stringify(where)}`);
    await screenshot(page, 'annotate-keyboard');
  });
  await test('Tag every “…”: the other places of a name tagged in one step, with its attributes; one undo', async ({ page, url }) => {
    await openApp(page, url);
    await page.getByRole('button', { name: 'Paste article' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Talks');
    await page.getByRole('textbox', { name: 'Text' }).fill(
      'Zelenskyy met envoys. Zelenskyy’s aides cheered; Zelenskyyite fans did too.\n\nLater “Zelenskyy!” they said. ZELENSKYY left.',
    );
    await page.getByRole('button', { name: 'Add article' }).click();
    await page.waitForFunction(() => document.querySelector('.doc-row.active .doc-title')?.textContent === 'Talks');
    await select(page, 'Zelenskyy');
    await page.keyboard.press('3');
    const attrs = page.getByRole('group', { name: 'Attributes' });
    await attrs.getByRole('combobox', { name: 'Type' }).selectOption('person');
    const entities = () => page.$$eval('.article-text .seg[data-labels="entity"]', (segs) => segs.map((s) => s.textContent));
    expectEq(await entities(), ['Zelenskyy'], 'one to start with');
    await page.getByRole('button', { name: 'Tag every “Zelenskyy”' }).click();
    await page.getByRole('status').filter({ hasText: 'Tagged 2 more “Zelenskyy” as Entity.' }).waitFor();
    // The possessive and the exclamation; not "Zelenskyyite", not the capitals.
    expectEq(await entities(), ['Zelenskyy', 'Zelenskyy', 'Zelenskyy'], 'three now');
    expectEq(
      await page.$$eval('.article-text .seg[data-labels="entity"]', (segs) => segs.map((s) => s.nextSibling?.textContent?.slice(0, 2) ?? '')),
      [' m', '’s', '!”'],
      'at the right places',
    );
    await page.keyboard.press('Escape');
    await page.keyboard.press('k');
    await page.locator('.selected-text', { hasText: 'Zelenskyy' }).waitFor();
    expectEq(await attrs.getByRole('combobox', { name: 'Type' }).inputValue(), 'person', 'the type came along');
    await screenshot(page, 'annotate-tag-every');
    // Nothing left: it says so (a is its key).
    await page.keyboard.press('a');
    await page.getByRole('status').filter({ hasText: 'No other “Zelenskyy” in this article to tag as Entity.' }).waitFor();
    // One undo takes both back.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('.article-text .seg[data-labels="entity"]').length === 1);
  });
}
