//! Loading the corpus from storage and saving each change to it.
//!
//! Guarantees (each tested below): corrupt values are copied aside under a backup key, never
//! overwritten, and the rest loads; data from a newer version opens read-only and is never
//! written; an edit writes only the documents it changed; a failed write (full quota) keeps
//! everything in memory and is retried with the next change.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::backend::{stored_bytes, Backend, StorageError};
use super::schema::{
    backup_key, doc_key, read_doc_split, read_index, read_schema, text_key, write_doc,
    write_doc_spans, write_index, write_schema, write_text, LabelIdSet, ReadError, Tombstones,
    DOC_PREFIX, INDEX_KEY, SCHEMA_KEY,
};
use crate::model::{Corpus, DocEntry, DocId, Edit, LabelSchema};

/// What was found in storage.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Whether any Marginalia data was there (false on a first start).
    pub found: bool,
    pub corpus: Corpus,
    pub active: Option<DocId>,
    /// Ids of spans and relations deleted from each document (tombstones), for merging with
    /// other tabs.
    pub tombstones: HashMap<DocId, Tombstones>,
    /// Ids of labels deleted from the schema (tombstones).
    pub deleted_labels: LabelIdSet,
    /// One message per value that could not be used (and where it was kept).
    pub problems: Vec<String>,
    /// Set when data from a newer version was found: nothing may be written.
    pub newer: Option<u64>,
    /// Storage could not be read at all.
    pub unavailable: Option<StorageError>,
    /// Bytes each loaded document takes: its own key, and its text's key when the text is
    /// stored apart (version 4), so the saver knows without writing them out again.
    pub sizes: Vec<StoredSize>,
}

/// What one document takes in storage (see [`Loaded::sizes`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSize {
    pub id: DocId,
    pub doc: usize,
    /// `None`: the text is inside the document's value (version 3 and before).
    pub text: Option<usize>,
}

/// Copy an unreadable value aside (the original stays where it was).
fn quarantine(backend: &mut dyn Backend, stamp: &str, key: &str, raw: &str, why: &str) -> String {
    let backup = backup_key(stamp, key);
    match backend.set(&backup, raw) {
        Ok(()) => format!("Stored data under “{key}” could not be read ({why}); a copy was kept under “{backup}”."),
        Err(_) => format!("Stored data under “{key}” could not be read ({why}); it was left untouched."),
    }
}

/// Read the stored document `raw` of `id`, with its text from its own key when it is stored
/// apart; also the bytes that key takes (`None`: the text is inside, or missing).
pub fn read_stored_doc(
    backend: &dyn Backend,
    id: &DocId,
    raw: &str,
) -> (Result<(DocEntry, Tombstones), ReadError>, Option<usize>) {
    let mut text_size = None;
    let read = read_doc_split(raw, || {
        let key = text_key(id);
        let raw_text = backend.get(&key).map_err(|e| e.to_string())?;
        text_size = raw_text.as_ref().map(|t| stored_bytes(&key, t));
        Ok(raw_text)
    });
    (read, text_size)
}

