#![cfg(not(target_arch = "wasm32"))]
//! Property tests for every parser and importer (issue 6): arbitrary bytes and strings, and
//! valid inputs with random damage, never panic, and whatever they accept obeys the rules the
//! rest of the app relies on (blocks ordered within the text, spans within it with known labels
//! and unique ids) and survives a trip through storage. Parsers covered here: byte decoding,
//! the file loader (`parse_bytes`, text and JSON), the native dataset import, stored documents
//! and the index, HTML blocks → document, and ISO 8601 times. (Articles: `parser_props.rs`;
//! JSON documents on JSON-like strings: `text_props.rs`; the model: `model_props.rs`.)

use std::rc::Rc;

use marginalia::app::parse::{parse_bytes, FileKind};
use marginalia::formats::decode::decode_text;
use marginalia::formats::export::{export, ExportContext, Format};
use marginalia::formats::html::{document_from_blocks, HtmlBlock, HtmlBlockKind};
use marginalia::formats::import::native::import_native;
use marginalia::formats::time::{iso_from_ms, ms_from_iso};
use marginalia::model::{
    Corpus, DocEntry, Document, Edit, LabelSchema, Relation, RelationId, RelationKind, Span,
    SpanId, Status,
};
use marginalia::storage::schema::{
    read_doc, read_doc_and_tombstones, read_index, read_schema, write_doc, write_schema,
};
use proptest::prelude::*;

const CTX: ExportContext<'static> = ExportContext {
    app_version: "0.1.0",
    exported_at: "2026-11-23T11:17:30Z",
    annotator: "",
};

/// Blocks ordered, disjoint, within the text, their byte ranges matching their code points.
fn check_doc(doc: &Document) -> Result<(), TestCaseError> {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut prev_end = 0;
    for b in &doc.blocks {
        prop_assert!(prev_end <= b.start && b.start <= b.end && b.end <= chars.len());
        let slice: String = chars[b.start..b.end].iter().collect();
        prop_assert_eq!(doc.block_text(b), slice.as_str());
        prev_end = b.end;
    }
    Ok(())
}

/// What the corpus accepts: spans within the text, known labels, unique ids; and the entry
/// reads back from storage exactly.
fn check_entry(entry: &DocEntry) -> Result<(), TestCaseError> {
    check_entry_in(entry, &LabelSchema::default())
}

/// [`check_entry`] for an entry whose spans follow `schema`: a corpus with that schema takes
/// it (valid labels, attribute values and relations).
fn check_entry_in(entry: &DocEntry, schema: &LabelSchema) -> Result<(), TestCaseError> {
    check_doc(&entry.doc)?;
    let len = entry.doc.char_len();
    let mut ids = std::collections::HashSet::new();
    for s in entry.spans.iter() {
        prop_assert!(s.start < s.end && s.end <= len, "{:?} in {}", s, len);
        prop_assert!(schema.label(&s.label).is_some());
        prop_assert!(ids.insert(s.id.clone()), "repeated id {}", s.id);
    }
    let mut corpus = Corpus::with_schema(schema.clone());
    let taken = corpus.apply(Edit::insert_documents(0, vec![entry.clone()]));
    prop_assert!(taken.is_ok(), "the corpus refuses it: {:?}", taken);
    let stored = write_doc(entry, &Default::default());
    match read_doc_and_tombstones(&stored) {
        Ok((back, _)) => prop_assert_eq!(&back, entry),
        Err(e) => prop_assert!(false, "an accepted entry does not read back: {:?}", e),
    }
    Ok(())
}

/// Bytes that look like text files: mostly ASCII and UTF-8, with high bytes, NULs, BOMs.
fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => "[a-zA-Z ]{1,8}".prop_map(String::into_bytes),
        2 => Just(b"\n".to_vec()),
        1 => Just(b"\r\n".to_vec()),
        1 => Just("“Zoë” 🇺🇦 北".as_bytes().to_vec()),
        1 => Just(b"![x](javascript:alert%281%29)\n".to_vec()),
        1 => Just(b"<script>alert(1)</script>".to_vec()),
        1 => Just(b"# ".to_vec()),
        1 => Just(b"- ".to_vec()),
        1 => Just(vec![0xEF, 0xBB, 0xBF]),
        1 => Just(vec![0xFF, 0xFE]),
        1 => Just(vec![0xFE, 0xFF]),
        1 => Just(vec![0]),
        1 => prop::collection::vec(0x80u8..=0xFF, 1..4),
        1 => prop::collection::vec(any::<u8>(), 1..8),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// A valid dataset of a few documents, to damage.
