#![cfg(not(target_arch = "wasm32"))]
//! Dataset exports: every format on a corpus with emoji, CJK, combining marks, curly quotes,
//! em dashes, a tricky note and nested/crossing spans; the native round trip (also as a
//! property test) and the spaCy round trip through the JSON importer.

use std::collections::HashMap;
use std::rc::Rc;

use marginalia::formats::article::parse_article;
use marginalia::formats::export::{export, zip, Export, ExportError, Format};
use marginalia::formats::import::json_docs::parse_json_documents;
use marginalia::formats::import::native::{import_native, is_native};
use marginalia::formats::time::{iso_from_ms, ms_from_iso};
use marginalia::model::text::{cp_to_utf16, slice_cp};
use marginalia::model::{DocEntry, Document, LabelSchema, Span, SpanId, Status};
use proptest::prelude::*;
use serde_json::Value;

mod common;
use common::*;

fn run(format: Format) -> Export {
    export(format, &LabelSchema::default(), &corpus(), &CTX).expect("export")
}

fn utf8(e: &Export) -> String {
    String::from_utf8(e.bytes.clone()).expect("utf-8")
}

fn all_spans(c: &[Rc<DocEntry>]) -> Vec<(Rc<DocEntry>, Span)> {
    c.iter()
        .flat_map(|e| e.spans.iter().map(move |s| (Rc::clone(e), (**s).clone())))
        .collect()
}

#[test]
fn format_metadata() {
    assert_eq!(Format::ALL.len(), 8);
    let ext: Vec<_> = Format::ALL.iter().map(|f| f.extension()).collect();
    assert_eq!(
        ext,
        ["json", "jsonl", "jsonld", "json", "jsonl", "zip", "conll", "csv"]
    );
    assert_eq!(Format::Native.name(), "Marginalia JSON");
    assert_eq!(Format::Brat.name(), "brat standoff (zip)");
    assert_eq!(Format::Doccano.offset_unit(), "UTF-16 code units");
    assert_eq!(Format::Conll.offset_unit(), "none (tokens)");
    assert_eq!(Format::SpacyJsonl.offset_unit(), "Unicode code points");
    for f in Format::ALL {
        let e = run(f);
        assert_eq!(e.extension, f.extension());
        assert_eq!(e.mime, f.mime());
        assert!(!e.bytes.is_empty());
    }
}

