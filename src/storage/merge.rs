//! Merging a document changed in another tab into this tab's copy, span by span and relation
//! by relation; and merging the label schema, label by label.
//!
//! `base` is what this tab last saved or adopted for the document, `local` its current copy,
//! `remote` what the other tab just saved, and `remote_deleted` the span and relation ids that
//! tab (or any tab before it) deleted — deletions are explicit tombstones, never inferred from
//! an absence, because two tabs saving at once never saw each other's new spans.
//! - a span only one side has is kept, unless the other side's tombstones delete it;
//! - a span deleted remotely is deleted here unless this tab changed it since `base`;
//! - a span changed on one side takes that side's version (label, note, attribute values,
//!   times); changed on both, the greater version wins in both tabs: the later update time,
//!   then a fixed order on the content, so the tabs converge;
//! - relations never change, so they are added or deleted like spans; one that no longer fits
//!   the merged spans (its end was deleted or relabelled) is left out, and of two speakers
//!   given to one quote in two tabs the one with the greater id wins in both.
//!
//! - each annotator's status is a value of its own: the other tab's change is taken unless
//!   this tab changed the same annotator's status since `base` (then this tab's stays, and its
//!   next save gives it to the other tab);
//! - decisions (candidates decided against) merge as a union: one recorded in any tab is
//!   recorded in every tab, and the absence of a key never takes one back. Taking a decision
//!   back (undo) holds in the tab that did it, until another tab that still has it saves that
//!   document again. Tombstones would not do here: unlike a span id, a key is taken back and
//!   recorded again, so telling which came last would need a version per key, for an action
//!   that is rare and whose worst case is one candidate not proposed again.
//!
//! The label schema merges the same way, label by label (a label is compared whole: name,
//! colour, key, help and attributes), with tombstones for deleted labels; a label that spans
//! here still use is never deleted.

use std::rc::Rc;

use super::schema::{LabelIdSet, Tombstones};
use crate::model::{
    Corpus, DocEntry, DocId, Edit, LabelSchema, LabelSpec, SchemaEdit, Span, SpanId,
};

/// A fixed order on span versions, the same in every tab, to settle a conflict: the later
/// update wins; equal times (or none) fall back to the content.
#[allow(clippy::type_complexity)]
pub(crate) fn version_key(
    s: &Span,
) -> (Option<u64>, &str, &str, &crate::model::Attrs, usize, usize) {
    (
        s.updated,
        s.label.as_str(),
        s.note.as_str(),
        &s.attrs,
        s.start,
        s.end,
    )
}