fn dataset() -> String {
    let text = "Kyiv 🇺🇦 report\n\n“We will not back down,” said Olena — the cafe\u{301} in 北京.\n\n- one\n- two";
    let doc = marginalia::formats::article::parse_article(text, "a.md");
    let spans = vec![
        Span {
            id: SpanId("q1".into()),
            start: 16,
            end: 40,
            label: "quote".into(),
            note: "=1+1 \"x\"\n".into(),
            attrs: [("kind", "direct")].into_iter().collect(),
            created: Some(1_795_425_600_000),
            updated: Some(1_795_425_600_001),
            annotator: Default::default(),
        },
        Span {
            id: SpanId("e1".into()),
            start: 46,
            end: 51,
            label: "entity".into(),
            note: String::new(),
            attrs: [("type", "person"), ("canonical", "Olena \"O\" Kovalenko")]
                .into_iter()
                .collect(),
            created: None,
            updated: None,
            annotator: Default::default(),
        },
    ];
    let entry = Rc::new(DocEntry {
        relations: Rc::new(vec![Relation {
            id: RelationId("r1".into()),
            kind: RelationKind::SaidBy,
            from: SpanId("q1".into()),
            to: SpanId("e1".into()),
        }]),
        doc: Rc::new(doc),
        spans: Rc::new(spans.into_iter().map(Rc::new).collect()),
        statuses: marginalia::model::entry::statuses_from(vec![(Rc::from(""), Status::Done)]),
        decided: Default::default(),
    });
    let other = Rc::new(DocEntry::new(marginalia::formats::article::parse_article(
        "Second\n\nAnother text.",
        "b.md",
    )));
    String::from_utf8(
        export(
            Format::Native,
            &LabelSchema::default(),
            &[entry, other],
            &CTX,
        )
        .unwrap()
        .bytes,
    )
    .unwrap()
}

