//! Edits of the label schema, each with its exact inverse. The schema is checked as a whole
//! after every change ([`LabelSchema::validate`]); a change that would leave a span invalid is
//! refused, except renaming a choice, which renames the chosen values too.

use std::rc::Rc;

use super::Corpus;
use crate::model::edit::{Edit, SchemaEdit};
use crate::model::entry::{check_labelled, DocEntry};
use crate::model::error::EditError;
use crate::model::labels::{AttrKind, AttrSpec, LabelSchema, LabelSpec, Role};
use crate::model::span::Span;
use crate::model::words::plural;

fn no_label(id: &str) -> EditError {
    EditError::UnknownLabel(id.to_owned())
}

fn no_attr(label: &str, attr: &str) -> EditError {
    EditError::UnknownAttr {
        label: label.to_owned(),
        attr: attr.to_owned(),
    }
}

fn label_mut<'a>(schema: &'a mut LabelSchema, id: &str) -> Result<&'a mut LabelSpec, EditError> {
    schema
        .labels_mut()
        .iter_mut()
        .find(|l| l.id == id)
        .ok_or_else(|| no_label(id))
}

fn attr_mut<'a>(
    schema: &'a mut LabelSchema,
    label: &str,
    attr: &str,
) -> Result<&'a mut AttrSpec, EditError> {
    label_mut(schema, label)?
        .attributes
        .iter_mut()
        .find(|a| a.id == attr)
        .ok_or_else(|| no_attr(label, attr))
}

fn choices_mut<'a>(
    schema: &'a mut LabelSchema,
    label: &str,
    attr: &str,
) -> Result<&'a mut Vec<String>, EditError> {
    match &mut attr_mut(schema, label, attr)?.kind {
        AttrKind::Choice(choices) => Ok(choices),
        AttrKind::Text => Err(EditError::BadSchema(
            "That attribute takes free text, not choices.".to_owned(),
        )),
    }
}

fn no_choice(attr: &str, choice: &str) -> EditError {
    EditError::BadAttrValue {
        attr: attr.to_owned(),
        value: choice.to_owned(),
    }
}

/// A change to a copy of the schema, returning its inverse.
type SchemaChange<'a> = Box<dyn FnOnce(&mut LabelSchema) -> Result<SchemaEdit, EditError> + 'a>;

impl Corpus {
    /// Number of spans, in all documents, that `counts` says yes to.
    fn count_spans(&self, counts: &dyn Fn(&Span) -> bool) -> usize {
        self.entries
            .iter()
            .map(|e| e.spans.iter().filter(|s| counts(s)).count())
            .sum()
    }

    /// Refused when spans use the thing being removed.
    fn not_in_use(&self, what: String, spans: usize) -> Result<(), EditError> {
        if spans == 0 {
            Ok(())
        } else {
            Err(EditError::InUse { what, spans })
        }
    }

    /// Apply a change to a copy of the schema, check it, and keep it (nothing changes on an
    /// error, and an unchanged schema keeps its pointer). Boxed: one copy of this code for
    /// every kind of change.
    fn change_schema(&mut self, change: SchemaChange<'_>) -> Result<SchemaEdit, EditError> {
        let mut schema = (*self.schema).clone();
        let inverse = change(&mut schema)?;
        schema.validate().map_err(EditError::BadSchema)?;
        if schema != *self.schema {
            self.check_relations_under(&schema)?;
            self.schema = Rc::new(schema);
        }
        Ok(inverse)
    }

    /// Refused when a relation would no longer fit under `schema` (a label gave up the role
    /// its relations need). Only a change of roles can do that.
    fn check_relations_under(&self, schema: &LabelSchema) -> Result<(), EditError> {
        let same_roles = Role::ALL
            .into_iter()
            .all(|r| schema.role_id(r) == self.schema.role_id(r));
        if same_roles {
            return Ok(());
        }
        let mut unfit = 0;
        for entry in self.entries.iter() {
            for r in entry.relations.iter() {
                let ends = (entry.span(&r.from), entry.span(&r.to));
                if !matches!(ends, (Some(f), Some(t)) if r.fits(schema, f, t)) {
                    unfit += 1;
                }
            }
        }
        if unfit == 0 {
            return Ok(());
        }
        Err(EditError::BadSchema(format!(
            "That change would break {}: each needs its labels to keep their roles.",
            plural(unfit, "relation", "relations")
        )))
    }

    /// The schema edits of [`Corpus::apply`].
    pub(super) fn schema_edit(&mut self, edit: SchemaEdit) -> Result<Edit, EditError> {
        self.schema_change(edit).map(Edit::Schema)
    }

