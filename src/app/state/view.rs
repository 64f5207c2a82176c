//! What fills the workspace (the article or a corpus view) and which dialog is open.

use crate::model::RelationKind;

/// What fills the workspace: the open article, or a view across the corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Article,
    /// Entity cards with their mentions, quotes and claims (`people_view.rs`).
    People,
    /// Every claim in a table (`claims_view.rs`).
    Claims,
}

impl View {
    pub const ALL: [View; 3] = [View::Article, View::People, View::Claims];

    /// Its name in the view switch.
    pub fn name(self) -> &'static str {
        match self {
            View::Article => "Article",
            View::People => "People",
            View::Claims => "Claims",
        }
    }

    /// The next view (after the last, the first again).
    pub fn next(self) -> View {
        match self {
            View::Article => View::People,
            View::People => View::Claims,
            View::Claims => View::Article,
        }
    }
}

/// A modal dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// The keyboard shortcuts.
    Help,
    /// "Paste article".
    Paste,
    /// The label schema.
    Labels,
    Export,
    /// The link picker: a relation of this kind from the selected span.
    Link(RelationKind),
}
