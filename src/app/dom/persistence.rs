//! The app's side of persistence: load the corpus at start, save after every change, and say
//! what happened. Nothing is written before loading has finished, nothing when storage holds
//! data from a newer version, and a failed save keeps everything in memory and says so.
//!
//! The store of record is IndexedDB (`dom/idb.rs`), with every save journaled to localStorage
//! first (`storage::outbox`). Where IndexedDB cannot be opened, the app keeps its corpus in
//! localStorage as storage version 5 did, and says so. Starting is asynchronous (IndexedDB
//! answers through callbacks): [`prepare`] loads, then the app is mounted on what it found.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::Callback;

use crate::app::dom::idb;
use crate::app::dom::ids::{now_ms, tab_part};
use crate::app::state::{Action, AppState, Meter, NoticeKind, SaveStatus};
use crate::model::{Corpus, DocId, Workspace};
use crate::samples::sample_documents;
use crate::storage::backend::{stored_bytes, Backend, StorageError};
use crate::storage::merge::RemoteChange;
use crate::storage::outbox::{
    copied_exactly, finish_migration, legacy_records, read_entry, IdbStore, Write, JOURNAL_PREFIX,
    MIGRATED_KEY,
};
use crate::storage::persist::{load_at, read_stored_doc, Loaded, Saver};
use crate::storage::schema::{
    doc_key, page_key, read_index, read_schema, text_key, StoredIndex, DOC_PREFIX, INDEX_KEY,
    SCHEMA_KEY,
};
use crate::storage::web::LocalStorage;

/// Where this tab keeps the corpus.
enum Medium {
    /// Nowhere: storage cannot be used.
    Memory,
    /// localStorage, as storage version 5 did (IndexedDB cannot be opened here).
    Local(LocalStorage),
    /// IndexedDB, with the journal in localStorage.
    Idb(Box<Idb>),
    /// IndexedDB, while a large corpus loads ([`finish_loading`]): the database and the
    /// journal, nothing written yet.
    Loading(Box<(JsValue, Option<LocalStorage>)>),
}

struct Idb {
    db: JsValue,
    store: IdbStore,
    /// The journal (`None`: localStorage cannot be used; saves go to IndexedDB only).
    local: Option<LocalStorage>,
    /// The channel to the other tabs (`JsValue::NULL` until [`Persist::set_channel`]).
    channel: JsValue,
    /// Why the last transaction failed, while the next has not committed.
    failed: Option<String>,
    /// When the site's usage was last measured (ms since the Unix epoch).
    measured: f64,
    /// A measure of the usage is set to run.
    measure_due: bool,
    /// `marginalia:migrated` is set: the corpus lives in IndexedDB.
    marked: bool,
}

/// How often the header's meter is measured again while saves commit (ms).
const USAGE_EVERY_MS: f64 = 5_000.0;

/// The storage side of the app, kept in a `use_mut_ref`.
pub struct Persist {
    medium: Medium,
    saver: Saver,
    last: Option<SaveStatus>,
    /// Other tabs' writes heard while a large corpus loads, applied once it has.
    heard: Vec<Vec<Write>>,
    /// The channel to the other tabs, kept here while a large corpus loads.
    channel: Option<JsValue>,
}

pub type SharedPersist = Rc<RefCell<Option<Persist>>>;

fn now_stamp() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

fn unavailable_notice(e: &StorageError) -> String {
    format!("Your work cannot be saved: {e}. It is kept only while this page stays open.")
}

thread_local! {
    /// What [`prepare`] found, taken by the app as it starts.
    static BOOTED: RefCell<Option<(AppState, Persist)>> = const { RefCell::new(None) };
}

/// Above this many articles, the app starts on the open article alone and reads the rest
/// while it is shown ([`finish_loading`]): at 5,000 articles reading and checking everything
/// takes about two seconds.
const LARGE: usize = 200;

/// Keep what was loaded for the app's first render, and render it.
fn booted(state: (AppState, Persist), ready: impl FnOnce()) {
    BOOTED.with(|b| *b.borrow_mut() = Some(state));
    ready();
}

