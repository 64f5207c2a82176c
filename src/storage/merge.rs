//! Merging a document changed in another tab into this tab's copy, span by span.
//!
//! `base` is what this tab last saved or adopted for the document, `local` its current copy,
//! `remote` what the other tab just saved, and `remote_deleted` the span ids that tab (or any
//! tab before it) deleted — deletions are explicit tombstones, never inferred from a span's
//! absence, because two tabs saving at once never saw each other's new spans.
//! - a span only one side has is kept, unless the other side's tombstones delete it;
//! - a span deleted remotely is deleted here unless this tab changed it since `base`;
//! - a span changed on one side takes that side's version; changed on both, the greater
//!   version wins in both tabs: the later update time, then a fixed order on the content, so
//!   the tabs converge.

use std::collections::HashMap;

use crate::model::{DocEntry, Edit, Span, SpanId, SpanIdSet};

/// A fixed order on span versions, the same in every tab, to settle a conflict: the later
/// update wins; equal times (or none) fall back to the content.
fn version_key(s: &Span) -> (Option<u64>, &str, &str, usize, usize) {
    (s.updated, s.label.as_str(), s.note.as_str(), s.start, s.end)
}

/// The edits that bring `local` up to date with `remote`.
pub fn merge_edits(
    base: &DocEntry,
    local: &DocEntry,
    remote: &DocEntry,
    remote_deleted: &SpanIdSet,
    local_deleted: &SpanIdSet,
) -> Vec<Edit> {
    let doc = local.doc.id.clone();
    let index = |spans: &[Span]| -> HashMap<SpanId, Span> {
        spans.iter().map(|s| (s.id.clone(), s.clone())).collect()
    };
    let (b, l) = (index(&base.spans), index(&local.spans));
    let mut edits = Vec::new();

    for span in remote.spans.iter() {
        match l.get(&span.id) {
            None if !local_deleted.contains(&span.id) => edits.push(Edit::AddSpan {
                doc: doc.clone(),
                span: span.clone(),
            }),
            None => {}
            Some(mine) if mine != span => {
                let changed_here = b.get(&span.id) != Some(mine);
                let changed_there = b.get(&span.id) != Some(span);
                let take_remote =
                    !changed_here || (changed_there && version_key(span) > version_key(mine));
                if take_remote {
                    replace(&mut edits, &doc, mine, span);
                }
            }
            Some(_) => {}
        }
    }
    for (id, mine) in &l {
        if remote_deleted.contains(id) && b.get(id) == Some(mine) {
            edits.push(Edit::DeleteSpan {
                doc: doc.clone(),
                id: id.clone(),
            });
        }
    }
    if remote.status != base.status && local.status == base.status {
        edits.push(Edit::SetStatus {
            doc,
            status: remote.status,
        });
    }
    edits
}