#[test]
fn mismatch_writes_nothing_in_any_format() {
    let mut c = corpus();
    let bad = Rc::new(DocEntry {
        relations: Default::default(),
        doc: Rc::new(parse_article("Short\n\nText.", "x.md")),
        spans: Rc::new(vec![Rc::new(Span {
            id: SpanId("bad".into()),
            start: 3,
            end: 400,
            label: "quote".into(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        })]),
        statuses: marginalia::model::entry::statuses_from(vec![(Rc::from(""), Status::New)]),
        decided: Default::default(),
    });
    c.push(bad);
    for f in Format::ALL {
        let err = match export(f, &LabelSchema::default(), &c, &CTX) {
            Err(e) => e,
            Ok(_) => panic!("{f:?} exported a span beyond the text"),
        };
        let ExportError::Mismatch { doc, span, .. } = &err;
        assert_eq!(doc, "Short");
        assert_eq!(span, "bad");
        let msg = err.to_string();
        assert!(
            msg.contains("Nothing was exported") && msg.contains("bad"),
            "{msg}"
        );
    }
    // An empty (start == end) span is refused too.
    let empty = Rc::new(DocEntry {
        relations: Default::default(),
        doc: Rc::new(parse_article("Short\n\nText.", "x.md")),
        spans: Rc::new(vec![Rc::new(Span {
            id: SpanId("empty".into()),
            start: 2,
            end: 2,
            label: "quote".into(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        })]),
        statuses: marginalia::model::entry::statuses_from(vec![(Rc::from(""), Status::New)]),
        decided: Default::default(),
    });
    assert!(export(Format::Csv, &LabelSchema::default(), &[empty], &CTX).is_err());
}

// ---------------------------------------------------------------------------------------------
// Native

#[test]
fn native_shape() {
    let e = run(Format::Native);
    assert!(e.notes.is_empty());
    let s = utf8(&e);
    assert!(is_native(&s));
    let v: Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["schema"], "marginalia-dataset");
    assert_eq!(v["version"], 2);
    assert_eq!(v["app_version"], "0.1.0");
    assert_eq!(v["exported_at"], CTX.exported_at);
    assert_eq!(v["offsets"], "unicode code points");
    assert_eq!(v["relations"], Value::Array(vec![]));
    let labels: Vec<_> = v["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["quote", "claim", "entity"]);
    assert_eq!(v["labels"][0]["name"], "Quote");
    assert_eq!(v["labels"][0]["key"], "q");
    assert_eq!(v["labels"][0]["color"], "#e69f00");
    assert_eq!(v["labels"][2]["attributes"][0]["choices"][0], "person");
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    let d = &docs[0];
    let text = d["text"].as_str().unwrap();
    assert_eq!(text, TEXT1);
    assert_eq!(d["status"], "in_progress");
    assert_eq!(d["title"], "Kyiv 🇺🇦 report");
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(TEXT1.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(d["sha256"], hex);
    assert_eq!(d["blocks"][0]["kind"], "title");
    assert_eq!(d["blocks"][0]["start"], 0);
    assert_eq!(d["blocks"][0]["end"], 14); // "Kyiv 🇺🇦 report" = 14 code points
    for sp in d["spans"].as_array().unwrap() {
        let (a, b) = (
            sp["start"].as_u64().unwrap() as usize,
            sp["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(sp["text"].as_str().unwrap(), slice_cp(text, a, b));
        assert_eq!(sp["document"], d["id"]);
        assert!(sp["attributes"].as_object().unwrap().is_empty());
        // Times are ISO 8601 in UTC, or null when unknown (e7 has none).
        if sp["id"] == "e7" {
            assert_eq!(
                (&sp["created"], &sp["updated"]),
                (&Value::Null, &Value::Null)
            );
        } else {
            assert_eq!(sp["created"], "2026-11-23T09:20:00.000Z");
            let updated = ms_from_iso(sp["updated"].as_str().unwrap()).unwrap();
            assert_eq!(updated, CREATED + a as u64 * 1000);
        }
    }
    let c1 = d["spans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "c1")
        .unwrap();
    assert_eq!(c1["note"], NOTE);
    assert_eq!(c1["label"], "claim");
}

#[test]
fn native_with_images_round_trips() {
    let text = "Harbour 🇺🇦\n\n![A crane, “big”](https://img.test/a.jpg)\n\n- one\n\nSub heading\n\nBody é text.";
    let mut doc = parse_article(text, "h.md");
    assert!(doc.blocks.iter().any(|b| b.kind.name() == "image"));
    doc.title = "Harbour 🇺🇦".into();
    let e = Rc::new(DocEntry {
        relations: Default::default(),
        doc: Rc::new(doc),
        spans: Rc::new(vec![]),
        statuses: marginalia::model::entry::statuses_from(vec![(Rc::from(""), Status::Done)]),
        decided: Default::default(),
    });
    let out = export(
        Format::Native,
        &LabelSchema::default(),
        &[Rc::clone(&e)],
        &CTX,
    )
    .unwrap();
    let back = import_native(&utf8(&out)).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.entries, vec![(*e).clone()]);
}

#[test]
fn native_round_trip_exact() {
    let c = corpus();
    let out = run(Format::Native);
    let back = import_native(&utf8(&out)).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    let want: Vec<DocEntry> = c.iter().map(|e| (**e).clone()).collect();
    assert_eq!(back.entries, want);
}

#[test]
fn native_round_trip_keeps_each_spans_annotator() {
    let names = ["Ada Lovelace", "Bo <i>Chen</i>", ""];
    let c: Vec<Rc<DocEntry>> = corpus()
        .iter()
        .map(|e| {
            let mut e = (**e).clone();
            e.spans = Rc::new(
                e.spans
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let mut s = (**s).clone();
                        s.annotator = Rc::from(names[i % names.len()]);
                        Rc::new(s)
                    })
                    .collect(),
            );
            Rc::new(e)
        })
        .collect();
    let out = export(Format::Native, &LabelSchema::default(), &c, &CTX).expect("export");
    let text = utf8(&out);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["documents"][0]["spans"][0]["annotator"], "Ada Lovelace");
    for r in v["relations"].as_array().unwrap() {
        assert!(
            r["annotator"].is_string(),
            "every relation says whose it is"
        );
    }
    let back = import_native(&text).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    let want: Vec<DocEntry> = c.iter().map(|e| (**e).clone()).collect();
    assert_eq!(back.entries, want);
    // A name that is not a string is reported, and the span is left unnamed.
    let mut bad: Value = serde_json::from_str(&text).unwrap();
    bad["documents"][0]["spans"][0]["annotator"] = Value::from(7);
    let back = import_native(&bad.to_string()).unwrap();
    assert_eq!(back.problems.len(), 1, "{:?}", back.problems);
    assert!(back.problems[0].contains("annotator"));
    assert_eq!(&*back.entries[0].spans[0].annotator, "");
}

#[test]
fn native_import_reports_and_skips_bad_items() {
    let out = utf8(&run(Format::Native));
    let mut v: Value = serde_json::from_str(&out).unwrap();
    // A span whose text no longer matches its slice: skipped, never shifted.
    v["documents"][0]["spans"][0]["text"] = Value::String("something else".into());
    // A span beyond the text.
    v["documents"][1]["spans"][0]["end"] = Value::from(10_000);
    // A document whose text was edited: its hash no longer matches.
    v["documents"][2]["text"] = Value::String("Quiet day\n\nSomething happened.".into());
    let back = import_native(&v.to_string()).unwrap();
    assert_eq!(back.problems.len(), 3, "{:?}", back.problems);
    assert!(back.problems[0].contains("document 1") && back.problems[0].contains("span 1"));
    assert!(back.problems[2].contains("sha256"));
    assert_eq!(back.entries.len(), 2);
    let c = corpus();
    assert_eq!(back.entries[0].spans.len(), c[0].spans.len() - 1);
    assert_eq!(back.entries[1].spans.len(), c[1].spans.len() - 1);
    for (got, orig) in back.entries.iter().zip(&c) {
        for s in got.spans.iter() {
            assert_eq!(orig.span(&s.id), Some(&**s));
        }
    }
}

#[test]
fn native_import_reads_times_and_reports_bad_ones() {
    let out = utf8(&run(Format::Native));
    let mut v: Value = serde_json::from_str(&out).unwrap();
    let spans = &mut v["documents"][0]["spans"];
    // Other tools write an offset instead of Z, or ms since the epoch: both are read.
    spans[0]["created"] = Value::from("2026-11-23T10:20:00.000+01:00");
    spans[0]["updated"] = Value::from(CREATED + 5);
    spans[1]["created"] = Value::from("yesterday");
    spans[1]["updated"] = Value::from(-1);
    let back = import_native(&v.to_string()).unwrap();
    assert_eq!(back.problems.len(), 2, "{:?}", back.problems);
    assert!(back.problems.iter().all(|p| p.contains("time")));
    let got = &back.entries[0].spans;
    let find = |id: &str| got.iter().find(|s| s.id.0 == id).unwrap();
    let first = v["documents"][0]["spans"][0]["id"].as_str().unwrap();
    let second = v["documents"][0]["spans"][1]["id"].as_str().unwrap();
    assert_eq!(
        (find(first).created, find(first).updated),
        (Some(CREATED), Some(CREATED + 5))
    );
    // The span is kept; only its unreadable times are unknown.
    assert_eq!((find(second).created, find(second).updated), (None, None));
}

#[test]
fn native_import_knows_documents_by_their_text() {
    let out = utf8(&run(Format::Native));
    let mut v: Value = serde_json::from_str(&out).unwrap();
    v["documents"][0]["id"] = Value::from("renamed-by-hand");
    let back = import_native(&v.to_string()).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.entries[0].doc.id, corpus()[0].doc.id);
}

#[test]
fn native_detection_and_errors() {
    assert!(!is_native("{\"text\": \"marginalia-dataset\"}"));
    assert!(!is_native("[{\"schema\": \"marginalia-dataset\"}]"));
    assert!(!is_native("not json marginalia-dataset"));
    assert!(is_native(
        "\u{feff} {\"schema\": \"marginalia-dataset\", \"documents\": []}"
    ));
    assert!(import_native("[]").is_err());
    assert!(import_native("{\"schema\": \"other\"}").is_err());
    let newer =
        import_native("{\"schema\": \"marginalia-dataset\", \"version\": 3, \"documents\": []}");
    assert!(newer.unwrap_err().contains("newer"));
    let empty =
        import_native("{\"schema\": \"marginalia-dataset\", \"version\": 1, \"documents\": []}")
            .unwrap();
    assert!(empty.entries.is_empty() && empty.problems.is_empty());
}

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a",
        "b",
        " ",
        "\n",
        "é",
        "e\u{301}",
        "🇺🇦",
        "👨\u{200d}👩\u{200d}👧",
        "北京",
        "\u{201c}",
        "\u{201d}",
        "\u{2014}",
        "Word",
        ".",
        ",",
        "\t",
        "\"",
        "\\",
    ])
}

