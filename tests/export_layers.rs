#![cfg(not(target_arch = "wasm32"))]
//! Every format that can say who annotated does (issue 21): a corpus with two annotators and a
//! gold layer over emoji (a flag, a ZWJ family) and CJK goes out in each format and, where
//! Marginalia reads the format, comes back with each span in its annotator's layer at exactly
//! its offsets; a file that names nobody still opens unnamed.

use std::rc::Rc;

use marginalia::formats::export::{export, Format};
use marginalia::formats::import::json_docs::{parse_json_documents, ImportReport};
use marginalia::formats::import::native::import_native;
use marginalia::model::annotators::GOLD;
use marginalia::model::import::merge_dataset;
use marginalia::model::store::Corpus;
use marginalia::model::{
    DocEntry, Edit, LabelSchema, Relation, RelationId, RelationKind, Span, SpanId, Status,
};
use serde_json::Value;

mod common;
use common::*;

fn by(who: &str, id: &str, text: &str, needle: &str, label: &str) -> Span {
    let (start, end) = find(text, needle);
    let mut s = plain_span(id, start, end, label);
    s.annotator = Rc::from(who);
    s
}

/// TEXT1 annotated by Ana (with a relation), Bo and the gold layer; TEXT2 by Bo alone.
fn layered() -> Vec<Rc<DocEntry>> {
    let t = TEXT1;
    let quote = "\u{201c}We will not back down,\u{201d}";
    let family = "👨\u{200d}👩\u{200d}👧";
    let mut first = (*entry(
        t,
        vec![
            by("Ana", "a1", t, quote, "quote"),
            by("Ana", "a2", t, "Olena Kovalenko", "entity"),
            by("Ana", "a3", t, "🇺🇦", "entity"),
            by("Bo", "b1", t, quote, "quote"),
            by("Bo", "b2", t, "Kovalenko", "entity"),
            by("Bo", "b3", t, family, "entity"),
            by(GOLD, "g1", t, quote, "quote"),
            by(GOLD, "g2", t, "Olena Kovalenko", "entity"),
            by(GOLD, "g3", t, "北京", "entity"),
        ],
        Status::InProgress,
    ))
    .clone();
    first.relations = Rc::new(vec![Relation {
        id: RelationId("r1".into()),
        kind: RelationKind::SaidBy,
        from: SpanId("a1".into()),
        to: SpanId("a2".into()),
    }]);
    vec![
        Rc::new(first),
        entry(
            TEXT2,
            vec![by("Bo", "b9", TEXT2, "東京", "entity")],
            Status::Done,
        ),
    ]
}

fn out(format: Format, c: &[Rc<DocEntry>]) -> (String, Vec<String>) {
    let e = export(format, &LabelSchema::default(), c, &CTX).expect("export");
    (String::from_utf8(e.bytes).unwrap_or_default(), e.notes)
}

/// (text, annotator, start, end, label) of every span, sorted.
type Layered = Vec<(String, String, usize, usize, String)>;

fn spans_of(c: &[Rc<DocEntry>]) -> Layered {
    let mut v: Layered = c
        .iter()
        .flat_map(|e| {
            e.spans.iter().map(|s| {
                let who = s.annotator.to_string();
                (e.doc.text.clone(), who, s.start, s.end, s.label.clone())
            })
        })
        .collect();
    v.sort();
    v
}

fn imported(r: &ImportReport) -> Layered {
    let c: Vec<Rc<DocEntry>> = r
        .docs
        .iter()
        .map(|d| {
            let mut e = DocEntry::new(d.doc.clone());
            e.spans = Rc::new(d.spans.iter().cloned().map(Rc::new).collect());
            Rc::new(e)
        })
        .collect();
    spans_of(&c)
}

fn read(file: &str) -> ImportReport {
    let mut n = 0;
    parse_json_documents(file, "layers.json", &LabelSchema::default(), &mut || {
        n += 1;
        SpanId(format!("new-{n}"))
    })
    .expect("read")
}

