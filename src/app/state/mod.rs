//! The app's state for `use_reducer`: the model's workspace plus what the UI is pointing at.
//! Pure (no DOM), so it is unit-tested natively.

use std::rc::Rc;

use yew::Reducible;

pub mod notice;
pub mod panel_page;
mod team;
pub mod view;

pub use notice::{Notice, NoticeKind};
pub use view::{Dialog, Drawer, Place, PlaceChange, SyncCommand, SyncStatus, SyncView, View};

use crate::app::parse::{parse_bytes, FileKind};
use crate::app::same::Same;
use crate::app::shortcuts::press_hint;
use crate::model::adjudicate::Choice;
use crate::model::annotators::{Layer, GOLD};
use crate::model::entities::EntityCard;
use crate::model::text::snap_selection_in;
use crate::model::words::plural;
use crate::model::{
    DocEntry, DocId, Edit, LabelSchema, Relation, RelationId, RelationKind, SnapMode, Span, SpanId,
    Status, Workspace,
};
use crate::storage::merge::{incoming, Incoming, RemoteChange};
use notice::MAX_NOTICES;
use panel_page::{ListKey, Pager};

/// Whether the corpus is safely stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SaveStatus {
    /// Everything is in browser storage; Marginalia's data takes this many bytes.
    Saved(usize),
    /// The last save failed: storage is full. Memory still has everything.
    Full,
    /// Storage cannot be used: work lives only in this page.
    Unavailable,
    /// Storage holds data from a newer version: nothing is written.
    ReadOnly,
    /// Not saved yet (before the first save).
    #[default]
    Pending,
}

/// What the header's storage meter measures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Meter {
    /// Marginalia's data in localStorage (the count [`SaveStatus::Saved`] carries) against
    /// its ~10 MB.
    #[default]
    Local,
    /// The site's usage and quota in bytes, as the browser reports them
    /// (`navigator.storage.estimate()`), once it has.
    Site(Option<(f64, f64)>),
}