/// Load what this browser has stored (IndexedDB, else localStorage), then call `ready`; the
/// app's first render takes the result with [`boot`].
pub fn prepare(ready: impl FnOnce() + 'static) {
    idb::open(move |opened| match opened {
        Ok(db) => first_look(db, ready),
        Err(why) => booted(without_idb(&why), ready),
    });
}

/// Read the list of articles: a large corpus starts on its open article alone, any other
/// reads everything at once.
fn first_look(db: JsValue, ready: impl FnOnce() + 'static) {
    let asked = [INDEX_KEY.to_owned(), SCHEMA_KEY.to_owned()];
    let db2 = db.clone();
    idb::get(&db, &asked, move |got| {
        let mut got = got.unwrap_or_default().into_iter();
        let (index, schema) = (got.next().flatten(), got.next().flatten());
        let large = index
            .as_deref()
            .and_then(|raw| read_index(raw).ok())
            .filter(|i| i.docs.len() > LARGE);
        match (large, index, schema) {
            (Some(list), Some(index), schema) => open_first(db2, list, index, schema, ready),
            _ => idb::read(&db2.clone(), move |read| match read {
                Ok(records) => open_idb(db2, records, ready),
                Err(why) => booted(without_idb(&why), ready),
            }),
        }
    });
}

/// The page keys a stored document names (`pages`), read from its value.
fn named_pages(id: &str, raw: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(raw).unwrap_or_default();
    let tags = value.get("pages").and_then(|p| p.as_array());
    tags.into_iter()
        .flatten()
        .filter_map(|t| t.as_str())
        .map(|tag| page_key(&DocId(id.to_owned()), tag))
        .collect()
}

/// A large corpus: read the open article's records (its document, text and pages), show it
/// alone, and read the rest while it is shown. Nothing is written until everything is read.
fn open_first(
    db: JsValue,
    list: StoredIndex,
    index: String,
    schema: Option<String>,
    ready: impl FnOnce() + 'static,
) {
    let Some(id) = list.active.or_else(|| list.docs.first().cloned()) else {
        return;
    };
    let keys = [doc_key(&DocId(id.clone())), text_key(&DocId(id.clone()))];
    let db2 = db.clone();
    idb::get(&db, &keys.clone(), move |got| {
        let got = got.unwrap_or_default();
        let doc = got.first().cloned().flatten();
        let pages = doc
            .as_deref()
            .map_or(Vec::new(), |raw| named_pages(&id, raw));
        let db3 = db2.clone();
        idb::get(&db2, &pages.clone(), move |paged| {
            let mut records: Vec<(String, String)> = vec![(INDEX_KEY.to_owned(), index)];
            records.extend(schema.map(|raw| (SCHEMA_KEY.to_owned(), raw)));
            let found = keys
                .into_iter()
                .chain(pages)
                .zip(got.into_iter().chain(paged.unwrap_or_default()));
            records.extend(found.filter_map(|(k, v)| Some((k, v?))));
            // The journal's changes on top (read here, replayed when everything is read).
            let mut local = LocalStorage::open().ok();
            let mut mirror = crate::storage::outbox::Mirror::new(records);
            if let Some(local) = local.as_mut() {
                for batch in read_journal_entries(local) {
                    mirror.apply_remote(&batch);
                }
            }
            let loaded = load_here(&mut mirror);
            let medium = Medium::Loading(Box::new((db3, local)));
            let (mut state, mut persist) = started(loaded, medium, Vec::new());
            persist.saver.disabled = true;
            state.loading = Some(list.docs.len());
            state.save_status = SaveStatus::Pending;
            booted((state, persist), ready);
        });
    });
}

/// The writes of each journal entry that can be read (nothing is changed: the full start
/// replays and trims them).
fn read_journal_entries(local: &LocalStorage) -> Vec<Vec<Write>> {
    let mut keys: Vec<String> = local
        .keys()
        .unwrap_or_default()
        .into_iter()
        .filter(|k| k.starts_with(JOURNAL_PREFIX))
        .collect();
    keys.sort();
    keys.iter()
        .filter_map(|k| read_entry(&local.get(k).ok()??).ok())
        .collect()
}

