//! Sync through a CouchDB server, the browser half. The loop (sign in, pull the server's
//! changes, wait until the app has merged them, send this replica's, long-poll, back off, the
//! network coming and going) is a few functions of JavaScript, as `idb.rs` is (smaller than
//! Rust futures over web-sys bindings); every decision and every byte the server sends goes
//! through Rust, one operation at a time ([`Sync::op`]): what to merge and to send is
//! `storage::couch`, and each change merged goes through the reducer as another tab's does.
//!
//! What is recorded (the server, the user, the revisions synced) is kept in local storage
//! under `marginalia-sync`; never the password: signing in gives a cookie session
//! (`POST /_session`) that the browser keeps.

use std::cell::RefCell;
use std::rc::Rc;

use crate::codec::json_in::from_str;
use crate::codec::json_value::Value;
use wasm_bindgen::prelude::*;
use yew::Callback;

use super::persistence::{Persist, SharedPersist};
use crate::app::state::{Action, NoticeKind, SyncCommand, SyncStatus, SyncView};
use crate::codec::json_out::JsonWriter;
use crate::model::{Corpus, DocId};
use crate::storage::couch::{changes, row, Book, Outgoing, Replica, Row};
use crate::storage::merge::RemoteChange;
use crate::storage::schema::{LabelIdSet, Tombstones};

#[wasm_bindgen(inline_js = r#"
const LIMIT = 64 * 1024 * 1024;
// Documents read at a time from the changes feed (fewer when they are large): each page is
// merged and drawn before the next is read, so a first sync spreads the app's work over the
// pull instead of one long task after it (bench/RESULTS.md, "Sync through CouchDB").
const PAGE = 20;
const LARGE = 'large';
// Rust's operations (dom/sync.rs, Sync::op).
const STATUS = 0, BOOK = 1, SINCE = 2, ROWS = 3, MERGE = 4, MARK = 5, OUT = 6, SENT = 7, DONE = 8, OFF = 9, RETRY = 10, RELOAD = 11;
const said = (why) => ({ why });
const explain = (s) =>
  s === 401 ? 'not signed in, or the session has ended: sign in again in the Sync dialog'
  : s === 403 ? 'this user has no access to the database'
  : s === 404 ? 'there is no such database'
  : 'the server answered ' + s;

