// Sync through CouchDB (issue 22) at the issue's budgets. Measures and prints; nothing here
// asserts on time.
//
//   node bench/sync-run.mjs [--runs N] [--edits N] [--rounds N] [--pulls N] [--undo]
//                           [--dist DIR] [--skip 1,2,3,4] [--out NAME.json]
//
// The server: pouchdb-server (tests/e2e/couch.mjs, the e2e tests' CouchDB stand-in) on a
// loopback port, an admin, the user ada, a database only she may use. The app: the release
// build (dist/) in headless Chromium; each device a browser context of its own (own storage).
// The corpus: 100 articles of ~10 KB (bench/corpus.mjs's generator, 1 MB of text in all), each
// with 300 spans split between three annotators (Ada, Bo, Cy: 100 each per article, 10,000 each
// in all), written as a Marginalia dataset and imported through Open articles by device A.
//
// 1. First sync (--runs, default 3; each on a fresh server): A imports the corpus, then A's
//    push is timed (the click on Start sync → the header saying Synced); then a fresh device B
//    starts sync, timed from its click on Start sync to (a) the header saying Synced and (b)
//    usable: the header's count of articles is A's and every row of the document list's page
//    shows A's counts of spans for that title (A's rows are read over every page of its list).
//    Times are performance.now() in the page: the click event on the button → the frame painted
//    after the DOM showed it (bench/page.js's paint).
// 2. Edit → the other device (--edits, default 30 adds and as many deletes): A and B synced and
//    named alike, on the same article; on A a DOM Range over 1–4 words of a random paragraph and
//    key 3 (entity), then Delete; B's panel count is watched in its requestAnimationFrame from
//    before the key; time = B's painted frame − A's keydown, both as performance.timeOrigin +
//    performance.now() (the same clock in every renderer of the machine). The samples corpus
//    (a fresh server, two fresh devices) and the 100-article corpus (run 1's server and devices).
// 3. Edits on B (bench/edits.mjs's rounds: add, relabel ×2, delete, and undo with --undo; "after
//    due frame") while
//    B pulls the 100 articles (--pulls fresh devices, default 6, each named apart; rounds until
//    its header first says Synced), then the same rounds on B quiet (sync on, nothing coming);
//    and on a fresh synced device of Bo's (C), on A's article, while A adds and deletes as fast
//    as it can (Ada's layer: C merges and draws them, but its own layer's counts, which its
//    edits wait for, do not move), then the same rounds with A idle, alternating in halves.
// 4. Sizes on the server: text: and doc: documents of a 10 KB article with 0/100/1,000 spans per
//    layer and 1/3 layers (imported, synced, GET each); the requests of one edit on A and on B
//    (playwright request events: method, endpoint, bytes sent and received); GET /db for the
//    100-article corpus.
//
// Prints tables; writes bench/out/sync.json (every sample, the load average by phase). What it
// showed wrong in sync is reproduced by bench/sync-probe.mjs; results in bench/RESULTS.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DIST, launchBrowser, startServer } from '../tests/e2e/harness.mjs';
import { startCouch } from '../tests/e2e/couch.mjs';
import { median, quantile } from './stats.mjs';
import { LABELS, generate, prng } from './corpus.mjs';
import { editTally, importCorpus, int, ms, newContext, ourAction, selectRandomWords, spanCount, summariseEdits, table, timeEdits } from './edits.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPORA = path.join(HERE, 'corpora');
const OUT = path.join(HERE, 'out');

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const RUNS = Number(option('--runs', '3'));
const EDITS = Number(option('--edits', '30'));
const ROUNDS = Number(option('--rounds', '12'));
const PULLS = Number(option('--pulls', '6'));
// The undo of a delete that was synced is taken back by sync (bench/sync-probe.mjs), and the
// rounds after it then wait for counts that do not come: left out unless --undo.
const ACTIONS = argv.includes('--undo') ? ['add', 'quote', 'claim', 'delete', 'undo'] : ['add', 'quote', 'claim', 'delete'];
const SKIP = new Set(option('--skip', '').split(',').filter(Boolean).map(Number));
const ADMIN = { name: 'root', password: 'root-pw' };
const DB = 'newsroom';
const ANNOTATORS = ['Ada', 'Bo', 'Cy'];
const ARTICLES = 100;
const BYTES = 10000;
const PER_LAYER = 100;

const log = (...a) => console.log(...a);
const note = (...a) => console.error(`  · ${a.join(' ')}`);
const load = () => os.loadavg()[0];
const loadText = (l) => `${l.from.toFixed(2)}–${l.to.toFixed(2)}`;
/** Run `f`, recording the 1-minute load average before and after it. */
async function phase(f) {
  const from = load();
  const result = await f();
  return { result, load: { from, to: load() } };
}

