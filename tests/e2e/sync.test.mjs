// Sync through CouchDB (issue 22), end to end: two browser contexts as two devices of a team,
// a CouchDB stand-in (pouchdb-server, couch.mjs) on a loopback port, and a proxy in front of it
// that misbehaves on cue (proxy.mjs). Each test counts the spans before and after: nothing is
// lost, deletions stick, both devices end alike.
import { expect, expectEq, openApp, screenshot } from './harness.mjs';
import { select } from './annotate.test.mjs';
import { startCouch } from './couch.mjs';
import { startProxy } from './proxy.mjs';

const ADMIN = { name: 'root', password: 'root-pw' };
const DB = 'newsroom';
// The page may talk to the couch and the proxy (other 127.0.0.1 ports) and nowhere else.
const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d+\//;
// Chromium logs each request that failed or answered an error status; some do, on purpose.
const EXPECTED_CONSOLE = /Failed to load resource|net::ERR_/;
const OPTS = { allowRequests: LOOPBACK, allowConsoleErrors: EXPECTED_CONSOLE };

/** A couch with an admin, Ada and Bo, and a database only Ada may use. */
async function team() {
  const couch = await startCouch({ admin: ADMIN });
  await couch.createUser('ada', 'ada-pw');
  await couch.createUser('bo', 'bo-pw');
  await couch.createDb(DB);
  await couch.setSecurity(DB, { members: ['ada'] });
  return couch;
}

const syncStatus = (page) => page.locator('.sync-status').textContent();

async function waitStatus(page, text, timeout = 20_000) {
  await page.locator('.sync-status', { hasText: text }).waitFor({ timeout });
}

/** Open the Sync dialog, start sync with `server` as `user`, close the dialog. */
async function startSync(page, server, user = 'ada', password = 'ada-pw', expected = 'Synced') {
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await page.getByRole('textbox', { name: 'Server' }).fill(server);
  await page.getByRole('textbox', { name: 'User' }).fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Start sync' }).click();
  await waitStatus(page, expected);
  await page.getByRole('button', { name: 'Close' }).click();
}

async function named(page, who) {
  const box = page.getByRole('textbox', { name: 'Annotator' });
  await box.fill(who);
  await box.press('Enter');
  await page.locator('.notices', { hasText: `You annotate as “${who}”` }).waitFor();
  await page.locator('.notices').getByRole('button', { name: 'Dismiss' }).first().click();
  await page.locator('.article-text').click();
}

/** A second device: a browser context of its own, on the app, named `who`. */
async function device(context, url, who) {
  const other = await context.browser().newContext({ viewport: { width: 1360, height: 900 } });
  const page = await other.newPage();
  await openApp(page, url);
  await named(page, who);
  return { other, page };
}

/** Ada on this page and on a second device, both syncing with `server`. */
async function twoDevices(page, context, url, server) {
  await openApp(page, url);
  await named(page, 'Ada');
  await startSync(page, server);
  const { other, page: b } = await device(context, url, 'Ada');
  await startSync(b, server);
  return { other, page: b };
}

/** Every span of the open article as its panel row reads (label and text), sorted. */
async function spans(page) {
  return (await page.locator('.span-item').evaluateAll((items) => items.map((i) => i.textContent.trim()))).sort();
}

async function tag(page, word, key) {
  // A change from the other device drawn into the same paragraph between the selection and the
  // key replaces its text nodes, and the selection with them: then select again.
  for (let tries = 0; ; tries++) {
    await select(page, word);
    await page.keyboard.press(key);
    try {
      await page.locator('.span-item', { hasText: word }).first().waitFor({ timeout: tries < 4 ? 3000 : 20_000 });
      return;
    } catch (e) {
      if (tries >= 4) throw e;
    }
  }
}

async function clickSpan(page, text) {
  await page.locator('.span-item', { hasText: text }).first().click();
  await page.locator('.selected-span', { hasText: text }).first().waitFor();
}

async function relabel(page, text, key, label) {
  await clickSpan(page, text);
  await page.keyboard.press(key);
  await page.locator('.span-item', { hasText: text }).filter({ hasText: label }).first().waitFor();
}

async function remove(page, text) {
  await clickSpan(page, text);
  await page.keyboard.press('Delete');
  await page.locator('.span-item', { hasText: text }).first().waitFor({ state: 'detached' });
}

