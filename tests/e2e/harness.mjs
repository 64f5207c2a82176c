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
 * and opts.allowCsp accept a RegExp of expected messages. opts.url runs the test against
 * another server (one the test stops, say); opts.persistent in a persistent profile of its own
 * (launchPersistentContext) instead of the shared browser.
 */
export function suite(browser, sharedUrl) {
  const results = { passed: 0, failed: 0 };

  async function test(name, fn, opts = {}) {
    const url = opts.url ?? sharedUrl;
    const context = opts.persistent ? await launchPersistentContext() : await browser.newContext(CONTEXT_OPTIONS);
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
      expect(problems.external.length === 0, `requests left the page: ${problems.external.join(' ')}`);
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

/** Save a screenshot under tests/e2e/artifacts/ (looked at by people, not asserted on). */
export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
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
