//! The app's side of persistence: load the corpus at start, save after every change, and say
//! what happened. Nothing is written before loading has finished, nothing when storage holds
//! data from a newer version, and a failed save keeps everything in memory and says so.

use std::rc::Rc;

use super::state::{AppState, NoticeKind, RemoteChange, SaveStatus};
use crate::model::{Corpus, DocId, Workspace};
use crate::samples::sample_documents;
use crate::storage::backend::{stored_bytes, StorageError};
use crate::storage::persist::{load, read_stored_doc, Saver};
use crate::storage::schema::{read_schema, DOC_PREFIX, INDEX_KEY, SCHEMA_KEY};
use crate::storage::web::LocalStorage;

/// The storage side of the app, kept in a `use_mut_ref`.
pub struct Persist {
    backend: Option<LocalStorage>,
    saver: Saver,
    last: Option<SaveStatus>,
}

fn now_stamp() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

fn unavailable_notice(e: &StorageError) -> String {
    format!("Your work cannot be saved: {e}. It is kept only while this page stays open.")
}

/// Storage cannot be used: start on the samples, keep everything in memory, and say so.
fn in_memory_only(e: &StorageError) -> (AppState, Persist) {
    let mut state = AppState::new(Workspace::new(sample_documents()));
    state.push_notice(NoticeKind::Error, unavailable_notice(e));
    state.save_status = SaveStatus::Unavailable;
    let persist = Persist {
        backend: None,
        saver: Saver::default(),
        last: Some(SaveStatus::Unavailable),
    };
    (state, persist)
}

/// Load what this browser has stored (or the samples on a first start).
pub fn boot() -> (AppState, Persist) {
    let mut backend = match LocalStorage::open() {
        Ok(backend) => backend,
        Err(e) => return in_memory_only(&e),
    };
    let loaded = load(&mut backend, &now_stamp());
    if let Some(e) = loaded.unavailable {
        return in_memory_only(&e);
    }
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
    let last = Some(state.save_status.clone());
    (
        state,
        Persist {
            backend: Some(backend),
            saver,
            last,
        },
    )
}

impl Persist {
    /// A `storage` event (another tab wrote `key`): update what this tab knows is stored and
    /// say what changed. Values that cannot be read are ignored here (the next start reports
    /// them).
    pub fn on_storage_event(
        &mut self,
        key: Option<String>,
        value: Option<String>,
    ) -> Option<RemoteChange> {
        if self.backend.is_none() || self.saver.disabled {
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
                // Its text is stored apart (written before it) or inside it.
                let backend = self.backend.as_ref()?;
                let (read, text) = read_stored_doc(backend, &id, &raw);
                let (remote, remote_deleted) = read.ok().filter(|(e, _)| e.doc.id == id)?;
                let local_deleted = self.saver.deleted(&id);
                self.saver.adopt(
                    Rc::new(remote.clone()),
                    stored_bytes(&key, &raw),
                    text,
                    remote_deleted.clone(),
                );
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

    /// Save the changes; returns the new status and a notice to show when it changed for the
    /// worse.
    pub fn save(
        &mut self,
        corpus: &Corpus,
        active: Option<&DocId>,
    ) -> Option<(SaveStatus, Option<(NoticeKind, String)>)> {
        let backend = self.backend.as_mut()?;
        if self.saver.disabled {
            return None;
        }
        let status = match self.saver.save(backend, corpus, active) {
            Ok(_) => SaveStatus::Saved(self.saver.used_bytes()),
            Err(StorageError::Quota) => SaveStatus::Full,
            Err(StorageError::Unavailable(_)) => SaveStatus::Unavailable,
        };
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

/// How long after a change it is written (the persistence notes allow up to 300 ms, with a
/// flush when the page hides).
pub const SAVE_DELAY_MS: u32 = 200;

/// Saving off the input path: a change is saved [`SAVE_DELAY_MS`] after the frame that shows
/// it, so typing and tagging never wait for storage, and a burst of changes is saved once.
/// [`Autosave::flush`] saves at once: the page calls it when it is hidden or closed, so no
/// change is ever left unsaved behind the timer.
#[derive(Clone)]
pub struct Autosave {
    inner: Rc<std::cell::RefCell<AutosaveInner>>,
}

struct AutosaveInner {
    persist: Rc<std::cell::RefCell<Option<Persist>>>,
    dispatch: yew::Callback<super::state::Action>,
    /// The latest corpus and open document not saved yet.
    pending: Option<(Corpus, Option<DocId>)>,
    /// How many documents the last change had (`None` before the first).
    docs: Option<usize>,
    scheduled: bool,
    /// Handles of the last frame and task asked for (kept alive until replaced).
    frame: Option<gloo::render::AnimationFrame>,
    task: Option<gloo::timers::callback::Timeout>,
}

impl Autosave {
    pub fn new(
        persist: Rc<std::cell::RefCell<Option<Persist>>>,
        dispatch: yew::Callback<super::state::Action>,
    ) -> Self {
        Autosave {
            inner: Rc::new(std::cell::RefCell::new(AutosaveInner {
                persist,
                dispatch,
                pending: None,
                docs: None,
                scheduled: false,
                frame: None,
                task: None,
            })),
        }
    }

    /// The corpus changed: save it after the next paint. A change to the list of documents
    /// (articles opened, imported or deleted: rare, and large) is saved at once, so it never
    /// depends on the flush when the page goes away.
    pub fn changed(&self, corpus: Corpus, active: Option<DocId>) {
        let mut inner = self.inner.borrow_mut();
        let docs = corpus.len();
        let list_changed = inner.docs.is_some_and(|n| n != docs);
        inner.docs = Some(docs);
        inner.pending = Some((corpus, active));
        if list_changed {
            drop(inner);
            self.flush();
            return;
        }
        if inner.scheduled {
            return;
        }
        inner.scheduled = true;
        let me = self.clone();
        inner.frame = Some(gloo::render::request_animation_frame(move |_| {
            let later = me.clone();
            let task = gloo::timers::callback::Timeout::new(SAVE_DELAY_MS, move || later.flush());
            me.inner.borrow_mut().task = Some(task);
        }));
    }

    /// Save what is pending, now.
    pub fn flush(&self) {
        let (pending, persist, dispatch) = {
            let mut inner = self.inner.borrow_mut();
            inner.scheduled = false;
            (
                inner.pending.take(),
                inner.persist.clone(),
                inner.dispatch.clone(),
            )
        };
        let Some((corpus, active)) = pending else {
            return;
        };
        let outcome = persist
            .borrow_mut()
            .as_mut()
            .and_then(|p| p.save(&corpus, active.as_ref()));
        if let Some((status, notice)) = outcome {
            dispatch.emit(super::state::Action::Saved(status, notice));
        }
    }
}