export function couch_engine(rust) {
  // rust(op, arg), where an answer starting with '!' is a failure to tell.
  const r = (op, arg = '') => {
    const answer = rust(op, arg);
    if (answer.startsWith('!')) throw said(answer.slice(1));
    return answer;
  };
  // The loop's state, in locals (shorter than properties once minified); `e` is what Rust calls.
  let gen = 0, stop = new AbortController(), wake = new AbortController(), kicked = false;
  let applied = null, db = '', root = '', name = '', page = PAGE;
  const e = {};
  const status = (kind, detail = '') => rust(STATUS, kind + '\n' + detail);
  e.done = () => applied?.();
  // An edit here: sent once the typing pauses, so a round's work never lands between the
  // keys of a burst (each round reads and writes the article's whole document).
  let soon = 0;
  e.soon = () => {
    clearTimeout(soon);
    soon = setTimeout(e.kick, 400);
  };
  e.kick = () => {
    kicked = true;
    wake.abort();
    wake = new AbortController();
  };
  addEventListener('online', e.kick);
  addEventListener('offline', e.kick);
  const halt = () => {
    gen++;
    stop.abort();
    stop = new AbortController();
    e.kick();
    applied?.();
    return gen;
  };
  const sleep = (ms) => new Promise((done) => {
    const signal = wake.signal;
    if (signal.aborted) return done();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); done(); });
  });
  // What comes in gives way to the person: each step of merging it waits until they pause (no
  // key or pointer for 300 ms; a batch of rows waits 1.5 s at most in all), then for the
  // browser to be idle after a frame, so their edits are drawn first and no step lands
  // between a key and its frame.
  let input = -1e4;
  for (const t of ['keydown', 'pointerdown']) addEventListener(t, () => (input = performance.now()), { capture: true, passive: true });
  const idle = self.requestIdleCallback ?? ((f) => setTimeout(f, 1));
  const pause = async (g, until) => {
    for (;;) {
      const now = performance.now(), wait = Math.min(input + 300, until) - now;
      if (wait <= 0) break;
      await sleep(wait);
    }
    await new Promise((done) => idle(done, { timeout: 100 }));
    if (g !== gen) throw 'stopped';
  };
  // [status, text] of a request of loop g; throws 'stopped', 'offline' or {why}.
  const call = async (g, method, url, body) => {
    let answer, text;
    try {
      const headers = { Accept: 'application/json' };
      if (body != null) headers['Content-Type'] = 'application/json';
      answer = await fetch(url, { method, body: body ?? undefined, headers, credentials: 'include',
        cache: 'no-store', signal: stop.signal });
      if (Number(answer.headers.get('Content-Length') || 0) > LIMIT) throw 0;
      text = await answer.text();
    } catch (x) {
      if (g !== gen || x?.name === 'AbortError') throw 'stopped';
      if (x === 0) throw LARGE;
      if (!navigator.onLine) throw 'offline';
      const opaque = await fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' })
        .then(() => true, () => false);
      throw said(opaque
        ? 'the server does not allow this page to connect (CORS): add this page\u2019s address to its allowed origins'
        : 'the server cannot be reached');
    }
    if (g !== gen) throw 'stopped';
    if (text.length > LIMIT) throw LARGE;
    return [answer.status, text];
  };
  const ok = async (g, method, url, body) => {
    const [s, text] = await call(g, method, url, body);
    if (s < 200 || s > 299) throw said(explain(s));
    return text;
  };
  const parse = (text) => {
    try {
      return JSON.parse(text);
    } catch {}
  };
  // The revisions this device wrote ("id rev"): they come back in the changes feed, and are
  // not read again (each is an article's whole document).
  const mine = new Set();
  const docs = (g, ids) =>
    ok(g, 'POST', db + '/_all_docs?include_docs=true&conflicts=true', JSON.stringify({ keys: ids }));
  // Rows to Rust (kind c: _changes, f: documents asked for, o: a conflicting version), with
  // the texts and conflicting versions they need; then merged, applied, and back once drawn.
  const take = async (g, kind, text) => {
    const until = performance.now() + 1500;
    const step = async (op, arg) => {
      await pause(g, until);
      return r(op, arg);
    };
    const need = JSON.parse(await step(ROWS, kind + text));
    if (need.texts.length) await step(ROWS, 't' + await docs(g, need.texts));
    for (const [id, rev] of need.revs) {
      await step(ROWS, 'o' + await ok(g, 'GET', db + '/' + encodeURIComponent(id) + '?rev=' + encodeURIComponent(rev)));
    }
    if (await step(MERGE) === '1') {
      await pause(g, until);
      const ready = new Promise((done) => (applied = done));
      r(MARK);
      await ready;
      applied = null;
      if (g !== gen) throw 'stopped';
    }
  };
  const round = async (g) => {
    for (;;) {
      const since = r(SINCE);
      let text;
      try {
        // The feed without the documents, then the documents others wrote, with the
        // sequence read up to: an answer as Rust reads the feed's. A document is passed over
        // only when every leaf revision the feed lists is this device's (a conflicting one
        // from a replication is read, with its _conflicts).
        text = await ok(g, 'GET', db + '/_changes?style=all_docs&limit=' + page + '&since=' + encodeURIComponent(since));
        const feed = parse(text);
        if (Array.isArray(feed?.results)) {
          const ids = feed.results
            .filter((c) => !(Array.isArray(c?.changes) && c.changes.length && c.changes.every((x) => mine.has(c.id + ' ' + x?.rev))))
            .map((c) => c?.id);
          text = (ids.length ? (await docs(g, ids)).replace(/}\s*$/, ',') : '{"rows":[],')
            + '"last_seq":' + JSON.stringify(feed.last_seq ?? null) + '}';
        }
      } catch (x) {
        // Large documents: fewer at a time, down to one.
        if (x !== LARGE || page === 1) throw x === LARGE ? said('the server sent more than 64 MB at once') : x;
        page = Math.max(1, page >> 2);
        continue;
      }
      await take(g, 'c', text);
      if (r(SINCE, '=') === since) break;
    }
    mine.clear();
    // Documents that could not be used when read: read again, once a round.
    const again = r(RETRY);
    if (again) await take(g, 'f', await docs(g, JSON.parse(again)));
    for (let i = 0; i < 8; i++) {
      const out = r(OUT);
      if (out === '') return r(DONE) === '';
      if (out[0] === 'F') {
        await take(g, 'f', await docs(g, JSON.parse(out.slice(1))));
        continue;
      }
      const sent = await ok(g, 'POST', db + '/_bulk_docs', out.slice(1));
      const revs = parse(sent);
      if (Array.isArray(revs)) for (const w of revs) if (w?.ok) mine.add(w.id + ' ' + w.rev);
      const refetch = JSON.parse(r(SENT, sent));
      if (refetch.length) await take(g, 'f', await docs(g, refetch));
    }
    // Others kept writing the same documents: another round at once, not "Synced".
    kicked = true;
    return false;
  };
  const fail = (x) => {
    if (x === 'stopped') return;
    if (x === LARGE) x = said('the server sent more than 64 MB at once');
    if (x === 'offline') status('offline');
    else status('error', x?.why ?? String(x));
  };
  const loop = async (g) => {
    let failures = 0;
    while (g === gen) {
      kicked = false;
      let good = false;
      try {
        if (!navigator.onLine) throw 'offline';
        // "Syncing…" only for a round that takes a while: a quick one (an edit sent) leaves
        // the header as it is, and the page is not drawn again for it.
        const slow = setTimeout(() => status('syncing'), 1000);
        let done;
        try {
          done = await round(g);
        } finally {
          clearTimeout(slow);
        }
        failures = 0;
        good = true;
        status(done ? 'synced' : 'syncing');
      } catch (x) {
        if (x === 'stopped' || g !== gen) return;
        failures++;
        fail(x);
      }
      if (g !== gen) return;
      if (kicked) continue;
      if (!good) {
        // Again after 2, 4, 8 … 60 s, or at once on Sync now, an edit, the network back.
        await sleep(Math.min(60000, 1000 * 2 ** Math.min(failures, 6)));
        continue;
      }
      // Live: wait for the server's next change, or a change here (which aborts the wait).
      // The answer ends with a change or after the server's timeout; a server that ignores
      // timeout= is cut off here a little later.
      const url = db + '/_changes?feed=longpoll&limit=1&timeout=25000&since=' + encodeURIComponent(r(SINCE));
      const poll = wake;
      const timer = setTimeout(() => {
        if (wake === poll) wake = new AbortController();
        poll.abort();
      }, 30000);
      const s = await fetch(url, { credentials: 'include', cache: 'no-store', signal: poll.signal,
        headers: { Accept: 'application/json' } })
        .then((a) => a.text().then(() => a.status))
        .catch((x) => (x?.name === 'AbortError' ? 200 : 0));
      clearTimeout(timer);
      if (s !== 200) await sleep(2000);
    }
  };
  // Sync with the database at `server`; `password` (with a user) signs in first.
  e.start = async (server, user, password, signIn) => {
    const g = halt();
    let url;
    try {
      url = new URL(server.trim());
    } catch {
      return status('error', 'the server address is not a URL (for example https://couch.example.org/newsroom)');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return status('error', 'the server address must start with http:// or https://');
    }
    if (url.username || url.password) {
      return status('error', 'put the user name and password in their own boxes, not in the address');
    }
    const path = url.pathname.replace(/\/+$/, '');
    const at = path.lastIndexOf('/');
    if (!/^[a-z][a-z0-9_$()+-]*$/.test(path.slice(at + 1))) {
      return status('error', 'the address must end with the database\u2019s name (lower-case letters, digits and _$()+-, starting with a letter)');
    }
    db = url.origin + path;
    root = url.origin + path.slice(0, at);
    name = user;
    if (signIn) {
      rust(BOOK, db + '\n' + user);
      status('syncing');
      try {
        if (user) {
          const [s] = await call(g, 'POST', root + '/_session', JSON.stringify({ name: user, password }));
          if (s === 401) throw said('wrong user name or password');
          if (s < 200 || s > 299) throw said(explain(s));
        }
        const [s] = await call(g, 'GET', db);
        if (s === 401 || s === 403) {
          throw said(user ? 'this user has no access to the database' : 'this database needs a user name and password');
        }
        if (s === 404) {
          const [c] = await call(g, 'PUT', db);
          if (c === 401 || c === 403) throw said('there is no such database, and this user may not create it');
          if ((c < 200 || c > 299) && c !== 412) throw said(explain(c));
        } else if (s < 200 || s > 299) throw said(explain(s));
      } catch (x) {
        return fail(x);
      }
    }
    // One tab of the browser syncs at a time (they share the corpus); the others wait their
    // turn, and take it over with the book as the last one left it.
    if (!navigator.locks) return loop(g);
    status('elsewhere');
    navigator.locks.request('marginalia-sync', async () => {
      if (g !== gen) return;
      if (rust(RELOAD, '') !== '1') return status('off');
      await loop(g);
    });
  };
  e.end = () => {
    halt();
    if (name) fetch(root + '/_session', { method: 'DELETE', credentials: 'include' }).catch(() => {});
    rust(OFF, '');
    status('off');
  };
  return e;
}

