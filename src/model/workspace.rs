//! The open corpus, its undo history, and which document is being read.

use std::rc::Rc;

use super::document::{DocId, Document};
use super::store::{Corpus, DocEntry, Edit, EditError, History};

/// What the reducer works on. Cloning is cheap (shared documents and span lists).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workspace {
    corpus: Corpus,
    history: History,
    active: Option<DocId>,
}

impl Workspace {
    /// A workspace over `docs`, with the first one active.
    pub fn new(docs: Vec<Document>) -> Self {
        todo!()
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    pub fn entries(&self) -> &Rc<Vec<Rc<DocEntry>>> {
        self.corpus.entries()
    }

    pub fn active(&self) -> Option<&Rc<DocEntry>> {
        todo!()
    }

    pub fn active_id(&self) -> Option<&DocId> {
        self.active.as_ref()
    }

    /// Make `id` the active document. False (nothing changes) for an unknown id or the
    /// document already active.
    pub fn open(&mut self, id: &DocId) -> bool {
        todo!()
    }

    /// Move to the next (`step` = 1) or previous (`step` = -1) document, stopping at the ends.
    pub fn step(&mut self, step: isize) -> bool {
        todo!()
    }

    /// Apply an edit as one undo step. Afterwards the active document is still valid: when it
    /// was deleted, the document now at its index (else the one before, else none) becomes
    /// active; when there was none, the first inserted document becomes active.
    pub fn edit(&mut self, edit: Edit) -> Result<(), EditError> {
        todo!()
    }

    /// Undo the last edit (false when there is none); the active document stays valid as above.
    pub fn undo(&mut self) -> bool {
        todo!()
    }

    pub fn redo(&mut self) -> bool {
        todo!()
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }
}
