//! The annotation store: the corpus (documents with their spans and status), edits with exact
//! inverses, and undo/redo.

use super::corpus_views::sort_with;
use std::collections::HashSet;
use std::fmt;
use std::rc::Rc;

use super::document::{DocId, Document};
use super::labels::{AttrProblem, AttrSpec, LabelField, LabelSchema, LabelSpec};
use super::relation::{Relation, RelationId};
use super::span::{Span, SpanId};

mod schema_edits;

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
    pub spans: Rc<Vec<Rc<Span>>>,
    /// Always sorted by id; ids unique; both ends are spans of this document whose labels fit
    /// the kind; no two alike (same kind and ends); at most one `said_by` per quote.
    pub relations: Rc<Vec<Relation>>,
    pub status: Status,
}

impl DocEntry {
    /// A `New` entry without spans.
    pub fn new(doc: Document) -> Self {
        DocEntry {
            doc: Rc::new(doc),
            spans: Rc::new(Vec::new()),
            relations: Rc::new(Vec::new()),
            status: Status::New,
        }
    }

    /// Number of spans with this label id.
    pub fn count(&self, label: &str) -> usize {
        self.spans.iter().filter(|s| s.label == label).count()
    }

    pub fn span(&self, id: &SpanId) -> Option<&Span> {
        self.spans.iter().find(|s| &s.id == id).map(|s| &**s)
    }

    /// The position of each span id in [`DocEntry::spans`], for looking many up at once (the
    /// merge of another tab's change, the exports that number spans).
    pub fn span_positions(&self) -> std::collections::HashMap<&SpanId, usize> {
        self.spans
            .iter()
            .enumerate()
            .map(|(i, s)| (&s.id, i))
            .collect()
    }

    /// Position of the span with this id in [`DocEntry::spans`].
    fn span_index(&self, id: &SpanId) -> Option<usize> {
        self.spans.iter().position(|s| &s.id == id)
    }

    pub fn relation(&self, id: &RelationId) -> Option<&Relation> {
        self.relation_index(id).ok().map(|i| &self.relations[i])
    }

    /// Where a relation with this id is or would go in [`DocEntry::relations`].
    fn relation_index(&self, id: &RelationId) -> Result<usize, usize> {
        self.relations.binary_search_by(|r| r.id.cmp(id))
    }

    /// The relations that start or end at a span, in id order.
    pub fn relations_of<'a>(&'a self, span: &'a SpanId) -> impl Iterator<Item = &'a Relation> {
        self.relations.iter().filter(move |r| r.involves(span))
    }

    /// Whether `relation` can join this entry's relations: a new id, both ends spans of this
    /// document that fit the kind, not the same link twice, not a second speaker.
    pub fn check_relation(&self, relation: &Relation) -> Result<(), EditError> {
        if self.relation(&relation.id).is_some() {
            return Err(EditError::DuplicateRelation(relation.id.clone()));
        }
        check_relation(relation, &self.spans, &self.relations)?;
        let taken = self
            .relations
            .iter()
            .any(|r| r.kind == relation.kind && r.from == relation.from);
        if relation.kind.single() && taken {
            return Err(EditError::BadRelation(format!(
                "The annotation {} already has a {} relation.",
                relation.from,
                relation.kind.id()
            )));
        }
        Ok(())
    }

    /// The speaker of a quote: the entity span its `said_by` relation points to.
    pub fn speaker(&self, quote: &SpanId) -> Option<&Span> {
        self.relations
            .iter()
            .find(|r| r.kind.single() && &r.from == quote)
            .and_then(|r| self.span(&r.to))
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
    /// Set (`Some`) or remove (`None`) one attribute value of a span; `updated` as for
    /// [`Edit::Relabel`]. A value must be valid for the span's label in the schema (a choice
    /// one of its choices, a text not empty); removing is always allowed.
    SetAttr {
        doc: DocId,
        id: SpanId,
        key: String,
        value: Option<String>,
        updated: Option<u64>,
    },
    /// Link two spans of a document. Both must exist, be different and have the labels the
    /// kind needs; a link of the same kind between the same spans is refused. A second
    /// `said_by` from a quote replaces its first (and the inverse puts the first back).
    AddRelation {
        doc: DocId,
        relation: Relation,
    },
    DeleteRelation {
        doc: DocId,
        id: RelationId,
    },
    /// Add a label to the schema at `index` (beyond the end: at the end).
    AddLabel {
        index: usize,
        label: LabelSpec,
    },
    /// Remove a label no span uses (one that spans use is refused).
    RemoveLabel {
        id: String,
    },
    /// Rename, recolour, rekey a label or change its help text; the id stays.
    SetLabel {
        id: String,
        field: LabelField,
    },
    /// Move a label to `index` of the display order (its digit key changes with it).
    MoveLabel {
        id: String,
        index: usize,
    },
    AddAttr {
        label: String,
        index: usize,
        attr: AttrSpec,
    },
    /// Remove an attribute no span has a value for (refused otherwise).
    RemoveAttr {
        label: String,
        attr: String,
    },
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
    /// Replace the whole schema; refused when a span would not be valid under it.
    SetSchema(Rc<LabelSchema>),
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
    /// The span's label has no such attribute.
    UnknownAttr {
        label: String,
        attr: String,
    },
    /// An empty value, or not one of the attribute's choices.
    BadAttrValue {
        attr: String,
        value: String,
    },
    UnknownRelation(RelationId),
    DuplicateRelation(RelationId),
    /// A relation that cannot be: the sentence says why.
    BadRelation(String),
    /// A label, attribute or choice that spans still use cannot be removed.
    InUse {
        what: String,
        spans: usize,
    },
    /// The schema would not be valid (or lacks what is changed): the sentence says why.
    BadSchema(String),
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
            EditError::UnknownAttr { label, attr } => write!(
                f,
                "The label \u{201c}{label}\u{201d} has no attribute \u{201c}{attr}\u{201d}."
            ),
            EditError::BadAttrValue { attr, value } => {
                if value.is_empty() {
                    write!(f, "The value of {attr} cannot be empty.")
                } else {
                    write!(
                        f,
                        "\u{201c}{value}\u{201d} is not one of the choices for {attr}."
                    )
                }
            }
            EditError::UnknownRelation(id) => {
                write!(f, "There is no relation {id} in that document.")
            }
            EditError::DuplicateRelation(id) => {
                write!(f, "There is already a relation {id} in that document.")
            }
            EditError::BadRelation(why) | EditError::BadSchema(why) => f.write_str(why),
            EditError::InUse { what, spans } => {
                let n = if *spans == 1 {
                    "1 annotation uses it"
                } else {
                    "annotations use it"
                };
                if *spans == 1 {
                    write!(f, "{what} cannot be removed: {n}.")
                } else {
                    write!(f, "{what} cannot be removed: {spans} {n}.")
                }
            }
        }
    }
}

