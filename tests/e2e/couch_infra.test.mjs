// The sync tests' infrastructure, checked on its own: the CouchDB stand-in (couch.mjs) starts,
// restarts on its port with its data, and stops leaving nothing behind; a page on another
// 127.0.0.1 origin (a blank page, no CSP: not the app) logs in with a cookie session and works
// with a members-only database cross-origin (CORS preflights, 409s, conflicts, a long-poll);
// the misbehaving proxy (proxy.mjs) does what each mode says, as the page sees it.
// Run alone: node tests/e2e/run.mjs couch_infra
import fs from 'node:fs';
import http from 'node:http';
import { expect, expectEq } from './harness.mjs';
import { startCouch } from './couch.mjs';
import { startProxy } from './proxy.mjs';

const ADMIN = { name: 'root', password: 'root-pw' };
// The page requests the couch and the proxy: other 127.0.0.1 ports.
const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d+\//;
// What Chromium logs for a request that failed or answered an error status, on purpose here.
const EXPECTED_CONSOLE = /Failed to load resource|net::ERR_/;

/**
 * In the page: fetch(url) with credentials: 'include' (the cookie session), a JSON body when
 * given, Accept: application/json. → { status, body (parsed JSON, or the text when it is not
 * JSON), parseError } or { error } when fetch itself failed.
 */
async function pageFetch(page, url, { method = 'GET', body, timeout } = {}) {
  return page.evaluate(
    async ({ url, method, body, timeout }) => {
      const headers = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      try {
        const res = await fetch(url, {
          method,
          credentials: 'include',
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: timeout ? AbortSignal.timeout(timeout) : undefined,
        });
        const text = await res.text();
        try {
          return { status: res.status, body: JSON.parse(text) };
        } catch (e) {
          return { status: res.status, body: text, parseError: String(e) };
        }
      } catch (e) {
        return { error: `${e.name}: ${e.message}` };
      }
    },
    { url, method, body, timeout },
  );
}