export function couch_start(e, server, user, password, signIn) {
  e.start(server, user, password, signIn);
}
export function couch_stop(e) {
  e.end();
}
export function couch_kick(e) {
  e.kick();
}
export function couch_soon(e) {
  e.soon();
}
export function couch_applied(e) {
  e.done();
}
"#)]
extern "C" {
    fn couch_engine(rust: &Closure<dyn FnMut(u32, String) -> String>) -> JsValue;
    fn couch_start(engine: &JsValue, server: &str, user: &str, password: &str, sign_in: bool);
    fn couch_stop(engine: &JsValue);
    fn couch_kick(engine: &JsValue);
    fn couch_soon(engine: &JsValue);
    fn couch_applied(engine: &JsValue);
}

const BOOK_KEY: &str = "marginalia-sync";

// The operations the loop asks of Rust (the constants of the JavaScript above).
const STATUS: u32 = 0;
const BOOK: u32 = 1;
const SINCE: u32 = 2;
const ROWS: u32 = 3;
const MERGE: u32 = 4;
const MARK: u32 = 5;
const OUT: u32 = 6;
const SENT: u32 = 7;
const DONE: u32 = 8;
const OFF: u32 = 9;
const RETRY: u32 = 10;
const RELOAD: u32 = 11;

struct Inner {
    replica: Option<Replica>,
    /// The app's corpus as last rendered, and whether a large one is still loading.
    corpus: Corpus,
    seen: bool,
    loading: bool,
    /// The loop was started (or resumed after a reload).
    running: bool,
    /// Marks sent to the reducer, and the last one the app has applied.
    marks_sent: u32,
    mark: u32,
    view: SyncView,
    /// Notices said in this session (each once).
    told: Vec<String>,
    /// Rows read and not merged yet: the server's, the versions in conflict with them, and
    /// whether they were asked for; the texts asked for them; where `_changes` read up to.
    rows: Vec<Row>,
    others: Vec<Row>,
    fetched: bool,
    asked: Vec<String>,
    since: Option<String>,
    /// Changes merged and not applied yet (applied a step later, so the merge and the drawing
    /// are two tasks), with the book as it was before them: stored if sync stops first.
    pulled: Option<(Book, Vec<RemoteChange>)>,
    /// The book changed with changes applied: stored once the app has saved them.
    book_due: bool,
    /// What is being sent.
    out: Option<Outgoing>,
}

