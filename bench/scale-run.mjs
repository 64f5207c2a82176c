// The corpus-scale benchmark (issue 20, "room for a real corpus"): imports N articles of ~5 KB
// with 60 spans each (bench/scale.mjs) through **Open articles** into the release build in
// headless Chromium, and measures what a person with a real corpus waits for. Prints a table
// and writes bench/out/scale-<N>.json. Measures and prints only: nothing asserts on time, and
// every step has a timeout and is reported as "failed: why" instead of hanging.
//
//   node bench/scale-run.mjs [--articles N[,N…]] [--dist DIR] [--files K] [--switches S]
//                            [--adds A] [--reloads R]
//
//   --articles N   articles to import (default 5000); a list (200,1000,5000) runs each size in
//                  a fresh browser context (empty storage), one after the other
//   --dist DIR     the build to measure (default: dist/ of the repo); e.g. a copy made with
//                  `cp -r dist /tmp/dist-baseline` before a rebuild
//   --files K      import the corpus as K files. Default: the one file first; when it is over
//                  10 MB (the most the app opens per file) and the app refuses it, its notice is
//                  recorded and the corpus is imported as the fewest files of ≤ 9 MB instead
//   --switches S   article switches timed (default 20)
//   --adds A       adds timed (default 30)
//   --reloads R    reloads timed (default 3)
//
// Steps per size, in this order (all in one page; the corpus stays in memory throughout):
//   import     setInputFiles on the Open articles input: from the input's `change` event to the
//              first painted frame where the document list has every article and the first
//              imported one is open (the header's count of articles, `.corpus-size`; the list
//              draws one page). Then the header's save status (`.save-status`) and what
//              IndexedDB (keys) and localStorage hold.
//   switch     click another article's row on the list's page (the list shows 100 at a time and
//              follows the open article; scrolled into view first, not timed):
//              to the painted frame showing its title and paragraphs. Seeded picks over the
//              whole list.
//   People /   press the view's button in the header: to the painted frame with the view's
//   Claims     cards / table rows (or its empty message). Each 3 times (once when the first
//              takes over 20 s), back to Article between (timed too).
//   add        as bench/run.mjs: a DOM Range over 1–4 words of a random paragraph of the first
//              imported article, keydown "3" (entity) at a random moment of the frame, to the
//              painted frame with the new span counted and selected; "after due frame" as there
//              (bench/page.js). Then the same with the document list filtered (its filter box)
//              to that one article: the difference is what the list's rows cost an edit.
//   save       the app saves in a requestIdleCallback (or timer) after the frame that shows a
//              change: those callbacks are wrapped, and one that called localStorage.setItem is a
//              save; its synchronous time (serialising in wasm + setItem; not the re-render of
//              the header that may follow in microtasks) is reported, with long tasks (> 50 ms,
//              PerformanceObserver) as a cross-check. The import's own save runs inside the
//              import's task (a change to the list of documents is saved at once).
//   reload     page.reload(): from navigation start to the painted frame with an open article's
//              paragraphs, median of R; then how many articles the list has (what was saved).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, launchBrowser, startServer } from '../tests/e2e/harness.mjs';
import { median, quantile } from './stats.mjs';
import { prng } from './corpus.mjs';
import { APP_MAX_FILE_BYTES, writeScale } from './scale.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, 'out');
const PAGE_JS = path.join(HERE, 'page.js');

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const SIZES = option('--articles', '5000').split(',').map(Number);
const DIST_DIR = option('--dist', null) ? path.resolve(option('--dist', null)) : DIST;
const FORCED_FILES = option('--files', null) ? Number(option('--files', null)) : null;
const SWITCHES = Number(option('--switches', '20'));
const ADDS = Number(option('--adds', '30'));
const RELOADS = Number(option('--reloads', '3'));
const SPLIT_BYTES = 9 * 1024 * 1024;

// Timeouts (ms).
const T = {
  open: 60_000,
  import: 600_000,
  settle: 30_000,
  switch: 60_000,
  view: 420_000,
  add: 30_000,
  reload: 180_000,
  misc: 60_000,
};

// ---------------------------------------------------------------------------------------------
// Helpers