/** A blank page (no CSP: not the app) served on a 127.0.0.1 port of its own: the page's origin. */
async function blankOrigin() {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><title>blank</title><p>blank');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

export default async function couchInfraTests(test) {
  const origin = await blankOrigin();
  try {
    await tests(test, origin.url);
  } finally {
    await origin.close();
  }
}

async function tests(test, originUrl) {
  const opts = { url: originUrl, allowRequests: LOOPBACK, allowConsoleErrors: EXPECTED_CONSOLE };

  await test('couch: starts, keeps its data over a restart on the same port, stops leaving nothing', async () => {
    const couch = await startCouch({ admin: ADMIN });
    try {
      await couch.createUser('ada', 'ada-pw');
      await couch.createDb('corpus');
      await couch.setSecurity('corpus', { members: ['ada'] });
      await couch.putDoc('corpus', { _id: 'a', v: 1 });
      const cookie = await couch.login('ada', 'ada-pw');
      expect((await couch.request('GET', '')).status === 200 && fs.existsSync(couch.dir), 'the server answers and its folder exists');

      // Anonymous: not admin any more, not a member.
      expectEq((await couch.request('GET', '_session', undefined, { auth: null })).body.userCtx, { name: null, roles: [] }, 'anonymous after the admin was made');
      const denied = await couch.request('GET', 'corpus/a', undefined, { auth: null });
      expectEq([denied.status, denied.body.error], [401, 'unauthorized'], 'a non-member reading');
      // A non-admin creating a database: 401, and the server lives on (pouchdb-server.cjs).
      for (const auth of [null, ['ada', 'ada-pw']]) {
        const made = await couch.request('PUT', 'mine', undefined, { auth });
        expectEq([made.status, made.body.error], [401, 'unauthorized'], `PUT /db as ${auth?.[0] ?? 'anonymous'}`);
      }
      expectEq([couch.exited, (await couch.request('GET', 'mine')).status], [null, 404], 'still running, no database made');
      const missing = await couch.request('GET', 'nothing');
      expectEq([missing.status, missing.body], [404, { error: 'not_found', reason: 'no_db_file' }], 'GET of a missing database');

      await couch.restart();
      const after = await couch.request('GET', 'corpus/a', undefined, { auth: null, cookie });
      expectEq([after.status, after.body.v], [200, 1], 'the document, read with the old cookie after the restart');
      expectEq(couch.url, `http://127.0.0.1:${couch.port}/`, 'the same port');
    } finally {
      await couch.stop();
    }
    expect(!fs.existsSync(couch.dir), 'stop() removed the folder');
    const gone = await fetch(couch.url).then(() => false, () => true);
    expect(gone, 'nothing answers after stop()');

    // In memory: a restart loses the databases and users; the admin (config.json) remains.
    const memory = await startCouch({ admin: ADMIN, inMemory: true });
    try {
      await memory.createUser('ada', 'ada-pw');
      await memory.createDb('corpus');
      await memory.restart();
      expectEq((await memory.request('GET', 'corpus')).status, 404, 'in memory: the database after a restart');
      expectEq((await memory.request('GET', '_session')).body.userCtx.name, 'root', 'in memory: the admin after a restart');
      const login = await memory.request('POST', '_session', { name: 'ada', password: 'ada-pw' }, { auth: null });
      expectEq(login.status, 401, 'in memory: the user after a restart');
    } finally {
      await memory.stop();
    }
  });

  await test('couch: a page on another origin logs in with a cookie and reads a members-only database', async ({ page, context }) => {
    const couch = await startCouch({ admin: ADMIN });
    try {
      await couch.createUser('ada', 'ada-pw');
      await couch.createUser('bo', 'bo-pw');
      await couch.createDb('corpus');
      await couch.setSecurity('corpus', { members: ['ada'] });
      await couch.putDoc('corpus', { _id: 'a', v: 1 });
      await page.goto(originUrl);
      const u = couch.url;

      const wrong = await pageFetch(page, `${u}_session`, { method: 'POST', body: { name: 'ada', password: 'nope' } });
      expectEq(wrong, { status: 401, body: { error: 'unauthorized', reason: 'Name or password is incorrect.' } }, 'a wrong password');
      expectEq((await pageFetch(page, `${u}corpus/a`)).status, 401, 'reading before logging in');

      const login = await pageFetch(page, `${u}_session`, { method: 'POST', body: { name: 'ada', password: 'ada-pw' } });
      expectEq(login, { status: 200, body: { ok: true, name: 'ada', roles: [] } }, 'logging in');
      const cookies = await context.cookies(u);
      expectEq(cookies.map((c) => [c.name, c.httpOnly]), [['AuthSession', true]], 'the cookie the browser keeps');
      expectEq(await page.evaluate(() => document.cookie), '', 'the page cannot read it (HttpOnly, and another origin)');

      const session = await pageFetch(page, `${u}_session`);
      expectEq([session.body.userCtx, session.body.info.authenticated], [{ name: 'ada', roles: [] }, 'cookie'], 'GET /_session');
      expectEq((await pageFetch(page, `${u}corpus/a`)).body.v, 1, 'reading as a member, by the cookie');

      // Writing: a preflighted PUT with JSON, then a stale one.
      const put = await pageFetch(page, `${u}corpus/b`, { method: 'PUT', body: { v: 1 } });
      expectEq([put.status, put.body.ok], [201, true], 'PUT from the page');
      const stale = await pageFetch(page, `${u}corpus/b`, { method: 'PUT', body: { v: 2 } });
      expectEq(stale, { status: 409, body: { error: 'conflict', reason: 'Document update conflict' } }, 'PUT without the current _rev');
      const bulk = await pageFetch(page, `${u}corpus/_bulk_docs`, {
        method: 'POST',
        body: { docs: [{ _id: 'b', v: 3 }, { _id: 'c', v: 1 }] },
      });
      expectEq([bulk.status, bulk.body[0].error, bulk.body[1].ok], [201, 'conflict', true], '_bulk_docs with one stale document');

      // A non-member logged in.
      const bo = await browserContextFetch(context, page, u, 'bo', 'bo-pw');
      expectEq(bo, { status: 401, body: { error: 'unauthorized', reason: 'You are not authorized to access this db.' } }, 'a non-member reading');

      const out = await pageFetch(page, `${u}_session`, { method: 'DELETE' });
      expectEq(out, { status: 200, body: { ok: true } }, 'logging out');
      expectEq((await context.cookies(u)).length, 0, 'the cookie is gone');
      expectEq((await pageFetch(page, `${u}_session`)).body.userCtx.name, null, 'anonymous after logging out');
    } finally {
      await couch.stop();
    }
  }, opts);

  // The same blank page, but on localhost: another site than the server's 127.0.0.1.
  const crossSite = originUrl.replace('127.0.0.1', 'localhost');
  await test('couch: from another site the login answers 200 but no cookie is kept; CORS config', async ({ page, context }) => {
    const couch = await startCouch({ admin: ADMIN });
    try {
      await couch.createUser('ada', 'ada-pw');
      await couch.createDb('corpus');
      await couch.setSecurity('corpus', { members: ['ada'] });
      await page.goto(crossSite);
      const u = couch.url;
      const login = await pageFetch(page, `${u}_session`, { method: 'POST', body: { name: 'ada', password: 'ada-pw' } });
      expectEq(login, { status: 200, body: { ok: true, name: 'ada', roles: [] } }, 'logging in from another site');
      expectEq(await context.cookies(u), [], 'no cookie kept');
      expectEq((await pageFetch(page, `${u}_session`)).body.userCtx.name, null, 'still anonymous');
      expectEq((await pageFetch(page, `${u}corpus`)).status, 401, 'the members-only database');

      // Only another origin allowed: the page's preflights fail.
      await couch.request('PUT', '_config/cors/origins', 'http://127.0.0.1:1');
      const blocked = await pageFetch(page, `${u}_session`, { method: 'POST', body: { name: 'ada', password: 'ada-pw' } });
      expect(/TypeError/.test(blocked.error), `an origin not listed: ${JSON.stringify(blocked)}`);
      // Credentials not allowed: Allow-Origin: * and fetch with credentials fails.
      await couch.request('PUT', '_config/cors/origins', '*');
      await couch.request('PUT', '_config/cors/credentials', 'false');
      expect(/TypeError/.test((await pageFetch(page, `${u}_session`)).error), 'cors.credentials false');
    } finally {
      await couch.stop();
    }
  }, { ...opts, url: crossSite, allowConsoleErrors: /Failed to load resource|net::ERR_|blocked by CORS policy/ });

  await test('couch: conflicts and a long-poll, from the page', async ({ page }) => {
    const couch = await startCouch({ admin: ADMIN });
    try {
      await couch.createUser('ada', 'ada-pw');
      await couch.createDb('corpus');
      await couch.setSecurity('corpus', { members: ['ada'] });
      const { rev } = await couch.putDoc('corpus', { _id: 'doc', v: 1 });
      await couch.putDoc('corpus', { _id: 'doc', _rev: rev, v: 2 });
      // A second branch from 1-: a conflict, as replication between servers would leave it.
      const branch = await couch.request('POST', 'corpus/_bulk_docs', {
        new_edits: false,
        docs: [{ _id: 'doc', _rev: '2-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', v: 'a', _revisions: { start: 2, ids: ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', rev.slice(2)] } }],
      });
      expectEq([branch.status, branch.body], [201, []], 'new_edits: false');

      await page.goto(originUrl);
      const u = couch.url;
      await pageFetch(page, `${u}_session`, { method: 'POST', body: { name: 'ada', password: 'ada-pw' } });
      const doc = await pageFetch(page, `${u}corpus/doc?conflicts=true`);
      expectEq(doc.body._conflicts?.length, 1, `one conflict: ${JSON.stringify(doc.body)}`);
      const loser = doc.body._conflicts[0];
      const old = await pageFetch(page, `${u}corpus/doc?rev=${loser}`);
      expectEq(old.body._rev, loser, 'GET ?rev= of the losing revision');
      const del = await pageFetch(page, `${u}corpus/doc?rev=${loser}`, { method: 'DELETE' });
      expectEq([del.status, del.body.ok], [200, true], 'deleting the losing revision');
      const clean = await pageFetch(page, `${u}corpus/doc?conflicts=true`);
      expectEq(clean.body._conflicts, undefined, 'no conflict left');

      // The long-poll: nothing new, so it waits; a write from elsewhere ends it.
      const since = (await couch.request('GET', 'corpus')).body.update_seq;
      const poll = pageFetch(page, `${u}corpus/_changes?feed=longpoll&since=${since}&include_docs=true&conflicts=true&timeout=60000`);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await couch.putDoc('corpus', { _id: 'late', v: 1 });
      const changes = await poll;
      expectEq([changes.status, changes.body.results.map((r) => r.id), typeof changes.body.last_seq], [200, ['late'], 'number'], 'the long-poll answer');
    } finally {
      await couch.stop();
    }
  }, opts);

  await test('proxy: each mode, as the page sees it', async ({ page }) => {
    const couch = await startCouch({ admin: ADMIN });
    const proxy = await startProxy(couch.url);
    try {
      await couch.createUser('ada', 'ada-pw');
      await couch.createDb('corpus');
      await couch.setSecurity('corpus', { members: ['ada'] });
      await couch.putDoc('corpus', { _id: 'a', span: { start: 1, end: 4 }, n: 2 });
      await page.goto(originUrl);
      const p = proxy.url;
      // The session through the proxy: Set-Cookie and CORS pass.
      const login = await pageFetch(page, `${p}_session`, { method: 'POST', body: { name: 'ada', password: 'ada-pw' } });
      expectEq(login.status, 200, 'logging in through the proxy');
      expectEq((await pageFetch(page, `${p}_session`)).body.userCtx.name, 'ada', 'the session through the proxy');
      const read = () => pageFetch(page, `${p}corpus/a`);
      expectEq((await read()).body.span, { start: 1, end: 4 }, 'pass');

      await proxy.setMode('delay', 800);
      const t0 = Date.now();
      expectEq((await read()).status, 200, 'delay');
      expect(Date.now() - t0 >= 800, `delay: answered after ${Date.now() - t0} ms`);

      await proxy.setMode('truncate');
      const cut = await read();
      expect(cut.status === 200 && cut.parseError, `truncate: a 200 that does not parse, got ${JSON.stringify(cut)}`);

      await proxy.setMode('cut');
      expect((await read()).error, 'cut: fetch fails');

      await proxy.setMode('corrupt');
      const bad = await read();
      expect(bad.status === 200 && bad.parseError, `corrupt: got ${JSON.stringify(bad)}`);

      await proxy.setMode('wrongtypes');
      const odd = await read();
      expectEq([odd.body.n, odd.body.span.start > odd.body.span.end], ['2', true], 'wrongtypes');

      await proxy.setMode('error500');
      expectEq((await read()).status, 500, 'error500 (readable cross-origin)');

      await proxy.setMode('down');
      expect((await read()).error, 'down: fetch fails');
      await proxy.setMode('reset');
      expect((await read()).error, 'reset: fetch fails');

      await proxy.setMode('truncate', { match: (req) => req.url.includes('/_changes') });
      expectEq((await read()).body.n, 2, 'a mode limited by match leaves other requests alone');
      expect((await pageFetch(page, `${p}corpus/_changes`)).parseError, 'and applies to those it matches');

      await proxy.setMode('pass');
      expectEq((await read()).body.n, 2, 'pass again');
    } finally {
      await proxy.stop();
      await couch.stop();
    }
  }, opts);

  await test('proxy: a long-poll through it lasts 26 s and still gets its change', async ({ page }) => {
    const couch = await startCouch({ admin: ADMIN });
    const proxy = await startProxy(couch.url);
    try {
      await couch.createDb('corpus');
      await page.goto(originUrl);
      const since = (await couch.request('GET', 'corpus')).body.update_seq;
      const poll = pageFetch(page, `${proxy.url}corpus/_changes?feed=longpoll&since=${since}&timeout=60000`);
      await new Promise((resolve) => setTimeout(resolve, 26_000));
      await couch.putDoc('corpus', { _id: 'late' });
      const changes = await poll;
      expectEq([changes.status, changes.body.results?.map((r) => r.id)], [200, ['late']], `the long-poll: ${JSON.stringify(changes)}`);
    } finally {
      await proxy.stop();
      await couch.stop();
    }
  }, opts);
}

/** Bo logs in from a second page of his own context and reads corpus/a: the { status, body }. */
async function browserContextFetch(context, page, u, name, password) {
  const browser = context.browser();
  const other = await browser.newContext();
  try {
    const p = await other.newPage();
    await p.goto(page.url());
    await pageFetch(p, `${u}_session`, { method: 'POST', body: { name, password } });
    return await pageFetch(p, `${u}corpus/a`);
  } finally {
    await other.close();
  }
}
