// End-to-end harness: serves the release build (dist/) on 127.0.0.1 and drives Debian's
// Chromium with playwright-core. Every test gets a fresh browser context (its own storage) and
// fails on page errors, console errors, CSP violations and any request leaving the origin,
// unless the test says it expects them.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
// The build under test: dist/, or another folder (MARGINALIA_DIST), e.g. a copy that a rebuild
// of dist/ cannot change in the middle of a run.
export const DIST = process.env.MARGINALIA_DIST ? path.resolve(process.env.MARGINALIA_DIST) : path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(here, 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * A static file server for dist/ (or root) on 127.0.0.1: a folder serves its index.html,
 * unknown paths fall back to the root's index.html.
 */
export async function startServer(root = DIST) {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: run trunk build --release first`);
  }
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, pathname);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(root, 'index.html');
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  // close() really stops it: the browser's idle keep-alive connections are cut too, so no
  // request can reach the server afterwards (the offline test relies on it).
  const close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  return { url, close };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const CONTEXT_OPTIONS = { viewport: { width: 1360, height: 900 }, acceptDownloads: true };

/** Chromium with a fresh temporary profile (playwright creates and removes it). */
export function launchBrowser() {
  return chromium.launch({ executablePath: EXECUTABLE, args: CHROMIUM_ARGS });
}

/**
 * A context in a Chromium of its own with an ordinary (not incognito) profile in a temporary
 * folder, removed on close. For what Chromium does not do in the incognito-like contexts of
 * browser.newContext(), such as considering a web app installable.
 */
async function launchPersistentContext() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-e2e-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: EXECUTABLE,
    args: CHROMIUM_ARGS,
    ...CONTEXT_OPTIONS,
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return context;
}

export class AssertionError extends Error {}

export function expect(cond, message) {
  if (!cond) throw new AssertionError(message);
}

export function expectEq(got, want, what) {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new AssertionError(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
}

/**
 * A test suite bound to one browser and one server. `test(name, fn, opts)` runs fn({ page,
 * context, url, problems }) in a fresh context. opts.allowPageErrors / opts.allowConsoleErrors
 * and opts.allowCsp accept a RegExp of expected messages; opts.allowRequests, a RegExp of the
 * URLs outside the page's origin it may request (a sync server). opts.url runs the test against
 * another server (one the test stops, say); opts.persistent in a persistent profile of its own
 * (launchPersistentContext) instead of the shared browser; opts.context, options of its
 * browser context (a phone's viewport and touch).
 */
export function suite(browser, sharedUrl) {
  const results = { passed: 0, failed: 0 };

  async function test(name, fn, opts = {}) {
    const url = opts.url ?? sharedUrl;
    const context = opts.persistent
      ? await launchPersistentContext()
      : await browser.newContext({ ...CONTEXT_OPTIONS, ...opts.context });
    const page = (opts.persistent && context.pages()[0]) || (await context.newPage());
    const problems = { pageErrors: [], consoleErrors: [], csp: [], external: [] };
    page.on('pageerror', (e) => problems.pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.consoleErrors.push(m.text());
    });
    const checkRequest = (r) => {
      const u = r.url();
      if (!u.startsWith(url) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.external.push(u);
    };
    page.on('request', checkRequest);
    // The service worker's own requests (its precaching) belong to the context, not the page.
    context.on('request', (r) => r.serviceWorker() && checkRequest(r));
    // Runs before any page script (injected by the DevTools protocol, so the CSP allows it).
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
      );
    });
    try {
      await fn({ page, context, url, problems });
      problems.csp.push(...(await page.evaluate(() => window.__csp ?? []).catch(() => [])));
      const unexpected = (list, allow) => list.filter((m) => !(allow && allow.test(m)));
      const pageErrors = unexpected(problems.pageErrors, opts.allowPageErrors);
      const consoleErrors = unexpected(problems.consoleErrors, opts.allowConsoleErrors);
      expect(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
      expect(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
      const csp = unexpected(problems.csp, opts.allowCsp);
      expect(csp.length === 0, `CSP violations: ${csp.join(' | ')}`);
      const external = unexpected(problems.external, opts.allowRequests);
      expect(external.length === 0, `requests left the page: ${external.join(' ')}`);
      results.passed++;
      console.log(`ok   - ${name}`);
    } catch (e) {
      results.failed++;
      console.log(`FAIL - ${name}\n       ${String(e.stack || e).split('\n').join('\n       ')}`);
      await page
        .screenshot({ path: path.join(ARTIFACTS, `FAILED-${name.replace(/\W+/g, '-')}.png`) })
        .catch(() => {});
    } finally {
      await context.close();
    }
  }

  return { test, results };
}

/**
 * Save a screenshot under tests/e2e/artifacts/ (looked at by people, not asserted on): the
 * viewport, or only `locator`'s element when given.
 */
export async function screenshot(page, name, locator) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  if (locator) await locator.screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Load the app and wait for it to render its document list. */
export async function openApp(page, url) {
  await page.goto(url);
  await page.locator('.doc-item').first().waitFor();
}

/** Select the first occurrence of `needle` inside one rendered segment of the article. */
export async function selectInSegment(page, needle) {
  await page.evaluate((needle) => {
    for (const seg of document.querySelectorAll('.article-text .seg')) {
      const at = seg.textContent.indexOf(needle);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(seg.firstChild, at);
        range.setEnd(seg.firstChild, at + needle.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        return;
      }
    }
    throw new Error(`not found: ${needle}`);
  }, needle);
}

// ---------------------------------------------------------------------------------------------
// The stored corpus. The app keeps it in IndexedDB: database `marginalia`, version 1, one object
// store `kv` of string keys and JSON string values (the records docs/storage.md describes), with
// each save journaled in localStorage first (`marginalia:journal:*`, removed once committed);
// the reading position (`marginalia:view`) and the migration mark (`marginalia:migrated`) stay
// in localStorage. These helpers run in `page`, which must be on the app's origin; a page whose
// IndexedDB a test sabotaged (an init script) cannot be read through them: use another page of
// the same context.

export const DB_NAME = 'marginalia';
export const DB_VERSION = 1;
export const DB_STORE = 'kv';
export const JOURNAL_PREFIX = 'marginalia:journal:';

/**
 * In the page: open the database as the app does (creating the `kv` store if the database is
 * new, so no helper ever leaves a database without its store), do `op`, close the connection.
 * op: 'read' → { key: value } (keys sorted); 'keys' → the keys, sorted; 'clear' → every record
 * deleted; 'put' → each of `records` ({ key: value }, a null value deletes the key) written in
 * one transaction.
 */
async function kvInPage({ op, records, name, version, store }) {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => request.result.createObjectStore(store);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`indexedDB.open: ${request.error}`));
    request.onblocked = () => reject(new Error('indexedDB.open: blocked by another connection'));
  });
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(store, op === 'read' || op === 'keys' ? 'readonly' : 'readwrite');
      const kv = tx.objectStore(store);
      let keys;
      let values;
      if (op === 'read' || op === 'keys') {
        keys = kv.getAllKeys();
        if (op === 'read') values = kv.getAll();
      } else if (op === 'clear') {
        kv.clear();
      } else {
        for (const [key, value] of Object.entries(records)) {
          if (value === null) kv.delete(key);
          else kv.put(value, key);
        }
      }
      tx.oncomplete = () => {
        if (op === 'keys') return resolve([...keys.result].sort());
        if (op !== 'read') return resolve(null);
        const pairs = keys.result.map((k, i) => [k, values.result[i]]);
        pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        resolve(Object.fromEntries(pairs));
      };
      tx.onabort = () => reject(new Error(`${op} transaction aborted: ${tx.error}`));
    });
  } finally {
    db.close();
  }
}

const kv = (page, op, records) =>
  page.evaluate(kvInPage, { op, records, name: DB_NAME, version: DB_VERSION, store: DB_STORE });

/** Every record of the `kv` store, as { key: value } with the keys sorted. */
export const storedRecords = (page) => kv(page, 'read');

/** The keys of the `kv` store, sorted (cheaper than storedRecords for a large corpus). */
export const storedKeys = (page) => kv(page, 'keys');

/** Write `records` ({ key: value }; null deletes the key) into the `kv` store, in one transaction. */
export const putStored = (page, records) => kv(page, 'put', records);

/** Every record of the origin's localStorage, as { key: value } with the keys sorted. */
export const localRecords = (page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])));

/** The keys of the journal entries left in localStorage (saves not yet committed), sorted. */
export const journalKeys = async (page) =>
  Object.keys(await localRecords(page)).filter((k) => k.startsWith(JOURNAL_PREFIX));

/** Wait until every save of the page's origin is committed: no journal entry left in localStorage. */
export async function journalEmpty(page, timeout = 10_000) {
  await page
    .waitForFunction((prefix) => !Object.keys(localStorage).some((k) => k.startsWith(prefix)), JOURNAL_PREFIX, { timeout })
    .catch(async () => {
      throw new AssertionError(`journal entries still in localStorage after ${timeout} ms: ${JSON.stringify(await journalKeys(page))}`);
    });
}

/**
 * Start from nothing stored: localStorage cleared and every record of `kv` deleted, then the
 * page reloaded (the app running in it holds the old corpus in memory) and its list awaited.
 * The app then starts on the samples and stores them.
 */
export async function clearStored(page) {
  await page.evaluate(() => localStorage.clear());
  await kv(page, 'clear');
  await page.reload();
  await page.locator('.doc-item').first().waitFor();
}

/**
 * Poll the `kv` store from node until `predicate(records)` is true (records as storedRecords
 * gives them); returns those records. Fails after `timeout` ms, saying `what` was awaited and
 * which keys were stored.
 */
export async function waitStored(page, predicate, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const records = await storedRecords(page);
    if (predicate(records)) return records;
    if (Date.now() > end) {
      throw new AssertionError(`not stored after ${timeout} ms: ${what}; stored keys: ${JSON.stringify(Object.keys(records))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The stored documents: each `marginalia:doc:*` record parsed, by key. */
export const storedDocs = (records) =>
  Object.fromEntries(
    Object.entries(records)
      .filter(([k]) => k.startsWith('marginalia:doc:'))
      .map(([k, v]) => [k, JSON.parse(v)]),
  );

/**
 * Give the origin of `url` a storage quota of `quotaSize` bytes (DevTools protocol,
 * Storage.overrideQuotaForOrigin); returns { reset() } to give it the browser's own back. Past
 * the quota, IndexedDB transactions abort with QuotaExceededError; localStorage, with its own
 * limit, is not affected, and navigator.storage.estimate() still reports the real quota.
 * What Debian's Chromium 156 does (checked): the override lasts while the DevTools session that
 * set it is attached, so it ends with `page` (keep that page open while it should hold). A quota
 * *lowered* after the origin has stored something is not enforced (IndexedDB writes go on
 * succeeding, as if it kept the room it was first given); one raised or reset is, at the next
 * write. So give the small quota before the context's first page of the origin loads: the app
 * then cannot store even the samples.
 */
export async function overrideQuota(page, url, quotaSize) {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(url).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize });
  return {
    async reset() {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await cdp.detach();
    },
  };
}

/** How many spans the annotation panel lists. */
export const spanCount = (page) => page.locator('.span-item').count();

/** What the header says about saving. */
export const saveStatus = (page) => page.locator('.save-status').textContent();
