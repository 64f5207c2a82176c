//! Edits of the label schema, each with its exact inverse. The schema is checked as a whole
//! after every change ([`LabelSchema::validate`]); a change that would leave a span invalid is
//! refused, except renaming a choice, which renames the chosen values too.

use std::rc::Rc;

use super::{check_labelled, Corpus, DocEntry, Edit, EditError};
use crate::model::labels::{AttrKind, AttrSpec, LabelField, LabelSchema, LabelSpec};

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
type SchemaChange<'a> = Box<dyn FnOnce(&mut LabelSchema) -> Result<Edit, EditError> + 'a>;

impl Corpus {
    /// Number of spans, in all documents, that `counts` says yes to.
    fn count_spans(&self, counts: &dyn Fn(&crate::model::Span) -> bool) -> usize {
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
    fn change_schema(&mut self, change: SchemaChange<'_>) -> Result<Edit, EditError> {
        let mut schema = (*self.schema).clone();
        let inverse = change(&mut schema)?;
        schema.validate().map_err(EditError::BadSchema)?;
        if schema != *self.schema {
            self.schema = Rc::new(schema);
        }
        Ok(inverse)
    }

    /// The schema edits of [`Corpus::apply`].
    pub(super) fn schema_edit(&mut self, edit: Edit) -> Result<Edit, EditError> {
        match edit {
            // A second label, attribute or choice with the same id is refused by `validate`.
            Edit::AddLabel { index, label } => self.change_schema(Box::new(move |schema| {
                let id = label.id.clone();
                let labels = schema.labels_mut();
                labels.insert(index.min(labels.len()), label);
                Ok(Edit::RemoveLabel { id })
            })),
            Edit::RemoveLabel { id } => {
                let used = self.count_spans(&|s: &crate::model::Span| s.label == id);
                let name = self.schema.label(&id).map(|l| l.name.clone());
                self.not_in_use(format!("The label {}", name.unwrap_or_default()), used)?;
                self.change_schema(Box::new(move |schema| {
                    let index = schema.position(&id).ok_or_else(|| no_label(&id))?;
                    let label = schema.labels_mut().remove(index);
                    Ok(Edit::AddLabel { index, label })
                }))
            }
            Edit::SetLabel { id, field } => self.change_schema(Box::new(move |schema| {
                let label = label_mut(schema, &id)?;
                let old = match field {
                    LabelField::Name(name) => {
                        LabelField::Name(std::mem::replace(&mut label.name, name))
                    }
                    LabelField::Color(color) => {
                        LabelField::Color(std::mem::replace(&mut label.color, color))
                    }
                    LabelField::Key(key) => LabelField::Key(std::mem::replace(&mut label.key, key)),
                    LabelField::Help(help) => {
                        LabelField::Help(std::mem::replace(&mut label.help, help))
                    }
                };
                Ok(Edit::SetLabel { id, field: old })
            })),
            Edit::MoveLabel { id, index } => self.change_schema(Box::new(move |schema| {
                let from = schema.position(&id).ok_or_else(|| no_label(&id))?;
                let labels = schema.labels_mut();
                let label = labels.remove(from);
                labels.insert(index.min(labels.len()), label);
                Ok(Edit::MoveLabel { id, index: from })
            })),
            Edit::AddAttr { label, index, attr } => self.change_schema(Box::new(move |schema| {
                let spec = label_mut(schema, &label)?;
                let id = attr.id.clone();
                let at = index.min(spec.attributes.len());
                spec.attributes.insert(at, attr);
                Ok(Edit::RemoveAttr { label, attr: id })
            })),
            Edit::RemoveAttr { label, attr } => {
                let used = self.count_spans(&|s: &crate::model::Span| {
                    s.label == label && s.attrs.get(&attr).is_some()
                });
                self.not_in_use(format!("The attribute {attr}"), used)?;
                self.change_schema(Box::new(move |schema| {
                    let spec = label_mut(schema, &label)?;
                    let index = spec
                        .attributes
                        .iter()
                        .position(|a| a.id == attr)
                        .ok_or_else(|| no_attr(&label, &attr))?;
                    let attr = spec.attributes.remove(index);
                    Ok(Edit::AddAttr { label, index, attr })
                }))
            }
            Edit::RenameAttr { label, attr, name } => self.change_schema(Box::new(move |schema| {
                let spec = attr_mut(schema, &label, &attr)?;
                let name = std::mem::replace(&mut spec.name, name);
                Ok(Edit::RenameAttr { label, attr, name })
            })),
            Edit::AddChoice {
                label,
                attr,
                index,
                choice,
            } => self.change_schema(Box::new(move |schema| {
                let choices = choices_mut(schema, &label, &attr)?;
                choices.insert(index.min(choices.len()), choice.clone());
                Ok(Edit::RemoveChoice {
                    label,
                    attr,
                    choice,
                })
            })),
            Edit::RemoveChoice {
                label,
                attr,
                choice,
            } => {
                let used = self.count_spans(&|s: &crate::model::Span| {
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
                    Ok(Edit::AddChoice {
                        label,
                        attr,
                        index,
                        choice,
                    })
                }))
            }
            Edit::RenameChoice {
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
                    Ok(Edit::RenameChoice {
                        label,
                        attr,
                        from: to,
                        to: from,
                    })
                }))?;
                // The inverse renames back: its `to` is the old choice, its `from` the new.
                if let Edit::RenameChoice {
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
            Edit::SetSchema(schema) => {
                schema.validate().map_err(EditError::BadSchema)?;
                for entry in self.entries.iter() {
                    for span in entry.spans.iter() {
                        check_labelled(span, &schema)?;
                    }
                }
                let old = std::mem::replace(&mut self.schema, schema);
                Ok(Edit::SetSchema(old))
            }
            // Every other edit is handled by `Corpus::apply` itself.
            _ => Err(EditError::BadSchema("Not a schema edit.".to_owned())),
        }
    }

    /// Every span of `label` whose `attr` is `from` gets `to` (update times unchanged). Only
    /// the documents with such spans are copied.
    fn rename_values(&mut self, label: &str, attr: &str, from: &str, to: &str) {
        let hit = |s: &crate::model::Span| s.label == label && s.attrs.get(attr) == Some(from);
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