#[test]
fn native_round_trip_keeps_each_annotators_status_and_the_decisions() {
    use marginalia::formats::export::ExportContext;
    use marginalia::model::entry::{decided_from, statuses_from};
    let who = |n: &str| -> Rc<str> { Rc::from(n) };
    let mut c: Vec<Rc<DocEntry>> = corpus();
    let first = Rc::make_mut(&mut c[0]);
    first.statuses = statuses_from(vec![
        (who(""), Status::InProgress),
        (who("Ada"), Status::Done),
        (who("Bo <i>Chen</i>"), Status::InProgress),
    ]);
    first.decided = decided_from(vec![who("gold:0:4:quote"), who("suggest:5:9:entity")]);
    let ctx = ExportContext {
        annotator: "Ada",
        ..CTX
    };
    let out = export(Format::Native, &LabelSchema::default(), &c, &ctx).expect("export");
    let text = utf8(&out);
    let v: Value = serde_json::from_str(&text).unwrap();
    let d = &v["documents"][0];
    assert_eq!(d["status"], "done", "the exporter's own");
    assert_eq!(d["statuses"]["Ada"], "done");
    assert_eq!(d["statuses"][""], "in_progress");
    assert_eq!(d["decided"][1], "suggest:5:9:entity");
    assert_eq!(v["documents"][2]["status"], "new");
    assert!(v["documents"][2].get("statuses").is_none());
    let back = import_native(&text).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    let want: Vec<DocEntry> = c.iter().map(|e| (**e).clone()).collect();
    assert_eq!(back.entries, want);

    // A dataset from before statuses per annotator: its one status is everyone's.
    let mut old: Value = serde_json::from_str(&text).unwrap();
    old["documents"][1]
        .as_object_mut()
        .unwrap()
        .remove("statuses");
    old["documents"][1]["spans"][0]["annotator"] = Value::from("Bo");
    old["documents"][1]["status"] = Value::from("done");
    let back = import_native(&old.to_string()).unwrap();
    let statuses: Vec<(&str, Status)> = back.entries[1]
        .statuses
        .iter()
        .map(|(n, s)| (&**n, *s))
        .collect();
    assert_eq!(statuses, [("", Status::Done), ("Bo", Status::Done)]);

    // Bad statuses and decisions are reported; the document is kept.
    let mut bad: Value = serde_json::from_str(&text).unwrap();
    bad["documents"][0]["statuses"]["Ada"] = Value::from("finished");
    bad["documents"][0]["decided"] = serde_json::json!(["ok", "", 3, "x".repeat(513)]);
    let back = import_native(&bad.to_string()).unwrap();
    assert_eq!(back.problems.len(), 2, "{:?}", back.problems);
    assert_eq!(back.entries[0].status_of("Ada"), Status::New);
    assert_eq!(*back.entries[0].decided, vec![who("ok")]);
    bad["documents"][0]["statuses"] = Value::from("done");
    let back = import_native(&bad.to_string()).unwrap();
    assert!(back.problems.iter().any(|p| p.contains("statuses")));
    assert_eq!(back.entries.len(), 2, "that document is skipped");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn native_round_trip_random(
        docs in prop::collection::vec(
            (prop::collection::vec(piece(), 1..40),
             prop::collection::vec((0usize..200, 1usize..30, 0usize..3, prop::option::of("[a-z\"\n\t,=]{0,8}"),
                                    prop::option::of(0u64..253_402_300_800_000), prop::option::of(0u64..253_402_300_800_000)), 0..12),
             0usize..3),
            1..4)
    ) {
        let mut entries = Vec::new();
        for (d, (pieces, spans, status)) in docs.into_iter().enumerate() {
            let text = format!("Title {d}\n\n{}", pieces.concat());
            let len = text.chars().count();
            let mut out: Vec<Span> = Vec::new();
            for (i, (start, width, label, note, created, updated)) in spans.into_iter().enumerate() {
                let start = start % len;
                let end = (start + width).min(len);
                if start >= end { continue; }
                out.push(Span {
                    id: SpanId(format!("s-{d}-{i}")),
                    start,
                    end,
                    label: ["quote", "claim", "entity"][label].into(),
                    note: note.unwrap_or_default(),
                    attrs: Default::default(),
                    created,
                    updated,
                    annotator: Default::default(),
                });
            }
            marginalia::model::sort::sort_with(&mut out, &Span::text_order);
            entries.push(Rc::new(DocEntry {
                relations: Default::default(),
                doc: Rc::new(parse_article(&text, "p.md")),
                spans: Rc::new(out.into_iter().map(Rc::new).collect()),
                statuses: marginalia::model::entry::statuses_from(vec![(Rc::from(""), Status::ALL[status])]),
                decided: Default::default(),
            }));
        }
        let e = export(Format::Native, &LabelSchema::default(), &entries, &CTX).unwrap();
        let back = import_native(std::str::from_utf8(&e.bytes).unwrap()).unwrap();
        prop_assert!(back.problems.is_empty(), "{:?}", back.problems);
        let want: Vec<DocEntry> = entries.iter().map(|e| (**e).clone()).collect();
        prop_assert_eq!(back.entries, want);
        // And every other format accepts the same data.
        for f in Format::ALL {
            prop_assert!(export(f, &LabelSchema::default(), &entries, &CTX).is_ok());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// spaCy

#[test]
fn spacy_lines_and_offsets() {
    let e = run(Format::SpacyJsonl);
    let s = utf8(&e);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(s.ends_with('\n'));
    let c = corpus();
    for (line, entry) in lines.iter().zip(&c) {
        let v: Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        assert_eq!(text, entry.doc.text);
        assert_eq!(v["meta"]["offsets"], "unicode code points");
        assert_eq!(v["meta"]["id"], entry.doc.id.0);
        assert_eq!(v["meta"]["title"], entry.doc.title);
        assert_eq!(v["meta"]["status"], entry.status_of("").id());
        let spans = v["spans"].as_array().unwrap();
        assert_eq!(spans.len(), entry.spans.len());
        for (sp, orig) in spans.iter().zip(entry.spans.iter()) {
            assert_eq!(sp["start"], orig.start);
            assert_eq!(sp["end"], orig.end);
            assert_eq!(sp["label"], orig.label.as_str());
            assert_eq!(
                sp["text"].as_str().unwrap(),
                slice_cp(text, orig.start, orig.end)
            );
        }
    }
    let flag = find(TEXT1, "🇺🇦");
    assert_eq!(flag, (5, 7));
    assert!(e.notes.iter().any(|n| n.contains("notes are not included")));
}

#[test]
fn spacy_round_trips_through_json_importer() {
    let s = utf8(&run(Format::SpacyJsonl));
    let mut n = 0;
    let report = parse_json_documents(&s, "export.jsonl", &LabelSchema::default(), &mut || {
        n += 1;
        SpanId(format!("new-{n}"))
    })
    .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let c = corpus();
    assert_eq!(report.docs.len(), c.len());
    for (got, orig) in report.docs.iter().zip(&c) {
        assert_eq!(got.doc.text, orig.doc.text);
        assert_eq!(got.doc.title, orig.doc.title);
        let key = |s: &Span| (s.start, s.end, s.label.clone());
        let mut a: Vec<_> = got.spans.iter().map(key).collect();
        let mut b: Vec<_> = orig.spans.iter().map(|s| key(s)).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}

// ---------------------------------------------------------------------------------------------
// W3C

#[test]
fn w3c_annotations() {
    let e = run(Format::W3c);
    let v: Value = serde_json::from_slice(&e.bytes).unwrap();
    assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["type"], "AnnotationCollection");
    let items = v["first"]["items"].as_array().unwrap();
    let c = corpus();
    let spans = all_spans(&c);
    assert_eq!(items.len(), spans.len());
    assert_eq!(v["total"], spans.len());
    use sha2::Digest;
    for (item, (entry, s)) in items.iter().zip(&spans) {
        let text = entry.doc.text.as_str();
        assert_eq!(item["type"], "Annotation");
        assert_eq!(item["id"], format!("urn:marginalia:{}", s.id));
        let hex: String = sha2::Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(item["target"]["source"], format!("urn:sha256:{hex}"));
        let body = item["body"].as_array().unwrap();
        assert_eq!(body[0]["purpose"], "tagging");
        assert_eq!(body[0]["value"], s.label.as_str());
        if s.note.is_empty() {
            assert_eq!(body.len(), 1);
        } else {
            assert_eq!(body[1]["purpose"], "commenting");
            assert_eq!(body[1]["value"], s.note.as_str());
        }
        let sel = item["target"]["selector"].as_array().unwrap();
        assert_eq!(sel[0]["type"], "TextQuoteSelector");
        assert_eq!(sel[1]["type"], "TextPositionSelector");
        assert_eq!(sel[1]["start"], s.start);
        assert_eq!(sel[1]["end"], s.end);
        let iso = |t: Option<u64>| t.map_or(Value::Null, |ms| Value::from(iso_from_ms(ms)));
        assert_eq!(item["created"], iso(s.created));
        assert_eq!(item["modified"], iso(s.updated));
        let (exact, prefix, suffix) = (
            sel[0]["exact"].as_str().unwrap(),
            sel[0]["prefix"].as_str().unwrap(),
            sel[0]["suffix"].as_str().unwrap(),
        );
        assert_eq!(exact, slice_cp(text, s.start, s.end));
        let pl = prefix.chars().count();
        let sl = suffix.chars().count();
        assert!(pl <= 32 && sl <= 32);
        assert_eq!(prefix, slice_cp(text, s.start - pl, s.start));
        assert_eq!(suffix, slice_cp(text, s.end, s.end + sl));
        assert!(pl == 32 || pl == s.start);
        assert!(sl == 32 || s.end + sl == text.chars().count());
    }
}

// ---------------------------------------------------------------------------------------------
// Label Studio

#[test]
fn label_studio_tasks() {
    let v: Value = serde_json::from_slice(&run(Format::LabelStudio).bytes).unwrap();
    let tasks = v.as_array().unwrap();
    let c = corpus();
    assert_eq!(tasks.len(), c.len());
    for (task, entry) in tasks.iter().zip(&c) {
        let text = task["data"]["text"].as_str().unwrap();
        assert_eq!(text, entry.doc.text);
        assert_eq!(task["data"]["title"], entry.doc.title);
        let result = task["annotations"][0]["result"].as_array().unwrap();
        assert_eq!(result.len(), entry.spans.len());
        for (r, s) in result.iter().zip(entry.spans.iter()) {
            assert_eq!(r["id"], s.id.0);
            assert_eq!(r["from_name"], "label");
            assert_eq!(r["to_name"], "text");
            assert_eq!(r["type"], "labels");
            assert_eq!(r["value"]["start"], s.start);
            assert_eq!(r["value"]["end"], s.end);
            assert_eq!(
                r["value"]["text"].as_str().unwrap(),
                slice_cp(text, s.start, s.end)
            );
            let schema = LabelSchema::default();
            let name = schema.name_of(&s.label);
            assert_eq!(r["value"]["labels"], serde_json::json!([name]));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// doccano

#[test]
fn doccano_counts_utf16() {
    let e = run(Format::Doccano);
    assert!(e.notes.iter().any(|n| n.contains("UTF-16")));
    let s = utf8(&e);
    let c = corpus();
    for (line, entry) in s.lines().zip(&c) {
        let v: Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        assert_eq!(text, entry.doc.text);
        assert_eq!(v["relations"], Value::Array(vec![]));
        let units: Vec<u16> = text.encode_utf16().collect();
        let ents = v["entities"].as_array().unwrap();
        assert_eq!(ents.len(), entry.spans.len());
        for (i, (en, sp)) in ents.iter().zip(entry.spans.iter()).enumerate() {
            assert_eq!(en["id"], i);
            assert_eq!(en["label"], sp.label.as_str());
            let a = en["start_offset"].as_u64().unwrap() as usize;
            let b = en["end_offset"].as_u64().unwrap() as usize;
            assert_eq!(a, cp_to_utf16(text, sp.start));
            assert_eq!(
                String::from_utf16(&units[a..b]).unwrap(),
                slice_cp(text, sp.start, sp.end)
            );
        }
    }
    // The flag: code points 5..7, UTF-16 units 5..9.
    let v: Value = serde_json::from_str(s.lines().next().unwrap()).unwrap();
    let flag = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["start_offset"] == 5)
        .unwrap();
    assert_eq!(flag["end_offset"], 9);
    // After the flag and the family (8 units, 5 code points), offsets differ by 2 + 3.
    let c = corpus();
    let e5 = c[0].span(&SpanId("e5".into())).unwrap();
    let beijing = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["label"] == "entity"
                && e["end_offset"].as_u64().unwrap() as usize
                    - e["start_offset"].as_u64().unwrap() as usize
                    == 2
                && e["start_offset"].as_u64().unwrap() as usize == e5.start + 5
        })
        .unwrap();
    assert_eq!(beijing["end_offset"].as_u64().unwrap() as usize, e5.end + 5);
}

// ---------------------------------------------------------------------------------------------
// brat

/// (name, contents) of every entry, checking local headers, CRCs, the central directory and
/// the end record.
pub fn read_zip(z: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |i: usize| u16::from_le_bytes([z[i], z[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes([z[i], z[i + 1], z[i + 2], z[i + 3]]) as usize;
    let eocd = z.len() - 22;
    assert_eq!(u32_at(eocd), 0x0605_4b50);
    let count = u16_at(eocd + 10);
    assert_eq!(u16_at(eocd + 8), count);
    let cd_size = u32_at(eocd + 12);
    let cd_off = u32_at(eocd + 16);
    assert_eq!(cd_off + cd_size, eocd);
    let mut files = Vec::new();
    let mut p = cd_off;
    for _ in 0..count {
        assert_eq!(u32_at(p), 0x0201_4b50);
        assert_eq!(u16_at(p + 10), 0, "stored");
        let crc = u32_at(p + 16) as u32;
        let size = u32_at(p + 20);
        assert_eq!(u32_at(p + 24), size);
        let name_len = u16_at(p + 28);
        let extra = u16_at(p + 30);
        let comment = u16_at(p + 32);
        let local = u32_at(p + 42);
        let name = String::from_utf8(z[p + 46..p + 46 + name_len].to_vec()).unwrap();
        // The local header agrees.
        assert_eq!(u32_at(local), 0x0403_4b50);
        assert_eq!(u32_at(local + 14) as u32, crc);
        assert_eq!(u32_at(local + 18), size);
        let lname = u16_at(local + 26);
        let lextra = u16_at(local + 28);
        assert_eq!(&z[local + 30..local + 30 + lname], name.as_bytes());
        let data_at = local + 30 + lname + lextra;
        let data = z[data_at..data_at + size].to_vec();
        assert_eq!(zip::crc32(&data), crc);
        files.push((name, data));
        p += 46 + name_len + extra + comment;
    }
    assert_eq!(p, eocd);
    files
}

#[test]
fn brat_zip_with_discontinuous_spans() {
    let e = run(Format::Brat);
    let files = read_zip(&e.bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "kyiv-report.txt",
            "kyiv-report.ann",
            "kyiv-report-2.txt",
            "kyiv-report-2.ann",
            "quiet-day.txt",
            "quiet-day.ann",
            "annotation.conf"
        ]
    );
    let map: HashMap<&str, &[u8]> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    assert_eq!(map["kyiv-report.txt"], TEXT1.as_bytes());
    assert!(std::str::from_utf8(map["annotation.conf"])
        .unwrap()
        .contains("[entities]\nQuote\nClaim\nEntity\n"));
    let c = corpus();
    for (i, stem) in ["kyiv-report", "kyiv-report-2", "quiet-day"]
        .iter()
        .enumerate()
    {
        let txt = std::str::from_utf8(map[format!("{stem}.txt").as_str()]).unwrap();
        let ann = std::str::from_utf8(map[format!("{stem}.ann").as_str()]).unwrap();
        let t_lines: Vec<&str> = ann.lines().filter(|l| l.starts_with('T')).collect();
        assert_eq!(t_lines.len(), c[i].spans.len());
        for (line, s) in t_lines.iter().zip(c[i].spans.iter()) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "{line}");
            let (label, ranges) = cols[1].split_once(' ').unwrap();
            assert_eq!(label, LabelSchema::default().name_of(&s.label));
            let pieces: Vec<(usize, usize)> = ranges
                .split(';')
                .map(|r| {
                    let (a, b) = r.split_once(' ').unwrap();
                    (a.parse().unwrap(), b.parse().unwrap())
                })
                .collect();
            let joined: Vec<&str> = pieces.iter().map(|&(a, b)| slice_cp(txt, a, b)).collect();
            assert_eq!(cols[2], joined.join(" "));
            assert_eq!(pieces.first().unwrap().0, s.start);
            assert_eq!(pieces.last().unwrap().1, s.end);
            assert_eq!(joined.join("\n"), slice_cp(txt, s.start, s.end));
        }
        for line in ann.lines().filter(|l| l.starts_with('#')) {
            assert_eq!(line.split('\t').count(), 3);
            assert!(line
                .split('\t')
                .nth(1)
                .unwrap()
                .starts_with("AnnotatorNotes T"));
        }
    }
    let ann = std::str::from_utf8(map["kyiv-report.ann"]).unwrap();
    // The claim across the line break: two fragments.
    let (a, b) = find(
        TEXT1,
        "the minister of 👨\u{200d}👩\u{200d}👧 affairs.\nThe cafe\u{301}",
    );
    let nl = find(TEXT1, ".\nThe").0 + 1;
    let want = format!(
        "Claim {a} {nl};{} {b}\tthe minister of 👨\u{200d}👩\u{200d}👧 affairs. The cafe\u{301}",
        nl + 1
    );
    assert!(ann.contains(&want), "{ann}");
    assert!(
        ann.contains("AnnotatorNotes T")
            && ann.contains("=HYPERLINK(\"http://x\"), check this \"twice\"")
    );
    assert!(e.notes.iter().any(|n| n.contains("discontinuous")));
    assert!(e.notes.iter().any(|n| n.contains("line breaks or tabs")));
}

// ---------------------------------------------------------------------------------------------
// CoNLL

#[test]
fn conll_bio_entities_only() {
    let e = run(Format::Conll);
    let s = utf8(&e);
    assert_eq!(s.matches("-DOCSTART- -X- O\n").count(), 3);
    assert!(s.starts_with("-DOCSTART- -X- O\n\n"));
    let tag = |tok: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.split(' ').next() == Some(tok))
            .map(|l| l.rsplit(' ').next().unwrap().to_owned())
            .collect()
    };
    for line in s.lines().filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split(' ').collect();
        if cols[0] == "-DOCSTART-" {
            assert_eq!(cols, ["-DOCSTART-", "-X-", "O"]);
        } else {
            assert_eq!(cols.len(), 4, "{line:?}");
            assert_eq!((cols[1], cols[2]), ("-X-", "_"));
            let t = cols[3];
            assert!(t == "O" || t == "B-ENTITY" || t == "I-ENTITY", "{line}");
        }
    }
    assert_eq!(tag("Olena"), ["B-ENTITY"]);
    assert_eq!(tag("Kovalenko"), ["I-ENTITY"]); // the nested e2 was dropped
    assert_eq!(tag("minister"), ["B-ENTITY"]);
    assert_eq!(tag("affairs"), ["O"]); // crossing e4 dropped
    assert_eq!(tag("北"), ["B-ENTITY"]);
    assert_eq!(tag("京"), ["I-ENTITY", "I-ENTITY"]); // 北京 and 東京
    assert_eq!(tag("東"), ["B-ENTITY"]);
    assert_eq!(tag("cafe\u{301}"), ["B-ENTITY"]); // the combining mark stays with its letter
    assert_eq!(tag("🇺🇦"), ["B-ENTITY", "O"]); // tagged in the first title only
    assert_eq!(tag("Prices"), ["O"]);
    assert_eq!(tag("We"), ["O"]); // quotes are not exported
                                  // Sentences: a blank line after "affairs." and after "reopened.".
    assert!(s.contains("affairs -X- _ O\n. -X- _ O\n\nThe -X- _ O\n"));
    assert!(s.contains("reopened -X- _ O\n. -X- _ O\n\nPrices"));
    // The title is its own sentence (line break).
    assert!(s.contains("report -X- _ O\n\n"));
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("2 nested or crossing entities were dropped")),
        "{:?}",
        e.notes
    );
    assert!(
        e.notes.iter().any(|n| n.contains("5 quotes and claims")),
        "{:?}",
        e.notes
    );
}

