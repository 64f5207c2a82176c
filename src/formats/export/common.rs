//! What the export writers share: the context and result types, the check of every span
//! against its text, the notes on what a format leaves out, and JSON file bytes.

use std::fmt;
use std::rc::Rc;

use crate::codec::json_out::JsonWriter;
use crate::formats::quote::quote;
use crate::model::annotators::{shown, shown_name, Layer, GOLD};
use crate::model::sort::sort_with;
use crate::model::text::CpIndex;
use crate::model::words::join;
use crate::model::words::plural;
use crate::model::{DocEntry, Span};

/// Facts about the export itself, written where a format has room.
#[derive(Clone, Copy, Debug)]
pub struct ExportContext<'a> {
    pub app_version: &'a str,
    /// ISO 8601.
    pub exported_at: &'a str,
    /// The person exporting: a format with room for one status per document writes theirs.
    pub annotator: &'a str,
}

/// A finished export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub extension: &'static str,
    /// What the format left out or dropped, for the user.
    pub notes: Vec<String>,
}

/// Why nothing was exported.
#[derive(Debug, PartialEq, Eq)]
pub enum ExportError {
    /// A span's text is not what its offsets select in the document text.
    Mismatch {
        doc: String,
        span: String,
        expected: String,
        found: String,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Mismatch {
                doc,
                span,
                expected,
                found,
            } => write!(
                f,
                "Nothing was exported: in document \u{201c}{doc}\u{201d}, annotation {span} \
                 should cover {expected}, but the text there is {found}."
            ),
        }
    }
}

impl std::error::Error for ExportError {}

/// The text of `span` in `entry`, checked: non-empty, within the text, exactly `end - start`
/// code points, and (for doccano) exactly the same slice through UTF-16 offsets. `idx` indexes
/// the entry's text.
pub(super) fn span_text<'a>(
    idx: &CpIndex<'a>,
    entry: &DocEntry,
    span: &Span,
) -> Result<&'a str, ExportError> {
    let slice = idx.slice(span.start, span.end);
    let len = slice.chars().count();
    let want = span.end.saturating_sub(span.start);
    let through_utf16 = (
        idx.utf16_to_cp(idx.utf16(span.start)),
        idx.utf16_to_cp(idx.utf16(span.end)),
    );
    if span.start >= span.end || len != want || through_utf16 != (span.start, span.end) {
        return Err(ExportError::Mismatch {
            doc: if entry.doc.title.is_empty() {
                entry.doc.id.0.clone()
            } else {
                entry.doc.title.clone()
            },
            span: span.id.0.clone(),
            expected: format!(
                "code points {}..{} ({} characters)",
                span.start, span.end, want
            ),
            found: format!(
                "{} ({len} characters; the text has {})",
                quote(slice),
                idx.len()
            ),
        });
    }
    Ok(slice)
}

/// Check every span of every entry before writing anything.
pub(super) fn check_all(entries: &[Rc<DocEntry>]) -> Result<(), ExportError> {
    for entry in entries {
        let idx = CpIndex::new(&entry.doc.text);
        for span in entry.spans.iter() {
            span_text(&idx, entry, span)?;
        }
    }
    Ok(())
}

/// SHA-256 of a document's text, in hex (the native export's `sha256`, W3C's `urn:sha256:`).
pub(super) fn sha256_hex(text: &str) -> String {
    crate::formats::sha256::sha256_hex(text.as_bytes())
}

pub(super) fn count_notes(entries: &[Rc<DocEntry>]) -> usize {
    entries
        .iter()
        .flat_map(|e| e.spans.iter())
        .filter(|s| !s.note.is_empty())
        .count()
}

/// Number of attribute values and of relations in `entries`.
pub(super) fn count_links(entries: &[Rc<DocEntry>]) -> (usize, usize) {
    let values = entries
        .iter()
        .flat_map(|e| e.spans.iter())
        .map(|s| s.attrs.len())
        .sum();
    let relations = entries.iter().map(|e| e.relations.len()).sum();
    (values, relations)
}

/// A note saying what a format left out, when it left anything out: `what` of `n`.
pub(super) fn left_out(notes: &mut Vec<String>, values: usize, relations: usize, format: &str) {
    let mut parts = Vec::new();
    if values > 0 {
        parts.push(plural(values, "attribute value", "attribute values"));
    }
    if relations > 0 {
        parts.push(plural(relations, "relation", "relations"));
    }
    if !parts.is_empty() {
        notes.push(format!(
            "{} not included ({format} has no place for them).",
            join(&parts, " and ")
        ));
    }
}

/// A Wikidata item id: `Q` and digits (W3C and brat link these to Wikidata).
pub(super) fn is_qid(id: &str) -> bool {
    id.len() > 1 && id.starts_with('Q') && id.bytes().skip(1).all(|b| b.is_ascii_digit())
}

/// `entries` layer by layer: for each annotator of their spans, in the order of their names (the
/// unnamed layer, then gold, first), the entries with only that annotator's spans and the
/// relations from them (a document they did not annotate is there with none). With one
/// annotator or none, the entries as they are, under that name (or `""`), once.
pub(super) fn layers(entries: &[Rc<DocEntry>]) -> Vec<(Rc<str>, Vec<Rc<DocEntry>>)> {
    let mut names: Vec<Rc<str>> = Vec::new();
    for s in entries.iter().flat_map(|e| e.spans.iter()) {
        if !names.contains(&s.annotator) {
            names.push(Rc::clone(&s.annotator));
        }
    }
    if names.len() < 2 {
        return vec![(names.pop().unwrap_or_default(), entries.to_vec())];
    }
    sort_with(&mut names, &|a, b| a.cmp(b));
    names
        .into_iter()
        .map(|name| {
            let layer = Layer::Of(Rc::clone(&name));
            let of = entries.iter().map(|e| shown(e, &layer, "")).collect();
            (name, of)
        })
        .collect()
}

/// One entry's [`layers`]: one record per annotator of its spans (formats whose records cannot
/// hold overlapping layers).
pub(super) fn entry_layers(entry: &Rc<DocEntry>) -> Vec<(Rc<str>, Rc<DocEntry>)> {
    layers(std::slice::from_ref(entry))
        .into_iter()
        .filter_map(|(name, mut of)| Some((name, of.pop()?)))
        .collect()
}

/// A layer's name for a format that names layers apart (brat's folders, CoNLL's notes):
/// `unnamed` for the unnamed one, `Gold` for gold.
pub(super) fn layer_name(annotator: &str) -> &str {
    if annotator.is_empty() {
        "unnamed"
    } else {
        shown_name(annotator)
    }
}

/// Whose a record is, where a JSON format has room: `"annotator"` with the name as people see
/// it (`Gold` for the gold layer, which also gets `"gold": true`); nothing for the unnamed
/// layer. `annotators::from_file` reads it back.
pub(super) fn write_annotator(w: &mut JsonWriter, annotator: &str) {
    if !annotator.is_empty() {
        w.field("annotator", shown_name(annotator));
        if annotator == GOLD {
            w.key("gold").bool(true);
        }
    }
}

/// The finished JSON of `w` as file bytes, with a final newline.
pub(super) fn json_file(w: JsonWriter) -> Vec<u8> {
    let mut out = w.finish();
    out.push('\n');
    out.into_bytes()
}

/// What a writer returns: the file's bytes and its notes for the user.
pub(super) type Written = (Vec<u8>, Vec<String>);
