//! The annotation store: the corpus (documents with their spans and status), edits with exact
//! inverses, and undo/redo.

use std::collections::HashSet;
use std::fmt;
use std::rc::Rc;

use super::document::{DocId, Document};
use super::span::{label_def, Span, SpanId};

/// Where a document is in the annotation work. Set by the user; in addition
/// [`Workspace::edit`](super::workspace::Workspace::edit) moves a `New` document to
/// `InProgress` when a span is added to it (in the same undo step). [`Corpus::apply`] itself
/// never changes a status except through [`Edit::SetStatus`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    New,
    InProgress,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::New, Status::InProgress, Status::Done];

    /// Stable id for storage and exports: `new`, `in_progress`, `done`.
    pub fn id(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    /// Shown to people: `New`, `In progress`, `Done`.
    pub fn name(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::InProgress => "In progress",
            Status::Done => "Done",
        }
    }

    /// The status with this [`Status::id`]; `None` for anything else (case-sensitive).
    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// One document of the corpus with its annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocEntry {
    pub doc: Rc<Document>,
    /// Always sorted by [`Span::text_order`]; ids unique; every span non-empty and within the
    /// text. Shared, so unchanged documents cost a pointer copy to clone or compare.
    pub spans: Rc<Vec<Span>>,
    pub status: Status,
}

impl DocEntry {
    /// A `New` entry without spans.
    pub fn new(doc: Document) -> Self {
        DocEntry {
            doc: Rc::new(doc),
            spans: Rc::new(Vec::new()),
            status: Status::New,
        }
    }

    /// Number of spans with this label id.
    pub fn count(&self, label: &str) -> usize {
        self.spans.iter().filter(|s| s.label == label).count()
    }

    pub fn span(&self, id: &SpanId) -> Option<&Span> {
        self.spans.iter().find(|s| &s.id == id)
    }

    /// Position of the span with this id in [`DocEntry::spans`].
    fn span_index(&self, id: &SpanId) -> Option<usize> {
        self.spans.iter().position(|s| &s.id == id)
    }
}

/// A change to the corpus. Applying one returns its exact inverse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    AddSpan {
        doc: DocId,
        span: Span,
    },
    DeleteSpan {
        doc: DocId,
        id: SpanId,
    },
    /// Give a span another label; `updated` becomes its update time (the inverse carries the
    /// old label and the old time).
    Relabel {
        doc: DocId,
        id: SpanId,
        label: String,
        updated: Option<u64>,
    },
    /// Replace a span's note; `updated` as for [`Edit::Relabel`].
    SetNote {
        doc: DocId,
        id: SpanId,
        note: String,
        updated: Option<u64>,
    },
    SetStatus {
        doc: DocId,
        status: Status,
    },
    /// Insert whole documents (with spans and status) at `index` of the list, in order.
    InsertDocuments {
        index: usize,
        entries: Vec<DocEntry>,
    },
    DeleteDocument {
        doc: DocId,
    },
    /// Several edits as one undo step, applied in order, all or nothing.
    Batch(Vec<Edit>),
}

/// Why an edit was refused. A refused edit changes nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    UnknownDocument(DocId),
    DuplicateDocument(DocId),
    UnknownSpan(SpanId),
    DuplicateSpan(SpanId),
    /// start >= end, or end beyond the text (lengths in code points).
    BadRange {
        id: SpanId,
        start: usize,
        end: usize,
        len: usize,
    },
    UnknownLabel(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownDocument(id) => {
                write!(f, "That document ({id}) is not in the corpus.")
            }
            EditError::DuplicateDocument(id) => {
                write!(f, "That document ({id}) is already in the corpus.")
            }
            EditError::UnknownSpan(id) => {
                write!(f, "There is no annotation {id} in that document.")
            }
            EditError::DuplicateSpan(id) => {
                write!(f, "There is already an annotation {id} in that document.")
            }
            EditError::BadRange {
                start, end, len, ..
            } => {
                if start == end {
                    write!(f, "That span is empty (it starts and ends at {start}).")
                } else if start > end {
                    write!(f, "That span starts at {start}, after its end at {end}.")
                } else {
                    let unit = if *len == 1 { "character" } else { "characters" };
                    write!(
                        f,
                        "That span ends at {end}, beyond the end of the text ({len} {unit})."
                    )
                }
            }
            EditError::UnknownLabel(label) => {
                write!(f, "\u{201c}{label}\u{201d} is not a known label.")
            }
        }
    }
}

impl std::error::Error for EditError {}

/// A span may be stored in a document of `len` code points: non-empty, within the text, with
/// a known label.
fn check_span(span: &Span, len: usize) -> Result<(), EditError> {
    if span.start >= span.end || span.end > len {
        return Err(EditError::BadRange {
            id: span.id.clone(),
            start: span.start,
            end: span.end,
            len,
        });
    }
    check_label(&span.label)
}