fn lines(file: &str) -> Vec<Value> {
    file.lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn spacy_writes_a_line_per_document_and_annotator_and_reads_them_back() {
    let c = layered();
    let (file, _) = out(Format::SpacyJsonl, &c);
    let v = lines(&file);
    let who: Vec<(&str, bool)> = v
        .iter()
        .map(|l| {
            let meta = &l["meta"];
            (
                meta["annotator"].as_str().unwrap_or(""),
                meta["gold"] == true,
            )
        })
        .collect();
    assert_eq!(
        who,
        [("Gold", true), ("Ana", false), ("Bo", false), ("Bo", false)]
    );
    for l in &v {
        let text: Vec<char> = l["text"].as_str().unwrap().chars().collect();
        for s in l["spans"].as_array().unwrap() {
            let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            let slice: String = text[a as usize..b as usize].iter().collect();
            assert_eq!(slice, s["text"].as_str().unwrap());
        }
    }
    // Ana's relation stays in Ana's line, pointing at her spans.
    assert_eq!(v[1]["meta"]["relations"][0]["from"], 1);
    assert_eq!(v[1]["meta"]["relations"][0]["to"], 2);
    assert!(v[2]["meta"].get("relations").is_none());
    let back = read(&file);
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.docs.len(), 2);
    assert_eq!(imported(&back), spans_of(&c));
}

#[test]
fn doccano_names_each_line_and_reads_utf16_offsets_back() {
    let c = layered();
    let (file, _) = out(Format::Doccano, &c);
    let v = lines(&file);
    let who: Vec<&str> = v.iter().map(|l| l["annotator"].as_str().unwrap()).collect();
    assert_eq!(who, ["Gold", "Ana", "Bo", "Bo"]);
    assert_eq!(v[0]["gold"], true);
    // Bo's family emoji: 5 code points, 8 UTF-16 units.
    let fam = &v[2]["entities"].as_array().unwrap()[2];
    let width = fam["end_offset"].as_u64().unwrap() - fam["start_offset"].as_u64().unwrap();
    assert_eq!(width, 8);
    let back = read(&file);
    assert_eq!(
        back.problems,
        ["line 2: 1 relation left out (Marginalia does not import relations yet)"]
    );
    assert_eq!(imported(&back), spans_of(&c));
}

#[test]
fn label_studio_has_an_annotation_per_annotator_and_reads_them_back() {
    let c = layered();
    let (file, _) = out(Format::LabelStudio, &c);
    let tasks: Value = serde_json::from_str(&file).unwrap();
    let first = tasks[0]["annotations"].as_array().unwrap();
    let who: Vec<(&str, bool)> = first
        .iter()
        .map(|a| {
            let name = a["created_username"].as_str().unwrap();
            (name, a["ground_truth"].as_bool().unwrap())
        })
        .collect();
    assert_eq!(who, [("Gold", true), ("Ana", false), ("Bo", false)]);
    for a in first {
        assert!(
            a.get("completed_by").is_none(),
            "Label Studio would refuse it"
        );
    }
    // Ana's relation is in Ana's annotation only.
    let kinds = |a: &Value| -> Vec<String> {
        a["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["type"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(kinds(&first[1]).contains(&"relation".to_owned()));
    assert!(!kinds(&first[2]).contains(&"relation".to_owned()));
    assert_eq!(tasks[1]["annotations"].as_array().unwrap().len(), 1);
    let back = read(&file);
    assert_eq!(
        back.problems,
        ["item 1: 1 result of other types left out (relation: 1); only labelled text regions are imported"]
    );
    assert_eq!(imported(&back), spans_of(&c));
}

#[test]
fn label_studio_reads_completed_by_emails_and_one_unnamed_annotation() {
    let file = r#"{"data": {"text": "Kyiv 🇺🇦 ok"}, "annotations": [
        {"completed_by": {"id": 3, "email": "ana@example.org"}, "ground_truth": true,
         "result": [{"id": "x", "type": "labels", "value": {"start": 5, "end": 7, "labels": ["Entity"]}}]},
        {"created_username": "Gold", "result": [{"id": "x", "type": "labels", "value": {"start": 5, "end": 7, "labels": ["Entity"]}}]},
        {"completed_by": 4, "result": [{"id": "x", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["Entity"]}}]},
        {"completed_by": 5, "result": [{"id": "y", "type": "labels", "value": {"start": 0, "end": 2, "labels": ["Entity"]}}]}]}"#;
    let back = read(file);
    let spans: Vec<(&str, &str, usize)> = back.docs[0]
        .spans
        .iter()
        .map(|s| (&*s.annotator, s.id.0.as_str(), s.start))
        .collect();
    let ana = SpanId("x".into()).in_layer("Gold");
    // ground_truth alone does not make gold, nor does the name alone; a region id that
    // another layer holds takes one of its own layer.
    assert_eq!(
        spans,
        [
            ("ana@example.org", "x", 5),
            ("Gold", ana.0.as_str(), 5),
            ("", "new-1", 0)
        ]
    );
    assert_eq!(
        back.problems,
        ["item 1: 1 more annotation names no annotator and was left out (only the first such is read)"]
    );
}