/// Datasets (their documents, schema and time) waiting for the name of their annotator.
pub type Unnamed = Vec<(
    Vec<DocEntry>,
    LabelSchema,
    Option<crate::model::import::Made>,
)>;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    pub workspace: Workspace,
    /// The name of the person at this browser: new spans are theirs (empty: not given yet).
    pub annotator: Rc<str>,
    /// Whose annotations the reading view shows.
    pub layer: Layer,
    /// The selected span of the active document.
    pub selected: Option<SpanId>,
    /// A span to scroll to and flash; the counter restarts the animation.
    pub flash: Option<(SpanId, u32)>,
    pub snap: SnapMode,
    /// Show only spans with this label in the panel.
    pub label_filter: Option<String>,
    pub notices: Rc<Vec<Notice>>,
    /// The dialog on top of the page, if any (one at a time).
    pub dialog: Option<Dialog>,
    /// The drawer open over a narrow window, if any.
    pub drawer: Option<Drawer>,
    /// Why the model refused the last change from the Labels dialog (shown there).
    pub schema_refused: Option<String>,
    /// The article or a corpus view.
    pub view: View,
    /// The page of the annotation panel's list.
    pub panel_page: Pager,
    /// Where the user is in the People and the Claims views.
    pub people: Place,
    pub claims: Place,
    pub save_status: SaveStatus,
    /// Whether the browser keeps this site's storage (`navigator.storage.persist()`): `None`
    /// until asked, or where it cannot say.
    pub storage_kept: Option<bool>,
    pub meter: Meter,
    /// While a large corpus loads (this many articles), the open article is shown alone: it
    /// can be annotated (its changes are journaled and carried over), nothing else changes
    /// (see `dom::startup::finish_loading`).
    pub loading: Option<usize>,
    /// Bumped to make the app write everything again (after another tab cleared storage).
    pub storage_epoch: u32,
    /// Datasets whose annotations name nobody, waiting for the user to name them.
    pub unnamed: Option<Same<Unnamed>>,
    /// Sync through a CouchDB server, as the header shows it.
    pub sync: SyncView,
    /// Bumped once the changes a sync brought in are applied (the sync engine waits for it).
    pub sync_mark: u32,
    counter: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Open(DocId),
    Step(isize),
    /// Tag a raw selection (code points, as read from the page) with a label; without a
    /// selection, relabel the selected span.
    Tag {
        label: String,
        raw: Option<(usize, usize)>,
        id: SpanId,
        /// The time of the keypress or click (ms since the Unix epoch), stamped on the span.
        now: u64,
    },
    DeleteSelected,
    /// Tag every other place in the article where the selected span's words occur, with its
    /// label and attributes, as one undo step (new ids: `base` and a number).
    TagOthers {
        base: SpanId,
        now: u64,
    },
    /// A span's new note, and the time it was written (ms since the Unix epoch).
    SetNote(SpanId, String, u64),
    /// The status of the person at this browser in a document.
    SetStatus(DocId, Status),
    DeleteDocument(DocId),
    /// New documents (already parsed), and what loading them had to say.
    Load {
        entries: Vec<DocEntry>,
        notices: Vec<(NoticeKind, String)>,
    },
    /// Files read from disk (name, kind, bytes), to parse against the corpus's label schema:
    /// Marginalia datasets are merged ([`Action::Import`]), the rest opened ([`Action::Load`]).
    Files {
        files: Vec<(String, FileKind, Vec<u8>)>,
        notices: Vec<(NoticeKind, String)>,
    },
    Undo,
    Redo,
    /// A click on text covered by these spans: select the innermost, or cycle.
    ClickSpans(Vec<SpanId>),
    Select(Option<SpanId>),
    /// Select, scroll to and flash a span.
    Reveal(SpanId),
    /// Next (+1) / previous (-1) span in text order.
    StepSpan(isize),
    SetSnap(SnapMode),
    SetLabelFilter(Option<String>),
    /// A change to the label schema (from the Labels dialog): one undo step.
    EditSchema(Edit),
    /// Set (`Some`) or remove (`None`) an attribute of a span of the active document, at a time.
    SetAttr(SpanId, String, Option<String>, u64),
    Notify(NoticeKind, String),
    Dismiss(u32),
    /// Open a dialog (the link picker opens with [`Action::OpenLink`]).
    Show(Dialog),
    /// Close the dialog.
    CloseDialog,
    /// Open the link picker for the selected span: this kind, or (`None`, the `s` key) its
    /// speaker for a quote, its claimant for a claim.
    OpenLink(Option<RelationKind>),
    /// Link the selected span to `to` by the picker's kind (a new relation id), and close it.
    Link {
        to: SpanId,
        id: RelationId,
    },
    /// Remove a relation of the active document.
    Unlink(RelationId),
    /// A Marginalia dataset: merge it by document (text hash) and span id, as one undo step;
    /// the labels, attributes and choices of its schema that the corpus lacks are added.
    Import {
        entries: Vec<DocEntry>,
        schema: LabelSchema,
        /// When the file was made and by whom, when it says (a newer file of another person
        /// updates their layer).
        made: Option<crate::model::import::Made>,
        notices: Vec<(NoticeKind, String)>,
    },
    Escape,
    /// What the last save did, with a notice when that changed.
    Saved(SaveStatus, Option<(NoticeKind, String)>),
    /// Another tab saved a change, or the sync server brought one.
    Remote(RemoteChange),
    /// Where sync stands now.
    Sync(SyncView),
    /// The sync engine's changes sent before this are applied (see `sync_mark`).
    SyncMark,
    /// The browser's answer to keeping this site's storage.
    StorageKept(Option<bool>),
    /// The site's storage usage and quota, in bytes.
    StorageUsage(f64, f64),
    /// Show this view.
    SetView(View),
    /// Show the next view (`v`).
    NextView,
    /// A change to where the user is in a corpus view.
    Place(View, PlaceChange),
    /// Show the page of the annotation panel's list that starts at this span (`None`: the
    /// first page).
    PanelPage(Option<Rc<Span>>),
    /// Open a document, go back to the article and reveal one of its spans there.
    RevealIn(DocId, SpanId),
    /// Give every mention of entity card `merge` the name `into` (the name of the card it is
    /// merged into, as their canonical name), as one undo step, at a time (ms since the Unix
    /// epoch).
    MergeEntities {
        merge: Box<EntityCard>,
        into: String,
        now: u64,
    },
    /// The whole corpus, loaded after the open article was shown alone: its workspace, save
    /// status, meter and notices.
    Loaded(Box<AppState>),
    /// The person at this browser gives their name (the header's Annotator box): their layer
    /// takes it.
    SetAnnotator(String),
    /// Show another layer in the reading view.
    ShowLayer(Layer),
    /// Open an article showing a layer (from the Agreement view: every layer).
    OpenWithLayer(DocId, Layer),
    /// The annotator of the files waiting to be imported: a name typed, or (`None`) the person
    /// at this browser.
    NameImport(Option<String>),
    /// Copy into gold what every annotator of the open article made alike.
    MergeAgreed {
        now: u64,
    },
    /// Take a choice of the selected span's disagreement into gold.
    Adjudicate {
        choice: Choice,
        now: u64,
    },
    /// Open a drawer (closing the one open), or close it when it is the one open.
    Drawer(Drawer),
}

