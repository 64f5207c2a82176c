// The corpus views like a user: the view switch, People (one entity spelled two ways in two
// articles, merged, found, undone; a mention opens its article at the span) and Claims (a
// dataset with claimants and check-worthiness, sorted by a column, filtered, a claim opened
// in its article), and the label charts of the document list.
import { expect, expectEq, openApp, screenshot } from './harness.mjs';
import { select } from './annotate.test.mjs';

const views = (page) => page.getByRole('navigation', { name: 'Views' });
const people = (page) => page.getByRole('main', { name: 'People' });
const claims = (page) => page.getByRole('main', { name: 'Claims' });

/** Open files through the Open articles button. */
export async function openFiles(page, files, whose) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open articles' }).click();
  await (await chooser).setFiles(files.map((f) => ({ mimeType: 'text/plain', ...f, buffer: Buffer.from(f.text) })));
  if (whose) await nameImport(page, whose);
}

/** Answer "Whose annotations are these?" for a file that names nobody: `mine`, or a name. */
export async function nameImport(page, whose) {
  const dialog = page.getByRole('dialog', { name: 'Whose annotations are these?' });
  await dialog.waitFor();
  if (whose === 'mine') {
    await dialog.getByRole('button', { name: /^Mine/ }).click();
  } else {
    await dialog.getByRole('textbox', { name: 'Annotator of the file' }).fill(whose);
    await dialog.getByRole('textbox', { name: 'Annotator of the file' }).press('Enter');
  }
  await dialog.waitFor({ state: 'detached' });
}

/** The view switch's current view. */
const currentView = (page) => views(page).locator('[aria-current="page"]').textContent();

/** Each card of the People view: name and its mentions as [article, mention text]. */
const cards = (page) =>
  page.$$eval('.person-card', (cards) =>
    cards.map((c) => ({
      name: c.querySelector('.person-name').textContent,
      mentions: [...c.querySelectorAll('.mention-group')].flatMap((g) =>
        [...g.querySelectorAll('.mention-text')].map((m) => [g.querySelector('.mention-doc').textContent, m.textContent]),
      ),
    })),
  );

/** A Marginalia dataset (version 2) of `docs`: {title, paragraphs, spans: [{id, needle, label, attributes}]},
 * with `relations` [{document index, kind, from, to}]. Offsets in code points. */
export function dataset(docs, relations) {
  const cp = (s) => [...s].length;
  const documents = docs.map((d, i) => {
    const text = [d.title, ...d.paragraphs].join('\n\n');
    const blocks = [];
    let at = 0;
    for (const [j, part] of [d.title, ...d.paragraphs].entries()) {
      blocks.push({ kind: j === 0 ? 'title' : 'paragraph', start: at, end: at + cp(part) });
      at += cp(part) + 2;
    }
    const spans = d.spans.map((s) => {
      const byte = text.indexOf(s.needle);
      if (byte < 0) throw new Error(`not in ${d.title}: ${s.needle}`);
      const start = cp(text.slice(0, byte));
      return { id: s.id, start, end: start + cp(s.needle), text: s.needle, label: s.label, attributes: s.attributes ?? {}, ...(s.annotator ? { annotator: s.annotator } : {}) };
    });
    return { id: `doc-${i}`, title: d.title, source: `${d.title}.md`, text, blocks, status: 'in_progress', spans };
  });
  return JSON.stringify({
    schema: 'marginalia-dataset',
    version: 2,
    documents,
    relations: relations.map((r, i) => ({ id: `r${i}`, document: `doc-${r.doc}`, kind: r.kind, from: r.from, to: r.to })),
  });
}

