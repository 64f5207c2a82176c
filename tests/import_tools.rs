#![cfg(not(target_arch = "wasm32"))]
//! Other tools' formats through the JSON importer: Marginalia's own doccano and Label Studio
//! exports read back give the same texts and the same (start, end, label) spans, on a corpus
//! with emoji (flag, ZWJ family), CJK, a combining mark, curly quotes and nested/crossing spans.

mod common;
use common::*;

use marginalia::formats::export::{export, Format};
use marginalia::formats::import::json_docs::{parse_json_documents, ImportReport};
use marginalia::model::{LabelSchema, Span, SpanId};

fn round_trip(format: Format) -> ImportReport {
    let c = corpus();
    let e = export(format, &LabelSchema::default(), &c, &CTX).expect("export");
    let s = String::from_utf8(e.bytes).expect("utf-8");
    let mut n = 0;
    let report = parse_json_documents(&s, "export", &LabelSchema::default(), &mut || {
        n += 1;
        SpanId(format!("new-{n}"))
    })
    .expect("import");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.docs.len(), c.len());
    for (got, orig) in report.docs.iter().zip(&c) {
        assert_eq!(got.doc.text, orig.doc.text);
        let key = |s: &Span| (s.start, s.end, s.label.clone());
        let mut a: Vec<_> = got.spans.iter().map(key).collect();
        let mut b: Vec<_> = orig.spans.iter().map(|s| key(s)).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
    report
}

#[test]
fn doccano_round_trip() {
    round_trip(Format::Doccano);
}

#[test]
fn label_studio_round_trip_keeps_titles_and_ids() {
    let report = round_trip(Format::LabelStudio);
    let c = corpus();
    for (got, orig) in report.docs.iter().zip(&c) {
        assert_eq!(got.doc.title, orig.doc.title);
        let mut a: Vec<_> = got.spans.iter().map(|s| s.id.0.clone()).collect();
        let mut b: Vec<_> = orig.spans.iter().map(|s| s.id.0.clone()).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}

#[test]
fn corpus_has_offsets_that_differ_in_utf16() {
    // The doccano round trip is only a test of the conversion if code points and UTF-16 differ.
    let c = corpus();
    let t = &c[0].doc.text;
    let e5 = c[0].spans.iter().find(|s| s.id.0 == "e5").expect("e5");
    assert_ne!(marginalia::model::text::cp_to_utf16(t, e5.start), e5.start);
}