/// Damage to a JSON text: cut, delete, duplicate, or put in a JSON-ish fragment.
#[derive(Clone, Debug)]
enum Damage {
    Truncate(usize),
    Delete(usize, usize),
    Insert(usize, &'static str),
    Repeat(usize, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    let fragment = prop::sample::select(vec![
        "-1",
        "1.5",
        "9007199254740993",
        "1e999",
        "null",
        "\"\"",
        "[]",
        "{}",
        "\"x\"",
        ",",
        "\"\\ud800\"",
        "\"start\": 0,",
        "\"end\": 99999,",
        "\"label\": \"opinion\",",
        "\"kind\": \"image\",",
        "\"version\": 2,",
        "0",
        "7",
    ]);
    prop_oneof![
        (0usize..4000).prop_map(Damage::Truncate),
        (0usize..4000, 1usize..40).prop_map(|(a, n)| Damage::Delete(a, n)),
        (0usize..4000, fragment).prop_map(|(a, f)| Damage::Insert(a, f)),
        (0usize..4000, 1usize..200).prop_map(|(a, n)| Damage::Repeat(a, n)),
    ]
}

/// Apply `damage` at char boundaries (the input stays a `&str`).
fn apply(text: &str, damage: &[Damage]) -> String {
    let mut s = text.to_owned();
    let floor = |s: &str, at: usize| {
        let mut at = at % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    for d in damage {
        match *d {
            Damage::Truncate(at) => {
                let at = floor(&s, at);
                s.truncate(at);
            }
            Damage::Delete(at, n) => {
                let a = floor(&s, at);
                let b = floor(&s, (a + n).min(s.len()));
                s.replace_range(a..b.max(a), "");
            }
            Damage::Insert(at, f) => {
                let a = floor(&s, at);
                s.insert_str(a, f);
            }
            Damage::Repeat(at, n) => {
                let a = floor(&s, at);
                let b = floor(&s, (a + n).min(s.len()));
                let piece = s[a..b.max(a)].to_owned();
                s.insert_str(a, &piece);
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_arbitrary_bytes_never_panics_and_utf8_is_exact(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(decoded) = decode_text(&bytes) {
            if decoded.assumed.is_none() {
                let raw = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
                prop_assert_eq!(decoded.text.as_bytes(), raw);
            }
            prop_assert!(!decoded.text.contains('\0'));
        }
    }

    #[test]
    fn opening_arbitrary_files_never_panics(bytes in file_bytes(), json in any::<bool>()) {
        let (name, kind) = if json { ("x.json", FileKind::Json) } else { ("x.txt", FileKind::Text) };
        let (entries, notices, _) = parse_bytes(name, kind, &bytes, &LabelSchema::default());
        // Something opened, or the user is told why not.
        prop_assert!(!entries.is_empty() || !notices.is_empty());
        for e in &entries {
            check_entry(e)?;
        }
    }

    #[test]
    fn opening_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400), json in any::<bool>()) {
        let (name, kind) = if json { ("x.jsonl", FileKind::Json) } else { ("x.md", FileKind::Text) };
        let (entries, notices, _) = parse_bytes(name, kind, &bytes, &LabelSchema::default());
        prop_assert!(!entries.is_empty() || !notices.is_empty());
        for e in &entries {
            check_entry(e)?;
        }
    }

    #[test]
    fn native_import_never_panics_on_arbitrary_strings(input in ".{0,300}") {
        let _ = import_native(&input);
    }

    #[test]
    fn native_import_of_a_damaged_dataset_keeps_only_valid_documents(
        damage in prop::collection::vec(damage(), 1..4)
    ) {
        let input = apply(&dataset(), &damage);
        if let Ok(import) = import_native(&input) {
            for e in &import.entries {
                check_entry_in(e, &import.schema)?;
            }
        }
        // Through the loader too: a dataset is merged, anything else opens as articles.
        let (entries, _, dataset) = parse_bytes("backup.json", FileKind::Json, input.as_bytes(), &LabelSchema::default());
        let schema = dataset.map(|d| d.0).unwrap_or_default();
        for e in &entries {
            check_entry_in(e, &schema)?;
        }
    }

    #[test]
    fn stored_values_never_panic_on_arbitrary_strings(input in ".{0,300}") {
        let _ = read_doc(&input);
        let _ = read_index(&input);
        let _ = read_schema(&input);
    }

    #[test]
    fn a_stored_schema_with_damage_is_refused_or_valid_and_reads_back(
        damage in prop::collection::vec(damage(), 1..4)
    ) {
        let import = import_native(&dataset()).unwrap();
        let stored = write_schema(&import.schema, &Default::default());
        let input = apply(&stored, &damage);
        if let Ok((schema, deleted)) = read_schema(&input) {
            prop_assert!(schema.validate().is_ok());
            let again = read_schema(&write_schema(&schema, &deleted));
            prop_assert_eq!(again, Ok((schema, deleted)));
        }
    }

    #[test]
    fn stored_documents_with_damage_are_refused_or_valid(
        damage in prop::collection::vec(damage(), 1..4)
    ) {
        let import = import_native(&dataset()).unwrap();
        let stored = write_doc(&import.entries[0], &Default::default());
        let input = apply(&stored, &damage);
        if let Ok((entry, _)) = read_doc_and_tombstones(&input) {
            // Storage checks blocks and the id; spans are checked when they enter the corpus.
            check_doc(&entry.doc)?;
        }
        let _ = read_index(&input);
    }

    #[test]
    fn html_blocks_always_make_a_valid_document(
        title in prop::option::of(".{0,20}"),
        blocks in prop::collection::vec(
            (0u8..4, ".{0,40}", ".{0,20}").prop_map(|(k, text, url)| HtmlBlock {
                kind: match k {
                    0 => HtmlBlockKind::Heading,
                    1 => HtmlBlockKind::Paragraph,
                    2 => HtmlBlockKind::Bullet,
                    _ => HtmlBlockKind::Image { alt: text.clone(), url },
                },
                text,
            }),
            0..12,
        ),
    ) {
        let doc = document_from_blocks(title.as_deref(), &blocks, "page.html");
        check_doc(&doc)?;
    }

    #[test]
    fn iso_times_never_panic_and_round_trip(input in ".{0,40}", ms in 0u64..253_402_300_800_000) {
        let _ = ms_from_iso(&input);
        // Every instant up to the year 9999 is written and read back exactly.
        prop_assert_eq!(ms_from_iso(&iso_from_ms(ms)), Some(ms));
    }

    #[test]
    fn iso_like_strings_never_panic(
        input in r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{0,30})?([Zz]|[+-][0-9]{2}:[0-9]{2}|.{0,3})"
    ) {
        if let Some(ms) = ms_from_iso(&input) {
            // Whatever is accepted is a real instant, written back in UTC.
            prop_assert!(ms_from_iso(&iso_from_ms(ms)).is_some());
        }
    }
}

#[test]
fn huge_times_in_a_dataset_do_not_overflow() {
    // The largest whole number a dataset can give as a time is written back without overflow.
    let s = iso_from_ms(u64::MAX);
    assert!(s.ends_with('Z'), "{s}");
    assert_eq!(ms_from_iso(&s), None);
}
