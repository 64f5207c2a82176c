//! The app's side of persistence once it has started (`dom/startup.rs` loads): save after
//! every change, take in other tabs' writes, and say what happened. Nothing is written when
//! storage holds data from a newer version, and a failed save keeps everything in memory (and
//! in the journal) and says so.
//!
//! The store of record is IndexedDB (`dom/idb.rs`), with every save journaled to localStorage
//! first (`storage::outbox`); where IndexedDB cannot be opened, localStorage, as storage
//! version 5 did.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::Callback;

use crate::app::dom::idb;
use crate::app::dom::ids::now_ms;
use crate::app::state::{Action, NoticeKind, SaveStatus};
use crate::model::{Corpus, DocId};
use crate::storage::backend::{stored_bytes, Backend, StorageError};
use crate::storage::merge::RemoteChange;
use crate::storage::orphans::restore_orphans;
use crate::storage::outbox::{IdbStore, Write, MIGRATED_KEY};
use crate::storage::persist::{read_stored_doc, Saver};
use crate::storage::schema::{read_schema, DOC_PREFIX, INDEX_KEY, SCHEMA_KEY};
use crate::storage::web::LocalStorage;

/// Where this tab keeps the corpus.
pub(super) enum Medium {
    /// Nowhere: storage cannot be used.
    Memory,
    /// localStorage, as storage version 5 did (IndexedDB cannot be opened here).
    Local(LocalStorage),
    /// IndexedDB, with the journal in localStorage.
    Idb(Box<Idb>),
    /// IndexedDB, while a large corpus loads ([`finish_loading`]).
    Loading(Box<Loading>),
}

/// IndexedDB while a large corpus loads: the database, the journal, and what was read so far
/// (the list, the labels, the open article). Changes to the open article are saved against
/// that into the journal only: once everything is read, the journal is replayed on top and
/// committed, as at any start.
pub(super) struct Loading {
    pub(super) db: JsValue,
    pub(super) local: Option<LocalStorage>,
    pub(super) store: IdbStore,
    /// The rest is being read.
    pub(super) reading: bool,
}

pub(super) struct Idb {
    pub(super) db: JsValue,
    pub(super) store: IdbStore,
    /// The journal (`None`: localStorage cannot be used; saves go to IndexedDB only).
    pub(super) local: Option<LocalStorage>,
    /// The channel to the other tabs (`JsValue::NULL` until [`Persist::set_channel`]).
    pub(super) channel: JsValue,
    /// Why the last transaction failed, while the next has not committed.
    pub(super) failed: Option<String>,
    /// When the site's usage was last measured (ms since the Unix epoch).
    pub(super) measured: f64,
    /// A measure of the usage is set to run.
    pub(super) measure_due: bool,
    /// `marginalia:migrated` is set: the corpus lives in IndexedDB.
    pub(super) marked: bool,
}

/// How often the header's meter is measured again while saves commit (ms).
const USAGE_EVERY_MS: f64 = 5_000.0;

/// The storage side of the app, kept in a `use_mut_ref`.
pub struct Persist {
    pub(super) medium: Medium,
    pub(super) saver: Saver,
    pub(super) last: Option<SaveStatus>,
    /// Other tabs' writes heard while a large corpus loads, applied once it has.
    pub(super) heard: Vec<Vec<Write>>,
    /// The channel to the other tabs, kept here while a large corpus loads.
    pub(super) channel: Option<JsValue>,
    /// Documents whose text record is missing, as stored: brought back when their article is
    /// opened again (`storage::orphans`).
    pub(super) orphans: Vec<(DocId, String)>,
    /// Their annotations, brought back by the last save, to merge.
    pub(super) restored: Vec<RemoteChange>,
}

pub type SharedPersist = Rc<RefCell<Option<Persist>>>;

pub(super) fn now_stamp() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

pub(super) fn unavailable_notice(e: &StorageError) -> String {
    format!("Your work cannot be saved: {e}. It is kept only while this page stays open.")
}

impl Persist {
    /// Whether a large corpus is still loading here (only its open article is saved).
    pub fn loading(&self) -> bool {
        matches!(self.medium, Medium::Loading(_))
    }

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

    /// The annotations brought back by the last save (see [`Persist::save`]), to merge.
    pub fn take_restored(&mut self) -> Vec<RemoteChange> {
        std::mem::take(&mut self.restored)
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
        // An article whose text had gone missing, opened again: its annotations come back
        // (before this save writes the article as opened over them).
        if !self.orphans.is_empty() {
            let mut orphans = std::mem::take(&mut self.orphans);
            if let Some(backend) = self.backend() {
                let restored = restore_orphans(backend, &mut orphans, corpus);
                self.restored.extend(restored);
            }
            self.orphans = orphans;
        }
        self.saver.pages.now_ms = now_ms();
        let status = match &mut self.medium {
            Medium::Memory => return None,
            Medium::Loading(loading) => {
                // Only the open article's records (the saver writes no list while it loads).
                let _ = self.saver.save(&mut loading.store.mirror, corpus, active);
                let journal = loading.local.as_mut().map(|l| l as &mut dyn Backend);
                let writes = loading.store.saved(journal, now_ms());
                if let (false, Some(channel)) = (writes.is_empty(), &self.channel) {
                    idb::post(channel, &writes);
                }
                SaveStatus::Pending
            }
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
