//! Loading the corpus from storage and saving each change to it.
//!
//! Guarantees (each tested below): corrupt values are copied aside under a backup key, never
//! overwritten, and the rest loads; data from a newer version opens read-only and is never
//! written; an edit writes only the documents it changed; a failed write (full quota) keeps
//! everything in memory and is retried with the next change; a save that stops half-way
//! leaves each document as it was.
//!
//! A document with many spans keeps them in pages (schema version 5): an edit writes the pages
//! whose spans changed, each under a new key, then the document's key naming them; the pages
//! it no longer names are removed [`RETIRE_MS`] later, by this tab's next save or by the next
//! start's load, so that another tab that has not yet seen this write never names a page
//! that is gone.

use crate::model::set::Set;
use std::collections::HashMap;
use std::rc::Rc;

use super::backend::{stored_bytes, Backend, StorageError};
use super::loaded::{DocStates, StoredDoc};
pub use super::loaded::{DocTombstones, Loaded, StoredPage, StoredSize};
use super::schema::{
    backup_key, doc_key, page_count, page_key, page_key_parts, page_of, page_tag, page_tag_time,
    read_doc_split, read_index, read_schema, text_key, write_doc, write_doc_spans, write_index,
    write_page, write_schema, write_text, Known, LabelIdSet, ReadDoc, ReadError, Tombstones,
    DOC_PREFIX, INDEX_KEY, SCHEMA_KEY,
};
use crate::model::{Corpus, DocEntry, DocId, Edit, LabelSchema, Span};

/// How long a page of spans stays stored after no document key of this tab names it (ms):
/// longer than any other tab takes to see that key's new value.
pub const RETIRE_MS: u64 = 60_000;

/// What the user is told about a document whose text is missing (its stored value is also
/// copied to a backup key, as for any value that cannot be read).
fn orphan_message(raw: &str) -> String {
    let value: crate::codec::json_value::Value =
        crate::codec::json_in::from_str(raw).unwrap_or_default();
    let title = value
        .get("title")
        .and_then(|t| t.as_str())
        .unwrap_or("an article");
    format!(
        "The text of “{title}” is missing from this browser's storage, so it cannot be shown. \
         Its annotations are kept: open the article's file again to bring them back."
    )
}

/// A stored document as read, with what its parts take in storage.
#[derive(Debug)]
pub struct StoredRead {
    pub doc: ReadDoc,
    /// Bytes its text's key takes (`None`: the text is inside, or missing).
    pub text: Option<usize>,
    /// Its pages, in page order.
    pub pages: Vec<StoredPage>,
}

/// Copy an unreadable value aside (the original stays where it was).
fn quarantine(backend: &mut dyn Backend, stamp: &str, key: &str, raw: &str, why: &str) -> String {
    let backup = backup_key(stamp, key);
    match backend.set(&backup, raw) {
        Ok(()) => format!("Stored data under “{key}” could not be read ({why}); a copy was kept under “{backup}”."),
        Err(_) => format!("Stored data under “{key}” could not be read ({why}); it was left untouched."),
    }
}

