//! Changes to the corpus. Every change the app makes (a key, a click, an import, another tab's
//! save) becomes an [`Edit`]; [`Corpus::apply`](super::store::Corpus::apply) applies it and
//! returns its exact inverse, which is what undo stores.
//!
//! The enums nest by what they change (a span, a relation, the label schema, the list of
//! documents), and every `match` on them is exhaustive: a new kind of edit cannot be forgotten
//! by the store, the workspace or the merge.

use std::rc::Rc;

use super::document::DocId;
use super::entry::{DocEntry, Status};
use super::labels::{AttrSpec, LabelField, LabelSchema, LabelSpec};
use super::relation::{Relation, RelationId};
use super::span::{Span, SpanId};

/// A change to the corpus. Applying one returns its exact inverse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// A change to the spans of one document.
    Span { doc: DocId, edit: SpanEdit },
    /// A change to the relations of one document.
    Relation { doc: DocId, edit: RelationEdit },
    /// A change to the label schema.
    Schema(SchemaEdit),
    /// A change to the list of documents, or to a document's statuses or decisions.
    Document(DocEdit),
    /// Several edits as one undo step, applied in order, all or nothing.
    Batch(Vec<Edit>),
}

/// A change to one span. `updated`, where given, becomes the span's update time (the inverse
/// carries the old value and the old time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanEdit {
    /// Add a span: new id, non-empty, within the text, label and values valid.
    Add(Span),
    /// Delete a span; its relations go with it (and come back with its inverse).
    Delete(SpanId),
    /// Give a span another label. Values its new label does not have, and relations that no
    /// longer fit, go with the old label (and come back with the inverse).
    Relabel {
        id: SpanId,
        label: String,
        updated: Option<u64>,
    },
    /// Replace a span's note.
    SetNote {
        id: SpanId,
        note: String,
        updated: Option<u64>,
    },
    /// Set (`Some`) or remove (`None`) one attribute value. A value must be valid for the
    /// span's label in the schema (a choice one of its choices, a text not empty); removing is
    /// always allowed.
    SetAttr {
        id: SpanId,
        key: String,
        value: Option<String>,
        updated: Option<u64>,
    },
}

/// A change to the relations of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelationEdit {
    /// Link two spans. Both must exist, differ and have the labels the kind needs; a link of
    /// the same kind between the same spans is refused. A second `said_by` from a quote
    /// replaces its first (and the inverse puts the first back).
    Add(Relation),
    Delete(RelationId),
}

/// A change to the label schema. The schema is checked as a whole after each; a change that
/// would leave a span or a relation invalid is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaEdit {
    /// Add a label at `index` (beyond the end: at the end).
    AddLabel { index: usize, label: LabelSpec },
    /// Remove a label no span uses (one that spans use is refused).
    RemoveLabel { id: String },
    /// Rename, recolour, rekey a label, change its help text or its role; the id stays.
    SetLabel { id: String, field: LabelField },
    /// Move a label to `index` of the display order (its digit key changes with it).
    MoveLabel { id: String, index: usize },
    AddAttr {
        label: String,
        index: usize,
        attr: AttrSpec,
    },
    /// Remove an attribute no span has a value for (refused otherwise).
    RemoveAttr { label: String, attr: String },
    RenameAttr {
        label: String,
        attr: String,
        name: String,
    },
    AddChoice {
        label: String,
        attr: String,
        index: usize,
        choice: String,
    },
    /// Remove a choice no span has chosen (refused otherwise).
    RemoveChoice {
        label: String,
        attr: String,
        choice: String,
    },
    /// Rename a choice, and the value of every span that chose it (their update times stay:
    /// the schema changed, not the annotation).
    RenameChoice {
        label: String,
        attr: String,
        from: String,
        to: String,
    },
    /// Replace the whole schema; refused when a span or relation would not be valid under it.
    Replace(Rc<LabelSchema>),
}

/// A change to the list of documents, or to one document's statuses or decisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocEdit {
    /// Set one annotator's status in a document (its inverse sets the one they had).
    SetStatus {
        doc: DocId,
        annotator: Rc<str>,
        status: Status,
    },
    /// Record (`on`) or take back a decision against the candidate `key` (see
    /// [`DocEntry::decided`]). Recording needs a key of 1 to
    /// [`DECISION_BYTES`](super::entry::DECISION_BYTES) bytes and room for it; recording one
    /// already there, or taking back one that is not, changes nothing. The inverse says what
    /// was there before.
    Decide {
        doc: DocId,
        key: Rc<str>,
        on: bool,
    },
    /// Insert whole documents (with spans, relations, statuses and decisions) at `index` of
    /// the list, in order. An index beyond the end inserts at the end.
    Insert {
        index: usize,
        entries: Vec<DocEntry>,
    },
    Delete(DocId),
}

impl Edit {
    #[must_use = "an edit changes nothing until it is applied"]
    pub fn add_span(doc: DocId, span: Span) -> Edit {
        Edit::Span {
            doc,
            edit: SpanEdit::Add(span),
        }
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn delete_span(doc: DocId, id: SpanId) -> Edit {
        Edit::Span {
            doc,
            edit: SpanEdit::Delete(id),
        }
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn relabel(doc: DocId, id: SpanId, label: String, updated: Option<u64>) -> Edit {
        Edit::Span {
            doc,
            edit: SpanEdit::Relabel { id, label, updated },
        }
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn set_note(doc: DocId, id: SpanId, note: String, updated: Option<u64>) -> Edit {
        Edit::Span {
            doc,
            edit: SpanEdit::SetNote { id, note, updated },
        }
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn set_attr(
        doc: DocId,
        id: SpanId,
        key: String,
        value: Option<String>,
        updated: Option<u64>,
    ) -> Edit {
        Edit::Span {
            doc,
            edit: SpanEdit::SetAttr {
                id,
                key,
                value,
                updated,
            },
        }
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn add_relation(doc: DocId, relation: Relation) -> Edit {
        Edit::Relation {
            doc,
            edit: RelationEdit::Add(relation),
        }
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn delete_relation(doc: DocId, id: RelationId) -> Edit {
        Edit::Relation {
            doc,
            edit: RelationEdit::Delete(id),
        }
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn set_status(doc: DocId, annotator: Rc<str>, status: Status) -> Edit {
        Edit::Document(DocEdit::SetStatus {
            doc,
            annotator,
            status,
        })
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn decide(doc: DocId, key: Rc<str>, on: bool) -> Edit {
        Edit::Document(DocEdit::Decide { doc, key, on })
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn insert_documents(index: usize, entries: Vec<DocEntry>) -> Edit {
        Edit::Document(DocEdit::Insert { index, entries })
    }

    #[must_use = "an edit changes nothing until it is applied"]
    pub fn delete_document(doc: DocId) -> Edit {
        Edit::Document(DocEdit::Delete(doc))
    }

    /// A batch with nothing in it changes nothing.
    #[must_use]
    pub fn is_empty_batch(&self) -> bool {
        matches!(self, Edit::Batch(edits) if edits.is_empty())
    }
}

impl From<SchemaEdit> for Edit {
    fn from(edit: SchemaEdit) -> Edit {
        Edit::Schema(edit)
    }
}
