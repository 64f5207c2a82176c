//! The app's state for `use_reducer`: the model's workspace plus what the UI is pointing at.
//! Pure (no DOM), so it is unit-tested natively.

use std::rc::Rc;

use yew::Reducible;

use super::loader::{parse_bytes, FileKind};
use super::shortcuts::press_hint;
use crate::model::entities::{merge_edit, EntityCard};
use crate::model::import::merge_dataset;
use crate::model::occurrences::tag_others;
use crate::model::text::snap_selection_in;
use crate::model::words::excerpt;
use crate::model::{
    DocEntry, DocId, Edit, LabelSchema, Relation, RelationId, RelationKind, SnapMode, Span, SpanId,
    Status, Workspace,
};
use crate::storage::merge::{incoming, Incoming, RemoteChange};

/// How a notice is shown: `Info` as a status message, `Error` as an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub id: u32,
    pub kind: NoticeKind,
    pub text: String,
}

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

/// At most this many notices are kept (the oldest go first).
const MAX_NOTICES: usize = 4;

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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    pub workspace: Workspace,
    /// The selected span of the active document.
    pub selected: Option<SpanId>,
    /// A span to scroll to and flash; the counter restarts the animation.
    pub flash: Option<(SpanId, u32)>,
    pub snap: SnapMode,
    /// Show only spans with this label in the panel.
    pub label_filter: Option<String>,
    pub notices: Rc<Vec<Notice>>,
    pub help_open: bool,
    pub labels_open: bool,
    pub paste_open: bool,
    pub export_open: bool,
    /// The link picker is open: a relation of this kind from the selected span.
    pub linking: Option<RelationKind>,
    /// Why the model refused the last change from the Labels dialog (shown there).
    pub schema_refused: Option<String>,
    /// The article or a corpus view.
    pub view: View,
    pub save_status: SaveStatus,
    /// Bumped to make the app write everything again (after another tab cleared storage).
    pub storage_epoch: u32,
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
    ShowHelp(bool),
    ShowPaste(bool),
    ShowExport(bool),
    ShowLabels(bool),
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
    CloseLink,
    /// A Marginalia dataset: merge it by document (text hash) and span id, as one undo step;
    /// the labels, attributes and choices of its schema that the corpus lacks are added.
    Import {
        entries: Vec<DocEntry>,
        schema: LabelSchema,
        notices: Vec<(NoticeKind, String)>,
    },
    Escape,
    /// What the last save did, with a notice when that changed.
    Saved(SaveStatus, Option<(NoticeKind, String)>),
    /// Another tab saved a change.
    Remote(RemoteChange),
    /// Show this view.
    SetView(View),
    /// Show the next view (`v`).
    NextView,
    /// Open a document, go back to the article and reveal one of its spans there.
    RevealIn(DocId, SpanId),
    /// Give every mention of entity card `merge` the name of card `keep` (their canonical
    /// name), as one undo step, at a time (ms since the Unix epoch).
    MergeEntities {
        merge: Box<EntityCard>,
        keep: Box<EntityCard>,
        now: u64,
    },
}

