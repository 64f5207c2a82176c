//! One document of the corpus with its annotations ([`DocEntry`]), where it is in the work
//! ([`Status`]), and the checks that keep an entry valid: every span within its text with a
//! label and values of the schema, every relation between two of its spans that fit its kind.

use std::collections::HashSet;
use std::rc::Rc;

use super::document::Document;
use super::error::EditError;
use super::labels::{AttrProblem, LabelSchema, Role};
use super::relation::{Relation, RelationId};
use super::span::{Span, SpanId};

/// Where a document is in the annotation work. Set by the user; in addition
/// [`Workspace::edit`](super::workspace::Workspace::edit) moves a `New` document to
/// `InProgress` when a span is added to it (in the same undo step). [`Corpus::apply`] itself
/// never changes a status except through [`DocEdit::SetStatus`](super::edit::DocEdit::SetStatus).
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
    pub(crate) fn span_index(&self, id: &SpanId) -> Option<usize> {
        self.spans.iter().position(|s| &s.id == id)
    }

    pub fn relation(&self, id: &RelationId) -> Option<&Relation> {
        self.relation_index(id).ok().map(|i| &self.relations[i])
    }

    /// Where a relation with this id is or would go in [`DocEntry::relations`].
    pub(crate) fn relation_index(&self, id: &RelationId) -> Result<usize, usize> {
        self.relations.binary_search_by(|r| r.id.cmp(id))
    }

    /// The relations that start or end at a span, in id order.
    pub fn relations_of<'a>(&'a self, span: &'a SpanId) -> impl Iterator<Item = &'a Relation> {
        self.relations.iter().filter(move |r| r.involves(span))
    }

    /// Whether `relation` can join this entry's relations: a new id, both ends spans of this
    /// document that fit the kind, not the same link twice, not a second speaker.
    pub fn check_relation(
        &self,
        relation: &Relation,
        schema: &LabelSchema,
    ) -> Result<(), EditError> {
        if self.relation(&relation.id).is_some() {
            return Err(EditError::DuplicateRelation(relation.id.clone()));
        }
        check_relation(relation, &self.spans, &self.relations, schema)?;
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

/// A span may be stored in a document of `len` code points: non-empty, within the text, with
/// a label of the schema and attribute values valid for it.
pub(crate) fn check_span(span: &Span, len: usize, schema: &LabelSchema) -> Result<(), EditError> {
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
pub(crate) fn check_labelled(span: &Span, schema: &LabelSchema) -> Result<(), EditError> {
    check_label(&span.label, schema)?;
    for (key, value) in span.attrs.iter() {
        check_value(schema, &span.label, key, value)?;
    }
    Ok(())
}

pub(crate) fn check_label(label: &str, schema: &LabelSchema) -> Result<(), EditError> {
    match schema.label(label) {
        Some(_) => Ok(()),
        None => Err(EditError::UnknownLabel(label.to_owned())),
    }
}

pub(crate) fn check_value(
    schema: &LabelSchema,
    label: &str,
    key: &str,
    value: &str,
) -> Result<(), EditError> {
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
/// way. (A second `said_by` is not checked here: [`Corpus::apply`](super::store::Corpus::apply)
/// replaces the first.)
pub(crate) fn check_relation(
    relation: &Relation,
    spans: &[Rc<Span>],
    others: &[Relation],
    schema: &LabelSchema,
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
    if !relation.fits(schema, from, to) {
        // Named by the labels that play the roles (a role no label plays, by the role).
        let role = |r: Role| schema.role_label(r).map_or(r.id(), |l| l.name.as_str());
        return Err(EditError::BadRelation(format!(
            "A {} relation goes from {} to {}; this one would go from {} to {}.",
            kind.id(),
            role(kind.from_role()),
            kind.to_role().map_or("any annotation", role),
            schema.name_of(&from.label),
            schema.name_of(&to.label)
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
pub(crate) fn check_entry(entry: &DocEntry, schema: &LabelSchema) -> Result<(), EditError> {
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
        check_relation(relation, &entry.spans, &entry.relations, schema)?;
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
    let ok = |r: &Relation| check_relation(r, &spans, &[], schema).is_ok();
    if !entry.relations.iter().all(ok) {
        let relations = Rc::make_mut(&mut entry.relations);
        let before = relations.len();
        relations.retain(ok);
        dropped += before - relations.len();
    }
    dropped
}

pub(crate) fn sorted_by_text_order(spans: &[Rc<Span>]) -> bool {
    spans
        .windows(2)
        .all(|w| matches!(w, [a, b] if Span::text_order(a, b).is_lt()))
}