const ms = (x, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const int = (x) => (x === null || x === undefined ? '—' : x.toLocaleString('en-US'));
const note = (...a) => console.error(`  · ${a.join(' ')}`);

function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...r[i]].length)));
  const line = (r) => `| ${r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

class Timeout extends Error {}

/** `promise`, or a rejection after `limit` ms saying what did not finish. */
function within(promise, limit, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`${what}: no answer within ${limit / 1000} s`)), limit);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

/** Run one step; its result, or { failed: why } (never throws, never hangs). */
async function step(result, name, limit, fn) {
  const t0 = Date.now();
  try {
    result[name] = await within(fn(), limit, name);
  } catch (e) {
    result[name] = { failed: String(e?.message ?? e).split('\n')[0].slice(0, 300) };
    note(`${result.articles}: ${name} failed: ${result[name].failed}`);
  }
  note(`${result.articles}: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s wall`);
  return result[name];
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Script, layout, style and task time (ms) between two Performance.getMetrics. */
const costs = (a, b) => ({
  scriptMs: (b.ScriptDuration - a.ScriptDuration) * 1000,
  layoutMs: (b.LayoutDuration - a.LayoutDuration) * 1000,
  styleMs: (b.RecalcStyleDuration - a.RecalcStyleDuration) * 1000,
  taskMs: (b.TaskDuration - a.TaskDuration) * 1000,
});

// Injected after bench/page.js: wraps the callbacks of requestIdleCallback and setTimeout (how
// the app schedules its saves) and records those that called localStorage.setItem; watches long
// tasks.
function scaleInit() {
  const B = window.__bench;
  B.saves = [];
  B.longTasks = [];
  const wrap = (cb, kind) =>
    function (...args) {
      const calls = B.setItemCalls;
      const ms0 = B.setItemMs;
      const chars = B.setItemChars;
      const t = performance.now();
      try {
        return cb.apply(this, args);
      } finally {
        const n = B.setItemCalls - calls;
        if (n > 0) {
          B.saves.push({ kind, at: t, ms: performance.now() - t, setItemMs: B.setItemMs - ms0, calls: n, chars: B.setItemChars - chars });
        }
      }
    };
  const ric = window.requestIdleCallback;
  if (ric) {
    window.requestIdleCallback = function (cb, opts) {
      return ric.call(window, typeof cb === 'function' ? wrap(cb, 'idle') : cb, opts);
    };
  }
  const st = window.setTimeout;
  window.setTimeout = function (cb, ...rest) {
    return st.call(window, typeof cb === 'function' ? wrap(cb, 'timer') : cb, ...rest);
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longTasks.push({ at: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task timing: the column stays empty.
  }
  // On every load: the first painted frame with an open article's paragraphs.
  window.__openPaint = B.paint(() => !!document.querySelector('article.article .article-text p.block'), 170000);
}

/** What the header and storage say now: the records in IndexedDB (the store of record; keys
 * only, reading 30 MB of values would be a step of its own) and what localStorage holds (the
 * journal, or the whole corpus where IndexedDB cannot be used). */
const snapshot = (page) =>
  page.evaluate(async () => {
    let chars = 0;
    let docs = 0;
    let texts = 0;
    let keys = 0;
    const count = (k) => {
      if (!k.startsWith('marginalia:')) return false;
      keys++;
      if (k.startsWith('marginalia:doc:')) docs++;
      if (k.startsWith('marginalia:text:')) texts++;
      return true;
    };
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (count(k)) chars += k.length + localStorage.getItem(k).length;
    }
    const idbKeys = await new Promise((resolve) => {
      const open = indexedDB.open('marginalia', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('kv');
      open.onerror = () => resolve([]);
      open.onsuccess = () => {
        const db = open.result;
        const request = db.transaction('kv').objectStore('kv').getAllKeys();
        request.onsuccess = () => (db.close(), resolve(request.result));
        request.onerror = () => (db.close(), resolve([]));
      };
    });
    idbKeys.forEach(count);
    return {
      status: document.querySelector('.save-status')?.textContent.trim() ?? null,
      corpusSize: document.querySelector('.corpus-size')?.textContent.trim() ?? null,
      // Articles listed: the header's count (the list draws one page of 100 rows at a time).
      rows: Number((document.querySelector('.corpus-size')?.textContent ?? '').replace(/\D/g, '')) || 0,
      // Rows of this benchmark's articles (titles "Scale …") on the list's page.
      scaleRows: [...document.querySelectorAll('.doc-row .doc-title')].filter((t) => t.textContent.startsWith('Scale ')).length,
      open: document.querySelector('article.article')?.getAttribute('aria-label') ?? null,
      notices: [...document.querySelectorAll('.notices .notice span')].map((n) => n.textContent),
      storage: { keys, chars, docKeys: docs, textKeys: texts },
      domElements: document.getElementsByTagName('*').length,
      wasmBytes: window.__bench.wasmMemory ? window.__bench.wasmMemory.buffer.byteLength : null,
    };
  });

/** Wait until the save status is not "Saving…" (a few frames at least). */
const settle = (page) =>
  page.evaluate(async () => {
    await window.__bench.frames(3);
    for (let i = 0; i < 300; i++) {
      if (!/Saving/.test(document.querySelector('.save-status')?.textContent ?? '')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300));
  });

// ---------------------------------------------------------------------------------------------
// The corpus

function corpusFor(n) {
  const one = writeScale({ articles: n });
  const bytes = one.files[0].bytes;
  let files = FORCED_FILES ?? (bytes > APP_MAX_FILE_BYTES ? Math.ceil(bytes / SPLIT_BYTES) : 1);
  const split = files > 1 ? writeScale({ articles: n, files }) : one;
  files = split.files.length;
  return {
    articles: n,
    spans: one.spans,
    textBytes: one.textBytes,
    codePoints: one.codePoints,
    jsonlBytes: bytes,
    titles: one.titles,
    single: one.files[0].file,
    files: split.files.map((f) => f.file),
    fileBytes: split.files.map((f) => f.bytes),
  };
}

// ---------------------------------------------------------------------------------------------
// Steps

/**
 * Open `files` through the Open articles input; time from its change event to the painted frame
 * with every article listed and the first one open. { refused: notice } when the app refuses a
 * file (over 10 MB) instead.
 */
async function importCorpus(page, cdp, corpus, initialRows, files) {
  const expectRows = initialRows + corpus.articles;
  await page.evaluate(
    ({ expectRows, title, limit }) => {
      window.__changeAt = null;
      window.__refusal = null;
      document.addEventListener('change', () => (window.__changeAt ??= performance.now()), { capture: true });
      window.__bench.resetSave();
      window.__bench.longTasks.length = 0;
      const refused = () => {
        const n = [...document.querySelectorAll('.notices .notice span')].find((x) => /larger than/.test(x.textContent));
        window.__refusal = n ? n.textContent : null;
        return !!n;
      };
      window.__importPaint = window.__bench.paint(
        () =>
          Number((document.querySelector('.corpus-size')?.textContent ?? '').replace(/\D/g, '')) >= expectRows &&
          document.querySelector('article.article')?.getAttribute('aria-label') === title &&
          !!document.querySelector('article.article .article-text p.block'),
        limit,
        refused,
      );
    },
    { expectRows, title: corpus.titles[0], limit: T.import - 10000 },
  );
  const m0 = await metrics(cdp);
  await page.locator('input[type=file]').setInputFiles(files);
  const r = await page.evaluate(async () => {
    const t1 = await window.__importPaint;
    const B = window.__bench;
    return {
      refused: window.__refusal,
      ms: t1 === null ? null : t1 - window.__changeAt,
      setItemMs: B.setItemMs,
      setItemCalls: B.setItemCalls,
      setItemChars: B.setItemChars,
      longTasks: B.longTasks.filter((t) => t.at + t.ms >= window.__changeAt).map((t) => Math.round(t.ms)),
    };
  });
  const m1 = await metrics(cdp);
  if (r.refused) {
    // Dismiss the notice, so a later import's refusal is not confused with it.
    await page.evaluate(() => {
      for (const n of document.querySelectorAll('.notices .notice')) {
        if (/larger than/.test(n.textContent)) n.querySelector('.notice-close')?.click();
      }
    });
    return { refused: r.refused, rows: (await snapshot(page)).rows };
  }
  if (r.ms === null) {
    const { rows } = await snapshot(page);
    throw new Error(`the list did not show ${expectRows} rows with the first article open (it has ${rows})`);
  }
  await settle(page);
  return { ...r, ...costs(m0, m1), jsHeapBytes: m1.JSHeapUsedSize, nodes: m1.Nodes, after: await snapshot(page) };
}

/** Click `count` rows picked at random (seeded) on the list's page (of 100; it follows the open
 * article); time each switch. */
async function switches(page, count, seed) {
  const rand = prng(seed);
  const samples = [];
  const saves = [];
  for (let k = 0; k < count; k++) {
    const rows = await page.locator('.doc-row').count();
    const index = Math.floor(rand() * rows);
    const r = await within(
      page.evaluate(
        async ({ index, limit }) => {
          const B = window.__bench;
          const row = document.querySelectorAll('.doc-row')[index];
          if (!row || row.classList.contains('active')) return { skipped: true };
          const button = row.querySelector('.doc-item');
          const title = button.querySelector('.doc-title').textContent;
          button.scrollIntoView({ block: 'center' });
          await B.frames(2);
          const saved = B.saves.length;
          const t0 = performance.now();
          button.click();
          const t1 = await B.paint(
            () =>
              document.querySelector('article.article')?.getAttribute('aria-label') === title &&
              !!document.querySelector('article.article .article-text p.block'),
            limit,
          );
          // Let its save run (in the next idle moment, or ≤ 200 ms later).
          for (let i = 0; i < 20 && B.saves.length === saved; i++) await new Promise((r) => setTimeout(r, 50));
          await new Promise((r) => setTimeout(r, 100));
          return { index, title, ms: t1 === null ? null : t1 - t0, saves: B.saves.slice(saved) };
        },
        { index, limit: T.switch - 5000 },
      ),
      T.switch,
      `switch ${k + 1}`,
    );
    if (r.skipped) {
      k--;
      continue;
    }
    if (r.ms === null) throw new Error(`switch ${k + 1} to row ${index} (${r.title}) did not show`);
    samples.push(r.ms);
    saves.push(...r.saves);
  }
  return {
    n: samples.length,
    p50: median(samples),
    p95: quantile(samples, 0.95),
    max: quantile(samples, 1),
    samples,
    saveP50: median(saves.map((s) => s.ms)),
    saveMax: quantile(saves.map((s) => s.ms), 1),
    saveCharsP50: median(saves.map((s) => s.chars)),
    saves: saves.length,
  };
}

/** Press a view's button in the header; time to the view's content (or its empty message). */
function pressView(page, view) {
  return page.evaluate(
    async ({ view, limit }) => {
      const B = window.__bench;
      const button = [...document.querySelectorAll('.view-switch .view-tab')].find((b) => b.textContent.trim() === view);
      if (!button) return { error: `no ${view} button` };
      await B.frames(2);
      const lt = B.longTasks.length;
      const t0 = performance.now();
      button.click();
      const shown = {
        Article: () => !!document.querySelector('article.article .article-text p.block'),
        People: () => !!document.querySelector('main[aria-label="People"] :is(.person-card, .view-empty)'),
        Claims: () => !!document.querySelector('main[aria-label="Claims"] :is(.claims-table tbody tr, .view-empty)'),
      }[view];
      const t1 = await B.paint(shown, limit);
      const sub = document.querySelector('main.corpus-view .view-sub')?.textContent ?? null;
      return {
        ms: t1 === null ? null : t1 - t0,
        sub,
        longestTask: Math.max(0, ...B.longTasks.slice(lt).map((t) => t.ms)),
        empty: !!document.querySelector('main.corpus-view .view-empty'),
      };
    },
    { view, limit: T.view - 10000 },
  );
}

/** Each view `times` times (once when the first takes over 20 s), back to Article between. */
async function views(page, cdp, times = 3) {
  const out = {};
  for (const view of ['People', 'Claims']) {
    const samples = [];
    let last = null;
    let split = null;
    for (let i = 0; i < times; i++) {
      const m0 = await metrics(cdp);
      const r = await within(pressView(page, view), T.view, `${view} ${i + 1}`);
      const m1 = await metrics(cdp);
      if (r.error) throw new Error(r.error);
      if (r.ms === null) throw new Error(`${view} did not show its content`);
      samples.push(r.ms);
      last = r;
      split ??= costs(m0, m1);
      const m2 = await metrics(cdp);
      const back = await within(pressView(page, 'Article'), T.view, 'back to Article');
      const m3 = await metrics(cdp);
      if (back.ms === null) throw new Error('the article did not come back');
      out.backSplit ??= costs(m2, m3);
      (out.backToArticle ??= []).push(back.ms);
      if (samples[0] > 20000) break;
    }
    out[view] = { first: samples[0], p50: median(samples), samples, sub: last.sub, longestTask: last.longestTask, empty: last.empty, firstSplit: split };
  }
  return out;
}

/** Adds (key 3 on a 1–4 word selection), as bench/run.mjs does them. */
async function adds(page, cdp, count, seed) {
  const m0 = await metrics(cdp);
  const rand = prng(seed);
  const phase = prng(seed + 17);
  const samples = [];
  const late = [];
  const saves = [];
  const longest = [];
  let refused = 0;
  for (let k = 0; k < count && refused < 50; k++) {
    const [fb, ft, fc] = [rand(), rand(), rand()];
    const r = await within(
      page.evaluate(
        async ({ fb, ft, fc, delay, limit }) => {
          const B = window.__bench;
          const blocks = document.querySelectorAll('article.article .article-text p.block');
          if (blocks.length === 0) return { error: 'no paragraph in the open article' };
          const block = blocks[Math.floor(fb * blocks.length)];
          block.scrollIntoView({ block: 'center' });
          await B.frames(2);
          const tokens = B.tokens(block);
          const picked = B.selectWords(block, Math.floor(ft * tokens.length), 1 + Math.floor(fc * 4));
          if (!picked) return { error: 'no words' };
          await B.frames(2);
          const count = () => Number(document.querySelector('.filters .filter-count')?.textContent);
          const range = () => document.querySelector('.selected-range')?.textContent ?? '';
          const expect = count() + 1;
          const lastNotice = () => document.querySelector('.notices')?.lastElementChild ?? null;
          const before = lastNotice();
          const refused = () => {
            const last = lastNotice();
            return last !== before && /already has this label/.test(last?.textContent ?? '');
          };
          const FRAME = 1000 / 60;
          const frameStart = await new Promise((resolve) => requestAnimationFrame(resolve));
          if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
          const saved = B.saves.length;
          const lt = B.longTasks.length;
          const t0 = performance.now();
          document.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true, cancelable: true }));
          const t1 = await B.paint(() => count() === expect && range().endsWith('Entity'), limit, refused);
          // Its save: in the idle moment after the paint (or ≤ 200 ms later in a burst).
          for (let i = 0; i < 30 && B.saves.length === saved; i++) await new Promise((r) => setTimeout(r, 50));
          await new Promise((r) => setTimeout(r, 100));
          return {
            refused: refused(),
            text: picked.text,
            ms: t1 === null ? null : t1 - t0,
            late: t1 === null ? null : t1 - (frameStart + Math.ceil((t0 - frameStart) / FRAME) * FRAME),
            saves: B.saves.slice(saved),
            longTasks: B.longTasks.slice(lt).map((t) => t.ms),
          };
        },
        { fb, ft, fc, delay: phase() * 16.7, limit: T.add - 5000 },
      ),
      T.add,
      `add ${k + 1}`,
    );
    if (r.error) throw new Error(r.error);
    if (r.ms === null) {
      await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
      if (r.refused) {
        refused++;
        k--;
        continue;
      }
      throw new Error(`add ${k + 1} (${JSON.stringify(r.text)}) did not show`);
    }
    samples.push(r.ms);
    late.push(r.late);
    saves.push(...r.saves);
    longest.push(Math.max(0, ...r.longTasks));
  }
  const m1 = await metrics(cdp);
  const per = (x) => (samples.length ? x / samples.length : null);
  const c = costs(m0, m1);
  return {
    n: samples.length,
    refused,
    // Per add, the whole cycle (scrolling to the paragraph and selecting the words included).
    perAdd: { scriptMs: per(c.scriptMs), layoutMs: per(c.layoutMs), styleMs: per(c.styleMs), taskMs: per(c.taskMs) },
    longTaskP50: median(longest),
    longTaskMax: quantile(longest, 1),
    p50: median(samples),
    p95: quantile(samples, 0.95),
    lateP50: median(late),
    lateP95: quantile(late, 0.95),
    samples,
    late,
    saves: saves.length,
    saveP50: median(saves.map((s) => s.ms)),
    saveP95: quantile(saves.map((s) => s.ms), 0.95),
    saveSetItemP50: median(saves.map((s) => s.setItemMs)),
    saveCharsP50: median(saves.map((s) => s.chars)),
    saveCallsP50: median(saves.map((s) => s.calls)),
  };
}

async function reloads(page, times) {
  const samples = [];
  const shown = [];
  for (let i = 0; i < times; i++) {
    await page.reload({ timeout: T.reload });
    const paint = await within(
      page.evaluate(() => window.__openPaint ?? 'missing'),
      T.reload,
      `reload ${i + 1}`,
    );
    if (paint === null || paint === 'missing') throw new Error(`reload ${i + 1} showed no article (${paint})`);
    samples.push(paint);
    await settle(page);
    shown.push(await snapshot(page));
  }
  const last = shown.at(-1);
  return { p50: median(samples), samples, rows: last.rows, scaleRows: last.scaleRows, open: last.open, status: last.status, notices: last.notices, storage: last.storage };
}

// ---------------------------------------------------------------------------------------------

async function runSize(browser, url, n) {
  const corpus = corpusFor(n);
  const result = {
    articles: n,
    spans: corpus.spans,
    textBytes: corpus.textBytes,
    codePoints: corpus.codePoints,
    jsonlBytes: corpus.jsonlBytes,
    files: corpus.files.map((f) => path.basename(f)),
    fileBytes: corpus.fileBytes,
    dist: DIST_DIR,
  };
  note(`${n}: ${int(corpus.spans)} spans, ${(corpus.jsonlBytes / 1e6).toFixed(1)} MB of JSONL in ${corpus.files.length} file(s)`);
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  await context.addInitScript({ path: PAGE_JS });
  await context.addInitScript(scaleInit);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message.slice(0, 300)));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text().slice(0, 300)}`));
  page.on('crash', () => errors.push('the renderer crashed'));
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const opened = await step(result, 'open', T.open, async () => {
      await page.goto(url, { timeout: T.open });
      await page.locator('.doc-item').first().waitFor({ timeout: T.open });
      await settle(page);
      return snapshot(page);
    });
    if (opened.failed) return result;
    // The one file first, when it is over the app's limit and K was not forced: recorded as
    // the import if the build accepts it, else its refusal is, and the K files are imported.
    let imported = null;
    if (FORCED_FILES === null && corpus.files.length > 1) {
      imported = await step(result, 'import', T.import, () => importCorpus(page, cdp, corpus, opened.rows, [corpus.single]));
      if (imported.refused) {
        result.singleFile = imported;
        imported = null;
        note(`${n}: one file of ${(corpus.jsonlBytes / 1e6).toFixed(1)} MB: "${result.singleFile.refused}"`);
      } else {
        result.files = [path.basename(corpus.single)];
        result.fileBytes = [corpus.jsonlBytes];
      }
    }
    imported ??= await step(result, 'import', T.import, () => importCorpus(page, cdp, corpus, opened.rows, corpus.files));
    if (imported.refused) result.import = { failed: `refused: ${imported.refused}` };
    if (result.import.failed) return result;
    note(`${n}: import ${ms(imported.ms)} ms; "${imported.after.status}"; ${imported.after.storage.docKeys} documents stored`);
    await step(result, 'switch', T.switch * (SWITCHES + 1), () => switches(page, SWITCHES, 1000 + n));
    await step(result, 'views', T.view * 7, () => views(page, cdp));
    // The edits go to the first imported article (a known one, with 60 spans).
    await step(result, 'reopen', T.switch, () =>
      page.evaluate(
        async ({ title, limit }) => {
          const button = [...document.querySelectorAll('.doc-item')].find((b) => b.querySelector('.doc-title').textContent === title);
          button.scrollIntoView({ block: 'center' });
          button.click();
          const t = await window.__bench.paint(
            () => document.querySelector('article.article')?.getAttribute('aria-label') === title,
            limit,
          );
          if (t === null) throw new Error(`${title} did not open`);
          return { title };
        },
        { title: corpus.titles[0], limit: T.switch - 5000 },
      ),
    );
    await step(result, 'add', T.add * (ADDS + 10), () => adds(page, cdp, ADDS, 4242 + n));
    // The same adds with the document list filtered down to the open article (its filter box):
    // what the rows of the list cost each edit.
    await step(result, 'addFiltered', T.add * (ADDS + 10), async () => {
      await page.locator('.doc-filter').fill(corpus.titles[0]);
      await page.waitForFunction(() => document.querySelectorAll('.doc-row').length === 1, null, { timeout: T.misc });
      try {
        return await adds(page, cdp, ADDS, 777 + n);
      } finally {
        await page.locator('.doc-filter').fill('');
      }
    });
    await settle(page).catch(() => {});
    result.beforeReload = await within(snapshot(page), T.misc, 'snapshot').catch((e) => ({ failed: e.message }));
    await step(result, 'reload', T.reload * RELOADS, async () => {
      const r = await reloads(page, RELOADS);
      // Listed after the reload, beyond the app's own articles listed before the import.
      return { ...r, scaleRows: r.rows - opened.rows };
    });
  } finally {
    result.errors = errors;
    await context.close().catch(() => {});
  }
  return result;
}

