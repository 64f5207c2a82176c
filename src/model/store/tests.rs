//! The store's edits and their exact inverses, the history, the error messages.

use std::rc::Rc;

use super::*;
use crate::formats::article::parse_article;
use crate::model::edit::{DocEdit, SchemaEdit, SpanEdit};
use crate::model::entry::Status;
use crate::model::history::History;
use crate::model::labels::AttrKind;
use crate::model::labels::{AttrSpec, LabelField, LabelSpec};
use crate::model::relation::RelationKind;
use crate::model::relation::{Relation, RelationId};

fn doc(body: &str) -> Document {
    parse_article(body, "test.md")
}

/// Three documents: texts of 20, 30 and 12 code points (one with astral characters).
fn corpus() -> Corpus {
    Corpus::new(vec![
        doc("Alpha\n\nFirst words."),
        doc("Beta\n\nSecond text, longer one."),
        doc("Gamma\n\n🇺🇦 é 北"),
    ])
}

fn id(c: &Corpus, i: usize) -> DocId {
    c.entries()[i].doc.id.clone()
}

fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
    Span::test(id, start, end, label)
}

fn add(c: &mut Corpus, doc: usize, s: Span) -> Result<Edit, EditError> {
    let doc = id(c, doc);
    c.apply(Edit::add_span(doc, s))
}

/// Applies `edit`, checks the inverse restores the corpus exactly, re-applies it.
fn round_trip(c: &mut Corpus, edit: Edit) -> Edit {
    let before = c.clone();
    let inverse = c.apply(edit.clone()).unwrap();
    let after = c.clone();
    let redo = c.apply(inverse.clone()).unwrap();
    assert_eq!(*c, before);
    c.apply(redo).unwrap();
    assert_eq!(*c, after);
    inverse
}

fn refused(c: &mut Corpus, edit: Edit) -> EditError {
    let before = c.clone();
    let error = c.apply(edit).unwrap_err();
    assert_eq!(*c, before);
    assert!(Rc::ptr_eq(c.entries(), before.entries()) || **c.entries() == **before.entries());
    error
}

#[test]
fn status_ids_and_names() {
    let ids: Vec<_> = Status::ALL.iter().map(|s| s.id()).collect();
    assert_eq!(ids, ["new", "in_progress", "done"]);
    let names: Vec<_> = Status::ALL.iter().map(|s| s.name()).collect();
    assert_eq!(names, ["New", "In progress", "Done"]);
    for s in Status::ALL {
        assert_eq!(Status::from_id(s.id()), Some(s));
    }
    assert_eq!(Status::from_id("In progress"), None);
    assert_eq!(Status::from_id("DONE"), None);
    assert_eq!(Status::from_id(""), None);
}

#[test]
fn new_keeps_order_and_drops_duplicate_ids() {
    let a = doc("Alpha\n\nOne.");
    let b = doc("Beta\n\nTwo.");
    let mut a2 = doc("Alpha\n\nOne.");
    a2.source = "copy.md".into();
    let c = Corpus::new(vec![a.clone(), b.clone(), a2]);
    assert_eq!(c.len(), 2);
    assert_eq!(c.entries()[0].doc.source, "test.md");
    assert_eq!(*c.entries()[0].doc, a);
    assert_eq!(*c.entries()[1].doc, b);
    for e in c.entries().iter() {
        assert_eq!(e.status_of(""), Status::New);
        assert!(e.spans.is_empty());
    }
    assert_eq!(c.index_of(&b.id), Some(1));
    assert!(c.entry(&DocId("nope".into())).is_none());
    assert!(Corpus::new(vec![]).is_empty());
}

#[test]
fn add_span_inserts_in_text_order_and_keeps_status() {
    let mut c = corpus();
    let d = id(&c, 0);
    round_trip(&mut c, Edit::add_span(d.clone(), span("b", 7, 12, "claim")));
    round_trip(&mut c, Edit::add_span(d.clone(), span("a", 7, 19, "quote")));
    round_trip(&mut c, Edit::add_span(d.clone(), span("c", 0, 5, "entity")));
    round_trip(&mut c, Edit::add_span(d.clone(), span("d", 7, 12, "quote")));
    let e = c.entry(&d).unwrap();
    let order: Vec<_> = e.spans.iter().map(|s| s.id.0.as_str()).collect();
    assert_eq!(order, ["c", "a", "b", "d"]);
    assert_eq!(
        e.status_of(""),
        Status::New,
        "Corpus::apply never changes status"
    );
    assert_eq!(e.count("quote"), 2);
    assert_eq!(e.count("claim"), 1);
    assert_eq!(e.count("other"), 0);
    assert_eq!(e.span(&SpanId("b".into())).unwrap().start, 7);
}

#[test]
fn add_span_inverse_is_delete() {
    let mut c = corpus();
    let d = id(&c, 1);
    let inverse = add(&mut c, 1, span("x", 0, 4, "quote")).unwrap();
    assert_eq!(inverse, Edit::delete_span(d, SpanId("x".into())));
}

