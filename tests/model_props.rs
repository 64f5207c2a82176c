#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the model core: segmentation against a brute-force check, edits with
//! exact inverses under random valid and invalid input, and undo/redo through the workspace.

use std::collections::HashSet;
use std::ops::Range;
use std::rc::Rc;

use marginalia::formats::article::parse_article;
use marginalia::model::{
    segment, Corpus, DocEntry, DocId, Document, Edit, LabelSchema, Span, SpanId, Status, Workspace,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Segmentation

/// Ranges anywhere around a block at 10..40: inside, crossing its ends, outside, empty and
/// reversed.
fn any_range() -> impl Strategy<Value = Range<usize>> {
    (0usize..50, 0usize..50).prop_map(|(a, b)| a..b)
}

/// Random spans plus, sometimes, many copies of one short span (lots of spans on one point).
fn spans_strategy() -> impl Strategy<Value = Vec<Range<usize>>> {
    (
        prop::collection::vec(any_range(), 0..24),
        0usize..50,
        1usize..3,
        0usize..120,
    )
        .prop_map(|(mut spans, at, len, copies)| {
            spans.extend(std::iter::repeat_n(at..at + len, copies));
            spans
        })
        .prop_shuffle()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn segments_tile_the_range_with_exact_covering_sets(
        range in any_range(),
        spans in spans_strategy(),
    ) {
        let segments = segment(range.clone(), &spans);
        if range.start >= range.end {
            prop_assert!(segments.is_empty());
            return Ok(());
        }
        // Tiling: in order, no gaps, no overlaps, no empty segment.
        prop_assert_eq!(segments.first().map(|s| s.start), Some(range.start));
        prop_assert_eq!(segments.last().map(|s| s.end), Some(range.end));
        for s in &segments {
            prop_assert!(s.start < s.end, "empty segment {:?}", s);
        }
        for pair in segments.windows(2) {
            prop_assert_eq!(pair[0].end, pair[1].start);
            prop_assert_ne!(&pair[0].covering, &pair[1].covering, "neighbours must differ");
        }
        for s in &segments {
            // Exactly the spans covering the whole segment, ascending.
            let expected: Vec<usize> = spans
                .iter()
                .enumerate()
                .filter(|(_, r)| r.start <= s.start && s.end <= r.end)
                .map(|(i, _)| i)
                .collect();
            prop_assert_eq!(&s.covering, &expected);
            // And the set is constant over the segment: every point is covered by exactly
            // those spans.
            for p in s.start..s.end {
                let at_point: Vec<usize> = spans
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.start <= p && p < r.end)
                    .map(|(i, _)| i)
                    .collect();
                prop_assert_eq!(&s.covering, &at_point, "point {}", p);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Edits

/// Five documents of different lengths (one with astral and combining characters); the
/// corpora start with the first three, the others can be inserted.
fn pool() -> Vec<Document> {
    [
        "Alpha\n\nShort one.",
        "Beta\n\nA somewhat longer paragraph.",
        "Gamma\n\n🇺🇦 e\u{301} 北海道 done",
        "Delta\n\n- a bullet\n- another",
        "Epsilon",
    ]
    .iter()
    .enumerate()
    .map(|(i, text)| parse_article(text, &format!("doc{i}.md")))
    .collect()
}

fn pool_ids() -> Vec<DocId> {
    pool().into_iter().map(|d| d.id).collect()
}

/// A document id: mostly one of the three in the starting corpus, sometimes one of the two
/// others (present only once inserted) or an unknown one.
fn doc_id() -> impl Strategy<Value = DocId> {
    let ids = pool_ids();
    let more = ids.clone();
    prop_oneof![
        12 => (0usize..3).prop_map(move |i| ids[i].clone()),
        2 => (3usize..5).prop_map(move |i| more[i].clone()),
        1 => Just(DocId("unknown".to_owned())),
    ]
}

fn span_id() -> impl Strategy<Value = SpanId> {
    (0u8..4).prop_map(|i| SpanId(format!("s{i}")))
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["quote", "claim", "entity"]).prop_map(str::to_owned),
        1 => prop::sample::select(vec!["", "Quote", "opinion"]).prop_map(str::to_owned),
    ]
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

/// Mostly short ranges starting in 0..20 (documents have 7 to 34 code points), so some end
/// beyond the text; sometimes empty or reversed.
fn span() -> impl Strategy<Value = Span> {
    (
        span_id(),
        0usize..20,
        prop_oneof![6 => 1usize..12, 1 => Just(0usize)],
        prop::bool::weighted(0.1),
        label(),
        prop::sample::select(vec!["", "note", "“quoted” ✓"]),
        time(),
    )
        .prop_map(|(id, start, len, reversed, label, note, created)| {
            let (start, end) = if reversed && len > 0 {
                (start + len, start)
            } else {
                (start, start + len)
            };
            Span {
                id,
                start,
                end,
                label,
                note: note.to_owned(),
                attrs: Default::default(),
                created,
                updated: created,
            }
        })
}

/// A span time: a few values (so edits sometimes leave it as it was), or unknown.
fn time() -> impl Strategy<Value = Option<u64>> {
    prop::option::of(prop::sample::select(vec![1_000u64, 2_000, 3_000]))
}

fn doc_entry() -> impl Strategy<Value = DocEntry> {
    let docs = pool();
    (0..docs.len(), prop::collection::vec(span(), 0..4), status()).prop_map(
        move |(i, spans, status)| {
            let mut entry = DocEntry::new(docs[i].clone());
            entry.spans = Rc::new(spans);
            entry.status = status;
            entry
        },
    )
}

fn leaf_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (doc_id(), span()).prop_map(|(doc, span)| Edit::AddSpan { doc, span }),
        2 => (doc_id(), span_id()).prop_map(|(doc, id)| Edit::DeleteSpan { doc, id }),
        2 => (doc_id(), span_id(), label(), time())
            .prop_map(|(doc, id, label, updated)| Edit::Relabel { doc, id, label, updated }),
        2 => (doc_id(), span_id(), prop::sample::select(vec!["", "a", "b"]), time())
            .prop_map(|(doc, id, note, updated)| Edit::SetNote { doc, id, note: note.to_owned(), updated }),
        2 => (doc_id(), status()).prop_map(|(doc, status)| Edit::SetStatus { doc, status }),
        2 => (0usize..7, prop::collection::vec(doc_entry(), 0..3))
            .prop_map(|(index, entries)| Edit::InsertDocuments { index, entries }),
        1 => doc_id().prop_map(|doc| Edit::DeleteDocument { doc }),
    ]
}

/// Mostly single edits; some batches, some with a nested batch.
fn edit() -> impl Strategy<Value = Edit> {
    let batch = || prop::collection::vec(leaf_edit(), 0..4).prop_map(Edit::Batch);
    prop_oneof![
        10 => leaf_edit(),
        2 => batch(),
        1 => prop::collection::vec(prop_oneof![leaf_edit(), batch()], 0..4)
            .prop_map(Edit::Batch),
    ]
}

/// The corpus invariants: unique document ids; per document, spans sorted by text order,
/// unique ids, non-empty ranges within the text, known labels.
fn check_invariants(corpus: &Corpus) -> Result<(), TestCaseError> {
    let mut docs = HashSet::new();
    for entry in corpus.entries().iter() {
        prop_assert!(docs.insert(entry.doc.id.clone()), "duplicate document");
        let len = entry.doc.char_len();
        let mut ids = HashSet::new();
        for s in entry.spans.iter() {
            prop_assert!(ids.insert(s.id.clone()), "duplicate span id {}", s.id);
            prop_assert!(s.start < s.end && s.end <= len, "bad range {:?}", s);
            prop_assert!(
                LabelSchema::default().label(&s.label).is_some(),
                "unknown label {:?}",
                s
            );
        }
        for pair in entry.spans.windows(2) {
            prop_assert!(Span::text_order(&pair[0], &pair[1]).is_lt(), "not sorted");
        }
    }
    Ok(())
}

/// The document a single-document edit touches (None for batches and list edits).
fn touched(edit: &Edit) -> Option<DocId> {
    match edit {
        Edit::AddSpan { doc, .. }
        | Edit::DeleteSpan { doc, .. }
        | Edit::Relabel { doc, .. }
        | Edit::SetNote { doc, .. }
        | Edit::SetStatus { doc, .. } => Some(doc.clone()),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edits_keep_invariants_and_inverses_are_exact(
        edits in prop::collection::vec(edit(), 1..40),
    ) {
        let mut corpus = Corpus::new(pool().into_iter().take(3).collect());
        for edit in edits {
            let before = corpus.clone();
            let only = touched(&edit);
            let is_add_span = matches!(edit, Edit::AddSpan { .. });
            match corpus.apply(edit) {
                Ok(inverse) => {
                    check_invariants(&corpus)?;
                    if let Some(doc) = only {
                        // Other documents keep their pointers; AddSpan keeps the status.
                        for old in before.entries().iter() {
                            let new = corpus.entry(&old.doc.id).unwrap();
                            if old.doc.id != doc {
                                prop_assert!(Rc::ptr_eq(old, new));
                            } else if is_add_span {
                                prop_assert_eq!(old.status, new.status);
                            }
                        }
                    }
                    let after = corpus.clone();
                    let mut undone = corpus.clone();
                    let redo = undone.apply(inverse);
                    prop_assert!(redo.is_ok(), "inverse refused: {:?}", redo);
                    prop_assert_eq!(&undone, &before);
                    check_invariants(&undone)?;
                    // The inverse of the inverse redoes the edit.
                    let again = undone.apply(redo.unwrap());
                    prop_assert!(again.is_ok());
                    prop_assert_eq!(&undone, &after);
                }
                Err(error) => {
                    prop_assert_eq!(&corpus, &before);
                    prop_assert!(Rc::ptr_eq(corpus.entries(), before.entries()));
                    prop_assert!(!error.to_string().is_empty());
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// History through the workspace

#[derive(Clone, Debug)]
enum Op {
    Edit(Edit),
    Open(DocId),
    Step(isize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => edit().prop_map(Op::Edit),
        1 => doc_id().prop_map(Op::Open),
        1 => (-2isize..3).prop_map(Op::Step),
    ]
}

fn check_active(ws: &Workspace) -> Result<(), TestCaseError> {
    prop_assert_eq!(ws.active_id().is_some(), !ws.entries().is_empty());
    if let Some(id) = ws.active_id() {
        prop_assert!(
            ws.corpus().entry(id).is_some(),
            "active {} is not a document",
            id
        );
        prop_assert_eq!(ws.active().map(|e| &e.doc.id), Some(id));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn undo_all_and_redo_all_through_the_workspace(
        ops in prop::collection::vec(op(), 1..40),
        start_empty in prop::bool::weighted(0.2),
    ) {
        let docs = if start_empty { vec![] } else { pool().into_iter().take(3).collect() };
        let mut ws = Workspace::new(docs);
        let initial = ws.corpus().clone();
        check_active(&ws)?;
        let mut steps = 0;
        for op in ops {
            match op {
                Op::Edit(edit) => {
                    let before = ws.clone();
                    let new_doc_added_to = match &edit {
                        Edit::AddSpan { doc, .. } => ws
                            .corpus()
                            .entry(doc)
                            .filter(|e| e.status == Status::New)
                            .map(|e| e.doc.id.clone()),
                        _ => None,
                    };
                    if ws.edit(edit).is_ok() {
                        steps += 1;
                        if let Some(doc) = new_doc_added_to {
                            prop_assert_eq!(
                                ws.corpus().entry(&doc).map(|e| e.status),
                                Some(Status::InProgress)
                            );
                        }
                    } else {
                        prop_assert_eq!(&ws, &before);
                    }
                }
                Op::Open(id) => {
                    let was = ws.active_id().cloned();
                    let changed = ws.open(&id);
                    prop_assert_eq!(
                        changed,
                        was.as_ref() != Some(&id) && ws.corpus().entry(&id).is_some()
                    );
                }
                Op::Step(step) => {
                    ws.step(step);
                }
            }
            check_invariants(ws.corpus())?;
            check_active(&ws)?;
        }
        let last = ws.corpus().clone();

        let mut undone = 0;
        while ws.undo() {
            undone += 1;
            check_active(&ws)?;
        }
        prop_assert_eq!(undone, steps);
        prop_assert_eq!(ws.corpus(), &initial);
        prop_assert!(!ws.can_undo());

        let mut redone = 0;
        while ws.redo() {
            redone += 1;
            check_active(&ws)?;
        }
        prop_assert_eq!(redone, steps);
        prop_assert_eq!(ws.corpus(), &last);
        prop_assert!(!ws.can_redo());
    }
}