    fn schema_change(&mut self, edit: SchemaEdit) -> Result<SchemaEdit, EditError> {
        match edit {
            // A second label, attribute or choice with the same id is refused by `validate`.
            SchemaEdit::AddLabel { index, label } => self.change_schema(Box::new(move |schema| {
                let id = label.id.clone();
                let labels = schema.labels_mut();
                labels.insert(index.min(labels.len()), label);
                Ok(SchemaEdit::RemoveLabel { id })
            })),
            SchemaEdit::RemoveLabel { id } => {
                let used = self.count_spans(&|s: &Span| s.label == id);
                let name = self.schema.label(&id).map(|l| l.name.clone());
                self.not_in_use(format!("The label {}", name.unwrap_or_default()), used)?;
                self.change_schema(Box::new(move |schema| {
                    let index = schema.position(&id).ok_or_else(|| no_label(&id))?;
                    let label = schema.labels_mut().remove(index);
                    Ok(SchemaEdit::AddLabel { index, label })
                }))
            }
            SchemaEdit::SetLabel { id, field } => self.change_schema(Box::new(move |schema| {
                let old = label_mut(schema, &id)?.set(field);
                Ok(SchemaEdit::SetLabel { id, field: old })
            })),
            SchemaEdit::MoveLabel { id, index } => self.change_schema(Box::new(move |schema| {
                let from = schema.position(&id).ok_or_else(|| no_label(&id))?;
                let labels = schema.labels_mut();
                let label = labels.remove(from);
                labels.insert(index.min(labels.len()), label);
                Ok(SchemaEdit::MoveLabel { id, index: from })
            })),
            SchemaEdit::AddAttr { label, index, attr } => {
                self.change_schema(Box::new(move |schema| {
                    let spec = label_mut(schema, &label)?;
                    let id = attr.id.clone();
                    let at = index.min(spec.attributes.len());
                    spec.attributes.insert(at, attr);
                    Ok(SchemaEdit::RemoveAttr { label, attr: id })
                }))
            }
            SchemaEdit::RemoveAttr { label, attr } => {
                let used =
                    self.count_spans(&|s: &Span| s.label == label && s.attrs.get(&attr).is_some());
                self.not_in_use(format!("The attribute {attr}"), used)?;
                self.change_schema(Box::new(move |schema| {
                    let spec = label_mut(schema, &label)?;
                    let index = spec
                        .attributes
                        .iter()
                        .position(|a| a.id == attr)
                        .ok_or_else(|| no_attr(&label, &attr))?;
                    let attr = spec.attributes.remove(index);
                    Ok(SchemaEdit::AddAttr { label, index, attr })
                }))
            }
            SchemaEdit::RenameAttr { label, attr, name } => {
                self.change_schema(Box::new(move |schema| {
                    let spec = attr_mut(schema, &label, &attr)?;
                    let name = std::mem::replace(&mut spec.name, name);
                    Ok(SchemaEdit::RenameAttr { label, attr, name })
                }))
            }
            SchemaEdit::AddChoice {
                label,
                attr,
                index,
                choice,
            } => self.change_schema(Box::new(move |schema| {
                let choices = choices_mut(schema, &label, &attr)?;
                choices.insert(index.min(choices.len()), choice.clone());
                Ok(SchemaEdit::RemoveChoice {
                    label,
                    attr,
                    choice,
                })
            })),
            SchemaEdit::RemoveChoice {
                label,
                attr,
                choice,
            } => {
                let used = self.count_spans(&|s: &Span| {
                    s.label == label && s.attrs.get(&attr) == Some(choice.as_str())
                });
                self.not_in_use(format!("The choice \u{201c}{choice}\u{201d}"), used)?;
                self.change_schema(Box::new(move |schema| {
                    let choices = choices_mut(schema, &label, &attr)?;
                    let index = choices
                        .iter()
                        .position(|c| *c == choice)
                        .ok_or_else(|| no_choice(&attr, &choice))?;
                    choices.remove(index);
                    Ok(SchemaEdit::AddChoice {
                        label,
                        attr,
                        index,
                        choice,
                    })
                }))
            }
            SchemaEdit::RenameChoice {
                label,
                attr,
                from,
                to,
            } => {
                let inverse = self.change_schema(Box::new(move |schema| {
                    let choices = choices_mut(schema, &label, &attr)?;
                    let choice = choices
                        .iter_mut()
                        .find(|c| **c == from)
                        .ok_or_else(|| no_choice(&attr, &from))?;
                    *choice = to.clone();
                    Ok(SchemaEdit::RenameChoice {
                        label,
                        attr,
                        from: to,
                        to: from,
                    })
                }))?;
                // The inverse renames back: its `to` is the old choice, its `from` the new.
                if let SchemaEdit::RenameChoice {
                    label,
                    attr,
                    from: new,
                    to: old,
                } = &inverse
                {
                    if new != old {
                        self.rename_values(label, attr, old, new);
                    }
                }
                Ok(inverse)
            }
            SchemaEdit::Replace(schema) => {
                schema.validate().map_err(EditError::BadSchema)?;
                for entry in self.entries.iter() {
                    for span in entry.spans.iter() {
                        check_labelled(span, &schema)?;
                    }
                }
                self.check_relations_under(&schema)?;
                let old = std::mem::replace(&mut self.schema, schema);
                Ok(SchemaEdit::Replace(old))
            }
        }
    }

    /// Every span of `label` whose `attr` is `from` gets `to` (update times unchanged). Only
    /// the documents with such spans are copied.
    fn rename_values(&mut self, label: &str, attr: &str, from: &str, to: &str) {
        let hit = |s: &Span| s.label == label && s.attrs.get(attr) == Some(from);
        if !self.entries.iter().any(|e| e.spans.iter().any(|s| hit(s))) {
            return;
        }
        let list = Rc::make_mut(&mut self.entries);
        for entry in list.iter_mut() {
            if !entry.spans.iter().any(|s| hit(s)) {
                continue;
            }
            let entry: &mut DocEntry = Rc::make_mut(entry);
            for span in Rc::make_mut(&mut entry.spans).iter_mut() {
                if hit(span) {
                    Rc::make_mut(span).attrs.set(attr, Some(to.to_owned()));
                }
            }
        }
    }
}