#[test]
fn add_span_errors() {
    let mut c = corpus();
    add(&mut c, 0, span("a", 0, 5, "quote")).unwrap();
    let d = id(&c, 0);
    let len = c.entries()[0].doc.char_len();
    assert_eq!(len, 19);
    let unknown = DocId("missing".into());
    assert_eq!(
        refused(
            &mut c,
            Edit::add_span(unknown.clone(), span("z", 0, 1, "quote"))
        ),
        EditError::UnknownDocument(unknown)
    );
    assert_eq!(
        refused(&mut c, Edit::add_span(d.clone(), span("a", 6, 9, "claim"))),
        EditError::DuplicateSpan(SpanId("a".into()))
    );
    for (start, end) in [(3, 3), (5, 2), (0, len + 1), (len, len + 3)] {
        assert_eq!(
            refused(
                &mut c,
                Edit::add_span(d.clone(), span("z", start, end, "quote"))
            ),
            EditError::BadRange {
                id: SpanId("z".into()),
                start,
                end,
                len
            }
        );
    }
    assert_eq!(
        refused(&mut c, Edit::add_span(d.clone(), span("z", 0, 2, "Quote"))),
        EditError::UnknownLabel("Quote".into())
    );
    // The whole text is fine, and lengths are code points (astral flag = 2 code points).
    add(&mut c, 0, span("all", 0, len, "claim")).unwrap();
    let astral_len = c.entries()[2].doc.char_len();
    assert_eq!(astral_len, 13);
    add(&mut c, 2, span("end", 7, astral_len, "entity")).unwrap();
}

#[test]
fn delete_span_inverse_restores_full_span() {
    let mut c = corpus();
    let d = id(&c, 0);
    let mut s = span("a", 2, 9, "claim");
    s.note = "check this".into();
    add(&mut c, 0, s.clone()).unwrap();
    add(&mut c, 0, span("b", 1, 3, "quote")).unwrap();
    let inverse = round_trip(&mut c, Edit::delete_span(d.clone(), s.id.clone()));
    assert_eq!(inverse, Edit::add_span(d.clone(), s));
    assert_eq!(
        refused(&mut c, Edit::delete_span(d.clone(), SpanId("nope".into()))),
        EditError::UnknownSpan(SpanId("nope".into()))
    );
    assert_eq!(
        refused(
            &mut c,
            Edit::delete_span(DocId("x".into()), SpanId("b".into()))
        ),
        EditError::UnknownDocument(DocId("x".into()))
    );
}

#[test]
fn relabel_set_note_and_status() {
    let mut c = corpus();
    let d = id(&c, 0);
    let sid = SpanId("a".into());
    add(&mut c, 0, span("a", 2, 9, "claim")).unwrap();

    let inv = round_trip(
        &mut c,
        Edit::relabel(d.clone(), sid.clone(), "entity".into(), None),
    );
    assert_eq!(
        inv,
        Edit::relabel(d.clone(), sid.clone(), "claim".into(), None)
    );
    assert_eq!(c.entries()[0].spans[0].label, "entity");
    assert_eq!(
        refused(
            &mut c,
            Edit::relabel(d.clone(), sid.clone(), "opinion".into(), None)
        ),
        EditError::UnknownLabel("opinion".into())
    );
    assert_eq!(
        refused(
            &mut c,
            Edit::relabel(d.clone(), SpanId("q".into()), "quote".into(), None)
        ),
        EditError::UnknownSpan(SpanId("q".into()))
    );

    let inv = round_trip(
        &mut c,
        Edit::set_note(d.clone(), sid.clone(), "source?".into(), None),
    );
    assert_eq!(
        inv,
        Edit::set_note(d.clone(), sid.clone(), String::new(), None)
    );
    assert_eq!(c.entries()[0].spans[0].note, "source?");
    assert_eq!(
        refused(
            &mut c,
            Edit::set_note(d.clone(), SpanId("q".into()), "x".into(), None)
        ),
        EditError::UnknownSpan(SpanId("q".into()))
    );

    let inv = round_trip(
        &mut c,
        Edit::set_status(d.clone(), Rc::from(""), Status::Done),
    );
    assert_eq!(inv, Edit::set_status(d.clone(), Rc::from(""), Status::New));
    assert_eq!(c.entries()[0].status_of(""), Status::Done);
    assert_eq!(
        refused(
            &mut c,
            Edit::set_status(DocId("x".into()), Rc::from(""), Status::Done)
        ),
        EditError::UnknownDocument(DocId("x".into()))
    );
}

#[test]
fn each_annotator_has_their_own_status_and_its_exact_inverse() {
    let mut c = corpus();
    let d = id(&c, 0);
    let gold: Rc<str> = Rc::from(crate::model::annotators::GOLD);
    for who in ["Bo", "", "Ada"] {
        round_trip(
            &mut c,
            Edit::set_status(d.clone(), Rc::from(who), Status::InProgress),
        );
    }
    let inv = round_trip(
        &mut c,
        Edit::set_status(d.clone(), Rc::clone(&gold), Status::Done),
    );
    assert_eq!(
        inv,
        Edit::set_status(d.clone(), Rc::clone(&gold), Status::New)
    );
    let inv = round_trip(
        &mut c,
        Edit::set_status(d.clone(), Rc::from("Bo"), Status::Done),
    );
    assert_eq!(
        inv,
        Edit::set_status(d.clone(), Rc::from("Bo"), Status::InProgress)
    );
    let e = &c.entries()[0];
    let names: Vec<&str> = e.statuses.iter().map(|(n, _)| &**n).collect();
    assert_eq!(
        names,
        ["", "\u{1}gold", "Ada", "Bo"],
        "sorted by name, one each"
    );
    assert_eq!(e.status_of("Bo"), Status::Done);
    assert_eq!(e.status_of(&gold), Status::Done);
    assert_eq!(e.status_of("Cy"), Status::New, "absent is New");
    // Back to New: the annotator leaves the list; the inverse puts them back.
    let inv = round_trip(
        &mut c,
        Edit::set_status(d.clone(), Rc::from("Ada"), Status::New),
    );
    assert_eq!(
        inv,
        Edit::set_status(d.clone(), Rc::from("Ada"), Status::InProgress)
    );
    assert_eq!(c.entries()[0].statuses.len(), 3);
    assert_eq!(c.entries()[0].status_of("Bo"), Status::Done);
}