// ---------------------------------------------------------------------------------------------
// CSV

/// A small RFC 4180 reader.
pub fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
        } else {
            match c {
                '"' => {
                    assert!(cell.is_empty(), "quote inside an unquoted cell");
                    quoted = true;
                }
                ',' => row.push(std::mem::take(&mut cell)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'));
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                '\n' => panic!("bare newline outside quotes"),
                c => cell.push(c),
            }
        }
    }
    assert!(!quoted && cell.is_empty() && row.is_empty());
    rows
}

#[test]
fn csv_rows_quoting_and_formula_guard() {
    let e = run(Format::Csv);
    let rows = parse_csv(&utf8(&e));
    assert_eq!(
        rows[0],
        [
            "document_id",
            "document_title",
            "span_id",
            "label",
            "start",
            "end",
            "text",
            "note",
            "created",
            "updated",
            "attributes",
            "annotator"
        ]
    );
    let c = corpus();
    let spans = all_spans(&c);
    assert_eq!(rows.len(), 1 + spans.len());
    for (row, (entry, s)) in rows[1..].iter().zip(&spans) {
        assert_eq!(row.len(), 12);
        assert_eq!(row[0], entry.doc.id.0);
        assert_eq!(row[1], entry.doc.title);
        assert_eq!(row[2], s.id.0);
        assert_eq!(row[3], s.label);
        assert_eq!(row[4], s.start.to_string());
        assert_eq!(row[5], s.end.to_string());
        let slice = slice_cp(&entry.doc.text, s.start, s.end);
        let guard = |v: &str| {
            if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{v}")
            } else {
                v.to_owned()
            }
        };
        assert_eq!(row[6], guard(slice));
        assert_eq!(row[7], guard(&s.note));
        let iso = |t: Option<u64>| t.map(iso_from_ms).unwrap_or_default();
        assert_eq!((&row[8], &row[9]), (&iso(s.created), &iso(s.updated)));
    }
    let c1 = rows.iter().find(|r| r[2] == "c1").unwrap();
    assert_eq!(c1[7], format!("'{NOTE}"));
    let c2 = rows.iter().find(|r| r[2] == "c2").unwrap();
    assert_eq!((c2[6].as_str(), c2[7].as_str()), ("'+5%", "'-note"));
    let c3 = rows.iter().find(|r| r[2] == "c3").unwrap();
    assert_eq!((c3[6].as_str(), c3[7].as_str()), ("'-Minus start", "'@me"));
    let raw = utf8(&e);
    assert!(raw.contains("\"'=HYPERLINK(\"\"http://x\"\"), check\tthis\n\"\"twice\"\"\""));
    assert!(e.notes.iter().any(|n| n.contains("formulas")));
}

