//! IndexedDB as the store of record, with localStorage as the journal of every save
//! (docs/storage.md, "Where your work lives").
//!
//! The saver (`persist.rs`) writes to a [`Mirror`]: the stored records as this tab knows them,
//! held in memory behind the same synchronous [`Backend`] trait as localStorage, so loading,
//! saving, versions and merging stay exactly as they were. Each save's writes ([`Mirror::take`])
//! then go
//! 1. to the **journal** in localStorage ([`write_journal`]), synchronously, before the task
//!    that saved ends: a tab closed or killed right after an edit loses nothing;
//! 2. to the other tabs (a `BroadcastChannel`), which apply them to their own mirror;
//! 3. into the [`Outbox`], which commits them to IndexedDB in one transaction at a time. When a
//!    transaction commits, the journal entries it covers are removed; when it fails (storage
//!    full, aborted), its writes stay queued and in the journal, and the next one carries them.
//!
//! At start, the journal entries left behind are replayed over what IndexedDB holds
//! ([`read_journal`]) and committed again. Everything here is pure: the browser's side is
//! `app/dom/idb.rs`, and the tests below drive the outbox against a fault-injecting store.

use std::collections::HashMap;

use super::backend::{Backend, StorageError};
use super::schema::{backup_key, PREFIX, TEXT_PREFIX};
use crate::codec::json_out::write_string;

/// One write to the store: a key and its new value (`None`: remove the key).
pub type Write = (String, Option<String>);

/// Keys of journal entries in localStorage: `marginalia:journal:<ms, 12 hex>-<tab>-<n, hex>`,
/// so they sort by time.
pub const JOURNAL_PREFIX: &str = "marginalia:journal:";

/// Set in localStorage once the data stored there (storage version 5 and before) was copied
/// into IndexedDB and checked: its value is when (ms since the Unix epoch).
pub const MIGRATED_KEY: &str = "marginalia:migrated";

/// The name of the person at this browser (a setting, kept in localStorage).
pub const ANNOTATOR_KEY: &str = "marginalia:annotator";

/// localStorage keys that stay there: where the reader was, the journal, the migration mark,
/// the annotator's name.
fn stays_local(key: &str) -> bool {
    key == "marginalia:view"
        || key == MIGRATED_KEY
        || key == ANNOTATOR_KEY
        || key.starts_with(JOURNAL_PREFIX)
}

/// The stored records as this tab knows them (see the module's doc), with the writes made
/// since the last [`Mirror::take`].
///
/// The records are a list beside a `HashMap<String, usize>` of places, the map type the app
/// already has (a `HashMap<String, String>` copied the hash table code: docs/bundle-size.md).
#[derive(Debug, Default)]
pub struct Mirror {
    records: Vec<(String, String)>,
    at: HashMap<String, usize>,
    pending: Vec<Write>,
}

impl Mirror {
    /// What IndexedDB holds.
    pub fn new(records: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut mirror = Mirror::default();
        for (key, value) in records {
            mirror.put(&key, value);
        }
        mirror
    }

    fn put(&mut self, key: &str, value: String) {
        match self.at.get(key) {
            Some(&i) => self.records[i].1 = value,
            None => {
                self.at.insert(key.to_owned(), self.records.len());
                self.records.push((key.to_owned(), value));
            }
        }
    }

    fn delete(&mut self, key: &str) {
        let Some(i) = self.at.remove(key) else {
            return;
        };
        self.records.swap_remove(i);
        if let Some((moved, _)) = self.records.get(i) {
            if let Some(at) = self.at.get_mut(moved.as_str()) {
                *at = i;
            }
        }
    }

    /// The writes since the last call, one per key (its last), in the order of each key's
    /// last write: a page of spans before the document key that names it.
    pub fn take(&mut self) -> Vec<Write> {
        dedupe(std::mem::take(&mut self.pending))
    }