#[test]
fn decisions_are_recorded_taken_back_and_checked() {
    use crate::model::entry::{DECISIONS_PER_DOC, DECISION_BYTES};
    let mut c = corpus();
    let d = id(&c, 0);
    let key: Rc<str> = Rc::from("gold:0:4:quote");
    let inv = round_trip(&mut c, Edit::decide(d.clone(), Rc::clone(&key), true));
    assert_eq!(inv, Edit::decide(d.clone(), Rc::clone(&key), false));
    assert!(c.entries()[0].is_decided(&key));
    // Recording it again changes nothing, and so does its inverse.
    let snapshot = c.clone();
    let inv = c
        .apply(Edit::decide(d.clone(), Rc::clone(&key), true))
        .unwrap();
    assert_eq!(inv, Edit::decide(d.clone(), Rc::clone(&key), true));
    assert!(Rc::ptr_eq(c.entries(), snapshot.entries()));
    round_trip(
        &mut c,
        Edit::decide(d.clone(), Rc::from("suggest:5:9:entity"), true),
    );
    round_trip(&mut c, Edit::decide(d.clone(), Rc::from("a"), true));
    let keys: Vec<&str> = c.entries()[0].decided.iter().map(|k| &**k).collect();
    assert_eq!(keys, ["a", "gold:0:4:quote", "suggest:5:9:entity"]);
    let inv = round_trip(&mut c, Edit::decide(d.clone(), Rc::clone(&key), false));
    assert_eq!(inv, Edit::decide(d.clone(), Rc::clone(&key), true));
    assert!(!c.entries()[0].is_decided(&key));
    // Taking back a key that is not there (whatever it is) changes nothing.
    let long: Rc<str> = Rc::from("x".repeat(DECISION_BYTES + 1));
    let inv = c
        .apply(Edit::decide(d.clone(), Rc::clone(&long), false))
        .unwrap();
    assert_eq!(inv, Edit::decide(d.clone(), Rc::clone(&long), false));
    for bad in [Rc::from(""), long] {
        assert!(matches!(
            refused(&mut c, Edit::decide(d.clone(), bad, true)),
            EditError::BadProgress(_)
        ));
    }
    round_trip(
        &mut c,
        Edit::decide(d.clone(), Rc::from("x".repeat(DECISION_BYTES)), true),
    );
    assert_eq!(
        refused(
            &mut c,
            Edit::decide(DocId("x".into()), Rc::clone(&key), true)
        ),
        EditError::UnknownDocument(DocId("x".into()))
    );
    // A full document takes no more, but lets one go.
    let mut full = c.entries()[0].as_ref().clone();
    full.decided = crate::model::entry::decided_from(
        (0..DECISIONS_PER_DOC)
            .map(|i| Rc::from(format!("k{i}")))
            .collect(),
    );
    let mut c = Corpus::default();
    c.apply(Edit::insert_documents(0, vec![full.clone()]))
        .unwrap();
    assert!(matches!(
        refused(&mut c, Edit::decide(d.clone(), Rc::from("one more"), true)),
        EditError::BadProgress(_)
    ));
    round_trip(&mut c, Edit::decide(d.clone(), Rc::from("k7"), false));
    // An entry with too many, out of order, or with a New status is refused whole.
    let mut over = full.clone();
    Rc::make_mut(&mut over.decided).push(Rc::from("zzz"));
    let mut unsorted = DocEntry::new(doc("Other\n\nText."));
    unsorted.decided = Rc::new(vec![Rc::from("b"), Rc::from("a")]);
    let mut new_status = DocEntry::new(doc("Third\n\nText."));
    new_status.statuses = Rc::new(vec![(Rc::from("Bo"), Status::New)]);
    for entry in [over, unsorted, new_status] {
        let mut c = Corpus::default();
        assert!(matches!(
            c.apply(Edit::insert_documents(0, vec![entry])),
            Err(EditError::BadProgress(_))
        ));
    }
}

#[test]
fn unchanged_documents_keep_their_pointers() {
    let mut c = corpus();
    let before = c.clone();
    add(&mut c, 1, span("a", 0, 4, "quote")).unwrap();
    assert!(Rc::ptr_eq(&c.entries()[0], &before.entries()[0]));
    assert!(Rc::ptr_eq(&c.entries()[2], &before.entries()[2]));
    assert!(!Rc::ptr_eq(&c.entries()[1], &before.entries()[1]));
    assert!(Rc::ptr_eq(&c.entries()[1].doc, &before.entries()[1].doc));
    // A no-op status change or relabel touches nothing.
    let snapshot = c.clone();
    let d = id(&c, 1);
    c.apply(Edit::set_status(d.clone(), Rc::from(""), Status::New))
        .unwrap();
    c.apply(Edit::relabel(d, SpanId("a".into()), "quote".into(), None))
        .unwrap();
    assert!(Rc::ptr_eq(c.entries(), snapshot.entries()));
}

