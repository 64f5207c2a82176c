// A CouchDB stand-in for the sync tests: pouchdb-server 4.2.0 (npm, a devDependency) on a free
// 127.0.0.1 port, in a temporary folder of its own that stop() removes.
//
//   const couch = await startCouch({ admin: { name: 'root', password: 'root-pw' } });
//   await couch.createUser('ada', 'ada-pw');
//   await couch.createDb('corpus');
//   await couch.setSecurity('corpus', { members: ['ada'] });
//   ... the page talks to couch.url ...
//   await couch.stop();
//
// Every server started here is registered until stopped: stopAllCouches() (the runner calls it
// in its finally, after a test threw or the run stopped) kills what is left and removes the
// folders; a process 'exit' hook kills them too if even that was skipped.
//
// WHAT THIS pouchdb-server DOES (checked on Node 20.20 with fetch from Node and from a page in
// Debian's Chromium on another 127.0.0.1 port, tests/e2e/couch_infra.test.mjs; it is modelled on
// CouchDB 1.x/2.x, so differences from CouchDB 3.x are marked "CouchDB 3:")
//
// Storage and restart
// - Default here: on disk (LevelDB, `--dir <tmp>/data`). restart() stops the process and starts
//   it again on the SAME port and folder: databases, documents, _security, users and admins
//   survive, and so do cookie sessions, because startCouch writes a fixed
//   couch_httpd_auth.secret into config.json (without one pouchdb-server makes a new secret at
//   every start and every AuthSession cookie becomes anonymous after a restart, no error).
// - { inMemory: true } (`--in-memory`): a restart loses every database, document and user
//   (_users is in memory too); the admins survive (they live in config.json in the folder),
//   so after a restart the admin can log in but the users cannot.
// - It writes config.json and log.txt into its working directory (the temporary folder).
//
// CORS (no configuration needed: the defaults are httpd.enable_cors = true, cors.origins = *,
// cors.credentials = true)
// - Preflight OPTIONS with Origin + Access-Control-Request-Method: PUT +
//   Access-Control-Request-Headers: content-type -> 204 with
//   Access-Control-Allow-Origin: <the request's Origin, echoed, not *>,
//   Access-Control-Allow-Credentials: true,
//   Access-Control-Allow-Methods: GET,HEAD,POST,PUT,DELETE,COPY,
//   Access-Control-Allow-Headers: accept,accept-language,content-language,content-type,
//   authorization,origin,referer. No Access-Control-Max-Age, no Vary: Origin, no
//   Access-Control-Expose-Headers. An OPTIONS without Origin is routed as a normal request
//   (404 {"error":"not_found","reason":"no_db_file"} for a missing db).
// - Every response to a request with an Origin carries the same Allow-Origin (echoed) and
//   Allow-Credentials: true, errors (401, 404, 409, 412) included, so a page can read them.
// - The config is live and kept in config.json: PUT /_config/cors/origins "http://other:1" ->
//   a preflight from any other origin gets 404 without CORS headers (the page: TypeError:
//   Failed to fetch); PUT /_config/cors/credentials "false" -> Allow-Origin: * and no
//   Allow-Credentials, so every fetch with credentials: 'include' fails (Failed to fetch).
//   Chromium's console then says "Access to fetch at '...' from origin '...' has been blocked by
//   CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
//   and "... The value of the 'Access-Control-Allow-Origin' header in the response must not be
//   the wildcard '*' when the request's credentials mode is 'include'." respectively.
// - CouchDB 3: [chttpd] enable_cors = true, [cors] origins = http://app-origin (or *),
//   credentials = true, methods/headers as needed; with credentials, origins = * is not allowed
//   by browsers, CouchDB 3 echoes the origin only when it is listed. Test against a real
//   CouchDB 3 before relying on a wildcard.
//
// Content type
// - JSON bodies come as Content-Type: application/json only when the request says
//   Accept: application/json; otherwise text/plain; charset=utf-8 (same JSON text). CouchDB 3
//   does the same. Bodies sent without Content-Type: application/json are not parsed (a PUT of a
//   document then stores an empty document).
//
// Admins, users and sessions
// - A fresh server is an "admin party": anonymous requests are admin
//   (GET /_session -> {"ok":true,"userCtx":{"name":null,"roles":["_admin"]},...}).
// - PUT /_config/admins/NAME with body "password" (a JSON string) -> 200 "" (an empty JSON
//   string); the hash is written into config.json. From then on anonymous is not admin:
//   GET /_session -> userCtx {"name":null,"roles":[]}; GET /_config/admins -> 401
//   {"error":"unauthorized","reason":"You are not a server admin."}.
// - BUT a database without a _security object stays readable and writable by anyone, anonymous
//   included (GET /db -> 200). CouchDB 3 creates databases admin-only by default. So always
//   setSecurity() the databases a test uses.
// - Users: PUT /_users/org.couchdb.user:NAME {"name","password","roles":[],"type":"user"} ->
//   201 {"ok":true,"id":"org.couchdb.user:NAME","rev":"1-..."}; allowed anonymously too
//   (public sign-up, as in CouchDB).
// - POST /_session {"name","password"} (application/json) -> 200
//   {"ok":true,"name":"ada","roles":[]} with Set-Cookie: AuthSession=...; Path=/; HttpOnly (no
//   SameSite, no Max-Age: a session cookie; Chromium treats it as SameSite=Lax). Every later
//   response to a request carrying a valid cookie sets it again (same value within a session).
// - Chromium (Debian's 156, headless, playwright-core) with the page on 127.0.0.1:A and the
//   server on 127.0.0.1:B (cross-origin but SAME-SITE: a site ignores the port) and
//   fetch(..., { credentials: 'include' }): the login's cookie is stored (domain 127.0.0.1,
//   SameSite Lax as Chromium defaults it) and sent with every later request, preflighted PUTs
//   and long-polls included. With the page on localhost:A and the server on 127.0.0.1:B (or
//   the other way round: CROSS-SITE) the login answers 200 {"ok":true,...} but Chromium does
//   not store the cookie (a Lax cookie set by a cross-site fetch), so every later request is
//   anonymous (GET /_session -> name null; a members-only db -> 401). The app and the server
//   must be same-site, or the server must send SameSite=None; Secure (HTTPS; CouchDB 3:
//   [couch_httpd_auth] same_site = none), or the app must use Basic auth instead.
// - Wrong password, or unknown user -> 401 {"error":"unauthorized","reason":"Name or password
//   is incorrect."}; no WWW-Authenticate header. Basic auth with a wrong password on any path ->
//   the same 401.
// - GET /_session with the cookie -> {"ok":true,"userCtx":{"name":"ada","roles":[]},"info":
//   {"authentication_handlers":["cookie","default"],"authentication_db":"_users",
//   "authenticated":"cookie"}}; with Basic auth "authenticated":"default"; an invalid or garbage
//   cookie is simply anonymous (200, name null), not an error.
// - DELETE /_session -> 200 {"ok":true} with Set-Cookie: AuthSession=; Expires=1970 (the
//   browser drops it). The old cookie value stays valid if sent again (stateless HMAC, as in
//   CouchDB): logging out is the browser forgetting it.
// - A non-admin reading someone else's _users document -> 500 {"error":"bad_request","reason":
//   "Cannot read properties of undefined (reading 'getSecurity')"} (a bug; CouchDB 3: 404/403).
//
// Database security (_security members)
// - PUT /db/_security {"members":{"names":["ada"],"roles":[]},"admins":{...}} as admin -> 200
//   {"ok":true}. Then a non-member (logged in or anonymous) gets 401
//   {"error":"unauthorized","reason":"You are not authorized to access this db."} for GET /db,
//   GET /db/doc, PUT /db/doc, GET /db/_changes. CouchDB 3: 401 for anonymous but 403
//   {"error":"forbidden","reason":"You are not allowed to access this db."} for a logged-in
//   non-member: treat 401 and 403 alike.
// - POST /db/_bulk_docs by a non-member -> 201 with a per-document
//   [{"id":"x","error":"unauthorized","reason":"You are not authorized to access this db."}]
//   (CouchDB 3 rejects the whole request with 401/403): check every item of a _bulk_docs answer.
//
// Databases
// - PUT /db as admin -> 201 {"ok":true} (Location header); again -> 412
//   {"error":"file_exists","reason":"The database could not be created."}.
// - GET /missing -> 404 {"error":"not_found","reason":"no_db_file"} (CouchDB 3:
//   {"error":"not_found","reason":"Database does not exist."}): check the status, not the reason.
// - PUT /db by a NON-ADMIN (anonymous after the admin party, or a logged-in user): the bare
//   pouchdb-server CRASHES, the whole process ("TypeError: db.info is not a function" in
//   express-pouchdb's routes/db.js; the request gets a closed socket). So startCouch runs it
//   through tests/e2e/pouchdb-server.cjs, which fixes only that: the answer is then 401
//   {"error":"unauthorized","reason":"You are not authorized to access this db."} and no
//   database is made (CouchDB 3: 401 {"error":"unauthorized","reason":"You are not a server
//   admin."}). Should the server die anyway, couch.exited says so and every helper fails
//   saying it.
//
// Documents, revisions, conflicts
// - PUT /db/doc with a stale _rev, or without _rev for an existing doc -> 409
//   {"error":"conflict","reason":"Document update conflict"}.
// - POST /db/_bulk_docs {"docs":[stale, new]} -> 201 [{"id":"doc","error":"conflict","reason":
//   "Document update conflict"},{"ok":true,"id":"other","rev":"1-..."}].
// - POST /db/_bulk_docs {"new_edits":false,"docs":[{"_id":"doc","_rev":"2-aaa...",...}]} -> 201 []
//   (with or without _revisions); afterwards GET /db/doc?conflicts=true -> the winner (highest
//   rev, as in CouchDB) with "_conflicts":["2-...","2-..."]; ?open_revs=all -> [{"ok":doc},...];
//   GET /db/doc?rev=2-aaa... -> that revision; an unknown rev -> 404 {"error":"not_found",
//   "reason":"missing"}. DELETE /db/doc?rev=<losing rev> -> 200 {"ok":true,"id":"doc",
//   "rev":"3-..."} and that rev leaves _conflicts. _all_docs?include_docs=true&conflicts=true
//   and _changes?include_docs=true&conflicts=true include _conflicts as well.
// - Deleted docs: GET -> 404 {"error":"not_found","reason":"missing"} (CouchDB 3: "deleted");
//   in _changes as {"id","changes":[...],"deleted":true,"seq":N}.
// - GET of a document: a weak Express ETag (W/"3e-..."; CouchDB 3: the strong "<rev>") and
//   If-None-Match with it -> 304. Chromium revalidates a GET it has cached this way, so the page
//   sees 200 and the cached body; a proxy that rewrites bodies must drop If-None-Match.
// - _local/ID documents: PUT -> 201 {"ok":true,"id":"_local/cp","rev":"0-1"}, GET works, not
//   in _changes.
//
// _changes
// - Sequences are integers (update_seq 3, last_seq 9). CouchDB 3's are opaque strings
//   ("9-g1AAAA..."): store and send back whatever came, never compare or do arithmetic.
// - Normal: {"results":[{"id","changes":[{"rev"}],"doc"?,"seq"}],"last_seq":N}, each doc once
//   at its latest seq.
// - feed=longpoll with since < update_seq answers at once like normal. With nothing new it
//   IGNORES timeout=: it sends `{"results":[\n` at once, then a "\n" heartbeat every 6 s, and
//   finishes only when a change comes: `{"results":[\n{...one change...}],\n"last_seq":N}`
//   (one change per answer). A client must abort a longpoll itself after its own timeout
//   (CouchDB 3 ends it after timeout= ms with {"results":[],"last_seq":...}). Works
//   cross-origin with credentials (chunked, CORS headers sent with the first byte).
// - Also answer as in CouchDB (looked at, not tested in depth): POST _revs_diff, POST _bulk_get,
//   POST _changes, limit=. since=now with feed=longpoll waits (forever, as above).
//
// Process
// - SIGTERM ends it; it starts no processes of its own and listens on the given port of
//   127.0.0.1 only (`--host 127.0.0.1`; checked with ss). Started from `node` directly (not the
//   .bin shim), so the pid is the server's. It needs no network.
// - npm: pouchdb-server 4.2.0 installs 352 packages; leveldown (LevelDB, the on-disk store) comes
//   with prebuilt binaries; sqlite3 (optional, only for --sqlite) is compiled from source when
//   no prebuilt one can be downloaded, and skipped if that fails.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// pouchdb-server's own bin, through the one-line fix described above.
const SERVER_JS = path.join(here, 'pouchdb-server.cjs');
const PACKAGE = path.resolve(here, '..', '..', 'node_modules', 'pouchdb-server', 'package.json');