/// The edits that bring `local` up to date with `remote`, valid under `schema` (this tab's).
#[must_use]
pub fn merge_edits(
    schema: &Rc<LabelSchema>,
    base: &DocEntry,
    local: &DocEntry,
    remote: &DocEntry,
    remote_deleted: &Tombstones,
    local_deleted: &Tombstones,
) -> Vec<Edit> {
    let doc = local.doc.id.clone();
    // The spans of the base and of this tab by id: positions, not copies.
    let (base_at, local_at) = (base.span_positions(), local.span_positions());
    let base_span = |id: &SpanId| base_at.get(id).map(|&i| &*base.spans[i]);
    let mut edits = Vec::new();

    for span in remote.spans.iter() {
        let span: &Span = span;
        match local_at.get(&span.id).map(|&i| &*local.spans[i]) {
            None if !local_deleted.spans.contains(&span.id) => {
                edits.push(Edit::add_span(doc.clone(), span.clone()))
            }
            None => {}
            Some(mine) if mine != span => {
                let changed_here = base_span(&span.id) != Some(mine);
                let changed_there = base_span(&span.id) != Some(span);
                let take_remote =
                    !changed_here || (changed_there && version_key(span) > version_key(mine));
                if take_remote {
                    replace(&mut edits, &doc, mine, span);
                }
            }
            Some(_) => {}
        }
    }
    for mine in local.spans.iter() {
        let mine: &Span = mine;
        if remote_deleted.spans.contains(&mine.id) && base_span(&mine.id) == Some(mine) {
            edits.push(Edit::delete_span(doc.clone(), mine.id.clone()));
        }
    }

    // Relations, checked one by one against the merged spans on a scratch copy: one that does
    // not fit any more is left out rather than refusing the whole merge.
    let mut scratch = Corpus::with_schema((**schema).clone());
    let ready = scratch
        .apply(Edit::insert_documents(0, vec![local.clone()]))
        .is_ok()
        && scratch.apply(Edit::Batch(edits.clone())).is_ok();
    if ready {
        let try_add = |scratch: &mut Corpus, edit: Edit, edits: &mut Vec<Edit>| {
            if scratch.apply(edit.clone()).is_ok() {
                edits.push(edit);
            }
        };
        for r in local.relations.iter() {
            if remote_deleted.relations.contains(&r.id) {
                try_add(
                    &mut scratch,
                    Edit::delete_relation(doc.clone(), r.id.clone()),
                    &mut edits,
                );
            }
        }
        for r in remote.relations.iter() {
            let here = local.relation(&r.id).is_some();
            if here || local_deleted.relations.contains(&r.id) {
                continue;
            }
            // Two speakers for one quote: the greater id wins, in both tabs.
            let beaten = scratch.entry(&doc).is_some_and(|e| {
                r.kind.single()
                    && e.relations
                        .iter()
                        .any(|o| o.kind == r.kind && o.from == r.from && o.id > r.id)
            });
            if !beaten {
                try_add(
                    &mut scratch,
                    Edit::add_relation(doc.clone(), r.clone()),
                    &mut edits,
                );
            }
        }
    }
    // Each annotator's status: the other tab's change, unless this tab changed it too.
    let names = base.statuses.iter().chain(remote.statuses.iter());
    let mut seen: Vec<&str> = Vec::new();
    for (who, _) in names {
        if seen.contains(&&**who) {
            continue;
        }
        seen.push(who);
        let (b, r) = (base.status_of(who), remote.status_of(who));
        if r != b && local.status_of(who) == b {
            edits.push(Edit::set_status(doc.clone(), Rc::clone(who), r));
        }
    }
    // Decisions: the union (see the module's notes).
    for key in remote.decided.iter() {
        if !local.is_decided(key) {
            edits.push(Edit::decide(doc.clone(), Rc::clone(key), true));
        }
    }
    edits
}

/// Edits turning `mine` into `theirs` (same id), exactly, times included.
fn replace(edits: &mut Vec<Edit>, doc: &DocId, mine: &Span, theirs: &Span) {
    if mine.start != theirs.start || mine.end != theirs.end || mine.created != theirs.created {
        edits.push(Edit::delete_span(doc.clone(), mine.id.clone()));
        edits.push(Edit::add_span(doc.clone(), theirs.clone()));
        return;
    }
    // A relabel drops the values the new label lacks; the values set below are theirs.
    if mine.label != theirs.label || mine.updated != theirs.updated {
        edits.push(Edit::relabel(
            doc.clone(),
            mine.id.clone(),
            theirs.label.clone(),
            theirs.updated,
        ));
    }
    if mine.note != theirs.note {
        edits.push(Edit::set_note(
            doc.clone(),
            mine.id.clone(),
            theirs.note.clone(),
            theirs.updated,
        ));
    }
    if mine.attrs != theirs.attrs {
        let keys = mine.attrs.iter().chain(theirs.attrs.iter()).map(|(k, _)| k);
        let mut done: Vec<&str> = Vec::new();
        for key in keys {
            if done.contains(&key) {
                continue;
            }
            done.push(key);
            if mine.attrs.get(key) != theirs.attrs.get(key) {
                edits.push(Edit::set_attr(
                    doc.clone(),
                    mine.id.clone(),
                    key.to_owned(),
                    theirs.attrs.get(key).map(str::to_owned),
                    theirs.updated,
                ));
            }
        }
    }
}