#[test]
fn delete_and_insert_documents() {
    let mut c = corpus();
    let d1 = id(&c, 1);
    add(&mut c, 1, span("a", 0, 4, "quote")).unwrap();
    c.apply(Edit::set_status(d1.clone(), Rc::from(""), Status::Done))
        .unwrap();
    let entry = (*c.entries()[1]).clone();
    let inverse = round_trip(&mut c, Edit::delete_document(d1.clone()));
    assert_eq!(inverse, Edit::insert_documents(1, vec![entry]));
    assert_eq!(
        refused(&mut c, Edit::delete_document(DocId("x".into()))),
        EditError::UnknownDocument(DocId("x".into()))
    );

    // Insert two new documents, spans given out of order, in the middle.
    let mut e1 = DocEntry::new(doc("Delta\n\nFourth text here."));
    Rc::make_mut(&mut e1.spans)
        .extend([span("z", 7, 12, "claim"), span("y", 0, 5, "entity")].map(Rc::new));
    e1.put_status(&Rc::from(""), Status::InProgress);
    let e2 = DocEntry::new(doc("Epsilon\n\nFifth."));
    let (i1, i2) = (e1.doc.id.clone(), e2.doc.id.clone());
    let inverse = round_trip(&mut c, Edit::insert_documents(1, vec![e1, e2]));
    assert_eq!(
        inverse,
        Edit::Batch(vec![
            Edit::delete_document(i1.clone()),
            Edit::delete_document(i2.clone())
        ])
    );
    let order: Vec<_> = c.entries().iter().map(|e| e.doc.id.clone()).collect();
    assert_eq!(order[1], i1);
    assert_eq!(order[2], i2);
    assert_eq!(c.len(), 4);
    let ids: Vec<_> = c.entries()[1]
        .spans
        .iter()
        .map(|s| s.id.0.clone())
        .collect();
    assert_eq!(ids, ["y", "z"], "inserted spans are sorted by text order");
    assert_eq!(c.entries()[1].status_of(""), Status::InProgress);

    // At the end, and an empty insert.
    let e3 = DocEntry::new(doc("Zeta\n\nSixth."));
    let end = c.len();
    round_trip(&mut c, Edit::insert_documents(end, vec![e3]));
    round_trip(&mut c, Edit::insert_documents(0, vec![]));
    // An index beyond the end appends.
    let e4 = DocEntry::new(doc("Eta\n\nSeventh."));
    let i4 = e4.doc.id.clone();
    round_trip(&mut c, Edit::insert_documents(99, vec![e4]));
    assert_eq!(c.entries().last().unwrap().doc.id, i4);
}

#[test]
fn insert_documents_errors() {
    let mut c = corpus();
    let existing = (*c.entries()[0]).clone();
    let fresh = DocEntry::new(doc("Fresh\n\nText."));
    assert_eq!(
        refused(
            &mut c,
            Edit::insert_documents(0, vec![fresh.clone(), existing.clone()])
        ),
        EditError::DuplicateDocument(existing.doc.id.clone())
    );
    assert_eq!(
        refused(
            &mut c,
            Edit::insert_documents(0, vec![fresh.clone(), fresh.clone()])
        ),
        EditError::DuplicateDocument(fresh.doc.id.clone())
    );
    let with = |spans: Vec<Span>| {
        let mut e = fresh.clone();
        e.spans = Rc::new(spans.into_iter().map(Rc::new).collect());
        Edit::insert_documents(3, vec![e])
    };
    assert_eq!(
        refused(
            &mut c,
            with(vec![span("a", 0, 2, "quote"), span("a", 3, 4, "claim")])
        ),
        EditError::DuplicateSpan(SpanId("a".into()))
    );
    assert_eq!(
        refused(&mut c, with(vec![span("a", 0, 99, "quote")])),
        EditError::BadRange {
            id: SpanId("a".into()),
            start: 0,
            end: 99,
            len: 12
        }
    );
    assert_eq!(
        refused(&mut c, with(vec![span("a", 4, 4, "quote")])),
        EditError::BadRange {
            id: SpanId("a".into()),
            start: 4,
            end: 4,
            len: 12
        }
    );
    assert_eq!(
        refused(&mut c, with(vec![span("a", 0, 2, "")])),
        EditError::UnknownLabel(String::new())
    );
    // A span id may repeat across documents.
    add(&mut c, 0, span("a", 0, 2, "quote")).unwrap();
    round_trip(&mut c, with(vec![span("a", 0, 2, "quote")]));
}

#[test]
fn batch_is_all_or_nothing() {
    let mut c = corpus();
    let (d0, d1) = (id(&c, 0), id(&c, 1));
    let good = vec![
        Edit::add_span(d0.clone(), span("a", 0, 5, "quote")),
        Edit::relabel(d0.clone(), SpanId("a".into()), "claim".into(), None),
        Edit::set_status(d1.clone(), Rc::from(""), Status::Done),
        Edit::delete_document(d1.clone()),
    ];
    let inverse = round_trip(&mut c, Edit::Batch(good.clone()));
    match &inverse {
        Edit::Batch(parts) => {
            assert_eq!(parts.len(), 4);
            assert!(matches!(
                parts[0],
                Edit::Document(DocEdit::Insert { index: 1, .. })
            ));
            assert!(matches!(
                parts[3],
                Edit::Span {
                    edit: SpanEdit::Delete(_),
                    ..
                }
            ));
        }
        other => panic!("not a batch: {other:?}"),
    }
    assert_eq!(c.len(), 2);
    assert_eq!(c.entries()[0].spans[0].label, "claim");

    // The last part fails: nothing of the first parts stays, pointers included.
    let mut c = corpus();
    let before = c.clone();
    let error = c
        .apply(Edit::Batch(vec![
            Edit::add_span(d0.clone(), span("a", 0, 5, "quote")),
            Edit::delete_document(d1.clone()),
            Edit::Batch(vec![Edit::set_note(
                d0.clone(),
                SpanId("b".into()),
                "x".into(),
                None,
            )]),
        ]))
        .unwrap_err();
    assert_eq!(error, EditError::UnknownSpan(SpanId("b".into())));
    assert_eq!(c, before);
    assert!(Rc::ptr_eq(c.entries(), before.entries()));

    // Empty batch.
    assert_eq!(round_trip(&mut c, Edit::Batch(vec![])), Edit::Batch(vec![]));
}

fn rid(id: &str) -> RelationId {
    RelationId(id.to_owned())
}