    /// Writes another tab made (and commits itself): applied here, not written again.
    pub fn apply_remote(&mut self, writes: &[Write]) {
        for (key, value) in writes {
            match value {
                Some(value) => self.put(key, value.clone()),
                None => self.delete(key),
            }
        }
    }

    /// Every record, by key.
    pub fn records(&self) -> HashMap<&str, &str> {
        self.records
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

impl Backend for Mirror {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.at.get(key).map(|&i| self.records[i].1.clone()))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.put(key, value.to_owned());
        self.pending.push((key.to_owned(), Some(value.to_owned())));
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.delete(key);
        self.pending.push((key.to_owned(), None));
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        Ok(self.records.iter().map(|(k, _)| k.clone()).collect())
    }
}

/// One write per key, the last one, in the order of the last writes.
fn dedupe(writes: Vec<Write>) -> Vec<Write> {
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, (key, _)) in writes.iter().enumerate() {
        last.insert(key, i);
    }
    let keep: Vec<bool> = (0..writes.len())
        .map(|i| last.get(writes[i].0.as_str()) == Some(&i))
        .collect();
    writes
        .into_iter()
        .zip(keep)
        .filter_map(|(w, k)| k.then_some(w))
        .collect()
}

/// The writes of one save, with the journal entry that holds them (`None`: it could not be
/// written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub journal: Option<String>,
    pub writes: Vec<Write>,
}

/// Saves on their way to IndexedDB, one transaction at a time (see the module's doc).
#[derive(Debug, Default)]
pub struct Outbox {
    queued: Vec<Batch>,
    in_flight: Vec<Batch>,
    /// A transaction is running.
    busy: bool,
}

impl Outbox {
    pub fn push(&mut self, batch: Batch) {
        if !batch.writes.is_empty() || batch.journal.is_some() {
            self.queued.push(batch);
        }
    }

    /// The writes of the next transaction: every queued batch, one write per key. `None` while
    /// one runs, or when nothing waits.
    pub fn start(&mut self) -> Option<Vec<Write>> {
        if self.busy || self.queued.is_empty() {
            return None;
        }
        self.busy = true;
        self.in_flight = std::mem::take(&mut self.queued);
        let writes = self
            .in_flight
            .iter()
            .flat_map(|b| b.writes.iter().cloned())
            .collect();
        Some(dedupe(writes))
    }

    /// The running transaction ended. Committed: the journal entries it covered, to remove.
    /// Failed: its batches wait again, before any queued since.
    pub fn finish(&mut self, committed: bool) -> Vec<String> {
        self.busy = false;
        let done = std::mem::take(&mut self.in_flight);
        if committed {
            done.into_iter().filter_map(|b| b.journal).collect()
        } else {
            self.queued.splice(0..0, done);
            Vec::new()
        }
    }

    /// Saves not yet committed (queued or in the running transaction).
    pub fn waiting(&self) -> usize {
        self.queued.len() + self.in_flight.len()
    }

    pub fn busy(&self) -> bool {
        self.busy
    }
}

/// The key of a journal entry (see [`JOURNAL_PREFIX`]).
pub fn journal_key(now_ms: u64, tab: &str, n: u64) -> String {
    format!("{JOURNAL_PREFIX}{now_ms:012x}-{tab}-{n:x}")
}

/// A journal entry: `{"schema":"marginalia-journal","version":1,"writes":[[key, value|null]…]}`.
pub fn write_entry<'a>(writes: impl IntoIterator<Item = &'a Write>) -> String {
    let mut out = String::from(r#"{"schema":"marginalia-journal","version":1,"writes":["#);
    for (i, (key, value)) in writes.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        write_string(&mut out, key);
        out.push(',');
        match value {
            Some(value) => write_string(&mut out, value),
            None => out.push_str("null"),
        }
        out.push(']');
    }
    out.push_str("]}");
    out
}

