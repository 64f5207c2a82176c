//! The app's state for `use_reducer`: a thin wrapper over the model's operations.

use std::rc::Rc;

use yew::Reducible;

use crate::model::{DocId, Workspace};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    pub workspace: Workspace,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show this document.
    Open(DocId),
    /// Next (+1) or previous (-1) document.
    Step(isize),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut workspace = self.workspace.clone();
        let changed = match action {
            Action::Open(id) => workspace.open(&id),
            Action::Step(step) => workspace.step(step),
        };
        if changed {
            Rc::new(AppState { workspace })
        } else {
            // Same Rc: yew skips the re-render.
            self
        }
    }
}