/// The rest of a large corpus, read while its open article is shown: the app then holds and
/// saves everything, as after any other start. Another tab's writes heard meanwhile are
/// applied on top.
pub fn finish_loading(persist: &SharedPersist, dispatch: &Callback<Action>) {
    let loading = match persist.borrow_mut().as_mut().map(|p| &mut p.medium) {
        Some(medium @ Medium::Loading(_)) => std::mem::replace(medium, Medium::Memory),
        _ => return,
    };
    let Medium::Loading(parts) = loading else {
        return;
    };
    let (db, local) = *parts;
    let (persist, dispatch) = (persist.clone(), dispatch.clone());
    idb::read(&db.clone(), move |read| {
        let (heard, channel) = persist
            .borrow_mut()
            .as_mut()
            .map(|p| (std::mem::take(&mut p.heard), p.channel.take()))
            .unwrap_or_default();
        let (state, mut full) = match read {
            Ok(records) => boot_idb(db, records, local, Vec::new()),
            Err(why) => {
                let e = StorageError::Unavailable(format!("its database could not be read: {why}"));
                in_memory_only(&e)
            }
        };
        if let Some(channel) = channel {
            full.set_channel(channel);
        }
        let changes = full.on_remote_writes(heard.into_iter().flatten().collect());
        *persist.borrow_mut() = Some(full);
        dispatch.emit(Action::Loaded(Box::new(state)));
        for change in changes {
            dispatch.emit(Action::Remote(change));
        }
        pump(&persist, &dispatch);
        measure_usage(&dispatch);
    });
}

/// What [`prepare`] loaded (or, when it was not called, as in the browser tests, what
/// localStorage holds).
pub fn boot() -> (AppState, Persist) {
    BOOTED
        .with(|b| b.borrow_mut().take())
        .unwrap_or_else(|| boot_local(None))
}

/// IndexedDB is open. The first time, the data that storage version 5 kept in localStorage is
/// copied in, read back and compared, and only then removed from localStorage; a copy that
/// fails leaves it where it was, and the app keeps using it there.
fn open_idb(db: JsValue, records: idb::Records, ready: impl FnOnce() + 'static) {
    let local = LocalStorage::open().ok();
    let legacy = match &local {
        Some(local) if records.is_empty() => legacy_records(local),
        _ => Vec::new(),
    };
    if legacy.is_empty() {
        let mut notes = Vec::new();
        let moved = local
            .as_ref()
            .and_then(|l| l.get(MIGRATED_KEY).ok().flatten());
        if records.is_empty() && moved.is_some() {
            notes.push((
                NoticeKind::Error,
                "This browser's database is empty, though your work was moved into it earlier: \
                 it was cleared, by the browser or from its settings. Changes not yet stored \
                 there were restored from the journal; open your exported files to bring the rest back."
                    .to_owned(),
            ));
        }
        let booted = boot_idb(db, records, local, notes);
        BOOTED.with(|b| *b.borrow_mut() = Some(booted));
        return ready();
    }
    let writes: Vec<Write> = legacy
        .iter()
        .map(|(k, v)| (k.clone(), Some(v.clone())))
        .collect();
    let db2 = db.clone();
    idb::commit(&db, &writes, move |error| {
        if let Some(why) = error {
            return migration_failed(&why, ready);
        }
        let db3 = db2.clone();
        idb::read(&db2, move |read| {
            let read: std::collections::HashMap<String, String> = match read {
                Ok(read) => read.into_iter().collect(),
                Err(why) => return migration_failed(&why, ready),
            };
            if !copied_exactly(&legacy, &read) {
                // Take the copy back, so the next start tries again from localStorage.
                let undo: Vec<Write> = legacy.iter().map(|(k, _)| (k.clone(), None)).collect();
                return idb::commit(&db3, &undo, move |_| {
                    migration_failed("what was read back differs from what was written", ready)
                });
            }
            let mut local = local;
            if let Some(local) = local.as_mut() {
                if let Err(e) = finish_migration(local, &legacy, now_ms()) {
                    // The copy is complete; removing the old copy can wait for the next start.
                    let _ = local.remove(MIGRATED_KEY);
                    web_sys::console::warn_1(&format!("Marginalia: {e}").into());
                }
            }
            let note = format!(
                "Your work ({} stored records) moved from local storage to this browser's database, \
                 which has room for thousands of articles.",
                legacy.len()
            );
            let booted = boot_idb(
                db3,
                read.into_iter().collect(),
                local,
                vec![(NoticeKind::Info, note)],
            );
            BOOTED.with(|b| *b.borrow_mut() = Some(booted));
            ready();
        });
    });
}

