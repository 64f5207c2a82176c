//! The relation edits of [`Corpus::apply`], each with its exact inverse.

use std::rc::Rc;

use super::Corpus;
use crate::model::document::DocId;
use crate::model::edit::{Edit, RelationEdit};
use crate::model::entry::check_relation;
use crate::model::error::EditError;
use crate::model::relation::{Relation, RelationId};

impl Corpus {
    pub(super) fn relation_edit(
        &mut self,
        doc: DocId,
        edit: RelationEdit,
    ) -> Result<Edit, EditError> {
        match edit {
            RelationEdit::Add(relation) => self.add_relation(doc, relation),
            RelationEdit::Delete(id) => self.delete_relation(doc, id),
        }
    }

    fn add_relation(&mut self, doc: DocId, relation: Relation) -> Result<Edit, EditError> {
        let (index, entry) = self.locate(&doc)?;
        let Err(at) = entry.relation_index(&relation.id) else {
            return Err(EditError::DuplicateRelation(relation.id));
        };
        check_relation(&relation, &entry.spans, &entry.relations, &self.schema)?;
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
        let delete = Edit::delete_relation(doc.clone(), id);
        let old = replaced.map(|i| relations.remove(i));
        let at = if replaced.is_some_and(|i| i < at) {
            at - 1
        } else {
            at
        };
        relations.insert(at, relation);
        Ok(match old {
            None => delete,
            Some(old) => Edit::Batch(vec![delete, Edit::add_relation(doc, old)]),
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
            Some(relation) => Ok(Edit::add_relation(doc, relation)),
            None => Err(EditError::UnknownRelation(id)),
        }
    }
}