// ---------------------------------------------------------------------------------------------
// Datasets

function datasetOf(name, articles) {
  const documents = articles.map(({ id, corpus, layers }) => ({
    id,
    title: corpus.title,
    source: `${id}.md`,
    text: corpus.text,
    blocks: corpus.blocks,
    status: 'in_progress',
    spans: layers.flatMap((spans, k) =>
      spans.map((s, j) => ({ id: `${id}-${ANNOTATORS[k]}-${j}`, start: s.start, end: s.end, text: s.text, label: s.label, attributes: {}, annotator: ANNOTATORS[k] })),
    ),
  }));
  fs.mkdirSync(CORPORA, { recursive: true });
  const file = path.join(CORPORA, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ schema: 'marginalia-dataset', version: 2, documents, relations: [] }));
  return { file, bytes: fs.statSync(file).size, title: documents[0].title, documents };
}

/** The 100 articles: the generator's 300 spans of each, dealt to Ada, Bo and Cy in turn. */
function syncCorpus() {
  const articles = [];
  for (let i = 0; i < ARTICLES; i++) {
    const corpus = generate({ bytes: BYTES, spans: PER_LAYER * ANNOTATORS.length, seed: 100 + i, title: `Sync article ${String(i + 1).padStart(3, '0')} — Kraków, 東京` });
    const layers = ANNOTATORS.map((_, k) => corpus.spans.filter((_, j) => j % ANNOTATORS.length === k));
    articles.push({ id: `sync-${i + 1}`, corpus, layers });
  }
  const set = datasetOf('sync-100x10KB-3x10000', articles);
  set.textBytes = articles.reduce((a, x) => a + Buffer.byteLength(x.corpus.text), 0);
  set.spans = articles.reduce((a, x) => a + x.layers.flat().length, 0);
  return set;
}

/** One 10 KB article per case (spans per layer × layers), each layer the same places with the
 * labels turned by one (so the layers differ); texts differ, so do the articles' ids. */
const SIZE_CASES = [[0, 1], [100, 1], [100, 3], [1000, 1], [1000, 3]];
function sizeCorpus() {
  const articles = SIZE_CASES.map(([n, layers], i) => {
    const corpus = generate({ bytes: BYTES, spans: n, seed: 900 + i, title: `Size ${n} spans × ${layers} layers` });
    const turned = (k) => corpus.spans.map((s) => ({ ...s, label: LABELS[(LABELS.indexOf(s.label) + k) % LABELS.length] }));
    return { id: `size-${i}`, corpus, layers: Array.from({ length: layers }, (_, k) => turned(k)), n, count: layers };
  });
  return { set: datasetOf('sync-sizes', articles), articles };
}

// ---------------------------------------------------------------------------------------------
// Devices

async function team() {
  const couch = await startCouch({ admin: ADMIN });
  await couch.createUser('ada', 'ada-pw');
  await couch.createDb(DB);
  await couch.setSecurity(DB, { members: ['ada'] });
  return couch;
}

async function name(page, who) {
  const box = page.getByRole('textbox', { name: 'Annotator' });
  await box.fill(who);
  await box.press('Enter');
  await page.locator('.notices', { hasText: `You annotate as “${who}”` }).waitFor();
  await page.locator('.article-text').click();
}

