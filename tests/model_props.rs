#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the model core: segmentation against a brute-force check, edits with
//! exact inverses under random valid and invalid input, and undo/redo through the workspace.

use std::collections::HashSet;
use std::ops::Range;
use std::rc::Rc;

use marginalia::formats::article::parse_article;
use marginalia::model::annotators::GOLD;
use marginalia::model::corpus_index::CorpusIndex;
use marginalia::model::corpus_views::{claim_rows, corpus_label_counts, person_cards};
use marginalia::model::entry::{decided_from, statuses_from, DECISION_BYTES};
use marginalia::model::facts::facts_of;
use marginalia::model::{
    segment, AttrKind, AttrSpec, Attrs, Corpus, DocEdit, DocEntry, DocId, Document, Edit,
    LabelField, LabelSchema, LabelSpec, Relation, RelationEdit, RelationId, RelationKind,
    SchemaEdit, Span, SpanEdit, SpanId, Status, Workspace,
};
use marginalia::storage::backend::MemoryBackend;
use marginalia::storage::persist::{load, Saver};
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

/// A document id: mostly one of the three in the starting corpus (most often the longest, so
/// spans, attributes and relations pile up in it), sometimes one of the two others (present
/// only once inserted) or an unknown one.
fn doc_id() -> impl Strategy<Value = DocId> {
    let ids = pool_ids();
    let more = ids.clone();
    let longest = ids[1].clone();
    prop_oneof![
        8 => Just(longest),
        6 => (0usize..3).prop_map(move |i| ids[i].clone()),
        2 => (3usize..5).prop_map(move |i| more[i].clone()),
        1 => Just(DocId("unknown".to_owned())),
    ]
}

/// Span ids say which label the span mostly has (`q` quote, `e` entity, `c` claim, `x` any),
/// so attribute and relation edits often meet a span they fit.
fn span_id() -> impl Strategy<Value = SpanId> {
    prop::sample::select(vec!["q0", "q1", "e0", "e1", "c0", "x0"]).prop_map(|i| SpanId(i.into()))
}

/// The label a span with this id mostly has.
fn label_for(id: &SpanId) -> &'static str {
    match id.0.as_bytes().first() {
        Some(b'q') => "quote",
        Some(b'e') => "entity",
        Some(b'c') => "claim",
        _ => "opinion",
    }
}

/// (span, attribute, value): mostly a value that fits the span's usual label, sometimes one
/// that does not (wrong label, not a choice, empty, unknown attribute).
fn attr_target() -> impl Strategy<Value = (SpanId, String, String)> {
    prop::sample::select(vec![
        ("q0", "kind", "direct"),
        ("q1", "kind", "partial"),
        ("e0", "type", "person"),
        ("e1", "type", "place"),
        ("e1", "canonical", "Zelensky"),
        ("e0", "external_id", "Q1"),
        ("c0", "checkworthy", "unsure"),
        ("c0", "verdict", "False"),
        ("x0", "tone", "calm"),
        ("x0", "tone", "angry"),
        ("e1", "type", "Person"),
        ("q0", "type", "person"),
        ("e0", "nope", "x"),
        ("c0", "verdict", ""),
    ])
    .prop_map(|(id, k, v)| (SpanId(id.into()), k.to_owned(), v.to_owned()))
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["quote", "claim", "entity"]).prop_map(str::to_owned),
        1 => prop::sample::select(vec!["", "Quote", "opinion"]).prop_map(str::to_owned),
    ]
}

/// Attribute ids of the default labels, of the `opinion` label the schema edits can add, and
/// unknown ones.
fn attr_key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "type",
        "canonical",
        "external_id",
        "kind",
        "checkworthy",
        "verdict",
        "tone",
        "nope",
    ])
    .prop_map(str::to_owned)
}

/// Valid values for some attribute, values valid for none, and empty.
fn attr_value() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "person", "place", "direct", "partial", "unsure", "calm", "angry", "Zelensky", "", "Person",
    ])
    .prop_map(str::to_owned)
}

fn attrs() -> impl Strategy<Value = Attrs> {
    prop::collection::vec((attr_key(), attr_value()), 0..3)
        .prop_map(|pairs| pairs.into_iter().collect())
}

fn relation_id() -> impl Strategy<Value = RelationId> {
    (0u8..4).prop_map(|i| RelationId(format!("r{i}")))
}