fn check_label(label: &str) -> Result<(), EditError> {
    match label_def(label) {
        Some(_) => Ok(()),
        None => Err(EditError::UnknownLabel(label.to_owned())),
    }
}

/// Every span valid for the entry's document and the ids unique.
fn check_entry(entry: &DocEntry) -> Result<(), EditError> {
    let len = entry.doc.char_len();
    let mut ids = HashSet::with_capacity(entry.spans.len());
    for span in entry.spans.iter() {
        if !ids.insert(span.id.0.as_str()) {
            return Err(EditError::DuplicateSpan(span.id.clone()));
        }
        check_span(span, len)?;
    }
    Ok(())
}

fn sorted_by_text_order(spans: &[Span]) -> bool {
    spans
        .windows(2)
        .all(|w| matches!(w, [a, b] if Span::text_order(a, b).is_lt()))
}

/// The documents in list order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    entries: Rc<Vec<Rc<DocEntry>>>,
}

impl Corpus {
    /// The documents in order, each `New` and without spans. A document whose id already
    /// appeared earlier in `docs` is dropped.
    pub fn new(docs: Vec<Document>) -> Self {
        let mut seen: HashSet<String> = HashSet::with_capacity(docs.len());
        let entries = docs
            .into_iter()
            .filter(|d| seen.insert(d.id.0.clone()))
            .map(|d| Rc::new(DocEntry::new(d)))
            .collect();
        Corpus {
            entries: Rc::new(entries),
        }
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &Rc<Vec<Rc<DocEntry>>> {
        &self.entries
    }

    pub fn entry(&self, id: &DocId) -> Option<&Rc<DocEntry>> {
        self.entries.iter().find(|e| &e.doc.id == id)
    }

    pub fn index_of(&self, id: &DocId) -> Option<usize> {
        self.entries.iter().position(|e| &e.doc.id == id)
    }

    /// Apply an edit. Returns its inverse: applying that restores the previous state exactly.
    /// On error nothing changes.
    ///
    /// Only the edited documents get new `Rc`s: every other entry (and its span list) stays
    /// pointer-equal, so views of unchanged documents can skip re-rendering.
    ///
    /// An [`Edit::InsertDocuments`] index beyond the end inserts at the end (there is no error
    /// for it); its inverse deletes the inserted documents by id either way.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        match edit {
            Edit::AddSpan { doc, span } => self.add_span(doc, span),
            Edit::DeleteSpan { doc, id } => self.delete_span(doc, id),
            Edit::Relabel {
                doc,
                id,
                label,
                updated,
            } => self.relabel(doc, id, label, updated),
            Edit::SetNote {
                doc,
                id,
                note,
                updated,
            } => self.set_note(doc, id, note, updated),
            Edit::SetStatus { doc, status } => self.set_status(doc, status),
            Edit::InsertDocuments { index, entries } => self.insert_documents(index, entries),
            Edit::DeleteDocument { doc } => self.delete_document(doc),
            Edit::Batch(edits) => self.batch(edits),
        }
    }

    /// Index and entry of a document, or `UnknownDocument`.
    fn locate(&self, doc: &DocId) -> Result<(usize, &Rc<DocEntry>), EditError> {
        self.entries
            .iter()
            .enumerate()
            .find(|(_, e)| &e.doc.id == doc)
            .ok_or_else(|| EditError::UnknownDocument(doc.clone()))
    }

    /// Index, entry and span index of a span, or the matching error.
    fn locate_span(
        &self,
        doc: &DocId,
        id: &SpanId,
    ) -> Result<(usize, &Rc<DocEntry>, usize), EditError> {
        let (index, entry) = self.locate(doc)?;
        let at = entry
            .span_index(id)
            .ok_or_else(|| EditError::UnknownSpan(id.clone()))?;
        Ok((index, entry, at))
    }

    /// The entry at `index` for writing: copies the pointer list and the entry only when shared.
    fn entry_mut(&mut self, index: usize) -> Option<&mut DocEntry> {
        Rc::make_mut(&mut self.entries)
            .get_mut(index)
            .map(Rc::make_mut)
    }

    /// The span list of the entry at `index` for writing (copied only when shared).
    fn spans_mut(&mut self, index: usize) -> Option<&mut Vec<Span>> {
        self.entry_mut(index).map(|e| Rc::make_mut(&mut e.spans))
    }

    fn add_span(&mut self, doc: DocId, span: Span) -> Result<Edit, EditError> {
        let (index, entry) = self.locate(&doc)?;
        if entry.span(&span.id).is_some() {
            return Err(EditError::DuplicateSpan(span.id));
        }
        check_span(&span, entry.doc.char_len())?;
        // Ids are unique, so text order is total and the search never finds an equal span.
        let at = match entry.spans.binary_search_by(|s| Span::text_order(s, &span)) {
            Ok(at) | Err(at) => at,
        };
        let id = span.id.clone();
        if let Some(spans) = self.spans_mut(index) {
            spans.insert(at, span);
        }
        Ok(Edit::DeleteSpan { doc, id })
    }

    fn delete_span(&mut self, doc: DocId, id: SpanId) -> Result<Edit, EditError> {
        let (index, _, at) = self.locate_span(&doc, &id)?;
        let removed = self
            .spans_mut(index)
            .filter(|spans| at < spans.len())
            .map(|spans| spans.remove(at));
        match removed {
            Some(span) => Ok(Edit::AddSpan { doc, span }),
            None => Err(EditError::UnknownSpan(id)),
        }
    }

    fn relabel(
        &mut self,
        doc: DocId,
        id: SpanId,
        label: String,
        updated: Option<u64>,
    ) -> Result<Edit, EditError> {
        check_label(&label)?;
        let target =
            self.span_to_change(&doc, &id, |s| s.label == label && s.updated == updated)?;
        let (label, updated) = match target.and_then(|(index, at)| self.span_mut(index, at)) {
            Some(span) => (
                std::mem::replace(&mut span.label, label),
                std::mem::replace(&mut span.updated, updated),
            ),
            // Unchanged: the inverse is the edit itself.
            None => (label, updated),
        };
        Ok(Edit::Relabel {
            doc,
            id,
            label,
            updated,
        })
    }

    fn set_note(
        &mut self,
        doc: DocId,
        id: SpanId,
        note: String,
        updated: Option<u64>,
    ) -> Result<Edit, EditError> {
        let target = self.span_to_change(&doc, &id, |s| s.note == note && s.updated == updated)?;
        let (note, updated) = match target.and_then(|(index, at)| self.span_mut(index, at)) {
            Some(span) => (
                std::mem::replace(&mut span.note, note),
                std::mem::replace(&mut span.updated, updated),
            ),
            None => (note, updated),
        };
        Ok(Edit::SetNote {
            doc,
            id,
            note,
            updated,
        })
    }

    /// Entry index and span index of a span about to change, or `None` when `unchanged` says
    /// the edit would change nothing (then nothing is copied and every pointer stays equal).
    fn span_to_change(
        &self,
        doc: &DocId,
        id: &SpanId,
        unchanged: impl FnOnce(&Span) -> bool,
    ) -> Result<Option<(usize, usize)>, EditError> {
        let (index, entry, at) = self.locate_span(doc, id)?;
        Ok(entry
            .spans
            .get(at)
            .filter(|span| !unchanged(span))
            .map(|_| (index, at)))
    }

    /// The span at `at` of the entry at `index`, for writing.
    fn span_mut(&mut self, index: usize, at: usize) -> Option<&mut Span> {
        self.spans_mut(index).and_then(|spans| spans.get_mut(at))
    }

    fn set_status(&mut self, doc: DocId, status: Status) -> Result<Edit, EditError> {
        let (index, entry) = self.locate(&doc)?;
        let old = entry.status;
        if old != status {
            if let Some(entry) = self.entry_mut(index) {
                entry.status = status;
            }
        }
        Ok(Edit::SetStatus { doc, status: old })
    }

    fn insert_documents(
        &mut self,
        index: usize,
        entries: Vec<DocEntry>,
    ) -> Result<Edit, EditError> {
        {
            // Sets of `&str` throughout, one hash set routine in the download.
            let mut ids: HashSet<&str> = HashSet::with_capacity(self.entries.len());
            for e in self.entries.iter() {
                ids.insert(e.doc.id.0.as_str());
            }
            for entry in &entries {
                if !ids.insert(entry.doc.id.0.as_str()) {
                    return Err(EditError::DuplicateDocument(entry.doc.id.clone()));
                }
                check_entry(entry)?;
            }
        }
        let index = index.min(self.entries.len());
        let inverse = entries
            .iter()
            .map(|e| Edit::DeleteDocument {
                doc: e.doc.id.clone(),
            })
            .collect();
        let new = entries.into_iter().map(|mut entry| {
            if !sorted_by_text_order(&entry.spans) {
                Rc::make_mut(&mut entry.spans).sort_unstable_by(Span::text_order);
            }
            Rc::new(entry)
        });
        Rc::make_mut(&mut self.entries).splice(index..index, new);
        Ok(Edit::Batch(inverse))
    }

    fn delete_document(&mut self, doc: DocId) -> Result<Edit, EditError> {
        let (index, _) = self.locate(&doc)?;
        let list = Rc::make_mut(&mut self.entries);
        if index >= list.len() {
            return Err(EditError::UnknownDocument(doc));
        }
        let entry = Rc::unwrap_or_clone(list.remove(index));
        Ok(Edit::InsertDocuments {
            index,
            entries: vec![entry],
        })
    }

    /// All or nothing: on an error the corpus is put back exactly as it was, down to the
    /// `Rc` pointers (the saved list shares every entry, so this costs one pointer copy).
    fn batch(&mut self, edits: Vec<Edit>) -> Result<Edit, EditError> {
        let saved = Rc::clone(&self.entries);
        let mut inverses = Vec::with_capacity(edits.len());
        for edit in edits {
            match self.apply(edit) {
                Ok(inverse) => inverses.push(inverse),
                Err(error) => {
                    self.entries = saved;
                    return Err(error);
                }
            }
        }
        inverses.reverse();
        Ok(Edit::Batch(inverses))
    }
}