/// The sync engine: the loop's JavaScript object and the state its operations work on.
#[derive(Clone)]
pub struct Sync {
    inner: Rc<RefCell<Inner>>,
    dispatch: Callback<Action>,
    engine: Rc<JsValue>,
    _ops: Rc<Closure<dyn FnMut(u32, String) -> String>>,
}

fn store_book(book: &Book) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(BOOK_KEY, &book.write());
    }
}

fn read_book() -> Option<Book> {
    let storage = web_sys::window()?.local_storage().ok()??;
    Book::read(&storage.get_item(BOOK_KEY).ok()??)
}

fn json_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut w = JsonWriter::compact();
    w.begin_array();
    for item in items {
        w.string(item);
    }
    w.end_array();
    w.finish()
}

impl Sync {
    pub fn new(persist: SharedPersist, dispatch: Callback<Action>) -> Self {
        let book = read_book();
        let view = SyncView {
            status: SyncStatus::Off,
            server: book.as_ref().map(|b| b.server.clone()).unwrap_or_default(),
            user: book.as_ref().map(|b| b.user.clone()).unwrap_or_default(),
        };
        dispatch.emit(Action::Sync(view.clone()));
        let inner = Rc::new(RefCell::new(Inner {
            replica: book.filter(|b| b.on).map(Replica::new),
            corpus: Corpus::default(),
            seen: false,
            loading: true,
            running: false,
            marks_sent: 0,
            mark: 0,
            view,
            told: Vec::new(),
            rows: Vec::new(),
            others: Vec::new(),
            fetched: false,
            asked: Vec::new(),
            since: None,
            pulled: None,
            book_due: false,
            out: None,
        }));
        let (state, tell) = (inner.clone(), dispatch.clone());
        let ops = Closure::new(move |op: u32, arg: String| {
            op_on(&mut state.borrow_mut(), &persist, &tell, op, arg)
        });
        let engine = couch_engine(&ops);
        Sync {
            inner,
            dispatch,
            engine: Rc::new(engine),
            _ops: Rc::new(ops),
        }
    }