/// Mostly links between spans whose usual labels fit the kind; sometimes any two spans.
fn relation() -> impl Strategy<Value = Relation> {
    use RelationKind::*;
    let fitting = prop::sample::select(vec![
        (SaidBy, "q0", "e0"),
        (SaidBy, "q0", "e1"),
        (SaidBy, "q1", "e0"),
        (Cue, "q0", "c0"),
        (Cue, "q1", "x0"),
        (Cue, "q0", "q1"),
        (Claimant, "c0", "e0"),
        (Claimant, "c0", "e1"),
    ])
    .prop_map(|(k, f, t)| (k, SpanId(f.into()), SpanId(t.into())));
    let any = (
        prop::sample::select(RelationKind::ALL.to_vec()),
        span_id(),
        span_id(),
    );
    (relation_id(), prop_oneof![4 => fitting, 1 => any])
        .prop_map(|(id, (kind, from, to))| Relation { id, kind, from, to })
}

fn label_id() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["quote", "claim", "entity", "opinion", "nope"])
        .prop_map(str::to_owned)
}

/// Labels to add: a valid one with an attribute, and ones that clash or are not valid.
fn label_spec() -> impl Strategy<Value = LabelSpec> {
    prop_oneof![
        3 => Just({
            let mut l = LabelSpec::new("opinion", "Opinion", "#c77d0a");
            l.key = Some('o');
            l.attributes.push(AttrSpec {
                id: "tone".into(),
                name: "Tone".into(),
                kind: AttrKind::Choice(vec!["calm".into(), "angry".into()]),
            });
            l
        }),
        1 => Just(LabelSpec::new("claim", "Second claim", "#000000")),
        1 => Just(LabelSpec::new("other", "Quote", "#000000")),
        1 => Just(LabelSpec::new("bad", "Bad", "blue")),
    ]
}

fn label_field() -> impl Strategy<Value = LabelField> {
    prop_oneof![
        prop::sample::select(vec!["Citation", "Claim", "Entity", " "])
            .prop_map(|n| LabelField::Name(n.to_owned())),
        prop::sample::select(vec!["#123456", "#ABCDEF", "red"])
            .prop_map(|c| LabelField::Color(c.to_owned())),
        prop::sample::select(vec![None, Some('o'), Some('q'), Some('j'), Some('x')])
            .prop_map(LabelField::Key),
        Just(LabelField::Help("What it is for".to_owned())),
    ]
}

fn attr_spec() -> impl Strategy<Value = AttrSpec> {
    (attr_key(), prop::bool::ANY).prop_map(|(id, text)| AttrSpec {
        name: id.to_ascii_uppercase(),
        id,
        kind: if text {
            AttrKind::Text
        } else {
            AttrKind::Choice(vec!["calm".into(), "person".into()])
        },
    })
}

/// (label, attribute, choice): mostly a choice that exists (or can, for `opinion`), sometimes
/// any combination.
fn choice_target() -> impl Strategy<Value = (String, String, String)> {
    let known = prop::sample::select(vec![
        ("entity", "type", "person"),
        ("entity", "type", "place"),
        ("quote", "kind", "direct"),
        ("claim", "checkworthy", "unsure"),
        ("opinion", "tone", "calm"),
        ("opinion", "tone", "angry"),
    ])
    .prop_map(|(l, a, c)| (l.to_owned(), a.to_owned(), c.to_owned()));
    prop_oneof![4 => known, 1 => (label_id(), attr_key(), attr_value())]
}