impl Action {
    /// Whether it changes more than the open article (or shows the whole corpus), which waits
    /// while a large corpus loads. Changes to the open article are made at once (saved to the
    /// journal, and carried over when the rest has loaded: [`Workspace::carry`]).
    fn needs_corpus(&self) -> bool {
        matches!(
            self,
            Action::DeleteDocument(_)
                | Action::SetAnnotator(_)
                | Action::Load { .. }
                | Action::Files { .. }
                | Action::EditSchema(_)
                | Action::Import { .. }
                | Action::NameImport(_)
                | Action::MergeEntities { .. }
                | Action::Remote(_)
                | Action::NextView
                | Action::SetView(View::People | View::Claims | View::Agreement)
                | Action::Show(Dialog::Export | Dialog::Labels | Dialog::Paste)
        )
    }
}

impl AppState {
    pub fn new(workspace: Workspace) -> Self {
        AppState {
            workspace,
            ..AppState::default()
        }
    }

    /// The link picker's kind, when it is open.
    pub fn linking(&self) -> Option<RelationKind> {
        match self.dialog {
            Some(Dialog::Link(kind)) => Some(kind),
            _ => None,
        }
    }

    /// Add a notice (used while booting, before the reducer runs).
    pub fn push_notice(&mut self, kind: NoticeKind, text: impl Into<String>) {
        self.notify(kind, text);
    }

    fn notify(&mut self, kind: NoticeKind, text: impl Into<String>) {
        self.counter = self.counter.wrapping_add(1);
        let notices = Rc::make_mut(&mut self.notices);
        notices.push(Notice {
            id: self.counter,
            kind,
            text: text.into(),
        });
        if notices.len() > MAX_NOTICES {
            let extra = notices.len() - MAX_NOTICES;
            notices.drain(..extra);
        }
    }

    fn reveal(&mut self, id: SpanId) {
        self.counter = self.counter.wrapping_add(1);
        self.selected = Some(id.clone());
        self.flash = Some((id, self.counter));
    }

    /// The spans of the open article (in text order) that j/k go through: those of the layer
    /// shown (of the label the panel lists, if one); the disagreements when two layers are
    /// compared.
    pub fn visible_spans(&self) -> Vec<SpanId> {
        let Some(e) = self.workspace.active() else {
            return Vec::new();
        };
        let shown = match &self.layer {
            Layer::Compare(a, b) => return crate::model::compare::compare(e, a, b).stop_ids(),
            Layer::Of(gold) if &**gold == GOLD => return self.adjudication(e).1.stop_ids(),
            layer => crate::model::annotators::shown(e, layer, &self.annotator),
        };
        shown
            .spans
            .iter()
            .filter(|s| self.label_filter.as_ref().is_none_or(|l| &s.label == l))
            .map(|s| s.id.clone())
            .collect()
    }

    /// Forget a selection that no longer names a span of the active document.
    fn fix_selection(&mut self) {
        let exists = |id: &SpanId| {
            self.workspace
                .active()
                .is_some_and(|e| e.span(id).is_some())
        };
        if self.selected.as_ref().is_some_and(|id| !exists(id)) {
            self.selected = None;
        }
        if self.flash.as_ref().is_some_and(|(id, _)| !exists(id)) {
            self.flash = None;
        }
        let schema = self.workspace.corpus().schema();
        if self
            .label_filter
            .as_ref()
            .is_some_and(|l| schema.label(l).is_none())
        {
            self.label_filter = None;
        }
    }

