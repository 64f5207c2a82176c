//! The open corpus and which document is being read.

use std::rc::Rc;

use super::document::{DocId, Document};

/// Documents in list order plus the active one. Documents are shared (`Rc`) so the UI can
/// hold them in props without copying text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workspace {
    /// Shared so that cloning the workspace (each reducer step) and passing the list as a prop
    /// cost a pointer copy; `Rc<Vec<Rc<_>>>` equality short-cuts on the same allocation.
    docs: Rc<Vec<Rc<Document>>>,
    active: Option<usize>,
}

impl Workspace {
    /// A workspace over `docs`, with the first one active.
    pub fn new(docs: Vec<Document>) -> Self {
        let active = if docs.is_empty() { None } else { Some(0) };
        Workspace {
            docs: Rc::new(docs.into_iter().map(Rc::new).collect()),
            active,
        }
    }

    pub fn docs(&self) -> &Rc<Vec<Rc<Document>>> {
        &self.docs
    }

    pub fn active(&self) -> Option<&Rc<Document>> {
        self.active.and_then(|i| self.docs.get(i))
    }

    pub fn active_id(&self) -> Option<&DocId> {
        self.active().map(|d| &d.id)
    }

    /// Make `id` the active document. Returns false (and changes nothing) for an unknown id
    /// or the document already active.
    pub fn open(&mut self, id: &DocId) -> bool {
        match self.docs.iter().position(|d| &d.id == id) {
            Some(i) if self.active != Some(i) => {
                self.active = Some(i);
                true
            }
            _ => false,
        }
    }

    /// Move to the next (`step` = 1) or previous (`step` = -1) document, stopping at the ends.
    /// Returns whether anything changed.
    pub fn step(&mut self, step: isize) -> bool {
        let Some(current) = self.active else {
            return false;
        };
        let target = current
            .checked_add_signed(step)
            .filter(|t| *t < self.docs.len());
        match target {
            Some(t) if t != current => {
                self.active = Some(t);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;

    fn ws() -> Workspace {
        Workspace::new(vec![
            parse_article("One\nBody.", "1.txt"),
            parse_article("Two\nBody.", "2.txt"),
            parse_article("Three\nBody.", "3.txt"),
        ])
    }

    #[test]
    fn first_document_is_active() {
        let w = ws();
        assert_eq!(w.active().map(|d| d.title.as_str()), Some("One"));
        assert_eq!(Workspace::new(vec![]).active(), None);
    }

    #[test]
    fn open_and_step() {
        let mut w = ws();
        let third = w.docs()[2].id.clone();
        assert!(w.open(&third));
        assert!(!w.open(&third), "already active");
        assert!(!w.open(&DocId("nope".into())));
        assert!(!w.step(1), "stops at the end");
        assert!(w.step(-1));
        assert_eq!(w.active().map(|d| d.title.as_str()), Some("Two"));
        assert!(w.step(-1));
        assert!(!w.step(-1), "stops at the start");
        assert!(!Workspace::new(vec![]).step(1));
    }
}