/// Read the stored document `raw` of `id`, with its text and its pages of spans from their
/// own keys when they are stored apart. With `known` (what this tab holds as stored of the
/// document, and its pages), the text and the unchanged pages are taken from it instead.
pub fn read_stored_doc(
    backend: &dyn Backend,
    id: &DocId,
    raw: &str,
    known: Option<(&DocEntry, &[StoredPage])>,
) -> Result<StoredRead, ReadError> {
    let text = text_key(id);
    let mut text_size = None;
    // Bytes of each page read, by key.
    let mut read_sizes: Vec<(String, usize)> = Vec::new();
    let known_doc = known.map(|(entry, pages)| Known {
        entry,
        pages: pages.iter().map(|p| p.tag.as_str()).collect(),
    });
    let doc = read_doc_split(raw, known_doc.as_ref(), |key| {
        let value = backend.get(key).map_err(|e| e.to_string())?;
        if let Some(value) = &value {
            if key == text {
                text_size = Some(stored_bytes(key, value));
            } else {
                read_sizes.push((key.to_owned(), stored_bytes(key, value)));
            }
        }
        Ok(value)
    })?;
    let known_size = |tag: &str| {
        known
            .and_then(|(_, pages)| pages.iter().find(|p| p.tag == tag))
            .map(|p| p.size)
    };
    let pages = doc
        .pages
        .iter()
        .map(|tag| {
            let key = page_key(id, tag);
            let read = read_sizes.iter().find(|(k, _)| *k == key).map(|(_, n)| *n);
            StoredPage {
                tag: tag.clone(),
                size: read.or_else(|| known_size(tag)).unwrap_or_default(),
            }
        })
        .collect();
    Ok(StoredRead {
        doc,
        text: text_size,
        pages,
    })
}

/// Load everything. `stamp` names backup keys (the current time).
pub fn load(backend: &mut dyn Backend, stamp: &str) -> Loaded {
    load_at(backend, stamp, 0)
}

/// [`load`], then remove the pages of spans no document key names that were written, and
/// stopped being named, more than [`RETIRE_MS`] before `now_ms` (ms since the Unix epoch):
/// left by a tab closed before it removed them, or by a save that stopped half-way.
pub fn load_at(backend: &mut dyn Backend, stamp: &str, now_ms: u64) -> Loaded {
    let mut out = Loaded::default();
    let keys = match backend.keys() {
        Ok(keys) => keys,
        Err(e) => {
            out.unavailable = Some(e);
            return out;
        }
    };
    let doc_keys: Vec<&String> = keys.iter().filter(|k| k.starts_with(DOC_PREFIX)).collect();
    // The schema first: every document is checked against it. Absent: the default.
    match backend.get(SCHEMA_KEY) {
        Ok(Some(raw)) => {
            out.found = true;
            match read_schema(&raw) {
                Ok((schema, deleted)) => {
                    out.corpus = Corpus::with_schema(schema);
                    out.deleted_labels = deleted;
                }
                Err(ReadError::Newer(v)) => out.newer = Some(v),
                Err(ReadError::Corrupt(why)) => {
                    let message = quarantine(backend, stamp, SCHEMA_KEY, &raw, &why);
                    out.problems.push(message);
                }
            }
        }
        Ok(None) => {}
        Err(e) => {
            out.unavailable = Some(e);
            return out;
        }
    }
    let mut order: Vec<String> = Vec::new();
    match backend.get(INDEX_KEY) {
        Ok(Some(raw)) => {
            out.found = true;
            match read_index(&raw) {
                Ok(index) => {
                    order = index.docs;
                    out.active = index.active.map(DocId);
                }
                Err(ReadError::Newer(v)) => out.newer = Some(out.newer.map_or(v, |n| n.max(v))),
                Err(ReadError::Corrupt(why)) => {
                    let message = quarantine(backend, stamp, INDEX_KEY, &raw, &why);
                    out.problems.push(message);
                }
            }
        }
        Ok(None) => out.found |= !doc_keys.is_empty(),
        Err(e) => {
            out.unavailable = Some(e);
            return out;
        }
    }
    // Documents not in the index (a save interrupted between a document and the index) are
    // kept too, after the listed ones.
    for key in &doc_keys {
        let id = &key[DOC_PREFIX.len()..];
        if !order.iter().any(|o| o == id) {
            order.push(id.to_owned());
        }
    }
    // Each document key found: when it was written and the pages it names (`None`: it could
    // not be read, so its pages are left alone).
    let mut heads: Vec<(String, Named)> = Vec::new();
    for id in order {
        let key = doc_key(&DocId(id.clone()));
        let raw = match backend.get(&key) {
            Ok(Some(raw)) => raw,
            // Listed but gone: a deletion whose index write did not happen.
            Ok(None) => continue,
            Err(_) => {
                heads.push((id.clone(), None));
                continue;
            }
        };
        heads.push((id.clone(), None));
        let read = read_stored_doc(backend, &DocId(id.clone()), &raw, None);
        let (entry, text_size, pages, saved) = match read {
            Ok(read) if read.doc.entry.doc.id.0 == id => {
                let StoredRead { doc, text, pages } = read;
                if !doc.deleted.is_empty() {
                    out.tombstones
                        .0
                        .push((doc.entry.doc.id.clone(), doc.deleted));
                }
                if let Some(status) = doc.legacy_status {
                    out.legacy.push((doc.entry.doc.id.clone(), status));
                }
                (doc.entry, text, pages, doc.saved)
            }
            Ok(_) => {
                let message =
                    quarantine(backend, stamp, &key, &raw, "its id does not match its key");
                out.problems.push(message);
                continue;
            }
            Err(ReadError::Newer(v)) => {
                out.newer = Some(out.newer.map_or(v, |n| n.max(v)));
                continue;
            }
            Err(ReadError::Corrupt(why)) => {
                let message = quarantine(backend, stamp, &key, &raw, &why);
                // Its text record is gone (site data cleared in part, a record lost): the
                // annotations wait for the article to be opened again (`storage::orphans`).
                let doc = DocId(id.clone());
                if matches!(backend.get(&text_key(&doc)), Ok(None)) {
                    out.problems.push(orphan_message(&raw));
                    out.orphans.push((doc, raw));
                } else {
                    out.problems.push(message);
                }
                continue;
            }
        };
        let index = out.corpus.len();
        let doc = entry.doc.id.clone();
        if let Err(e) = out.corpus.apply(Edit::insert_documents(index, vec![entry])) {
            let message = quarantine(backend, stamp, &key, &raw, &e.to_string());
            out.problems.push(message);
        } else {
            if let Some(head) = heads.last_mut() {
                head.1 = Some((saved, pages.iter().map(|p| p.tag.clone()).collect()));
            }
            out.sizes.push(StoredSize {
                id: doc,
                doc: stored_bytes(&key, &raw),
                text: text_size,
                pages,
            });
        }
    }
    if out.newer.is_none() {
        remove_old_pages(backend, &keys, &heads, now_ms);
    }
    if out
        .active
        .as_ref()
        .is_some_and(|a| out.corpus.entry(a).is_none())
    {
        out.active = None;
    }
    out
}