async function sameSpans(a, b, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let sa, sb;
  do {
    [sa, sb] = [await spans(a), await spans(b)];
    if (JSON.stringify(sa) === JSON.stringify(sb)) return sa;
    await a.waitForTimeout(200);
  } while (Date.now() < deadline);
  expectEq(sb, sa, what);
  return sa;
}

export default async function syncTests(test) {
  await test('two devices sync live: the Sync dialog, the header in words, a span shows on the other device, the password is not kept', async ({ page, context, url }) => {
    const couch = await team();
    try {
      await openApp(page, url);
      await named(page, 'Ada');
      const server = `${couch.url}${DB}`;
      // The dialog, its controls by name, and an address that is not http(s).
      await page.getByRole('button', { name: 'Sync', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Sync' });
      await dialog.getByRole('textbox', { name: 'Server' }).fill('ftp://example.org/db');
      await dialog.getByRole('button', { name: 'Start sync' }).click();
      await waitStatus(page, 'Sync error: the server address must start with http:// or https://');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await startSync(page, server);
      expectEq(await syncStatus(page), 'Synced', 'the header');
      await page.getByRole('button', { name: 'Sync', exact: true }).click();
      await dialog.getByRole('button', { name: 'Sync now' }).waitFor();
      await dialog.getByRole('button', { name: 'Stop sync' }).waitFor();
      await screenshot(page, 'sync-dialog');
      await dialog.getByRole('button', { name: 'Close' }).click();

      const { other, page: b } = await device(context, url, 'Ada');
      try {
        await startSync(b, server);
        // What the editing device reads from the server once it has sent its tag: its own
        // write comes back in the changes feed, and is not read again (the article's whole
        // annotations document each time).
        const read = [];
        const log = async (r) => {
          const what = `${r.request().method()} ${r.url().replace(couch.url, '').replace(/\?.*/, '')}${/feed=longpoll/.test(r.url()) ? ' longpoll' : ''}`;
          read.push([what, (await r.body().catch(() => '')).length]);
        };
        page.on('response', log);
        await tag(page, 'council', '1');
        await b.waitForFunction(() => document.querySelectorAll('.span-item').length === 1, null, { timeout: 10_000 });
        expectEq(await spans(b), await spans(page), 'the span on the other device');
        const after = () => read.slice(read.findIndex(([w]) => w.endsWith('_bulk_docs')) + 1);
        for (let i = 0; i < 100 && after().filter(([w]) => w.endsWith('longpoll')).length < 2; i++) await page.waitForTimeout(100);
        page.off('response', log);
        const docSize = (await couch.request('GET', `${DB}/_all_docs?include_docs=true`)).body.rows
          .filter((r) => r.id.startsWith('doc:'))
          .reduce((n, r) => Math.max(n, JSON.stringify(r.doc).length), 0); // the tagged article's
        const reads = after().filter(([w]) => !w.endsWith('longpoll'));
        expect(reads.length > 0 && reads.every(([w]) => w === `GET ${DB}/_changes`), `the feed only: ${JSON.stringify(read)}`);
        const bytes = reads.reduce((n, [, b]) => n + b, 0);
        expect(docSize > 300 && bytes < docSize, `read back ${bytes} B after writing a document of ${docSize} B`);
        await tag(b, 'Tuesday', '2');
        await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 2, null, { timeout: 10_000 });
        await waitStatus(page, 'Synced');
        await screenshot(page, 'sync-synced');
        // A label added on one device, and a span with it, reach the other.
        await page.getByRole('button', { name: 'Labels', exact: true }).click();
        const labels = page.getByRole('dialog', { name: 'Labels' });
        await labels.getByRole('textbox', { name: 'New label name' }).fill('Source');
        await labels.getByRole('textbox', { name: 'New label key' }).fill('4');
        await labels.getByRole('button', { name: 'Add label' }).click();
        await labels.getByRole('textbox', { name: 'Name of Source' }).waitFor();
        await page.keyboard.press('Escape');
        await tag(page, 'eastern', '4');
        await b.locator('.span-item', { hasText: 'eastern' }).filter({ hasText: 'Source' }).waitFor({ timeout: 10_000 });
        // The server holds the labels, each article's text and its annotations.
        const ids = (await couch.request('GET', `${DB}/_all_docs`)).body.rows.map((r) => r.id);
        expect(ids.includes('labels'), `labels on the server: ${ids}`);
        expectEq(ids.filter((id) => id.startsWith('text:')).length, 3, 'a text per article');
        expectEq(ids.filter((id) => id.startsWith('doc:')).length, 3, 'annotations per article');
        // Kept: the server and the user, never the password.
        const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
        expect(stored.includes('marginalia-sync') && stored.includes(server), 'the server is kept');
        expect(!stored.includes('ada-pw'), 'the password is not in local storage');
        // Stop sync: the header says nothing more, and a reload does not start it again.
        await page.getByRole('button', { name: 'Sync', exact: true }).click();
        await dialog.getByRole('button', { name: 'Stop sync' }).click();
        await page.locator('.sync-status').waitFor({ state: 'detached' });
        await dialog.getByRole('button', { name: 'Close' }).click();
        await page.reload();
        await page.locator('.doc-item').first().waitFor();
        await page.waitForTimeout(500);
        expectEq(await page.locator('.sync-status').count(), 0, 'no sync after a reload');
      } finally {
        await other.close();
      }
    } finally {
      await couch.stop();
    }
  }, OPTS);

  await test('both devices offline: adds, relabels and deletions on both arrive on both when they are back, also after a reload', async ({ page, context, url }) => {
    const couch = await team();
    try {
      const server = `${couch.url}${DB}`;
      const { other, page: b } = await twoDevices(page, context, url, server);
      try {
        for (const [word, key] of [['council', '1'], ['Tuesday', '2'], ['midnight', '3'], ['storm-water', '2']]) {
          await tag(page, word, key);
        }
        await sameSpans(page, b, 'both devices before going offline');
        await context.setOffline(true);
        await other.setOffline(true);
        await waitStatus(page, 'Offline');
        await waitStatus(b, 'Offline');
        // A: add, relabel council (quote -> entity), delete Tuesday.
        await tag(page, 'rail yard', '3');
        await relabel(page, 'council', '3', 'Entity');
        await remove(page, 'Tuesday');
        await waitStatus(page, 'Offline — 3 changes waiting');
        // B: add, relabel storm-water (claim -> quote), delete midnight.
        await tag(b, 'public park', '1');
        await relabel(b, 'storm-water', '1', 'Quote');
        await remove(b, 'midnight');
        await waitStatus(b, 'Offline — 3 changes waiting');
        await screenshot(b, 'sync-offline');
        await context.setOffline(false);
        await other.setOffline(false);
        await waitStatus(page, 'Synced');
        await waitStatus(b, 'Synced');
        const both = await sameSpans(page, b, 'both devices after coming back');
        expectEq(both.length, 4, `four spans: ${both}`);
        for (const [text, label] of [['council', 'Entity'], ['storm-water', 'Quote'], ['rail yard', 'Entity'], ['public park', 'Quote']]) {
          expect(both.some((s) => s.includes(text) && s.includes(label)), `${text} as ${label}: ${both}`);
        }
        expect(!both.some((s) => s.includes('Tuesday') || s.includes('midnight')), 'deletions stick');
        await page.reload();
        await b.reload();
        await page.locator('.doc-item').first().waitFor();
        await b.locator('.doc-item').first().waitFor();
        await waitStatus(page, 'Synced');
        await waitStatus(b, 'Synced');
        expectEq(await spans(page), both, 'A after a reload');
        expectEq(await spans(b), both, 'B after a reload');
      } finally {
        await other.close();
      }
    } finally {
      await couch.stop();
    }
  }, OPTS);

  await test('the server stops in the middle and starts again: told, nothing lost, both devices converge', async ({ page, context, url }) => {
    const couch = await team();
    try {
      const server = `${couch.url}${DB}`;
      const { other, page: b } = await twoDevices(page, context, url, server);
      try {
        await tag(page, 'council', '1');
        await sameSpans(page, b, 'before the server stops');
        await couch.pause();
        await tag(page, 'Tuesday', '2');
        await tag(b, 'midnight', '3');
        await waitStatus(page, 'Sync error: the server cannot be reached');
        await couch.resume();
        for (const p of [page, b]) {
          await p.getByRole('button', { name: 'Sync', exact: true }).click();
          await p.getByRole('button', { name: 'Sync now' }).click();
          await p.getByRole('button', { name: 'Close' }).click();
        }
        await waitStatus(page, 'Synced');
        const both = await sameSpans(page, b, 'after the server is back');
        expectEq(both.length, 3, `every span: ${both}`);
      } finally {
        await other.close();
      }
    } finally {
      await couch.stop();
    }
  }, OPTS);

  await test('two devices tag the same layer at once: every write that meets a newer revision is merged, nothing lost', async ({ page, context, url }) => {
    const couch = await team();
    try {
      const server = `${couch.url}${DB}`;
      const { other, page: b } = await twoDevices(page, context, url, server);
      try {
        const wordsA = ['council', 'Tuesday', 'midnight', 'rail yard', 'storm-water'];
        const wordsB = ['public park', 'district', 'million', 'plan', 'eastern'];
        for (let i = 0; i < wordsA.length; i++) {
          await Promise.all([tag(page, wordsA[i], '1'), tag(b, wordsB[i], '2')]);
        }
        const both = await sameSpans(page, b, 'both devices', 30_000);
        expectEq(both.length, 10, `all ten spans: ${both}`);
      } finally {
        await other.close();
      }
    } finally {
      await couch.stop();
    }
  }, OPTS);

  await test('a conflicting revision a replication brings right after this device’s own write is read and merged, not passed over as its own', async ({ page, url }) => {
    const couch = await team();
    try {
      const server = `${couch.url}${DB}`;
      await openApp(page, url);
      await named(page, 'Ada');
      await startSync(page, server);
      // Hold the device's next read of the feed after its write until a replication (here:
      // the admin writing with new_edits: false) has added a losing branch beside its revision.
      let armed = false;
      let injected = null;
      await page.route(/_changes\?style=/, async (route) => {
        if (armed && !injected) {
          armed = false;
          const doc = (await couch.request('GET', `${DB}/_all_docs?include_docs=true`)).body.rows
            .find((r) => r.id.startsWith('doc:') && r.doc.marginalia?.spans?.length).doc;
          // The same article with one more span of Ada's, under a revision of the same
          // generation that loses (its hash sorts first): the device's own stays the winner.
          const span = doc.marginalia.spans[0];
          doc.marginalia.spans.push({ ...span, id: 'branch-1', start: 0, end: 6, label: 'quote' });
          doc._rev = `${doc._rev.split('-')[0]}-${'0'.repeat(32)}`;
          injected = doc._rev;
          const put = await couch.request('POST', `${DB}/_bulk_docs`, { new_edits: false, docs: [doc] });
          expectEq(put.status, 201, `the branch written: ${JSON.stringify(put.body)}`);
        }
        await route.continue();
      });
      page.on('response', (r) => {
        if (r.url().includes('/_bulk_docs') && !injected) armed = true;
      });
      await tag(page, 'council', '3');
      await page.waitForFunction(() => document.querySelectorAll('.span-item').length === 2, null, { timeout: 20_000 })
        .catch(async () => { throw new Error(`the branch's span never came: ${JSON.stringify(injected)}; spans ${await spans(page)}`); });
    } finally {
      await couch.stop();
    }
  }, OPTS);

  await test('two tabs of one browser: one syncs, the other says so and takes over when the first closes', async ({ page, context, url }) => {
    const couch = await team();
    try {
      await openApp(page, url);
      await named(page, 'Ada');
      await startSync(page, `${couch.url}${DB}`);
      const second = await context.newPage();
      await openApp(second, url);
      await waitStatus(second, 'Syncing in another tab');
      await tag(second, 'council', '1');
      // The first tab hears the second's save and sends it.
      const onServer = async () => {
        const rows = (await couch.request('GET', `${DB}/_all_docs?include_docs=true`)).body.rows;
        return rows.reduce((n, r) => n + (r.id.startsWith('doc:') ? r.doc.marginalia.spans.length : 0), 0);
      };
      for (let i = 0; i < 100 && (await onServer()) !== 1; i++) await page.waitForTimeout(100);
      expectEq(await onServer(), 1, 'the second tab\'s span on the server');
      await page.close();
      await waitStatus(second, 'Synced');
      await tag(second, 'Tuesday', '2');
      for (let i = 0; i < 100 && (await onServer()) !== 2; i++) await second.waitForTimeout(100);
      expectEq(await onServer(), 2, 'sent by the second tab once it syncs');
    } finally {
      await couch.stop();
    }
  }, OPTS);

  await test('a wrong password and a database the user may not read are said in words and change nothing', async ({ page, url }) => {
    const couch = await team();
    try {
      const server = `${couch.url}${DB}`;
      await openApp(page, url);
      await tag(page, 'council', '1');
      await startSync(page, server, 'ada', 'not-her-password', 'Sync error: wrong user name or password');
      await screenshot(page, 'sync-wrong-password');
      await startSync(page, server, 'bo', 'bo-pw', 'Sync error: this user has no access to the database');
      expectEq((await spans(page)).length, 1, 'the span here');
      const ids = (await couch.request('GET', `${DB}/_all_docs`)).body.rows;
      expectEq(ids.length, 0, 'nothing written to the server');
    } finally {
      await couch.stop();
    }
  }, OPTS);

  await test('a reviewer the database lets read but not write: their edit stays here, the header says why', async ({ page, url }) => {
    const couch = await team();
    try {
      await couch.createUser('rita', 'rita-pw', ['reviewer']);
      await couch.setSecurity(DB, { members: ['ada', 'rita'] });
      // As docs/sync.md sets up a read-only reviewer.
      const ddoc = {
        _id: '_design/marginalia',
        validate_doc_update:
          "function (newDoc, oldDoc, userCtx, secObj) { if (userCtx.roles.indexOf('reviewer') !== -1 && userCtx.roles.indexOf('_admin') === -1) { throw({ forbidden: 'reviewers may read this database, not change it' }); } }",
      };
      expectEq((await couch.request('PUT', `${DB}/_design/marginalia`, ddoc)).status, 201, 'the design document');
      await openApp(page, url);
      await tag(page, 'council', '1');
      await startSync(page, `${couch.url}${DB}`, 'rita', 'rita-pw', 'Sync error: the server refused a change (reviewers may read this database, not change it)');
      expectEq((await spans(page)).length, 1, 'the span stays here');
      const ids = (await couch.request('GET', `${DB}/_all_docs`)).body.rows.map((r) => r.id);
      expectEq(ids, ['_design/marginalia'], 'nothing written');
    } finally {
      await couch.stop();
    }
  }, OPTS);

  await test('a proxy that delays, truncates and corrupts answers: told, nothing changes, and sync recovers', async ({ page, context, url }) => {
    const couch = await team();
    const proxy = await startProxy(couch.url);
    try {
      const direct = `${couch.url}${DB}`;
      const server = `${proxy.url}${DB}`;
      // A writes through the couch directly; B reads through the proxy.
      await openApp(page, url);
      await named(page, 'Ada');
      await startSync(page, direct);
      await tag(page, 'council', '1');
      const { other, page: b } = await device(context, url, 'Ada');
      try {
        proxy.setMode('delay', 1500);
        await startSync(b, server);
        await sameSpans(page, b, 'through a slow proxy');
        const changes = { match: (req) => req.url.includes('/_changes') || req.url.includes('/_all_docs') };
        for (const [mode, told] of [
          ['truncate', "Sync error: the server's answer is not JSON"],
          ['corrupt', "Sync error: the server's answer is not JSON"],
        ]) {
          proxy.setMode(mode, changes);
          await tag(page, mode === 'truncate' ? 'Tuesday' : 'midnight', '2');
          await waitStatus(b, told);
        }
        const before = await spans(b);
        proxy.setMode('wrongtypes', changes);
        await tag(page, 'rail yard', '3');
        await b.locator('.notices', { hasText: 'from the server' }).waitFor({ timeout: 20_000 });
        expectEq(await spans(b), before, 'nothing changed by answers of the wrong types');
        proxy.setMode('pass');
        await b.getByRole('button', { name: 'Sync', exact: true }).click();
        await b.getByRole('button', { name: 'Sync now' }).click();
        await b.getByRole('button', { name: 'Close' }).click();
        const both = await sameSpans(page, b, 'after the proxy behaves');
        expectEq(both.length, 4, `every span: ${both}`);
      } finally {
        await other.close();
      }
    } finally {
      await proxy.stop();
      await couch.stop();
    }
  }, OPTS);
}