    /// The app rendered `corpus` with `mark` applied; `loading`: a large corpus is still
    /// loading (nothing syncs until it has).
    pub fn changed(&self, corpus: Corpus, mark: u32, loading: bool) {
        let mut inner = self.inner.borrow_mut();
        let same = Rc::ptr_eq(inner.corpus.entries(), corpus.entries())
            && Rc::ptr_eq(inner.corpus.schema(), corpus.schema());
        let edited = inner.seen && !same && mark == inner.marks_sent && !loading;
        inner.corpus = corpus;
        inner.seen = true;
        inner.loading = loading;
        inner.mark = mark;
        let applied = mark == inner.marks_sent;
        let resume = !loading && !inner.running;
        let quiet = matches!(inner.view.status, SyncStatus::Synced | SyncStatus::Syncing);
        let due = applied && std::mem::take(&mut inner.book_due);
        let Some(replica) = inner.replica.as_mut() else {
            return;
        };
        let book = (replica.book.server.clone(), replica.book.user.clone());
        // The app has drawn the changes pulled: the revisions they came with are stored now,
        // never before. An article new here is saved by then (a change to the list of articles
        // is saved at once), so a book never names one this replica does not hold; a change to
        // an article already here is saved at the next save, and until then a reload only
        // reads and merges that version again.
        if due {
            store_book(&replica.book);
        }
        if edited {
            replica.book.waiting += 1;
            let waiting = replica.book.waiting;
            // Kept for a reload only where it shows: offline, or failing (a round that goes
            // well sets it back to none anyway).
            if !quiet {
                store_book(&replica.book);
            }
            if let SyncStatus::Offline(_) = inner.view.status {
                set_status(&mut inner, &self.dispatch, SyncStatus::Offline(waiting));
            }
        }
        // A sync that was on before the reload goes on once the corpus is here.
        inner.running |= resume;
        drop(inner);
        if applied {
            couch_applied(&self.engine);
        }
        if resume {
            couch_start(&self.engine, &book.0, &book.1, "", false);
        } else if edited {
            couch_soon(&self.engine);
        }
    }

    pub fn command(&self, command: SyncCommand) {
        match command {
            SyncCommand::Start {
                server,
                user,
                password,
            } => {
                self.inner.borrow_mut().running = true;
                couch_start(&self.engine, &server, &user, &password, true);
            }
            SyncCommand::Now => couch_kick(&self.engine),
            SyncCommand::Stop => couch_stop(&self.engine),
        }
    }
}