/// The copy into IndexedDB failed: localStorage keeps the work, as before, and the user is told.
fn migration_failed(why: &str, ready: impl FnOnce()) {
    let mut booted = boot_local(None);
    booted.0.push_notice(
        NoticeKind::Error,
        format!(
            "Your work could not be moved to this browser's database ({why}). It stays in local \
             storage, which holds about 5 MB: export your work before it fills up."
        ),
    );
    BOOTED.with(|b| *b.borrow_mut() = Some(booted));
    ready();
}

/// IndexedDB cannot be opened. When the work already moved there, nothing is written
/// anywhere (localStorage would start a second, empty corpus); otherwise localStorage keeps
/// it, as before.
fn without_idb(why: &str) -> (AppState, Persist) {
    let moved = LocalStorage::open()
        .ok()
        .and_then(|l| l.get(MIGRATED_KEY).ok().flatten())
        .is_some();
    if why == "VersionError" {
        // A newer version of Marginalia changed the database's layout: never written here.
        let (mut state, persist) = in_memory_only(&StorageError::Unavailable(
            "its database was written by a newer version of Marginalia".into(),
        ));
        state.save_status = SaveStatus::ReadOnly;
        return (state, persist);
    }
    if moved {
        let e = StorageError::Unavailable(format!("its database cannot be opened: {why}"));
        let (mut state, persist) = in_memory_only(&e);
        state.push_notice(
            NoticeKind::Error,
            "Your saved work is in this browser's database and was not touched. Reload to try again.",
        );
        return (state, persist);
    }
    boot_local(Some(why))
}

/// Storage cannot be used: start on the samples, keep everything in memory, and say so.
fn in_memory_only(e: &StorageError) -> (AppState, Persist) {
    let mut state = AppState::new(Workspace::new(sample_documents()));
    state.push_notice(NoticeKind::Error, unavailable_notice(e));
    state.save_status = SaveStatus::Unavailable;
    let persist = Persist {
        medium: Medium::Memory,
        saver: Saver::default(),
        last: Some(SaveStatus::Unavailable),
        heard: Vec::new(),
        channel: None,
    };
    (state, persist)
}

/// The corpus in localStorage (`no_idb`: why IndexedDB could not be used, to tell the user).
fn boot_local(no_idb: Option<&str>) -> (AppState, Persist) {
    let mut backend = match LocalStorage::open() {
        Ok(backend) => backend,
        Err(e) => return in_memory_only(&e),
    };
    let loaded = load_here(&mut backend);
    if let Some(e) = loaded.unavailable {
        return in_memory_only(&e);
    }
    let (mut state, persist) = started(loaded, Medium::Local(backend), Vec::new());
    if let Some(why) = no_idb {
        state.push_notice(
            NoticeKind::Error,
            format!(
                "This browser's database cannot be used here ({why}): your work is saved in local \
                 storage, which holds about 5 MB."
            ),
        );
    }
    (state, persist)
}

/// Load from `backend` (one call site: the loader is large, and inlined here once).
fn load_here(backend: &mut dyn Backend) -> Loaded {
    load_at(backend, &now_stamp(), now_ms())
}

/// The corpus in IndexedDB (`records`), with the journal's entries replayed over it.
fn boot_idb(
    db: JsValue,
    records: idb::Records,
    mut local: Option<LocalStorage>,
    notes: Vec<(NoticeKind, String)>,
) -> (AppState, Persist) {
    let journal = local.as_mut().map(|l| l as &mut dyn Backend);
    let (mut store, problems) = IdbStore::reopen(records, journal, &tab_part(), &now_stamp());
    let mut loaded = load_here(&mut store.mirror);
    loaded.problems.extend(problems);
    let idb = Idb {
        db,
        store,
        local,
        channel: JsValue::NULL,
        failed: None,
        measured: 0.0,
        measure_due: false,
        marked: false,
    };
    started(loaded, Medium::Idb(Box::new(idb)), notes)
}