fn rel(id: &str, kind: RelationKind, from: &str, to: &str) -> Relation {
    Relation {
        id: rid(id),
        kind,
        from: SpanId(from.to_owned()),
        to: SpanId(to.to_owned()),
    }
}

/// Document 1 ("Beta\n\nSecond text, longer one.") with a quote, two entities and a claim.
fn linked() -> (Corpus, DocId) {
    let mut c = corpus();
    let d = id(&c, 1);
    for s in [
        span("q", 6, 17, "quote"),
        span("e1", 0, 4, "entity"),
        span("e2", 19, 25, "entity"),
        span("c", 13, 25, "claim"),
    ] {
        add(&mut c, 1, s).unwrap();
    }
    (c, d)
}

fn set_attr(doc: &DocId, id: &str, key: &str, value: Option<&str>) -> Edit {
    Edit::set_attr(
        doc.clone(),
        SpanId(id.into()),
        key.into(),
        value.map(str::to_owned),
        Some(5),
    )
}

fn add_rel(doc: &DocId, relation: Relation) -> Edit {
    Edit::add_relation(doc.clone(), relation)
}

#[test]
fn attributes_are_validated_against_the_schema() {
    let (mut c, d) = linked();
    let inv = round_trip(&mut c, set_attr(&d, "e1", "type", Some("person")));
    assert!(matches!(
        inv,
        Edit::Span {
            edit: SpanEdit::SetAttr {
                value: None,
                updated: None,
                ..
            },
            ..
        }
    ));
    let e1 = c
        .entry(&d)
        .unwrap()
        .span(&SpanId("e1".into()))
        .unwrap()
        .clone();
    assert_eq!(
        (e1.attrs.get("type"), e1.updated),
        (Some("person"), Some(5))
    );
    round_trip(&mut c, set_attr(&d, "e1", "canonical", Some("Beta Corp")));
    round_trip(&mut c, set_attr(&d, "e1", "type", Some("place")));
    round_trip(&mut c, set_attr(&d, "e1", "type", None));
    // Removing what is not there is allowed (and changes nothing but the time).
    round_trip(&mut c, set_attr(&d, "q", "nothing", None));
    assert_eq!(
        refused(&mut c, set_attr(&d, "e1", "type", Some("Person"))),
        EditError::BadAttrValue {
            attr: "type".into(),
            value: "Person".into()
        }
    );
    assert_eq!(
        refused(&mut c, set_attr(&d, "e1", "canonical", Some(""))),
        EditError::BadAttrValue {
            attr: "canonical".into(),
            value: String::new()
        }
    );
    assert_eq!(
        refused(&mut c, set_attr(&d, "q", "type", Some("person"))),
        EditError::UnknownAttr {
            label: "quote".into(),
            attr: "type".into()
        }
    );
    assert_eq!(
        refused(&mut c, set_attr(&d, "zz", "type", None)),
        EditError::UnknownSpan(SpanId("zz".into()))
    );
    // An unchanged value and time touch nothing.
    let before = c.clone();
    c.apply(set_attr(&d, "e1", "canonical", Some("Beta Corp")))
        .unwrap();
    assert!(Rc::ptr_eq(c.entries(), before.entries()));
    // A span added with attributes is checked too.
    let mut bad = span("x", 0, 2, "quote");
    bad.attrs.set("kind", Some("sarcastic".into()));
    assert!(matches!(
        refused(&mut c, Edit::add_span(d.clone(), bad.clone())),
        EditError::BadAttrValue { .. }
    ));
    bad.attrs.set("kind", Some("partial".into()));
    round_trip(&mut c, Edit::add_span(d, bad));
}

#[test]
fn relations_link_fitting_spans() {
    let (mut c, d) = linked();
    let said = rel("r1", RelationKind::SaidBy, "q", "e1");
    let inv = round_trip(&mut c, add_rel(&d, said.clone()));
    assert_eq!(inv, Edit::delete_relation(d.clone(), rid("r1")));
    let entry = c.entry(&d).unwrap().clone();
    assert_eq!(entry.speaker(&SpanId("q".into())).unwrap().id.0, "e1");
    assert_eq!(entry.relations_of(&SpanId("e1".into())).count(), 1);
    round_trip(&mut c, add_rel(&d, rel("r2", RelationKind::Cue, "q", "c")));
    round_trip(
        &mut c,
        add_rel(&d, rel("r0", RelationKind::Claimant, "c", "e2")),
    );
    let ids: Vec<&str> = c
        .entry(&d)
        .unwrap()
        .relations
        .iter()
        .map(|r| r.id.0.as_str())
        .collect();
    assert_eq!(ids, ["r0", "r1", "r2"], "kept in id order");
    for (bad, why) in [
        (rel("x", RelationKind::SaidBy, "q", "c"), "wrong end"),
        (rel("x", RelationKind::SaidBy, "e1", "e2"), "wrong start"),
        (
            rel("x", RelationKind::Claimant, "q", "e1"),
            "a quote has no claimant",
        ),
        (rel("x", RelationKind::Cue, "q", "q"), "itself"),
        (
            rel("x", RelationKind::SaidBy, "q", "e1"),
            "the same link twice",
        ),
    ] {
        assert!(
            matches!(refused(&mut c, add_rel(&d, bad)), EditError::BadRelation(_)),
            "{why}"
        );
    }
    assert_eq!(
        refused(
            &mut c,
            add_rel(&d, rel("x", RelationKind::Cue, "q", "nope"))
        ),
        EditError::UnknownSpan(SpanId("nope".into()))
    );
    assert_eq!(
        refused(&mut c, add_rel(&d, rel("r1", RelationKind::Cue, "q", "e2"))),
        EditError::DuplicateRelation(rid("r1"))
    );
    assert_eq!(
        refused(&mut c, Edit::delete_relation(d.clone(), rid("x"))),
        EditError::UnknownRelation(rid("x"))
    );
    round_trip(&mut c, Edit::delete_relation(d.clone(), rid("r2")));

    // A second speaker replaces the first, in one step that undoes exactly.
    let before = c.clone();
    let inv = round_trip(
        &mut c,
        add_rel(&d, rel("r3", RelationKind::SaidBy, "q", "e2")),
    );
    assert_eq!(
        inv,
        Edit::Batch(vec![
            Edit::delete_relation(d.clone(), rid("r3")),
            add_rel(&d, said),
        ])
    );
    let entry = c.entry(&d).unwrap().clone();
    assert_eq!(entry.speaker(&SpanId("q".into())).unwrap().id.0, "e2");
    assert!(entry.relation(&rid("r1")).is_none());
    c.apply(inv).unwrap();
    assert_eq!(c, before);
}