fn schema_edit() -> impl Strategy<Value = Edit> {
    let choice = attr_value;
    prop_oneof![
        2 => (0usize..5, label_spec()).prop_map(|(index, label)| Edit::Schema(SchemaEdit::AddLabel { index, label })),
        1 => label_id().prop_map(|id| Edit::Schema(SchemaEdit::RemoveLabel { id })),
        2 => (label_id(), label_field()).prop_map(|(id, field)| Edit::Schema(SchemaEdit::SetLabel { id, field })),
        1 => (label_id(), 0usize..5).prop_map(|(id, index)| Edit::Schema(SchemaEdit::MoveLabel { id, index })),
        1 => (label_id(), 0usize..4, attr_spec())
            .prop_map(|(label, index, attr)| Edit::Schema(SchemaEdit::AddAttr { label, index, attr })),
        1 => (label_id(), attr_key()).prop_map(|(label, attr)| Edit::Schema(SchemaEdit::RemoveAttr { label, attr })),
        1 => (label_id(), attr_key())
            .prop_map(|(label, attr)| Edit::Schema(SchemaEdit::RenameAttr { label, attr, name: "Renamed".into() })),
        1 => (label_id(), attr_key(), 0usize..4, choice())
            .prop_map(|(label, attr, index, choice)| Edit::Schema(SchemaEdit::AddChoice { label, attr, index, choice })),
        1 => choice_target()
            .prop_map(|(label, attr, choice)| Edit::Schema(SchemaEdit::RemoveChoice { label, attr, choice })),
        2 => (choice_target(), choice())
            .prop_map(|((label, attr, from), to)| Edit::Schema(SchemaEdit::RenameChoice { label, attr, from, to })),
        1 => prop::bool::ANY.prop_map(|empty| Edit::Schema(SchemaEdit::Replace(Rc::new(
            if empty { LabelSchema::empty() } else { LabelSchema::default() }
        )))),
    ]
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

/// Whose a span or a status is: mostly the unnamed person at this browser, sometimes a named
/// one or the gold layer.
fn annotator() -> impl Strategy<Value = Rc<str>> {
    prop::sample::select(vec!["", "", "Ada", "Bo Li", GOLD]).prop_map(Rc::from)
}

/// A decision key: a few valid ones (so they are recorded, recorded again and taken back),
/// sometimes an empty or a too long one (refused when recorded).
fn decision_key() -> impl Strategy<Value = Rc<str>> {
    let long = "k".repeat(DECISION_BYTES + 1);
    prop_oneof![
        8 => prop::sample::select(vec!["gold:0:4:quote", "gold:6:16:quote", "suggest:0:4:entity", "ü"]),
        1 => Just(""),
        1 => Just(&*Box::leak(long.into_boxed_str())),
    ]
    .prop_map(Rc::from)
}

/// Mostly short ranges starting in 0..20 (documents have 7 to 34 code points), so some end
/// beyond the text; sometimes empty or reversed.
fn span() -> impl Strategy<Value = Span> {
    (
        (
            span_id(),
            0usize..20,
            prop_oneof![6 => 1usize..12, 1 => Just(0usize)],
            prop::bool::weighted(0.1),
            prop::option::weighted(0.2, label()),
            prop::sample::select(vec!["", "note", "“quoted” ✓"]),
            time(),
        ),
        prop_oneof![4 => Just(Attrs::new()), 1 => attrs()],
        annotator(),
    )
        .prop_map(
            |((id, start, len, reversed, label, note, created), attrs, annotator)| {
                let label = label.unwrap_or_else(|| label_for(&id).to_owned());
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
                    attrs,
                    created,
                    updated: created,
                    annotator,
                }
            },
        )
}

/// A span time: a few values (so edits sometimes leave it as it was), or unknown.
fn time() -> impl Strategy<Value = Option<u64>> {
    prop::option::of(prop::sample::select(vec![1_000u64, 2_000, 3_000]))
}

fn doc_entry() -> impl Strategy<Value = DocEntry> {
    let docs = pool();
    (
        0..docs.len(),
        prop::collection::vec(span(), 0..4),
        prop::collection::vec(relation(), 0..3),
        prop::collection::vec((annotator(), status()), 0..3),
        prop::collection::vec(
            decision_key().prop_filter("valid", |k| !k.is_empty() && k.len() <= DECISION_BYTES),
            0..3,
        ),
    )
        .prop_map(move |(i, spans, relations, statuses, decided)| {
            let mut entry = DocEntry::new(docs[i].clone());
            entry.spans = Rc::new(spans.into_iter().map(Rc::new).collect());
            entry.relations = Rc::new(relations);
            entry.statuses = statuses_from(statuses);
            entry.decided = decided_from(decided);
            entry
        })
}