#[test]
fn empty_corpus_exports() {
    for f in Format::ALL {
        let e = export(f, &LabelSchema::default(), &[], &CTX).unwrap();
        match f {
            Format::SpacyJsonl | Format::Doccano | Format::Conll => assert!(e.bytes.is_empty()),
            _ => assert!(!e.bytes.is_empty()),
        }
    }
    let _unused: Option<Document> = None;
}

#[test]
fn brat_leaves_out_a_span_of_only_line_breaks_and_tabs_are_noted() {
    let text = "Title\n\nOne\ttwo.\n\nThree.";
    let nl = find(text, ".\n\nThree").0 + 1;
    let spans = vec![
        Span {
            id: SpanId("n".into()),
            start: nl,
            end: nl + 2,
            label: "claim".into(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        },
        span("t", text, "One\ttwo", "quote", ""),
        span("x", text, "two.\n\nThree", "claim", ""),
    ];
    let e = export(
        Format::Brat,
        &LabelSchema::default(),
        &[entry(text, spans, Status::New)],
        &CTX,
    )
    .unwrap();
    let files = read_zip(&e.bytes);
    let ann = std::str::from_utf8(&files[1].1).unwrap();
    let (a, b) = find(text, "two.\n\nThree");
    assert_eq!(
        ann,
        format!(
            "T1\tQuote 7 14\tOne two\nT2\tClaim {a} {nl};{} {b}\ttwo. Three\n",
            nl + 2
        )
    );
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("1 span holds only line breaks and was left out")),
        "{:?}",
        e.notes
    );
    assert!(e.notes.iter().any(|n| n.contains("tab")), "{:?}", e.notes);
}