function summaryRows(results) {
  const val = (r, f) => {
    try {
      const v = f(r);
      return v === undefined || v === null ? '—' : v;
    } catch {
      return 'failed';
    }
  };
  const failed = (x) => (x?.failed ? 'failed' : null);
  return results.map((r) => [
    int(r.articles),
    int(r.spans),
    r.files.length,
    failed(r.import) ?? ms(r.import?.ms),
    failed(r.import) ?? val(r, (x) => x.import.after.status.replace(/ · .*/, '')),
    failed(r.import) ?? val(r, (x) => `${int(x.import.after.storage.docKeys)} / ${int(x.import.after.rows)}`),
    failed(r.reload) ?? `${ms(r.reload?.p50)}`,
    failed(r.reload) ?? `${int(r.reload?.scaleRows)} of ${int(r.articles)}`,
    failed(r.switch) ?? `${ms(r.switch?.p50)} / ${ms(r.switch?.p95)}`,
    failed(r.views) ?? `${ms(r.views?.People?.first)} / ${ms(r.views?.People?.p50)}`,
    failed(r.views) ?? `${ms(r.views?.Claims?.first)} / ${ms(r.views?.Claims?.p50)}`,
    failed(r.add) ?? `${ms(r.add?.p50, 1)} / ${ms(r.add?.p95, 1)}`,
    failed(r.add) ?? ms(r.add?.lateP95, 1),
    failed(r.addFiltered) ?? `${ms(r.addFiltered?.p50, 1)} / ${ms(r.addFiltered?.lateP95, 1)}`,
    failed(r.add) ?? `${ms(r.add?.saveP50, 1)} (${int(r.add?.saveCharsP50)} ch)`,
    failed(r.switch) ?? ms(r.switch?.saveP50, 1),
  ]);
}