/** Servers started and not yet stopped: stopAllCouches() ends them. */
const live = new Set();

/** A port that nothing listens on right now (the server binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Start pouchdb-server on 127.0.0.1. options:
 *   admin     { name, password }: made a server admin (ends the admin party); the helpers then
 *             use it (Basic auth). Without it every anonymous request is admin.
 *   inMemory  true: `--in-memory` (restart() loses the data, see above); default on disk.
 *   port      a fixed port (default: a free one).
 * Returns { url (with a trailing /), port, dir, restart(), stop(), exited, output(),
 *   request(), createUser(), createDb(), setSecurity(), login(), putDoc(), getDoc() }.
 */
export async function startCouch({ admin, inMemory = false, port } = {}) {
  if (!fs.existsSync(PACKAGE)) throw new Error('node_modules/pouchdb-server is missing: run npm ci (scripts/setup.sh)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-couch-'));
  // A fixed secret keeps AuthSession cookies valid across restart(); the log goes to the folder.
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      couch_httpd_auth: { secret: crypto.randomBytes(16).toString('hex') },
      log: { file: './log.txt', level: 'info' },
    }),
  );
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const args = [SERVER_JS, '--port', String(port), '--host', '127.0.0.1', '--no-stdout-logs', '--no-color'];
  args.push(...(inMemory ? ['--in-memory'] : ['--dir', path.join(dir, 'data')]));
  const adminAuth = admin ? basicAuth(admin.name, admin.password) : undefined;

  let child = null;
  let out = '';
  const couch = {
    url,
    port,
    dir,
    /** null while running; the exit code or signal once the process ended unasked. */
    exited: null,
    /** The last 4 KB of the server's stdout and stderr. */
    output: () => out,
    restart,
    /** Stop the process (the port closes, the folder stays) and start it again. */
    pause: () => kill(),
    resume: () => launch(),
    stop,
    request,
    createUser,
    createDb,
    setSecurity,
    login,
    putDoc,
    getDoc,
  };

  async function launch() {
    couch.exited = null;
    child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => {
      out = (out + chunk).slice(-4096);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const me = child;
    child.on('exit', (code, signal) => {
      if (child === me && !me.stopping) couch.exited = code ?? signal;
    });
    // Wait until it answers (or died: a taken port, a missing module).
    for (const end = Date.now() + 15_000; ; ) {
      if (couch.exited !== null) throw new Error(`pouchdb-server exited (${couch.exited}) on start:\n${out}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (res.ok) {
          await res.text();
          break;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > end) throw new Error(`pouchdb-server did not answer at ${url} within 15 s:\n${out}`);
      await sleep(100);
    }
  }

  async function kill() {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.stopping = true;
    const gone = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }

  /** Stop the process and start it again on the same port and folder (see the notes above). */
  async function restart() {
    await kill();
    await launch();
  }

  /** Kill the process and remove its folder. Safe to call twice. */
  async function stop() {
    live.delete(couch);
    await kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  /**
   * An HTTP request to the server from node: request(method, path, body?, { auth, cookie,
   * headers }) → { status, headers, body } (body parsed as JSON when it is JSON). auth:
   * 'admin' (the default, when there is an admin), null (anonymous) or [name, password].
   */
  async function request(method, pathname, body, { auth = 'admin', cookie, headers = {} } = {}) {
    if (couch.exited !== null) throw new Error(`pouchdb-server is not running (exited: ${couch.exited}):\n${out}`);
    const h = { accept: 'application/json', ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (auth === 'admin' && adminAuth) h.authorization = adminAuth;
    else if (Array.isArray(auth)) h.authorization = basicAuth(...auth);
    if (cookie) h.cookie = cookie;
    let res;
    try {
      res = await fetch(new URL(pathname.replace(/^\//, ''), url), {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      // A crash: let the exit and its stack trace arrive.
      for (let i = 0; i < 10 && couch.exited === null; i++) await sleep(50);
      if (couch.exited !== null) throw new Error(`pouchdb-server died on ${method} ${pathname}:\n${out}`);
      throw e;
    }
    const text = await res.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  async function expectStatus(what, promise, ...ok) {
    const res = await promise;
    if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** A user in _users (roles default to none). */
  function createUser(name, password, roles = []) {
    return expectStatus(
      `create user ${name}`,
      request('PUT', `_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`, { name, password, roles, type: 'user' }),
      201,
    );
  }

  /** A new database (as the admin). */
  function createDb(name) {
    return expectStatus(`create db ${name}`, request('PUT', encodeURIComponent(name)), 201);
  }

  /** The database's _security: members and admins by name (no roles). */
  function setSecurity(db, { members = [], admins = [] } = {}) {
    return expectStatus(
      `_security of ${db}`,
      request('PUT', `${encodeURIComponent(db)}/_security`, {
        members: { names: members, roles: [] },
        admins: { names: admins, roles: [] },
      }),
      200,
    );
  }

  /** POST /_session from node: the `AuthSession=...` cookie (for request(..., { cookie })). */
  async function login(name, password) {
    const res = await request('POST', '_session', { name, password }, { auth: null });
    if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.headers.get('set-cookie').split(';')[0];
  }

  /** PUT a document (as the admin); returns { ok, id, rev }. */
  function putDoc(db, doc) {
    return expectStatus(
      `put ${db}/${doc._id}`,
      request('PUT', `${encodeURIComponent(db)}/${encodeURIComponent(doc._id)}`, doc),
      201,
    );
  }

  /** GET a document (as the admin): the response { status, body }; query e.g. '?conflicts=true'. */
  function getDoc(db, id, query = '') {
    return request('GET', `${encodeURIComponent(db)}/${encodeURIComponent(id)}${query}`);
  }

  // For the process 'exit' hook: synchronous, no waiting.
  couch.stopNow = () => {
    if (child) {
      child.stopping = true;
      child.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  live.add(couch);
  try {
    await launch();
    if (admin) {
      await expectStatus(
        'create admin',
        request('PUT', `_config/admins/${encodeURIComponent(admin.name)}`, admin.password, { auth: null }),
        200,
      );
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return couch;
}

function basicAuth(name, password) {
  return `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
}

/** Stop every server still running and remove its folder (the runner calls it at the end). */
export async function stopAllCouches() {
  await Promise.all([...live].map((couch) => couch.stop()));
}

// Last resort (the runner exited without stopAllCouches: process.exit in a test, Ctrl-C, a
// `timeout` around the run): kill the children at once and remove the folders. On a signal the
// signal then does what it would have done (playwright's own handler closes the browser).
function stopAllNow() {
  for (const couch of live) {
    try {
      couch.stopNow();
    } catch {
      // best effort
    }
  }
  live.clear();
}
process.on('exit', stopAllNow);
// playwright-core's own handlers close the browser, but on SIGTERM and SIGHUP do not exit: the
// run would go on against a closed browser, so it ends 2 s later (time for that closing).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, function onSignal() {
    stopAllNow();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    else setTimeout(() => process.exit(128 + os.constants.signals[signal]), 2000).unref();
  });
}