#[test]
fn conll_entities_sharing_a_token() {
    // Two entities inside one token ("AB" as A and B): the second gets no token.
    let text = "Title\n\nAB went home.";
    let a = find(text, "AB").0;
    let spans = vec![
        Span {
            id: SpanId("a".into()),
            start: a,
            end: a + 1,
            label: "entity".into(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        },
        Span {
            id: SpanId("b".into()),
            start: a + 1,
            end: a + 2,
            label: "entity".into(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        },
    ];
    let e = export(
        Format::Conll,
        &LabelSchema::default(),
        &[entry(text, spans, Status::New)],
        &CTX,
    )
    .unwrap();
    let s = utf8(&e);
    assert!(s.contains("AB -X- _ B-ENTITY\nwent -X- _ O\n"), "{s}");
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("1 entity got no token of its own")),
        "{:?}",
        e.notes
    );
}

// ---------------------------------------------------------------------------------------------
// Attributes and relations

fn run_linked(format: Format) -> Export {
    export(format, &linked_schema(), &linked(), &CTX).expect("export")
}

#[test]
fn the_linked_corpus_is_valid() {
    let mut c = marginalia::model::Corpus::with_schema(linked_schema());
    let entries = linked().iter().map(|e| (**e).clone()).collect();
    c.apply(marginalia::model::Edit::insert_documents(0, entries))
        .unwrap();
}