/// The writes of a journal entry, each key checked to be Marginalia's and not the journal's
/// own. (The values are checked like any stored value when they are loaded.)
pub fn read_entry(raw: &str) -> Result<Vec<Write>, String> {
    let value: crate::codec::json_value::Value =
        crate::codec::json_in::from_str(raw).map_err(|e| e.to_string())?;
    if value.get("schema").and_then(|s| s.as_str()) != Some("marginalia-journal") {
        return Err("not a journal entry".into());
    }
    if value.get("version").and_then(|v| v.as_u64()) != Some(1) {
        return Err("a journal entry of another version".into());
    }
    let writes = value
        .get("writes")
        .and_then(|w| w.as_array())
        .ok_or("no writes")?;
    writes
        .iter()
        .map(|w| {
            let pair = w
                .as_array()
                .filter(|p| p.len() == 2)
                .ok_or("a write is not a pair")?;
            let key = pair[0].as_str().ok_or("a key is not a string")?;
            if !key.starts_with(PREFIX) || stays_local(key) {
                return Err(format!("a write to “{key}”, which is not a stored record"));
            }
            let value = match &pair[1] {
                crate::codec::json_value::Value::Null => None,
                crate::codec::json_value::Value::String(s) => Some(s.clone()),
                _ => return Err("a value is not a string".into()),
            };
            Ok((key.to_owned(), value))
        })
        .collect()
}

/// Write a save's journal entry under `key`. When localStorage is too full for it, the texts
/// (written once, and large) are left out; when even that does not fit, or localStorage
/// cannot be used, there is no entry (`None`), and the save is only in IndexedDB's hands.
pub fn write_journal(local: &mut dyn Backend, key: String, writes: &[Write]) -> Option<String> {
    if writes.is_empty() {
        return None;
    }
    match local.set(&key, &write_entry(writes)) {
        Ok(()) => return Some(key),
        Err(StorageError::Unavailable(_)) => return None,
        Err(StorageError::Quota) => {}
    }
    let small: Vec<&Write> = writes
        .iter()
        .filter(|(k, _)| !k.starts_with(TEXT_PREFIX))
        .collect();
    if small.len() == writes.len() {
        return None;
    }
    local.set(&key, &write_entry(small)).ok().map(|()| key)
}

/// The keys of the journal entries in `local`, oldest first.
pub fn journal_keys(local: &dyn Backend) -> Vec<String> {
    let mut keys: Vec<String> = local
        .keys()
        .unwrap_or_default()
        .into_iter()
        .filter(|k| k.starts_with(JOURNAL_PREFIX))
        .collect();
    // Through the app's one sort routine (a `sort` of its own copies the sort code for `String`).
    crate::model::sort::sort_with(&mut keys, &|a, b| a.cmp(b));
    keys
}

/// The journal entries left in localStorage, oldest first, as batches to replay; an entry that
/// cannot be read is copied aside (a backup key) and removed, with a message.
pub fn read_journal(local: &mut dyn Backend, stamp: &str) -> (Vec<Batch>, Vec<String>) {
    let keys = journal_keys(&*local);
    let mut batches = Vec::new();
    let mut problems = Vec::new();
    for key in keys {
        let Ok(Some(raw)) = local.get(&key) else {
            continue;
        };
        match read_entry(&raw) {
            Ok(writes) => batches.push(Batch {
                journal: Some(key),
                writes,
            }),
            Err(why) => {
                let backup = backup_key(stamp, &key);
                if local.set(&backup, &raw).is_ok() {
                    let _ = local.remove(&key);
                }
                problems.push(format!(
                    "A change kept in the journal under “{key}” could not be read ({why}); it was kept under “{backup}”."
                ));
            }
        }
    }
    (batches, problems)
}

/// What to copy from localStorage into IndexedDB, once: every Marginalia record stored there
/// (storage version 5 and before, which the loader migrates as it reads them), but not what
/// stays local (see [`stays_local`]). Empty when there is nothing, or when it was copied before.
pub fn legacy_records(local: &dyn Backend) -> Vec<(String, String)> {
    if local.get(MIGRATED_KEY).ok().flatten().is_some() {
        return Vec::new();
    }
    let keys = local.keys().unwrap_or_default();
    keys.into_iter()
        .filter(|k| k.starts_with(PREFIX) && !stays_local(k))
        .filter_map(|k| {
            let v = local.get(&k).ok().flatten()?;
            Some((k, v))
        })
        .collect()
}

