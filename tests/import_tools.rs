#![cfg(not(target_arch = "wasm32"))]
//! Other tools' formats through the JSON importer: Marginalia's own doccano and Label Studio
//! exports read back give the same texts and the same (start, end, label) spans, on a corpus
//! with emoji (flag, ZWJ family), CJK, a combining mark, curly quotes and nested/crossing spans.

use std::rc::Rc;

use marginalia::formats::article::parse_article;
use marginalia::formats::export::{export, ExportContext, Format};
use marginalia::formats::json_docs::{parse_json_documents, ImportReport};
use marginalia::model::{DocEntry, Span, SpanId, Status};

const CTX: ExportContext<'static> = ExportContext {
    app_version: "0.1.0",
    exported_at: "2026-11-23T11:17:30Z",
};

const NOTE: &str = "=HYPERLINK(\"http://x\"), check\tthis\n\"twice\"";

const TEXT1: &str = "Kyiv 🇺🇦 report\n\n\u{201c}We will not back down,\u{201d} said Olena Kovalenko \u{2014} the minister of 👨\u{200d}👩\u{200d}👧 affairs.\nThe cafe\u{301} in 北京 reopened. Prices rose +5%!";
const TEXT2: &str = "Kyiv 🇺🇦 report\n\n-Minus start, and =formula text; 東京 too.";
const TEXT3: &str = "Quiet day\n\nNothing happened.";

/// Code point range of the `nth` occurrence (0-based) of `needle` in `text`.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn span(id: &str, text: &str, needle: &str, label: &str, note: &str) -> Span {
    let (start, end) = find(text, needle);
    Span {
        id: SpanId(id.into()),
        start,
        end,
        label: label.into(),
        note: note.into(),
    }
}

fn entry(text: &str, mut spans: Vec<Span>, status: Status) -> Rc<DocEntry> {
    spans.sort_by(Span::text_order);
    Rc::new(DocEntry {
        doc: Rc::new(parse_article(text, "test.md")),
        spans: Rc::new(spans),
        status,
    })
}

fn corpus() -> Vec<Rc<DocEntry>> {
    let t = TEXT1;
    vec![
        entry(
            t,
            vec![
                span(
                    "q1",
                    t,
                    "\u{201c}We will not back down,\u{201d}",
                    "quote",
                    "",
                ),
                span("e1", t, "Olena Kovalenko", "entity", "the minister"),
                span("e2", t, "Kovalenko", "entity", ""), // nested in e1
                span(
                    "c1",
                    t,
                    "the minister of 👨\u{200d}👩\u{200d}👧 affairs.\nThe cafe\u{301}",
                    "claim",
                    NOTE,
                ),
                span("e3", t, "minister of 👨\u{200d}👩\u{200d}👧", "entity", ""),
                span("e4", t, "👨\u{200d}👩\u{200d}👧 affairs", "entity", ""), // crosses e3
                span("e5", t, "北京", "entity", ""),
                span("e6", t, "cafe\u{301}", "entity", ""),
                span("c2", t, "+5%", "claim", "-note"),
                span("e7", t, "🇺🇦", "entity", ""),
            ],
            Status::InProgress,
        ),
        entry(
            TEXT2,
            vec![
                span("c3", TEXT2, "-Minus start", "claim", "@me"),
                span("c4", TEXT2, "=formula text", "claim", ""),
                span("e8", TEXT2, "東京", "entity", ""),
            ],
            Status::Done,
        ),
        entry(TEXT3, vec![], Status::New),
    ]
}

fn round_trip(format: Format) -> ImportReport {
    let c = corpus();
    let e = export(format, &c, &CTX).expect("export");
    let s = String::from_utf8(e.bytes).expect("utf-8");
    let mut n = 0;
    let report = parse_json_documents(&s, "export", &mut || {
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
        let mut b: Vec<_> = orig.spans.iter().map(key).collect();
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