    /// Turn the panel's page when what it follows changed ([`Pager::turn`]).
    fn follow_panel_page(&mut self) {
        let key = ListKey {
            doc: self.workspace.active_id().map(|d| d.0.clone()),
            filter: self.label_filter.clone(),
            reveal: self.flash.as_ref().map(|(_, n)| *n),
        };
        let (workspace, filter, flash) = (&self.workspace, &self.label_filter, &self.flash);
        let listed = || {
            workspace
                .active()
                .into_iter()
                .flat_map(|e| e.spans.iter())
                .filter(|s| filter.as_ref().is_none_or(|l| &s.label == l))
        };
        let turn = self.panel_page.turn(key, || {
            let (id, _) = flash.as_ref()?;
            listed().position(|s| &s.id == id)
        });
        if let Some(to) = turn {
            self.panel_page.first = listed().nth(to).filter(|_| to > 0).cloned();
        }
    }

    /// Open the link picker (see [`Action::OpenLink`]), or say why it cannot open.
    fn open_link(&mut self, kind: Option<RelationKind>) {
        let span = self
            .selected
            .as_ref()
            .and_then(|id| self.workspace.active()?.span(id));
        let Some(span) = span else {
            self.notify(
                NoticeKind::Info,
                "Select a quote or a claim first (click it, or press j / k), then press s to pick who said it.",
            );
            return;
        };
        // `s`: the relation to an entity that starts from this span's label.
        let schema = self.workspace.corpus().schema();
        let kind = kind.or_else(|| {
            [RelationKind::SaidBy, RelationKind::Claimant]
                .into_iter()
                .find(|k| k.starts_at(schema, &span.label))
        });
        match kind {
            Some(kind) if kind.starts_at(schema, &span.label) => {
                self.dialog = Some(Dialog::Link(kind));
            }
            _ => self.notify(
                NoticeKind::Info,
                "Only a quote has a speaker and only a claim a claimant: select one, then press s.",
            ),
        }
    }

    fn edit(&mut self, edit: Edit) -> bool {
        if self.refuse_theirs(&edit) {
            return false;
        }
        self.edit_any(edit)
    }

    /// [`AppState::edit`] of any layer: a file brings another person's changes to their layer.
    pub(super) fn edit_any(&mut self, edit: Edit) -> bool {
        match self.workspace.edit(edit) {
            Ok(()) => true,
            Err(e) => {
                self.notify(NoticeKind::Error, e.to_string());
                false
            }
        }
    }

    fn tag(&mut self, label: String, raw: Option<(usize, usize)>, id: SpanId, now: u64) {
        let Some(entry) = self.workspace.active().cloned() else {
            return;
        };
        let Some((raw_start, raw_end)) = raw else {
            match self.selected.clone() {
                Some(sel) => {
                    let same = entry.span(&sel).is_some_and(|s| s.label == label);
                    if !same {
                        self.edit(Edit::relabel(
                            entry.doc.id.clone(),
                            sel,
                            label.clone(),
                            Some(now),
                        ));
                    }
                }
                None => {
                    let hint = press_hint(self.workspace.corpus().schema());
                    self.notify(
                        NoticeKind::Info,
                        format!("Select some text first, then {hint}."),
                    )
                }
            }
            return;
        };
        let text = entry.doc.index();
        let Some((mut start, mut end)) = snap_selection_in(&text, raw_start, raw_end, self.snap)
        else {
            self.notify(NoticeKind::Info, "Only white space is selected.");
            return;
        };
        // Block separators at the edges are never meant (a triple-click ends in the next block).
        let selected = text.slice(start, end);
        start += selected.chars().take_while(|c| *c == '\n').count();
        end -= selected.chars().rev().take_while(|c| *c == '\n').count();
        if start >= end {
            return;
        }
        if let Some(existing) = entry
            .spans
            .iter()
            .find(|s| s.start == start && s.end == end && s.label == label)
        {
            let existing = existing.id.clone();
            self.notify(NoticeKind::Info, "That text already has this label.");
            self.reveal(existing);
            return;
        }
        let span = Span {
            id: id.clone(),
            start,
            end,
            label,
            note: String::new(),
            attrs: Default::default(),
            created: Some(now),
            updated: Some(now),
            annotator: self.author(),
        };
        if self.edit(Edit::add_span(entry.doc.id.clone(), span)) {
            self.selected = Some(id);
        }
    }

