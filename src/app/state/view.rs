//! What fills the workspace (the article or a corpus view), where the user is in each corpus
//! view, and which dialog is open.

use crate::model::corpus_views::{CheckFilter, ClaimSort};
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
    /// How far the annotators agree (`agreement_view.rs`).
    Agreement,
}

impl View {
    pub const ALL: [View; 4] = [View::Article, View::People, View::Claims, View::Agreement];

    /// Its name in the view switch.
    pub fn name(self) -> &'static str {
        match self {
            View::Article => "Article",
            View::People => "People",
            View::Claims => "Claims",
            View::Agreement => "Agreement",
        }
    }

    /// The next view (after the last, the first again).
    pub fn next(self) -> View {
        match self {
            View::Article => View::People,
            View::People => View::Claims,
            View::Claims => View::Agreement,
            View::Agreement => View::Article,
        }
    }
}

/// What slides over a narrow window (below about 1,100 px: the document list and the
/// annotation panel; below about 700 px: the header's actions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawer {
    Documents,
    Annotations,
    Menu,
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
    /// Whose are the annotations of a file that names nobody.
    NameImport,
    /// Sync through a CouchDB server.
    Sync,
}

/// Where sync stands, as the header says it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SyncStatus {
    /// Not set up, or stopped.
    #[default]
    Off,
    Syncing,
    Synced,
    /// No network: this many changes wait to go out.
    Offline(usize),
    /// Why the last try failed.
    Error(String),
    /// Another tab of this browser syncs (they share the corpus).
    Elsewhere,
}

impl SyncStatus {
    /// In words, for the header (`None` when sync is off).
    pub fn text(&self) -> Option<String> {
        Some(match self {
            SyncStatus::Off => return None,
            SyncStatus::Syncing => "Syncing\u{2026}".to_owned(),
            SyncStatus::Synced => "Synced".to_owned(),
            SyncStatus::Offline(0) => "Offline".to_owned(),
            SyncStatus::Offline(1) => "Offline \u{2014} 1 change waiting".to_owned(),
            SyncStatus::Offline(n) => format!("Offline \u{2014} {n} changes waiting"),
            SyncStatus::Error(why) => format!("Sync error: {why}"),
            SyncStatus::Elsewhere => "Syncing in another tab".to_owned(),
        })
    }
}

/// Sync as the header and its dialog show it: the status, and the server and user it syncs
/// with (empty: none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncView {
    pub status: SyncStatus,
    pub server: String,
    pub user: String,
}

/// What the Sync dialog asks of the sync engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncCommand {
    /// Sign in (when a user is given) and sync with this database.
    Start {
        server: String,
        user: String,
        password: String,
    },
    /// Sync at once.
    Now,
    /// Stop syncing (and sign out).
    Stop,
}

/// Where a user is in a corpus view, kept while another view is shown: the text in its
/// search box, the first item of its page, its scroll offset (CSS pixels), and in the Claims
/// view the check-worthiness filter and the sort.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub query: String,
    pub start: usize,
    pub scroll: i32,
    pub check: CheckFilter,
    pub sort: ClaimSort,
}

/// A change to a [`Place`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceChange {
    Query(String),
    Check(CheckFilter),
    Sort(ClaimSort),
    /// Show the page that starts at this item.
    Page(usize),
    Scroll(i32),
}

impl Place {
    /// Make `change`; a new search, filter or sort shows its first page.
    pub fn change(&mut self, change: PlaceChange) {
        match change {
            PlaceChange::Query(query) => {
                self.query = query;
                self.start = 0;
            }
            PlaceChange::Check(check) => {
                self.check = check;
                self.start = 0;
            }
            PlaceChange::Sort(sort) => {
                self.sort = sort;
                self.start = 0;
            }
            PlaceChange::Page(start) => self.start = start,
            PlaceChange::Scroll(y) => self.scroll = y,
        }
    }
}