const HEADERS = [
  'articles', 'spans', 'files', 'import ms', 'status after import', 'stored / listed', 'reload p50 ms',
  'imported listed after reload', 'switch p50 / p95 ms', 'People 1st / p50 ms', 'Claims 1st / p50 ms', 'add p50 / p95 ms',
  'add after due frame p95', 'add, list filtered: p50 / due p95', 'save after add p50 ms', 'save after switch p50 ms',
];

// ---------------------------------------------------------------------------------------------

fs.mkdirSync(OUT, { recursive: true });
const server = await startServer(DIST_DIR);
const browser = await launchBrowser();
const results = [];
const started = Date.now();
try {
  console.log(`Corpus scale: ${SIZES.join(', ')} articles; build ${DIST_DIR}; ${browser.version()}`);
  for (const n of SIZES) {
    const t0 = Date.now();
    const r = await runSize(browser, server.url, n);
    r.wallSeconds = (Date.now() - t0) / 1000;
    // Other work on the machine moves every number here (1-minute load average at the end).
    r.loadAverage = os.loadavg()[0];
    r.chromium = browser.version();
    results.push(r);
    fs.writeFileSync(path.join(OUT, `scale-${n}.json`), JSON.stringify(r, null, 1));
    note(`${n}: done in ${r.wallSeconds.toFixed(0)} s; bench/out/scale-${n}.json`);
  }
} finally {
  await browser.close().catch(() => {});
  await server.close();
}
console.log(table(HEADERS, summaryRows(results)));
for (const r of results) {
  const lines = [];
  if (r.singleFile) lines.push(`one file of ${(r.jsonlBytes / 1e6).toFixed(1)} MB: refused, "${r.singleFile.refused}"; imported as ${r.files.length} files instead`);
  for (const name of ['open', 'import', 'switch', 'views', 'reopen', 'add', 'addFiltered', 'reload']) {
    if (r[name]?.failed) lines.push(`${name} failed: ${r[name].failed}`);
  }
  if (r.import && !r.import.failed) {
    const i = r.import;
    lines.push(
      `import: script ${ms(i.scriptMs)} ms, layout ${ms(i.layoutMs)}, style ${ms(i.styleMs)}, setItem ${ms(i.setItemMs)} ms ` +
        `(${int(i.setItemCalls)} calls, ${int(i.setItemChars)} chars); long tasks ${i.longTasks.join(', ')} ms; ` +
        `${int(i.after.domElements)} elements, wasm memory ${(i.after.wasmBytes / 1048576).toFixed(0)} MB, JS heap ${(i.jsHeapBytes / 1048576).toFixed(0)} MB`,
    );
    lines.push(`header after import: "${i.after.status}"; localStorage ${int(i.after.storage.chars)} chars in ${int(i.after.storage.keys)} keys`);
  }
  if (r.reload && !r.reload.failed) {
    lines.push(
      `reloads ${r.reload.samples.map((x) => ms(x)).join(', ')} ms; after them: "${r.reload.status}", ${int(r.reload.rows)} articles listed ` +
        `(${int(r.reload.scaleRows)} of the ${int(r.articles)} imported), open: ${r.reload.open}`,
    );
  }
  if (r.views && !r.views.failed) {
    for (const v of ['People', 'Claims']) {
      const x = r.views[v];
      lines.push(
        `${v}: ${x.samples.map((y) => ms(y)).join(', ')} ms ("${x.sub}"); the first: script ${ms(x.firstSplit.scriptMs)} ms, ` +
          `layout ${ms(x.firstSplit.layoutMs)}, style ${ms(x.firstSplit.styleMs)}; longest task ${ms(x.longestTask)} ms`,
      );
    }
    const b = r.views.backSplit;
    lines.push(
      `back to Article: ${r.views.backToArticle.map((y) => ms(y)).join(', ')} ms; the first: script ${ms(b.scriptMs)} ms, layout ${ms(b.layoutMs)}, style ${ms(b.styleMs)}`,
    );
  }
  for (const name of ['add', 'addFiltered']) {
    const a = r[name];
    if (a && !a.failed) {
      lines.push(
        `${name === 'add' ? 'adds' : 'adds, list filtered to 1 row'}: p50 ${ms(a.p50, 1)}, p95 ${ms(a.p95, 1)}, after due frame p95 ${ms(a.lateP95, 1)} ms; ` +
          `per add cycle script ${ms(a.perAdd.scriptMs, 1)}, layout ${ms(a.perAdd.layoutMs, 1)}, style ${ms(a.perAdd.styleMs, 1)} ms; ` +
          `longest task p50 ${ms(a.longTaskP50)} (max ${ms(a.longTaskMax)}) ms; save ${ms(a.saveP50, 1)} ms p50 (setItem ${ms(a.saveSetItemP50, 1)}), ${a.saves} saves`,
      );
    }
  }
  if (r.errors?.length) lines.push(`page errors: ${r.errors.slice(0, 3).join(' | ')}`);
  console.log(`\n${int(r.articles)} articles (${r.wallSeconds.toFixed(0)} s, load average ${r.loadAverage.toFixed(1)}):\n  ${lines.join('\n  ')}`);
}
console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s.`);