#[test]
fn native_carries_the_schema_attributes_and_relations_and_reads_them_back_exactly() {
    let e = run_linked(Format::Native);
    let s = utf8(&e);
    let v: Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["labels"][3]["id"], "place");
    assert_eq!(v["labels"][3]["attributes"][0]["kind"], "text");
    let spans = v["documents"][0]["spans"].as_array().unwrap();
    let e1 = spans.iter().find(|s| s["id"] == "e1").unwrap();
    assert_eq!(e1["attributes"]["type"], "person");
    assert_eq!(v["relations"].as_array().unwrap().len(), 4);
    assert_eq!(v["relations"][0]["kind"], "said_by");
    assert_eq!(v["relations"][0]["document"], v["documents"][0]["id"]);

    let back = import_native(&s).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.schema, linked_schema());
    let want: Vec<DocEntry> = linked().iter().map(|e| (**e).clone()).collect();
    assert_eq!(back.entries, want);
}

#[test]
fn native_import_leaves_out_what_does_not_fit_and_says_so() {
    let s = utf8(&run_linked(Format::Native));
    let mut v: Value = serde_json::from_str(&s).unwrap();
    let spans = v["documents"][0]["spans"].as_array_mut().unwrap();
    let e1 = spans.iter_mut().find(|s| s["id"] == "e1").unwrap();
    e1["attributes"]["type"] = "robot".into();
    e1["attributes"]["mood"] = "calm".into();
    let relations = v["relations"].as_array_mut().unwrap();
    relations[0]["to"] = "nobody".into();
    relations[1]["kind"] = "hates".into();
    relations[2]["document"] = "elsewhere".into();
    relations.push(relations[3].clone());
    let back = import_native(&v.to_string()).unwrap();
    assert_eq!(
        back.problems,
        [
            "document 1 (f039987a0570677b), span 3: its attribute \"mood\" is not valid for its label \"entity\"; left out",
            "document 1 (f039987a0570677b), span 3: its attribute \"type\" is not valid for its label \"entity\"; left out",
            "relation 1: There is no annotation nobody in that document; skipped",
            "relation 2: unknown kind \"hates\"; skipped",
            "relation 3: no document \"elsewhere\" was imported; skipped",
            "relation 5: There is already a relation r4 in that document; skipped",
        ]
    );
    let e1 = back.entries[0].span(&SpanId("e1".into())).unwrap();
    assert_eq!(e1.attrs.get("canonical"), Some("Olena Kovalenko"));
    assert_eq!(e1.attrs.get("type"), None);
    // A dataset of version 1 has the default labels, whatever it says.
    let mut old: Value = serde_json::from_str(&utf8(&run(Format::Native))).unwrap();
    old["version"] = 1.into();
    old["labels"] = serde_json::json!([{"id": "quote", "name": "Quote", "key": "1"}]);
    let back = import_native(&old.to_string()).unwrap();
    assert_eq!(back.schema, LabelSchema::default());
    assert!(back.problems.is_empty());
    // Labels that are not a valid schema refuse the file.
    v["labels"][3]["color"] = "pink".into();
    let err = import_native(&v.to_string()).unwrap_err();
    assert!(
        err.starts_with("The labels of this dataset are not valid: "),
        "{err}"
    );
}

#[test]
fn spacy_meta_points_at_spans_by_position() {
    let e = run_linked(Format::SpacyJsonl);
    let lines: Vec<Value> = utf8(&e)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let first = &lines[0];
    let spans = first["spans"].as_array().unwrap();
    let rels = first["meta"]["relations"].as_array().unwrap();
    assert_eq!(rels.len(), 3);
    let said = &rels[0];
    assert_eq!(said["kind"], "said_by");
    let (from, to) = (
        said["from"].as_u64().unwrap() as usize,
        said["to"].as_u64().unwrap() as usize,
    );
    assert_eq!(spans[from]["label"], "quote");
    assert_eq!(spans[to]["text"], "Olena Kovalenko");
    let attrs = first["meta"]["attributes"].as_array().unwrap();
    let with_type = attrs
        .iter()
        .find(|a| a["attributes"]["type"] == "person")
        .unwrap();
    assert_eq!(
        spans[with_type["span"].as_u64().unwrap() as usize]["text"],
        "Olena Kovalenko"
    );
    assert!(
        lines[2]["meta"].get("relations").is_none(),
        "only when there are some"
    );
    assert!(e.notes.iter().any(|n| n.contains("meta")));
}

