//! The reducer's work with annotators and the corpus's entities: naming the person at this
//! browser (their layer takes the name), refusing changes to another person's layer, merging
//! entity cards and tagging every place of a span's words.

use std::rc::Rc;

use super::{AppState, NoticeKind};
use crate::model::annotators::{clean_name, not_mine};
use crate::model::entities::{merge_edit, EntityCard};
use crate::model::occurrences::tag_others;
use crate::model::words::{excerpt, plural};
use crate::model::{Edit, SpanId};

impl AppState {
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