fn leaf_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (doc_id(), span()).prop_map(|(doc, span)| Edit::add_span(doc, span)),
        2 => (doc_id(), span_id()).prop_map(|(doc, id)| Edit::delete_span(doc, id)),
        2 => (doc_id(), span_id(), label(), time())
            .prop_map(|(doc, id, label, updated)| Edit::relabel(doc, id, label, updated)),
        2 => (doc_id(), span_id(), prop::sample::select(vec!["", "a", "b"]), time())
            .prop_map(|(doc, id, note, updated)| Edit::set_note(doc, id, note.to_owned(), updated)),
        4 => (doc_id(), attr_target(), prop::bool::weighted(0.8), time())
            .prop_map(|(doc, (id, key, value), set, updated)| Edit::set_attr(doc, id, key, set.then_some(value), updated)),
        3 => (doc_id(), relation()).prop_map(|(doc, relation)| Edit::add_relation(doc, relation)),
        1 => (doc_id(), relation_id()).prop_map(|(doc, id)| Edit::delete_relation(doc, id)),
        2 => schema_edit(),
        2 => (doc_id(), annotator(), status())
            .prop_map(|(doc, who, status)| Edit::set_status(doc, who, status)),
        2 => (doc_id(), decision_key(), prop::bool::weighted(0.7))
            .prop_map(|(doc, key, on)| Edit::decide(doc, key, on)),
        2 => (0usize..7, prop::collection::vec(doc_entry(), 0..3))
            .prop_map(|(index, entries)| Edit::insert_documents(index, entries)),
        1 => doc_id().prop_map(Edit::delete_document),
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

/// The corpus invariants: a valid schema; unique document ids; per document, spans sorted by
/// text order, unique ids, non-empty ranges within the text, labels of the schema, attribute
/// values valid for their label; relations sorted by id, unique, between two different
/// existing spans whose labels fit, no two alike, at most one `said_by` per quote; statuses
/// sorted by annotator, none `New`; decisions sorted, unique, valid.
fn check_invariants(corpus: &Corpus) -> Result<(), TestCaseError> {
    let schema = corpus.schema();
    prop_assert!(schema.validate().is_ok(), "{:?}", schema.validate());
    let mut docs = HashSet::new();
    for entry in corpus.entries().iter() {
        prop_assert!(docs.insert(entry.doc.id.clone()), "duplicate document");
        let len = entry.doc.char_len();
        let mut ids = HashSet::new();
        for s in entry.spans.iter() {
            prop_assert!(ids.insert(s.id.clone()), "duplicate span id {}", s.id);
            prop_assert!(s.start < s.end && s.end <= len, "bad range {:?}", s);
            prop_assert!(schema.label(&s.label).is_some(), "unknown label {:?}", s);
            for (k, v) in s.attrs.iter() {
                prop_assert!(
                    schema.check_value(&s.label, k, v).is_ok(),
                    "bad attr {:?}",
                    s
                );
            }
        }
        let mut rel_ids = HashSet::new();
        let mut linked = HashSet::new();
        let mut speakers = HashSet::new();
        for r in entry.relations.iter() {
            prop_assert!(rel_ids.insert(r.id.clone()), "duplicate relation {}", r.id);
            let (from, to) = (entry.span(&r.from), entry.span(&r.to));
            prop_assert!(from.is_some() && to.is_some(), "dangling {:?}", r);
            prop_assert!(
                r.from != r.to && r.fits(schema, from.unwrap(), to.unwrap()),
                "unfit {:?}",
                r
            );
            prop_assert!(
                linked.insert((r.kind, r.from.clone(), r.to.clone())),
                "twice {:?}",
                r
            );
            if r.kind.single() {
                prop_assert!(speakers.insert(r.from.clone()), "two speakers {:?}", r);
            }
        }
        for pair in entry.relations.windows(2) {
            prop_assert!(pair[0].id < pair[1].id, "relations not sorted");
        }
        for pair in entry.spans.windows(2) {
            prop_assert!(Span::text_order(&pair[0], &pair[1]).is_lt(), "not sorted");
        }
        for pair in entry.statuses.windows(2) {
            prop_assert!(pair[0].0 < pair[1].0, "statuses not sorted");
        }
        prop_assert!(entry.statuses.iter().all(|(_, s)| *s != Status::New));
        for pair in entry.decided.windows(2) {
            prop_assert!(pair[0] < pair[1], "decisions not sorted");
        }
        prop_assert!(entry
            .decided
            .iter()
            .all(|k| !k.is_empty() && k.len() <= DECISION_BYTES));
    }
    Ok(())
}

/// The corpus the edit sequences start from: the first three documents of the pool, the
/// longest with a quote, two entities and a claim (so attribute and relation edits meet spans
/// from the start).
fn start() -> Corpus {
    let mut corpus = Corpus::new(pool().into_iter().take(3).collect());
    let doc = pool_ids()[1].clone();
    for (id, start, end, label) in [
        ("q0", 6, 16, "quote"),
        ("e0", 0, 4, "entity"),
        ("e1", 17, 23, "entity"),
        ("c0", 8, 33, "claim"),
    ] {
        let span = Span {
            id: SpanId(id.into()),
            start,
            end,
            label: label.into(),
            note: String::new(),
            attrs: Attrs::new(),
            created: None,
            updated: None,
            annotator: Default::default(),
        };
        corpus.apply(Edit::add_span(doc.clone(), span)).unwrap();
    }
    corpus
}

