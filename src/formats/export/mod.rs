//! Dataset exports: the [`Format`]s, the [`export`] dispatcher, and what the writers share
//! (the span check, the notes on what a format leaves out, JSON file bytes). Each format's
//! writer has its own file: `native` (Marginalia JSON), `spacy`, `w3c`, `label_studio`,
//! `doccano`, `brat` (zipped by `zip`), `conll` and `csv`.
//!
//! Every offset written is a **Unicode code point** into the exact document text the export
//! carries (Python's `text[start:end]`), except in doccano, which counts UTF-16 code units, and
//! CoNLL, which has no offsets. Before any format is written every span is checked against its
//! slice of the text; a mismatch writes nothing (see [`ExportError`]).

mod brat;
mod conll;
mod csv;
mod doccano;
mod label_studio;
mod native;
mod spacy;
mod w3c;
pub mod zip;

use std::fmt;
use std::rc::Rc;

use crate::codec::json_out::JsonWriter;
use crate::formats::quote::quote;
use crate::model::text::CpIndex;
use crate::model::words::plural;
use crate::model::{DocEntry, LabelSchema, Span};

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Native,
    SpacyJsonl,
    W3c,
    LabelStudio,
    Doccano,
    Brat,
    Conll,
    Csv,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Native,
        Format::SpacyJsonl,
        Format::W3c,
        Format::LabelStudio,
        Format::Doccano,
        Format::Brat,
        Format::Conll,
        Format::Csv,
    ];

    /// Shown to people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "Marginalia JSON",
            Format::SpacyJsonl => "spaCy / Prodigy JSONL",
            Format::W3c => "W3C Web Annotation",
            Format::LabelStudio => "Label Studio JSON",
            Format::Doccano => "doccano JSONL",
            Format::Brat => "brat standoff (zip)",
            Format::Conll => "CoNLL-2003 BIO (entities)",
            Format::Csv => "CSV (one row per span)",
        }
    }

    /// File name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Native | Format::LabelStudio => "json",
            Format::SpacyJsonl | Format::Doccano => "jsonl",
            Format::W3c => "jsonld",
            Format::Brat => "zip",
            Format::Conll => "conll",
            Format::Csv => "csv",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Native | Format::LabelStudio => "application/json",
            Format::SpacyJsonl | Format::Doccano => "application/x-ndjson",
            Format::W3c => "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"",
            Format::Brat => "application/zip",
            Format::Conll => "text/plain; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// What the format's offsets count.
    pub fn offset_unit(self) -> &'static str {
        match self {
            Format::Doccano => "UTF-16 code units",
            Format::Conll => "none (tokens)",
            _ => "Unicode code points",
        }
    }
}

/// Facts about the export itself, written where a format has room.
#[derive(Clone, Copy, Debug)]
pub struct ExportContext<'a> {
    pub app_version: &'a str,
    /// ISO 8601.
    pub exported_at: &'a str,
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
fn span_text<'a>(idx: &CpIndex<'a>, entry: &DocEntry, span: &Span) -> Result<&'a str, ExportError> {
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
fn check_all(entries: &[Rc<DocEntry>]) -> Result<(), ExportError> {
    for entry in entries {
        let idx = CpIndex::new(&entry.doc.text);
        for span in entry.spans.iter() {
            span_text(&idx, entry, span)?;
        }
    }
    Ok(())
}

/// SHA-256 of a document's text, in hex (the native export's `sha256`, W3C's `urn:sha256:`).
fn sha256_hex(text: &str) -> String {
    super::sha256::sha256_hex(text.as_bytes())
}

fn count_notes(entries: &[Rc<DocEntry>]) -> usize {
    entries
        .iter()
        .flat_map(|e| e.spans.iter())
        .filter(|s| !s.note.is_empty())
        .count()
}

/// Number of attribute values and of relations in `entries`.
fn count_links(entries: &[Rc<DocEntry>]) -> (usize, usize) {
    let values = entries
        .iter()
        .flat_map(|e| e.spans.iter())
        .map(|s| s.attrs.len())
        .sum();
    let relations = entries.iter().map(|e| e.relations.len()).sum();
    (values, relations)
}

/// A note saying what a format left out, when it left anything out: `what` of `n`.
fn left_out(notes: &mut Vec<String>, values: usize, relations: usize, format: &str) {
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
            parts.join(" and ")
        ));
    }
}

/// A Wikidata item id: `Q` and digits (W3C and brat link these to Wikidata).
fn is_qid(id: &str) -> bool {
    id.len() > 1 && id.starts_with('Q') && id.bytes().skip(1).all(|b| b.is_ascii_digit())
}

/// The finished JSON of `w` as file bytes, with a final newline.
fn json_file(w: JsonWriter) -> Vec<u8> {
    let mut out = w.finish();
    out.push('\n');
    out.into_bytes()
}

/// Write `entries` (spans labelled by `schema`, the corpus's) in `format`. Every span is
/// checked first; on a mismatch nothing is written.
pub fn export(
    format: Format,
    schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
    ctx: &ExportContext,
) -> Result<Export, ExportError> {
    check_all(entries)?;
    let (bytes, notes) = match format {
        Format::Native => native::native(schema, entries, ctx)?,
        Format::SpacyJsonl => spacy::spacy(schema, entries)?,
        Format::W3c => w3c::w3c(schema, entries, ctx)?,
        Format::LabelStudio => label_studio::label_studio(schema, entries)?,
        Format::Doccano => doccano::doccano(schema, entries)?,
        Format::Brat => brat::brat(schema, entries, ctx)?,
        Format::Conll => conll::conll(schema, entries),
        Format::Csv => csv::csv(schema, entries)?,
    };
    Ok(Export {
        bytes,
        mime: format.mime(),
        extension: format.extension(),
        notes,
    })
}

/// What a writer returns: the file's bytes and its notes for the user.
type Written = (Vec<u8>, Vec<String>);