    /// Bring another tab's change in ([`incoming`]).
    fn remote(&mut self, change: RemoteChange) {
        match incoming(self.workspace.corpus(), change) {
            Incoming::Nothing => {}
            Incoming::Apply { edit, done, failed } => match self.workspace.apply_remote(*edit) {
                Ok(()) => {
                    if let Some(done) = done {
                        self.notify(NoticeKind::Info, done);
                    }
                }
                Err(e) => {
                    if let Some(failed) = failed {
                        self.notify(NoticeKind::Error, format!("{failed}: {e}"));
                    }
                }
            },
            Incoming::Cleared => {
                self.storage_epoch = self.storage_epoch.wrapping_add(1);
                self.notify(
                    NoticeKind::Info,
                    "Browser storage was cleared in another tab; this tab's work is being saved again.",
                );
            }
        }
    }

    /// Open files read from disk ([`Action::Files`]). Each is parsed (`app/parse.rs`) against
    /// the schema as the files before it left it, so a dataset's new labels are known to the
    /// next file. What merging a dataset says comes first, then what reading and parsing every
    /// file said, then what opening says.
    fn open_files(
        &mut self,
        files: Vec<(String, FileKind, Vec<u8>)>,
        notices: Vec<(NoticeKind, String)>,
    ) {
        let mut opened = Vec::new();
        let mut said = notices;
        for (name, kind, bytes) in files {
            let schema = self.workspace.corpus().schema().clone();
            let (entries, notices, dataset) = parse_bytes(&name, kind, &bytes, &schema);
            match dataset {
                Some((schema, made)) => self.import(entries, &schema, made),
                None => opened.extend(entries),
            }
            said.extend(notices);
        }
        self.load(opened, said);
    }

    /// Open new documents (already parsed), after what loading them had to say.
    fn load(&mut self, entries: Vec<DocEntry>, notices: Vec<(NoticeKind, String)>) {
        for (kind, text) in notices {
            self.notify(kind, text);
        }
        let mut fresh = Vec::with_capacity(entries.len());
        for entry in entries {
            let known = self.workspace.corpus().entry(&entry.doc.id).is_some()
                || fresh.iter().any(|e: &DocEntry| e.doc.id == entry.doc.id);
            if known {
                self.notify(
                    NoticeKind::Info,
                    format!("“{}” is already open.", entry.doc.title),
                );
            } else {
                fresh.push(entry);
            }
        }
        if let Some(first) = fresh.first().map(|e| e.doc.id.clone()) {
            let count = fresh.len();
            let index = self.workspace.entries().len();
            if self.edit(Edit::insert_documents(index, fresh)) {
                self.workspace.open(&first);
                self.selected = None;
                self.notify(
                    NoticeKind::Info,
                    format!("Opened {}.", plural(count, "article", "articles")),
                );
            }
        }
    }

    fn click_spans(&mut self, ids: Vec<SpanId>) {
        let Some(entry) = self.workspace.active() else {
            return;
        };
        // Innermost (shortest) first; ties in text order (the order of `entry.spans`). An
        // insertion sort: only the few spans under the pointer.
        let mut under: Vec<&Span> = entry
            .spans
            .iter()
            .filter(|s| ids.contains(&s.id))
            .map(|s| &**s)
            .collect();
        for i in 1..under.len() {
            let mut j = i;
            while j > 0 && under[j - 1].len() > under[j].len() {
                under.swap(j - 1, j);
                j -= 1;
            }
        }
        let ids: Vec<SpanId> = under.into_iter().map(|s| s.id.clone()).collect();
        self.selected = match self
            .selected
            .as_ref()
            .and_then(|sel| ids.iter().position(|id| id == sel))
        {
            Some(i) => ids.get((i + 1) % ids.len()).cloned(),
            None => ids.first().cloned(),
        };
    }

    /// Open `doc` in the article view and reveal its span `id` (nothing when it is gone).
    fn reveal_in(&mut self, doc: &DocId, id: SpanId) {
        let corpus = self.workspace.corpus();
        if corpus.entry(doc).and_then(|e| e.span(&id)).is_none() {
            return;
        }
        self.workspace.open(doc);
        self.view = View::Article;
        self.reveal(id);
    }

