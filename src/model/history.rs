//! Undo and redo: the inverse of every edit, as [`Corpus::apply`] returned it.

use std::rc::Rc;

use super::edit::Edit;
use super::error::EditError;
use super::store::Corpus;

/// Undo and redo over a corpus (stores inverse edits; at most [`History::LIMIT`] steps).
///
/// The steps are shared (`Rc`): the app state that holds a history is copied on every action,
/// and a copy costs a pointer per step, never a copy of an edit.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Rc<Edit>>,
    redo: Vec<Rc<Edit>>,
}

/// Two histories are equal when they hold the same steps (the same shared edits): a step is
/// never changed in place, so this is what the app state's comparison needs, and it costs a
/// pointer comparison per step, with no code to compare edits in the download.
impl PartialEq for History {
    fn eq(&self, other: &History) -> bool {
        let same = |a: &[Rc<Edit>], b: &[Rc<Edit>]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Rc::ptr_eq(x, y))
        };
        same(&self.undo, &other.undo) && same(&self.redo, &other.redo)
    }
}

impl Eq for History {}

/// The edit behind a shared step (copied only when another history still holds it).
fn owned(step: Rc<Edit>) -> Edit {
    Rc::try_unwrap(step).unwrap_or_else(|shared| (*shared).clone())
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
    #[must_use]
    pub fn undo(&mut self, corpus: &mut Corpus) -> bool {
        let Some(edit) = self.undo.pop() else {
            return false;
        };
        match corpus.apply(owned(edit)) {
            Ok(inverse) => {
                self.redo.push(Rc::new(inverse));
                true
            }
            // A stored inverse applies unless another tab's change made it impossible (it
            // deleted the span the step would change back): the step is dropped.
            Err(_) => false,
        }
    }

    /// Redo the last undone step. False when there is nothing to redo.
    #[must_use]
    pub fn redo(&mut self, corpus: &mut Corpus) -> bool {
        let Some(edit) = self.redo.pop() else {
            return false;
        };
        match corpus.apply(owned(edit)) {
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
        self.undo.push(Rc::new(inverse));
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