/// What a document key found at load names: when it was written and the tags of its pages;
/// `None` when it could not be read.
type Named = Option<(Option<u64>, Vec<String>)>;

/// Remove the pages of spans (keys among `keys`) that no document key names, written more
/// than [`RETIRE_MS`] before `now_ms` and whose document key was too (so it stopped naming them
/// at least that long ago). `heads`: each document key found, with when it was written and the
/// tags it names; `None` when it could not be read (its pages are kept).
fn remove_old_pages(
    backend: &mut dyn Backend,
    keys: &[String],
    heads: &[(String, Named)],
    now_ms: u64,
) {
    let Some(cutoff) = now_ms.checked_sub(RETIRE_MS) else {
        return;
    };
    for key in keys {
        let Some((doc, tag)) = page_key_parts(key) else {
            continue;
        };
        // Written lately (perhaps by another tab whose document key is not written yet), or
        // not a tag this version writes: kept.
        if page_tag_time(tag).is_none_or(|t| t > cutoff) {
            continue;
        }
        match heads.iter().find(|(id, _)| id == doc) {
            Some((_, None)) => continue,
            Some((_, Some((saved, tags))))
                if tags.iter().any(|t| t == tag) || saved.is_none_or(|s| s > cutoff) =>
            {
                continue
            }
            _ => {}
        }
        let _ = backend.remove(key);
    }
}

