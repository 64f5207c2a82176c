//! Starting: load what this browser stores and build the app's first state. IndexedDB answers
//! through callbacks, so [`prepare`] loads and then the app is mounted on what it found
//! ([`boot`]). A corpus of over [`LARGE`] articles opens on its article first and reads the rest
//! while it is shown ([`finish_loading`]); that article can be annotated meanwhile (its changes
//! go to the journal, which the full start replays). The first start with an empty database moves the
//! data storage version 5 kept in localStorage into it, checked; where IndexedDB cannot be
//! opened, localStorage keeps the corpus, and the app says so (docs/storage.md).

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use yew::Callback;

use crate::app::dom::idb;
use crate::app::dom::ids::{now_ms, tab_part};
use crate::app::dom::persistence::{
    measure_usage, now_stamp, pump, unavailable_notice, Idb, Loading, Medium, Persist,
    SharedPersist,
};
use crate::app::state::{Action, AppState, Meter, NoticeKind, SaveStatus};
use crate::model::{DocId, Workspace};
use crate::samples::sample_documents;
use crate::storage::backend::{Backend, StorageError};
use crate::storage::outbox::{
    copied_exactly, finish_migration, journal_keys, legacy_records, read_entry, IdbStore, Write,
    MIGRATED_KEY,
};
use crate::storage::persist::{load_at, Loaded, Saver};
use crate::storage::schema::{
    doc_key, page_key, read_index, text_key, StoredIndex, INDEX_KEY, SCHEMA_KEY,
};
use crate::storage::web::LocalStorage;

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
            _ => read_all(db2, ready),
        }
    });
}

/// Read every record, then start on them.
fn read_all(db: JsValue, ready: impl FnOnce() + 'static) {
    idb::read(&db.clone(), move |read| match read {
        Ok(records) => open_idb(db, records, ready),
        Err(why) => booted(without_idb(&why), ready),
    });
}

/// The page keys a stored document names (`pages`), read from its value.
fn named_pages(id: &str, raw: &str) -> Vec<String> {
    let value: crate::codec::json_value::Value =
        crate::codec::json_in::from_str(raw).unwrap_or_default();
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
        return read_all(db, ready);
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
            // What reading wrote, if anything, is the full start's to write.
            let _ = mirror.take();
            let store = IdbStore::on(mirror, &tab_part());
            let medium = Medium::Loading(Box::new(Loading {
                db: db3,
                local,
                store,
                reading: false,
            }));
            let (mut state, mut persist) = started(loaded, medium, Vec::new());
            // The open article's changes are saved; the list, the labels and the other
            // articles are not known yet.
            persist.saver.docs_only = true;
            state.loading = Some(list.docs.len());
            state.save_status = SaveStatus::Pending;
            booted((state, persist), ready);
        });
    });
}

/// The writes of each journal entry that can be read (nothing is changed: the full start
/// replays and trims them).
fn read_journal_entries(local: &LocalStorage) -> Vec<Vec<Write>> {
    journal_keys(local)
        .iter()
        .filter_map(|k| read_entry(&local.get(k).ok()??).ok())
        .collect()
}

/// The rest of a large corpus, read while its open article is shown: the app then holds and
/// saves everything, as after any other start. Another tab's writes heard meanwhile are
/// applied on top.
pub fn finish_loading(persist: &SharedPersist, dispatch: &Callback<Action>) {
    // The open article's changes go on being saved (journaled) while the rest is read.
    let db = match persist.borrow_mut().as_mut().map(|p| &mut p.medium) {
        Some(Medium::Loading(loading)) if !loading.reading => {
            loading.reading = true;
            loading.db.clone()
        }
        _ => return,
    };
    let (persist, dispatch) = (persist.clone(), dispatch.clone());
    idb::read(&db, move |read| {
        let records = match read {
            Ok(records) => records,
            Err(why) => {
                // The open article stays shown (the app is still "loading"; its changes are
                // still journaled), and nothing else is written: the stored corpus is left as
                // it is.
                let text = format!(
                    "Your other articles could not be read from this browser's database ({why}). \
                     Nothing was changed there: reload to try again."
                );
                return dispatch.emit(Action::Notify(NoticeKind::Error, text));
            }
        };
        let loading = match persist.borrow_mut().as_mut().map(|p| &mut p.medium) {
            Some(medium @ Medium::Loading(_)) => std::mem::replace(medium, Medium::Memory),
            _ => return,
        };
        let Medium::Loading(parts) = loading else {
            return;
        };
        let Loading {
            db, local, store, ..
        } = *parts;
        let (heard, channel) = persist
            .borrow_mut()
            .as_mut()
            .map(|p| (std::mem::take(&mut p.heard), p.channel.take()))
            .unwrap_or_default();
        // The journal now also holds the open article's changes made meanwhile.
        let (state, mut full) = boot_idb(db, records, local, Vec::new(), Some(&store));
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
        let booted = boot_idb(db, records, local, notes, None);
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
            let read = match read {
                Ok(read) => read,
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
            let booted = boot_idb(db3, read, local, vec![(NoticeKind::Info, note)], None);
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
        orphans: Vec::new(),
        restored: Vec::new(),
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
    before: Option<&IdbStore>,
) -> (AppState, Persist) {
    let journal = local.as_mut().map(|l| l as &mut dyn Backend);
    let (mut store, problems) = IdbStore::reopen(records, journal, &tab_part(), &now_stamp());
    if let Some(before) = before {
        store.follow(before);
    }
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
    mut loaded: Loaded,
    medium: Medium,
    notes: Vec<(NoticeKind, String)>,
) -> (AppState, Persist) {
    let meter = match medium {
        Medium::Idb(_) => Meter::Site(None),
        _ => Meter::Local,
    };
    let orphans = std::mem::take(&mut loaded.orphans);
    let me = crate::app::dom::annotator::stored_name();
    loaded.give_legacy_statuses(&me);
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
    state.annotator = me;
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
            orphans,
            restored: Vec::new(),
        },
    )
}