export const CLAIMS = dataset(
  [
    {
      title: 'Grain report',
      paragraphs: [
        'Zoë Adeyemi said exports fell 40% last year. Ports reopened in May.',
        'The ministry said the ports are safe.',
      ],
      spans: [
        { id: 'zoe', needle: 'Zoë Adeyemi', label: 'entity', attributes: { type: 'person' } },
        { id: 'c1', needle: 'exports fell 40% last year', label: 'claim', attributes: { checkworthy: 'check-worthy', verdict: 'False: exports rose 3%' } },
        { id: 'c2', needle: 'Ports reopened in May', label: 'claim', attributes: { checkworthy: 'not check-worthy' } },
        { id: 'min', needle: 'The ministry', label: 'entity', attributes: { type: 'organisation', canonical: 'Ministry of Trade' } },
        { id: 'c3', needle: 'the ports are safe', label: 'claim', attributes: { checkworthy: 'unsure' } },
      ],
    },
    {
      title: 'Harvest',
      paragraphs: ['Adeyemi claims harvests doubled. Farmers said prices rose 12%.'],
      // The same span ids as the first article's: ids are unique within an article only.
      spans: [
        { id: 'zoe', needle: 'Adeyemi', label: 'entity', attributes: { type: 'person' } },
        { id: 'c1', needle: 'harvests doubled', label: 'claim', attributes: { checkworthy: 'check-worthy' } },
        { id: 'c2', needle: 'prices rose 12%', label: 'claim' },
      ],
    },
  ],
  [
    { doc: 0, kind: 'claimant', from: 'c1', to: 'zoe' },
    { doc: 0, kind: 'claimant', from: 'c3', to: 'min' },
    { doc: 1, kind: 'claimant', from: 'c1', to: 'zoe' },
  ],
);

