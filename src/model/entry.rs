//! One document of the corpus with its annotations ([`DocEntry`]), where each annotator is in
//! the work ([`Status`]), the candidates decided against, and the checks that keep an entry
//! valid: every span within its text with a label and values of the schema, every relation
//! between two of its spans that fit its kind, statuses and decisions in order.

use crate::model::set::Set;
use std::rc::Rc;

use super::document::Document;
use super::error::EditError;
use super::labels::{AttrProblem, LabelSchema, Role};
use super::relation::{Relation, RelationId};
use super::sort::sort_with;
use super::span::{Span, SpanId};

/// Where one annotator is in the annotation work of a document. Set by the user; in addition
/// [`Workspace::edit`](super::workspace::Workspace::edit) moves the annotator of a span added
/// to a document from `New` to `InProgress` there (in the same undo step).
/// [`Corpus::apply`](super::store::Corpus::apply) itself never changes a status except through
/// [`DocEdit::SetStatus`](super::edit::DocEdit::SetStatus).
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

/// The longest key of a decision, in bytes.
pub const DECISION_BYTES: usize = 512;
/// The most decisions one document holds.
pub const DECISIONS_PER_DOC: usize = 100_000;

/// [`DocEntry::span_positions`]: each span's position by its id, in a map keyed by `&str` (the
/// key type the app's other maps use: each key type copies the hash table code).
pub struct SpanPositions<'a>(std::collections::HashMap<&'a str, usize>);

impl SpanPositions<'_> {
    pub fn get(&self, id: &SpanId) -> Option<&usize> {
        self.0.get(id.0.as_str())
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
    /// Each annotator's status (by name: `""` is the person at this browser before they gave
    /// a name, [`GOLD`](super::annotators::GOLD) the gold layer), sorted by name, names
    /// unique, never `New`: an annotator absent here is `New` ([`DocEntry::status_of`]).
    pub statuses: Rc<Vec<(Rc<str>, Status)>>,
    /// The keys of the candidates decided against in this document, sorted, unique: what
    /// adjudication and suggestions must not propose again (`gold:<start>:<end>:<label>`,
    /// `suggest:<start>:<end>:<label>`, offsets in code points). Each is non-empty and at most
    /// [`DECISION_BYTES`] long; at most [`DECISIONS_PER_DOC`] of them.
    pub decided: Rc<Vec<Rc<str>>>,
}

impl DocEntry {
    /// An entry without spans, `New` for everyone, nothing decided.
    pub fn new(doc: Document) -> Self {
        DocEntry {
            doc: Rc::new(doc),
            spans: Rc::new(Vec::new()),
            relations: Rc::new(Vec::new()),
            statuses: Rc::default(),
            decided: Rc::default(),
        }
    }

    /// Where annotator `who` is in this document (`New` when they have no status here).
    pub fn status_of(&self, who: &str) -> Status {
        self.statuses
            .binary_search_by(|(name, _)| (**name).cmp(who))
            .map_or(Status::New, |i| self.statuses[i].1)
    }

    /// Give `who` this status (`New` removes theirs); returns the one they had.
    pub fn put_status(&mut self, who: &Rc<str>, status: Status) -> Status {
        let at = self
            .statuses
            .binary_search_by(|(name, _)| (**name).cmp(who));
        let old = at.map_or(Status::New, |i| self.statuses[i].1);
        if old == status {
            return old;
        }
        let list = Rc::make_mut(&mut self.statuses);
        match (at, status) {
            (Ok(i), Status::New) => {
                list.remove(i);
            }
            (Ok(i), _) => list[i].1 = status,
            (Err(i), _) => list.insert(i, (Rc::clone(who), status)),
        }
        old
    }

    /// Whether the candidate `key` was decided against.
    pub fn is_decided(&self, key: &str) -> bool {
        self.decided.binary_search_by(|k| (**k).cmp(key)).is_ok()
    }