#[test]
fn deleting_or_relabelling_a_span_takes_its_relations_and_undo_brings_them_back() {
    let (mut c, d) = linked();
    for r in [
        rel("r1", RelationKind::SaidBy, "q", "e1"),
        rel("r2", RelationKind::Cue, "q", "c"),
        rel("r3", RelationKind::Claimant, "c", "e1"),
    ] {
        c.apply(add_rel(&d, r)).unwrap();
    }
    c.apply(set_attr(&d, "e1", "type", Some("person"))).unwrap();
    c.apply(set_attr(&d, "q", "kind", Some("direct"))).unwrap();

    let inv = round_trip(&mut c, Edit::delete_span(d.clone(), SpanId("e1".into())));
    assert!(matches!(&inv, Edit::Batch(parts) if parts.len() == 3));
    let left: Vec<&str> = c
        .entry(&d)
        .unwrap()
        .relations
        .iter()
        .map(|r| r.id.0.as_str())
        .collect();
    assert_eq!(left, ["r2"]);
    c.apply(inv).unwrap();

    // e1 becomes a claim: its type and both links to it go; q's cue to c stays.
    let inv = round_trip(
        &mut c,
        Edit::relabel(d.clone(), SpanId("e1".into()), "claim".into(), Some(9)),
    );
    let entry = c.entry(&d).unwrap().clone();
    let e1 = entry.span(&SpanId("e1".into())).unwrap();
    assert!(e1.attrs.is_empty() && e1.label == "claim");
    let left: Vec<&str> = entry.relations.iter().map(|r| r.id.0.as_str()).collect();
    assert_eq!(left, ["r2"]);
    assert!(matches!(&inv, Edit::Batch(parts) if parts.len() == 4));
    // A relabel that keeps everything valid is a plain inverse; a cue may point anywhere.
    let inv = round_trip(
        &mut c,
        Edit::relabel(d.clone(), SpanId("c".into()), "entity".into(), None),
    );
    assert!(matches!(
        inv,
        Edit::Span {
            edit: SpanEdit::Relabel { .. },
            ..
        }
    ));
}

#[test]
fn inserted_documents_bring_valid_relations_only() {
    let (c, d) = linked();
    let mut entry = (**c.entry(&d).unwrap()).clone();
    let mut c = corpus();
    c.apply(Edit::delete_document(d.clone())).unwrap();
    let insert = |relations: Vec<Relation>| {
        let mut e = entry.clone();
        e.relations = Rc::new(relations);
        Edit::insert_documents(1, vec![e])
    };
    let good = vec![
        rel("z", RelationKind::SaidBy, "q", "e1"),
        rel("a", RelationKind::Claimant, "c", "e2"),
    ];
    round_trip(&mut c, insert(good));
    let order: Vec<&str> = c
        .entry(&d)
        .unwrap()
        .relations
        .iter()
        .map(|r| r.id.0.as_str())
        .collect();
    assert_eq!(order, ["a", "z"], "sorted on the way in");
    c.apply(Edit::delete_document(d.clone())).unwrap();
    for bad in [
        vec![rel("a", RelationKind::SaidBy, "q", "gone")],
        vec![rel("a", RelationKind::SaidBy, "q", "c")],
        vec![
            rel("a", RelationKind::Cue, "q", "c"),
            rel("a", RelationKind::Cue, "q", "e1"),
        ],
        vec![
            rel("a", RelationKind::SaidBy, "q", "e1"),
            rel("b", RelationKind::SaidBy, "q", "e2"),
        ],
    ] {
        refused(&mut c, insert(bad));
    }
    entry.relations = Rc::default();
    Rc::make_mut(&mut Rc::make_mut(&mut entry.spans)[0]).label = "opinion".into();
    assert_eq!(
        refused(&mut c, Edit::insert_documents(0, vec![entry])),
        EditError::UnknownLabel("opinion".into())
    );
}

