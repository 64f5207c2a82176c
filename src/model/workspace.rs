//! The open corpus, its undo history, and which document is being read.

use std::rc::Rc;

use super::document::{DocId, Document};
use super::edit::{DocEdit, Edit, SpanEdit};
use super::entry::{DocEntry, Status};
use super::error::EditError;
use super::history::History;
use super::store::{Corpus, Renamed};

/// What the reducer works on. Cloning is cheap: the documents, their span lists and the undo
/// history are shared, and copied only where an edit changes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workspace {
    corpus: Corpus,
    history: Rc<History>,
    active: Option<DocId>,
}

impl Workspace {
    /// A workspace over `docs`, with the first one active.
    pub fn new(docs: Vec<Document>) -> Self {
        let corpus = Corpus::new(docs);
        let active = corpus.entries().first().map(|e| e.doc.id.clone());
        Workspace {
            corpus,
            history: Rc::default(),
            active,
        }
    }

    /// A workspace over a corpus read from storage, with `active` open when it exists (else
    /// the first document). The history starts empty.
    pub fn from_corpus(corpus: Corpus, active: Option<DocId>) -> Self {
        let active = active
            .filter(|id| corpus.entry(id).is_some())
            .or_else(|| corpus.entries().first().map(|e| e.doc.id.clone()));
        Workspace {
            corpus,
            history: Rc::default(),
            active,
        }
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    pub fn entries(&self) -> &Rc<Vec<Rc<DocEntry>>> {
        self.corpus.entries()
    }

    pub fn active(&self) -> Option<&Rc<DocEntry>> {
        self.active.as_ref().and_then(|id| self.corpus.entry(id))
    }

    pub fn active_id(&self) -> Option<&DocId> {
        self.active.as_ref()
    }

    /// Make `id` the active document. False (nothing changes) for an unknown id or the
    /// document already active.
    pub fn open(&mut self, id: &DocId) -> bool {
        if self.active.as_ref() == Some(id) || self.corpus.entry(id).is_none() {
            return false;
        }
        self.active = Some(id.clone());
        true
    }

    /// Move to the next (`step` = 1) or previous (`step` = -1) document, stopping at the ends.
    /// Any other step moves that many documents, also stopping at the ends.
    pub fn step(&mut self, step: isize) -> bool {
        let entries = self.corpus.entries();
        let Some(last) = entries.len().checked_sub(1) else {
            return false;
        };
        let target = match self.active.as_ref().and_then(|id| self.corpus.index_of(id)) {
            Some(current) => {
                let moved = if step < 0 {
                    current.saturating_sub(step.unsigned_abs())
                } else {
                    current.saturating_add(step.unsigned_abs())
                };
                moved.min(last)
            }
            // Not reachable while documents exist (one is always active); start at the first.
            None => 0,
        };
        match entries.get(target) {
            Some(entry) if self.active.as_ref() != Some(&entry.doc.id) => {
                self.active = Some(entry.doc.id.clone());
                true
            }
            _ => false,
        }
    }

    /// Apply an edit as one undo step. Afterwards the active document is still valid: when it
    /// was deleted, the document now at its index (else the one before, else none) becomes
    /// active; when there was none, the first inserted document becomes active.
    ///
    /// Adding a span to a document where its annotator is `New` also sets them `InProgress`
    /// there, in the same undo step.
    pub fn edit(&mut self, edit: Edit) -> Result<(), EditError> {
        let starts_work = |doc: &DocId, who: &str| {
            self.corpus
                .entry(doc)
                .is_some_and(|e| e.status_of(who) == Status::New)
        };
        let edit = match edit {
            Edit::Span {
                doc,
                edit: SpanEdit::Add(span),
            } if starts_work(&doc, &span.annotator) => {
                let who = Rc::clone(&span.annotator);
                Edit::Batch(vec![
                    Edit::add_span(doc.clone(), span),
                    Edit::set_status(doc, who, Status::InProgress),
                ])
            }
            other => other,
        };
        let inserted = first_inserted(&edit).cloned();
        let old_index = self.active_index();
        Rc::make_mut(&mut self.history).apply(&mut self.corpus, edit)?;
        self.fix_active(old_index, inserted.as_ref());
        Ok(())
    }

    /// Apply a change made in another tab: like [`Workspace::edit`] but not an undo step of this
    /// tab (undoing it here would undo someone else's work). Later undo steps that conflict with
    /// it simply fail and change nothing.
    pub fn apply_remote(&mut self, edit: Edit) -> Result<(), EditError> {
        let old_index = self.active_index();
        self.corpus.apply(edit)?;
        self.fix_active(old_index, None);
        Ok(())
    }

    /// Undo the last edit (false when there is none); the active document stays valid as above.
    #[must_use]
    pub fn undo(&mut self) -> bool {
        let old_index = self.active_index();
        if !self.history.can_undo() {
            return false;
        }
        let done = Rc::make_mut(&mut self.history).undo(&mut self.corpus);
        self.fix_active(old_index, None);
        done
    }

    /// Redo the last undone edit (false when there is none); the active document stays valid.
    #[must_use]
    pub fn redo(&mut self) -> bool {
        let old_index = self.active_index();
        if !self.history.can_redo() {
            return false;
        }
        let done = Rc::make_mut(&mut self.history).redo(&mut self.corpus);
        self.fix_active(old_index, None);
        done
    }

    fn active_index(&self) -> Option<usize> {
        self.active.as_ref().and_then(|id| self.corpus.index_of(id))
    }

    /// After a change: a deleted active document is replaced by the one now at its old index
    /// (else the last one before it, else none); with none active and documents present,
    /// `preferred` (when it exists) or the first document becomes active.
    fn fix_active(&mut self, old_index: Option<usize>, preferred: Option<&DocId>) {
        let entries = self.corpus.entries();
        let still_there = self
            .active
            .as_ref()
            .is_some_and(|id| self.corpus.entry(id).is_some());
        if still_there {
            return;
        }
        let next = if self.active.is_some() {
            let index = old_index.unwrap_or(0);
            entries
                .get(index)
                .or_else(|| entries.last())
                .map(|e| e.doc.id.clone())
        } else {
            preferred
                .filter(|id| self.corpus.entry(id).is_some())
                .cloned()
                .or_else(|| entries.first().map(|e| e.doc.id.clone()))
        };
        self.active = next;
    }

    /// Rename the layer of annotator `from` to `to`, spans and statuses
    /// ([`Corpus::rename_annotator`]). The undo history starts again when anything changed:
    /// its steps name the old layer. Returns how many spans changed.
    pub fn rename_annotator(&mut self, from: &str, to: &Rc<str>) -> usize {
        let renamed = self.corpus.rename_annotator(from, to);
        if renamed != Renamed::default() {
            self.history = Rc::default();
        }
        renamed.spans
    }

    /// What was done in `partial` (a workspace over the open article of a large corpus, while
    /// the rest loaded) carried over to this one (the whole corpus, loaded): `partial`'s open
    /// document as `partial` has it, its undo history, and it open. Nothing changes when
    /// nothing was done there (the corpus loaded is newer: it holds what other tabs did).
    pub fn carry(&mut self, partial: &Workspace) {
        if !partial.can_undo() && !partial.can_redo() {
            return;
        }
        let Some(entry) = partial.active() else {
            return;
        };
        let id = entry.doc.id.clone();
        let index = self.corpus.index_of(&id);
        let mut corpus = self.corpus.clone();
        let put = match index {
            Some(index) => corpus
                .apply(Edit::Document(DocEdit::Delete(id.clone())))
                .map(|_| index),
            None => Ok(0),
        };
        let put = put.and_then(|index| {
            corpus.apply(Edit::Document(DocEdit::Insert {
                index,
                entries: vec![(**entry).clone()],
            }))
        });
        if put.is_ok() {
            self.corpus = corpus;
            self.history = Rc::clone(&partial.history);
            self.active = Some(id);
        }
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }
}

/// The id of the first document an edit inserts, looking inside batches.
fn first_inserted(edit: &Edit) -> Option<&DocId> {
    match edit {
        Edit::Document(DocEdit::Insert { entries, .. }) => entries.first().map(|e| &e.doc.id),
        Edit::Batch(edits) => edits.iter().find_map(first_inserted),
        Edit::Document(DocEdit::SetStatus { .. } | DocEdit::Decide { .. } | DocEdit::Delete(_))
        | Edit::Span { .. }
        | Edit::Relation { .. }
        | Edit::Schema(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::{Span, SpanId, Status};

    fn docs(n: usize) -> Vec<Document> {
        (0..n)
            .map(|i| parse_article(&format!("Title {i}\n\nSome text number {i}."), "t.md"))
            .collect()
    }

    fn ids(ws: &Workspace) -> Vec<DocId> {
        ws.entries().iter().map(|e| e.doc.id.clone()).collect()
    }

    fn span(id: &str, start: usize, end: usize) -> Span {
        Span {
            id: SpanId(id.into()),
            start,
            end,
            label: "quote".into(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        }
    }

    #[test]
    fn new_opens_the_first_document() {
        let ws = Workspace::new(docs(3));
        let all = ids(&ws);
        assert_eq!(ws.active_id(), Some(&all[0]));
        assert_eq!(ws.active().map(|e| &e.doc.id), Some(&all[0]));
        let empty = Workspace::new(vec![]);
        assert_eq!(empty.active_id(), None);
        assert!(empty.active().is_none());
        assert!(!empty.can_undo() && !empty.can_redo());
    }

    #[test]
    fn open_and_step() {
        let mut ws = Workspace::new(docs(3));
        let all = ids(&ws);
        assert!(!ws.open(&all[0]), "already active");
        assert!(!ws.open(&DocId("nope".into())));
        assert!(ws.open(&all[2]));
        assert_eq!(ws.active_id(), Some(&all[2]));
        assert!(!ws.step(1), "stops at the end");
        assert!(ws.step(-1));
        assert_eq!(ws.active_id(), Some(&all[1]));
        assert!(ws.step(-1));
        assert!(!ws.step(-1), "stops at the start");
        assert!(!ws.step(0));
        assert!(ws.step(isize::MAX));
        assert_eq!(ws.active_id(), Some(&all[2]));
        assert!(ws.step(isize::MIN));
        assert_eq!(ws.active_id(), Some(&all[0]));
        let mut empty = Workspace::new(vec![]);
        assert!(!empty.step(1) && !empty.step(-1));
    }

    #[test]
    fn add_span_to_new_document_sets_in_progress_in_one_step() {
        let mut ws = Workspace::new(docs(2));
        let initial = ws.clone();
        let d = ids(&ws)[0].clone();
        ws.edit(Edit::add_span(d.clone(), span("a", 0, 5))).unwrap();
        let entry = ws.corpus().entry(&d).unwrap().clone();
        assert_eq!(entry.status_of(""), Status::InProgress);
        assert_eq!(entry.spans.len(), 1);
        // A second span leaves the status alone.
        ws.edit(Edit::set_status(d.clone(), Rc::from(""), Status::Done))
            .unwrap();
        ws.edit(Edit::add_span(d.clone(), span("b", 1, 5))).unwrap();
        assert_eq!(ws.corpus().entry(&d).unwrap().status_of(""), Status::Done);
        assert!(ws.undo() && ws.undo());
        assert_eq!(**ws.corpus().entry(&d).unwrap(), *entry);
        // One undo removes the span and restores New.
        assert!(ws.undo());
        assert_eq!(ws.corpus(), initial.corpus());
        assert!(!ws.can_undo());
        assert!(ws.redo());
        assert_eq!(**ws.corpus().entry(&d).unwrap(), *entry);
    }

    #[test]
    fn a_span_starts_the_work_of_its_own_annotator_only() {
        let mut ws = Workspace::new(docs(1));
        let d = ids(&ws)[0].clone();
        let mut theirs = span("a", 0, 5);
        theirs.annotator = Rc::from("Bo");
        ws.edit(Edit::add_span(d.clone(), theirs)).unwrap();
        let entry = ws.corpus().entry(&d).unwrap().clone();
        assert_eq!(entry.status_of("Bo"), Status::InProgress);
        assert_eq!(entry.status_of(""), Status::New, "mine is untouched");
        ws.edit(Edit::set_status(d.clone(), Rc::from(""), Status::Done))
            .unwrap();
        // Renaming my layer carries my status; the undo history starts again.
        assert_eq!(ws.rename_annotator("", &Rc::from("Ada")), 0);
        let entry = ws.corpus().entry(&d).unwrap().clone();
        assert_eq!(entry.status_of("Ada"), Status::Done);
        assert_eq!(entry.status_of(""), Status::New);
        assert_eq!(entry.status_of("Bo"), Status::InProgress);
        assert!(!ws.can_undo());
        // Onto a layer that has statuses: where the old name had one, it wins.
        assert_eq!(ws.rename_annotator("Ada", &Rc::from("Bo")), 0);
        let entry = ws.corpus().entry(&d).unwrap().clone();
        assert_eq!(*entry.statuses, vec![(Rc::from("Bo"), Status::Done)]);
        assert_eq!(ws.rename_annotator("Cy", &Rc::from("Bo")), 0);
        assert_eq!(ws.corpus().entry(&d).unwrap(), &entry, "nothing to carry");
    }

    #[test]
    fn refused_add_span_changes_nothing() {
        let mut ws = Workspace::new(docs(1));
        let before = ws.clone();
        let d = ids(&ws)[0].clone();
        let error = ws.edit(Edit::add_span(d, span("a", 0, 999)));
        assert!(matches!(error, Err(EditError::BadRange { .. })));
        assert_eq!(ws, before);
    }

    #[test]
    fn deleting_the_active_document_moves_to_its_neighbour() {
        let mut ws = Workspace::new(docs(3));
        let all = ids(&ws);
        ws.open(&all[1]);
        ws.edit(Edit::delete_document(all[1].clone())).unwrap();
        assert_eq!(ws.active_id(), Some(&all[2]), "the one now at its index");
        ws.edit(Edit::delete_document(all[2].clone())).unwrap();
        assert_eq!(ws.active_id(), Some(&all[0]), "else the one before");
        ws.edit(Edit::delete_document(all[0].clone())).unwrap();
        assert_eq!(ws.active_id(), None, "else none");
        assert!(ws.active().is_none());
        // Undo brings the documents back but does not move to them, except out of "none".
        assert!(ws.undo());
        assert_eq!(ws.active_id(), Some(&all[0]));
        assert!(ws.undo() && ws.undo());
        assert_eq!(ids(&ws), all);
        assert_eq!(ws.active_id(), Some(&all[0]));
        // Deleting a document that is not active keeps the active one.
        ws.edit(Edit::delete_document(all[2].clone())).unwrap();
        assert_eq!(ws.active_id(), Some(&all[0]));
    }

    #[test]
    fn deleting_the_last_document_moves_back() {
        let mut ws = Workspace::new(docs(3));
        let all = ids(&ws);
        ws.open(&all[2]);
        ws.edit(Edit::delete_document(all[2].clone())).unwrap();
        assert_eq!(ws.active_id(), Some(&all[1]));
        assert!(ws.undo());
        assert_eq!(ws.active_id(), Some(&all[1]));
        assert!(ws.redo());
        assert_eq!(ws.active_id(), Some(&all[1]));
        // Deleting all remaining documents at once leaves none active.
        ws.edit(Edit::Batch(vec![
            Edit::delete_document(all[0].clone()),
            Edit::delete_document(all[1].clone()),
        ]))
        .unwrap();
        assert_eq!(ws.active_id(), None);
        assert!(ws.entries().is_empty());
    }

    #[test]
    fn deleting_active_and_following_documents_moves_to_the_last_left() {
        let mut ws = Workspace::new(docs(4));
        let all = ids(&ws);
        ws.open(&all[2]);
        ws.edit(Edit::Batch(vec![
            Edit::delete_document(all[3].clone()),
            Edit::delete_document(all[2].clone()),
        ]))
        .unwrap();
        assert_eq!(ws.active_id(), Some(&all[1]));
        assert!(ws.undo());
        assert_eq!(ids(&ws), all);
        assert_eq!(ws.active_id(), Some(&all[1]));
    }

    #[test]
    fn insert_into_empty_workspace_opens_the_first_inserted() {
        let mut ws = Workspace::new(vec![]);
        let entries: Vec<DocEntry> = docs(2).into_iter().map(DocEntry::new).collect();
        let first = entries[0].doc.id.clone();
        ws.edit(Edit::insert_documents(0, entries)).unwrap();
        assert_eq!(ws.active_id(), Some(&first));
        assert!(ws.undo());
        assert_eq!(ws.active_id(), None);
        assert!(ws.entries().is_empty());
        assert!(ws.redo());
        assert_eq!(ws.active_id(), Some(&first));
        // Inserting into a non-empty workspace keeps the active document.
        let more = DocEntry::new(parse_article("Other\n\nText.", "o.md"));
        ws.edit(Edit::insert_documents(0, vec![more])).unwrap();
        assert_eq!(ws.active_id(), Some(&first));
    }

    #[test]
    fn undo_redo_without_history() {
        let mut ws = Workspace::new(docs(1));
        let before = ws.clone();
        assert!(!ws.undo() && !ws.redo());
        assert_eq!(ws, before);
    }

    #[test]
    fn what_was_done_to_the_open_article_while_the_rest_loaded_is_carried_over() {
        let all = docs(4);
        // Distinct texts: each document its own id.
        let open = all[2].id.clone();
        let loaded = Workspace::from_corpus(Corpus::new(all.clone()), Some(open.clone()));
        let mut partial = Workspace::from_corpus(Corpus::new(vec![all[2].clone()]), None);
        // Nothing done: the loaded workspace is kept as it is.
        let mut whole = loaded.clone();
        whole.carry(&partial);
        assert_eq!(whole, loaded);
        partial
            .edit(Edit::add_span(open.clone(), span("s1", 0, 5)))
            .unwrap();
        partial
            .edit(Edit::add_span(open.clone(), span("s2", 6, 9)))
            .unwrap();
        assert!(partial.undo());
        let mut whole = loaded.clone();
        whole.carry(&partial);
        assert_eq!(whole.corpus().len(), 4);
        assert_eq!(whole.active_id(), Some(&open));
        assert_eq!(whole.corpus().index_of(&open), Some(2));
        assert_eq!(**whole.active().unwrap(), **partial.active().unwrap());
        assert_eq!(whole.active().unwrap().status_of(""), Status::InProgress);
        // Its undo history came too: redo, then undo both.
        assert!(whole.redo());
        assert_eq!(whole.active().unwrap().spans.len(), 2);
        assert!(whole.undo() && whole.undo());
        assert!(whole.active().unwrap().spans.is_empty());
        for (a, b) in whole.entries().iter().zip(loaded.entries().iter()) {
            assert_eq!(a.doc.id, b.doc.id);
        }
    }
}