impl std::error::Error for EditError {}

/// A span may be stored in a document of `len` code points: non-empty, within the text, with
/// a label of the schema and attribute values valid for it.
fn check_span(span: &Span, len: usize, schema: &LabelSchema) -> Result<(), EditError> {
    if span.start >= span.end || span.end > len {
        return Err(EditError::BadRange {
            id: span.id.clone(),
            start: span.start,
            end: span.end,
            len,
        });
    }
    check_labelled(span, schema)
}

/// The span's label is in the schema and its attribute values are valid for it.
fn check_labelled(span: &Span, schema: &LabelSchema) -> Result<(), EditError> {
    check_label(&span.label, schema)?;
    for (key, value) in span.attrs.iter() {
        check_value(schema, &span.label, key, value)?;
    }
    Ok(())
}

fn check_label(label: &str, schema: &LabelSchema) -> Result<(), EditError> {
    match schema.label(label) {
        Some(_) => Ok(()),
        None => Err(EditError::UnknownLabel(label.to_owned())),
    }
}

fn check_value(schema: &LabelSchema, label: &str, key: &str, value: &str) -> Result<(), EditError> {
    schema
        .check_value(label, key, value)
        .map_err(|problem| match problem {
            AttrProblem::UnknownAttr => EditError::UnknownAttr {
                label: label.to_owned(),
                attr: key.to_owned(),
            },
            AttrProblem::BadValue => EditError::BadAttrValue {
                attr: key.to_owned(),
                value: value.to_owned(),
            },
        })
}

/// Whether `relation` may join the relations `others` of a document with these spans: both
/// ends exist, differ and fit the kind, and no other relation links the same spans the same
/// way. (A second `said_by` is not checked here: [`Corpus::apply`] replaces the first.)
fn check_relation(
    relation: &Relation,
    spans: &[Rc<Span>],
    others: &[Relation],
) -> Result<(), EditError> {
    let find = |id: &SpanId| {
        spans
            .iter()
            .find(|s| &s.id == id)
            .ok_or_else(|| EditError::UnknownSpan(id.clone()))
    };
    let (from, to) = (find(&relation.from)?, find(&relation.to)?);
    let kind = relation.kind;
    if from.id == to.id {
        return Err(EditError::BadRelation(
            "A relation needs two different annotations.".to_owned(),
        ));
    }
    if !relation.fits(from, to) {
        return Err(EditError::BadRelation(format!(
            "A {} relation goes from a {} to {}, not from a {} to a {}.",
            kind.id(),
            kind.from_label(),
            kind.to_label().unwrap_or("any annotation"),
            from.label,
            to.label
        )));
    }
    if others
        .iter()
        .any(|r| r.id != relation.id && r.kind == kind && r.from == from.id && r.to == to.id)
    {
        return Err(EditError::BadRelation(format!(
            "These two annotations are already linked by {}.",
            kind.id()
        )));
    }
    Ok(())
}