/** The claims table's rows: [claim, document, claimant, check-worthiness, verdict]. */
const rows = (page) =>
  page.$$eval('.claims-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
const claimsColumn = async (page) => (await rows(page)).map((r) => r[0]);

export default async function viewsTests(test) {
  await test('People: one person in two articles, merged from a suggestion, found, undone, and a mention opens its article', async ({ page, url }) => {
    await openApp(page, url);
    // The switch: three views, the article current; keyboard reachable, v goes round.
    expectEq(await views(page).getByRole('button').allTextContents(), ['Article', 'People', 'Claims', 'Agreement'], 'the views');
    expectEq(await currentView(page), 'Article', 'article first');
    await views(page).getByRole('button', { name: 'People' }).focus();
    await page.keyboard.press('Enter');
    await people(page).waitFor();
    expectEq(await currentView(page), 'People', 'People is current');
    expect((await people(page).locator('.view-empty').textContent()).startsWith('No entities yet.'), 'empty state');
    await page.keyboard.press('Escape');
    await page.locator('.article-text').waitFor();
    expectEq(await currentView(page), 'Article', 'Escape: back to the article');

    await openFiles(page, [
      { name: 'kyiv.md', text: '# Kyiv talks\n\n“We will hold the line,” said Zelenskyy on Monday.\n' },
      { name: 'envoys.md', text: '# Envoys meet\n\nVolodymyr Zelensky met the envoys in Kyiv. Zelenskyy later thanked them.\n' },
    ]);
    await page.locator('.doc-row.active .doc-title', { hasText: 'Kyiv talks' }).waitFor();
    await select(page, 'Zelenskyy');
    await page.keyboard.press('3');
    await page.locator('.seg[data-labels="entity"]').first().waitFor();
    await page.locator('.doc-item', { hasText: 'Envoys meet' }).click();
    await page.locator('.article[aria-label="Envoys meet"]').waitFor();
    await select(page, 'Volodymyr Zelensky');
    await page.keyboard.press('3');
    await select(page, 'Zelenskyy');
    await page.keyboard.press('3');
    await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 2);

    await page.keyboard.press('Escape');
    await page.keyboard.press('v');
    await people(page).waitFor();
    expectEq(
      await cards(page),
      [
        { name: 'Zelenskyy', mentions: [['Kyiv talks', 'Zelenskyy'], ['Envoys meet', 'Zelenskyy']] },
        { name: 'Volodymyr Zelensky', mentions: [['Envoys meet', 'Volodymyr Zelensky']] },
      ],
      'two spellings, two cards',
    );
    const hint = people(page).locator('.merge-hint');
    expectEq(await hint.locator('span').textContent(), 'Zelenskyy may be the same as Volodymyr Zelensky', 'the suggestion');
    await screenshot(page, 'views-people-suggestion');
    await hint.getByRole('button', { name: 'Merge Zelenskyy into Volodymyr Zelensky' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.person-card').length === 1);
    const merged = {
      name: 'Volodymyr Zelensky',
      mentions: [['Kyiv talks', 'Zelenskyy'], ['Envoys meet', 'Volodymyr Zelensky'], ['Envoys meet', 'Zelenskyy']],
    };
    expectEq(await cards(page), [merged], 'one card, both articles');
    expectEq(await people(page).locator('.person-stats').textContent(), '3 mentions in 2 articles', 'its counts');
    await page.getByRole('status').filter({ hasText: 'is now “Volodymyr Zelensky”' }).waitFor();
    await screenshot(page, 'views-people');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'views-people-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Ctrl+Z undoes the merge as one step; Ctrl+Shift+Z does it again.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('.person-card').length === 2);
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(() => document.querySelectorAll('.person-card').length === 1);

    // Find people: by any spelling, without accents or case.
    const find = page.getByRole('searchbox', { name: 'Find people' });
    await find.fill('ZELENSKYY');
    expectEq(await cards(page), [merged], 'found by a mention’s spelling');
    await find.fill('Zelenska');
    await people(page).locator('.view-empty').waitFor();
    expectEq(await cards(page), [], 'nobody by another name');
    await find.fill('volodymyr');
    expectEq((await cards(page)).length, 1, 'found by its name');

    // A mention opens its article with the span selected.
    await people(page).locator('.mention-group', { hasText: 'Kyiv talks' }).getByRole('button').click();
    await page.locator('.article[aria-label="Kyiv talks"]').waitFor();
    expectEq(await currentView(page), 'Article', 'back in the article');
    expectEq(await page.locator('.doc-row.active .doc-title').textContent(), 'Kyiv talks', 'its article is open');
    expectEq(await page.locator('.article-text .seg.sel').first().textContent(), 'Zelenskyy', 'the span is selected');
    expectEq(await page.locator('.selected-text').textContent(), '“Zelenskyy”', 'and shown in the panel');
    await page.getByRole('group', { name: 'Attributes' }).waitFor();
    expectEq(
      await page.getByRole('textbox', { name: 'Canonical name' }).inputValue(),
      'Volodymyr Zelensky',
      'the merge gave it the canonical name',
    );
  });

  await test('Claims: a dataset’s claims sorted by claimant, filtered by text and check-worthiness, and opened', async ({ page, url }) => {
    await openApp(page, url);
    await views(page).getByRole('button', { name: 'Claims' }).click();
    await claims(page).waitFor();
    expect((await claims(page).locator('.view-empty').textContent()).startsWith('No claims yet.'), 'empty state');
    await openFiles(page, [{ name: 'claims.json', mimeType: 'application/json', text: CLAIMS }], 'mine');
    await page.waitForFunction(() => document.querySelectorAll('.claims-table tbody tr').length === 5);
    expectEq(await claims(page).locator('.view-sub').textContent(), '5 claims in 2 articles', 'the counts');
    expectEq(
      await rows(page),
      [
        ['exports fell 40% last year', 'Grain report', 'Zoë Adeyemi', 'check-worthy', 'False: exports rose 3%'],
        ['Ports reopened in May', 'Grain report', '—', 'not check-worthy', '—'],
        ['the ports are safe', 'Grain report', 'Ministry of Trade', 'unsure', '—'],
        ['harvests doubled', 'Harvest', 'Adeyemi', 'check-worthy', '—'],
        ['prices rose 12%', 'Harvest', '—', '—', '—'],
      ],
      'every claim in corpus order',
    );
    const header = (name) => claims(page).getByRole('columnheader', { name });
    expectEq(await header('Claimant').getAttribute('aria-sort'), 'none', 'not sorted yet');
    await header('Claimant').getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('th[aria-sort="ascending"]'));
    expectEq(await header('Claimant').getAttribute('aria-sort'), 'ascending', 'sorted up');
    expectEq(
      await claimsColumn(page),
      ['harvests doubled', 'the ports are safe', 'exports fell 40% last year', 'Ports reopened in May', 'prices rose 12%'],
      'by claimant (Adeyemi, Ministry, Zoë; none last)',
    );
    await header('Claimant').getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]'));
    expectEq(
      await claimsColumn(page),
      ['exports fell 40% last year', 'the ports are safe', 'harvests doubled', 'Ports reopened in May', 'prices rose 12%'],
      'by claimant, down (none still last)',
    );
    await screenshot(page, 'views-claims');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'views-claims-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Filters: text in any column (accents and case aside), then check-worthiness.
    const filter = page.getByRole('searchbox', { name: 'Filter claims' });
    await filter.fill('MINISTRY');
    await page.waitForFunction(() => document.querySelectorAll('.claims-table tbody tr').length === 1);
    expectEq(await claimsColumn(page), ['the ports are safe'], 'by claimant name');
    await filter.fill('zoe');
    await page.waitForFunction(() => document.querySelector('.claims-table tbody tr td')?.textContent === 'exports fell 40% last year');
    expectEq(await claimsColumn(page), ['exports fell 40% last year'], 'without the accent');
    await filter.fill('');
    const check = page.getByRole('combobox', { name: 'Filter by check-worthiness' });
    await check.selectOption('=check-worthy');
    await page.waitForFunction(() => document.querySelectorAll('.claims-table tbody tr').length === 2);
    expectEq(await claimsColumn(page), ['exports fell 40% last year', 'harvests doubled'], 'check-worthy, still sorted');
    expectEq(await claims(page).getByRole('status').textContent(), '2 of 5', 'how many are shown');
    await check.selectOption('-');
    await page.waitForFunction(() => document.querySelectorAll('.claims-table tbody tr').length === 1);
    expectEq(await claimsColumn(page), ['prices rose 12%'], 'not set');
    await filter.fill('nothing like this');
    await claims(page).locator('.view-empty', { hasText: 'No claims match' }).waitFor();
    await filter.fill('');
    await check.selectOption('*');
    await page.waitForFunction(() => document.querySelectorAll('.claims-table tbody tr').length === 5);

    // A claim opens its article at the claim.
    await claims(page).getByRole('button', { name: 'harvests doubled' }).click();
    await page.locator('.article[aria-label="Harvest"]').waitFor();
    expectEq(await currentView(page), 'Article', 'back in the article');
    expectEq(await page.locator('.article-text .seg.sel').first().textContent(), 'harvests doubled', 'the claim is selected');
    expectEq(await page.locator('.selected-text').textContent(), '“harvests doubled”', 'and shown in the panel');

    // The document list's charts: a bar per article, its counts as its accessible name.
    const bar = page.locator('.doc-row.active svg.label-bar');
    expectEq(await bar.getAttribute('role'), 'img', 'a chart');
    expectEq(await bar.getAttribute('aria-label'), '0 quote, 2 claim, 1 entity', 'its counts');
    expectEq(await bar.locator('rect').count(), 2, 'one part per used label');
    const fills = await bar.locator('rect').evaluateAll((rs) => rs.map((r) => [r.getAttribute('width'), getComputedStyle(r).fill]));
    expectEq(fills, [['2', 'rgb(0, 114, 178)'], ['1', 'rgb(0, 158, 115)']], 'claims and entities in their colours');
    await page.locator('.doc-item', { hasText: 'Grain report' }).click();
    await page.locator('.article[aria-label="Grain report"]').waitFor();
    await screenshot(page, 'views-doc-list');
    await page.emulateMedia({ colorScheme: 'dark' });
    expectEq(
      await page.locator('.doc-row.active svg.label-bar rect').first().evaluate((r) => getComputedStyle(r).fill),
      'rgb(86, 180, 233)',
      'the dark theme’s claim colour',
    );
    await screenshot(page, 'views-doc-list-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // The corpus chart at the top of the views.
    await page.keyboard.press('v');
    const chart = people(page).locator('svg.corpus-chart');
    expectEq(
      await chart.getAttribute('aria-label'),
      'Annotations in all articles: 0 quote, 5 claim, 3 entity',
      'the corpus chart',
    );
    expectEq(
      await people(page).locator('.person-card', { hasText: 'Ministry of Trade' }).locator('.person-tags').textContent(),
      'organisation',
      'a card’s type',
    );
    await screenshot(page, 'views-people-dataset');
  });
  await test('People: a card lists five mentions until “Show all”, and more possible spellings on asking', async ({ page, url }) => {
    // Ada Lovelace: 8 mentions (one canonical name). "Lovelace" alone: once; she and 7 other
    // people whose names end in Lovelace are each a possible longer spelling of it.
    const firsts = ['Ann', 'Bea', 'Cai', 'Dov', 'Eli', 'Fay', 'Gus'];
    const paragraphs = [
      ...Array.from({ length: 8 }, (_, k) => `Countess${k} wrote notes.`),
      'Lovelace alone.',
      ...firsts.map((f) => `${f} Lovelace came.`),
    ];
    const spans = [
      ...Array.from({ length: 8 }, (_, k) => ({ id: `a${k}`, needle: `Countess${k}`, label: 'entity', attributes: { canonical: 'Ada Lovelace' } })),
      { id: 'l', needle: 'Lovelace alone', label: 'entity', attributes: { canonical: 'Lovelace' } },
      ...firsts.map((f, k) => ({ id: `f${k}`, needle: `${f} Lovelace`, label: 'entity' })),
    ];
    await openApp(page, url);
    await openFiles(page, [{ name: 'ada.json', mimeType: 'application/json', text: dataset([{ title: 'Notes', paragraphs, spans }], []) }], 'mine');
    await page.locator('.article[aria-label="Notes"]').waitFor();
    await views(page).getByRole('button', { name: 'People' }).click();
    const ada = people(page).locator('.person-card[aria-label="Ada Lovelace"]');
    await ada.waitFor();
    expectEq(await ada.locator('.mention').count(), 5, 'five mentions at first');
    const all = ada.getByRole('button', { name: 'Show all 8 mentions' });
    expectEq(await all.getAttribute('aria-expanded'), 'false', 'closed');
    await all.click();
    await page.waitForFunction(() => [...document.querySelectorAll('.person-card')].some((c) => c.querySelectorAll('.mention').length === 8));
    const fewer = ada.getByRole('button', { name: 'Show fewer mentions' });
    expectEq(await fewer.getAttribute('aria-expanded'), 'true', 'open');
    await fewer.click();
    await page.waitForFunction(() => [...document.querySelectorAll('.person-card')].every((c) => c.querySelectorAll('.mention').length <= 5));

    const lovelace = people(page).locator('.person-card[aria-label="Lovelace"]');
    expectEq(await lovelace.locator('.merge-hint').count(), 5, 'five possible spellings at first');
    await lovelace.getByRole('button', { name: 'Show more possible spellings' }).click();
    await page.waitForFunction(() => document.querySelector('.person-card[aria-label="Lovelace"]').querySelectorAll('.merge-hint').length === 8);
    expectEq(
      await lovelace.locator('.merge-hint strong:last-child').allTextContents(),
      ['Ada Lovelace', ...firsts.map((f) => `${f} Lovelace`)],
      'every longer name, in order',
    );
    await screenshot(page, 'views-people-show-all');
  });
  await test('People and Claims: long lists by pages, and each view keeps its search, page and scroll while an article is open', async ({ page, url }) => {
    // One article: 1,234 claims, the first 100 said by a person of their own (100 cards).
    const pad = (i, n) => String(i).padStart(n, '0');
    const paragraphs = [];
    const spans = [];
    for (let i = 0; i < 1234; i++) {
      const claim = `claim ${pad(i, 4)} holds`;
      if (i < 100) {
        paragraphs.push(`Person${pad(i, 3)} said ${claim}.`);
        spans.push({ id: `p${i}`, needle: `Person${pad(i, 3)}`, label: 'entity', attributes: { type: 'person' } });
      } else {
        paragraphs.push(`It is said ${claim}.`);
      }
      spans.push({ id: `c${i}`, needle: claim, label: 'claim' });
    }
    await openApp(page, url);
    await openFiles(page, [{ name: 'many.json', mimeType: 'application/json', text: dataset([{ title: 'Many', paragraphs, spans }], []) }], 'mine');
    await page.locator('.article[aria-label="Many"]').waitFor();
    await page.keyboard.press('v');
    await people(page).waitFor();

    const pagers = (view) => view.getByRole('navigation');
    const title = (view) => view.locator('.pager-at').first().textContent();
    const names = () => page.$$eval('.person-name', (ns) => ns.map((n) => n.textContent));
    expectEq(await pagers(people(page)).evaluateAll((ns) => ns.map((n) => n.getAttribute('aria-label'))), ['Pages of people', 'Pages of people, end'], 'a pager above and below');
    expectEq(await title(people(page)), 'People 1–40 of 100', 'the first page');
    let shown = await names();
    expectEq([shown.length, shown[0], shown[39]], [40, 'Person000', 'Person039'], 'its cards');
    expect(await people(page).getByRole('button', { name: 'Previous people' }).first().isDisabled(), 'no page before the first');
    // The lower pager turns the page and brings the upper one into view.
    const foot = pagers(people(page)).nth(1);
    await foot.getByRole('button', { name: 'Next people' }).click();
    await page.waitForFunction(() => document.querySelector('.pager-at').textContent === 'People 41–80 of 100');
    shown = await names();
    expectEq([shown.length, shown[0], shown[39]], [40, 'Person040', 'Person079'], 'the second page');
    const headTop = await pagers(people(page)).first().evaluate((n) => n.getBoundingClientRect().top - n.closest('main').getBoundingClientRect().top);
    expect(headTop >= 0 && headTop < 100, `the upper pager in view after a turn below (top ${headTop})`);
    await foot.getByRole('button', { name: 'Next people' }).click();
    await page.waitForFunction(() => document.querySelector('.pager-at').textContent === 'People 81–100 of 100');
    expectEq((await names()).length, 20, 'the last page holds the rest');
    expect(await foot.getByRole('button', { name: 'Next people' }).isDisabled(), 'no page after the last');
    await screenshot(page, 'views-people-pages');

    // A search starts from its first page: "person01" finds the 10 cards Person010–Person019.
    const find = page.getByRole('searchbox', { name: 'Find people' });
    await find.fill('person01');
    await page.waitForFunction(() => !document.querySelector('.pager') && document.querySelectorAll('.person-card').length === 10);
    expectEq(await pagers(people(page)).count(), 0, '10 cards: one page, no pager');
    await find.fill('person');
    await page.waitForFunction(() => document.querySelector('.pager-at')?.textContent === 'People 1–40 of 100');
    await people(page).getByRole('button', { name: 'Next people' }).first().click();
    await page.waitForFunction(() => document.querySelector('.pager-at').textContent === 'People 41–80 of 100');

    // Open a mention from the second page, then come back: the same search, page and scroll.
    const mention = people(page).locator('.person-card', { hasText: 'Person075' }).locator('.mention');
    await mention.scrollIntoViewIfNeeded();
    const scrolled = await people(page).evaluate((m) => m.scrollTop);
    expect(scrolled > 1000, `scrolled down to the card (${scrolled} px)`);
    await mention.click();
    await page.locator('.article-text .seg.sel').first().waitFor();
    expectEq(await page.locator('.selected-text').textContent(), '“Person075”', 'its mention is selected in the article');
    await page.keyboard.press('Escape');
    await page.keyboard.press('v');
    await people(page).waitFor();
    expectEq(await find.inputValue(), 'person', 'the search is kept');
    expectEq(await title(people(page)), 'People 41–80 of 100', 'the page is kept');
    expectEq(await people(page).evaluate((m) => m.scrollTop), scrolled, 'the scroll is kept');

    // Claims: 1,234 rows by pages of 500.
    await views(page).getByRole('button', { name: 'Claims' }).click();
    await claims(page).waitFor();
    expectEq(await title(claims(page)), 'Claims 1–500 of 1,234', 'the first page of claims');
    expectEq((await claimsColumn(page)).length, 500, '500 rows');
    const claimsFoot = pagers(claims(page)).nth(1);
    await claimsFoot.getByRole('button', { name: 'Next claims' }).click();
    await page.waitForFunction(() => document.querySelector('.pager-at').textContent === 'Claims 501–1,000 of 1,234');
    await claimsFoot.getByRole('button', { name: 'Next claims' }).click();
    await page.waitForFunction(() => document.querySelector('.pager-at').textContent === 'Claims 1,001–1,234 of 1,234');
    let column = await claimsColumn(page);
    expectEq([column.length, column[0], column[233]], [234, 'claim 1000 holds', 'claim 1233 holds'], 'the last page');
    await claims(page).getByRole('button', { name: 'Previous claims' }).first().click();
    await page.waitForFunction(() => document.querySelector('.pager-at').textContent === 'Claims 501–1,000 of 1,234');
    // Sorted down by claim: from its first page.
    const header = (name) => claims(page).getByRole('columnheader', { name, exact: true });
    await header('Claim').getByRole('button').click();
    await header('Claim').getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]'));
    expectEq(await title(claims(page)), 'Claims 1–500 of 1,234', 'a new sort starts at the first page');
    expectEq((await claimsColumn(page))[0], 'claim 1233 holds', 'the last claim first');
    await claims(page).getByRole('button', { name: 'Next claims' }).first().click();
    await page.waitForFunction(() => document.querySelector('.pager-at').textContent === 'Claims 501–1,000 of 1,234');
    column = await claimsColumn(page);
    expectEq([column[0], column[499]], ['claim 0733 holds', 'claim 0234 holds'], 'its second page');
    await screenshot(page, 'views-claims-pages');
    // A claim opened from there; back in Claims, the sort and the page are as they were.
    await claims(page).getByRole('button', { name: 'claim 0700 holds' }).click();
    await page.locator('.article-text .seg.sel').first().waitFor();
    expectEq(await page.locator('.selected-text').textContent(), '“claim 0700 holds”', 'the claim is selected');
    await views(page).getByRole('button', { name: 'Claims' }).click();
    await claims(page).waitFor();
    expectEq(await header('Claim').getAttribute('aria-sort'), 'descending', 'the sort is kept');
    expectEq(await title(claims(page)), 'Claims 501–1,000 of 1,234', 'the page is kept');
    // A filter of 100 rows: one page.
    await page.getByRole('searchbox', { name: 'Filter claims' }).fill('claim 01');
    await page.waitForFunction(() => document.querySelectorAll('.claims-table tbody tr').length === 100);
    expectEq(await pagers(claims(page)).count(), 0, 'no pager for one page');
    expectEq((await claimsColumn(page))[0], 'claim 0199 holds', 'still sorted down');
  });
}
