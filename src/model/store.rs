//! The store: the corpus (documents with their spans, relations, statuses and decisions,
//! and the label schema they follow) and [`Corpus::apply`], which applies an [`Edit`] and returns its exact
//! inverse. The edits themselves are in `store/`: one file per kind of [`Edit`].

use crate::model::set::Set;
use std::rc::Rc;

use super::document::{DocId, Document};
use super::edit::Edit;
use super::entry::{DocEntry, Status};
use super::error::EditError;
use super::labels::LabelSchema;
use super::span::{Span, SpanId};

mod documents;
mod relations;
mod schema;
mod spans;

/// What [`Corpus::rename_annotator`] changed: how many spans, and in how many documents a
/// status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Renamed {
    pub spans: usize,
    pub statuses: usize,
}

/// The documents in list order, and the label schema their spans follow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    entries: Rc<Vec<Rc<DocEntry>>>,
    schema: Rc<LabelSchema>,
}

impl Corpus {
    /// The documents in order, each `New` and without spans, with the default schema. A
    /// document whose id already appeared earlier in `docs` is dropped.
    pub fn new(docs: Vec<Document>) -> Self {
        let mut seen: Set<String> = Set::with_capacity(docs.len());
        let entries = docs
            .into_iter()
            .filter(|d| seen.insert(d.id.0.clone()))
            .map(|d| Rc::new(DocEntry::new(d)))
            .collect();
        Corpus {
            entries: Rc::new(entries),
            schema: Rc::default(),
        }
    }

    /// An empty corpus with this schema.
    pub fn with_schema(schema: LabelSchema) -> Self {
        Corpus {
            entries: Rc::default(),
            schema: Rc::new(schema),
        }
    }

    /// The labels, their attributes and choices.
    pub fn schema(&self) -> &Rc<LabelSchema> {
        &self.schema
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

    /// Whether any document has a span of this label.
    pub fn uses_label(&self, label: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.spans.iter().any(|s| s.label == label))
    }

    /// Give the spans and statuses of annotator `from` to annotator `to` (their layer
    /// renamed), in every document: where `from` had a status, it becomes `to`'s (replacing
    /// the one `to` had); where `from` had none, `to` keeps theirs. Not an edit: the layer of
    /// the person at this browser follows their name.
    pub fn rename_annotator(&mut self, from: &str, to: &Rc<str>) -> Renamed {
        let mut renamed = Renamed::default();
        if from == &**to {
            return renamed;
        }
        for index in 0..self.entries.len() {
            let entry = &self.entries[index];
            let has_spans = entry.spans.iter().any(|s| &*s.annotator == from);
            let status = entry.status_of(from);
            if !has_spans && status == Status::New {
                continue;
            }
            let Some(entry) = self.entry_mut(index) else {
                continue;
            };
            if status != Status::New {
                entry.put_status(&Rc::from(from), Status::New);
                entry.put_status(to, status);
                renamed.statuses += 1;
            }
            if has_spans {
                let spans = Rc::make_mut(&mut entry.spans);
                for span in spans.iter_mut().filter(|s| &*s.annotator == from) {
                    Rc::make_mut(span).annotator = Rc::clone(to);
                    renamed.spans += 1;
                }
            }
        }
        renamed
    }

    /// Apply an edit. Returns its inverse: applying that restores the previous state exactly.
    /// On error nothing changes.
    ///
    /// Only the edited documents get new `Rc`s: every other entry (and its span list) stays
    /// pointer-equal, so views of unchanged documents can skip re-rendering.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        match edit {
            Edit::Span { doc, edit } => self.span_edit(doc, edit),
            Edit::Relation { doc, edit } => self.relation_edit(doc, edit),
            Edit::Schema(edit) => self.schema_edit(edit),
            Edit::Document(edit) => self.document_edit(edit),
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
    fn spans_mut(&mut self, index: usize) -> Option<&mut Vec<Rc<Span>>> {
        self.entry_mut(index).map(|e| Rc::make_mut(&mut e.spans))
    }

    /// All or nothing: on an error the corpus is put back exactly as it was, down to the
    /// `Rc` pointers (the saved list shares every entry, so this costs one pointer copy).
    fn batch(&mut self, edits: Vec<Edit>) -> Result<Edit, EditError> {
        let saved = Rc::clone(&self.entries);
        let saved_schema = Rc::clone(&self.schema);
        let mut inverses = Vec::with_capacity(edits.len());
        for edit in edits {
            match self.apply(edit) {
                Ok(inverse) => inverses.push(inverse),
                Err(error) => {
                    self.entries = saved;
                    self.schema = saved_schema;
                    return Err(error);
                }
            }
        }
        inverses.reverse();
        Ok(Edit::Batch(inverses))
    }
}

#[cfg(test)]
mod tests;