/// Every span valid for the entry's document and the schema, ids unique; every relation
/// valid, ids unique, at most one `said_by` per quote.
fn check_entry(entry: &DocEntry, schema: &LabelSchema) -> Result<(), EditError> {
    let len = entry.doc.char_len();
    let mut ids = HashSet::with_capacity(entry.spans.len());
    for span in entry.spans.iter() {
        if !ids.insert(span.id.0.as_str()) {
            return Err(EditError::DuplicateSpan(span.id.clone()));
        }
        check_span(span, len, schema)?;
    }
    let mut rel_ids = HashSet::with_capacity(entry.relations.len());
    let mut single = HashSet::new();
    for relation in entry.relations.iter() {
        if !rel_ids.insert(&relation.id) {
            return Err(EditError::DuplicateRelation(relation.id.clone()));
        }
        check_relation(relation, &entry.spans, &entry.relations)?;
        if relation.kind.single() && !single.insert((relation.kind, &relation.from)) {
            return Err(EditError::BadRelation(format!(
                "The annotation {} has two {} relations.",
                relation.from,
                relation.kind.id()
            )));
        }
    }
    Ok(())
}

/// Make an entry (read from a file) valid under `schema`: spans with a label the schema lacks
/// are dropped, attribute values it does not accept are removed, and relations whose ends are
/// gone or no longer fit are dropped. Returns how many spans, values and relations went.
pub fn fit_entry(entry: &mut DocEntry, schema: &LabelSchema) -> usize {
    let mut dropped = 0;
    let fits = |s: &Span| check_labelled(s, schema).is_ok();
    let values_fit = |s: &Span| {
        s.attrs
            .iter()
            .all(|(k, v)| schema.check_value(&s.label, k, v).is_ok())
    };
    if !entry.spans.iter().all(|s| fits(s)) {
        let spans = Rc::make_mut(&mut entry.spans);
        let before = spans.len();
        spans.retain(|s| schema.label(&s.label).is_some());
        dropped += before - spans.len();
        for span in spans.iter_mut() {
            if values_fit(span) {
                continue; // shared, not copied
            }
            let span = Rc::make_mut(span);
            let label = span.label.as_str();
            let before = span.attrs.len();
            span.attrs
                .retain(|k, v| schema.check_value(label, k, v).is_ok());
            dropped += before - span.attrs.len();
        }
    }
    let spans = Rc::clone(&entry.spans);
    let ok = |r: &Relation| check_relation(r, &spans, &[]).is_ok();
    if !entry.relations.iter().all(ok) {
        let relations = Rc::make_mut(&mut entry.relations);
        let before = relations.len();
        relations.retain(ok);
        dropped += before - relations.len();
    }
    dropped
}