/// The app's state and this tab's storage side after a load.
fn started(
    loaded: Loaded,
    medium: Medium,
    notes: Vec<(NoticeKind, String)>,
) -> (AppState, Persist) {
    let meter = match medium {
        Medium::Idb(_) => Meter::Site(None),
        _ => Meter::Local,
    };
    let (workspace, mut saver) = if loaded.found {
        let saver = Saver::after_load(
            &loaded.corpus,
            loaded.active.as_ref(),
            loaded.tombstones,
            loaded.deleted_labels,
            &loaded.sizes,
        );
        (Workspace::from_corpus(loaded.corpus, loaded.active), saver)
    } else {
        (Workspace::new(sample_documents()), Saver::default())
    };
    let mut state = AppState::new(workspace);
    state.meter = meter;
    for (kind, note) in notes {
        state.push_notice(kind, note);
    }
    for problem in loaded.problems {
        state.push_notice(NoticeKind::Error, problem);
    }
    if let Some(version) = loaded.newer {
        saver.disabled = true;
        state.save_status = SaveStatus::ReadOnly;
        state.push_notice(
            NoticeKind::Error,
            format!(
                "This browser holds data written by a newer version of Marginalia (schema {version}). \
                 It is opened read-only and never overwritten: changes here are not saved."
            ),
        );
    } else {
        state.save_status = SaveStatus::Saved(saver.used_bytes());
    }
    saver.pages.tab = tab_part();
    let last = Some(state.save_status.clone());
    (
        state,
        Persist {
            medium,
            saver,
            last,
            heard: Vec::new(),
            channel: None,
        },
    )
}

impl Persist {
    /// Whether the corpus lives in IndexedDB (and the other tabs are heard on its channel).
    pub fn in_idb(&self) -> bool {
        matches!(self.medium, Medium::Idb(_) | Medium::Loading(_))
    }

    /// The channel the other tabs hear this tab's writes on.
    pub fn set_channel(&mut self, channel: JsValue) {
        match &mut self.medium {
            Medium::Idb(idb) => idb.channel = channel,
            _ => self.channel = Some(channel),
        }
    }

    /// Another tab's writes (heard on the channel): applied to what this tab knows is stored,
    /// and each written document, label schema or removal, as a change to merge.
    pub fn on_remote_writes(&mut self, writes: Vec<Write>) -> Vec<RemoteChange> {
        match &mut self.medium {
            Medium::Idb(idb) => idb.store.mirror.apply_remote(&writes),
            Medium::Loading(_) => {
                self.heard.push(writes);
                return Vec::new();
            }
            _ => return Vec::new(),
        }
        writes
            .into_iter()
            .filter_map(|(key, value)| self.on_stored(Some(key), value))
            .collect()
    }

    /// A `storage` event (another tab wrote `key` in localStorage). Only a tab that keeps
    /// the corpus in localStorage listens to them.
    pub fn on_storage_event(
        &mut self,
        key: Option<String>,
        value: Option<String>,
    ) -> Option<RemoteChange> {
        match self.medium {
            Medium::Local(_) => self.on_stored(key, value),
            _ => None,
        }
    }

    fn backend(&self) -> Option<&dyn Backend> {
        match &self.medium {
            Medium::Memory | Medium::Loading(_) => None,
            Medium::Local(local) => Some(local),
            Medium::Idb(idb) => Some(&idb.store.mirror),
        }
    }