/// What this tab knows is stored for the label schema.
#[derive(Debug, Default)]
struct StoredSchema {
    /// The schema as last saved, loaded or adopted (the base of a merge); `None`: not stored
    /// by this tab yet (written with the next save).
    saved: Option<Rc<LabelSchema>>,
    size: usize,
    /// Ids of labels deleted from it, written with it.
    deleted: LabelIdSet,
}

/// Writes what changed since the last save: each document under its own key (one value, so a
/// failure never leaves half a document), then the index, then removes deleted documents.
#[derive(Debug, Default)]
pub struct Saver {
    docs: DocStates,
    schema: StoredSchema,
    index: Option<String>,
    /// The documents (in order) and the open one that `index` lists, as this tab wrote or
    /// loaded it (`None`: compare the index written out): an unchanged list is not written out
    /// again at each save (95,000 characters at 5,000 documents, a third of a save).
    listed: Option<(Vec<DocId>, Option<DocId>)>,
    /// The corpus's documents as the last save left them all stored (`None` after anything
    /// else changed what is stored): a document at the same place and the same address is
    /// unchanged, found without a look-up by id (5,000 of them at each save).
    stored_entries: Option<Rc<Vec<Rc<DocEntry>>>>,
    /// Never write (data from a newer version, or storage unavailable).
    pub disabled: bool,
    /// Write only the documents of the corpus, never the label schema, the list or a removal:
    /// the corpus given is part of what is stored (the open article of a large corpus, while
    /// the rest loads).
    pub docs_only: bool,
    /// Names new pages of spans and removes the ones no longer named.
    pub pages: PageKeeper,
}

impl Saver {
    /// A saver that knows `corpus` is already stored as it is (so starting writes nothing; a
    /// schema that was not stored is the default one, and stays unwritten until it changes).
    pub fn after_load(
        corpus: &Corpus,
        active: Option<&DocId>,
        tombstones: DocTombstones,
        deleted_labels: LabelIdSet,
        sizes: &[StoredSize],
    ) -> Self {
        let ids: Vec<&DocId> = corpus.entries().iter().map(|e| &e.doc.id).collect();
        // Each document's tombstones found by its id's place in the list loaded.
        let mut deleted_of: Vec<Tombstones> = Vec::with_capacity(tombstones.0.len());
        let mut deleted_ids: Vec<DocId> = Vec::with_capacity(tombstones.0.len());
        for (id, t) in tombstones.0 {
            deleted_ids.push(id);
            deleted_of.push(t);
        }
        let mut deleted_at: HashMap<&str, usize> = HashMap::new();
        for (i, id) in deleted_ids.iter().enumerate() {
            deleted_at.insert(id.0.as_str(), i);
        }
        let mut docs = DocStates::default();
        let states = corpus.entries().iter().enumerate().map(|(i, e)| {
            let deleted = deleted_at
                .get(e.doc.id.0.as_str())
                .map(|&at| std::mem::take(&mut deleted_of[at]))
                .unwrap_or_default();
            // Sizes as loaded (in the corpus's order, so looked up by place first); a
            // document not listed is measured as one value.
            let listed = sizes
                .get(i)
                .filter(|s| s.id == e.doc.id)
                .or_else(|| sizes.iter().find(|s| s.id == e.doc.id));
            let (size, text, pages) = match listed {
                Some(s) => (s.doc, s.text, s.pages.clone()),
                None => (
                    stored_bytes(&doc_key(&e.doc.id), &write_doc(e, &deleted)),
                    None,
                    Vec::new(),
                ),
            };
            let state = StoredDoc {
                saved: Some(e.clone()),
                size,
                text,
                pages,
                deleted,
            };
            (&e.doc.id, state)
        });
        for (id, state) in states {
            *docs.or_default(id) = state;
        }
        let schema = StoredSchema {
            size: stored_bytes(SCHEMA_KEY, &write_schema(corpus.schema(), &deleted_labels)),
            saved: Some(Rc::clone(corpus.schema())),
            deleted: deleted_labels,
        };
        Saver {
            docs,
            schema,
            index: Some(write_index(&ids, active)),
            listed: Some((ids.into_iter().cloned().collect(), active.cloned())),
            ..Saver::default()
        }
    }