fn sorted_by_text_order(spans: &[Rc<Span>]) -> bool {
    spans
        .windows(2)
        .all(|w| matches!(w, [a, b] if Span::text_order(a, b).is_lt()))
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
        let mut seen: HashSet<String> = HashSet::with_capacity(docs.len());
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
            Edit::SetAttr {
                doc,
                id,
                key,
                value,
                updated,
            } => self.set_attr(doc, id, key, value, updated),
            Edit::AddRelation { doc, relation } => self.add_relation(doc, relation),
            Edit::DeleteRelation { doc, id } => self.delete_relation(doc, id),
            Edit::SetStatus { doc, status } => self.set_status(doc, status),
            Edit::InsertDocuments { index, entries } => self.insert_documents(index, entries),
            Edit::DeleteDocument { doc } => self.delete_document(doc),
            Edit::Batch(edits) => self.batch(edits),
            schema_edit => self.schema_edit(schema_edit),
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

    fn add_span(&mut self, doc: DocId, span: Span) -> Result<Edit, EditError> {
        let (index, entry) = self.locate(&doc)?;
        if entry.span(&span.id).is_some() {
            return Err(EditError::DuplicateSpan(span.id));
        }
        check_span(&span, entry.doc.char_len(), &self.schema)?;
        // Ids are unique, so text order is total and the search never finds an equal span.
        let at = match entry.spans.binary_search_by(|s| Span::text_order(s, &span)) {
            Ok(at) | Err(at) => at,
        };
        let id = span.id.clone();
        if let Some(spans) = self.spans_mut(index) {
            spans.insert(at, Rc::new(span));
        }
        Ok(Edit::DeleteSpan { doc, id })
    }

    fn delete_span(&mut self, doc: DocId, id: SpanId) -> Result<Edit, EditError> {
        let (index, entry, at) = self.locate_span(&doc, &id)?;
        let linked = entry.relations.iter().any(|r| r.involves(&id));
        let removed = self
            .spans_mut(index)
            .filter(|spans| at < spans.len())
            .map(|spans| spans.remove(at));
        let Some(span) = removed else {
            return Err(EditError::UnknownSpan(id));
        };
        let add = Edit::AddSpan {
            doc: doc.clone(),
            span: Rc::unwrap_or_clone(span),
        };
        if !linked {
            return Ok(add);
        }
        // Its relations go with it, and come back with it.
        let mut inverse = vec![add];
        if let Some(entry) = self.entry_mut(index) {
            let relations = Rc::make_mut(&mut entry.relations);
            let mut kept = Vec::with_capacity(relations.len());
            for r in relations.drain(..) {
                if r.involves(&id) {
                    inverse.push(Edit::AddRelation {
                        doc: doc.clone(),
                        relation: r,
                    });
                } else {
                    kept.push(r);
                }
            }
            *relations = kept;
        }
        Ok(Edit::Batch(inverse))
    }

    /// Relabel a span. Attribute values its new label does not have, and relations that no
    /// longer fit its new label, are removed with it; the inverse puts them back.
    fn relabel(
        &mut self,
        doc: DocId,
        id: SpanId,
        label: String,
        updated: Option<u64>,
    ) -> Result<Edit, EditError> {
        check_label(&label, &self.schema)?;
        let target =
            self.span_to_change(&doc, &id, |s| s.label == label && s.updated == updated)?;
        let Some((index, at)) = target else {
            // Unchanged: the inverse is the edit itself.
            return Ok(Edit::Relabel {
                doc,
                id,
                label,
                updated,
            });
        };
        let schema = Rc::clone(&self.schema);
        let Some(span) = self.span_mut(index, at) else {
            return Err(EditError::UnknownSpan(id));
        };
        let old_label = std::mem::replace(&mut span.label, label);
        let old_updated = std::mem::replace(&mut span.updated, updated);
        let mut dropped_attrs = Vec::new();
        let Span {
            label: new_label,
            attrs,
            ..
        } = span;
        attrs.retain(|k, v| {
            let keep = schema.check_value(new_label, k, v).is_ok();
            if !keep {
                dropped_attrs.push((k.to_owned(), v.to_owned()));
            }
            keep
        });
        let dropped_relations = self.drop_unfit_relations(index, &id);
        let relabel = Edit::Relabel {
            doc: doc.clone(),
            id: id.clone(),
            label: old_label,
            updated: old_updated,
        };
        if dropped_attrs.is_empty() && dropped_relations.is_empty() {
            return Ok(relabel);
        }
        let mut inverse = vec![relabel];
        for (key, value) in dropped_attrs {
            inverse.push(Edit::SetAttr {
                doc: doc.clone(),
                id: id.clone(),
                key,
                value: Some(value),
                updated: old_updated,
            });
        }
        for relation in dropped_relations {
            inverse.push(Edit::AddRelation {
                doc: doc.clone(),
                relation,
            });
        }
        Ok(Edit::Batch(inverse))
    }

    /// Remove the relations of span `id` (in the entry at `index`) that no longer fit the
    /// labels of their ends; returns them.
    fn drop_unfit_relations(&mut self, index: usize, id: &SpanId) -> Vec<Relation> {
        let mut dropped = Vec::new();
        let Some(entry) = self.entry_mut(index) else {
            return dropped;
        };
        let spans = Rc::clone(&entry.spans);
        let fits = |r: &Relation| {
            let find = |id: &SpanId| spans.iter().find(|s| &s.id == id);
            matches!((find(&r.from), find(&r.to)), (Some(f), Some(t)) if r.fits(f, t))
        };
        if entry.relations.iter().all(|r| !r.involves(id) || fits(r)) {
            return dropped;
        }
        Rc::make_mut(&mut entry.relations).retain(|r| {
            let keep = !r.involves(id) || fits(r);
            if !keep {
                dropped.push(r.clone());
            }
            keep
        });
        dropped
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
        self.spans_mut(index)
            .and_then(|spans| spans.get_mut(at))
            .map(Rc::make_mut)
    }

    fn set_attr(
        &mut self,
        doc: DocId,
        id: SpanId,
        key: String,
        value: Option<String>,
        updated: Option<u64>,
    ) -> Result<Edit, EditError> {
        let (_, entry, at) = self.locate_span(&doc, &id)?;
        if let (Some(span), Some(v)) = (entry.spans.get(at), value.as_deref()) {
            check_value(&self.schema, &span.label, &key, v)?;
        }
        let target = self.span_to_change(&doc, &id, |s| {
            s.attrs.get(&key) == value.as_deref() && s.updated == updated
        })?;
        let (value, updated) = match target.and_then(|(index, at)| self.span_mut(index, at)) {
            Some(span) => (
                span.attrs.set(&key, value),
                std::mem::replace(&mut span.updated, updated),
            ),
            None => (value, updated),
        };
        Ok(Edit::SetAttr {
            doc,
            id,
            key,
            value,
            updated,
        })
    }

    fn add_relation(&mut self, doc: DocId, relation: Relation) -> Result<Edit, EditError> {
        let (index, entry) = self.locate(&doc)?;
        let Err(at) = entry.relation_index(&relation.id) else {
            return Err(EditError::DuplicateRelation(relation.id));
        };
        check_relation(&relation, &entry.spans, &entry.relations)?;
        let replaced = relation
            .kind
            .single()
            .then(|| {
                entry
                    .relations
                    .iter()
                    .position(|r| r.kind == relation.kind && r.from == relation.from)
            })
            .flatten();
        let id = relation.id.clone();
        let Some(entry) = self.entry_mut(index) else {
            return Err(EditError::UnknownDocument(doc));
        };
        let relations = Rc::make_mut(&mut entry.relations);
        let delete = Edit::DeleteRelation {
            doc: doc.clone(),
            id,
        };
        let old = replaced.map(|i| relations.remove(i));
        let at = if replaced.is_some_and(|i| i < at) {
            at - 1
        } else {
            at
        };
        relations.insert(at, relation);
        Ok(match old {
            None => delete,
            Some(old) => Edit::Batch(vec![delete, Edit::AddRelation { doc, relation: old }]),
        })
    }

    fn delete_relation(&mut self, doc: DocId, id: RelationId) -> Result<Edit, EditError> {
        let (index, entry) = self.locate(&doc)?;
        let Ok(at) = entry.relation_index(&id) else {
            return Err(EditError::UnknownRelation(id));
        };
        let removed = self
            .entry_mut(index)
            .map(|e| Rc::make_mut(&mut e.relations))
            .filter(|relations| at < relations.len())
            .map(|relations| relations.remove(at));
        match removed {
            Some(relation) => Ok(Edit::AddRelation { doc, relation }),
            None => Err(EditError::UnknownRelation(id)),
        }
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
                check_entry(entry, &self.schema)?;
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
                sort_with(Rc::make_mut(&mut entry.spans), &|a, b| {
                    Span::text_order(a, b)
                });
            }
            if !entry.relations.windows(2).all(|w| w[0].id < w[1].id) {
                sort_with(Rc::make_mut(&mut entry.relations), &|a, b| a.id.cmp(&b.id));
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
    use crate::model::labels::AttrKind;
    use crate::model::relation::RelationKind;

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
            attrs: Default::default(),
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
        Rc::make_mut(&mut e1.spans)
            .extend([span("z", 7, 12, "claim"), span("y", 0, 5, "entity")].map(Rc::new));
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
            e.spans = Rc::new(spans.into_iter().map(Rc::new).collect());
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

    fn rid(id: &str) -> RelationId {
        RelationId(id.to_owned())
    }

    fn rel(id: &str, kind: RelationKind, from: &str, to: &str) -> Relation {
        Relation {
            id: rid(id),
            kind,
            from: SpanId(from.to_owned()),
            to: SpanId(to.to_owned()),
        }
    }

    /// Document 1 ("Beta\n\nSecond text, longer one.") with a quote, two entities and a claim.
    fn linked() -> (Corpus, DocId) {
        let mut c = corpus();
        let d = id(&c, 1);
        for s in [
            span("q", 6, 17, "quote"),
            span("e1", 0, 4, "entity"),
            span("e2", 19, 25, "entity"),
            span("c", 13, 25, "claim"),
        ] {
            add(&mut c, 1, s).unwrap();
        }
        (c, d)
    }

    fn set_attr(doc: &DocId, id: &str, key: &str, value: Option<&str>) -> Edit {
        Edit::SetAttr {
            doc: doc.clone(),
            id: SpanId(id.into()),
            key: key.into(),
            value: value.map(str::to_owned),
            updated: Some(5),
        }
    }

    fn add_rel(doc: &DocId, relation: Relation) -> Edit {
        Edit::AddRelation {
            doc: doc.clone(),
            relation,
        }
    }

    #[test]
    fn attributes_are_validated_against_the_schema() {
        let (mut c, d) = linked();
        let inv = round_trip(&mut c, set_attr(&d, "e1", "type", Some("person")));
        assert!(matches!(
            inv,
            Edit::SetAttr {
                value: None,
                updated: None,
                ..
            }
        ));
        let e1 = c
            .entry(&d)
            .unwrap()
            .span(&SpanId("e1".into()))
            .unwrap()
            .clone();
        assert_eq!(
            (e1.attrs.get("type"), e1.updated),
            (Some("person"), Some(5))
        );
        round_trip(&mut c, set_attr(&d, "e1", "canonical", Some("Beta Corp")));
        round_trip(&mut c, set_attr(&d, "e1", "type", Some("place")));
        round_trip(&mut c, set_attr(&d, "e1", "type", None));
        // Removing what is not there is allowed (and changes nothing but the time).
        round_trip(&mut c, set_attr(&d, "q", "nothing", None));
        assert_eq!(
            refused(&mut c, set_attr(&d, "e1", "type", Some("Person"))),
            EditError::BadAttrValue {
                attr: "type".into(),
                value: "Person".into()
            }
        );
        assert_eq!(
            refused(&mut c, set_attr(&d, "e1", "canonical", Some(""))),
            EditError::BadAttrValue {
                attr: "canonical".into(),
                value: String::new()
            }
        );
        assert_eq!(
            refused(&mut c, set_attr(&d, "q", "type", Some("person"))),
            EditError::UnknownAttr {
                label: "quote".into(),
                attr: "type".into()
            }
        );
        assert_eq!(
            refused(&mut c, set_attr(&d, "zz", "type", None)),
            EditError::UnknownSpan(SpanId("zz".into()))
        );
        // An unchanged value and time touch nothing.
        let before = c.clone();
        c.apply(set_attr(&d, "e1", "canonical", Some("Beta Corp")))
            .unwrap();
        assert!(Rc::ptr_eq(c.entries(), before.entries()));
        // A span added with attributes is checked too.
        let mut bad = span("x", 0, 2, "quote");
        bad.attrs.set("kind", Some("sarcastic".into()));
        assert!(matches!(
            refused(
                &mut c,
                Edit::AddSpan {
                    doc: d.clone(),
                    span: bad.clone()
                }
            ),
            EditError::BadAttrValue { .. }
        ));
        bad.attrs.set("kind", Some("partial".into()));
        round_trip(&mut c, Edit::AddSpan { doc: d, span: bad });
    }

    #[test]
    fn relations_link_fitting_spans() {
        let (mut c, d) = linked();
        let said = rel("r1", RelationKind::SaidBy, "q", "e1");
        let inv = round_trip(&mut c, add_rel(&d, said.clone()));
        assert_eq!(
            inv,
            Edit::DeleteRelation {
                doc: d.clone(),
                id: rid("r1")
            }
        );
        let entry = c.entry(&d).unwrap().clone();
        assert_eq!(entry.speaker(&SpanId("q".into())).unwrap().id.0, "e1");
        assert_eq!(entry.relations_of(&SpanId("e1".into())).count(), 1);
        round_trip(&mut c, add_rel(&d, rel("r2", RelationKind::Cue, "q", "c")));
        round_trip(
            &mut c,
            add_rel(&d, rel("r0", RelationKind::Claimant, "c", "e2")),
        );
        let ids: Vec<&str> = c
            .entry(&d)
            .unwrap()
            .relations
            .iter()
            .map(|r| r.id.0.as_str())
            .collect();
        assert_eq!(ids, ["r0", "r1", "r2"], "kept in id order");
        for (bad, why) in [
            (rel("x", RelationKind::SaidBy, "q", "c"), "wrong end"),
            (rel("x", RelationKind::SaidBy, "e1", "e2"), "wrong start"),
            (
                rel("x", RelationKind::Claimant, "q", "e1"),
                "a quote has no claimant",
            ),
            (rel("x", RelationKind::Cue, "q", "q"), "itself"),
            (
                rel("x", RelationKind::SaidBy, "q", "e1"),
                "the same link twice",
            ),
        ] {
            assert!(
                matches!(refused(&mut c, add_rel(&d, bad)), EditError::BadRelation(_)),
                "{why}"
            );
        }
        assert_eq!(
            refused(
                &mut c,
                add_rel(&d, rel("x", RelationKind::Cue, "q", "nope"))
            ),
            EditError::UnknownSpan(SpanId("nope".into()))
        );
        assert_eq!(
            refused(&mut c, add_rel(&d, rel("r1", RelationKind::Cue, "q", "e2"))),
            EditError::DuplicateRelation(rid("r1"))
        );
        assert_eq!(
            refused(
                &mut c,
                Edit::DeleteRelation {
                    doc: d.clone(),
                    id: rid("x")
                }
            ),
            EditError::UnknownRelation(rid("x"))
        );
        round_trip(
            &mut c,
            Edit::DeleteRelation {
                doc: d.clone(),
                id: rid("r2"),
            },
        );

        // A second speaker replaces the first, in one step that undoes exactly.
        let before = c.clone();
        let inv = round_trip(
            &mut c,
            add_rel(&d, rel("r3", RelationKind::SaidBy, "q", "e2")),
        );
        assert_eq!(
            inv,
            Edit::Batch(vec![
                Edit::DeleteRelation {
                    doc: d.clone(),
                    id: rid("r3")
                },
                add_rel(&d, said),
            ])
        );
        let entry = c.entry(&d).unwrap().clone();
        assert_eq!(entry.speaker(&SpanId("q".into())).unwrap().id.0, "e2");
        assert!(entry.relation(&rid("r1")).is_none());
        c.apply(inv).unwrap();
        assert_eq!(c, before);
    }

    #[test]
    fn deleting_or_relabelling_a_span_takes_its_relations_and_undo_brings_them_back() {
        let (mut c, d) = linked();
        for r in [
            rel("r1", RelationKind::SaidBy, "q", "e1"),
            rel("r2", RelationKind::Cue, "q", "c"),
            rel("r3", RelationKind::Claimant, "c", "e1"),
        ] {
            c.apply(add_rel(&d, r)).unwrap();
        }
        c.apply(set_attr(&d, "e1", "type", Some("person"))).unwrap();
        c.apply(set_attr(&d, "q", "kind", Some("direct"))).unwrap();

        let inv = round_trip(
            &mut c,
            Edit::DeleteSpan {
                doc: d.clone(),
                id: SpanId("e1".into()),
            },
        );
        assert!(matches!(&inv, Edit::Batch(parts) if parts.len() == 3));
        let left: Vec<&str> = c
            .entry(&d)
            .unwrap()
            .relations
            .iter()
            .map(|r| r.id.0.as_str())
            .collect();
        assert_eq!(left, ["r2"]);
        c.apply(inv).unwrap();

        // e1 becomes a claim: its type and both links to it go; q's cue to c stays.
        let inv = round_trip(
            &mut c,
            Edit::Relabel {
                doc: d.clone(),
                id: SpanId("e1".into()),
                label: "claim".into(),
                updated: Some(9),
            },
        );
        let entry = c.entry(&d).unwrap().clone();
        let e1 = entry.span(&SpanId("e1".into())).unwrap();
        assert!(e1.attrs.is_empty() && e1.label == "claim");
        let left: Vec<&str> = entry.relations.iter().map(|r| r.id.0.as_str()).collect();
        assert_eq!(left, ["r2"]);
        assert!(matches!(&inv, Edit::Batch(parts) if parts.len() == 4));
        // A relabel that keeps everything valid is a plain inverse; a cue may point anywhere.
        let inv = round_trip(
            &mut c,
            Edit::Relabel {
                doc: d.clone(),
                id: SpanId("c".into()),
                label: "entity".into(),
                updated: None,
            },
        );
        assert!(matches!(inv, Edit::Relabel { .. }));
    }

    #[test]
    fn inserted_documents_bring_valid_relations_only() {
        let (c, d) = linked();
        let mut entry = (**c.entry(&d).unwrap()).clone();
        let mut c = corpus();
        c.apply(Edit::DeleteDocument { doc: d.clone() }).unwrap();
        let insert = |relations: Vec<Relation>| {
            let mut e = entry.clone();
            e.relations = Rc::new(relations);
            Edit::InsertDocuments {
                index: 1,
                entries: vec![e],
            }
        };
        let good = vec![
            rel("z", RelationKind::SaidBy, "q", "e1"),
            rel("a", RelationKind::Claimant, "c", "e2"),
        ];
        round_trip(&mut c, insert(good));
        let order: Vec<&str> = c
            .entry(&d)
            .unwrap()
            .relations
            .iter()
            .map(|r| r.id.0.as_str())
            .collect();
        assert_eq!(order, ["a", "z"], "sorted on the way in");
        c.apply(Edit::DeleteDocument { doc: d.clone() }).unwrap();
        for bad in [
            vec![rel("a", RelationKind::SaidBy, "q", "gone")],
            vec![rel("a", RelationKind::SaidBy, "q", "c")],
            vec![
                rel("a", RelationKind::Cue, "q", "c"),
                rel("a", RelationKind::Cue, "q", "e1"),
            ],
            vec![
                rel("a", RelationKind::SaidBy, "q", "e1"),
                rel("b", RelationKind::SaidBy, "q", "e2"),
            ],
        ] {
            refused(&mut c, insert(bad));
        }
        entry.relations = Rc::default();
        Rc::make_mut(&mut Rc::make_mut(&mut entry.spans)[0]).label = "opinion".into();
        assert_eq!(
            refused(
                &mut c,
                Edit::InsertDocuments {
                    index: 0,
                    entries: vec![entry]
                }
            ),
            EditError::UnknownLabel("opinion".into())
        );
    }

    #[test]
    fn schema_edits_have_exact_inverses() {
        let (mut c, d) = linked();
        c.apply(set_attr(&d, "e1", "type", Some("person"))).unwrap();
        let mut opinion = LabelSpec::new("opinion", "Opinion", "#c77d0a");
        opinion.key = Some('o');
        let inv = round_trip(
            &mut c,
            Edit::AddLabel {
                index: 1,
                label: opinion,
            },
        );
        assert_eq!(
            inv,
            Edit::RemoveLabel {
                id: "opinion".into()
            }
        );
        assert_eq!(c.schema().position("opinion"), Some(1));
        assert_eq!(c.schema().digit("claim"), Some('3'));
        add(&mut c, 0, span("o", 0, 5, "opinion")).unwrap();
        round_trip(
            &mut c,
            Edit::SetLabel {
                id: "opinion".into(),
                field: LabelField::Name("View".into()),
            },
        );
        round_trip(
            &mut c,
            Edit::SetLabel {
                id: "opinion".into(),
                field: LabelField::Color("#123abc".into()),
            },
        );
        round_trip(
            &mut c,
            Edit::SetLabel {
                id: "opinion".into(),
                field: LabelField::Key(Some('v')),
            },
        );
        round_trip(
            &mut c,
            Edit::SetLabel {
                id: "opinion".into(),
                field: LabelField::Key(None),
            },
        );
        round_trip(
            &mut c,
            Edit::SetLabel {
                id: "opinion".into(),
                field: LabelField::Help("Says what".into()),
            },
        );
        round_trip(
            &mut c,
            Edit::MoveLabel {
                id: "opinion".into(),
                index: 9,
            },
        );
        assert_eq!(c.schema().position("opinion"), Some(3), "moved to the end");
        c.apply(Edit::MoveLabel {
            id: "opinion".into(),
            index: 1,
        })
        .unwrap();
        let tone = AttrSpec {
            id: "tone".into(),
            name: "Tone".into(),
            kind: AttrKind::Choice(vec!["calm".into()]),
        };
        round_trip(
            &mut c,
            Edit::AddAttr {
                label: "opinion".into(),
                index: 0,
                attr: tone,
            },
        );
        round_trip(
            &mut c,
            Edit::RenameAttr {
                label: "opinion".into(),
                attr: "tone".into(),
                name: "Mood".into(),
            },
        );
        round_trip(
            &mut c,
            Edit::AddChoice {
                label: "opinion".into(),
                attr: "tone".into(),
                index: 0,
                choice: "angry".into(),
            },
        );
        let d0 = id(&c, 0);
        c.apply(set_attr(&d0, "o", "tone", Some("angry"))).unwrap();
        // Renaming a choice renames what spans chose (their times stay).
        round_trip(
            &mut c,
            Edit::RenameChoice {
                label: "opinion".into(),
                attr: "tone".into(),
                from: "angry".into(),
                to: "furious".into(),
            },
        );
        let o = c
            .entry(&d0)
            .unwrap()
            .span(&SpanId("o".into()))
            .unwrap()
            .clone();
        assert_eq!((o.attrs.get("tone"), o.updated), (Some("furious"), Some(5)));
        // What spans use cannot be removed.
        for edit in [
            Edit::RemoveLabel {
                id: "opinion".into(),
            },
            Edit::RemoveAttr {
                label: "opinion".into(),
                attr: "tone".into(),
            },
            Edit::RemoveChoice {
                label: "opinion".into(),
                attr: "tone".into(),
                choice: "furious".into(),
            },
            Edit::RemoveLabel {
                id: "entity".into(),
            },
            Edit::RemoveAttr {
                label: "entity".into(),
                attr: "type".into(),
            },
            Edit::RemoveChoice {
                label: "entity".into(),
                attr: "type".into(),
                choice: "person".into(),
            },
        ] {
            let e = refused(&mut c, edit);
            assert!(matches!(e, EditError::InUse { .. }), "{e}");
        }
        assert_eq!(
            refused(
                &mut c,
                Edit::RemoveLabel {
                    id: "entity".into()
                }
            )
            .to_string(),
            "The label Entity cannot be removed: 2 annotations use it."
        );
        round_trip(
            &mut c,
            Edit::RemoveChoice {
                label: "opinion".into(),
                attr: "tone".into(),
                choice: "calm".into(),
            },
        );
        round_trip(
            &mut c,
            Edit::RemoveAttr {
                label: "claim".into(),
                attr: "verdict".into(),
            },
        );
        // Invalid results and unknown targets are refused.
        for edit in [
            Edit::SetLabel {
                id: "opinion".into(),
                field: LabelField::Color("red".into()),
            },
            Edit::SetLabel {
                id: "opinion".into(),
                field: LabelField::Key(Some('e')),
            },
            Edit::SetLabel {
                id: "opinion".into(),
                field: LabelField::Key(Some('j')),
            },
            Edit::SetLabel {
                id: "opinion".into(),
                field: LabelField::Name("entity".into()),
            },
            Edit::AddLabel {
                index: 0,
                label: LabelSpec::new("claim", "Other", "#000000"),
            },
            Edit::AddLabel {
                index: 0,
                label: LabelSpec::new("bad id", "Bad", "#000000"),
            },
            Edit::AddAttr {
                label: "entity".into(),
                index: 0,
                attr: AttrSpec {
                    id: "type".into(),
                    name: "T".into(),
                    kind: AttrKind::Text,
                },
            },
            Edit::AddChoice {
                label: "entity".into(),
                attr: "type".into(),
                index: 0,
                choice: "place".into(),
            },
            Edit::AddChoice {
                label: "entity".into(),
                attr: "canonical".into(),
                index: 0,
                choice: "x".into(),
            },
            Edit::RenameChoice {
                label: "entity".into(),
                attr: "type".into(),
                from: "person".into(),
                to: "place".into(),
            },
            Edit::RenameChoice {
                label: "entity".into(),
                attr: "type".into(),
                from: "nobody".into(),
                to: "x".into(),
            },
            Edit::RenameAttr {
                label: "entity".into(),
                attr: "type".into(),
                name: " ".into(),
            },
            Edit::SetLabel {
                id: "nope".into(),
                field: LabelField::Help(String::new()),
            },
            Edit::MoveLabel {
                id: "nope".into(),
                index: 0,
            },
        ] {
            let e = refused(&mut c, edit);
            assert!(!e.to_string().is_empty());
        }
        // A whole schema: refused while spans need what it lacks.
        assert!(matches!(
            refused(&mut c, Edit::SetSchema(Rc::new(LabelSchema::default()))),
            EditError::UnknownLabel(_)
        ));
        let mut fresh = corpus();
        round_trip(&mut fresh, Edit::SetSchema(Rc::new(LabelSchema::empty())));
        // Undo of a batch of schema and span edits puts everything back.
        let before = c.clone();
        let inv = c
            .apply(Edit::Batch(vec![
                Edit::SetLabel {
                    id: "entity".into(),
                    field: LabelField::Name("Who".into()),
                },
                Edit::RenameChoice {
                    label: "entity".into(),
                    attr: "type".into(),
                    from: "person".into(),
                    to: "human".into(),
                },
            ]))
            .unwrap();
        c.apply(inv).unwrap();
        assert_eq!(c, before);
        // A failed batch restores the schema too.
        let before = c.clone();
        let error = c.apply(Edit::Batch(vec![
            Edit::SetLabel {
                id: "entity".into(),
                field: LabelField::Name("Who".into()),
            },
            Edit::RemoveLabel { id: "nope".into() },
        ]));
        assert!(error.is_err());
        assert!(Rc::ptr_eq(c.schema(), before.schema()));
        // Once no span uses it, a label can go.
        c.apply(Edit::DeleteSpan {
            doc: d0,
            id: SpanId("o".into()),
        })
        .unwrap();
        let inv = round_trip(
            &mut c,
            Edit::RemoveLabel {
                id: "opinion".into(),
            },
        );
        assert!(matches!(inv, Edit::AddLabel { index: 1, .. }));
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
