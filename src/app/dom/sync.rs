//! Sync through a CouchDB server, the browser half: signing in, the loop that pulls the
//! server's changes (`_changes`), waits until the app has merged them, and sends this
//! replica's (`_bulk_docs`), and the long-poll that wakes it. What to send and how to merge
//! is `storage::couch`; each change merged goes through the reducer as another tab's does.
//!
//! What is recorded (the server, the user, the revisions synced) is kept in local storage
//! under `marginalia-sync`; never the password: signing in gives a cookie session
//! (`POST /_session`) that the browser keeps.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::Callback;

use super::couch_net::{
    answers_without_cors, couch_abort, couch_controller, couch_online, request, wait, NetFail,
};
use super::persistence::SharedPersist;
use crate::app::state::{Action, NoticeKind, SyncCommand, SyncStatus, SyncView};
use crate::codec::json_out::JsonWriter;
use crate::model::Corpus;
use crate::storage::couch::{changes, row, Book, Replica, Row};
use crate::storage::schema::LabelIdSet;

const BOOK_KEY: &str = "marginalia-sync";
/// Changes read at a time.
const PAGE: usize = 200;
/// How long a long-poll waits for a change on the server (ms).
const LONGPOLL_MS: u32 = 25_000;

/// Why a round of sync stopped.
enum Fail {
    /// Sync was stopped or started again: this loop ends.
    Stopped,
    /// No network.
    Offline,
    /// The server answered with this status (not 2xx).
    Http(u16),
    /// What to say.
    Said(String),
}

fn said(why: impl Into<String>) -> Fail {
    Fail::Said(why.into())
}

struct Inner {
    replica: Option<Replica>,
    /// The database's URL, and the server's (where `_session` is).
    db: String,
    root: String,
    /// The app's corpus as last rendered, and whether a large one is still loading.
    corpus: Corpus,
    seen: bool,
    loading: bool,
    /// Marks sent to the reducer, and the last one the app has applied.
    marks_sent: u32,
    mark: u32,
    /// Resolves the wait for the app to apply the changes sent (see [`Sync::applied`]).
    applied: Option<js_sys::Function>,
    /// Aborts every request of the current loop (stop), and the long-poll or a wait (a kick).
    stop: JsValue,
    wake: JsValue,
    /// A change was made here since the loop last looked.
    kicked: bool,
    kick_timer: Option<Timeout>,
    /// Bumped at each start and stop: a loop of another generation ends.
    generation: u32,
    view: SyncView,
    /// Notices said in this session (each once).
    told: Vec<String>,
}

/// The sync engine, shared by the hook and its loop.
#[derive(Clone)]
pub struct Sync {
    inner: Rc<RefCell<Inner>>,
    persist: SharedPersist,
    dispatch: Callback<Action>,
}

/// The database URL of `server` and the server's root, when it is an http(s) URL naming a
/// database; else what is wrong with it.
pub fn parse_server(server: &str) -> Result<(String, String), &'static str> {
    let url = web_sys::Url::new(server.trim()).map_err(|_| {
        "the server address is not a URL (for example https://couch.example.org/newsroom)"
    })?;
    let protocol = url.protocol();
    if protocol != "http:" && protocol != "https:" {
        return Err("the server address must start with http:// or https://");
    }
    if !url.username().is_empty() || !url.password().is_empty() {
        return Err("put the user name and password in their own boxes, not in the address");
    }
    let path = url.pathname();
    let path = path.trim_end_matches('/');
    let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
    let valid = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_$()+-".contains(&b));
    if !valid {
        return Err("the address must end with the database's name (lower-case letters, digits and _$()+-, starting with a letter)");
    }
    let origin = url.origin();
    Ok((format!("{origin}{path}"), format!("{origin}{parent}")))
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