    /// What this tab last saved or loaded for a document: the base of a merge.
    pub fn base(&self, id: &DocId) -> Option<&Rc<DocEntry>> {
        self.docs.get(id).and_then(|d| d.saved.as_ref())
    }

    /// The document as this tab knows it is stored, with the pages its spans are in (see
    /// [`read_stored_doc`]).
    pub fn known(&self, id: &DocId) -> Option<(&DocEntry, &[StoredPage])> {
        let state = self.docs.get(id)?;
        Some((state.saved.as_deref()?, &state.pages))
    }

    /// The span and relation ids this tab knows were deleted from a document.
    pub fn deleted(&self, id: &DocId) -> Tombstones {
        self.docs
            .get(id)
            .map(|d| d.deleted.clone())
            .unwrap_or_default()
    }

    /// What this tab has deleted from a document whose current entry is `local`: the
    /// tombstones recorded, and what was deleted since the last save (not recorded yet: a round
    /// of sync may run between an edit and its save; `storage::couch::deleted_here`).
    pub fn deleted_now(&self, id: &DocId, local: Option<&DocEntry>) -> Tombstones {
        super::couch::deleted_here(self.deleted(id), self.base(id).map(|b| &**b), local)
    }

    /// What this tab last saved or adopted of the schema: the base of a merge.
    pub fn schema_base(&self) -> Option<&Rc<LabelSchema>> {
        self.schema.saved.as_ref()
    }

    /// The label ids this tab knows were deleted from the schema.
    pub fn deleted_labels(&self) -> LabelIdSet {
        self.schema.deleted.clone()
    }

    /// Record the schema as stored the way another tab just wrote it, with its tombstones.
    pub fn adopt_schema(
        &mut self,
        schema: Rc<LabelSchema>,
        raw_len_bytes: usize,
        deleted: LabelIdSet,
    ) {
        self.schema.deleted.extend(deleted);
        self.schema.size = raw_len_bytes;
        self.schema.saved = Some(schema);
    }

    /// Record a document as stored the way another tab just wrote it (`read`, its key
    /// taking `raw_len_bytes`). The pages its key no longer names are the other tab's to
    /// remove.
    pub fn adopt(&mut self, read: StoredRead, raw_len_bytes: usize) -> DocEntry {
        self.stored_entries = None;
        let StoredRead { doc, text, pages } = read;
        let state = self.docs.or_default(&doc.entry.doc.id);
        state.deleted.extend(doc.deleted);
        state.size = raw_len_bytes;
        if text.is_some() {
            state.text = text;
        }
        state.pages = pages;
        state.saved = Some(Rc::new(doc.entry.clone()));
        doc.entry
    }

    /// Another tab removed a document's key.
    pub fn forget(&mut self, id: &DocId) {
        self.stored_entries = None;
        if let Some(state) = self.docs.get_mut(id) {
            state.saved = None;
            state.size = 0;
            state.text = None;
            state.pages.clear();
        }
    }

    /// Another tab wrote the index: remember what is stored, so this tab writes its own
    /// when it differs.
    pub fn note_index(&mut self, raw: Option<String>) {
        self.index = raw;
        self.listed = None;
    }

    /// Storage was cleared (in another tab): write everything again on the next save.
    pub fn reset(&mut self) {
        self.docs.clear();
        self.schema = StoredSchema::default();
        self.index = None;
        self.listed = None;
        self.stored_entries = None;
    }

    /// Bytes Marginalia's saved data takes in storage (documents and index).
    pub fn used_bytes(&self) -> usize {
        let index = self
            .index
            .as_ref()
            .map_or(0, |i| stored_bytes(INDEX_KEY, i));
        let docs: usize = self
            .docs
            .list
            .iter()
            .map(|(_, d)| {
                d.size + d.text.unwrap_or(0) + d.pages.iter().map(|p| p.size).sum::<usize>()
            })
            .sum();
        docs + index + self.schema.size
    }

