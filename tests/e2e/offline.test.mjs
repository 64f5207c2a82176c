// Offline and installable: after one visit the service worker holds the app shell, so the app
// starts, annotates and exports with its server stopped; Chromium considers it installable; a
// new build replaces the cache of the old one. Each test has a server of its own, which it
// stops. The first runs in an ordinary, not incognito, profile (Chromium never calls a web app
// installable in an incognito context).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { DIST, expect, expectEq, openApp, screenshot, startServer } from './harness.mjs';
import { select } from './annotate.test.mjs';

/** What the post_build hook wrote into dist/sw.js: { version, assets }. */
function builtWorker() {
  const source = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const match = source.match(/\/\* BUILD \*\/ (\{.*\});/);
  expect(match, 'dist/sw.js carries the build version and file list');
  return JSON.parse(match[1]);
}

/** Every file under dir, as sorted '/'-separated relative paths. */
function filesIn(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesIn(path.join(dir, e.name), `${prefix}${e.name}/`) : [prefix + e.name]))
    .sort();
}

/** True when nothing answers at url (the connection is refused). */
function unreachable(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(false);
    });
    request.on('error', () => resolve(true));
  });
}

/** Waits until a service worker controls the page. */
const controlled = (page) =>
  page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 20_000 });

/** Polls `check` (async) until it returns true; fails after `timeout` ms. */
async function until(check, timeout = 20_000) {
  for (const end = Date.now() + timeout; !(await check()); ) {
    if (Date.now() > end) throw new Error(`still not true after ${timeout} ms: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The names of the origin's caches, sorted. */
const cacheNames = (page) => page.evaluate(async () => (await caches.keys()).sort());

/** The Marginalia dataset that clicking Export JSON downloads. */
async function exportJson(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename().endsWith('.json'), download.suggestedFilename());
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
}

export default async function offlineTests(test) {
  const server = await startServer();
  let running = true;
  try {
    await test(
      'after one visit it starts, annotates and exports with the server stopped; installable',
      async ({ page, context, url }) => {
        // The worker precaches exactly the files of this build.
        const build = builtWorker();
        expectEq(build.assets, filesIn(DIST).filter((f) => f !== 'sw.js'), 'precache list = the files in dist/');
        expect(/^[0-9a-f]{16}$/.test(build.version), `build version: ${build.version}`);
        expect(build.assets.some((f) => /_bg\.wasm$/.test(f)), 'the wasm is in the list');

        // First visit: the worker installs, activates and takes control of this page.
        await openApp(page, url);
        await controlled(page);
        const worker = await page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          const caches_ = await Promise.all(
            (await caches.keys()).map(async (name) => ({
              name,
              urls: (await (await caches.open(name)).keys()).map((r) => r.url).sort(),
            })),
          );
          return { scope: registration.scope, script: navigator.serviceWorker.controller.scriptURL, caches_ };
        });
        expectEq(worker.scope, url, 'scope');
        expectEq(worker.script, `${url}sw.js`, 'worker script');
        expectEq(
          worker.caches_,
          [{ name: `marginalia-shell ${url} ${build.version}`, urls: build.assets.map((f) => url + f).sort() }],
          'one cache, named after this build, with every file of it',
        );

        // Installable: a manifest without errors and no installability error.
        const cdp = await context.newCDPSession(page);
        const manifest = await cdp.send('Page.getAppManifest');
        expectEq(manifest.url, `${url}manifest.webmanifest`, 'manifest URL');
        expectEq(manifest.errors, [], 'manifest errors');
        const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
        expectEq(installabilityErrors, [], 'installability errors');
        await cdp.detach();

        // Stop the server (its keep-alive connections too).
        await server.close();
        running = false;
        expect(await unreachable(url), 'the server still answers');

        // Reload: index.html and everything else come from the worker's cache.
        const response = await page.reload();
        expect(response.fromServiceWorker(), 'the page came from the service worker');
        await page.locator('.doc-item').first().waitFor();
        expectEq(await page.locator('.doc-item').count(), 3, 'sample documents listed offline');

        // Annotate: an entity with key 3.
        await select(page, 'Inês Conceição Barros');
        await page.keyboard.press('3');
        await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 1);
        expectEq(await page.locator('.span-item .span-excerpt').textContent(), 'Inês Conceição Barros', 'span');
        await screenshot(page, 'offline-annotated');

        // Export JSON: the downloaded dataset has the span, at the right code point offsets.
        const data = await exportJson(page);
        expectEq(data.schema, 'marginalia-dataset', 'schema');
        const spans = data.documents.flatMap((d) => d.spans.map((s) => ({ ...s, doc: d })));
        expectEq(
          spans.map((s) => [s.label, s.text]),
          [['entity', 'Inês Conceição Barros']],
          'exported spans',
        );
        const [span] = spans;
        expectEq([...span.doc.text].slice(span.start, span.end).join(''), span.text, 'slice of the exported span');

        // Still offline, the annotation survives another reload.
        await page.reload();
        await page.locator('.span-item').first().waitFor();
        expectEq(await page.locator('.span-item').count(), 1, 'spans after an offline reload');
      },
      { url: server.url, persistent: true },
    );
  } finally {
    if (running) await server.close();
  }

  // The build in a subfolder of another site: relative registration, scope and cache names.
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-e2e-site-'));
  fs.cpSync(DIST, path.join(site, 'app'), { recursive: true });
  fs.writeFileSync(path.join(site, 'index.html'), '<!DOCTYPE html><title>Another site</title>\n');
  const siteServer = await startServer(site);
  running = true;
  try {
    await test(
      'from a subfolder: a new build replaces its old cache, other folders keep theirs, offline',
      async ({ page, url }) => {
        const app = `${url}app/`;
        const build = builtWorker();
        await openApp(page, app);
        await controlled(page);
        expectEq(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope), app, 'scope');
        const old = `marginalia-shell ${app} ${build.version}`;
        // Another copy of the app elsewhere on this origin.
        const other = `marginalia-shell ${url}elsewhere/ 0123456789abcdef`;
        await page.evaluate((name) => caches.open(name), other);
        expectEq(await cacheNames(page), [old, other].sort(), 'caches before the update');

        // A new deploy: the worker of another build (the hook gives each build its version).
        const next = 'feedfacefeedface';
        const worker = path.join(site, 'app', 'sw.js');
        fs.writeFileSync(worker, fs.readFileSync(worker, 'utf8').replace(`"version":"${build.version}"`, `"version":"${next}"`));
        // An ordinary reload (network first) finds the new worker, which takes over and deletes
        // this folder's old cache only.
        await page.reload();
        await page.locator('.doc-item').first().waitFor();
        // Only the new worker deletes the old cache, and it is 'activated' once its activate
        // handler (deleting, then claiming the page) has finished.
        await until(() =>
          page.evaluate(async (old) => {
            const r = await navigator.serviceWorker.getRegistration();
            const names = await caches.keys();
            return !names.includes(old) && r.active?.state === 'activated' && !r.installing && !r.waiting;
          }, old),
        );
        expectEq(await cacheNames(page), [`marginalia-shell ${app} ${next}`, other].sort(), 'caches after the update');

        await siteServer.close();
        running = false;
        expect(await unreachable(app), 'the server still answers');
        const response = await page.reload();
        expect(response.fromServiceWorker(), 'the page came from the service worker');
        await page.locator('.doc-item').first().waitFor();
        expectEq(await page.locator('.doc-item').count(), 3, 'sample documents listed offline');
      },
      { url: siteServer.url },
    );
  } finally {
    if (running) await siteServer.close();
    fs.rmSync(site, { recursive: true, force: true });
  }
}