impl AppState {
    pub fn new(workspace: Workspace) -> Self {
        AppState {
            workspace,
            ..AppState::default()
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

    /// The spans of the active document (in text order) that the panel and j/k go through.
    pub fn visible_spans(&self) -> Vec<&Span> {
        self.workspace
            .active()
            .map(|e| {
                e.spans
                    .iter()
                    .filter(|s| self.label_filter.as_ref().is_none_or(|l| &s.label == l))
                    .map(|s| &**s)
                    .collect()
            })
            .unwrap_or_default()
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
            Some(kind) if kind.starts_at(schema, &span.label) => self.linking = Some(kind),
            _ => self.notify(
                NoticeKind::Info,
                "Only a quote has a speaker and only a claim a claimant: select one, then press s.",
            ),
        }
    }

    fn edit(&mut self, edit: Edit) -> bool {
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

    /// Merge a Marginalia dataset ([`merge_dataset`]): one undo step.
    fn import(&mut self, entries: Vec<DocEntry>, schema: &LabelSchema) {
        let merge = merge_dataset(self.workspace.corpus(), entries, schema);
        for problem in &merge.schema_problems {
            self.notify(NoticeKind::Info, problem.clone());
        }
        if let Some(message) = merge.left_out_message() {
            self.notify(NoticeKind::Info, message);
        }
        let Some(edit) = merge.edit.clone() else {
            self.notify(NoticeKind::Info, merge.summary());
            return;
        };
        if self.edit(edit) {
            if let Some(first) = &merge.first_new {
                self.workspace.open(first);
                self.selected = None;
            }
            self.notify(NoticeKind::Info, merge.summary());
        }
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
                    match count {
                        1 => "Opened 1 article.".to_owned(),
                        n => format!("Opened {n} articles."),
                    },
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

    /// Merge entity card `merge` into `keep` ([`merge_edit`]): one undo step.
    fn merge_entities(&mut self, merge: &EntityCard, keep: &EntityCard, now: u64) {
        match merge_edit(self.workspace.corpus(), merge, keep, Some(now)) {
            Ok(Edit::Batch(parts)) if parts.is_empty() => {}
            Ok(edit) => {
                if self.edit(edit) {
                    self.notify(
                        NoticeKind::Info,
                        format!(
                            "\u{201c}{}\u{201d} is now \u{201c}{}\u{201d}. Press Ctrl+Z to undo.",
                            merge.name, keep.name
                        ),
                    );
                }
            }
            Err(e) => self.notify(NoticeKind::Error, e.to_string()),
        }
    }

    fn tag_others(&mut self, base: &SpanId, now: u64) {
        let Some(entry) = self.workspace.active().cloned() else {
            return;
        };
        let Some(span) = self.selected.as_ref().and_then(|id| entry.span(id)) else {
            return;
        };
        let words = excerpt(entry.doc.index().slice(span.start, span.end), 60);
        let label = self
            .workspace
            .corpus()
            .schema()
            .name_of(&span.label)
            .to_owned();
        match tag_others(&entry, span, base, now) {
            Some((edit, n)) => {
                if self.edit(edit) {
                    self.notify(
                        NoticeKind::Info,
                        format!(
                            "Tagged {n} more \u{201c}{words}\u{201d} as {label}. Press Ctrl+Z to undo."
                        ),
                    );
                }
            }
            None => self.notify(
                NoticeKind::Info,
                format!("No other \u{201c}{words}\u{201d} in this article to tag as {label}."),
            ),
        }
    }

    fn step_span(&mut self, step: isize) {
        let spans = self.visible_spans();
        if spans.is_empty() {
            return;
        }
        let current = self
            .selected
            .as_ref()
            .and_then(|sel| spans.iter().position(|s| &s.id == sel));
        let target = match current {
            Some(i) => i.checked_add_signed(step).filter(|t| *t < spans.len()),
            None if step > 0 => Some(0),
            None => Some(spans.len() - 1),
        };
        if let Some(id) = target.and_then(|t| spans.get(t)).map(|s| s.id.clone()) {
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
            Action::Tag { .. } | Action::DeleteSelected | Action::StepSpan(_) | Action::OpenLink(_)
        );
        if on_article && self.view != View::Article {
            return self;
        }
        let mut next = (*self).clone();
        match action {
            Action::Open(id) => {
                // Choosing an article (even the open one) from a corpus view shows it.
                next.view = View::Article;
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
                    .is_none_or(|e| e.status == status)
                {
                    return self;
                }
                next.edit(Edit::set_status(doc, status));
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
            Action::Files { files, notices } => {
                // As before files were parsed here: what a dataset import says first, then
                // what reading and parsing every file said, then what opening says.
                let mut opened = Vec::new();
                let mut said = notices;
                for (name, kind, bytes) in files {
                    let schema = next.workspace.corpus().schema().clone();
                    let (entries, notices, dataset) = parse_bytes(&name, kind, &bytes, &schema);
                    match dataset {
                        Some(schema) => {
                            next.import(entries, &schema);
                            said.extend(notices);
                        }
                        None => {
                            opened.extend(entries);
                            said.extend(notices);
                        }
                    }
                }
                next.load(opened, said);
            }
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
            Action::ShowHelp(open) => next.help_open = open,
            Action::ShowPaste(open) => next.paste_open = open,
            Action::ShowExport(open) => next.export_open = open,
            Action::ShowLabels(open) => {
                next.labels_open = open;
                next.schema_refused = None;
            }
            Action::Import {
                entries,
                schema,
                notices,
            } => {
                for (kind, text) in notices {
                    next.notify(kind, text);
                }
                next.import(entries, &schema);
            }
            Action::Saved(status, notice) => {
                next.save_status = status;
                if let Some((kind, text)) = notice {
                    next.notify(kind, text);
                }
            }
            Action::Remote(change) => next.remote(change),
            Action::OpenLink(kind) => next.open_link(kind),
            Action::Link { to, id } => {
                let (Some(kind), Some(from), Some(entry)) = (
                    next.linking.take(),
                    next.selected.clone(),
                    next.workspace.active(),
                ) else {
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
            Action::CloseLink => next.linking = None,
            Action::SetView(view) => next.view = view,
            Action::NextView => next.view = next.view.next(),
            Action::RevealIn(doc, id) => next.reveal_in(&doc, id),
            Action::MergeEntities { merge, keep, now } => next.merge_entities(&merge, &keep, now),
            Action::TagOthers { base, now } => next.tag_others(&base, now),
            Action::Escape => {
                if next.linking.is_some() {
                    next.linking = None;
                } else if next.help_open || next.paste_open || next.export_open || next.labels_open
                {
                    next.help_open = false;
                    next.paste_open = false;
                    next.export_open = false;
                    next.labels_open = false;
                } else if next.view != View::Article {
                    next.view = View::Article;
                } else {
                    next.selected = None;
                }
            }
        }
        next.fix_selection();
        // The picker links the span it was opened for: another selection (or none) closes it.
        if next.selected != self.selected {
            next.linking = None;
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::text::slice_cp;
    use crate::model::SchemaEdit;
    use crate::storage::schema::{LabelIdSet, Tombstones};

    const TEXT: &str = "Headline\n\nThe mayor said “we will build it” on Tuesday.\n";

    fn state() -> Rc<AppState> {
        Rc::new(AppState::new(Workspace::new(vec![
            parse_article(TEXT, "a.txt"),
            parse_article("Second\n\nMore text here.", "b.txt"),
        ])))
    }

    fn cp(needle: &str) -> (usize, usize) {
        let byte = TEXT.find(needle).expect("needle");
        let start = TEXT[..byte].chars().count();
        (start, start + needle.chars().count())
    }

    fn tag(s: Rc<AppState>, label: &str, raw: Option<(usize, usize)>, id: &str) -> Rc<AppState> {
        s.reduce(Action::Tag {
            label: label.to_owned(),
            raw,
            id: SpanId(id.into()),
            now: 1_000,
        })
    }

    fn spans(s: &AppState) -> Vec<(String, String)> {
        let entry = s.workspace.active().expect("active");
        entry
            .spans
            .iter()
            .map(|sp| {
                (
                    sp.label.clone(),
                    slice_cp(&entry.doc.text, sp.start, sp.end).to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn tagging_snaps_to_words_and_selects_the_new_span() {
        let (a, b) = cp("ayor sai");
        let s = tag(state(), "entity", Some((a, b)), "s1");
        assert_eq!(spans(&s), vec![("entity".into(), "mayor said".into())]);
        assert_eq!(s.selected, Some(SpanId("s1".into())));
        // The first span marks the document as in progress.
        assert_eq!(
            s.workspace.active().map(|e| e.status),
            Some(Status::InProgress)
        );
    }

    #[test]
    fn precise_mode_keeps_characters_and_whitespace_only_is_refused() {
        let s = state().reduce(Action::SetSnap(SnapMode::Characters));
        let (a, b) = cp("ayor");
        let s = tag(s, "claim", Some((a, b)), "s1");
        assert_eq!(spans(&s), vec![("claim".into(), "ayor".into())]);
        let before = s.clone();
        let s = tag(s, "claim", Some((a - 1, a - 1)), "s2");
        assert_eq!(spans(&s), spans(&before));
    }

    #[test]
    fn triple_click_into_the_next_block_drops_the_separator() {
        let s = state().reduce(Action::SetSnap(SnapMode::Characters));
        let (a, _) = cp("Headline");
        let (next, _) = cp("The mayor");
        let s = tag(s, "quote", Some((a, next)), "s1");
        assert_eq!(spans(&s), vec![("quote".into(), "Headline".into())]);
    }

    #[test]
    fn duplicate_tag_is_refused_and_reveals_the_existing_span() {
        let (a, b) = cp("mayor");
        let s = tag(state(), "entity", Some((a, b)), "s1");
        let s = s.reduce(Action::Select(None));
        let s = tag(s, "entity", Some((a, b)), "s2");
        assert_eq!(spans(&s).len(), 1);
        assert_eq!(s.selected, Some(SpanId("s1".into())));
        assert!(s.notices.iter().any(|n| n.text.contains("already")));
    }

    #[test]
    fn label_key_without_selection_relabels_the_selected_span() {
        let (a, b) = cp("we will build it");
        let s = tag(state(), "claim", Some((a, b)), "s1");
        let s = tag(s, "quote", None, "unused");
        assert_eq!(spans(&s), vec![("quote".into(), "we will build it".into())]);
        let s = s.reduce(Action::Select(None));
        let s = tag(s, "entity", None, "unused");
        assert_eq!(spans(&s).len(), 1);
        assert!(s
            .notices
            .iter()
            .any(|n| n.text.starts_with("Select some text")));
    }

    #[test]
    fn click_selects_innermost_then_cycles() {
        let (qa, qb) = cp("“we will build it”");
        let (ea, eb) = cp("we");
        let s = tag(state(), "quote", Some((qa, qb)), "outer");
        let s = tag(s, "entity", Some((ea, eb)), "inner");
        let ids = vec![SpanId("outer".into()), SpanId("inner".into())];
        let s = s.reduce(Action::Select(None));
        let s = s.reduce(Action::ClickSpans(ids.clone()));
        assert_eq!(s.selected, Some(SpanId("inner".into())));
        let s = s.reduce(Action::ClickSpans(ids.clone()));
        assert_eq!(s.selected, Some(SpanId("outer".into())));
        let s = s.reduce(Action::ClickSpans(ids));
        assert_eq!(s.selected, Some(SpanId("inner".into())));
        let s = s.reduce(Action::ClickSpans(vec![]));
        assert_eq!(s.selected, None, "a click on plain text deselects");
    }

    #[test]
    fn delete_undo_redo_and_selection_follow_the_model() {
        let (a, b) = cp("Tuesday");
        let s = tag(state(), "entity", Some((a, b)), "s1");
        let s = s.reduce(Action::DeleteSelected);
        assert!(spans(&s).is_empty());
        assert_eq!(s.selected, None);
        let s = s.reduce(Action::Undo);
        assert_eq!(spans(&s).len(), 1);
        let s = s.reduce(Action::Undo);
        assert!(spans(&s).is_empty());
        assert_eq!(s.workspace.active().map(|e| e.status), Some(Status::New));
        let s = s.reduce(Action::Redo).reduce(Action::Redo);
        assert!(spans(&s).is_empty());
        let unchanged = s.clone();
        let s = s.reduce(Action::Redo);
        assert!(Rc::ptr_eq(&s, &unchanged), "nothing to redo: same state");
    }

    #[test]
    fn j_k_walk_spans_in_text_order_and_respect_the_filter() {
        let (a1, b1) = cp("mayor");
        let (a2, b2) = cp("Tuesday");
        let s = tag(state(), "entity", Some((a2, b2)), "late");
        let s = tag(s, "claim", Some((a1, b1)), "early");
        let s = s.reduce(Action::Select(None)).reduce(Action::StepSpan(1));
        assert_eq!(s.selected, Some(SpanId("early".into())));
        assert!(s.flash.is_some());
        let s = s.reduce(Action::StepSpan(1));
        assert_eq!(s.selected, Some(SpanId("late".into())));
        let s = s.reduce(Action::StepSpan(1));
        assert_eq!(s.selected, Some(SpanId("late".into())), "stops at the end");
        let s = s
            .reduce(Action::SetLabelFilter(Some("claim".into())))
            .reduce(Action::Select(None))
            .reduce(Action::StepSpan(-1));
        assert_eq!(s.selected, Some(SpanId("early".into())));
    }

    #[test]
    fn deleting_a_document_is_undoable_and_loading_skips_duplicates() {
        let s = state();
        let first = s.workspace.entries()[0].doc.id.clone();
        let s = s.reduce(Action::DeleteDocument(first.clone()));
        assert_eq!(s.workspace.entries().len(), 1);
        assert!(s.notices.iter().any(|n| n.text.contains("Ctrl+Z")));
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.entries().len(), 2);

        let again = DocEntry::new(parse_article(TEXT, "copy.txt"));
        let new = DocEntry::new(parse_article("Third\n\nNew.", "c.txt"));
        let new_id = new.doc.id.clone();
        let s = s.reduce(Action::Load {
            entries: vec![again, new],
            notices: vec![],
        });
        assert_eq!(s.workspace.entries().len(), 3);
        assert_eq!(s.workspace.active_id(), Some(&new_id));
        assert!(s.notices.iter().any(|n| n.text.contains("already open")));
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.entries().len(), 2, "a load is one undo step");
    }

    #[test]
    fn schema_edits_and_attributes_are_undoable_and_keep_the_filter_valid() {
        use crate::model::{LabelField, LabelSpec};
        let mut source = LabelSpec::new("source", "Source", "#cc79a7");
        source.key = Some('x');
        let s = state().reduce(Action::EditSchema(Edit::Schema(SchemaEdit::AddLabel {
            index: 3,
            label: source,
        })));
        assert_eq!(s.workspace.corpus().schema().len(), 4);
        let s = tag(s, "source", Some(cp("mayor")), "s1");
        assert_eq!(spans(&s), vec![("source".into(), "mayor".into())]);
        // Removing a label in use is refused, said in the Labels dialog (not behind it).
        let s = s.reduce(Action::EditSchema(Edit::Schema(SchemaEdit::RemoveLabel {
            id: "source".into(),
        })));
        assert!(s.workspace.corpus().schema().label("source").is_some());
        assert!(
            s.schema_refused
                .as_deref()
                .is_some_and(|w| w.contains("source") || w.contains("Source")),
            "{:?}",
            s.schema_refused
        );
        let s = s.reduce(Action::EditSchema(Edit::Schema(SchemaEdit::SetLabel {
            id: "source".into(),
            field: LabelField::Name("Named source".into()),
        })));
        assert_eq!(
            s.schema_refused, None,
            "a change that is made clears the refusal"
        );
        assert_eq!(
            s.workspace.corpus().schema().name_of("source"),
            "Named source"
        );
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.corpus().schema().name_of("source"), "Source");
        // Attributes of the selected entity: set, then undone.
        let s = tag(s, "entity", Some(cp("Tuesday")), "e1");
        let id = SpanId("e1".into());
        let s = s.reduce(Action::SetAttr(
            id.clone(),
            "type".into(),
            Some("event".into()),
            5,
        ));
        let attr = |s: &AppState| {
            let entry = s.workspace.active().unwrap();
            entry
                .span(&id)
                .and_then(|x| x.attrs.get("type").map(str::to_owned))
        };
        assert_eq!(attr(&s).as_deref(), Some("event"));
        let same = s.clone();
        let s = s.reduce(Action::SetAttr(
            id.clone(),
            "type".into(),
            Some("event".into()),
            6,
        ));
        assert!(Rc::ptr_eq(&s, &same), "an unchanged value is no edit");
        let s = s.reduce(Action::Undo);
        assert_eq!(attr(&s), None);
        // A filter on a label that goes away is dropped.
        let s = s
            .reduce(Action::Undo)
            .reduce(Action::Undo)
            .reduce(Action::SetLabelFilter(Some("source".into())))
            .reduce(Action::Undo);
        assert!(s.workspace.corpus().schema().label("source").is_none());
        assert_eq!(s.label_filter, None);
    }

    #[test]
    fn s_links_a_quote_to_its_speaker_and_the_picker_follows_the_selection() {
        let s = tag(state(), "entity", Some(cp("mayor")), "e1");
        let s = tag(s, "quote", Some(cp("“we will build it”")), "q1");
        assert_eq!(s.selected.as_ref().map(|i| i.0.as_str()), Some("q1"));
        // s on a quote opens the speaker picker; Escape closes it and keeps the quote selected.
        let s = s.reduce(Action::OpenLink(None));
        assert_eq!(s.linking, Some(RelationKind::SaidBy));
        let s = s.reduce(Action::Escape);
        assert_eq!((s.linking, s.selected.is_some()), (None, true));
        // Linking adds one relation and closes the picker; the same link again changes nothing.
        let link = |s: Rc<AppState>, id: &str| {
            s.reduce(Action::OpenLink(None)).reduce(Action::Link {
                to: SpanId("e1".into()),
                id: RelationId(id.into()),
            })
        };
        let s = link(s, "r1");
        let rels = |s: &AppState| s.workspace.active().map_or(0, |e| e.relations.len());
        assert_eq!((rels(&s), s.linking), (1, None));
        let r = &s.workspace.active().unwrap().relations[0];
        assert_eq!(
            (r.kind, r.from.0.as_str(), r.to.0.as_str()),
            (RelationKind::SaidBy, "q1", "e1")
        );
        let s = link(s, "r2");
        assert_eq!(rels(&s), 1);
        // Undo, redo, unlink.
        let s = s.reduce(Action::Undo);
        assert_eq!(rels(&s), 0);
        let s = s.reduce(Action::Redo);
        assert_eq!(rels(&s), 1);
        let s = s.reduce(Action::Unlink(RelationId("r1".into())));
        assert_eq!(rels(&s), 0);
        // Selecting another span closes the picker; an entity has no speaker (a notice instead).
        let s = s.reduce(Action::OpenLink(None));
        let s = s.reduce(Action::Select(Some(SpanId("e1".into()))));
        assert_eq!(s.linking, None);
        let before = s.notices.len();
        let s = s.reduce(Action::OpenLink(None));
        assert_eq!((s.linking, s.notices.len()), (None, before + 1));
        // A cue can be asked for explicitly on a quote, not on an entity.
        let s = s.reduce(Action::OpenLink(Some(RelationKind::Cue)));
        assert_eq!(s.linking, None);
        let s = s.reduce(Action::Select(Some(SpanId("q1".into()))));
        let s = s.reduce(Action::OpenLink(Some(RelationKind::Cue)));
        assert_eq!(s.linking, Some(RelationKind::Cue));
        // Nothing selected: a notice says what s needs.
        let s = s.reduce(Action::Escape).reduce(Action::Escape);
        assert_eq!(s.selected, None);
        let s = s.reduce(Action::OpenLink(None));
        assert!(s
            .notices
            .last()
            .is_some_and(|n| n.text.starts_with("Select a quote or a claim")));
    }

    #[test]
    fn notices_are_capped_and_dismissable() {
        let mut s = state();
        for i in 0..10 {
            s = s.reduce(Action::Notify(NoticeKind::Info, format!("n{i}")));
        }
        assert_eq!(s.notices.len(), MAX_NOTICES);
        assert_eq!(s.notices.last().map(|n| n.text.as_str()), Some("n9"));
        let id = s.notices[0].id;
        let s = s.reduce(Action::Dismiss(id));
        assert_eq!(s.notices.len(), MAX_NOTICES - 1);
    }

    #[test]
    fn another_tabs_schema_and_relations_merge_in() {
        let s = tag(state(), "quote", Some(cp("“we will build it”")), "q");
        let s = tag(s, "entity", Some(cp("mayor")), "e");
        let mut schema = (**s.workspace.corpus().schema()).clone();
        let mut labels = schema.labels().to_vec();
        labels.push(crate::model::LabelSpec::new(
            "opinion", "Opinion", "#c77d0a",
        ));
        schema = LabelSchema::new(labels).unwrap();
        let s = s.reduce(Action::Remote(RemoteChange::Schema {
            remote: Rc::new(schema.clone()),
            base: None,
            remote_deleted: LabelIdSet::default(),
            local_deleted: LabelIdSet::default(),
        }));
        assert_eq!(**s.workspace.corpus().schema(), schema);

        // The other tab gave the quote a speaker and the entity a type.
        let local = s.workspace.active().unwrap().clone();
        let mut remote = (*local).clone();
        remote.relations = Rc::new(vec![crate::model::Relation {
            id: crate::model::RelationId("r".into()),
            kind: crate::model::RelationKind::SaidBy,
            from: SpanId("q".into()),
            to: SpanId("e".into()),
        }]);
        let spans = Rc::make_mut(&mut remote.spans);
        let e = Rc::make_mut(spans.iter_mut().find(|x| x.id.0 == "e").unwrap());
        e.attrs.set("type", Some("person".into()));
        e.updated = Some(2_000);
        let s = s.reduce(Action::Remote(RemoteChange::Doc {
            remote: remote.clone(),
            base: Some(local),
            remote_deleted: Tombstones::default(),
            local_deleted: Tombstones::default(),
        }));
        let entry = s.workspace.active().unwrap();
        assert_eq!(**entry, remote);
        assert!(s.notices.iter().all(|n| n.kind == NoticeKind::Info));
    }

    #[test]
    fn a_dataset_brings_its_labels_attributes_and_relations_in_one_undo_step() {
        use crate::formats::export::{export, ExportContext, Format};
        use crate::model::{Edit, LabelSpec};
        // Another corpus: this article with a label of its own, a speaker and a type.
        let mut other = Workspace::new(vec![parse_article(TEXT, "a.txt")]);
        other
            .edit(Edit::Schema(SchemaEdit::AddLabel {
                index: 3,
                label: LabelSpec::new("opinion", "Opinion", "#c77d0a"),
            }))
            .unwrap();
        let doc = other.entries()[0].doc.id.clone();
        let span = |id: &str, needle: &str, label: &str| {
            let (start, end) = cp(needle);
            Span {
                id: SpanId(id.into()),
                start,
                end,
                label: label.into(),
                note: String::new(),
                attrs: Default::default(),
                created: None,
                updated: None,
            }
        };
        for s in [
            span("q", "“we will build it”", "quote"),
            span("e", "mayor", "entity"),
            span("o", "on Tuesday", "opinion"),
        ] {
            other.edit(Edit::add_span(doc.clone(), s)).unwrap();
        }
        other
            .edit(Edit::set_attr(
                doc.clone(),
                SpanId("e".into()),
                "type".into(),
                Some("person".into()),
                None,
            ))
            .unwrap();
        other
            .edit(Edit::add_relation(
                doc.clone(),
                crate::model::Relation {
                    id: crate::model::RelationId("r".into()),
                    kind: crate::model::RelationKind::SaidBy,
                    from: SpanId("q".into()),
                    to: SpanId("e".into()),
                },
            ))
            .unwrap();
        let ctx = ExportContext {
            app_version: "0",
            exported_at: "2026-11-23T11:17:30Z",
        };
        let file = export(
            Format::Native,
            other.corpus().schema(),
            other.entries(),
            &ctx,
        )
        .unwrap();

        let before = state();
        let s = before.clone().reduce(Action::Files {
            files: vec![("d.json".into(), FileKind::Json, file.bytes)],
            notices: vec![],
        });
        let corpus = s.workspace.corpus();
        assert!(corpus.schema().label("opinion").is_some());
        let entry = corpus.entry(&doc).unwrap();
        assert_eq!(entry.spans.len(), 3);
        assert_eq!(entry.speaker(&SpanId("q".into())).unwrap().id.0, "e");
        assert_eq!(
            entry.span(&SpanId("e".into())).unwrap().attrs.get("type"),
            Some("person")
        );
        assert!(s
            .notices
            .iter()
            .any(|n| n.text.starts_with("Imported 0 new articles and 4")));
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.corpus(), before.workspace.corpus());
    }

    #[test]
    fn views_switch_and_revealing_a_span_opens_its_article() {
        let s = tag(state(), "entity", Some(cp("mayor")), "m");
        let first = s.workspace.entries()[0].doc.id.clone();
        let second = s.workspace.entries()[1].doc.id.clone();
        let s = s.reduce(Action::Open(second.clone()));
        assert_eq!(s.view, View::Article);
        let s = s.reduce(Action::SetView(View::People));
        assert_eq!(s.view, View::People);
        // Keys that act on the article do nothing in a corpus view.
        let s = s
            .reduce(Action::Open(first.clone()))
            .reduce(Action::NextView);
        let s = s.reduce(Action::Select(Some(SpanId("m".into()))));
        let same = s.clone();
        assert!(Rc::ptr_eq(&s.clone().reduce(Action::DeleteSelected), &same));
        assert!(Rc::ptr_eq(&s.clone().reduce(Action::StepSpan(1)), &same));
        assert!(Rc::ptr_eq(&tag(s.clone(), "claim", None, "x"), &same));
        // Escape goes back to the article first, then clears the selection.
        let s = s
            .reduce(Action::SetView(View::Claims))
            .reduce(Action::Escape);
        assert_eq!((s.view, s.selected.is_some()), (View::Article, true));
        let s = s.reduce(Action::Escape);
        assert_eq!(s.selected, None);
        // v goes round the three views.
        let s = s.reduce(Action::NextView);
        assert_eq!(s.view, View::People);
        let s = s.reduce(Action::NextView).reduce(Action::NextView);
        assert_eq!(s.view, View::Article);
        // Revealing from a view opens the article, selects and flashes the span.
        let s = s
            .reduce(Action::Open(second.clone()))
            .reduce(Action::SetView(View::People))
            .reduce(Action::RevealIn(first.clone(), SpanId("m".into())));
        assert_eq!(s.view, View::Article);
        assert_eq!(s.workspace.active_id(), Some(&first));
        assert_eq!(s.selected, Some(SpanId("m".into())));
        assert!(s.flash.as_ref().is_some_and(|(id, _)| id.0 == "m"));
        // A span that is gone changes nothing; choosing an article from a view shows it.
        let s = s.reduce(Action::SetView(View::Claims));
        let same = s.clone();
        assert!(Rc::ptr_eq(
            &s.clone()
                .reduce(Action::RevealIn(second, SpanId("m".into()))),
            &same
        ));
        let s = s.reduce(Action::Open(first));
        assert_eq!(s.view, View::Article);
    }

    #[test]
    fn merging_entity_cards_is_one_undo_step_with_a_notice() {
        use crate::model::entities::entity_cards;
        let s = tag(state(), "entity", Some(cp("The mayor")), "a");
        let s = tag(s, "entity", Some(cp("mayor said")), "b");
        let s = s.reduce(Action::SetView(View::People));
        let before = s.workspace.corpus().clone();
        let cards = entity_cards(s.workspace.corpus());
        assert_eq!(cards.len(), 2);
        let (keep, merge) = (&cards[0], &cards[1]);
        assert_eq!(
            (keep.name.as_str(), merge.name.as_str()),
            ("mayor said", "The mayor")
        );
        let s = s.reduce(Action::MergeEntities {
            merge: Box::new(merge.clone()),
            keep: Box::new(keep.clone()),
            now: 9,
        });
        let after = entity_cards(s.workspace.corpus());
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].mentions.len(), 2);
        assert!(s
            .notices
            .iter()
            .any(|n| n.text == "“The mayor” is now “mayor said”. Press Ctrl+Z to undo."));
        assert_eq!(s.view, View::People, "merging stays in the view");
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.corpus(), &before);
    }
}