/// `s` for a URL's query.
fn query(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

impl Sync {
    pub fn new(persist: SharedPersist, dispatch: Callback<Action>) -> Self {
        let book = read_book();
        let (db, root) = book
            .as_ref()
            .and_then(|b| parse_server(&b.server).ok())
            .unwrap_or_default();
        let view = SyncView {
            status: SyncStatus::Off,
            server: book.as_ref().map(|b| b.server.clone()).unwrap_or_default(),
            user: book.as_ref().map(|b| b.user.clone()).unwrap_or_default(),
        };
        let on = book.as_ref().is_some_and(|b| b.on) && !db.is_empty();
        let inner = Inner {
            replica: book.filter(|_| on).map(Replica::new),
            db,
            root,
            corpus: Corpus::default(),
            seen: false,
            loading: true,
            marks_sent: 0,
            mark: 0,
            applied: None,
            stop: couch_controller(),
            wake: couch_controller(),
            kicked: false,
            kick_timer: None,
            generation: 0,
            view,
            told: Vec::new(),
        };
        let sync = Sync {
            inner: Rc::new(RefCell::new(inner)),
            persist,
            dispatch,
        };
        let view = sync.inner.borrow().view.clone();
        sync.dispatch.emit(Action::Sync(view));
        sync
    }

    /// The app rendered `corpus` with `mark` applied; `loading`: a large corpus is still
    /// loading (nothing syncs until it has).
    pub fn changed(&self, corpus: Corpus, mark: u32, loading: bool) {
        let mut inner = self.inner.borrow_mut();
        let same = Rc::ptr_eq(inner.corpus.entries(), corpus.entries())
            && Rc::ptr_eq(inner.corpus.schema(), corpus.schema());
        let edited = inner.seen && !same && mark == inner.marks_sent && !loading;
        let was_loading = inner.loading;
        inner.corpus = corpus;
        inner.seen = true;
        inner.loading = loading;
        inner.mark = mark;
        if mark == inner.marks_sent {
            if let Some(done) = inner.applied.take() {
                let _ = done.call0(&JsValue::NULL);
            }
        }
        let offline = matches!(inner.view.status, SyncStatus::Offline(_));
        let Some(replica) = inner.replica.as_mut() else {
            return;
        };
        if edited {
            replica.book.waiting += 1;
            store_book(&replica.book);
            if offline {
                let waiting = replica.book.waiting;
                drop(inner);
                self.set_status(SyncStatus::Offline(waiting));
                inner = self.inner.borrow_mut();
            }
            // A burst of edits goes out together, soon after the last.
            let this = self.clone();
            inner.kick_timer = Some(Timeout::new(150, move || this.kick()));
        }
        if was_loading && !loading {
            let generation = inner.generation;
            drop(inner);
            self.run(generation);
        }
    }

    /// Wake the loop: something changed here, or the network came back.
    pub fn kick(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.kicked = true;
        let wake = std::mem::replace(&mut inner.wake, couch_controller());
        couch_abort(&wake);
    }

    pub fn command(&self, command: SyncCommand) {
        match command {
            SyncCommand::Start {
                server,
                user,
                password,
            } => {
                let this = self.clone();
                spawn_local(async move { this.start(server, user, password).await });
            }
            SyncCommand::Now => self.kick(),
            SyncCommand::Stop => self.stop(),
        }
    }

    fn set_status(&self, status: SyncStatus) {
        let view = {
            let mut inner = self.inner.borrow_mut();
            if inner.view.status == status {
                return;
            }
            inner.view.status = status;
            inner.view.clone()
        };
        self.dispatch.emit(Action::Sync(view));
    }

    fn tell(&self, kind: NoticeKind, text: String) {
        let mut inner = self.inner.borrow_mut();
        if inner.told.contains(&text) {
            return;
        }
        inner.told.push(text.clone());
        drop(inner);
        self.dispatch.emit(Action::Notify(kind, text));
    }

    /// End the current loop (and its requests).
    fn halt(&self) -> u32 {
        let mut inner = self.inner.borrow_mut();
        inner.generation = inner.generation.wrapping_add(1);
        let stop = std::mem::replace(&mut inner.stop, couch_controller());
        let wake = std::mem::replace(&mut inner.wake, couch_controller());
        couch_abort(&stop);
        couch_abort(&wake);
        inner.generation
    }

    fn stop(&self) {
        self.halt();
        let (root, signed_in) = {
            let mut inner = self.inner.borrow_mut();
            let signed_in = !inner.view.user.is_empty();
            if let Some(replica) = inner.replica.as_mut() {
                replica.book.on = false;
                store_book(&replica.book);
            }
            inner.replica = None;
            (inner.root.clone(), signed_in)
        };
        self.set_status(SyncStatus::Off);
        if signed_in {
            spawn_local(async move {
                let _ = request(
                    "DELETE",
                    &format!("{root}/_session"),
                    None,
                    &couch_controller(),
                )
                .await;
            });
        }
    }

    async fn start(&self, server: String, user: String, password: String) {
        let generation = self.halt();
        let (db, root) = match parse_server(&server) {
            Ok(urls) => urls,
            Err(why) => return self.set_status(SyncStatus::Error(why.to_owned())),
        };
        let server = db.clone();
        {
            let mut inner = self.inner.borrow_mut();
            inner.db = db.clone();
            inner.root = root.clone();
            inner.view.server = server.clone();
            inner.view.user = user.clone();
        }
        self.set_status(SyncStatus::Syncing);
        if let Err(fail) = self.sign_in(&db, &root, &user, password, generation).await {
            return self.failed(fail);
        }
        let book = match read_book() {
            Some(mut book) if book.server == server => {
                book.user = user;
                book.on = true;
                book
            }
            _ => Book::new(&server, &user),
        };
        store_book(&book);
        self.inner.borrow_mut().replica = Some(Replica::new(book));
        self.run(generation);
    }

    /// Sign in (with a user) and make sure the database is there, creating it when it is not
    /// and the user may.
    async fn sign_in(
        &self,
        db: &str,
        root: &str,
        user: &str,
        password: String,
        generation: u32,
    ) -> Result<(), Fail> {
        if !user.is_empty() {
            let mut w = JsonWriter::compact();
            w.begin_object()
                .field("name", user)
                .field("password", &password)
                .end_object();
            let url = format!("{root}/_session");
            match self.call("POST", &url, Some(w.finish()), generation).await {
                Ok(_) => {}
                Err(Fail::Http(401)) => return Err(said("wrong user name or password")),
                Err(fail) => return Err(fail),
            }
        }
        match self.call("GET", db, None, generation).await {
            Ok(_) => Ok(()),
            Err(Fail::Http(404)) => match self.call("PUT", db, None, generation).await {
                Ok(_) | Err(Fail::Http(412)) => Ok(()),
                Err(Fail::Http(401 | 403)) => Err(said(
                    "there is no such database, and this user may not create it",
                )),
                Err(fail) => Err(fail),
            },
            Err(fail) => Err(fail),
        }
    }

    fn failed(&self, fail: Fail) {
        match fail {
            Fail::Stopped => {}
            Fail::Offline => {
                let waiting = self.waiting();
                self.set_status(SyncStatus::Offline(waiting));
            }
            Fail::Said(why) => self.set_status(SyncStatus::Error(why)),
            Fail::Http(status) => self.set_status(SyncStatus::Error(match status {
                401 => "not signed in, or the session has ended: sign in again in the Sync dialog"
                    .to_owned(),
                403 => "this user has no access to the database".to_owned(),
                404 => "there is no such database".to_owned(),
                _ => format!("the server answered {status}"),
            })),
        }
    }

    fn waiting(&self) -> usize {
        self.inner
            .borrow()
            .replica
            .as_ref()
            .map_or(0, |r| r.book.waiting)
    }

    fn generation(&self) -> u32 {
        self.inner.borrow().generation
    }

    /// Start the loop of this generation (once the corpus has loaded).
    fn run(&self, generation: u32) {
        {
            let inner = self.inner.borrow();
            if inner.loading || inner.replica.is_none() || inner.generation != generation {
                return;
            }
        }
        let this = self.clone();
        spawn_local(async move { this.run_loop(generation).await });
    }

    async fn run_loop(&self, generation: u32) {
        let mut failures: u32 = 0;
        loop {
            if self.generation() != generation {
                return;
            }
            self.inner.borrow_mut().kicked = false;
            let result = if couch_online() {
                self.round(generation).await
            } else {
                Err(Fail::Offline)
            };
            let ok = result.is_ok();
            match result {
                Ok(()) => {
                    failures = 0;
                    self.set_status(SyncStatus::Synced);
                }
                Err(Fail::Stopped) => return,
                Err(fail) => {
                    failures = failures.saturating_add(1);
                    self.failed(fail);
                }
            }
            if self.generation() != generation {
                return;
            }
            if self.inner.borrow().kicked {
                continue;
            }
            let wake = self.inner.borrow().wake.clone();
            if ok {
                // Live: wait for the server's next change (or a change here, which aborts).
                let since = self.since();
                let url = format!(
                    "{}/_changes?feed=longpoll&limit=1&timeout={LONGPOLL_MS}&since={}",
                    self.db(),
                    query(&since)
                );
                match request("GET", &url, None, &wake).await {
                    Ok((200, _)) | Err(NetFail::Abort) => {}
                    // Anything else is found out by the next round; not at once.
                    _ => wait(2_000, &wake).await,
                }
            } else {
                // Again after 2, 4, 8 … 60 seconds, or at once when kicked (Sync now,
                // the network back, an edit).
                let ms = 1_000u32.saturating_mul(1 << failures.min(6)).min(60_000);
                wait(ms, &wake).await;
            }
        }
    }

    fn db(&self) -> String {
        self.inner.borrow().db.clone()
    }

    fn since(&self) -> String {
        self.inner
            .borrow()
            .replica
            .as_ref()
            .map(|r| r.book.since.clone())
            .unwrap_or_default()
    }

    /// A request of this generation's loop: the answer's JSON on a 2xx; else why not.
    async fn call(
        &self,
        method: &str,
        url: &str,
        body: Option<String>,
        generation: u32,
    ) -> Result<Value, Fail> {
        let stop = self.inner.borrow().stop.clone();
        let answer = request(method, url, body, &stop).await;
        if self.generation() != generation {
            return Err(Fail::Stopped);
        }
        let (status, text) = match answer {
            Ok(answer) => answer,
            Err(NetFail::Abort) => return Err(Fail::Stopped),
            Err(NetFail::Large) => return Err(said("the server sent more than 64 MB at once")),
            Err(NetFail::Network) if !couch_online() => return Err(Fail::Offline),
            Err(NetFail::Network) => {
                return Err(said(if answers_without_cors(url).await {
                    "the server does not allow this page to connect (CORS): add this page's address to its allowed origins"
                } else {
                    "the server cannot be reached"
                }))
            }
        };
        if !(200..300).contains(&status) {
            return Err(Fail::Http(status));
        }
        serde_json::from_str(&text).map_err(|_| said("the server's answer is not JSON"))
    }

    /// Pull what changed on the server, then send what changed here, until nothing is left.
    async fn round(&self, generation: u32) -> Result<(), Fail> {
        let db = self.db();
        loop {
            let since = self.since();
            let url = format!(
                "{db}/_changes?style=main_only&include_docs=true&conflicts=true&limit={PAGE}&since={}",
                query(&since)
            );
            let answer = self.call("GET", &url, None, generation).await?;
            let (rows, last) = changes(answer).map_err(said)?;
            if !rows.is_empty() {
                self.set_status(SyncStatus::Syncing);
            }
            self.take(rows, false, generation).await?;
            let moved = last != since;
            if let Some(replica) = self.inner.borrow_mut().replica.as_mut() {
                replica.book.since = last;
                store_book(&replica.book);
            }
            if !moved {
                break;
            }
        }
        for _ in 0..8 {
            self.applied(generation).await?;
            let mut out = {
                let mut inner = self.inner.borrow_mut();
                let inner = &mut *inner;
                let persist = self.persist.borrow();
                let saver = persist.as_ref().map(|p| &p.saver);
                let deleted = |id: &_| saver.map(|s| s.deleted(id)).unwrap_or_default();
                let labels = saver.map(|s| s.deleted_labels()).unwrap_or_default();
                match inner.replica.as_mut() {
                    Some(r) => r.outgoing(&inner.corpus, &deleted, &labels),
                    None => return Err(Fail::Stopped),
                }
            };
            if !out.fetch.is_empty() {
                let rows = self.fetch_docs(&out.fetch, generation).await?;
                self.take(rows, true, generation).await?;
                continue;
            }
            if out.is_empty() {
                if let Some(replica) = self.inner.borrow_mut().replica.as_mut() {
                    replica.book.waiting = 0;
                    store_book(&replica.book);
                }
                return Ok(());
            }
            self.set_status(SyncStatus::Syncing);
            let body = std::mem::take(&mut out.body);
            let answer = self
                .call("POST", &format!("{db}/_bulk_docs"), Some(body), generation)
                .await?;
            let sent = match self.inner.borrow_mut().replica.as_mut() {
                Some(r) => {
                    let sent = r.sent(out, &answer);
                    store_book(&r.book);
                    sent
                }
                None => return Err(Fail::Stopped),
            };
            let (refetch, notices) = sent.map_err(said)?;
            for text in notices {
                self.tell(NoticeKind::Error, text);
            }
            if !refetch.is_empty() {
                let rows = self.fetch_docs(&refetch, generation).await?;
                self.take(rows, true, generation).await?;
            }
        }
        Ok(())
    }

    /// The server's current versions of these documents.
    async fn fetch_docs(&self, ids: &[String], generation: u32) -> Result<Vec<Row>, Fail> {
        let mut w = JsonWriter::compact();
        w.begin_object().key("keys").begin_array();
        for id in ids {
            w.string(id);
        }
        w.end_array().end_object();
        let url = format!("{}/_all_docs?include_docs=true&conflicts=true", self.db());
        let mut answer = self
            .call("POST", &url, Some(w.finish()), generation)
            .await?;
        let Some(Value::Array(rows)) = answer.get_mut("rows").map(Value::take) else {
            return Err(said("the server's list of documents has no rows"));
        };
        Ok(rows
            .into_iter()
            .filter_map(|mut r| r.get_mut("doc").map(Value::take))
            .filter_map(row)
            .collect())
    }

    /// Merge rows from the server: their texts and conflicting versions fetched first, each
    /// change sent to the reducer, and back once the app has applied them all.
    async fn take(&self, mut rows: Vec<Row>, fetched: bool, generation: u32) -> Result<(), Fail> {
        if rows.is_empty() {
            return Ok(());
        }
        let texts = {
            let inner = self.inner.borrow();
            match inner.replica.as_ref() {
                Some(r) => r.texts_needed(&inner.corpus, &rows),
                None => return Err(Fail::Stopped),
            }
        };
        if !texts.is_empty() {
            rows.extend(self.fetch_docs(&texts, generation).await?);
        }
        let mut others = Vec::new();
        let db = self.db();
        for r in &rows {
            for rev in &r.conflicts {
                let url = format!("{db}/{}?rev={}", query(&r.cid), query(rev));
                let version = self.call("GET", &url, None, generation).await?;
                others.extend(row(version));
            }
        }
        let pull = {
            let mut inner = self.inner.borrow_mut();
            let inner = &mut *inner;
            let persist = self.persist.borrow();
            let saver = persist.as_ref().map(|p| &p.saver);
            let deleted = |id: &_| saver.map(|s| s.deleted(id)).unwrap_or_default();
            let labels: LabelIdSet = saver.map(|s| s.deleted_labels()).unwrap_or_default();
            match inner.replica.as_mut() {
                Some(r) => r.pull(&inner.corpus, &deleted, &labels, rows, others, fetched),
                None => return Err(Fail::Stopped),
            }
        };
        for text in pull.notices {
            self.tell(NoticeKind::Error, text);
        }
        if pull.changes.is_empty() {
            return Ok(());
        }
        for change in pull.changes {
            self.dispatch.emit(Action::Remote(change));
        }
        self.inner.borrow_mut().marks_sent += 1;
        self.dispatch.emit(Action::SyncMark);
        self.applied(generation).await
    }

    /// Wait until the app has applied every change sent to it.
    async fn applied(&self, generation: u32) -> Result<(), Fail> {
        let pending = {
            let inner = self.inner.borrow();
            inner.mark != inner.marks_sent
        };
        if pending {
            let inner = self.inner.clone();
            let promise = js_sys::Promise::new(&mut |resolve, _| {
                inner.borrow_mut().applied = Some(resolve);
            });
            let _ = JsFuture::from(promise).await;
        }
        if self.generation() != generation {
            return Err(Fail::Stopped);
        }
        Ok(())
    }
}