/// Load everything. `stamp` names backup keys (the current time).
pub fn load(backend: &mut dyn Backend, stamp: &str) -> Loaded {
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
    for id in order {
        let key = doc_key(&DocId(id.clone()));
        let Ok(Some(raw)) = backend.get(&key) else {
            continue; // listed but gone: a deletion whose index write did not happen
        };
        let (read, text_size) = read_stored_doc(backend, &DocId(id.clone()), &raw);
        let entry = match read {
            Ok((entry, deleted)) if entry.doc.id.0 == id => {
                if !deleted.is_empty() {
                    out.tombstones.insert(entry.doc.id.clone(), deleted);
                }
                entry
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
                out.problems.push(message);
                continue;
            }
        };
        let index = out.corpus.len();
        let doc = entry.doc.id.clone();
        if let Err(e) = out.corpus.apply(Edit::InsertDocuments {
            index,
            entries: vec![entry],
        }) {
            let message = quarantine(backend, stamp, &key, &raw, &e.to_string());
            out.problems.push(message);
        } else {
            out.sizes.push(StoredSize {
                id: doc,
                doc: stored_bytes(&key, &raw),
                text: text_size,
            });
        }
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

/// What this tab knows is stored for one document.
#[derive(Debug, Default)]
struct StoredDoc {
    /// The entry as last saved or loaded (the base of a merge); `None` once another tab
    /// removed it.
    saved: Option<Rc<DocEntry>>,
    /// Bytes its own key takes in storage (as browsers count them).
    size: usize,
    /// Bytes its text's key takes, once this tab knows the text is stored apart (written or
    /// seen); `None`: write it with the next save of the document.
    text: Option<usize>,
    /// Span and relation ids deleted from it, written with it.
    deleted: Tombstones,
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
    docs: HashMap<DocId, StoredDoc>,
    schema: StoredSchema,
    index: Option<String>,
    /// Never write (data from a newer version, or storage unavailable).
    pub disabled: bool,
}

impl Saver {
    /// A saver that knows `corpus` is already stored as it is (so starting writes nothing; a
    /// schema that was not stored is the default one, and stays unwritten until it changes).
    pub fn after_load(
        corpus: &Corpus,
        active: Option<&DocId>,
        mut tombstones: HashMap<DocId, Tombstones>,
        deleted_labels: LabelIdSet,
        sizes: &[StoredSize],
    ) -> Self {
        let ids: Vec<&DocId> = corpus.entries().iter().map(|e| &e.doc.id).collect();
        let docs = corpus
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let deleted = tombstones.remove(&e.doc.id).unwrap_or_default();
                // Sizes as loaded (in the corpus's order, so looked up by place first); a
                // document not listed is measured as one value.
                let listed = sizes
                    .get(i)
                    .filter(|s| s.id == e.doc.id)
                    .or_else(|| sizes.iter().find(|s| s.id == e.doc.id));
                let (size, text) = match listed {
                    Some(s) => (s.doc, s.text),
                    None => (
                        stored_bytes(&doc_key(&e.doc.id), &write_doc(e, &deleted)),
                        None,
                    ),
                };
                let state = StoredDoc {
                    saved: Some(e.clone()),
                    size,
                    text,
                    deleted,
                };
                (e.doc.id.clone(), state)
            })
            .collect();
        let schema = StoredSchema {
            size: stored_bytes(SCHEMA_KEY, &write_schema(corpus.schema(), &deleted_labels)),
            saved: Some(Rc::clone(corpus.schema())),
            deleted: deleted_labels,
        };
        Saver {
            docs,
            schema,
            index: Some(write_index(&ids, active)),
            disabled: false,
        }
    }

    /// What this tab last saved or loaded for a document: the base of a merge.
    pub fn base(&self, id: &DocId) -> Option<&Rc<DocEntry>> {
        self.docs.get(id).and_then(|d| d.saved.as_ref())
    }

    /// The span and relation ids this tab knows were deleted from a document.
    pub fn deleted(&self, id: &DocId) -> Tombstones {
        self.docs
            .get(id)
            .map(|d| d.deleted.clone())
            .unwrap_or_default()
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

    /// Record a document as stored the way another tab just wrote it, with its tombstones.
    /// `text`: the bytes of its text's key when the text is stored apart.
    pub fn adopt(
        &mut self,
        entry: Rc<DocEntry>,
        raw_len_bytes: usize,
        text: Option<usize>,
        deleted: Tombstones,
    ) {
        let state = self.docs.entry(entry.doc.id.clone()).or_default();
        state.deleted.extend(deleted);
        state.size = raw_len_bytes;
        if text.is_some() {
            state.text = text;
        }
        state.saved = Some(entry);
    }

    /// Another tab removed a document's key.
    pub fn forget(&mut self, id: &DocId) {
        if let Some(state) = self.docs.get_mut(id) {
            state.saved = None;
            state.size = 0;
            state.text = None;
        }
    }

    /// Another tab wrote the index: remember what is stored, so this tab writes its own
    /// when it differs.
    pub fn note_index(&mut self, raw: Option<String>) {
        self.index = raw;
    }

    /// Storage was cleared (in another tab): write everything again on the next save.
    pub fn reset(&mut self) {
        self.docs.clear();
        self.schema = StoredSchema::default();
        self.index = None;
    }

    /// Bytes Marginalia's saved data takes in storage (documents and index).
    pub fn used_bytes(&self) -> usize {
        let index = self
            .index
            .as_ref()
            .map_or(0, |i| stored_bytes(INDEX_KEY, i));
        let docs: usize = self
            .docs
            .values()
            .map(|d| d.size + d.text.unwrap_or(0))
            .sum();
        docs + index + self.schema.size
    }

    /// Save the changes. Returns the number of values written or removed.
    pub fn save(
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
        let schema_unchanged = self
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
        for entry in corpus.entries().iter() {
            let state = self.docs.entry(entry.doc.id.clone()).or_default();
            let unchanged = state
                .saved
                .as_ref()
                .is_some_and(|s| Rc::ptr_eq(s, entry) || **s == **entry);
            if unchanged {
                continue;
            }
            // Spans and relations this tab had saved and no longer has were deleted: record
            // them; ids back in the document (an undone deletion) are alive again.
            // Sets of `&str` (the type the store's checks use: one hash set routine).
            let mut now: HashSet<&str> = HashSet::with_capacity(entry.spans.len());
            for span in entry.spans.iter() {
                now.insert(span.id.0.as_str());
            }
            let mut now_rel: HashSet<&str> = HashSet::with_capacity(entry.relations.len());
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
            let key = doc_key(&entry.doc.id);
            let value = write_doc_spans(entry, &state.deleted);
            backend.set(&key, &value)?;
            state.size = stored_bytes(&key, &value);
            state.saved = Some(entry.clone());
            writes += 1;
        }
        let ids: Vec<&DocId> = corpus.entries().iter().map(|e| &e.doc.id).collect();
        let index = write_index(&ids, active);
        if self.index.as_ref() != Some(&index) {
            backend.set(INDEX_KEY, &index)?;
            self.index = Some(index);
            writes += 1;
        }
        let gone: Vec<DocId> = self
            .docs
            .iter()
            .filter(|(id, d)| d.saved.is_some() && corpus.entry(id).is_none())
            .map(|(id, _)| id.clone())
            .collect();
        for id in gone {
            // The document first: a text left alone is only space, a document without its
            // text could not be read.
            backend.remove(&doc_key(&id))?;
            backend.remove(&text_key(&id))?;
            self.forget(&id);
            writes += 1;
        }
        Ok(writes)
    }
}