/// Whether IndexedDB, read back after the copy, holds every record exactly.
pub fn copied_exactly(copied: &[(String, String)], read_back: &[(String, String)]) -> bool {
    let mut at: HashMap<&str, usize> = HashMap::with_capacity(read_back.len());
    for (i, (key, _)) in read_back.iter().enumerate() {
        at.insert(key, i);
    }
    copied
        .iter()
        .all(|(k, v)| at.get(k.as_str()).is_some_and(|&i| &read_back[i].1 == v))
}

/// After a checked copy: mark it done, then remove the copied records from localStorage
/// (which the journal needs the room of).
pub fn finish_migration(
    local: &mut dyn Backend,
    copied: &[(String, String)],
    now_ms: u64,
) -> Result<(), StorageError> {
    local.set(MIGRATED_KEY, &now_ms.to_string())?;
    for (key, _) in copied {
        local.remove(key)?;
    }
    Ok(())
}

/// The IndexedDB side of a tab: its [`Mirror`], its [`Outbox`], and how it names journal
/// entries.
#[derive(Debug, Default)]
pub struct IdbStore {
    pub mirror: Mirror,
    pub outbox: Outbox,
    /// This page load's part of journal keys.
    pub tab: String,
    entries: u64,
}

impl IdbStore {
    /// A store whose mirror is `mirror` (nothing in its outbox).
    pub fn on(mirror: Mirror, tab: &str) -> Self {
        IdbStore {
            mirror,
            tab: tab.to_owned(),
            ..IdbStore::default()
        }
    }

    /// Name journal entries after those of `before` (the same page's store while a large
    /// corpus loaded), so no key is written twice.
    pub fn follow(&mut self, before: &IdbStore) {
        self.entries = self.entries.max(before.entries);
    }

    /// Open on what IndexedDB holds (`records`), replaying the journal entries left in
    /// `local` (a tab closed before they were committed): they go on top, and into the outbox
    /// to be committed. Returns a message per entry that could not be read.
    pub fn reopen(
        records: impl IntoIterator<Item = (String, String)>,
        local: Option<&mut dyn Backend>,
        tab: &str,
        stamp: &str,
    ) -> (Self, Vec<String>) {
        let mut store = IdbStore {
            mirror: Mirror::new(records),
            tab: tab.to_owned(),
            ..IdbStore::default()
        };
        let (batches, problems) = match local {
            Some(local) => read_journal(local, stamp),
            None => Default::default(),
        };
        for batch in batches {
            store.mirror.apply_remote(&batch.writes);
            store.outbox.push(batch);
        }
        (store, problems)
    }

    /// After a save to the mirror: its writes go to the journal (at `now_ms`) and the outbox.
    /// Returns them, for the other tabs (empty: the save wrote nothing).
    pub fn saved(&mut self, local: Option<&mut dyn Backend>, now_ms: u64) -> Vec<Write> {
        let writes = self.mirror.take();
        if writes.is_empty() {
            return writes;
        }
        self.entries += 1;
        let key = journal_key(now_ms, &self.tab, self.entries);
        let journal = local.and_then(|local| write_journal(local, key, &writes));
        self.outbox.push(Batch {
            journal,
            writes: writes.clone(),
        });
        writes
    }

    /// The transaction started with [`Outbox::start`] ended: on a commit, its journal entries
    /// are removed from `local`.
    pub fn finished(&mut self, local: Option<&mut dyn Backend>, committed: bool) {
        let done = self.outbox.finish(committed);
        if let Some(local) = local {
            for key in done {
                let _ = local.remove(&key);
            }
        }
    }
}