/** A device: a browser context, the app open, named `who`; `dataset`: imported first. */
async function device(browser, url, who, dataset = null) {
  const context = await newContext(browser);
  const page = await context.newPage();
  page.on('pageerror', (e) => note(`page error (${who}): ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && !/Failed to load resource|net::ERR_/.test(m.text()) && note(`console error (${who}): ${m.text().slice(0, 200)}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let imported = null;
  if (dataset) imported = await importCorpus(page, url, dataset, (p) => name(p, who));
  else {
    await page.goto(url);
    await page.locator('.doc-item').first().waitFor();
    await name(page, who);
  }
  return { context, page, cdp, imported, origin: await page.evaluate(() => performance.timeOrigin) };
}

/** A's header count of articles and every row of its list, over its pages, title → the
 * counts' accessible text, read with the list's first article open (a sample), its row left
 * out (the open article's row counts only the layer shown); the open article is open again. */
async function snapshot(page) {
  const size = await page.locator('.corpus-size').textContent();
  const title = await page.evaluate(() => document.querySelector('article.article')?.getAttribute('aria-label'));
  await page.locator('.doc-item').first().click();
  const rows = await listRows(page);
  await openTitled(page, title);
  return { size, rows, title };
}

/** Every row of the document list but the open one, over its pages. */
async function listRows(page) {
  const rows = {};
  const read = () => page.$$eval('.doc-item:not([aria-current="page"])', (items) => items.map((i) => [i.querySelector('.doc-title').textContent, i.querySelector('.doc-counts').getAttribute('aria-label')]));
  for (const [t, c] of await read()) rows[t] = c;
  const next = page.getByRole('button', { name: 'Next articles' }).first();
  for (let k = 0; k < 50 && (await next.count()) && (await next.isEnabled()); k++) {
    await next.click();
    await page.waitForTimeout(100);
    for (const [t, c] of await read()) rows[t] = c;
  }
  const prev = page.getByRole('button', { name: 'Previous articles' }).first();
  for (let k = 0; k < 50 && (await prev.count()) && (await prev.isEnabled()); k++) await prev.click();
  return rows;
}

/**
 * Open the Sync dialog, fill it, click Start sync; resolves with the times (ms after the click's
 * event in the page) of the painted frames showing Synced and, when `rows` is given, usable
 * (the header's `size`, and every listed row with the counts of `rows`). The dialog is closed.
 */
async function timedSync(page, server, { size = null, rows = null, during = null, timeout = 120000 } = {}) {
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await page.getByRole('textbox', { name: 'Server' }).fill(server);
  await page.getByRole('textbox', { name: 'User' }).fill('ada');
  await page.getByLabel('Password').fill('ada-pw');
  await page.evaluate(
    ({ size, rows, timeout }) => {
      const w = (window.__sync = { t0: null, synced: null, usable: null });
      document.addEventListener('click', (e) => {
        if (w.t0 === null && e.target.closest('button')?.textContent.trim() === 'Start sync') w.t0 = performance.now();
      }, { capture: true });
      const synced = () => /^Synced/.test(document.querySelector('.sync-status')?.textContent ?? '');
      w.syncedAt = window.__bench.paint(synced, timeout).then((t) => (w.synced = t));
      if (rows) {
        const usable = () => {
          if (document.querySelector('.corpus-size')?.textContent !== size) return false;
          // The open article's row counts the layer shown (Mine) only: skipped, as are titles
          // A had open (not in `rows`); every other row of the page must match.
          const items = document.querySelectorAll('.doc-item');
          let matched = 0;
          for (const i of items) {
            const want = rows[i.querySelector('.doc-title').textContent];
            if (want === undefined || i.getAttribute('aria-current') === 'page') continue;
            if (want !== i.querySelector('.doc-counts').getAttribute('aria-label')) return false;
            matched++;
          }
          return matched >= Math.min(items.length, 100) - 2 && matched > 0;
        };
        w.usableAt = window.__bench.paint(usable, timeout).then((t) => (w.usable = t));
      }
    },
    { size, rows, timeout },
  );
  await page.getByRole('button', { name: 'Start sync' }).click();
  if (during) {
    await page.getByRole('button', { name: 'Close' }).click();
    await during();
  }
  const r = await page.evaluate(async () => {
    const w = window.__sync;
    await w.syncedAt;
    if (w.usableAt) await w.usableAt;
    const after = (t) => (t === null || w.t0 === null ? null : t - w.t0);
    const why = {
      status: document.querySelector('.sync-status')?.textContent,
      size: document.querySelector('.corpus-size')?.textContent,
      rows: [...document.querySelectorAll('.doc-item')].slice(0, 5).map((i) => [i.querySelector('.doc-title').textContent, i.querySelector('.doc-counts').getAttribute('aria-label')]),
    };
    return { synced: after(w.synced), usable: w.usableAt ? after(w.usable) : null, why };
  });
  if (r.synced === null || (rows && r.usable === null)) note(`sync not seen within ${timeout} ms: ${JSON.stringify(r.why)}; expected ${size}, ${JSON.stringify(Object.entries(rows ?? {}).slice(0, 5))}`);
  if (!during) await page.getByRole('button', { name: 'Close' }).click();
  return r;
}

const status = (page) => page.locator('.sync-status').textContent().catch(() => '');
async function waitSynced(page, timeout = 60000) {
  await page.waitForFunction(() => /^Synced/.test(document.querySelector('.sync-status')?.textContent ?? ''), null, { timeout });
}

/** Open the article titled `title` in the list (it is on the list's page shown). */
async function openTitled(page, title) {
  // Through the list's filter: the order of the list differs between devices (a device that
  // pulled has the articles in the order the server's changes came).
  const filter = page.getByRole('searchbox', { name: 'Filter documents' });
  await filter.fill(title);
  await page.locator('.doc-item', { hasText: title }).first().click();
  await filter.fill('');
  await page.waitForFunction((t) => document.querySelector('article.article')?.getAttribute('aria-label') === t, title, { timeout: 20000 });
}

// ---------------------------------------------------------------------------------------------
// 2. Edit on A → shown on B

/** `edits` adds and deletes on A, each timed to the frame B paints with its count. */
async function editToOther(a, b, edits, seed) {
  const rand = prng(seed);
  const phaseRand = prng(seed + 1);
  const samples = { add: [], delete: [] };
  let refused = 0;
  const missed = [];
  for (let i = 0; i < edits && refused < 50; i++) {
    await selectRandomWords(a.page, '.article-text p.block', rand);
    const n = await spanCount(a.page);
    const nb = await spanCount(b.page);
    for (const action of ['add', 'delete']) {
      const want = action === 'add' ? n + 1 : n;
      const wantB = action === 'add' ? nb + 1 : nb;
      await b.page.evaluate((want) => {
        window.__seen = window.__bench.paint(() => Number(document.querySelector('.filters .filter-count')?.textContent) === want, 15000).then((t) => (t === null ? null : performance.timeOrigin + t));
      }, wantB);
      const r = await ourAction(a.page, action, want, phaseRand() * 16.7);
      if (r.ms === null) {
        if (r.refused) {
          refused++;
          i--;
        } else note(`edit → other: ${action} on A did not show`);
        await a.page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
        await b.page.evaluate(() => window.__seen);
        break;
      }
      const seen = await b.page.evaluate(() => window.__seen);
      if (seen === null) {
        // Not within 15 s: how long it took after all (up to 60 s more), and what B was doing.
        const late = await b.page.evaluate((want) => window.__bench.paint(() => Number(document.querySelector('.filters .filter-count')?.textContent) === want, 60000).then((t) => (t === null ? null : performance.timeOrigin + t)), wantB);
        const took = late === null ? null : late - (a.origin + r.at);
        missed.push({ action, took, status: await status(b.page) });
        note(`edit → other: ${action} not on B within 15 s; ${took === null ? 'not within 75 s either' : `shown after ${ms(took, 0)} ms`}`);
        break;
      }
      samples[action].push(seen - (a.origin + r.at));
      // Both quiet again (A has sent, B has merged), then a pause, so each edit is timed alone.
      await waitSynced(a.page).catch(() => {});
      await a.page.waitForTimeout(200 + 300 * rand());
    }
  }
  const all = [...samples.add, ...samples.delete];
  return { n: all.length, p50: median(all), p95: quantile(all, 0.95), max: quantile(all, 1), add: samples.add, delete: samples.delete, refused, missed };
}

// ---------------------------------------------------------------------------------------------
// 3. Edits on B

const summary = (tally) => {
  const late = Object.values(tally.frames).flat();
  const all = Object.values(tally.samples).flat();
  return { n: all.length, lateP50: median(late), lateP95: quantile(late, 0.95), p50: median(all), p95: quantile(all, 0.95), failures: tally.failures, refused: tally.refused, actions: summariseEdits(tally) };
};

/** Edit rounds on B until `until()` holds (or `max` rounds). */
async function roundsUntil(dev, until, max, seed, name) {
  const tally = editTally(ACTIONS);
  const rand = prng(seed);
  const phaseRand = prng(seed + 1);
  const failed = [];
  for (let i = 0; i < max && !(await until()); i++) {
    const before = tally.failures;
    const count = await spanCount(dev.page);
    await timeEdits(dev.page, dev.cdp, { rounds: 1, rand, phase: phaseRand, tally, name, note });
    if (tally.failures > before) {
      // What the page showed when an edit did not show as expected.
      const seen = await dev.page.evaluate(() => ({
        count: document.querySelector('.filters .filter-count')?.textContent,
        range: document.querySelector('.selected-range')?.textContent ?? null,
        status: document.querySelector('.sync-status')?.textContent,
        notices: [...document.querySelectorAll('.notices > *')].map((n) => n.textContent.slice(0, 200)),
        spans: [...document.querySelectorAll('.span-item')].map((i) => i.textContent.trim()).slice(0, 20),
      }));
      failed.push({ countBefore: count, ...seen });
      note(`${name}: after the failure: ${JSON.stringify(failed.at(-1))}`);
    }
  }
  return { ...summary(tally), failed };
}

/** A adds and deletes on random words of its open article, as fast as it paints them. */
function hammer(a, seed) {
  const rand = prng(seed);
  const state = { stop: false, edits: 0 };
  state.done = (async () => {
    while (!state.stop) {
      await selectRandomWords(a.page, '.article-text p.block', rand);
      const n = await spanCount(a.page);
      const r = await ourAction(a.page, 'add', n + 1);
      if (r.ms === null) {
        await a.page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
        continue;
      }
      state.edits++;
      if ((await ourAction(a.page, 'delete', n)).ms !== null) state.edits++;
    }
  })();
  return state;
}

// ---------------------------------------------------------------------------------------------
// 4. Sizes

const bytesOf = (x) => Buffer.byteLength(typeof x === 'string' ? x : JSON.stringify(x));

async function docSizes(couch) {
  const all = (await couch.request('GET', `${DB}/_all_docs?include_docs=true`)).body.rows;
  const text = all.filter((r) => r.id.startsWith('text:'));
  const doc = all.filter((r) => r.id.startsWith('doc:'));
  const sum = (rows) => rows.reduce((a, r) => a + bytesOf(r.doc), 0);
  return { docs: all.length, texts: text.length, annotations: doc.length, textBytes: sum(text), docBytes: sum(doc), labelsBytes: sum(all.filter((r) => r.id === 'labels')), byId: Object.fromEntries(all.map((r) => [r.id, r.doc])) };
}

/** The page's requests to the couch from now until `stop()`: method, endpoint, bytes. */
function recordRequests(page, couchUrl) {
  const list = [];
  const on = async (req) => {
    if (!req.url().startsWith(couchUrl)) return;
    const u = new URL(req.url());
    const item = { at: performance.now(), method: req.method(), endpoint: u.pathname.replace(/\/(doc|text)%3A[0-9a-f]+/i, '/$1:<id>') + (u.searchParams.get('feed') ? ` (feed=${u.searchParams.get('feed')})` : ''), sent: bytesOf(req.postData() ?? ''), received: null, status: null };
    list.push(item);
    try {
      const res = await req.response();
      item.status = res?.status() ?? null;
      if (res && !(u.searchParams.get('feed') === 'longpoll')) item.received = (await res.body()).length;
    } catch {
      // aborted (a long-poll cut short by the edit)
    }
  };
  page.on('request', on);
  return { list, stop: () => page.off('request', on) };
}

async function requestsPerEdit(a, b, couchUrl, seed) {
  const rand = prng(seed);
  await selectRandomWords(a.page, '.article-text p.block', rand);
  const n = await spanCount(a.page);
  const nb = await spanCount(b.page);
  const ra = recordRequests(a.page, couchUrl);
  const rb = recordRequests(b.page, couchUrl);
  const r = await ourAction(a.page, 'add', n + 1);
  await b.page.waitForFunction((want) => Number(document.querySelector('.filters .filter-count')?.textContent) === want, nb + 1, { timeout: 20000 }).catch(() => note('requests per edit: B did not show the add'));
  await waitSynced(a.page).catch(() => {});
  await a.page.waitForTimeout(1500);
  ra.stop();
  rb.stop();
  const strip = (l) => l.map(({ at, ...x }) => x);
  return { shown: r.ms !== null, a: strip(ra.list), b: strip(rb.list) };
}

// ---------------------------------------------------------------------------------------------
// Main

const started = performance.now();
const loads = [];
const loadTimer = setInterval(() => loads.push(load()), 5000);
loads.push(load());
const corpus = syncCorpus();
note(`corpus: ${ARTICLES} articles, ${int(corpus.textBytes)} bytes of text, ${int(corpus.spans)} spans (${ANNOTATORS.join(', ')}: ${int(corpus.spans / 3)} each); dataset ${int(corpus.bytes)} bytes`);
const app = await startServer(option('--dist', null) ? path.resolve(option('--dist', null)) : DIST);
const browser = await launchBrowser();
const results = { browser: browser.version(), corpus: { articles: ARTICLES, textBytes: corpus.textBytes, spans: corpus.spans, datasetBytes: corpus.bytes }, first: [], machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model } };
const couches = [];
const contexts = [];
try {
  // 1. First sync, RUNS times. The last run's server and devices stay for 2, 3 and 4.
  let kept = null;
  for (let run = 0; run < RUNS && !SKIP.has(1); run++) {
    const couch = await team();
    couches.push(couch);
    const server = `${couch.url}${DB}`;
    const from = load();
    const a = await device(browser, app.url, 'Ada', corpus);
    contexts.push(a.context);
    const { size, rows, title } = await snapshot(a.page);
    const push = await timedSync(a.page, server);
    const sizes = await docSizes(couch);
    const b = await device(browser, app.url, 'Ada');
    contexts.push(b.context);
    const pull = await timedSync(b.page, server, { size, rows });
    const bSize = await b.page.locator('.corpus-size').textContent();
    const db = (await couch.request('GET', DB)).body;
    const r = { importMs: a.imported.ms, size, bSize, rowsChecked: Object.keys(rows).length, push: push.synced, pullSynced: pull.synced, pullUsable: pull.usable, serverDocs: sizes.docs, db, load: { from, to: load() } };
    delete sizes.byId;
    r.server = sizes;
    results.first.push(r);
    note(`run ${run + 1}: import ${ms(r.importMs, 0)} ms; A's push ${ms(r.push, 0)} ms; B: Synced ${ms(r.pullSynced, 0)} ms, usable ${ms(r.pullUsable, 0)} ms (${bSize}; A ${size}); ${sizes.docs} docs on the server; load ${loadText(r.load)}`);
    if (run < RUNS - 1) {
      await a.context.close();
      await b.context.close();
      await couch.stop();
    } else kept = { couch, server, a, b, title, size, rows };
  }

  if (kept && !SKIP.has(2)) {
    try {
      // 2. Edit → other device: the samples (a fresh server, fresh devices), then the 100 articles.
      const couch = await team();
      couches.push(couch);
      const server = `${couch.url}${DB}`;
      const a = await device(browser, app.url, 'Ada');
      const b = await device(browser, app.url, 'Ada');
      contexts.push(a.context, b.context);
      await timedSync(a.page, server);
      await timedSync(b.page, server);
      results.samplesTitle = await a.page.evaluate(() => document.querySelector('article.article')?.getAttribute('aria-label'));
      const small = await phase(() => editToOther(a, b, EDITS, 2201));
      results.editToOtherSamples = { ...small.result, load: small.load };
      note(`edit → other (samples): p50 ${ms(small.result.p50, 0)} ms, p95 ${ms(small.result.p95, 0)} ms over ${small.result.n}; load ${loadText(small.load)}`);
      if (!SKIP.has(4)) results.requestsSamples = await requestsPerEdit(a, b, couch.url, 4401);
      await a.context.close();
      await b.context.close();
      await couch.stop();

      await openTitled(kept.b.page, kept.title);
      const big = await phase(() => editToOther(kept.a, kept.b, EDITS, 2202));
      results.editToOther100 = { ...big.result, load: big.load };
      note(`edit → other (100 articles): p50 ${ms(big.result.p50, 0)} ms, p95 ${ms(big.result.p95, 0)} ms over ${big.result.n}; load ${loadText(big.load)}`);
      if (!SKIP.has(4)) results.requests100 = await requestsPerEdit(kept.a, kept.b, kept.couch.url, 4402);
    } catch (e) {
      note(`failed: ${e.stack ?? e}`);
      (results.errors ??= []).push(String(e.message ?? e));
    }
  }

  if (kept && !SKIP.has(3)) {
    try {
      // 3a. Edits on a fresh B while it pulls the 100 articles, then the same with sync quiet.
      results.duringPull = [];
      results.afterPull = [];
      for (let k = 0; k < PULLS; k++) {
        // Named apart: the spans each leaves in the samples' first article (the undo of each
        // round brings one back) reach the next, but not into its own layer's counts.
        const b = await device(browser, app.url, `Puller ${k + 1}`);
        contexts.push(b.context);
        await waitSynced(kept.a.page).catch(() => {});
        Object.assign(kept, await snapshot(kept.a.page));
        const during = await phase(async () => {
          let summary;
          const r = await timedSync(b.page, kept.server, {
            size: kept.size,
            rows: kept.rows,
            during: async () => {
              // Until the first Synced of this sync was painted (later ones follow B's own edits).
              summary = await roundsUntil(b, () => b.page.evaluate(() => window.__sync.synced !== null), 200, 3300 + k, 'during pull');
            },
          });
          return { ...summary, pull: r };
        });
        results.duringPull.push({ ...during.result, load: during.load });
        const quiet = await phase(() => roundsUntil(b, async () => false, Math.max(3, Math.ceil(during.result.n / 5)), 3400 + k, 'after pull'));
        results.afterPull.push({ ...quiet.result, load: quiet.load });
        await waitSynced(b.page).catch(() => {});
        await b.page.waitForTimeout(1000);
        note(`edits on B during its pull (usable ${ms(during.result.pull.usable, 0)} ms, Synced ${ms(during.result.pull.synced, 0)} ms): n ${during.result.n}, after due frame p50 ${ms(during.result.lateP50)} / p95 ${ms(during.result.lateP95)} ms; quiet after: n ${quiet.result.n}, p50 ${ms(quiet.result.lateP50)} / p95 ${ms(quiet.result.lateP95)} ms`);
        await b.context.close();
      }

      // The same rounds on a device that never syncs (the samples' first article, as above).
      const lone = await device(browser, app.url, 'Offline');
      contexts.push(lone.context);
      const alone = await phase(() => roundsUntil(lone, async () => false, ROUNDS, 3500, 'no sync'));
      results.noSync = { ...alone.result, load: alone.load };
      note(`edits on a device that never synced: n ${alone.result.n}, after due frame p50 ${ms(alone.result.lateP50)} / p95 ${ms(alone.result.lateP95)} ms; load ${loadText(alone.load)}`);
      await lone.context.close();

      // 3b. A device of Bo's on A's article: edits while A hammers, and with A idle. (Not B
      // renamed: renaming oneself moves one's annotations to the new name, on every device.)
      const { a } = kept;
      const b = await device(browser, app.url, 'Bo');
      contexts.push(b.context);
      await timedSync(b.page, kept.server);
      await openTitled(b.page, kept.title);
      results.hammer = {};
      for (const mode of ['idle', 'hammer', 'idle2', 'hammer2']) {
        const h = mode.startsWith('hammer') ? hammer(a, 5500 + mode.length) : null;
        if (h) await a.page.waitForTimeout(1000);
        const bStart = await b.page.evaluate(() => performance.now());
        const r = await phase(() => roundsUntil(b, async () => false, ROUNDS / 2, 5600 + mode.length, mode));
        if (h) {
          h.stop = true;
          await h.done;
        }
        const key = mode.replace(/2$/, '');
        const prev = results.hammer[key];
        results.hammer[key] = prev ? { parts: [...prev.parts, { ...r.result, load: r.load, hammerEdits: h?.edits ?? 0 }] } : { parts: [{ ...r.result, load: r.load, hammerEdits: h?.edits ?? 0 }] };
        note(`B edits, A ${key}: n ${r.result.n}, after due frame p50 ${ms(r.result.lateP50)} / p95 ${ms(r.result.lateP95)} ms${h ? `; A made ${h.edits} edits meanwhile` : ''}; load ${loadText(r.load)} (B's clock from ${ms(bStart, 0)})`);
        await waitSynced(b.page).catch(() => note(`B not Synced after ${mode}`));
      }
      // And with C's sync stopped (Sync → Stop sync): the same device, article and layer.
      await b.page.getByRole('button', { name: 'Sync', exact: true }).click();
      await b.page.getByRole('button', { name: 'Stop sync' }).click();
      await b.page.getByRole('button', { name: 'Close' }).click();
      const off = await phase(() => roundsUntil(b, async () => false, ROUNDS, 5700, 'sync stopped'));
      results.hammer.stopped = { parts: [{ ...off.result, load: off.load, hammerEdits: 0 }] };
      note(`C edits, sync stopped: n ${off.result.n}, after due frame p50 ${ms(off.result.lateP50)} / p95 ${ms(off.result.lateP95)} ms; load ${loadText(off.load)}`);
    } catch (e) {
      note(`failed: ${e.stack ?? e}`);
      (results.errors ??= []).push(String(e.message ?? e));
    }
  }

  if (!SKIP.has(4)) {
    try {
      // 4. Sizes of the documents of one article, by spans per layer and layers.
      const { set, articles } = sizeCorpus();
      const couch = await team();
      couches.push(couch);
      const a = await device(browser, app.url, 'Ada', set);
      contexts.push(a.context);
      await timedSync(a.page, `${couch.url}${DB}`);
      const sizes = await docSizes(couch);
      results.docSizes = articles.map(({ corpus: c, n, count }) => {
        const text = Object.entries(sizes.byId).find(([id, d]) => id.startsWith('text:') && JSON.stringify(d).includes(JSON.stringify(c.title).slice(1, -1)));
        const id = text?.[0].slice(5);
        return { spansPerLayer: n, layers: count, textBytesUtf8: Buffer.byteLength(c.text), textDoc: text ? bytesOf(text[1]) : null, annotationsDoc: id ? bytesOf(sizes.byId[`doc:${id}`]) : null };
      });
      results.labelsDoc = sizes.labelsBytes;
      if (kept) {
        const s = await docSizes(kept.couch);
        delete s.byId;
        results.db100 = { info: (await kept.couch.request('GET', DB)).body, ...s, dir: kept.couch.dir };
      }
      await couch.stop();
    } catch (e) {
      note(`failed: ${e.stack ?? e}`);
      (results.errors ??= []).push(String(e.message ?? e));
    }
  }
} finally {
  clearInterval(loadTimer);
  for (const c of contexts) await c.close().catch(() => {});
  await browser.close();
  await app.close();
  for (const c of couches) await c.stop().catch(() => {});
}
loads.push(load());
results.load = { samples: loads, min: Math.min(...loads), max: Math.max(...loads), mean: loads.reduce((x, y) => x + y, 0) / loads.length, cores: os.cpus().length };
results.seconds = (performance.now() - started) / 1000;
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, option('--out', 'sync.json')), JSON.stringify(results, null, 1));
printReport(results);