    /// Record (`on`) or take back the decision `key`; returns whether it was recorded before.
    pub fn put_decided(&mut self, key: &Rc<str>, on: bool) -> bool {
        let at = self.decided.binary_search_by(|k| (**k).cmp(key));
        match (at, on) {
            (Ok(_), true) | (Err(_), false) => {}
            (Ok(i), false) => {
                Rc::make_mut(&mut self.decided).remove(i);
            }
            (Err(i), true) => Rc::make_mut(&mut self.decided).insert(i, Rc::clone(key)),
        }
        at.is_ok()
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
    pub fn span_positions(&self) -> SpanPositions<'_> {
        let mut at = std::collections::HashMap::with_capacity(self.spans.len());
        for (i, s) in self.spans.iter().enumerate() {
            at.insert(s.id.0.as_str(), i);
        }
        SpanPositions(at)
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

/// Statuses in the order [`statuses_from`] gives them (by name, unique, none `New`).
/// Helpers for readers: each list in its order, so the entry is valid as far as they go.
pub fn statuses_from(mut pairs: Vec<(Rc<str>, Status)>) -> Rc<Vec<(Rc<str>, Status)>> {
    pairs.retain(|(_, s)| *s != Status::New);
    sort_with(&mut pairs, &|a, b| a.0.cmp(&b.0));
    pairs.dedup_by(|later, kept| later.0 == kept.0);
    Rc::new(pairs)
}

/// One status for all who worked on a document: the unnamed annotator's and that of each of
/// `annotators` (those of its spans). What the one status a document had before statuses were
/// per annotator (storage version 6, older datasets) becomes.
pub fn shared_status<'a>(
    status: Status,
    annotators: impl IntoIterator<Item = &'a Rc<str>>,
) -> Rc<Vec<(Rc<str>, Status)>> {
    let mut pairs: Vec<(Rc<str>, Status)> = vec![(Rc::from(""), status)];
    for who in annotators {
        if !pairs.iter().any(|(name, _)| name == who) {
            pairs.push((Rc::clone(who), status));
        }
    }
    statuses_from(pairs)
}

/// Decision keys sorted and unique (their validity is checked when the entry is).
pub fn decided_from(mut keys: Vec<Rc<str>>) -> Rc<Vec<Rc<str>>> {
    sort_with(&mut keys, &|a, b| a.cmp(b));
    keys.dedup();
    Rc::new(keys)
}

/// A decision key may be recorded: non-empty and at most [`DECISION_BYTES`] long.
pub(crate) fn check_decision(key: &str) -> Result<(), EditError> {
    if key.is_empty() || key.len() > DECISION_BYTES {
        return Err(EditError::BadProgress(format!(
            "A decision is named by 1 to {DECISION_BYTES} bytes; this one has {}.",
            key.len()
        )));
    }
    Ok(())
}

/// The statuses sorted by name, unique, none `New`; the decisions sorted, unique, valid and
/// not too many.
fn check_progress(entry: &DocEntry) -> Result<(), EditError> {
    let statuses_ok = entry.statuses.iter().all(|(_, s)| *s != Status::New)
        && entry.statuses.windows(2).all(|w| w[0].0 < w[1].0);
    if !statuses_ok {
        return Err(EditError::BadProgress(
            "The statuses of a document must be in order, one per annotator.".to_owned(),
        ));
    }
    if entry.decided.len() > DECISIONS_PER_DOC {
        return Err(EditError::BadProgress(format!(
            "A document holds at most {DECISIONS_PER_DOC} decisions."
        )));
    }
    if !entry.decided.windows(2).all(|w| w[0] < w[1]) {
        return Err(EditError::BadProgress(
            "The decisions of a document must be in order, each once.".to_owned(),
        ));
    }
    entry.decided.iter().try_for_each(|k| check_decision(k))
}

/// Every span valid for the entry's document and the schema, ids unique; every relation
/// valid, ids unique, at most one `said_by` per quote; statuses and decisions in order.
pub(crate) fn check_entry(entry: &DocEntry, schema: &LabelSchema) -> Result<(), EditError> {
    check_progress(entry)?;
    let len = entry.doc.char_len();
    let mut ids = Set::with_capacity(entry.spans.len());
    for span in entry.spans.iter() {
        if !ids.insert(span.id.0.as_str()) {
            return Err(EditError::DuplicateSpan(span.id.clone()));
        }
        check_span(span, len, schema)?;
    }
    let mut rel_ids = Set::with_capacity(entry.relations.len());
    let mut single = Set::new();
    for relation in entry.relations.iter() {
        if !rel_ids.insert(relation.id.0.as_str()) {
            return Err(EditError::DuplicateRelation(relation.id.clone()));
        }
        check_relation(relation, &entry.spans, &entry.relations, schema)?;
        // Keyed by a `String` ("said_by q1"; kind ids have no spaces), not a new key type.
        if relation.kind.single()
            && !single.insert(kind_and_id(relation.kind.id(), &relation.from.0))
        {
            return Err(EditError::BadRelation(format!(
                "The annotation {} has two {} relations.",
                relation.from,
                relation.kind.id()
            )));
        }
    }
    Ok(())
}

/// A relation kind's id and a span id, as one set key.
fn kind_and_id(kind: &str, id: &str) -> String {
    let mut key = String::from(kind);
    key.push(' ');
    key.push_str(id);
    key
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
