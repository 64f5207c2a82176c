//! The span edits of [`Corpus::apply`], each with its exact inverse.

use std::rc::Rc;

use super::Corpus;
use crate::model::document::DocId;
use crate::model::edit::{Edit, SpanEdit};
use crate::model::entry::{check_label, check_span, check_value};
use crate::model::error::EditError;
use crate::model::relation::Relation;
use crate::model::span::{Span, SpanId};

impl Corpus {
    pub(super) fn span_edit(&mut self, doc: DocId, edit: SpanEdit) -> Result<Edit, EditError> {
        match edit {
            SpanEdit::Add(span) => self.add_span(doc, span),
            SpanEdit::Delete(id) => self.delete_span(doc, id),
            SpanEdit::Relabel { id, label, updated } => self.relabel(doc, id, label, updated),
            SpanEdit::SetNote { id, note, updated } => self.set_note(doc, id, note, updated),
            SpanEdit::SetAttr {
                id,
                key,
                value,
                updated,
            } => self.set_attr(doc, id, key, value, updated),
        }
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
        Ok(Edit::delete_span(doc, id))
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
        let add = Edit::add_span(doc.clone(), Rc::unwrap_or_clone(span));
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
                    inverse.push(Edit::add_relation(doc.clone(), r));
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
            return Ok(Edit::relabel(doc, id, label, updated));
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
        let relabel = Edit::relabel(doc.clone(), id.clone(), old_label, old_updated);
        if dropped_attrs.is_empty() && dropped_relations.is_empty() {
            return Ok(relabel);
        }
        let mut inverse = vec![relabel];
        for (key, value) in dropped_attrs {
            inverse.push(Edit::set_attr(
                doc.clone(),
                id.clone(),
                key,
                Some(value),
                old_updated,
            ));
        }
        for relation in dropped_relations {
            inverse.push(Edit::add_relation(doc.clone(), relation));
        }
        Ok(Edit::Batch(inverse))
    }

    /// Remove the relations of span `id` (in the entry at `index`) that no longer fit the
    /// labels of their ends; returns them.
    fn drop_unfit_relations(&mut self, index: usize, id: &SpanId) -> Vec<Relation> {
        let mut dropped = Vec::new();
        let schema = Rc::clone(&self.schema);
        let Some(entry) = self.entry_mut(index) else {
            return dropped;
        };
        let spans = Rc::clone(&entry.spans);
        let fits = |r: &Relation| {
            let find = |id: &SpanId| spans.iter().find(|s| &s.id == id);
            matches!((find(&r.from), find(&r.to)), (Some(f), Some(t)) if r.fits(&schema, f, t))
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
        Ok(Edit::set_note(doc, id, note, updated))
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
        Ok(Edit::set_attr(doc, id, key, value, updated))
    }
}