/// Undo and redo over a corpus (stores inverse edits; at most [`History::LIMIT`] steps).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    pub const LIMIT: usize = 1000;

    /// Apply `edit` to `corpus` as one undo step; clears the redo stack.
    /// A refused edit records nothing (and keeps the redo stack).
    pub fn apply(&mut self, corpus: &mut Corpus, edit: Edit) -> Result<(), EditError> {
        let inverse = corpus.apply(edit)?;
        self.push_undo(inverse);
        self.redo.clear();
        Ok(())
    }

    /// Undo the last step. False when there is nothing to undo.
    pub fn undo(&mut self, corpus: &mut Corpus) -> bool {
        let Some(edit) = self.undo.pop() else {
            return false;
        };
        match corpus.apply(edit) {
            Ok(inverse) => {
                self.redo.push(inverse);
                true
            }
            // Cannot happen (stored inverses always apply); the step is dropped.
            Err(_) => false,
        }
    }

    /// Redo the last undone step. False when there is nothing to redo.
    pub fn redo(&mut self, corpus: &mut Corpus) -> bool {
        let Some(edit) = self.redo.pop() else {
            return false;
        };
        match corpus.apply(edit) {
            Ok(inverse) => {
                self.push_undo(inverse);
                true
            }
            Err(_) => false,
        }
    }

    /// Number of steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Number of steps that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    fn push_undo(&mut self, inverse: Edit) {
        self.undo.push(inverse);
        if self.undo.len() > Self::LIMIT {
            let excess = self.undo.len() - Self::LIMIT;
            self.undo.drain(..excess);
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;

    fn doc(body: &str) -> Document {
        parse_article(body, "test.md")
    }

    /// Three documents: texts of 20, 30 and 12 code points (one with astral characters).
    fn corpus() -> Corpus {
        Corpus::new(vec![
            doc("Alpha\n\nFirst words."),
            doc("Beta\n\nSecond text, longer one."),
            doc("Gamma\n\n🇺🇦 é 北"),
        ])
    }

    fn id(c: &Corpus, i: usize) -> DocId {
        c.entries()[i].doc.id.clone()
    }

    fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span {
            id: SpanId(id.to_owned()),
            start,
            end,
            label: label.to_owned(),
            note: String::new(),
            created: None,
            updated: None,
        }
    }

    fn add(c: &mut Corpus, doc: usize, s: Span) -> Result<Edit, EditError> {
        let doc = id(c, doc);
        c.apply(Edit::AddSpan { doc, span: s })
    }

    /// Applies `edit`, checks the inverse restores the corpus exactly, re-applies it.
    fn round_trip(c: &mut Corpus, edit: Edit) -> Edit {
        let before = c.clone();
        let inverse = c.apply(edit.clone()).unwrap();
        let after = c.clone();
        let redo = c.apply(inverse.clone()).unwrap();
        assert_eq!(*c, before);
        c.apply(redo).unwrap();
        assert_eq!(*c, after);
        inverse
    }

    fn refused(c: &mut Corpus, edit: Edit) -> EditError {
        let before = c.clone();
        let error = c.apply(edit).unwrap_err();
        assert_eq!(*c, before);
        assert!(Rc::ptr_eq(c.entries(), before.entries()) || **c.entries() == **before.entries());
        error
    }

    #[test]
    fn status_ids_and_names() {
        let ids: Vec<_> = Status::ALL.iter().map(|s| s.id()).collect();
        assert_eq!(ids, ["new", "in_progress", "done"]);
        let names: Vec<_> = Status::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(names, ["New", "In progress", "Done"]);
        for s in Status::ALL {
            assert_eq!(Status::from_id(s.id()), Some(s));
        }
        assert_eq!(Status::from_id("In progress"), None);
        assert_eq!(Status::from_id("DONE"), None);
        assert_eq!(Status::from_id(""), None);
    }

    #[test]
    fn new_keeps_order_and_drops_duplicate_ids() {
        let a = doc("Alpha\n\nOne.");
        let b = doc("Beta\n\nTwo.");
        let mut a2 = doc("Alpha\n\nOne.");
        a2.source = "copy.md".into();
        let c = Corpus::new(vec![a.clone(), b.clone(), a2]);
        assert_eq!(c.len(), 2);
        assert_eq!(c.entries()[0].doc.source, "test.md");
        assert_eq!(*c.entries()[0].doc, a);
        assert_eq!(*c.entries()[1].doc, b);
        for e in c.entries().iter() {
            assert_eq!(e.status, Status::New);
            assert!(e.spans.is_empty());
        }
        assert_eq!(c.index_of(&b.id), Some(1));
        assert!(c.entry(&DocId("nope".into())).is_none());
        assert!(Corpus::new(vec![]).is_empty());
    }

    #[test]
    fn add_span_inserts_in_text_order_and_keeps_status() {
        let mut c = corpus();
        let d = id(&c, 0);
        round_trip(
            &mut c,
            Edit::AddSpan {
                doc: d.clone(),
                span: span("b", 7, 12, "claim"),
            },
        );
        round_trip(
            &mut c,
            Edit::AddSpan {
                doc: d.clone(),
                span: span("a", 7, 19, "quote"),
            },
        );
        round_trip(
            &mut c,
            Edit::AddSpan {
                doc: d.clone(),
                span: span("c", 0, 5, "entity"),
            },
        );
        round_trip(
            &mut c,
            Edit::AddSpan {
                doc: d.clone(),
                span: span("d", 7, 12, "quote"),
            },
        );
        let e = c.entry(&d).unwrap();
        let order: Vec<_> = e.spans.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(order, ["c", "a", "b", "d"]);
        assert_eq!(e.status, Status::New, "Corpus::apply never changes status");
        assert_eq!(e.count("quote"), 2);
        assert_eq!(e.count("claim"), 1);
        assert_eq!(e.count("other"), 0);
        assert_eq!(e.span(&SpanId("b".into())).unwrap().start, 7);
    }

    #[test]
    fn add_span_inverse_is_delete() {
        let mut c = corpus();
        let d = id(&c, 1);
        let inverse = add(&mut c, 1, span("x", 0, 4, "quote")).unwrap();
        assert_eq!(
            inverse,
            Edit::DeleteSpan {
                doc: d,
                id: SpanId("x".into())
            }
        );
    }

    #[test]
    fn add_span_errors() {
        let mut c = corpus();
        add(&mut c, 0, span("a", 0, 5, "quote")).unwrap();
        let d = id(&c, 0);
        let len = c.entries()[0].doc.char_len();
        assert_eq!(len, 19);
        let unknown = DocId("missing".into());
        assert_eq!(
            refused(
                &mut c,
                Edit::AddSpan {
                    doc: unknown.clone(),
                    span: span("z", 0, 1, "quote")
                }
            ),
            EditError::UnknownDocument(unknown)
        );
        assert_eq!(
            refused(
                &mut c,
                Edit::AddSpan {
                    doc: d.clone(),
                    span: span("a", 6, 9, "claim")
                }
            ),
            EditError::DuplicateSpan(SpanId("a".into()))
        );
        for (start, end) in [(3, 3), (5, 2), (0, len + 1), (len, len + 3)] {
            assert_eq!(
                refused(
                    &mut c,
                    Edit::AddSpan {
                        doc: d.clone(),
                        span: span("z", start, end, "quote")
                    }
                ),
                EditError::BadRange {
                    id: SpanId("z".into()),
                    start,
                    end,
                    len
                }
            );
        }
        assert_eq!(
            refused(
                &mut c,
                Edit::AddSpan {
                    doc: d.clone(),
                    span: span("z", 0, 2, "Quote")
                }
            ),
            EditError::UnknownLabel("Quote".into())
        );
        // The whole text is fine, and lengths are code points (astral flag = 2 code points).
        add(&mut c, 0, span("all", 0, len, "claim")).unwrap();
        let astral_len = c.entries()[2].doc.char_len();
        assert_eq!(astral_len, 13);
        add(&mut c, 2, span("end", 7, astral_len, "entity")).unwrap();
    }

    #[test]
    fn delete_span_inverse_restores_full_span() {
        let mut c = corpus();
        let d = id(&c, 0);
        let mut s = span("a", 2, 9, "claim");
        s.note = "check this".into();
        add(&mut c, 0, s.clone()).unwrap();
        add(&mut c, 0, span("b", 1, 3, "quote")).unwrap();
        let inverse = round_trip(
            &mut c,
            Edit::DeleteSpan {
                doc: d.clone(),
                id: s.id.clone(),
            },
        );
        assert_eq!(
            inverse,
            Edit::AddSpan {
                doc: d.clone(),
                span: s
            }
        );
        assert_eq!(
            refused(
                &mut c,
                Edit::DeleteSpan {
                    doc: d.clone(),
                    id: SpanId("nope".into())
                }
            ),
            EditError::UnknownSpan(SpanId("nope".into()))
        );
        assert_eq!(
            refused(
                &mut c,
                Edit::DeleteSpan {
                    doc: DocId("x".into()),
                    id: SpanId("b".into())
                }
            ),
            EditError::UnknownDocument(DocId("x".into()))
        );
    }

    #[test]
    fn relabel_set_note_and_status() {
        let mut c = corpus();
        let d = id(&c, 0);
        let sid = SpanId("a".into());
        add(&mut c, 0, span("a", 2, 9, "claim")).unwrap();

        let inv = round_trip(
            &mut c,
            Edit::Relabel {
                doc: d.clone(),
                id: sid.clone(),
                label: "entity".into(),
                updated: None,
            },
        );
        assert_eq!(
            inv,
            Edit::Relabel {
                doc: d.clone(),
                id: sid.clone(),
                label: "claim".into(),
                updated: None,
            }
        );
        assert_eq!(c.entries()[0].spans[0].label, "entity");
        assert_eq!(
            refused(
                &mut c,
                Edit::Relabel {
                    doc: d.clone(),
                    id: sid.clone(),
                    label: "opinion".into(),
                    updated: None,
                }
            ),
            EditError::UnknownLabel("opinion".into())
        );
        assert_eq!(
            refused(
                &mut c,
                Edit::Relabel {
                    doc: d.clone(),
                    id: SpanId("q".into()),
                    label: "quote".into(),
                    updated: None,
                }
            ),
            EditError::UnknownSpan(SpanId("q".into()))
        );

        let inv = round_trip(
            &mut c,
            Edit::SetNote {
                doc: d.clone(),
                id: sid.clone(),
                note: "source?".into(),
                updated: None,
            },
        );
        assert_eq!(
            inv,
            Edit::SetNote {
                doc: d.clone(),
                id: sid.clone(),
                note: String::new(),
                updated: None,
            }
        );
        assert_eq!(c.entries()[0].spans[0].note, "source?");
        assert_eq!(
            refused(
                &mut c,
                Edit::SetNote {
                    doc: d.clone(),
                    id: SpanId("q".into()),
                    note: "x".into(),
                    updated: None,
                }
            ),
            EditError::UnknownSpan(SpanId("q".into()))
        );

        let inv = round_trip(
            &mut c,
            Edit::SetStatus {
                doc: d.clone(),
                status: Status::Done,
            },
        );
        assert_eq!(
            inv,
            Edit::SetStatus {
                doc: d.clone(),
                status: Status::New
            }
        );
        assert_eq!(c.entries()[0].status, Status::Done);
        assert_eq!(
            refused(
                &mut c,
                Edit::SetStatus {
                    doc: DocId("x".into()),
                    status: Status::Done
                }
            ),
            EditError::UnknownDocument(DocId("x".into()))
        );
    }

    #[test]
    fn unchanged_documents_keep_their_pointers() {
        let mut c = corpus();
        let before = c.clone();
        add(&mut c, 1, span("a", 0, 4, "quote")).unwrap();
        assert!(Rc::ptr_eq(&c.entries()[0], &before.entries()[0]));
        assert!(Rc::ptr_eq(&c.entries()[2], &before.entries()[2]));
        assert!(!Rc::ptr_eq(&c.entries()[1], &before.entries()[1]));
        assert!(Rc::ptr_eq(&c.entries()[1].doc, &before.entries()[1].doc));
        // A no-op status change or relabel touches nothing.
        let snapshot = c.clone();
        let d = id(&c, 1);
        c.apply(Edit::SetStatus {
            doc: d.clone(),
            status: Status::New,
        })
        .unwrap();
        c.apply(Edit::Relabel {
            doc: d,
            id: SpanId("a".into()),
            label: "quote".into(),
            updated: None,
        })
        .unwrap();
        assert!(Rc::ptr_eq(c.entries(), snapshot.entries()));
    }

    #[test]
    fn delete_and_insert_documents() {
        let mut c = corpus();
        let d1 = id(&c, 1);
        add(&mut c, 1, span("a", 0, 4, "quote")).unwrap();
        c.apply(Edit::SetStatus {
            doc: d1.clone(),
            status: Status::Done,
        })
        .unwrap();
        let entry = (*c.entries()[1]).clone();
        let inverse = round_trip(&mut c, Edit::DeleteDocument { doc: d1.clone() });
        assert_eq!(
            inverse,
            Edit::InsertDocuments {
                index: 1,
                entries: vec![entry]
            }
        );
        assert_eq!(
            refused(
                &mut c,
                Edit::DeleteDocument {
                    doc: DocId("x".into())
                }
            ),
            EditError::UnknownDocument(DocId("x".into()))
        );

        // Insert two new documents, spans given out of order, in the middle.
        let mut e1 = DocEntry::new(doc("Delta\n\nFourth text here."));
        Rc::make_mut(&mut e1.spans).extend([span("z", 7, 12, "claim"), span("y", 0, 5, "entity")]);
        e1.status = Status::InProgress;
        let e2 = DocEntry::new(doc("Epsilon\n\nFifth."));
        let (i1, i2) = (e1.doc.id.clone(), e2.doc.id.clone());
        let inverse = round_trip(
            &mut c,
            Edit::InsertDocuments {
                index: 1,
                entries: vec![e1, e2],
            },
        );
        assert_eq!(
            inverse,
            Edit::Batch(vec![
                Edit::DeleteDocument { doc: i1.clone() },
                Edit::DeleteDocument { doc: i2.clone() }
            ])
        );
        let order: Vec<_> = c.entries().iter().map(|e| e.doc.id.clone()).collect();
        assert_eq!(order[1], i1);
        assert_eq!(order[2], i2);
        assert_eq!(c.len(), 4);
        let ids: Vec<_> = c.entries()[1]
            .spans
            .iter()
            .map(|s| s.id.0.clone())
            .collect();
        assert_eq!(ids, ["y", "z"], "inserted spans are sorted by text order");
        assert_eq!(c.entries()[1].status, Status::InProgress);

        // At the end, and an empty insert.
        let e3 = DocEntry::new(doc("Zeta\n\nSixth."));
        let end = c.len();
        round_trip(
            &mut c,
            Edit::InsertDocuments {
                index: end,
                entries: vec![e3],
            },
        );
        round_trip(
            &mut c,
            Edit::InsertDocuments {
                index: 0,
                entries: vec![],
            },
        );
        // An index beyond the end appends.
        let e4 = DocEntry::new(doc("Eta\n\nSeventh."));
        let i4 = e4.doc.id.clone();
        round_trip(
            &mut c,
            Edit::InsertDocuments {
                index: 99,
                entries: vec![e4],
            },
        );
        assert_eq!(c.entries().last().unwrap().doc.id, i4);
    }

    #[test]
    fn insert_documents_errors() {
        let mut c = corpus();
        let existing = (*c.entries()[0]).clone();
        let fresh = DocEntry::new(doc("Fresh\n\nText."));
        assert_eq!(
            refused(
                &mut c,
                Edit::InsertDocuments {
                    index: 0,
                    entries: vec![fresh.clone(), existing.clone()]
                }
            ),
            EditError::DuplicateDocument(existing.doc.id.clone())
        );
        assert_eq!(
            refused(
                &mut c,
                Edit::InsertDocuments {
                    index: 0,
                    entries: vec![fresh.clone(), fresh.clone()]
                }
            ),
            EditError::DuplicateDocument(fresh.doc.id.clone())
        );
        let with = |spans: Vec<Span>| {
            let mut e = fresh.clone();
            e.spans = Rc::new(spans);
            Edit::InsertDocuments {
                index: 3,
                entries: vec![e],
            }
        };
        assert_eq!(
            refused(
                &mut c,
                with(vec![span("a", 0, 2, "quote"), span("a", 3, 4, "claim")])
            ),
            EditError::DuplicateSpan(SpanId("a".into()))
        );
        assert_eq!(
            refused(&mut c, with(vec![span("a", 0, 99, "quote")])),
            EditError::BadRange {
                id: SpanId("a".into()),
                start: 0,
                end: 99,
                len: 12
            }
        );
        assert_eq!(
            refused(&mut c, with(vec![span("a", 4, 4, "quote")])),
            EditError::BadRange {
                id: SpanId("a".into()),
                start: 4,
                end: 4,
                len: 12
            }
        );
        assert_eq!(
            refused(&mut c, with(vec![span("a", 0, 2, "")])),
            EditError::UnknownLabel(String::new())
        );
        // A span id may repeat across documents.
        add(&mut c, 0, span("a", 0, 2, "quote")).unwrap();
        round_trip(&mut c, with(vec![span("a", 0, 2, "quote")]));
    }

    #[test]
    fn batch_is_all_or_nothing() {
        let mut c = corpus();
        let (d0, d1) = (id(&c, 0), id(&c, 1));
        let good = vec![
            Edit::AddSpan {
                doc: d0.clone(),
                span: span("a", 0, 5, "quote"),
            },
            Edit::Relabel {
                doc: d0.clone(),
                id: SpanId("a".into()),
                label: "claim".into(),
                updated: None,
            },
            Edit::SetStatus {
                doc: d1.clone(),
                status: Status::Done,
            },
            Edit::DeleteDocument { doc: d1.clone() },
        ];
        let inverse = round_trip(&mut c, Edit::Batch(good.clone()));
        match &inverse {
            Edit::Batch(parts) => {
                assert_eq!(parts.len(), 4);
                assert!(matches!(parts[0], Edit::InsertDocuments { index: 1, .. }));
                assert!(matches!(parts[3], Edit::DeleteSpan { .. }));
            }
            other => panic!("not a batch: {other:?}"),
        }
        assert_eq!(c.len(), 2);
        assert_eq!(c.entries()[0].spans[0].label, "claim");

        // The last part fails: nothing of the first parts stays, pointers included.
        let mut c = corpus();
        let before = c.clone();
        let error = c
            .apply(Edit::Batch(vec![
                Edit::AddSpan {
                    doc: d0.clone(),
                    span: span("a", 0, 5, "quote"),
                },
                Edit::DeleteDocument { doc: d1.clone() },
                Edit::Batch(vec![Edit::SetNote {
                    doc: d0.clone(),
                    id: SpanId("b".into()),
                    note: "x".into(),
                    updated: None,
                }]),
            ]))
            .unwrap_err();
        assert_eq!(error, EditError::UnknownSpan(SpanId("b".into())));
        assert_eq!(c, before);
        assert!(Rc::ptr_eq(c.entries(), before.entries()));

        // Empty batch.
        assert_eq!(round_trip(&mut c, Edit::Batch(vec![])), Edit::Batch(vec![]));
    }

    #[test]
    fn error_messages_are_sentences() {
        let id = SpanId("s-1".into());
        let bad = |start, end, len| {
            EditError::BadRange {
                id: id.clone(),
                start,
                end,
                len,
            }
            .to_string()
        };
        assert_eq!(
            bad(10, 80, 72),
            "That span ends at 80, beyond the end of the text (72 characters)."
        );
        assert_eq!(
            bad(0, 2, 1),
            "That span ends at 2, beyond the end of the text (1 character)."
        );
        assert_eq!(
            bad(5, 5, 72),
            "That span is empty (it starts and ends at 5)."
        );
        assert_eq!(bad(9, 5, 72), "That span starts at 9, after its end at 5.");
        assert_eq!(
            EditError::UnknownLabel("opinion".into()).to_string(),
            "“opinion” is not a known label."
        );
        for e in [
            EditError::UnknownDocument(DocId("d".into())),
            EditError::DuplicateDocument(DocId("d".into())),
            EditError::UnknownSpan(id.clone()),
            EditError::DuplicateSpan(id.clone()),
        ] {
            let text = e.to_string();
            assert!(
                text.ends_with('.') && text.starts_with(char::is_uppercase),
                "{text}"
            );
        }
    }

    #[test]
    fn history_undo_redo() {
        let mut c = corpus();
        let initial = c.clone();
        let mut h = History::default();
        assert!(!h.can_undo() && !h.can_redo());
        assert!(!h.undo(&mut c) && !h.redo(&mut c));
        let d = id(&c, 0);
        h.apply(
            &mut c,
            Edit::AddSpan {
                doc: d.clone(),
                span: span("a", 0, 5, "quote"),
            },
        )
        .unwrap();
        h.apply(
            &mut c,
            Edit::SetStatus {
                doc: d.clone(),
                status: Status::Done,
            },
        )
        .unwrap();
        let done = c.clone();
        // A refused edit records nothing.
        assert!(h
            .apply(
                &mut c,
                Edit::DeleteDocument {
                    doc: DocId("x".into())
                }
            )
            .is_err());
        assert_eq!(h.undo_len(), 2);
        assert!(h.undo(&mut c));
        assert_eq!(c.entries()[0].status, Status::New);
        assert_eq!(c.entries()[0].spans.len(), 1);
        assert!(h.undo(&mut c));
        assert_eq!(c, initial);
        assert!(!h.undo(&mut c));
        assert!(h.can_redo());
        assert!(h.redo(&mut c) && h.redo(&mut c));
        assert_eq!(c, done);
        assert!(!h.redo(&mut c));
        // A new edit clears redo; a refused one does not.
        assert!(h.undo(&mut c));
        assert!(h
            .apply(
                &mut c,
                Edit::DeleteDocument {
                    doc: DocId("x".into())
                }
            )
            .is_err());
        assert!(h.can_redo());
        h.apply(
            &mut c,
            Edit::SetStatus {
                doc: d,
                status: Status::InProgress,
            },
        )
        .unwrap();
        assert!(!h.can_redo());
    }

    #[test]
    fn history_keeps_at_most_limit_steps() {
        let mut c = corpus();
        let d = id(&c, 0);
        let mut h = History::default();
        let statuses = [Status::InProgress, Status::Done];
        for i in 0..History::LIMIT + 5 {
            h.apply(
                &mut c,
                Edit::SetStatus {
                    doc: d.clone(),
                    status: statuses[i % 2],
                },
            )
            .unwrap();
        }
        assert_eq!(h.undo_len(), History::LIMIT);
        let mut undone = 0;
        while h.undo(&mut c) {
            undone += 1;
        }
        assert_eq!(undone, History::LIMIT);
        // The five oldest steps are gone: the status is what the fifth edit set.
        assert_eq!(c.entries()[0].status, statuses[4 % 2]);
        assert_eq!(h.redo_len(), History::LIMIT);
    }
}