    fn step_span(&mut self, step: isize) {
        let spans = self.visible_spans();
        if spans.is_empty() {
            return;
        }
        let current = self
            .selected
            .as_ref()
            .and_then(|sel| spans.iter().position(|s| s == sel));
        let target = match current {
            Some(i) => i.checked_add_signed(step).filter(|t| *t < spans.len()),
            None if step > 0 => Some(0),
            None => Some(spans.len() - 1),
        };
        if let Some(id) = target.and_then(|t| spans.get(t)).cloned() {
            self.reveal(id);
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Outside the article, keys that act on its selection or spans do nothing.
        let on_article = matches!(
            action,
            Action::Tag { .. }
                | Action::DeleteSelected
                | Action::StepSpan(_)
                | Action::OpenLink(_)
                | Action::Adjudicate { .. }
        );
        if on_article && self.view != View::Article {
            return self;
        }
        let mut next = (*self).clone();
        if let (Some(n), true) = (self.loading, action.needs_corpus()) {
            next.notify(
                NoticeKind::Info,
                format!(
                    "Your {} are still loading: this can be done in a moment.",
                    plural(n, "article", "articles")
                ),
            );
            return Rc::new(next);
        }
        match action {
            Action::Open(id) => {
                // Choosing an article (even the open one) from a corpus view shows it, and
                // closes the drawer it was chosen in.
                next.view = View::Article;
                next.drawer = None;
                if next.workspace.open(&id) {
                    next.selected = None;
                    next.flash = None;
                }
            }
            Action::Step(step) => {
                if !next.workspace.step(step) {
                    return self;
                }
                next.selected = None;
                next.flash = None;
            }
            Action::Tag {
                label,
                raw,
                id,
                now,
            } => next.tag(label, raw, id, now),
            Action::DeleteSelected => {
                let (Some(entry), Some(id)) = (next.workspace.active(), next.selected.clone())
                else {
                    return self;
                };
                let doc = entry.doc.id.clone();
                if next.edit(Edit::delete_span(doc, id)) {
                    next.selected = None;
                }
            }
            Action::SetNote(id, note, now) => {
                let Some(entry) = next.workspace.active() else {
                    return self;
                };
                if entry.span(&id).is_none_or(|s| s.note == note) {
                    return self;
                }
                let doc = entry.doc.id.clone();
                next.edit(Edit::set_note(doc, id, note, Some(now)));
            }
            Action::SetStatus(doc, status) => {
                if next
                    .workspace
                    .corpus()
                    .entry(&doc)
                    .is_none_or(|e| e.status_of(&next.annotator) == status)
                {
                    return self;
                }
                let me = Rc::clone(&next.annotator);
                next.edit(Edit::set_status(doc, me, status));
            }
            Action::DeleteDocument(doc) => {
                let title = next
                    .workspace
                    .corpus()
                    .entry(&doc)
                    .map(|e| e.doc.title.clone());
                if let Some(title) = title {
                    if next.edit(Edit::delete_document(doc)) {
                        next.notify(
                            NoticeKind::Info,
                            format!("Deleted “{title}”. Press Ctrl+Z to undo."),
                        );
                    }
                }
            }
            Action::Load { entries, notices } => next.load(entries, notices),
            Action::Files { files, notices } => next.open_files(files, notices),
            Action::Undo => {
                if !next.workspace.undo() {
                    return self;
                }
            }
            Action::Redo => {
                if !next.workspace.redo() {
                    return self;
                }
            }
            Action::ClickSpans(ids) => next.click_spans(ids),
            Action::Select(id) => {
                if next.selected == id {
                    return self;
                }
                next.selected = id;
            }
            Action::Reveal(id) => next.reveal(id),
            Action::StepSpan(step) => next.step_span(step),
            Action::SetSnap(mode) => next.snap = mode,
            Action::SetLabelFilter(filter) => next.label_filter = filter,
            Action::EditSchema(edit) => {
                next.schema_refused = next.workspace.edit(edit).err().map(|e| e.to_string());
            }
            Action::SetAttr(id, key, value, now) => {
                let Some(entry) = next.workspace.active() else {
                    return self;
                };
                if entry
                    .span(&id)
                    .is_none_or(|s| s.attrs.get(&key) == value.as_deref())
                {
                    return self;
                }
                let doc = entry.doc.id.clone();
                next.edit(Edit::set_attr(doc, id, key, value, Some(now)));
            }
            Action::Notify(kind, text) => next.notify(kind, text),
            Action::Dismiss(id) => Rc::make_mut(&mut next.notices).retain(|n| n.id != id),
            Action::Show(dialog) => {
                next.dialog = Some(dialog);
                next.schema_refused = None;
                // A dialog opened from the menu closes it.
                if next.drawer == Some(Drawer::Menu) {
                    next.drawer = None;
                }
            }
            Action::CloseDialog => next.close_dialog(),
            Action::Sync(view) => next.sync = view,
            Action::SyncMark => next.sync_mark = next.sync_mark.wrapping_add(1),
            Action::NameImport(name) => next.name_import(name),
            Action::Import {
                entries,
                schema,
                made,
                notices,
            } => {
                for (kind, text) in notices {
                    next.notify(kind, text);
                }
                next.import(entries, &schema, made);
            }
            Action::Saved(status, notice) => {
                next.save_status = status;
                if let Some((kind, text)) = notice {
                    next.notify(kind, text);
                }
            }
            Action::Remote(change) => next.remote(change),
            Action::StorageKept(kept) => next.storage_kept = kept,
            Action::StorageUsage(used, quota) => next.meter = Meter::Site(Some((used, quota))),
            Action::OpenLink(kind) => next.open_link(kind),
            Action::Link { to, id } => {
                let linking = next.linking();
                next.dialog = None;
                let (Some(kind), Some(from), Some(entry)) =
                    (linking, next.selected.clone(), next.workspace.active())
                else {
                    return self;
                };
                let same = entry
                    .relations
                    .iter()
                    .any(|r| r.kind == kind && r.from == from && r.to == to);
                if !same {
                    let doc = entry.doc.id.clone();
                    let relation = Relation { id, kind, from, to };
                    next.edit(Edit::add_relation(doc, relation));
                }
            }
            Action::Unlink(id) => {
                let Some(entry) = next.workspace.active() else {
                    return self;
                };
                let doc = entry.doc.id.clone();
                next.edit(Edit::delete_relation(doc, id));
            }
            Action::SetView(view) => next.view = view,
            Action::NextView => next.view = next.view.next(),
            Action::PanelPage(first) => next.panel_page.first = first,
            Action::Place(view, change) => match view {
                View::People => next.people.change(change),
                View::Claims => next.claims.change(change),
                View::Article | View::Agreement => {}
            },
            Action::RevealIn(doc, id) => next.reveal_in(&doc, id),
            Action::MergeEntities { merge, into, now } => next.merge_entities(&merge, &into, now),
            Action::Loaded(loaded) => {
                let loaded = *loaded;
                let mut workspace = loaded.workspace;
                workspace.carry(&next.workspace);
                next.workspace = workspace;
                next.save_status = loaded.save_status;
                next.meter = loaded.meter;
                next.loading = None;
                for notice in loaded.notices.iter() {
                    next.notify(notice.kind, notice.text.clone());
                }
            }
            Action::TagOthers { base, now } => next.tag_others(&base, now),
            Action::SetAnnotator(raw) => next.set_annotator(&raw),
            Action::ShowLayer(layer) => {
                next.layer = layer;
                next.selected = None;
            }
            Action::MergeAgreed { now } => next.merge_agreed(now),
            Action::Adjudicate { choice, now } => next.adjudicate(choice, now),
            Action::OpenWithLayer(id, layer) => {
                next.view = View::Article;
                next.workspace.open(&id);
                next.layer = layer;
                next.selected = None;
                next.flash = None;
            }
            Action::Drawer(d) => next.drawer = (next.drawer != Some(d)).then_some(d),
            Action::Escape => {
                if next.dialog.is_some() {
                    next.close_dialog();
                } else if next.drawer.is_some() {
                    next.drawer = None;
                } else if next.view != View::Article {
                    next.view = View::Article;
                } else {
                    next.selected = None;
                }
            }
        }
        next.fix_selection();
        next.follow_panel_page();
        // The picker links the span it was opened for: another selection (or none) closes it.
        if next.selected != self.selected && next.linking().is_some() {
            next.dialog = None;
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests;