/// Edits turning `mine` into `theirs` (same id), exactly, times included.
fn replace(edits: &mut Vec<Edit>, doc: &crate::model::DocId, mine: &Span, theirs: &Span) {
    if mine.start != theirs.start || mine.end != theirs.end || mine.created != theirs.created {
        edits.push(Edit::DeleteSpan {
            doc: doc.clone(),
            id: mine.id.clone(),
        });
        edits.push(Edit::AddSpan {
            doc: doc.clone(),
            span: theirs.clone(),
        });
        return;
    }
    if mine.label != theirs.label || mine.updated != theirs.updated {
        edits.push(Edit::Relabel {
            doc: doc.clone(),
            id: mine.id.clone(),
            label: theirs.label.clone(),
            updated: theirs.updated,
        });
    }
    if mine.note != theirs.note {
        edits.push(Edit::SetNote {
            doc: doc.clone(),
            id: mine.id.clone(),
            note: theirs.note.clone(),
            updated: theirs.updated,
        });
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::{Corpus, Status};

    fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
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
    }

    fn entry(spans: Vec<Span>, status: Status) -> DocEntry {
        let mut e = DocEntry::new(parse_article(
            "Title\n\nOne two three four five six seven.",
            "a.txt",
        ));
        let mut spans = spans;
        spans.sort_unstable_by(Span::text_order);
        e.spans = Rc::new(spans);
        e.status = status;
        e
    }

    /// Apply the merge edits to `local` and return its spans as (id, start, end, label, note).
    fn ids(list: &[&str]) -> SpanIdSet {
        list.iter().map(|s| SpanId((*s).into())).collect()
    }

    fn merged(base: &DocEntry, local: &DocEntry, remote: &DocEntry) -> (Vec<Span>, Status) {
        merged_with(base, local, remote, &ids(&[]), &ids(&[]))
    }

    fn merged_with(
        base: &DocEntry,
        local: &DocEntry,
        remote: &DocEntry,
        remote_deleted: &SpanIdSet,
        local_deleted: &SpanIdSet,
    ) -> (Vec<Span>, Status) {
        let mut corpus = Corpus::default();
        corpus
            .apply(Edit::InsertDocuments {
                index: 0,
                entries: vec![local.clone()],
            })
            .unwrap();
        corpus
            .apply(Edit::Batch(merge_edits(
                base,
                local,
                remote,
                remote_deleted,
                local_deleted,
            )))
            .unwrap();
        let e = corpus.entries()[0].clone();
        (e.spans.to_vec(), e.status)
    }

    #[test]
    fn additions_on_both_sides_are_kept() {
        let base = entry(vec![span("a", 7, 10, "quote")], Status::New);
        let local = entry(
            vec![span("a", 7, 10, "quote"), span("l", 11, 16, "claim")],
            Status::New,
        );
        let remote = entry(
            vec![span("a", 7, 10, "quote"), span("r", 17, 21, "entity")],
            Status::New,
        );
        let (spans, _) = merged(&base, &local, &remote);
        let ids: Vec<&str> = spans.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, vec!["a", "l", "r"]);
    }

    #[test]
    fn remote_deletions_and_changes_apply_unless_changed_here() {
        let base = entry(
            vec![
                span("del", 7, 10, "quote"),
                span("chg", 11, 16, "claim"),
                span("both", 17, 21, "entity"),
            ],
            Status::New,
        );
        let mut local_both = span("both", 17, 21, "quote");
        local_both.note = "mine".into();
        let local = entry(
            vec![
                span("del", 7, 10, "quote"),
                span("chg", 11, 16, "claim"),
                local_both.clone(),
            ],
            Status::New,
        );
        let mut remote_chg = span("chg", 11, 16, "entity");
        remote_chg.note = "theirs".into();
        let remote = entry(
            vec![remote_chg.clone(), span("both", 17, 21, "claim")],
            Status::Done,
        );
        let (spans, status) = merged_with(&base, &local, &remote, &ids(&["del"]), &ids(&[]));
        // "both" changed on both sides: the fixed order prefers label "quote" over "claim".
        assert_eq!(
            spans,
            vec![remote_chg, local_both],
            "del gone, chg remote, both settled"
        );
        assert_eq!(status, Status::Done);
    }

    #[test]
    fn a_span_changed_here_survives_its_remote_deletion() {
        let base = entry(vec![span("x", 7, 10, "quote")], Status::InProgress);
        let local = entry(vec![span("x", 7, 10, "claim")], Status::Done);
        let remote = entry(vec![], Status::New);
        let (spans, status) = merged_with(&base, &local, &remote, &ids(&["x"]), &ids(&[]));
        assert_eq!(spans, vec![span("x", 7, 10, "claim")]);
        assert_eq!(status, Status::Done, "this tab's status change wins");
    }

    #[test]
    fn a_moved_span_is_replaced() {
        let base = entry(vec![span("m", 7, 10, "quote")], Status::New);
        let local = base.clone();
        let remote = entry(vec![span("m", 11, 16, "quote")], Status::New);
        let (spans, _) = merged(&base, &local, &remote);
        assert_eq!(spans, vec![span("m", 11, 16, "quote")]);
    }

    #[test]
    fn simultaneous_saves_never_drop_the_other_tabs_new_span() {
        // This tab saved {m, l}; the other tab, not having seen l, saved {m, d}.
        let base = entry(
            vec![span("m", 7, 10, "quote"), span("l", 11, 16, "claim")],
            Status::New,
        );
        let local = base.clone();
        let remote = entry(
            vec![span("m", 7, 10, "quote"), span("d", 17, 21, "entity")],
            Status::New,
        );
        let (spans, _) = merged(&base, &local, &remote);
        let ids: Vec<&str> = spans.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, vec!["m", "l", "d"]);
    }

    #[test]
    fn this_tabs_deletions_are_not_undone_by_a_stale_remote() {
        let base = entry(vec![], Status::New);
        let local = entry(vec![], Status::New);
        let remote = entry(vec![span("gone", 7, 10, "quote")], Status::New);
        let (spans, _) = merged_with(&base, &local, &remote, &ids(&[]), &ids(&["gone"]));
        assert!(spans.is_empty());
    }

    #[test]
    fn conflicts_settle_the_same_way_in_both_tabs() {
        let base = entry(vec![span("c", 7, 10, "quote")], Status::New);
        let a = entry(vec![span("c", 7, 10, "claim")], Status::New);
        let b = entry(vec![span("c", 7, 10, "entity")], Status::New);
        let (in_a, _) = merged(&base, &a, &b);
        let (in_b, _) = merged(&base, &b, &a);
        assert_eq!(in_a, in_b);
    }

    #[test]
    fn the_later_update_wins_a_conflict_and_times_travel_with_it() {
        let base = entry(vec![span("c", 7, 10, "quote")], Status::New);
        let stamped = |label: &str, note: &str, at: u64| {
            let mut s = span("c", 7, 10, label);
            s.note = note.into();
            s.updated = Some(at);
            s
        };
        // "claim" sorts before "entity", but it was written later, so it wins in both tabs.
        let a = entry(vec![stamped("claim", "", 2_000)], Status::New);
        let b = entry(vec![stamped("entity", "b", 1_000)], Status::New);
        let (in_a, _) = merged(&base, &a, &b);
        let (in_b, _) = merged(&base, &b, &a);
        assert_eq!(in_a, vec![stamped("claim", "", 2_000)]);
        assert_eq!(in_b, in_a, "times and content converge");
        // A remote change that only moved the time is taken exactly too.
        let local = entry(vec![stamped("quote", "", 1_000)], Status::New);
        let remote = entry(vec![stamped("quote", "", 3_000)], Status::New);
        let (spans, _) = merged(&local, &local, &remote);
        assert_eq!(spans, vec![stamped("quote", "", 3_000)]);
    }

    #[test]
    fn nothing_changed_remotely_gives_no_edits() {
        let base = entry(vec![span("a", 7, 10, "quote")], Status::New);
        let local = entry(
            vec![span("a", 7, 10, "claim"), span("n", 11, 16, "claim")],
            Status::Done,
        );
        assert!(merge_edits(&base, &local, &base, &ids(&[]), &ids(&[])).is_empty());
    }
}