    /// Save the changes. Returns the number of values written or removed. When storage is
    /// full, the retired pages are removed at once (not [`RETIRE_MS`] later) and the save is
    /// tried again: the space they hold is what an edit of a paged document needs.
    pub fn save(
        &mut self,
        backend: &mut dyn Backend,
        corpus: &Corpus,
        active: Option<&DocId>,
    ) -> Result<usize, StorageError> {
        match self.save_once(backend, corpus, active) {
            Err(StorageError::Quota) if self.pages.retired() > 0 => {
                self.remove_retired(backend, true);
                self.save_once(backend, corpus, active)
            }
            done => done,
        }
    }

    /// Remove the retired pages (all of them, or those retired [`RETIRE_MS`] ago) that no
    /// key names again.
    fn remove_retired(&mut self, backend: &mut dyn Backend, all: bool) {
        // A page retired here may be named again by a key another tab wrote before it saw
        // this tab's (and adopted since): then it stays.
        let docs = &self.docs;
        self.pages.remove_retired(backend, all, |key| {
            page_key_parts(key).is_some_and(|(doc, tag)| {
                docs.get(&DocId(doc.to_owned()))
                    .is_some_and(|d| d.pages.iter().any(|p| p.tag == tag))
            })
        });
    }

    fn save_once(
        &mut self,
        backend: &mut dyn Backend,
        corpus: &Corpus,
        active: Option<&DocId>,
    ) -> Result<usize, StorageError> {
        if self.disabled {
            return Ok(0);
        }
        let mut writes = 0;
        // The schema first, so a document whose labels are new is never read before them.
        let schema_unchanged = self.docs_only
            || self
                .schema
                .saved
                .as_ref()
                .is_some_and(|s| Rc::ptr_eq(s, corpus.schema()) || **s == **corpus.schema());
        if !schema_unchanged {
            let state = &mut self.schema;
            // Labels this tab had saved and no longer has were deleted; ids back are alive.
            if let Some(before) = &state.saved {
                for l in before.labels() {
                    if corpus.schema().label(&l.id).is_none() {
                        state.deleted.insert(l.id.clone());
                    }
                }
            }
            for l in corpus.schema().labels() {
                state.deleted.remove(&l.id);
            }
            let value = write_schema(corpus.schema(), &state.deleted);
            backend.set(SCHEMA_KEY, &value)?;
            state.size = stored_bytes(SCHEMA_KEY, &value);
            state.saved = Some(Rc::clone(corpus.schema()));
            writes += 1;
        }
        let last = self.stored_entries.take();
        for (i, entry) in corpus.entries().iter().enumerate() {
            if last
                .as_ref()
                .and_then(|l| l.get(i))
                .is_some_and(|l| Rc::ptr_eq(l, entry))
            {
                continue;
            }
            // Looked up before it is added: most documents are unchanged, and a corpus has
            // thousands.
            let unchanged = self.docs.get(&entry.doc.id).is_some_and(|state| {
                state
                    .saved
                    .as_ref()
                    .is_some_and(|s| Rc::ptr_eq(s, entry) || **s == **entry)
            });
            if unchanged {
                continue;
            }
            let state = self.docs.or_default(&entry.doc.id);
            // Spans and relations this tab had saved and no longer has were deleted: record
            // them; ids back in the document (an undone deletion) are alive again.
            // Sets of `&str` (the type the store's checks use: one hash set routine).
            let mut now: Set<&str> = Set::with_capacity(entry.spans.len());
            for span in entry.spans.iter() {
                now.insert(span.id.0.as_str());
            }
            let mut now_rel: Set<&str> = Set::with_capacity(entry.relations.len());
            for r in entry.relations.iter() {
                now_rel.insert(r.id.0.as_str());
            }
            if let Some(before) = &state.saved {
                for span in before.spans.iter() {
                    if !now.contains(span.id.0.as_str()) {
                        state.deleted.spans.insert(span.id.clone());
                    }
                }
                for r in before.relations.iter() {
                    if !now_rel.contains(r.id.0.as_str()) {
                        state.deleted.relations.insert(r.id.clone());
                    }
                }
            }
            if !state.deleted.spans.is_empty() {
                for span in entry.spans.iter() {
                    state.deleted.spans.remove(&span.id);
                }
            }
            if !state.deleted.relations.is_empty() {
                for r in entry.relations.iter() {
                    state.deleted.relations.remove(&r.id);
                }
            }
            // The text first (once: it never changes), so the document is never stored
            // without it; then the spans, which every edit rewrites.
            if state.text.is_none() {
                let key = text_key(&entry.doc.id);
                let value = write_text(&entry.doc);
                backend.set(&key, &value)?;
                state.text = Some(stored_bytes(&key, &value));
                writes += 1;
            }
            writes += write_spans(backend, entry, state, &mut self.pages)?;
        }
        if self.docs_only {
            return Ok(writes);
        }
        let same_list = self.listed.as_ref().is_some_and(|(ids, open)| {
            open.as_ref() == active
                && ids.len() == corpus.len()
                && ids
                    .iter()
                    .zip(corpus.entries().iter())
                    .all(|(id, e)| *id == e.doc.id)
        });
        if !same_list {
            let ids: Vec<&DocId> = corpus.entries().iter().map(|e| &e.doc.id).collect();
            let index = write_index(&ids, active);
            if self.index.as_ref() != Some(&index) {
                backend.set(INDEX_KEY, &index)?;
                self.index = Some(index);
                writes += 1;
            }
            self.listed = Some((ids.into_iter().cloned().collect(), active.cloned()));
        }
        // Documents stored and no longer in the corpus: only looked for when the counts say
        // there may be some (every document of the corpus is stored by now, unless a write
        // failed above), and then through a set (looking each up in the corpus's list took
        // 50 ms at 5,000 documents).
        let stored = self
            .docs
            .list
            .iter()
            .filter(|(_, d)| d.saved.is_some())
            .count();
        let gone: Vec<DocId> = if stored == corpus.len() {
            Vec::new()
        } else {
            let present: Set<&str> = corpus
                .entries()
                .iter()
                .map(|e| e.doc.id.0.as_str())
                .collect();
            self.docs
                .list
                .iter()
                .filter(|(id, d)| d.saved.is_some() && !present.contains(id.0.as_str()))
                .map(|(id, _)| id.clone())
                .collect()
        };
        for id in gone {
            // The document first: a text left alone is only space, a document without its
            // text could not be read. Its pages are retired like any others.
            backend.remove(&doc_key(&id))?;
            backend.remove(&text_key(&id))?;
            if let Some(state) = self.docs.get(&id) {
                for page in &state.pages {
                    self.pages.retire(page_key(&id, &page.tag));
                }
            }
            self.forget(&id);
            writes += 1;
        }
        self.remove_retired(backend, false);
        self.stored_entries = Some(Rc::clone(corpus.entries()));
        Ok(writes)
    }
}

