//! The document edits of [`Corpus::apply`] (status, decision, insert, delete), each with its
//! exact inverse.

use crate::model::set::Set;
use std::rc::Rc;

use super::Corpus;
use crate::model::document::DocId;
use crate::model::edit::{DocEdit, Edit};
use crate::model::entry::{
    check_decision, check_entry, sorted_by_text_order, DocEntry, Status, DECISIONS_PER_DOC,
};
use crate::model::error::EditError;
use crate::model::sort::sort_with;
use crate::model::span::Span;

impl Corpus {
    pub(super) fn document_edit(&mut self, edit: DocEdit) -> Result<Edit, EditError> {
        match edit {
            DocEdit::SetStatus {
                doc,
                annotator,
                status,
            } => self.set_status(doc, annotator, status),
            DocEdit::Decide { doc, key, on } => self.decide(doc, key, on),
            DocEdit::Insert { index, entries } => self.insert_documents(index, entries),
            DocEdit::Delete(doc) => self.delete_document(doc),
        }
    }

    fn set_status(
        &mut self,
        doc: DocId,
        annotator: Rc<str>,
        status: Status,
    ) -> Result<Edit, EditError> {
        let (index, entry) = self.locate(&doc)?;
        let old = entry.status_of(&annotator);
        if old != status {
            if let Some(entry) = self.entry_mut(index) {
                entry.put_status(&annotator, status);
            }
        }
        Ok(Edit::set_status(doc, annotator, old))
    }

    fn decide(&mut self, doc: DocId, key: Rc<str>, on: bool) -> Result<Edit, EditError> {
        let (index, entry) = self.locate(&doc)?;
        let was = entry.is_decided(&key);
        if on && !was {
            check_decision(&key)?;
            if entry.decided.len() >= DECISIONS_PER_DOC {
                return Err(EditError::BadProgress(format!(
                    "A document holds at most {DECISIONS_PER_DOC} decisions."
                )));
            }
        }
        if on != was {
            if let Some(entry) = self.entry_mut(index) {
                entry.put_decided(&key, on);
            }
        }
        Ok(Edit::decide(doc, key, was))
    }

    /// Every entry is checked first (ids new and unique, spans and relations valid); its
    /// inverse deletes the inserted documents by id.
    fn insert_documents(
        &mut self,
        index: usize,
        entries: Vec<DocEntry>,
    ) -> Result<Edit, EditError> {
        {
            // Sets of `&str` throughout, one hash set routine in the download.
            let mut ids: Set<&str> = Set::with_capacity(self.entries.len());
            for e in self.entries.iter() {
                ids.insert(e.doc.id.0.as_str());
            }
            for entry in &entries {
                if !ids.insert(entry.doc.id.0.as_str()) {
                    return Err(EditError::DuplicateDocument(entry.doc.id.clone()));
                }
                check_entry(entry, &self.schema)?;
            }
        }
        let index = index.min(self.entries.len());
        let inverse = entries
            .iter()
            .map(|e| Edit::delete_document(e.doc.id.clone()))
            .collect();
        let new = entries.into_iter().map(|mut entry| {
            if !sorted_by_text_order(&entry.spans) {
                sort_with(Rc::make_mut(&mut entry.spans).as_mut_slice(), &|a, b| {
                    Span::text_order(a, b)
                });
            }
            if !entry.relations.windows(2).all(|w| w[0].id < w[1].id) {
                sort_with(
                    Rc::make_mut(&mut entry.relations).as_mut_slice(),
                    &|a, b| a.id.cmp(&b.id),
                );
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
        Ok(Edit::insert_documents(index, vec![entry]))
    }
}