#[test]
fn schema_edits_have_exact_inverses() {
    let (mut c, d) = linked();
    c.apply(set_attr(&d, "e1", "type", Some("person"))).unwrap();
    let mut opinion = LabelSpec::new("opinion", "Opinion", "#c77d0a");
    opinion.key = Some('o');
    let inv = round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::AddLabel {
            index: 1,
            label: opinion,
        }),
    );
    assert_eq!(
        inv,
        Edit::Schema(SchemaEdit::RemoveLabel {
            id: "opinion".into()
        })
    );
    assert_eq!(c.schema().position("opinion"), Some(1));
    assert_eq!(c.schema().digit("claim"), Some('3'));
    add(&mut c, 0, span("o", 0, 5, "opinion")).unwrap();
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::SetLabel {
            id: "opinion".into(),
            field: LabelField::Name("View".into()),
        }),
    );
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::SetLabel {
            id: "opinion".into(),
            field: LabelField::Color("#123abc".into()),
        }),
    );
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::SetLabel {
            id: "opinion".into(),
            field: LabelField::Key(Some('v')),
        }),
    );
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::SetLabel {
            id: "opinion".into(),
            field: LabelField::Key(None),
        }),
    );
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::SetLabel {
            id: "opinion".into(),
            field: LabelField::Help("Says what".into()),
        }),
    );
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::MoveLabel {
            id: "opinion".into(),
            index: 9,
        }),
    );
    assert_eq!(c.schema().position("opinion"), Some(3), "moved to the end");
    c.apply(Edit::Schema(SchemaEdit::MoveLabel {
        id: "opinion".into(),
        index: 1,
    }))
    .unwrap();
    let tone = AttrSpec {
        id: "tone".into(),
        name: "Tone".into(),
        kind: AttrKind::Choice(vec!["calm".into()]),
    };
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::AddAttr {
            label: "opinion".into(),
            index: 0,
            attr: tone,
        }),
    );
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::RenameAttr {
            label: "opinion".into(),
            attr: "tone".into(),
            name: "Mood".into(),
        }),
    );
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::AddChoice {
            label: "opinion".into(),
            attr: "tone".into(),
            index: 0,
            choice: "angry".into(),
        }),
    );
    let d0 = id(&c, 0);
    c.apply(set_attr(&d0, "o", "tone", Some("angry"))).unwrap();
    // Renaming a choice renames what spans chose (their times stay).
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::RenameChoice {
            label: "opinion".into(),
            attr: "tone".into(),
            from: "angry".into(),
            to: "furious".into(),
        }),
    );
    let o = c
        .entry(&d0)
        .unwrap()
        .span(&SpanId("o".into()))
        .unwrap()
        .clone();
    assert_eq!((o.attrs.get("tone"), o.updated), (Some("furious"), Some(5)));
    // What spans use cannot be removed.
    for edit in [
        Edit::Schema(SchemaEdit::RemoveLabel {
            id: "opinion".into(),
        }),
        Edit::Schema(SchemaEdit::RemoveAttr {
            label: "opinion".into(),
            attr: "tone".into(),
        }),
        Edit::Schema(SchemaEdit::RemoveChoice {
            label: "opinion".into(),
            attr: "tone".into(),
            choice: "furious".into(),
        }),
        Edit::Schema(SchemaEdit::RemoveLabel {
            id: "entity".into(),
        }),
        Edit::Schema(SchemaEdit::RemoveAttr {
            label: "entity".into(),
            attr: "type".into(),
        }),
        Edit::Schema(SchemaEdit::RemoveChoice {
            label: "entity".into(),
            attr: "type".into(),
            choice: "person".into(),
        }),
    ] {
        let e = refused(&mut c, edit);
        assert!(matches!(e, EditError::InUse { .. }), "{e}");
    }
    assert_eq!(
        refused(
            &mut c,
            Edit::Schema(SchemaEdit::RemoveLabel {
                id: "entity".into()
            })
        )
        .to_string(),
        "The label Entity cannot be removed: 2 annotations use it."
    );
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::RemoveChoice {
            label: "opinion".into(),
            attr: "tone".into(),
            choice: "calm".into(),
        }),
    );
    round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::RemoveAttr {
            label: "claim".into(),
            attr: "verdict".into(),
        }),
    );
    // Invalid results and unknown targets are refused.
    for edit in [
        Edit::Schema(SchemaEdit::SetLabel {
            id: "opinion".into(),
            field: LabelField::Color("red".into()),
        }),
        Edit::Schema(SchemaEdit::SetLabel {
            id: "opinion".into(),
            field: LabelField::Key(Some('e')),
        }),
        Edit::Schema(SchemaEdit::SetLabel {
            id: "opinion".into(),
            field: LabelField::Key(Some('j')),
        }),
        Edit::Schema(SchemaEdit::SetLabel {
            id: "opinion".into(),
            field: LabelField::Name("entity".into()),
        }),
        Edit::Schema(SchemaEdit::AddLabel {
            index: 0,
            label: LabelSpec::new("claim", "Other", "#000000"),
        }),
        Edit::Schema(SchemaEdit::AddLabel {
            index: 0,
            label: LabelSpec::new("bad id", "Bad", "#000000"),
        }),
        Edit::Schema(SchemaEdit::AddAttr {
            label: "entity".into(),
            index: 0,
            attr: AttrSpec {
                id: "type".into(),
                name: "T".into(),
                kind: AttrKind::Text,
            },
        }),
        Edit::Schema(SchemaEdit::AddChoice {
            label: "entity".into(),
            attr: "type".into(),
            index: 0,
            choice: "place".into(),
        }),
        Edit::Schema(SchemaEdit::AddChoice {
            label: "entity".into(),
            attr: "canonical".into(),
            index: 0,
            choice: "x".into(),
        }),
        Edit::Schema(SchemaEdit::RenameChoice {
            label: "entity".into(),
            attr: "type".into(),
            from: "person".into(),
            to: "place".into(),
        }),
        Edit::Schema(SchemaEdit::RenameChoice {
            label: "entity".into(),
            attr: "type".into(),
            from: "nobody".into(),
            to: "x".into(),
        }),
        Edit::Schema(SchemaEdit::RenameAttr {
            label: "entity".into(),
            attr: "type".into(),
            name: " ".into(),
        }),
        Edit::Schema(SchemaEdit::SetLabel {
            id: "nope".into(),
            field: LabelField::Help(String::new()),
        }),
        Edit::Schema(SchemaEdit::MoveLabel {
            id: "nope".into(),
            index: 0,
        }),
    ] {
        let e = refused(&mut c, edit);
        assert!(!e.to_string().is_empty());
    }
    // A whole schema: refused while spans need what it lacks.
    assert!(matches!(
        refused(
            &mut c,
            Edit::Schema(SchemaEdit::Replace(Rc::new(LabelSchema::default())))
        ),
        EditError::UnknownLabel(_)
    ));
    let mut fresh = corpus();
    round_trip(
        &mut fresh,
        Edit::Schema(SchemaEdit::Replace(Rc::new(LabelSchema::empty()))),
    );
    // Undo of a batch of schema and span edits puts everything back.
    let before = c.clone();
    let inv = c
        .apply(Edit::Batch(vec![
            Edit::Schema(SchemaEdit::SetLabel {
                id: "entity".into(),
                field: LabelField::Name("Who".into()),
            }),
            Edit::Schema(SchemaEdit::RenameChoice {
                label: "entity".into(),
                attr: "type".into(),
                from: "person".into(),
                to: "human".into(),
            }),
        ]))
        .unwrap();
    c.apply(inv).unwrap();
    assert_eq!(c, before);
    // A failed batch restores the schema too.
    let before = c.clone();
    let error = c.apply(Edit::Batch(vec![
        Edit::Schema(SchemaEdit::SetLabel {
            id: "entity".into(),
            field: LabelField::Name("Who".into()),
        }),
        Edit::Schema(SchemaEdit::RemoveLabel { id: "nope".into() }),
    ]));
    assert!(error.is_err());
    assert!(Rc::ptr_eq(c.schema(), before.schema()));
    // Once no span uses it, a label can go.
    c.apply(Edit::delete_span(d0, SpanId("o".into()))).unwrap();
    let inv = round_trip(
        &mut c,
        Edit::Schema(SchemaEdit::RemoveLabel {
            id: "opinion".into(),
        }),
    );
    assert!(matches!(
        inv,
        Edit::Schema(SchemaEdit::AddLabel { index: 1, .. })
    ));
}