/// How a saver names new pages and removes the ones no longer named.
#[derive(Debug, Default)]
pub struct PageKeeper {
    /// The time of the save to come (ms since the Unix epoch; the app sets it before each
    /// save): new page tags carry it, and retired pages are removed by it.
    pub now_ms: u64,
    /// This tab's random part of page tags.
    pub tab: String,
    /// Page tags written so far.
    seq: u64,
    /// Keys of pages no document key of this tab names any more, with the time they stopped
    /// being named: removed by the first save [`RETIRE_MS`] later.
    retired: Vec<(String, u64)>,
}

impl PageKeeper {
    fn new_tag(&mut self, page: usize) -> String {
        self.seq += 1;
        page_tag(page, self.now_ms, self.seq, &self.tab)
    }

    fn retire(&mut self, key: String) {
        self.retired.push((key, self.now_ms));
    }

    /// Remove the pages retired at least [`RETIRE_MS`] ago, or `all` of them (a failure
    /// leaves one for later); forget the ones `named` again.
    fn remove_retired(
        &mut self,
        backend: &mut dyn Backend,
        all: bool,
        named: impl Fn(&str) -> bool,
    ) {
        let now = self.now_ms;
        self.retired.retain(|(key, since)| {
            let due = all || now.saturating_sub(*since) >= RETIRE_MS;
            !named(key) && (!due || backend.remove(key).is_err())
        });
    }