    /// Another tab stored `value` under `key` (`key` `None`: storage was cleared): update
    /// what this tab knows is stored and say what changed. Values that cannot be read are
    /// ignored here (the next start reports them).
    fn on_stored(&mut self, key: Option<String>, value: Option<String>) -> Option<RemoteChange> {
        if self.backend().is_none() || self.saver.disabled {
            return None;
        }
        let Some(key) = key else {
            self.saver.reset();
            return Some(RemoteChange::Cleared);
        };
        if key == INDEX_KEY {
            self.saver.note_index(value);
            return None;
        }
        if key == SCHEMA_KEY {
            // Removed alone (never by Marginalia): nothing to merge.
            let raw = value?;
            let (remote, remote_deleted) = read_schema(&raw).ok()?;
            let base = self.saver.schema_base().cloned();
            let local_deleted = self.saver.deleted_labels();
            let remote = Rc::new(remote);
            self.saver.adopt_schema(
                Rc::clone(&remote),
                stored_bytes(&key, &raw),
                remote_deleted.clone(),
            );
            return Some(RemoteChange::Schema {
                remote,
                base,
                remote_deleted,
                local_deleted,
            });
        }
        let id = DocId(key.strip_prefix(DOC_PREFIX)?.to_owned());
        let base = self.saver.base(&id).cloned();
        match value {
            Some(raw) => {
                let backend = self.backend()?;
                // Its text and pages are stored apart (written before it) or inside it; the
                // text and the pages this tab already holds are not read again.
                let read = read_stored_doc(backend, &id, &raw, self.saver.known(&id))
                    .ok()
                    .filter(|r| r.doc.entry.doc.id == id)?;
                let remote_deleted = read.doc.deleted.clone();
                let local_deleted = self.saver.deleted(&id);
                let remote = self.saver.adopt(read, stored_bytes(&key, &raw));
                Some(RemoteChange::Doc {
                    remote,
                    base,
                    remote_deleted,
                    local_deleted,
                })
            }
            None => {
                self.saver.forget(&id);
                Some(RemoteChange::Removed { id, base })
            }
        }
    }

    /// Whether the last save was refused because storage is full (and must be made again:
    /// localStorage only; IndexedDB's writes stay queued).
    pub fn full(&self) -> bool {
        matches!(self.medium, Medium::Local(_)) && self.last == Some(SaveStatus::Full)
    }

    /// Save the changes; returns the new status and a notice to show when it changed for the
    /// worse.
    pub fn save(
        &mut self,
        corpus: &Corpus,
        active: Option<&DocId>,
    ) -> Option<(SaveStatus, Option<(NoticeKind, String)>)> {
        if self.saver.disabled {
            return None;
        }
        self.saver.pages.now_ms = now_ms();
        let status = match &mut self.medium {
            Medium::Memory | Medium::Loading(_) => return None,
            Medium::Local(backend) => match self.saver.save(backend, corpus, active) {
                Ok(_) => SaveStatus::Saved(self.saver.used_bytes()),
                Err(StorageError::Quota) => SaveStatus::Full,
                Err(StorageError::Unavailable(_)) => SaveStatus::Unavailable,
            },
            Medium::Idb(idb) => {
                // The mirror never refuses; the journal and the transaction may.
                let _ = self.saver.save(&mut idb.store.mirror, corpus, active);
                let journal = idb.local.as_mut().map(|l| l as &mut dyn Backend);
                let writes = idb.store.saved(journal, now_ms());
                if !writes.is_empty() {
                    idb::post(&idb.channel, &writes);
                }
                // (The meter shows the site's usage here, not this count: a status that stays
                // the same does not draw the page again after every save.)
                match &idb.failed {
                    Some(_) => return None,
                    None => SaveStatus::Saved(0),
                }
            }
        };
        self.report(status)
    }

    /// Whether saves are journaled in localStorage (so a refused transaction loses nothing).
    fn journaled(&self) -> bool {
        matches!(&self.medium, Medium::Idb(idb) if idb.local.is_some())
    }

    /// Why the last IndexedDB transaction failed.
    fn failure(&self) -> Option<&str> {
        match &self.medium {
            Medium::Idb(idb) => idb.failed.as_deref(),
            _ => None,
        }
    }