/// The document a single-document edit touches (None for batches and list edits).
fn touched(edit: &Edit) -> Option<DocId> {
    match edit {
        Edit::Span { doc, .. }
        | Edit::Relation { doc, .. }
        | Edit::Document(DocEdit::SetStatus { doc, .. } | DocEdit::Decide { doc, .. }) => {
            Some(doc.clone())
        }
        Edit::Document(DocEdit::Insert { .. } | DocEdit::Delete(_))
        | Edit::Schema(_)
        | Edit::Batch(_) => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edits_keep_invariants_and_inverses_are_exact(
        edits in prop::collection::vec(edit(), 1..40),
    ) {
        let mut corpus = start();
        for edit in edits {
            let before = corpus.clone();
            let only = touched(&edit);
            let is_add_span = matches!(
                edit,
                Edit::Span {
                    edit: SpanEdit::Add(_),
                    ..
                }
            );
            match corpus.apply(edit) {
                Ok(inverse) => {
                    check_invariants(&corpus)?;
                    if let Some(doc) = only {
                        // Other documents keep their pointers; AddSpan keeps the statuses.
                        for old in before.entries().iter() {
                            let new = corpus.entry(&old.doc.id).unwrap();
                            if old.doc.id != doc {
                                prop_assert!(Rc::ptr_eq(old, new));
                            } else if is_add_span {
                                prop_assert_eq!(&old.statuses, &new.statuses);
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
// Saved and loaded back

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Whatever random edits make of the corpus (spans of several annotators, their statuses,
    /// decisions), saving after each edit and loading gives it back exactly.
    #[test]
    fn every_corpus_the_edits_make_is_saved_and_loaded_back_exactly(
        edits in prop::collection::vec(edit(), 1..24),
    ) {
        let mut corpus = start();
        let mut backend = MemoryBackend::default();
        let mut saver = Saver::default();
        prop_assert!(saver.save(&mut backend, &corpus, None).is_ok());
        for edit in edits {
            if corpus.apply(edit).is_ok() {
                prop_assert!(saver.save(&mut backend, &corpus, None).is_ok());
            }
        }
        let loaded = load(&mut backend, "t");
        prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        prop_assert!(loaded.legacy.is_empty());
        prop_assert_eq!(&loaded.corpus, &corpus);
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus index, kept from edit to edit

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The index kept across random edits (refreshed after some, stopped part way through
    /// others, so a document's facts are at times worked out from those of a state several
    /// edits back) gives each document's facts, the People cards, the claims and the counts
    /// that facts worked out from scratch give.
    #[test]
    fn the_index_kept_across_edits_matches_one_made_from_scratch(
        steps in prop::collection::vec((edit(), 0usize..6), 1..30),
    ) {
        let mut corpus = start();
        let mut index = CorpusIndex::default();
        for (edit, budget) in steps {
            let _ = corpus.apply(edit);
            // 0–4: stop after that many documents; 5: see it through.
            let mut left = budget;
            index.refresh(&corpus, &mut || {
                if budget == 5 {
                    return true;
                }
                let go = left > 0;
                left = left.saturating_sub(1);
                go
            });
            let kept = index.complete(&corpus);
            let fresh = facts_of(&corpus);
            prop_assert_eq!(kept.len(), corpus.len());
            for ((f, e), scratch) in kept.iter().zip(corpus.entries().iter()).zip(&fresh) {
                prop_assert!(Rc::ptr_eq(&f.entry, e));
                // Each document's facts, kept from those before it where the spans are the
                // same, are those worked out from scratch.
                prop_assert_eq!(&f.counts, &scratch.counts);
                prop_assert_eq!(&f.mentions, &scratch.mentions);
                prop_assert_eq!(&f.links, &scratch.links);
                prop_assert_eq!(&f.claims, &scratch.claims);
            }
            prop_assert_eq!(person_cards(&kept), person_cards(&fresh));
            // The People index kept with it gives the cards worked out from scratch.
            let scratch = person_cards(&fresh);
            let (people, position) = index.people();
            let keys: Vec<&str> = scratch.iter().map(|c| &*c.card.key).collect();
            let found = people.found("");
            prop_assert_eq!(found.iter().map(|k| &**k).collect::<Vec<_>>(), keys);
            for card in &scratch {
                let kept = people.person_card(&card.card.key, &position, usize::MAX);
                prop_assert_eq!(kept.as_ref(), Some(card));
            }
            prop_assert_eq!(claim_rows(&kept), claim_rows(&fresh));
            prop_assert_eq!(corpus_label_counts(&kept), corpus_label_counts(&fresh));
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
        let mut ws = if start_empty {
            Workspace::new(vec![])
        } else {
            let corpus = start();
            let first = corpus.entries()[0].doc.id.clone();
            Workspace::from_corpus(corpus, Some(first))
        };
        let initial = ws.corpus().clone();
        check_active(&ws)?;
        let mut steps = 0;
        for op in ops {
            match op {
                Op::Edit(edit) => {
                    let before = ws.clone();
                    // A span added where its annotator is New starts their work, theirs only.
                    let new_doc_added_to = match &edit {
                        Edit::Span {
                            doc,
                            edit: SpanEdit::Add(span),
                        } => ws
                            .corpus()
                            .entry(doc)
                            .filter(|e| e.status_of(&span.annotator) == Status::New)
                            .map(|e| (Rc::clone(e), Rc::clone(&span.annotator))),
                        _ => None,
                    };
                    if ws.edit(edit).is_ok() {
                        steps += 1;
                        if let Some((old, who)) = new_doc_added_to {
                            let new = ws.corpus().entry(&old.doc.id).unwrap();
                            prop_assert_eq!(new.status_of(&who), Status::InProgress);
                            for (name, status) in old.statuses.iter() {
                                prop_assert_eq!(new.status_of(name), *status);
                            }
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

/// The edit strategies reach what they are for: over a fixed sample of sequences, attribute,
/// relation, schema, status and decision edits are accepted often enough, and deletions and relabels take
/// relations and attributes with them (the cascades the property above checks).
#[test]
fn the_random_edits_exercise_attributes_relations_and_the_schema() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::HashMap;

    fn kind(edit: &Edit) -> &'static str {
        match edit {
            Edit::Span { edit, .. } => match edit {
                SpanEdit::SetAttr { value: Some(_), .. } => "set attr",
                SpanEdit::SetAttr { .. } => "remove attr",
                SpanEdit::Add(_) => "add span",
                SpanEdit::Delete(_) | SpanEdit::Relabel { .. } | SpanEdit::SetNote { .. } => {
                    "other"
                }
            },
            Edit::Relation {
                edit: RelationEdit::Add(_),
                ..
            } => "add relation",
            Edit::Schema(
                SchemaEdit::AddLabel { .. }
                | SchemaEdit::RemoveLabel { .. }
                | SchemaEdit::SetLabel { .. },
            ) => "label",
            Edit::Schema(SchemaEdit::RenameChoice { .. }) => "rename choice",
            Edit::Document(DocEdit::SetStatus { .. }) => "status",
            Edit::Document(DocEdit::Decide { on: true, .. }) => "decide",
            Edit::Document(DocEdit::Decide { on: false, .. }) => "take back",
            Edit::Schema(SchemaEdit::AddAttr { .. } | SchemaEdit::RemoveAttr { .. }) => "attr spec",
            _ => "other",
        }
    }
    let mut runner = TestRunner::deterministic();
    let mut accepted: HashMap<&str, usize> = HashMap::new();
    let mut cascades = 0;
    for _ in 0..300 {
        let edits = prop::collection::vec(leaf_edit(), 1..40)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let mut corpus = start();
        for edit in edits {
            let k = kind(&edit);
            let relations =
                |c: &Corpus| -> usize { c.entries().iter().map(|e| e.relations.len()).sum() };
            let had = relations(&corpus);
            let deletes = matches!(
                &edit,
                Edit::Span {
                    edit: SpanEdit::Delete(_) | SpanEdit::Relabel { .. },
                    ..
                }
            );
            if corpus.apply(edit).is_ok() {
                *accepted.entry(k).or_default() += 1;
                if deletes && relations(&corpus) < had {
                    cascades += 1;
                }
            }
        }
    }
    for k in [
        "set attr",
        "add relation",
        "label",
        "rename choice",
        "attr spec",
        "status",
        "decide",
        "take back",
    ] {
        let n = accepted.get(k).copied().unwrap_or(0);
        assert!(n >= 10, "{k}: only {n} accepted ({accepted:?})");
    }
    assert!(cascades >= 5, "only {cascades} cascades");
}
