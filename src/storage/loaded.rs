//! What loading the corpus from storage finds ([`Loaded`], filled by `persist::load`), and
//! what each stored document takes.

use std::collections::HashMap;
use std::ops::Index;
use std::rc::Rc;

use super::backend::StorageError;
use super::schema::{LabelIdSet, Tombstones};
use crate::model::{Corpus, DocEntry, DocId, Edit, Status};

/// What was found in storage.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Whether any Marginalia data was there (false on a first start).
    pub found: bool,
    pub corpus: Corpus,
    pub active: Option<DocId>,
    /// Ids of spans and relations deleted from each document (tombstones), for merging with
    /// other tabs.
    pub tombstones: DocTombstones,
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
    /// Documents whose text record is missing, as stored (id, value): set aside, and brought
    /// back when the article is opened again (`storage::orphans`).
    pub orphans: Vec<(DocId, String)>,
    /// Documents stored by version 6 or before, with the one status each had (already given
    /// to `""` and to the annotators of its spans): see [`Loaded::give_legacy_statuses`].
    pub legacy: Vec<(DocId, Status)>,
}

impl Loaded {
    /// Give the status each document stored by version 6 or before had to `me`, the person
    /// at this browser, where they have none: in version 6 a document's one status was theirs,
    /// whatever name they have now (a named person whose spans carry their name, or none yet).
    /// Not an edit: the corpus as loaded. Its document is written in version 7 at its next
    /// change; until then every load does the same.
    pub fn give_legacy_statuses(&mut self, me: &Rc<str>) {
        for (doc, status) in std::mem::take(&mut self.legacy) {
            let theirs = self.corpus.entry(&doc).map(|e| e.status_of(me));
            if theirs == Some(Status::New) {
                let _ = self
                    .corpus
                    .apply(Edit::set_status(doc, Rc::clone(me), status));
            }
        }
    }
}

/// The tombstones of each document that has any, in the order loaded: a list, not a map keyed
/// by `DocId` to `Tombstones` (a hash table copy of its own; `Saver::after_load` finds them
/// through a `HashMap<&str, usize>`, a type already in use).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocTombstones(pub Vec<(DocId, Tombstones)>);

impl DocTombstones {
    /// The tombstones of document `id` (`None`: it has none).
    pub fn get(&self, id: &DocId) -> Option<&Tombstones> {
        self.0.iter().find(|(d, _)| d == id).map(|(_, t)| t)
    }
}

impl Index<&DocId> for DocTombstones {
    type Output = Tombstones;

    fn index(&self, id: &DocId) -> &Tombstones {
        self.get(id).expect("the document has tombstones")
    }
}

/// What one document takes in storage (see [`Loaded::sizes`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSize {
    pub id: DocId,
    pub doc: usize,
    /// `None`: the text is inside the document's value (version 3 and before).
    pub text: Option<usize>,
    /// The pages its spans are stored in (empty: inside the document's value).
    pub pages: Vec<StoredPage>,
}

/// One stored page of a document's spans: its tag and the bytes its key takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPage {
    pub tag: String,
    pub size: usize,
}

/// What this tab knows is stored for one document.
#[derive(Debug, Default)]
pub(super) struct StoredDoc {
    /// The entry as last saved or loaded (the base of a merge); `None` once another tab
    /// removed it.
    pub(super) saved: Option<Rc<DocEntry>>,
    /// Bytes its own key takes in storage (as browsers count them).
    pub(super) size: usize,
    /// Bytes its text's key takes, once this tab knows the text is stored apart (written or
    /// seen); `None`: write it with the next save of the document.
    pub(super) text: Option<usize>,
    /// The pages its key names (empty: its spans are inside its key).
    pub(super) pages: Vec<StoredPage>,
    /// Span and relation ids deleted from it, written with it.
    pub(super) deleted: Tombstones,
}

/// What this tab knows is stored for each document, found by id: a list with a
/// `HashMap<String, usize>` of places (not a `HashMap<DocId, StoredDoc>`: a hash table copy of
/// its own). Documents are never taken out, only all at once.
#[derive(Debug, Default)]
pub(super) struct DocStates {
    at: HashMap<String, usize>,
    pub(super) list: Vec<(DocId, StoredDoc)>,
}

impl DocStates {
    pub(super) fn get(&self, id: &DocId) -> Option<&StoredDoc> {
        self.at.get(id.0.as_str()).map(|&i| &self.list[i].1)
    }

    pub(super) fn get_mut(&mut self, id: &DocId) -> Option<&mut StoredDoc> {
        self.at.get(id.0.as_str()).map(|&i| &mut self.list[i].1)
    }

    /// The state of `id`, a default one added first when there is none.
    pub(super) fn or_default(&mut self, id: &DocId) -> &mut StoredDoc {
        let i = match self.at.get(id.0.as_str()) {
            Some(&i) => i,
            None => {
                self.at.insert(id.0.clone(), self.list.len());
                self.list.push((id.clone(), StoredDoc::default()));
                self.list.len() - 1
            }
        };
        &mut self.list[i].1
    }

    pub(super) fn clear(&mut self) {
        self.at.clear();
        self.list.clear();
    }
}