/// The schema that brings `local` up to date with `remote` (see the module's notes); `used`
/// says whether spans here use a label. `None` when nothing changes or the result would not
/// be a valid schema (then this tab keeps its own, and its next save offers it to the others).
#[must_use]
pub fn merge_schema(
    base: &LabelSchema,
    local: &LabelSchema,
    remote: &LabelSchema,
    remote_deleted: &LabelIdSet,
    local_deleted: &LabelIdSet,
    used: impl Fn(&str) -> bool,
) -> Option<LabelSchema> {
    let mut merged: Vec<LabelSpec> = Vec::new();
    // Remote's order when only the other tab reordered; else this tab's.
    let ids = |s: &LabelSchema| s.labels().iter().map(|l| l.id.clone()).collect::<Vec<_>>();
    let order = if ids(local) == ids(base) {
        ids(remote)
    } else {
        ids(local)
    };
    let mut all = order;
    for s in [local, remote] {
        for l in s.labels() {
            if !all.contains(&l.id) {
                all.push(l.id.clone());
            }
        }
    }
    for id in &all {
        let (b, l, r) = (base.label(id), local.label(id), remote.label(id));
        let pick = match (l, r) {
            (None, Some(r)) if !local_deleted.contains(id) => Some(r),
            (None, _) => None,
            (Some(l), None) => {
                let deleted_there = remote_deleted.contains(id) && b == Some(l) && !used(id);
                (!deleted_there).then_some(l)
            }
            (Some(l), Some(r)) if l == r => Some(l),
            (Some(l), Some(r)) => {
                let changed_here = b != Some(l);
                let changed_there = b != Some(r);
                let take_remote = !changed_here || (changed_there && r > l);
                Some(if take_remote { r } else { l })
            }
        };
        if let Some(label) = pick {
            merged.push(label.clone());
        }
    }
    let merged = LabelSchema::new(merged).ok()?;
    (merged != *local).then_some(merged)
}

/// A change another tab saved, as this tab's storage layer reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum RemoteChange {
    /// A document as the other tab wrote it, and this tab's base for it (None: new to us).
    Doc {
        remote: DocEntry,
        base: Option<Rc<DocEntry>>,
        /// Span and relation ids deleted there, and here (tombstones).
        remote_deleted: Tombstones,
        local_deleted: Tombstones,
    },
    /// The label schema as the other tab wrote it, and this tab's base for it.
    Schema {
        remote: Rc<LabelSchema>,
        base: Option<Rc<LabelSchema>>,
        /// Label ids deleted there, and here.
        remote_deleted: LabelIdSet,
        local_deleted: LabelIdSet,
    },
    /// The other tab removed a document; `base` is what this tab had stored for it.
    Removed {
        id: DocId,
        base: Option<Rc<DocEntry>>,
    },
    /// Storage was cleared: everything will be written again from this tab.
    Cleared,
}

/// What a [`RemoteChange`] asks of this tab's corpus.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    /// Nothing changes here.
    Nothing,
    /// Apply `edit` (not an undo step of this tab). `done` is said once it applied; `failed`
    /// starts what is said when it does not (`None`: nothing is said).
    Apply {
        edit: Box<Edit>,
        done: Option<String>,
        failed: Option<&'static str>,
    },
    /// Storage was cleared in another tab: write everything again.
    Cleared,
}