/// What this tab has deleted from a document (`Saver::deleted_now`), and from the labels.
fn deleted_of(persist: &Option<Persist>, corpus: &Corpus, id: &DocId) -> Tombstones {
    persist.as_ref().map_or_else(Tombstones::default, |p| {
        p.saver.deleted_now(id, corpus.entry(id).map(|e| &**e))
    })
}

fn labels_deleted(persist: &Option<Persist>) -> LabelIdSet {
    persist
        .as_ref()
        .map(|p| p.saver.deleted_labels())
        .unwrap_or_default()
}

/// Say `text` once in this session.
fn tell(inner: &mut Inner, dispatch: &Callback<Action>, kind: NoticeKind, text: String) {
    if !inner.told.contains(&text) {
        inner.told.push(text.clone());
        dispatch.emit(Action::Notify(kind, text));
    }
}

fn set_status(inner: &mut Inner, dispatch: &Callback<Action>, status: SyncStatus) {
    if inner.view.status != status {
        inner.view.status = status;
        dispatch.emit(Action::Sync(inner.view.clone()));
    }
}

/// One operation the loop asks for (see the constants); `!` starts a failure to say.
fn op_on(
    inner: &mut Inner,
    persist: &SharedPersist,
    dispatch: &Callback<Action>,
    op: u32,
    arg: String,
) -> String {
    if op == STATUS {
        let (kind, detail) = arg.split_once('\n').unwrap_or((&arg, ""));
        let waiting = inner.replica.as_ref().map_or(0, |r| r.book.waiting);
        let status = match kind {
            "syncing" => SyncStatus::Syncing,
            "synced" => SyncStatus::Synced,
            "offline" => SyncStatus::Offline(waiting),
            "off" => SyncStatus::Off,
            "elsewhere" => SyncStatus::Elsewhere,
            _ => SyncStatus::Error(detail.to_owned()),
        };
        set_status(inner, dispatch, status);
        return String::new();
    }
    // A loop starting (again): changes the last one merged and never applied are dropped, and
    // the replica in memory that recorded them with them (the stored book never has).
    let dropped = (op == RELOAD || op == BOOK) && inner.pulled.take().is_some();
    if op == RELOAD {
        // This tab's turn: the book as the tab before it left it (what is known in memory
        // stays only when nothing else synced meanwhile).
        let book = read_book().filter(|b| b.on);
        let same = !dropped
            && book.as_ref().map(|b| &b.since) == inner.replica.as_ref().map(|r| &r.book.since);
        if !same {
            inner.replica = book.map(Replica::new);
        }
        return if inner.replica.is_some() { "1" } else { "" }.to_owned();
    }
    if op == BOOK {
        let (server, user) = arg.split_once('\n').unwrap_or((&arg, ""));
        let mut book = match read_book() {
            Some(mut book) if book.server == server => {
                book.user = user.to_owned();
                book
            }
            _ => Book::new(server, user),
        };
        book.on = true;
        store_book(&book);
        inner.view.server = server.to_owned();
        inner.view.user = user.to_owned();
        inner.replica = Some(Replica::new(book));
        inner.rows.clear();
        inner.others.clear();
        inner.out = None;
        return String::new();
    }
    let Some(mut replica) = inner.replica.take() else {
        return "!sync was stopped".to_owned();
    };
    let answer = op_with(inner, &mut replica, persist, dispatch, op, arg);
    if op == OFF {
        // Changes merged and not applied: the book as it was before them.
        if let Some((before, _)) = inner.pulled.take() {
            replica.book = before;
        }
        replica.book.on = false;
        store_book(&replica.book);
        inner.running = false;
    } else {
        inner.replica = Some(replica);
    }
    answer
}