#[test]
fn w3c_gives_each_annotation_its_creator() {
    let mut c = layered();
    let mut unnamed = (*c[1]).clone();
    unnamed.spans = Rc::new(vec![Rc::new(by("", "u1", TEXT2, "東京", "entity"))]);
    c[1] = Rc::new(unnamed);
    let (file, _) = out(Format::W3c, &c);
    let v: Value = serde_json::from_str(&file).unwrap();
    let items = v["first"]["items"].as_array().unwrap();
    let creators: Vec<String> = items
        .iter()
        .map(|a| match a.get("creator") {
            Some(who) => format!("{} {}", who["type"].as_str().unwrap(), who["name"]),
            None => "none".to_owned(),
        })
        .collect();
    assert_eq!(
        creators,
        [
            "Person \"Ana\"",
            "Person \"Ana\"",
            "Person \"Bo\"",
            "Organization \"Gold\"",
            "Person \"Ana\"",
            "Organization \"Gold\"",
            "Person \"Bo\"",
            "Person \"Bo\"",
            "Organization \"Gold\"",
            "Person \"Ana\"", // the relation, from Ana's quote
            "none",
        ]
    );
}

#[test]
fn brat_writes_a_folder_per_annotator_and_a_single_layer_flat() {
    let c = layered();
    let e = export(Format::Brat, &LabelSchema::default(), &c, &CTX).unwrap();
    let files = read_zip(&e.bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for dir in ["Ana", "Bo", "Gold"] {
        for doc in ["kyiv-report.txt", "kyiv-report.ann", "kyiv-report-2.txt"] {
            let path = format!("{dir}/{doc}");
            assert!(names.contains(&path.as_str()), "{path} in {names:?}");
        }
    }
    assert!(names.contains(&"annotation.conf"));
    let ann = |path: &str| -> String {
        let (_, bytes) = files.iter().find(|(n, _)| n == path).unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    let (start, end) = find(TEXT1, "北京");
    assert_eq!(
        ann("Gold/kyiv-report.ann").lines().nth(2).unwrap(),
        format!("T3\tEntity {start} {end}\t北京")
    );
    assert!(ann("Ana/kyiv-report.ann").contains("R1\tsaid_by Arg1:T2 Arg2:T3"));
    assert!(
        ann("Ana/kyiv-report-2.ann").is_empty(),
        "Ana did not annotate it"
    );
    // One layer: the documents at the top, as before.
    let one: Vec<Rc<DocEntry>> = vec![Rc::clone(&c[1])];
    let e = export(Format::Brat, &LabelSchema::default(), &one, &CTX).unwrap();
    let names: Vec<String> = read_zip(&e.bytes).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["kyiv-report.txt", "kyiv-report.ann", "annotation.conf"]
    );
}

#[test]
fn conll_writes_the_documents_once_per_annotator_and_csv_names_gold() {
    let c = layered();
    let (file, notes) = out(Format::Conll, &c);
    assert_eq!(file.matches("-DOCSTART-").count(), 6);
    assert!(
        notes.contains(
            &"The documents are written once per annotator, in this order: Gold, Ana, Bo \
              (CoNLL cannot name them)."
                .to_owned()
        ),
        "{notes:?}"
    );
    assert!(!notes.iter().any(|n| n.contains("nested")), "{notes:?}");
    let (csv, _) = out(Format::Csv, &c);
    let rows = parse_csv(&csv);
    let who: Vec<&str> = rows[1..].iter().map(|r| r[11].as_str()).collect();
    assert_eq!(
        who,
        ["Ana", "Ana", "Bo", "Gold", "Ana", "Gold", "Bo", "Bo", "Gold", "Bo"]
    );
}

#[test]
fn native_keeps_the_gold_layer() {
    let c = layered();
    let (file, _) = out(Format::Native, &c);
    let back = import_native(&file).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    let want: Vec<DocEntry> = c.iter().map(|e| (**e).clone()).collect();
    assert_eq!(back.entries, want);
}

#[test]
fn a_layered_file_merges_each_layer_and_again_changes_nothing() {
    let c = layered();
    // Here: the first document with Ana's layer only.
    let mine = marginalia::model::annotators::shown(
        &c[0],
        &marginalia::model::annotators::Layer::Of(Rc::from("Ana")),
        "",
    );
    let mut corpus = Corpus::default();
    corpus
        .apply(Edit::insert_documents(0, vec![(*mine).clone()]))
        .unwrap();
    let entries = |file: &str| -> Vec<DocEntry> {
        read(file)
            .docs
            .into_iter()
            .map(|d| {
                let mut e = DocEntry::new(d.doc);
                e.spans = Rc::new(d.spans.into_iter().map(Rc::new).collect());
                e
            })
            .collect()
    };
    for format in [Format::SpacyJsonl, Format::LabelStudio, Format::Doccano] {
        let mut corpus = corpus.clone();
        let (file, _) = out(format, &c);
        let merge = merge_dataset(
            &corpus,
            entries(&file),
            &LabelSchema::default(),
            "Ana",
            None,
        );
        // Bo's and Gold's 6 spans and Bo's other document; Ana's 3 are here already.
        assert_eq!(
            (merge.docs, merge.added, merge.present),
            (1, 7, 3),
            "{format:?}"
        );
        corpus.apply(merge.edit.unwrap()).unwrap();
        let ana = corpus.entries()[0]
            .spans
            .iter()
            .filter(|s| &*s.annotator == "Ana")
            .count();
        assert_eq!(ana, 3, "Ana's layer as it was");
        let mut got = spans_of(corpus.entries());
        got.sort();
        assert_eq!(got, spans_of(&c), "{format:?}");
        let again = merge_dataset(
            &corpus,
            entries(&file),
            &LabelSchema::default(),
            "Ana",
            None,
        );
        assert!(again.edit.is_none(), "{format:?}: {:?}", again.edit);
    }
}

#[test]
fn a_file_that_names_nobody_reads_unnamed() {
    let (file, _) = out(Format::SpacyJsonl, &corpus());
    let back = read(&file);
    assert!(back
        .docs
        .iter()
        .flat_map(|d| d.spans.iter())
        .all(|s| s.annotator.is_empty()));
    // The same text twice, naming nobody: the second is skipped, as before.
    let twice = format!("{file}{file}");
    let back = read(&twice);
    assert_eq!(back.docs.len(), 3);
    assert!(
        back.problems[0].contains("the same text as line 1"),
        "{:?}",
        back.problems
    );
}

/// The entries of a zip the export wrote (stored, not compressed).
fn read_zip(z: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while z.get(at..at + 4) == Some(&[0x50, 0x4b, 0x03, 0x04]) {
        let u16_at = |i: usize| u16::from_le_bytes([z[i], z[i + 1]]) as usize;
        let u32_at = |i: usize| u32::from_le_bytes([z[i], z[i + 1], z[i + 2], z[i + 3]]) as usize;
        let size = u32_at(at + 18);
        let (name_len, extra) = (u16_at(at + 26), u16_at(at + 28));
        let name = String::from_utf8(z[at + 30..at + 30 + name_len].to_vec()).unwrap();
        let data = at + 30 + name_len + extra;
        out.push((name, z[data..data + size].to_vec()));
        at = data + size;
    }
    out
}

/// RFC 4180 rows (enough for the export's own CSV).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                row.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(String::new()),
            ('\r', false) => {}
            ('\n', false) => rows.push(vec![String::new()]),
            (c, _) => row.last_mut().unwrap().push(c),
        }
    }
    rows.pop();
    rows
}