#[test]
fn w3c_attributes_are_bodies_and_relations_link_annotations() {
    let e = run_linked(Format::W3c);
    let v: Value = serde_json::from_str(&utf8(&e)).unwrap();
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(v["total"], items.len());
    let e1 = items
        .iter()
        .find(|a| a["id"] == "urn:marginalia:e1")
        .unwrap();
    let bodies = e1["body"].as_array().unwrap();
    let has = |purpose: &str, value: &str| {
        bodies
            .iter()
            .any(|b| b["purpose"] == purpose && b["value"] == value)
    };
    assert!(has("tagging", "type: person"));
    assert!(has("describing", "canonical: Olena Kovalenko"));
    assert!(bodies.iter().any(|b| b["purpose"] == "identifying"
        && b["source"] == "http://www.wikidata.org/entity/Q4115189"));
    let links: Vec<&Value> = items
        .iter()
        .filter(|a| a["motivation"] == "linking")
        .collect();
    assert_eq!(links.len(), 4);
    let ids: Vec<&str> = items.iter().filter_map(|a| a["id"].as_str()).collect();
    for link in links {
        let targets = link["target"].as_array().unwrap();
        assert_eq!(targets.len(), 2);
        for t in targets {
            assert!(ids.contains(&t.as_str().unwrap()), "{t} is an annotation");
        }
    }
}

#[test]
fn label_studio_relations_and_per_region_attributes() {
    let e = run_linked(Format::LabelStudio);
    let v: Value = serde_json::from_str(&utf8(&e)).unwrap();
    let result = v[0]["annotations"][0]["result"].as_array().unwrap();
    let regions: Vec<&str> = result
        .iter()
        .filter(|r| r["type"] == "labels")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let relations: Vec<&Value> = result.iter().filter(|r| r["type"] == "relation").collect();
    assert_eq!(relations.len(), 3);
    for r in &relations {
        assert!(regions.contains(&r["from_id"].as_str().unwrap()));
        assert!(regions.contains(&r["to_id"].as_str().unwrap()));
        assert_eq!(r["direction"], "right");
    }
    assert_eq!(relations[0]["labels"], serde_json::json!(["said_by"]));
    let choice = result
        .iter()
        .find(|r| r["type"] == "choices" && r["from_name"] == "type")
        .unwrap();
    assert_eq!(choice["id"], "e1");
    assert_eq!(choice["value"]["choices"], serde_json::json!(["person"]));
    let text = result
        .iter()
        .find(|r| r["type"] == "textarea" && r["from_name"] == "country")
        .unwrap();
    assert_eq!(text["id"], "e5");
    assert_eq!(text["value"]["text"], serde_json::json!(["China"]));
    let place = result
        .iter()
        .find(|r| r["id"] == "e5" && r["type"] == "labels")
        .unwrap();
    assert_eq!(place["value"]["labels"], serde_json::json!(["Named place"]));
}

#[test]
fn doccano_relations_use_entity_numbers() {
    let e = run_linked(Format::Doccano);
    let first: Value = serde_json::from_str(utf8(&e).lines().next().unwrap()).unwrap();
    let entities = first["entities"].as_array().unwrap();
    let rels = first["relations"].as_array().unwrap();
    assert_eq!(rels.len(), 3);
    for r in rels {
        let id = |k: &str| r[k].as_u64().unwrap();
        assert!(entities
            .iter()
            .any(|e| e["id"].as_u64() == Some(id("from_id"))));
        assert!(entities
            .iter()
            .any(|e| e["id"].as_u64() == Some(id("to_id"))));
    }
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("10 attribute values not included")),
        "{:?}",
        e.notes
    );
}

#[test]
fn brat_relations_attributes_and_wikidata_ids() {
    let e = run_linked(Format::Brat);
    let files = read_zip(&e.bytes);
    let text = |name: &str| {
        String::from_utf8(
            files
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("{name}"))
                .1
                .clone(),
        )
        .unwrap()
    };
    let ann = text("kyiv-report.ann");
    let t_of = |needle: &str| {
        ann.lines()
            .find(|l| l.starts_with('T') && l.ends_with(needle))
            .and_then(|l| l.split('\t').next())
            .unwrap()
            .to_owned()
    };
    let (q1, e1, e2) = (
        t_of("\u{201c}We will not back down,\u{201d}"),
        t_of("\tOlena Kovalenko"),
        t_of("\tKovalenko"),
    );
    assert!(
        ann.contains(&format!("\tsaid_by Arg1:{q1} Arg2:{e1}\n")),
        "{ann}"
    );
    assert!(ann.contains(&format!("\ttype {e1} person\n")));
    assert!(ann.contains("\tcheckworthy T"));
    assert!(ann.contains(" not_check-worthy\n"));
    assert!(ann.contains(&format!(
        "\tReference {e1} Wikidata:Q4115189\tOlena Kovalenko\n"
    )));
    // Text attributes other than a Wikidata id go to the notes, on one line.
    assert!(ann.contains(&format!(
        "\tAnnotatorNotes {e2}\tcanonical: Olena Kovalenko | external_id: local-7\n"
    )));
    assert!(
        ann.contains("verdict: =False: see the  budget, \"p. 4\"\n"),
        "{ann}"
    );
    assert!(ann.contains("\tNamed_place "));
    for line in ann.lines() {
        assert!(line.split('\t').count() <= 3, "{line}");
    }
    let conf = text("annotation.conf");
    assert!(conf.contains("Named_place\n"));
    assert!(conf.contains("said_by Arg1:Quote, Arg2:Entity\n"));
    assert!(conf.contains("cue Arg1:Quote, Arg2:<ENTITY>\n"));
    assert!(conf.contains("checkworthy Arg:Claim, Value:check-worthy|not_check-worthy|unsure\n"));
    assert!(text("tools.conf").contains("Wikidata"));
    assert!(e.notes.iter().any(|n| n.contains("R lines")));
}

#[test]
fn csv_has_an_attributes_column_and_conll_says_what_it_left_out() {
    let e = run_linked(Format::Csv);
    let rows = parse_csv(&utf8(&e));
    assert_eq!(rows[0][10], "attributes");
    let e1 = rows.iter().find(|r| r[2] == "e1").unwrap();
    let attrs: Value = serde_json::from_str(&e1[10]).unwrap();
    assert_eq!(attrs["external_id"], "Q4115189");
    assert_eq!(rows.iter().find(|r| r[2] == "e3").unwrap()[10], "");
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("4 relations not included")),
        "{:?}",
        e.notes
    );
    let e = run_linked(Format::Conll);
    assert!(
        e.notes.iter().any(|n| n
            == "10 attribute values and 4 relations not included (CoNLL has no place for them)."),
        "{:?}",
        e.notes
    );
}