    /// Pages retired and not removed yet.
    pub fn retired(&self) -> usize {
        self.retired.len()
    }
}

/// Write a document's spans and its key (its text is already stored): inside the key, or in
/// pages when it has many ([`page_count`]): then only the pages whose spans changed since
/// `state` was stored, each under a new key, before the key that names them. On a failure,
/// the pages written are taken back and what is stored is as before. Returns the number of
/// values written.
fn write_spans(
    backend: &mut dyn Backend,
    entry: &Rc<DocEntry>,
    state: &mut StoredDoc,
    keeper: &mut PageKeeper,
) -> Result<usize, StorageError> {
    let id = &entry.doc.id;
    let count = page_count(entry.spans.len(), state.pages.len());
    let mut pages = Vec::with_capacity(count);
    let mut written: Vec<String> = Vec::new();
    if count > 0 {
        fn by_page(spans: &[Rc<Span>], count: usize) -> Vec<Vec<&Rc<Span>>> {
            let mut out = vec![Vec::new(); count];
            for s in spans {
                out[page_of(&s.id, count)].push(s);
            }
            out
        }
        let now = by_page(&entry.spans, count);
        // What is stored on each page, when this tab knows it.
        let before = match &state.saved {
            Some(saved) if state.pages.len() == count => by_page(&saved.spans, count),
            _ => Vec::new(),
        };
        for (i, spans) in now.iter().enumerate() {
            let same = before.get(i).is_some_and(|b| {
                b.len() == spans.len()
                    && b.iter().zip(spans).all(|(x, y)| Rc::ptr_eq(x, y) || x == y)
            });
            if same {
                pages.push(state.pages[i].clone());
                continue;
            }
            // A new key, never one already stored: writing over a page that some key names
            // (tags are unique per tab by their random part, but a clock or that part may
            // repeat) could tear the stored document.
            let (tag, key) = loop {
                let tag = keeper.new_tag(i);
                let key = page_key(id, &tag);
                if !matches!(backend.get(&key), Ok(Some(_))) {
                    break (tag, key);
                }
            };
            let value = write_page(id, i, count, spans.iter().map(|s| &***s));
            if let Err(e) = backend.set(&key, &value) {
                take_back(backend, &written);
                return Err(e);
            }
            pages.push(StoredPage {
                size: stored_bytes(&key, &value),
                tag,
            });
            written.push(key);
        }
    }
    let key = doc_key(id);
    let tags: Vec<String> = pages.iter().map(|p| p.tag.clone()).collect();
    let value = write_doc_spans(
        entry,
        &state.deleted,
        (count > 0).then_some(&tags[..]),
        keeper.now_ms,
    );
    if let Err(e) = backend.set(&key, &value) {
        take_back(backend, &written);
        return Err(e);
    }
    for old in &state.pages {
        if !tags.contains(&old.tag) {
            keeper.retire(page_key(id, &old.tag));
        }
    }
    state.pages = pages;
    state.size = stored_bytes(&key, &value);
    state.saved = Some(entry.clone());
    Ok(written.len() + 1)
}

/// Remove pages that no key names (written by a save that failed after them).
fn take_back(backend: &mut dyn Backend, keys: &[String]) {
    for key in keys {
        let _ = backend.remove(key);
    }
}