/// The operations on the replica (taken out of `inner` meanwhile).
fn op_with(
    inner: &mut Inner,
    replica: &mut Replica,
    persist: &SharedPersist,
    dispatch: &Callback<Action>,
    op: u32,
    arg: String,
) -> String {
    match op {
        SINCE => {
            if arg == "=" {
                if let Some(last) = inner.since.take() {
                    replica.book.since = last;
                    store_book(&replica.book);
                }
            }
            replica.book.since.clone()
        }
        ROWS => {
            let (kind, text) = arg.split_at(arg.len().min(1));
            let Ok(value) = from_str(text) else {
                return "!the server's answer is not JSON".to_owned();
            };
            match kind {
                "c" => match changes(value) {
                    Ok((rows, last)) => {
                        inner.rows.extend(rows);
                        inner.since = Some(last);
                    }
                    Err(why) => return format!("!{why}"),
                },
                "o" => inner.others.extend(row(value)),
                _ => {
                    inner.fetched |= kind == "f";
                    let mut value = value;
                    let Some(Value::Array(rows)) = value.get_mut("rows").map(Value::take) else {
                        return "!the server's list of documents has no rows".to_owned();
                    };
                    let docs = rows
                        .into_iter()
                        .filter_map(|mut r| r.get_mut("doc").map(Value::take));
                    inner.rows.extend(docs.filter_map(row));
                }
            }
            let texts: Vec<String> = replica
                .texts_needed(&inner.corpus, &inner.rows)
                .into_iter()
                .filter(|t| !inner.asked.contains(t))
                .collect();
            inner.asked.extend(texts.iter().cloned());
            let mut w = JsonWriter::compact();
            w.begin_object()
                .key("texts")
                .raw(&json_list(texts.iter().map(String::as_str)));
            w.key("revs").begin_array();
            if kind != "o" && kind != "t" {
                for r in &inner.rows {
                    for rev in &r.conflicts {
                        w.begin_array().string(&r.cid).string(rev).end_array();
                    }
                }
            }
            w.end_array().end_object();
            w.finish()
        }
        MERGE => {
            let persist = persist.borrow();
            let corpus = &inner.corpus;
            let deleted = |id: &DocId| deleted_of(&persist, corpus, id);
            let labels = labels_deleted(&persist);
            let rows = std::mem::take(&mut inner.rows);
            let others = std::mem::take(&mut inner.others);
            let fetched = std::mem::take(&mut inner.fetched);
            inner.asked.clear();
            let before = replica.book.clone();
            let pull = replica.pull(&inner.corpus, &deleted, &labels, rows, others, fetched);
            for text in pull.notices {
                tell(inner, dispatch, NoticeKind::Error, text);
            }
            if pull.changes.is_empty() {
                store_book(&replica.book);
                return "0".to_owned();
            }
            inner.pulled = Some((before, pull.changes));
            "1".to_owned()
        }
        MARK => {
            // The changes merged, applied (each as another tab's), then the mark.
            for change in inner.pulled.take().map(|p| p.1).unwrap_or_default() {
                dispatch.emit(Action::Remote(change));
            }
            inner.book_due = true;
            inner.marks_sent = inner.marks_sent.wrapping_add(1);
            dispatch.emit(Action::SyncMark);
            String::new()
        }
        OUT => {
            let persist = persist.borrow();
            let corpus = &inner.corpus;
            let deleted = |id: &DocId| deleted_of(&persist, corpus, id);
            let labels = labels_deleted(&persist);
            let mut out = replica.outgoing(&inner.corpus, &deleted, &labels);
            if !out.fetch.is_empty() {
                return format!("F{}", json_list(out.fetch.iter().map(String::as_str)));
            }
            if out.is_empty() {
                return String::new();
            }
            let body = std::mem::take(&mut out.body);
            inner.out = Some(out);
            format!("B{body}")
        }
        SENT => {
            let (Some(out), Ok(answer)) = (inner.out.take(), from_str(&arg)) else {
                return "!the server's answer to a write is not JSON".to_owned();
            };
            let sent = replica.sent(out, &answer);
            store_book(&replica.book);
            match sent {
                Ok((_, refused)) if !refused.is_empty() => format!("!{}", refused[0]),
                Ok((refetch, _)) => json_list(refetch.iter().map(String::as_str)),
                Err(why) => format!("!{why}"),
            }
        }
        RETRY if replica.book.refused.is_empty() => String::new(),
        RETRY => json_list(replica.book.refused.iter().map(String::as_str)),
        DONE => {
            replica.book.waiting = 0;
            store_book(&replica.book);
            String::new()
        }
        _ => String::new(),
    }
}
