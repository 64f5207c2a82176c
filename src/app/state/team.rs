//! The reducer's work with annotators and the corpus's entities: importing datasets (a file
//! whose annotations name nobody waits for a name), naming the person at this browser (their
//! layer takes the name), refusing changes to another person's layer, adjudicating into gold,
//! merging entity cards and tagging every place of a span's words.

use std::rc::Rc;

use super::{AppState, Dialog, NoticeKind};
use crate::app::same::Same;
use crate::model::adjudicate::{accept, adjudication, gold_view, holding, merge_agreed};
use crate::model::adjudicate::{Adjudication, Choice, Take};
use crate::model::annotators::{clean_name, not_mine, Layer, GOLD};
use crate::model::compare::Compared;
use crate::model::entities::{merge_edit, EntityCard};
use crate::model::import::{merge_dataset, name_unnamed, unnamed_additions, Made};
use crate::model::occurrences::tag_others;
use crate::model::words::{excerpt, plural};
use crate::model::DocEntry;
use crate::model::LabelSchema;
use crate::model::{Edit, SpanId};

impl AppState {
    /// Merge a Marginalia dataset ([`merge_dataset`]): one undo step. One whose annotations
    /// name nobody waits for the user to name them ([`Dialog::NameImport`]).
    pub(super) fn import(
        &mut self,
        entries: Vec<DocEntry>,
        schema: &LabelSchema,
        made: Option<Made>,
    ) {
        if unnamed_additions(self.workspace.corpus(), &entries) > 0 {
            let mut queued = self
                .unnamed
                .as_ref()
                .map(|q| (*q.0).clone())
                .unwrap_or_default();
            queued.push((entries, schema.clone(), made));
            self.unnamed = Some(Same(Rc::new(queued)));
            self.dialog = Some(Dialog::NameImport);
            return;
        }
        self.import_named(entries, schema, made);
    }

    /// [`AppState::import`] once every annotation of the file has its annotator.
    pub(super) fn import_named(
        &mut self,
        entries: Vec<DocEntry>,
        schema: &LabelSchema,
        made: Option<Made>,
    ) {
        let merge = merge_dataset(
            self.workspace.corpus(),
            entries,
            schema,
            &self.annotator,
            made.as_ref(),
        );
        for problem in &merge.schema_problems {
            self.notify(NoticeKind::Info, problem.clone());
        }
        if let Some(message) = merge.left_out_message() {
            self.notify(NoticeKind::Info, message);
        }
        if let Some(message) = merge.stale_message() {
            self.notify(NoticeKind::Info, message);
        }
        let Some(edit) = merge.edit.clone() else {
            self.notify(NoticeKind::Info, merge.summary());
            return;
        };
        if self.edit_any(edit) {
            if let Some(first) = &merge.first_new {
                self.workspace.open(first);
                self.selected = None;
            }
            self.notify(NoticeKind::Info, merge.summary());
        }
    }

    /// Close the dialog; files waiting for their annotator's name are not imported.
    pub(super) fn close_dialog(&mut self) {
        self.dialog = None;
        self.schema_refused = None;
        if self.unnamed.take().is_some() {
            self.notify(NoticeKind::Info, "Nothing was imported from that file.");
        }
    }

    /// Import the files waiting for a name ([`AppState::import`]) as `name`'s annotations
    /// (`None`: the person at this browser's).
    pub(super) fn name_import(&mut self, name: Option<String>) {
        let name =
            match name {
                None => Rc::clone(&self.annotator),
                Some(raw) => match clean_name(&raw) {
                    Some(name) => name,
                    None => return self.notify(
                        NoticeKind::Error,
                        "Type the name of the person who made these annotations, or choose Mine.",
                    ),
                },
            };
        let Some(queued) = self.unnamed.take() else {
            return;
        };
        self.dialog = None;
        for (entries, schema, made) in queued.0.iter() {
            let mut entries = entries.clone();
            name_unnamed(&mut entries, &name);
            self.import_named(entries, schema, made.clone());
        }
    }

    /// Whose new spans are: gold's while the gold layer is shown, else the person's.
    pub(super) fn author(&self) -> Rc<str> {
        if self.adjudicating() {
            Rc::from(GOLD)
        } else {
            Rc::clone(&self.annotator)
        }
    }

    /// Whether the reader shows the gold layer (and so adjudicates).
    pub fn adjudicating(&self) -> bool {
        matches!(&self.layer, Layer::Of(name) if &**name == GOLD)
    }

    /// The adjudication of `entry` and the reader's view of it.
    pub(super) fn adjudication(&self, entry: &DocEntry) -> (Adjudication, Compared) {
        let adj = adjudication(entry, &|k| entry.is_decided(k));
        let view = gold_view(entry, &adj);
        (adj, view)
    }

