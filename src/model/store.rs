//! The annotation store: the corpus (documents with their spans and status), edits with exact
//! inverses, and undo/redo.

use std::fmt;
use std::rc::Rc;

use super::document::{DocId, Document};
use super::span::{Span, SpanId};

/// Where a document is in the annotation work. Set by the user; adding the first span to a
/// `New` document makes it `InProgress`.
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
        todo!()
    }

    /// Shown to people: `New`, `In progress`, `Done`.
    pub fn name(self) -> &'static str {
        todo!()
    }

    pub fn from_id(id: &str) -> Option<Status> {
        todo!()
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
    pub fn new(doc: Document) -> Self {
        todo!()
    }

    /// Number of spans with this label id.
    pub fn count(&self, label: &str) -> usize {
        todo!()
    }

    pub fn span(&self, id: &SpanId) -> Option<&Span> {
        todo!()
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
    Relabel {
        doc: DocId,
        id: SpanId,
        label: String,
    },
    SetNote {
        doc: DocId,
        id: SpanId,
        note: String,
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
        todo!()
    }
}

/// The documents in list order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    entries: Rc<Vec<Rc<DocEntry>>>,
}

impl Corpus {
    pub fn new(docs: Vec<Document>) -> Self {
        todo!()
    }

    pub fn entries(&self) -> &Rc<Vec<Rc<DocEntry>>> {
        &self.entries
    }

    pub fn entry(&self, id: &DocId) -> Option<&Rc<DocEntry>> {
        todo!()
    }

    pub fn index_of(&self, id: &DocId) -> Option<usize> {
        todo!()
    }

    /// Apply an edit. Returns its inverse: applying that restores the previous state exactly.
    /// On error nothing changes.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        todo!()
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
    pub fn apply(&mut self, corpus: &mut Corpus, edit: Edit) -> Result<(), EditError> {
        todo!()
    }

    /// Undo the last step. False when there is nothing to undo.
    pub fn undo(&mut self, corpus: &mut Corpus) -> bool {
        todo!()
    }

    /// Redo the last undone step. False when there is nothing to redo.
    pub fn redo(&mut self, corpus: &mut Corpus) -> bool {
        todo!()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