// ---------------------------------------------------------------------------------------------
// Report

function printReport(r) {
  log(`\nBrowser: Chromium ${r.browser} (headless); server: pouchdb-server on 127.0.0.1; ${r.load.cores} cores, load average (1 min) ${r.load.min.toFixed(2)}–${r.load.max.toFixed(2)} over the run.`);
  log(`Corpus: ${r.corpus.articles} articles, ${int(r.corpus.textBytes)} bytes of text, ${int(r.corpus.spans)} spans (3 annotators × ${int(r.corpus.spans / 3)}), dataset ${int(r.corpus.datasetBytes)} bytes.\n`);
  if (r.first.length) {
    const f = r.first;
    const col = (k) => f.map((x) => x[k]);
    log(table(['first sync', 'runs', 'median ms', 'each ms', 'load (1 min) per run'], [
      ['A: import (change event → painted)', f.length, ms(median(col('importMs')), 0), col('importMs').map((x) => ms(x, 0)).join(', '), f.map((x) => loadText(x.load)).join('; ')],
      ['A: push (Start sync → Synced)', f.length, ms(median(col('push')), 0), col('push').map((x) => ms(x, 0)).join(', '), ''],
      ['B: pull (Start sync → Synced)', f.length, ms(median(col('pullSynced')), 0), col('pullSynced').map((x) => ms(x, 0)).join(', '), ''],
      ['B: pull (Start sync → usable: every article, its spans)', f.length, ms(median(col('pullUsable')), 0), col('pullUsable').map((x) => ms(x, 0)).join(', '), ''],
    ]));
    log(`(B's header: ${f.map((x) => x.bSize).join(', ')}; A's: ${f[0].size}; server: ${f[0].server.docs} documents, ${int(f[0].server.textBytes)} bytes of text: docs, ${int(f[0].server.docBytes)} of doc: docs)\n`);
  }
  const e2o = [['samples', r.editToOtherSamples], ['100 articles', r.editToOther100]].filter(([, x]) => x);
  if (e2o.length) {
    log(table(['edit on A → painted on B', 'edits', 'p50 ms', 'p95 ms', 'max ms', 'add p50 / delete p50 ms', 'missed', 'load'], e2o.map(([k, x]) => [k, x.n, ms(x.p50, 0), ms(x.p95, 0), ms(x.max, 0), `${ms(median(x.add), 0)} / ${ms(median(x.delete), 0)}`, x.missed.length ? x.missed.map((m) => `${m.action}: ${m.took === null ? 'never' : `${ms(m.took, 0)} ms`}`).join(', ') : 0, loadText(x.load)])));
    log('');
  }
  const rows = [];
  for (const [k, list] of [['B during its pull', r.duringPull], ['B quiet, right after', r.afterPull], ['a device that never synced', r.noSync ? [r.noSync] : []]]) {
    for (const [i, x] of (list ?? []).entries()) rows.push([`${k} (#${i + 1})`, x.n, `${ms(x.p50)} / ${ms(x.p95)}`, `${ms(x.lateP50)} / ${ms(x.lateP95)}`, x.failures, loadText(x.load)]);
  }
  for (const [k, v] of Object.entries(r.hammer ?? {})) {
    for (const [i, x] of v.parts.entries()) rows.push([`C (Bo's device) on A's article, ${{ idle: 'A idle', stopped: 'C\'s sync stopped' }[k] ?? `A hammering (${x.hammerEdits} edits)`} (#${i + 1})`, x.n, `${ms(x.p50)} / ${ms(x.p95)}`, `${ms(x.lateP50)} / ${ms(x.lateP95)}`, x.failures, loadText(x.load)]);
  }
  if (rows.length) {
    log(table([`edits on B (${ACTIONS.join(', ')})`, 'n', 'input → paint p50 / p95 ms', 'after due frame p50 / p95 ms', 'failures', 'load'], rows));
    log('');
  }
  if (r.docSizes) {
    log(table(['10 KB article: spans per layer × layers', 'text (UTF-8) bytes', 'text: doc bytes', 'doc: doc bytes'], r.docSizes.map((x) => [`${x.spansPerLayer} × ${x.layers}`, int(x.textBytesUtf8), int(x.textDoc), int(x.annotationsDoc)])));
    log(`labels doc: ${int(r.labelsDoc)} bytes`);
  }
  for (const [k, x] of [['samples', r.requestsSamples], ['100 articles', r.requests100]]) {
    if (!x) continue;
    log(`\nrequests of one add on A (${k}):`);
    for (const [who, list] of [['A', x.a], ['B', x.b]]) {
      for (const q of list) log(`  ${who} ${q.method} ${q.endpoint} → ${q.status ?? 'aborted'}: sent ${int(q.sent)} B, received ${q.received === null ? '— (long-poll)' : `${int(q.received)} B`}`);
    }
  }
  if (r.db100) log(`\n100-article database: GET /db → ${JSON.stringify(r.db100.info)}; documents ${r.db100.docs} (text: ${int(r.db100.textBytes)} B, doc: ${int(r.db100.docBytes)} B as JSON)`);
  log(`\nsync benchmark: ${r.seconds.toFixed(0)} s; results in bench/out/${option('--out', 'sync.json')}`);
}