    /// "Merge agreed" for the open article: one undo step.
    pub(super) fn merge_agreed(&mut self, now: u64) {
        let Some(entry) = self.workspace.active().cloned() else {
            return;
        };
        let adj = adjudication(&entry, &|k| entry.is_decided(k));
        let n = adj.agreed.len();
        match merge_agreed(&entry, &adj, now) {
            Some(edit) => {
                if self.edit(edit) {
                    self.notify(
                        NoticeKind::Info,
                        format!(
                            "Gold has the {} every annotator made alike. Press Ctrl+Z to undo.",
                            plural(n, "annotation", "annotations")
                        ),
                    );
                }
            }
            None => self.notify(NoticeKind::Info, "Nothing agreed is missing from gold."),
        }
    }

    /// Take `choice` of the selected span's disagreement into gold (one undo step), then
    /// select the next one left.
    pub(super) fn adjudicate(&mut self, choice: Choice, now: u64) {
        if !self.adjudicating() {
            return;
        }
        let Some(entry) = self.workspace.active().cloned() else {
            return;
        };
        let adj = adjudication(&entry, &|k| entry.is_decided(k));
        let Some((group, at)) = self.selected.as_ref().and_then(|id| holding(&adj, id)) else {
            return self.notify(
                NoticeKind::Info,
                "Select a disagreement first: j and k go from one to the next.",
            );
        };
        let doc = entry.doc.id.clone();
        let edit = match choice {
            Choice::Selected => accept(&entry, group, Take::One(at), now),
            Choice::Version(i) => accept(&entry, group, Take::One(i), now),
            Choice::All => accept(&entry, group, Take::All, now),
            // Gold keeps nothing there: a decision, undone like an edit.
            Choice::Nothing => Some(Edit::decide(doc, Rc::from(group.key()), true)),
        };
        let Some(edit) = edit else {
            return;
        };
        let end = group.end;
        if self.edit(edit) {
            // On to the next disagreement left, after this one.
            let next = self.workspace.active().and_then(|e| {
                let (adj, _) = self.adjudication(e);
                let g = adj.groups.iter().find(|g| !g.resolved && g.start >= end)?;
                g.versions
                    .iter()
                    .find_map(|v| v.spans.first())
                    .map(|s| s.id.clone())
            });
            match next {
                Some(id) => self.reveal(id),
                None => self.selected = None,
            }
        }
    }

    /// Whether `edit` would change another person's layer: then it is refused, with a notice.
    pub(super) fn refuse_theirs(&mut self, edit: &Edit) -> bool {
        let Some(span) = not_mine(self.workspace.corpus(), edit, &self.annotator) else {
            return false;
        };
        let who = if span.annotator.is_empty() {
            "an unnamed annotator".to_owned()
        } else {
            format!("\u{201c}{}\u{201d}", span.annotator)
        };
        self.notify(
            NoticeKind::Info,
            format!("That annotation is in the layer of {who}: only they change it."),
        );
        true
    }

    /// Merge entity card `merge` into the card named `keep` ([`merge_edit`]): one undo step.
    /// The person at this browser is `raw` from now on; the spans of their layer take the name.
    pub(super) fn set_annotator(&mut self, raw: &str) {
        let Some(name) = clean_name(raw) else {
            return self.notify(
                NoticeKind::Error,
                "Type your name in the Annotator box and press Enter: your annotations carry it.",
            );
        };
        if name == self.annotator {
            return;
        }
        let from = std::mem::replace(&mut self.annotator, Rc::clone(&name));
        let moved = self.workspace.rename_annotator(&from, &name);
        let text = if moved == 0 {
            format!("You annotate as \u{201c}{name}\u{201d}.")
        } else {
            format!(
                "You annotate as \u{201c}{name}\u{201d} (the name is now on {} of yours).",
                plural(moved, "annotation", "annotations")
            )
        };
        self.notify(NoticeKind::Info, text);
    }

    pub(super) fn merge_entities(&mut self, merge: &EntityCard, keep: &str, now: u64) {
        match merge_edit(self.workspace.corpus(), merge, keep, Some(now)) {
            Ok(Edit::Batch(parts)) if parts.is_empty() => {}
            Ok(edit) => {
                if self.edit(edit) {
                    self.notify(
                        NoticeKind::Info,
                        format!(
                            "\u{201c}{}\u{201d} is now \u{201c}{}\u{201d}. Press Ctrl+Z to undo.",
                            merge.name, keep
                        ),
                    );
                }
            }
            Err(e) => self.notify(NoticeKind::Error, e.to_string()),
        }
    }

    pub(super) fn tag_others(&mut self, base: &SpanId, now: u64) {
        let Some(entry) = self.workspace.active().cloned() else {
            return;
        };
        let Some(span) = self.selected.as_ref().and_then(|id| entry.span(id)) else {
            return;
        };
        if span.annotator != self.annotator {
            return self.notify(
                NoticeKind::Info,
                "Tag every place from an annotation of yours: that one is another person's.",
            );
        }
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
}