#[test]
fn error_messages_are_sentences() {
    let id = SpanId("s-1".into());
    let bad = |start, end, len| {
        EditError::BadRange {
            id: id.clone(),
            start,
            end,
            len,
        }
        .to_string()
    };
    assert_eq!(
        bad(10, 80, 72),
        "That span ends at 80, beyond the end of the text (72 characters)."
    );
    assert_eq!(
        bad(0, 2, 1),
        "That span ends at 2, beyond the end of the text (1 character)."
    );
    assert_eq!(
        bad(5, 5, 72),
        "That span is empty (it starts and ends at 5)."
    );
    assert_eq!(bad(9, 5, 72), "That span starts at 9, after its end at 5.");
    assert_eq!(
        EditError::UnknownLabel("opinion".into()).to_string(),
        "“opinion” is not a known label."
    );
    for e in [
        EditError::UnknownDocument(DocId("d".into())),
        EditError::DuplicateDocument(DocId("d".into())),
        EditError::UnknownSpan(id.clone()),
        EditError::DuplicateSpan(id.clone()),
    ] {
        let text = e.to_string();
        assert!(
            text.ends_with('.') && text.starts_with(char::is_uppercase),
            "{text}"
        );
    }
}

#[test]
fn history_undo_redo() {
    let mut c = corpus();
    let initial = c.clone();
    let mut h = History::default();
    assert!(!h.can_undo() && !h.can_redo());
    assert!(!h.undo(&mut c) && !h.redo(&mut c));
    let d = id(&c, 0);
    h.apply(&mut c, Edit::add_span(d.clone(), span("a", 0, 5, "quote")))
        .unwrap();
    h.apply(
        &mut c,
        Edit::set_status(d.clone(), Rc::from(""), Status::Done),
    )
    .unwrap();
    let done = c.clone();
    // A refused edit records nothing.
    assert!(h
        .apply(&mut c, Edit::delete_document(DocId("x".into())))
        .is_err());
    assert_eq!(h.undo_len(), 2);
    assert!(h.undo(&mut c));
    assert_eq!(c.entries()[0].status_of(""), Status::New);
    assert_eq!(c.entries()[0].spans.len(), 1);
    assert!(h.undo(&mut c));
    assert_eq!(c, initial);
    assert!(!h.undo(&mut c));
    assert!(h.can_redo());
    assert!(h.redo(&mut c) && h.redo(&mut c));
    assert_eq!(c, done);
    assert!(!h.redo(&mut c));
    // A new edit clears redo; a refused one does not.
    assert!(h.undo(&mut c));
    assert!(h
        .apply(&mut c, Edit::delete_document(DocId("x".into())))
        .is_err());
    assert!(h.can_redo());
    h.apply(
        &mut c,
        Edit::set_status(d, Rc::from(""), Status::InProgress),
    )
    .unwrap();
    assert!(!h.can_redo());
}

#[test]
fn history_keeps_at_most_limit_steps() {
    let mut c = corpus();
    let d = id(&c, 0);
    let mut h = History::default();
    let statuses = [Status::InProgress, Status::Done];
    for i in 0..History::LIMIT + 5 {
        h.apply(
            &mut c,
            Edit::set_status(d.clone(), Rc::from(""), statuses[i % 2]),
        )
        .unwrap();
    }
    assert_eq!(h.undo_len(), History::LIMIT);
    let mut undone = 0;
    while h.undo(&mut c) {
        undone += 1;
    }
    assert_eq!(undone, History::LIMIT);
    // The five oldest steps are gone: the status is what the fifth edit set.
    assert_eq!(c.entries()[0].status_of(""), statuses[4 % 2]);
    assert_eq!(h.redo_len(), History::LIMIT);
}