/// The edit that brings `corpus` up to date with another tab's `change` (see the module's
/// notes). Pure: the reducer applies it.
#[must_use]
pub fn incoming(corpus: &Corpus, change: RemoteChange) -> Incoming {
    match change {
        RemoteChange::Doc {
            remote,
            base,
            remote_deleted,
            local_deleted,
        } => {
            let failed = Some("A change from another tab could not be merged");
            let Some(local) = corpus.entry(&remote.doc.id) else {
                // New here, or deleted here while the other tab changed it: it comes back.
                let done = base.is_some().then(|| {
                    format!(
                        "\u{201c}{}\u{201d} was changed in another tab, so it is back here.",
                        remote.doc.title
                    )
                });
                return Incoming::Apply {
                    edit: Box::new(Edit::insert_documents(corpus.len(), vec![remote])),
                    done,
                    failed,
                };
            };
            // Without a base, both tabs loaded the same text: merge from empty.
            let base = base.map_or_else(
                || {
                    let mut empty = (**local).clone();
                    empty.spans = Rc::new(Vec::new());
                    empty.statuses = Rc::default();
                    empty.decided = Rc::default();
                    empty
                },
                |b| (*b).clone(),
            );
            let edits = merge_edits(
                corpus.schema(),
                &base,
                local,
                &remote,
                &remote_deleted,
                &local_deleted,
            );
            if edits.is_empty() {
                return Incoming::Nothing;
            }
            Incoming::Apply {
                edit: Box::new(Edit::Batch(edits)),
                done: None,
                failed,
            }
        }
        RemoteChange::Removed { id, base } => {
            // Removed here too, unless this tab changed it since it last stored it.
            let unchanged_here = corpus
                .entry(&id)
                .is_some_and(|local| base.as_deref() == Some(&**local));
            if !unchanged_here {
                return Incoming::Nothing;
            }
            Incoming::Apply {
                edit: Box::new(Edit::delete_document(id)),
                done: None,
                failed: None,
            }
        }
        RemoteChange::Schema {
            remote,
            base,
            remote_deleted,
            local_deleted,
        } => {
            // Without a base, this tab never stored a schema: it had the default.
            let base = base.unwrap_or_default();
            let used = |label: &str| corpus.uses_label(label);
            let Some(merged) = merge_schema(
                &base,
                corpus.schema(),
                &remote,
                &remote_deleted,
                &local_deleted,
                used,
            ) else {
                return Incoming::Nothing;
            };
            Incoming::Apply {
                edit: Box::new(Edit::Schema(SchemaEdit::Replace(Rc::new(merged)))),
                done: None,
                failed: Some("A change to the labels from another tab could not be merged"),
            }
        }
        RemoteChange::Cleared => Incoming::Cleared,
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::{Corpus, Relation, RelationId, RelationKind, Status};

    fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span::test(id, start, end, label)
    }

    fn entry(spans: Vec<Span>, status: Status) -> DocEntry {
        let mut e = DocEntry::new(parse_article(
            "Title\n\nOne two three four five six seven.",
            "a.txt",
        ));
        let mut spans = spans;
        crate::model::sort::sort_with(&mut spans, &Span::text_order);
        e.spans = Rc::new(spans.into_iter().map(Rc::new).collect());
        e.put_status(&Rc::from(""), status);
        e
    }

    /// Span tombstones.
    fn ids(list: &[&str]) -> Tombstones {
        Tombstones {
            spans: list.iter().map(|s| SpanId((*s).into())).collect(),
            relations: Default::default(),
        }
    }

    /// Apply the merge edits to `local` and return its spans and status.
    fn merged(base: &DocEntry, local: &DocEntry, remote: &DocEntry) -> (Vec<Span>, Status) {
        merged_with(base, local, remote, &ids(&[]), &ids(&[]))
    }

    fn merged_with(
        base: &DocEntry,
        local: &DocEntry,
        remote: &DocEntry,
        remote_deleted: &Tombstones,
        local_deleted: &Tombstones,
    ) -> (Vec<Span>, Status) {
        let e = merged_entry(base, local, remote, remote_deleted, local_deleted);
        (
            e.spans.iter().map(|s| (**s).clone()).collect(),
            e.status_of(""),
        )
    }

    fn merged_entry(
        base: &DocEntry,
        local: &DocEntry,
        remote: &DocEntry,
        remote_deleted: &Tombstones,
        local_deleted: &Tombstones,
    ) -> DocEntry {
        let mut corpus = Corpus::default();
        corpus
            .apply(Edit::insert_documents(0, vec![local.clone()]))
            .unwrap();
        let schema = corpus.schema().clone();
        corpus
            .apply(Edit::Batch(merge_edits(
                &schema,
                base,
                local,
                remote,
                remote_deleted,
                local_deleted,
            )))
            .unwrap();
        (*corpus.entries()[0]).clone()
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
    fn each_annotators_status_merges_on_its_own() {
        let with = |pairs: &[(&str, Status)]| {
            let mut e = entry(vec![], Status::New);
            for (who, status) in pairs {
                e.put_status(&Rc::from(*who), *status);
            }
            e
        };
        let base = with(&[("", Status::InProgress), ("Bo", Status::InProgress)]);
        // Here: mine done. There: mine back to new, Bo's and gold's done.
        let local = with(&[("", Status::Done), ("Bo", Status::InProgress)]);
        let gold = crate::model::annotators::GOLD;
        let remote = with(&[("Bo", Status::Done), (gold, Status::Done)]);
        let e = merged_entry(&base, &local, &remote, &ids(&[]), &ids(&[]));
        assert_eq!(
            e.status_of(""),
            Status::Done,
            "changed here: this tab's stays"
        );
        assert_eq!(e.status_of("Bo"), Status::Done, "changed there only");
        assert_eq!(e.status_of(gold), Status::Done);
        // Taken back to New there (absent from its list), unchanged here: New here too.
        let remote = with(&[("", Status::InProgress)]);
        let e = merged_entry(&base, &base, &remote, &ids(&[]), &ids(&[]));
        assert_eq!(e.status_of("Bo"), Status::New);
        assert_eq!(e.status_of(""), Status::InProgress);
    }

    #[test]
    fn decisions_merge_as_a_union() {
        let with = |keys: &[&str]| {
            let mut e = entry(vec![], Status::New);
            for key in keys {
                e.put_decided(&Rc::from(*key), true);
            }
            e
        };
        let base = with(&["kept", "taken back there"]);
        let local = with(&["kept", "taken back there", "mine"]);
        let remote = with(&["kept", "theirs"]);
        let e = merged_entry(&base, &local, &remote, &ids(&[]), &ids(&[]));
        let keys: Vec<&str> = e.decided.iter().map(|k| &**k).collect();
        // An absence never takes one back: the other tab may not have seen it yet.
        assert_eq!(keys, ["kept", "mine", "taken back there", "theirs"]);
        // Nothing new there: nothing to do.
        let edits = merge_edits(
            &Rc::new(LabelSchema::default()),
            &base,
            &local,
            &with(&["mine"]),
            &ids(&[]),
            &ids(&[]),
        );
        assert!(edits.is_empty(), "{edits:?}");
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
        let schema = Rc::new(LabelSchema::default());
        assert!(merge_edits(&schema, &base, &local, &base, &ids(&[]), &ids(&[])).is_empty());
    }

    fn with_attr(mut s: Span, key: &str, value: &str, at: u64) -> Span {
        s.attrs.set(key, Some(value.into()));
        s.updated = Some(at);
        s
    }

    #[test]
    fn attribute_values_travel_with_their_span() {
        let base = entry(vec![span("e", 7, 10, "entity")], Status::New);
        let remote = entry(
            vec![with_attr(span("e", 7, 10, "entity"), "type", "person", 5)],
            Status::New,
        );
        let (spans, _) = merged(&base, &base, &remote);
        assert_eq!(
            spans.iter().collect::<Vec<_>>(),
            remote.spans.iter().map(|s| &**s).collect::<Vec<_>>()
        );
        // Both tabs set a value: the later one wins, in both.
        let a = entry(
            vec![with_attr(span("e", 7, 10, "entity"), "type", "place", 9)],
            Status::New,
        );
        let (in_a, _) = merged(&base, &a, &remote);
        let (in_r, _) = merged(&base, &remote, &a);
        assert_eq!(
            in_a.iter().collect::<Vec<_>>(),
            a.spans.iter().map(|s| &**s).collect::<Vec<_>>()
        );
        assert_eq!(in_r, in_a);
        // A relabel there drops the values its new label lacks, here too.
        let mut relabelled = span("e", 7, 10, "quote");
        relabelled.updated = Some(11);
        relabelled.attrs.set("kind", Some("direct".into()));
        let there = entry(vec![relabelled.clone()], Status::New);
        let (spans, _) = merged(&remote, &remote, &there);
        assert_eq!(spans, vec![relabelled]);
    }

    fn rel(id: &str, kind: RelationKind, from: &str, to: &str) -> Relation {
        Relation {
            id: RelationId(id.into()),
            kind,
            from: SpanId(from.into()),
            to: SpanId(to.into()),
        }
    }

    fn with_relations(mut e: DocEntry, mut relations: Vec<Relation>) -> DocEntry {
        crate::model::sort::sort_with(&mut relations, &|a, b| a.id.cmp(&b.id));
        e.relations = Rc::new(relations);
        e
    }

    fn relation_ids(e: &DocEntry) -> Vec<&str> {
        e.relations.iter().map(|r| r.id.0.as_str()).collect()
    }

    #[test]
    fn relations_are_added_and_deleted_like_spans() {
        let spans = || {
            vec![
                span("q", 7, 10, "quote"),
                span("e1", 11, 16, "entity"),
                span("e2", 17, 21, "entity"),
                span("c", 22, 26, "claim"),
            ]
        };
        let base = with_relations(
            entry(spans(), Status::New),
            vec![rel("r0", RelationKind::Cue, "q", "c")],
        );
        let local = with_relations(
            entry(spans(), Status::New),
            vec![
                rel("r0", RelationKind::Cue, "q", "c"),
                rel("l", RelationKind::Claimant, "c", "e1"),
            ],
        );
        let remote = with_relations(
            entry(spans(), Status::New),
            vec![rel("r", RelationKind::SaidBy, "q", "e2")],
        );
        let mut gone = ids(&[]);
        gone.relations.insert(RelationId("r0".into()));
        let e = merged_entry(&base, &local, &remote, &gone, &ids(&[]));
        assert_eq!(relation_ids(&e), ["l", "r"]);
        // This tab deleted the remote's relation: it stays deleted.
        let mut mine = ids(&[]);
        mine.relations.insert(RelationId("r".into()));
        let e = merged_entry(&base, &local, &remote, &ids(&[]), &mine);
        assert_eq!(relation_ids(&e), ["l", "r0"]);
        // A relation to a span this tab deleted is left out (and nothing else fails).
        let mut no_e2 = spans();
        no_e2.retain(|s| s.id.0 != "e2");
        let local = with_relations(entry(no_e2, Status::New), vec![]);
        let e = merged_entry(&base, &local, &remote, &ids(&[]), &ids(&["e2"]));
        assert!(relation_ids(&e).is_empty());
        assert_eq!(e.spans.len(), 3);
    }

    #[test]
    fn two_speakers_for_one_quote_settle_the_same_way_in_both_tabs() {
        let spans = || {
            vec![
                span("q", 7, 10, "quote"),
                span("e1", 11, 16, "entity"),
                span("e2", 17, 21, "entity"),
            ]
        };
        let base = entry(spans(), Status::New);
        let a = with_relations(
            entry(spans(), Status::New),
            vec![rel("ra", RelationKind::SaidBy, "q", "e1")],
        );
        let b = with_relations(
            entry(spans(), Status::New),
            vec![rel("rb", RelationKind::SaidBy, "q", "e2")],
        );
        let none = ids(&[]);
        let in_a = merged_entry(&base, &a, &b, &none, &none);
        let in_b = merged_entry(&base, &b, &a, &none, &none);
        assert_eq!(relation_ids(&in_a), ["rb"]);
        assert_eq!(in_a.relations, in_b.relations);
    }

    fn schema(labels: Vec<LabelSpec>) -> LabelSchema {
        LabelSchema::new(labels).unwrap()
    }

    #[test]
    fn schemas_merge_label_by_label() {
        let base = LabelSchema::default();
        let labels = || base.labels().to_vec();
        let none = LabelIdSet::default();
        let unused = |_: &str| false;
        // Added there: added here.
        let mut added = labels();
        added.push(LabelSpec::new("opinion", "Opinion", "#c77d0a"));
        let remote = schema(added.clone());
        let got = merge_schema(&base, &base, &remote, &none, &none, unused).unwrap();
        assert_eq!(got, remote);
        assert_eq!(
            merge_schema(&base, &remote, &remote, &none, &none, unused),
            None
        );
        // Renamed there, recoloured here (another label): both kept.
        let mut renamed = labels();
        renamed[0].name = "Citation".into();
        let mut recoloured = labels();
        recoloured[2].color = "#000000".into();
        let got = merge_schema(
            &base,
            &schema(recoloured.clone()),
            &schema(renamed.clone()),
            &none,
            &none,
            unused,
        )
        .unwrap();
        assert_eq!(got.label("quote").unwrap().name, "Citation");
        assert_eq!(got.label("entity").unwrap().color, "#000000");
        // The same label changed in both: the same version wins in both tabs.
        let mut other = labels();
        other[0].name = "Said".into();
        let in_a = merge_schema(
            &base,
            &schema(renamed.clone()),
            &schema(other.clone()),
            &none,
            &none,
            unused,
        );
        let in_b = merge_schema(
            &base,
            &schema(other.clone()),
            &schema(renamed.clone()),
            &none,
            &none,
            unused,
        );
        let a = in_a.unwrap_or_else(|| schema(renamed.clone()));
        let b = in_b.unwrap_or_else(|| schema(other.clone()));
        assert_eq!(a, b);
        // Deleted there (a tombstone): deleted here, unless spans here use it.
        let with = schema(added.clone());
        let mut gone = LabelIdSet::default();
        gone.insert("opinion".to_owned());
        let got = merge_schema(&with, &with, &base, &gone, &none, unused).unwrap();
        assert_eq!(got, base);
        assert_eq!(
            merge_schema(&with, &with, &base, &gone, &none, |l| l == "opinion"),
            None
        );
        // Missing there without a tombstone (the other tab never saw it): kept.
        assert_eq!(
            merge_schema(&with, &with, &base, &none, &none, unused),
            None
        );
        // Deleted here: not brought back.
        assert_eq!(
            merge_schema(&with, &base, &with, &none, &gone, unused),
            None
        );
        // A result that is not valid (two labels with one key) is not taken.
        let mut clash = labels();
        clash.push({
            let mut l = LabelSpec::new("x", "X", "#111111");
            l.key = Some('x');
            l
        });
        let mut clash2 = labels();
        clash2.push({
            let mut l = LabelSpec::new("y", "Y", "#111111");
            l.key = Some('x');
            l
        });
        assert_eq!(
            merge_schema(&base, &schema(clash), &schema(clash2), &none, &none, unused),
            None
        );
    }

    fn corpus_of(entries: Vec<DocEntry>) -> Corpus {
        let mut corpus = Corpus::default();
        corpus.apply(Edit::insert_documents(0, entries)).unwrap();
        corpus
    }

    #[test]
    fn a_document_deleted_here_but_changed_there_comes_back_with_a_message() {
        let there = entry(vec![span("a", 7, 10, "quote")], Status::New);
        let corpus = corpus_of(Vec::new());
        let change = RemoteChange::Doc {
            remote: there.clone(),
            base: Some(Rc::new(entry(Vec::new(), Status::New))),
            remote_deleted: ids(&[]),
            local_deleted: ids(&[]),
        };
        let Incoming::Apply { edit, done, failed } = incoming(&corpus, change) else {
            panic!("an edit");
        };
        assert_eq!(*edit, Edit::insert_documents(0, vec![there]));
        assert_eq!(
            done.as_deref(),
            Some("\u{201c}Title\u{201d} was changed in another tab, so it is back here.")
        );
        assert!(failed.is_some());
    }

    #[test]
    fn a_document_removed_there_goes_here_only_when_unchanged_here() {
        let stored = entry(vec![span("a", 7, 10, "quote")], Status::New);
        let corpus = corpus_of(vec![stored.clone()]);
        let id = stored.doc.id.clone();
        let removed = |base: DocEntry| RemoteChange::Removed {
            id: id.clone(),
            base: Some(Rc::new(base)),
        };
        assert_eq!(
            incoming(&corpus, removed(stored.clone())),
            Incoming::Apply {
                edit: Box::new(Edit::delete_document(id.clone())),
                done: None,
                failed: None
            }
        );
        // This tab changed it since it stored `older`: it stays.
        let older = entry(Vec::new(), Status::New);
        assert_eq!(incoming(&corpus, removed(older)), Incoming::Nothing);
        assert_eq!(incoming(&corpus, RemoteChange::Cleared), Incoming::Cleared);
    }

    #[test]
    fn the_same_schema_from_another_tab_changes_nothing() {
        let corpus = corpus_of(Vec::new());
        let change = RemoteChange::Schema {
            remote: corpus.schema().clone(),
            base: None,
            remote_deleted: LabelIdSet::default(),
            local_deleted: LabelIdSet::default(),
        };
        assert_eq!(incoming(&corpus, change), Incoming::Nothing);
    }
}