    /// The new status, and a notice when it changed for the worse (or back to good).
    fn report(&mut self, status: SaveStatus) -> Option<(SaveStatus, Option<(NoticeKind, String)>)> {
        if self.last.as_ref() == Some(&status) {
            return None;
        }
        let was_failing = matches!(self.last, Some(SaveStatus::Full | SaveStatus::Unavailable));
        self.last = Some(status.clone());
        let notice = match &status {
            SaveStatus::Full => Some((
                NoticeKind::Error,
                "Browser storage is full: your latest changes are NOT saved. Nothing is lost while \
                 this page stays open — delete articles you no longer need, or export your work."
                    .to_owned(),
            )),
            // IndexedDB refused a transaction: the changes wait in the journal and the outbox.
            SaveStatus::Unavailable if self.journaled() => Some((
                NoticeKind::Error,
                format!(
                    "Your latest changes could not be stored in this browser's database ({}). \
                     They are kept in this page and in its journal, and are stored as soon as the \
                     database answers again.",
                    self.failure().unwrap_or("it stopped answering")
                ),
            )),
            SaveStatus::Unavailable => Some((
                NoticeKind::Error,
                unavailable_notice(&StorageError::Unavailable("it stopped answering".into())),
            )),
            SaveStatus::Saved(_) if was_failing => Some((
                NoticeKind::Info,
                "Everything is saved again.".to_owned(),
            )),
            _ => None,
        };
        Some((status, notice))
    }
}

/// Start the next IndexedDB transaction, when saves wait and none runs; as each commits, the
/// next starts, and the site's usage is measured again. A transaction that fails leaves its
/// saves queued (and journaled) for the next save or [`pump`].
pub fn pump(persist: &SharedPersist, dispatch: &Callback<Action>) {
    let started = {
        let mut guard = persist.borrow_mut();
        let Some(p) = guard.as_mut() else { return };
        if p.saver.disabled {
            return;
        }
        let Medium::Idb(idb) = &mut p.medium else {
            return;
        };
        idb.store
            .outbox
            .start()
            .map(|writes| (idb.db.clone(), writes))
    };
    let Some((db, writes)) = started else { return };
    let (persist, dispatch) = (persist.clone(), dispatch.clone());
    idb::commit(&db, &writes, move |error| {
        let outcome = {
            let mut guard = persist.borrow_mut();
            let Some(p) = guard.as_mut() else { return };
            let Medium::Idb(idb) = &mut p.medium else {
                return;
            };
            let journal = idb.local.as_mut().map(|l| l as &mut dyn Backend);
            idb.store.finished(journal, error.is_none());
            // From the first commit on, the corpus lives in IndexedDB: should it fail to open
            // one day, the app must not start a second, empty corpus in localStorage.
            if let (None, Some(local)) = (&error, idb.local.as_mut()) {
                if !idb.marked {
                    idb.marked = local.get(MIGRATED_KEY).ok().flatten().is_some()
                        || local.set(MIGRATED_KEY, &now_ms().to_string()).is_ok();
                }
            }
            let status = match &error {
                None => SaveStatus::Saved(0),
                Some(why) if why == "QuotaExceededError" => SaveStatus::Full,
                Some(_) => SaveStatus::Unavailable,
            };
            let committed = error.is_none();
            idb.failed = error;
            (committed, p.report(status))
        };
        let (committed, outcome) = outcome;
        if let Some((status, notice)) = outcome {
            dispatch.emit(Action::Saved(status, notice));
        }
        if !committed {
            return;
        }
        pump(&persist, &dispatch);
        // The meter, at most every USAGE_EVERY_MS (each new figure draws the page again): at
        // once when the last measure is that old, else once that long after it.
        let now = js_sys::Date::now();
        let wait = persist
            .borrow_mut()
            .as_mut()
            .and_then(|p| match &mut p.medium {
                Medium::Idb(idb) if !idb.store.outbox.busy() && !idb.measure_due => {
                    let wait = (idb.measured + USAGE_EVERY_MS - now).max(0.0);
                    idb.measure_due = true;
                    Some(wait)
                }
                _ => None,
            });
        if let Some(wait) = wait {
            let persist = persist.clone();
            gloo::timers::callback::Timeout::new(wait as u32, move || {
                if let Some(Medium::Idb(idb)) = persist.borrow_mut().as_mut().map(|p| &mut p.medium)
                {
                    idb.measure_due = false;
                    idb.measured = js_sys::Date::now();
                }
                measure_usage(&dispatch);
            })
            .forget();
        }
    });
}

/// Ask the browser how much the site stores and may store, for the header's meter.
pub fn measure_usage(dispatch: &Callback<Action>) {
    let dispatch = dispatch.clone();
    idb::estimate(move |usage| {
        if let Some((used, quota)) = usage {
            dispatch.emit(Action::StorageUsage(used, quota));
        }
    });
}
