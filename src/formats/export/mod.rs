//! Dataset exports.
//!
//! Every offset written is a **Unicode code point** into the exact document text the export
//! carries (Python's `text[start:end]`), except in doccano, which counts UTF-16 code units, and
//! CoNLL, which has no offsets. Before any format is written every span is checked against its
//! slice of the text; a mismatch writes nothing (see [`ExportError`]).

mod conll;
pub mod zip;

use std::collections::HashSet;
use std::fmt;
use std::rc::Rc;

use crate::codec::blocks::write_blocks;
use crate::codec::json_out::JsonWriter;
use crate::codec::labels_json::write_labels;
use crate::formats::dataset::{OFFSETS, SCHEMA, VERSION};
use crate::formats::quote::quote;
use crate::formats::time::iso_from_ms;
use crate::model::text::CpIndex;
use crate::model::{DocEntry, LabelSchema, Span, SpanId};

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

/// `n` with the singular or plural noun: "1 span", "2 spans".
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

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
        Format::Native => native(schema, entries, ctx)?,
        Format::SpacyJsonl => spacy(schema, entries)?,
        Format::W3c => w3c(schema, entries, ctx)?,
        Format::LabelStudio => label_studio(schema, entries)?,
        Format::Doccano => doccano(schema, entries)?,
        Format::Brat => brat(schema, entries, ctx)?,
        Format::Conll => conll::conll(schema, entries),
        Format::Csv => csv(schema, entries)?,
    };
    Ok(Export {
        bytes,
        mime: format.mime(),
        extension: format.extension(),
        notes,
    })
}

type Written = (Vec<u8>, Vec<String>);

// ---------------------------------------------------------------------------------------------
// Native

fn native(
    schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
    ctx: &ExportContext,
) -> Result<Written, ExportError> {
    let mut w = JsonWriter::pretty();
    w.begin_object()
        .field("schema", SCHEMA)
        .key("version")
        .uint(VERSION)
        .field("app_version", ctx.app_version)
        .field("exported_at", ctx.exported_at)
        .field("offsets", OFFSETS)
        .key("labels");
    write_labels(&mut w, schema);
    w.key("documents").begin_array();
    for entry in entries {
        let doc = &entry.doc;
        let idx = CpIndex::new(&doc.text);
        w.begin_object()
            .field("id", &doc.id.0)
            .field("title", &doc.title)
            .field("source", &doc.source)
            .field("status", entry.status.id())
            .field("text", &doc.text)
            .field("sha256", &sha256_hex(&doc.text))
            .key("blocks");
        write_blocks(&mut w, &doc.blocks);
        w.key("spans").begin_array();
        for s in entry.spans.iter() {
            let iso = |t: Option<u64>| t.map(iso_from_ms);
            w.begin_object()
                .field("id", &s.id.0)
                .field("document", &doc.id.0)
                .field_uint("start", s.start)
                .field_uint("end", s.end)
                .field("text", span_text(&idx, entry, s)?)
                .field("label", &s.label)
                .field("note", &s.note)
                .key("attributes")
                .begin_object();
            for (key, value) in s.attrs.iter() {
                w.field(key, value);
            }
            w.end_object()
                .field_opt("created", iso(s.created).as_deref())
                .field_opt("updated", iso(s.updated).as_deref())
                .end_object();
        }
        w.end_array().end_object();
    }
    w.end_array().key("relations").begin_array();
    for entry in entries {
        for r in entry.relations.iter() {
            w.begin_object()
                .field("id", &r.id.0)
                .field("document", &entry.doc.id.0)
                .field("kind", r.kind.id())
                .field("from", &r.from.0)
                .field("to", &r.to.0)
                .end_object();
        }
    }
    w.end_array().end_object();
    Ok((json_file(w), Vec::new()))
}

// ---------------------------------------------------------------------------------------------
// spaCy / Prodigy JSONL

/// spaCy / Prodigy JSONL: `meta.attributes` lists `{span, attributes}` and `meta.relations`
/// `{id, kind, from, to}`, where `span`, `from` and `to` are positions in `spans` (only when
/// the document has any).
fn spacy(_schema: &LabelSchema, entries: &[Rc<DocEntry>]) -> Result<Written, ExportError> {
    let mut out = String::new();
    for entry in entries {
        let doc = &entry.doc;
        let idx = CpIndex::new(&doc.text);
        let mut w = JsonWriter::compact();
        w.begin_object()
            .field("text", &doc.text)
            .key("meta")
            .begin_object()
            .field("id", &doc.id.0)
            .field("title", &doc.title)
            .field("source", &doc.source)
            .field("status", entry.status.id())
            .field("offsets", OFFSETS);
        if entry.spans.iter().any(|s| !s.attrs.is_empty()) {
            w.key("attributes").begin_array();
            for (i, s) in entry.spans.iter().enumerate() {
                if s.attrs.is_empty() {
                    continue;
                }
                w.begin_object()
                    .field_uint("span", i)
                    .key("attributes")
                    .begin_object();
                for (k, v) in s.attrs.iter() {
                    w.field(k, v);
                }
                w.end_object().end_object();
            }
            w.end_array();
        }
        if !entry.relations.is_empty() {
            let at = entry.span_positions();
            w.key("relations").begin_array();
            for r in entry.relations.iter() {
                if let (Some(&from), Some(&to)) = (at.get(&r.from), at.get(&r.to)) {
                    w.begin_object()
                        .field("id", &r.id.0)
                        .field("kind", r.kind.id())
                        .field_uint("from", from)
                        .field_uint("to", to)
                        .end_object();
                }
            }
            w.end_array();
        }
        w.end_object().key("spans").begin_array();
        for s in entry.spans.iter() {
            w.begin_object()
                .field_uint("start", s.start)
                .field_uint("end", s.end)
                .field("label", &s.label)
                .field("text", span_text(&idx, entry, s)?)
                .end_object();
        }
        w.end_array().end_object();
        out.push_str(&w.finish());
        out.push('\n');
    }
    let mut notes = vec![
        "Offsets are Unicode code points (spaCy's Doc.char_span); spans that do not fall on \
         token boundaries make char_span return None."
            .to_owned(),
    ];
    let n = count_notes(entries);
    if n > 0 {
        notes.push(format!(
            "{n} annotation notes are not included (no room in spaCy spans)."
        ));
    }
    let (values, relations) = count_links(entries);
    if values + relations > 0 {
        notes.push(
            "Attribute values and relations are in each line's meta (\"attributes\",              \"relations\"), pointing at spans by their position in \"spans\"."
                .to_owned(),
        );
    }
    Ok((out.into_bytes(), notes))
}

// ---------------------------------------------------------------------------------------------
// W3C Web Annotation

/// Context either side of a TextQuoteSelector's `exact`, in code points.
const QUOTE_CONTEXT: usize = 32;

/// A W3C `TextualBody` with a purpose.
fn textual_body(w: &mut JsonWriter, purpose: &str, value: &str) {
    w.begin_object()
        .field("type", "TextualBody")
        .field("purpose", purpose)
        .field("value", value)
        .end_object();
}

/// A Wikidata item id: `Q` and digits.
fn is_qid(id: &str) -> bool {
    id.len() > 1 && id.starts_with('Q') && id.bytes().skip(1).all(|b| b.is_ascii_digit())
}

/// W3C Web Annotation: one annotation per span, its label a `tagging` body, its note a
/// `commenting` one, choice attributes `tagging` bodies (`"type: person"`), text attributes
/// `describing` ones (`"verdict: …"`), a Wikidata external id also an `identifying`
/// SpecificResource; one `linking` annotation per relation, targeting the two annotations.
fn w3c(
    schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
    ctx: &ExportContext,
) -> Result<Written, ExportError> {
    let total: usize = entries
        .iter()
        .map(|e| e.spans.len() + e.relations.len())
        .sum();
    let mut w = JsonWriter::pretty();
    w.begin_object()
        .field("@context", "http://www.w3.org/ns/anno.jsonld")
        .field("type", "AnnotationCollection")
        .field("label", "Marginalia annotations")
        .key("generator")
        .begin_object()
        .field("type", "Software")
        .field("name", &format!("Marginalia {}", ctx.app_version))
        .end_object()
        .field("generated", ctx.exported_at)
        .field_uint("total", total)
        .key("first")
        .begin_object()
        .field("type", "AnnotationPage")
        .field_uint("startIndex", 0)
        .key("items")
        .begin_array();
    for entry in entries {
        let text = entry.doc.text.as_str();
        let idx = CpIndex::new(text);
        let source = format!("urn:sha256:{}", sha256_hex(text));
        let len = idx.len();
        for s in entry.spans.iter() {
            let exact = span_text(&idx, entry, s)?;
            let prefix = idx.slice(s.start.saturating_sub(QUOTE_CONTEXT), s.start);
            let suffix = idx.slice(s.end, (s.end + QUOTE_CONTEXT).min(len));
            w.begin_object()
                .field("id", &format!("urn:marginalia:{}", s.id))
                .field("type", "Annotation")
                .key("body")
                .begin_array();
            textual_body(&mut w, "tagging", &s.label);
            if !s.note.is_empty() {
                textual_body(&mut w, "commenting", &s.note);
            }
            for (key, value) in s.attrs.iter() {
                let choice = matches!(
                    schema.attr(&s.label, key).map(|a| &a.kind),
                    Some(crate::model::AttrKind::Choice(_))
                );
                let purpose = if choice { "tagging" } else { "describing" };
                textual_body(&mut w, purpose, &format!("{key}: {value}"));
                if key == "external_id" && is_qid(value) {
                    w.begin_object()
                        .field("type", "SpecificResource")
                        .field("purpose", "identifying")
                        .field("source", &format!("http://www.wikidata.org/entity/{value}"))
                        .end_object();
                }
            }
            w.end_array()
                .key("target")
                .begin_object()
                .field("source", &source)
                .key("selector")
                .begin_array()
                .begin_object()
                .field("type", "TextQuoteSelector")
                .field("exact", exact)
                .field("prefix", prefix)
                .field("suffix", suffix)
                .end_object()
                .begin_object()
                .field("type", "TextPositionSelector")
                .field_uint("start", s.start)
                .field_uint("end", s.end)
                .end_object()
                .end_array()
                .end_object();
            // The model's own times: when the annotation was made and last changed.
            for (key, time) in [("created", s.created), ("modified", s.updated)] {
                if let Some(ms) = time {
                    w.field(key, &iso_from_ms(ms));
                }
            }
            w.end_object();
        }
        for r in entry.relations.iter() {
            w.begin_object()
                .field("id", &format!("urn:marginalia:relation:{}", r.id))
                .field("type", "Annotation")
                .field("motivation", "linking")
                .key("body")
                .begin_array();
            textual_body(&mut w, "tagging", r.kind.id());
            w.end_array()
                .key("target")
                .begin_array()
                .string(&format!("urn:marginalia:{}", r.from))
                .string(&format!("urn:marginalia:{}", r.to))
                .end_array()
                .end_object();
        }
    }
    w.end_array().end_object().end_object();
    let notes = vec![
        "The document texts are not included: each target names its text by SHA-256 \
         (urn:sha256:…); positions are Unicode code points."
            .to_owned(),
    ];
    Ok((json_file(w), notes))
}

// ---------------------------------------------------------------------------------------------
// Label Studio

fn label_studio(schema: &LabelSchema, entries: &[Rc<DocEntry>]) -> Result<Written, ExportError> {
    let mut w = JsonWriter::pretty();
    w.begin_array();
    for entry in entries {
        let idx = CpIndex::new(&entry.doc.text);
        w.begin_object()
            .key("data")
            .begin_object()
            .field("text", &entry.doc.text)
            .field("title", &entry.doc.title)
            .end_object()
            .key("annotations")
            .begin_array()
            .begin_object()
            .key("result")
            .begin_array();
        for s in entry.spans.iter() {
            w.begin_object()
                .field("id", &s.id.0)
                .field("from_name", "label")
                .field("to_name", "text")
                .field("type", "labels")
                .key("value")
                .begin_object()
                .field_uint("start", s.start)
                .field_uint("end", s.end)
                .field("text", span_text(&idx, entry, s)?)
                .key("labels")
                .begin_array()
                .string(schema.name_of(&s.label))
                .end_array()
                .end_object()
                .end_object();
            // Per-region attributes: results with the region's id.
            for (key, value) in s.attrs.iter() {
                let choice = matches!(
                    schema.attr(&s.label, key).map(|a| &a.kind),
                    Some(crate::model::AttrKind::Choice(_))
                );
                w.begin_object()
                    .field("id", &s.id.0)
                    .field("from_name", key)
                    .field("to_name", "text")
                    .field("type", if choice { "choices" } else { "textarea" })
                    .key("value")
                    .begin_object()
                    .field_uint("start", s.start)
                    .field_uint("end", s.end);
                if choice {
                    w.field("text", span_text(&idx, entry, s)?)
                        .key("choices")
                        .begin_array()
                        .string(value)
                        .end_array();
                } else {
                    w.key("text").begin_array().string(value).end_array();
                }
                w.end_object().end_object();
            }
        }
        for r in entry.relations.iter() {
            w.begin_object()
                .field("type", "relation")
                .field("from_id", &r.from.0)
                .field("to_id", &r.to.0)
                .field("direction", "right")
                .key("labels")
                .begin_array()
                .string(r.kind.id())
                .end_array()
                .end_object();
        }
        w.end_array().end_object().end_array().end_object();
    }
    w.end_array();
    let mut notes = vec![
        "Offsets are Unicode code points (current Label Studio; versions before 1.0 counted \
         UTF-16 units). The labeling config needs <Labels name=\"label\" toName=\"text\"> \
         with the label names."
            .to_owned(),
    ];
    let (values, relations) = count_links(entries);
    if values > 0 {
        notes.push(
            "Attribute values are per-region <Choices> and <TextArea> results named after the \
             attribute id (perRegion=\"true\" in the labeling config)."
                .to_owned(),
        );
    }
    if relations > 0 {
        notes.push(
            "Relations are relation results labelled said_by, cue or claimant (<Relations> in \
             the labeling config)."
                .to_owned(),
        );
    }
    let n = count_notes(entries);
    if n > 0 {
        notes.push(format!(
            "{} not included.",
            plural(n, "annotation note is", "annotation notes are")
        ));
    }
    Ok((json_file(w), notes))
}

// ---------------------------------------------------------------------------------------------
// doccano

/// doccano JSONL: entities numbered by position, relations between those numbers.
fn doccano(_schema: &LabelSchema, entries: &[Rc<DocEntry>]) -> Result<Written, ExportError> {
    let mut out = String::new();
    for entry in entries {
        let text = entry.doc.text.as_str();
        let idx = CpIndex::new(text);
        let mut w = JsonWriter::compact();
        w.begin_object()
            .field("text", text)
            .key("entities")
            .begin_array();
        for (i, s) in entry.spans.iter().enumerate() {
            span_text(&idx, entry, s)?;
            w.begin_object()
                .field_uint("id", i)
                .field_uint("start_offset", idx.utf16(s.start))
                .field_uint("end_offset", idx.utf16(s.end))
                .field("label", &s.label)
                .end_object();
        }
        w.end_array().key("relations").begin_array();
        let at = entry.span_positions();
        for (i, r) in entry.relations.iter().enumerate() {
            if let (Some(&from), Some(&to)) = (at.get(&r.from), at.get(&r.to)) {
                w.begin_object()
                    .field_uint("id", i)
                    .field_uint("from_id", from)
                    .field_uint("to_id", to)
                    .field("type", r.kind.id())
                    .end_object();
            }
        }
        w.end_array().end_object();
        out.push_str(&w.finish());
        out.push('\n');
    }
    let mut notes = vec![
        "Offsets are UTF-16 code units, as doccano counts (like JavaScript): they differ from \
         code points after emoji and other characters outside the Basic Multilingual Plane."
            .to_owned(),
    ];
    let n = count_notes(entries);
    if n > 0 {
        notes.push(format!(
            "{} not included.",
            plural(n, "annotation note is", "annotation notes are")
        ));
    }
    let (values, _) = count_links(entries);
    left_out(&mut notes, values, 0, "doccano");
    Ok((out.into_bytes(), notes))
}

// ---------------------------------------------------------------------------------------------
// brat standoff

/// A file name stem from a title: lower-case ASCII letters and digits, other runs as `-`, at
/// most 40 characters; empty when nothing is left.
fn sanitise(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
            if out.len() >= 40 {
                break;
            }
        } else {
            dash = true;
        }
    }
    out
}

/// The pieces of `start..end` (code points) between newlines, without empty ones.
fn fragments(idx: &CpIndex, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut piece_start = start;
    for (i, c) in idx.slice(start, end).chars().enumerate() {
        if c == '\n' {
            let at = start + i;
            if at > piece_start {
                pieces.push((piece_start, at));
            }
            piece_start = at + 1;
        }
    }
    if end > piece_start {
        pieces.push((piece_start, end));
    }
    pieces
}

/// Tabs and every character Python's `str.splitlines` breaks a line at (`\n`, `\r`, vertical
/// tab, form feed, the file/group/record separators, NEL, U+2028, U+2029): brat readers split
/// `.ann` files with it, so any of them inside a note would start a forged annotation line.
fn breaks_a_brat_line(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{1C}'
            ..='\u{1E}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// One line of brat: tabs and line breaks of every kind become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if breaks_a_brat_line(c) { ' ' } else { c })
        .collect()
}

/// A brat type name: the label's name with every character other than ASCII letters, digits,
/// `_` and `-` as `_` (brat splits `.ann` fields at spaces).
fn brat_type(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn brat(
    schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
    ctx: &ExportContext,
) -> Result<Written, ExportError> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut flattened_notes = 0usize;
    let mut dropped = 0usize;
    let mut discontinuous = 0usize;
    let mut tabbed = 0usize;
    let (mut attr_lines, mut wikidata, mut relations_out, mut relations_dropped) = (0, 0, 0, 0);
    for entry in entries {
        let doc = &entry.doc;
        let idx = CpIndex::new(&doc.text);
        // The T number of each span written, for the lines that point at it.
        let mut t_of: std::collections::HashMap<&SpanId, usize> = Default::default();
        let (mut a_n, mut n_n) = (0usize, 0usize);
        let mut stem = sanitise(&doc.title);
        if stem.is_empty() {
            stem = sanitise(&doc.id.0);
        }
        if stem.is_empty() {
            stem = "document".to_owned();
        }
        let mut name = stem.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{stem}-{n}");
            n += 1;
        }
        let mut ann = String::new();
        let mut t = 0usize;
        let mut note_n = 0usize;
        for s in entry.spans.iter() {
            let slice = span_text(&idx, entry, s)?;
            let pieces = fragments(&idx, s.start, s.end);
            if pieces.is_empty() {
                dropped += 1;
                continue;
            }
            if pieces.len() > 1 {
                discontinuous += 1;
            }
            if slice.chars().any(|c| c != '\n' && breaks_a_brat_line(c)) {
                tabbed += 1;
            }
            let ranges: Vec<String> = pieces.iter().map(|(a, b)| format!("{a} {b}")).collect();
            let shown: Vec<&str> = pieces.iter().map(|&(a, b)| idx.slice(a, b)).collect();
            let shown = shown.join(" ");
            if pieces.len() == 1 && shown != slice.trim_matches('\n') {
                // Cannot happen: one piece is the slice without leading/trailing newlines.
                dropped += 1;
                continue;
            }
            t += 1;
            t_of.insert(&s.id, t);
            ann.push_str(&format!(
                "T{t}\t{} {}\t{}\n",
                brat_type(schema.name_of(&s.label)),
                ranges.join(";"),
                one_line(&shown)
            ));
            // Choice attributes as A lines, a Wikidata id as an N line, other text values
            // in the note.
            let mut note = s.note.clone();
            for (key, value) in s.attrs.iter() {
                let choice = matches!(
                    schema.attr(&s.label, key).map(|a| &a.kind),
                    Some(crate::model::AttrKind::Choice(_))
                );
                if choice {
                    a_n += 1;
                    attr_lines += 1;
                    ann.push_str(&format!(
                        "A{a_n}\t{} T{t} {}\n",
                        brat_type(key),
                        brat_type(value)
                    ));
                } else if key == "external_id" && is_qid(value) {
                    n_n += 1;
                    wikidata += 1;
                    let name = s.attrs.get("canonical").unwrap_or(slice);
                    ann.push_str(&format!(
                        "N{n_n}\tReference T{t} Wikidata:{value}\t{}\n",
                        one_line(name)
                    ));
                } else {
                    if !note.is_empty() {
                        note.push_str(" | ");
                    }
                    note.push_str(key);
                    note.push_str(": ");
                    note.push_str(value);
                }
            }
            if !note.is_empty() {
                note_n += 1;
                let line = one_line(&note);
                if line != note {
                    flattened_notes += 1;
                }
                ann.push_str(&format!("#{note_n}\tAnnotatorNotes T{t}\t{line}\n"));
            }
        }
        let mut r_n = 0usize;
        for r in entry.relations.iter() {
            match (t_of.get(&r.from), t_of.get(&r.to)) {
                (Some(from), Some(to)) => {
                    r_n += 1;
                    relations_out += 1;
                    ann.push_str(&format!(
                        "R{r_n}\t{} Arg1:T{from} Arg2:T{to}\n",
                        r.kind.id()
                    ));
                }
                _ => relations_dropped += 1,
            }
        }
        files.push((format!("{name}.txt"), doc.text.as_bytes().to_vec()));
        files.push((format!("{name}.ann"), ann.into_bytes()));
    }
    let mut conf = String::from("[entities]\n");
    for l in schema.labels() {
        conf.push_str(&brat_type(&l.name));
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n");
    for kind in crate::model::RelationKind::ALL {
        let from = schema
            .role_label(kind.from_role())
            .map(|l| brat_type(&l.name));
        let to = match kind.to_role() {
            Some(role) => schema.role_label(role).map(|l| brat_type(&l.name)),
            None => Some("<ENTITY>".to_owned()),
        };
        if let (Some(from), Some(to)) = (from, to) {
            conf.push_str(&format!("{} Arg1:{from}, Arg2:{to}\n", kind.id()));
        }
    }
    conf.push_str("\n[events]\n\n[attributes]\n");
    // One line per choice attribute id, for every label that has it, with every value.
    let mut attrs: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for l in schema.labels() {
        for a in &l.attributes {
            let crate::model::AttrKind::Choice(choices) = &a.kind else {
                continue;
            };
            let id = brat_type(&a.id);
            let at = match attrs.iter().position(|(i, _, _)| *i == id) {
                Some(at) => at,
                None => {
                    attrs.push((id, Vec::new(), Vec::new()));
                    attrs.len() - 1
                }
            };
            let (_, types, values) = &mut attrs[at];
            types.push(brat_type(&l.name));
            for c in choices {
                let c = brat_type(c);
                if !values.contains(&c) {
                    values.push(c);
                }
            }
        }
    }
    for (id, types, values) in attrs {
        if !values.is_empty() {
            conf.push_str(&format!(
                "{id} Arg:{}, Value:{}\n",
                types.join("|"),
                values.join("|")
            ));
        }
    }
    files.push(("annotation.conf".to_owned(), conf.into_bytes()));
    if wikidata > 0 {
        files.push((
            "tools.conf".to_owned(),
            b"[normalization]\nWikidata\t<URL>:https://www.wikidata.org/, <URLBASE>:https://www.wikidata.org/wiki/%s\n"
                .to_vec(),
        ));
    }
    let mut notes = vec!["Offsets are Unicode code points into each .txt file (UTF-8).".to_owned()];
    if discontinuous > 0 {
        notes.push(format!(
            "{} a line break: written as discontinuous brat spans (one fragment per line).",
            plural(discontinuous, "span crosses", "spans cross")
        ));
    }
    if tabbed > 0 {
        notes.push(format!(
            "{} a tab or a line separator other than \\n, shown as a space in the .ann text \
             column (the offsets are exact).",
            plural(tabbed, "span's text holds", "spans' texts hold")
        ));
    }
    if flattened_notes > 0 {
        notes.push(format!(
            "{} line breaks or tabs, written as spaces.",
            plural(flattened_notes, "note had", "notes had")
        ));
    }
    if dropped > 0 {
        notes.push(format!(
            "{} only line breaks and {} left out.",
            plural(dropped, "span holds", "spans hold"),
            if dropped == 1 { "was" } else { "were" }
        ));
    }
    if attr_lines + wikidata + relations_out > 0 {
        notes.push(
            "Choice attributes are A lines (in values, characters other than ASCII letters, \
             digits and - written as _), Wikidata ids N lines (tools.conf names Wikidata), relations R lines; other text attributes are \
             added to the annotator notes."
                .to_owned(),
        );
    }
    if relations_dropped > 0 {
        notes.push(format!(
            "{} a span that was left out and {} left out too.",
            plural(
                relations_dropped,
                "relation points at",
                "relations point at"
            ),
            if relations_dropped == 1 {
                "was"
            } else {
                "were"
            }
        ));
    }
    Ok((
        zip::write_zip(&files, zip::dos_time(ctx.exported_at)),
        notes,
    ))
}

// ---------------------------------------------------------------------------------------------
// CSV

/// One CSV cell: formula-looking cells get a leading `'`, then RFC 4180 quoting.
fn csv_cell(value: &str, out: &mut String) {
    let guarded;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn csv_row(cells: &[&str], out: &mut String) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_cell(cell, out);
    }
    out.push_str("\r\n");
}

fn csv(_schema: &LabelSchema, entries: &[Rc<DocEntry>]) -> Result<Written, ExportError> {
    let mut out = String::new();
    csv_row(
        &[
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
        ],
        &mut out,
    );
    let mut guarded = 0usize;
    for entry in entries {
        let idx = CpIndex::new(&entry.doc.text);
        for s in entry.spans.iter() {
            let text = span_text(&idx, entry, s)?;
            let (start, end) = (s.start.to_string(), s.end.to_string());
            let time = |t: Option<u64>| t.map(iso_from_ms).unwrap_or_default();
            let (created, updated) = (time(s.created), time(s.updated));
            let attributes = if s.attrs.is_empty() {
                String::new()
            } else {
                let mut w = JsonWriter::compact();
                w.begin_object();
                for (k, v) in s.attrs.iter() {
                    w.field(k, v);
                }
                w.end_object();
                w.finish()
            };
            let cells = [
                entry.doc.id.0.as_str(),
                entry.doc.title.as_str(),
                s.id.0.as_str(),
                s.label.as_str(),
                start.as_str(),
                end.as_str(),
                text,
                s.note.as_str(),
                created.as_str(),
                updated.as_str(),
                attributes.as_str(),
            ];
            guarded += cells
                .iter()
                .filter(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r']))
                .count();
            csv_row(&cells, &mut out);
        }
    }
    let mut notes = vec![
        "Offsets are Unicode code points; the document texts themselves are not included."
            .to_owned(),
    ];
    if guarded > 0 {
        notes.push(format!(
            "{} with =, +, -, @, a tab or a carriage return and got a leading ' so \
             spreadsheets do not run them as formulas.",
            plural(guarded, "cell began", "cells began")
        ));
    }
    let (values, relations) = count_links(entries);
    if values > 0 {
        notes.push("The attributes column holds each span's attribute values as JSON.".to_owned());
    }
    left_out(&mut notes, 0, relations, "CSV");
    Ok((out.into_bytes(), notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitised_names() {
        assert_eq!(sanitise("Kyiv 🇺🇦 report: “day 2”"), "kyiv-report-day-2");
        assert_eq!(sanitise("  北京  "), "");
        assert_eq!(sanitise("../../etc/passwd"), "etc-passwd");
        assert_eq!(sanitise(&"a".repeat(100)).len(), 40);
    }

    #[test]
    fn fragments_split_at_newlines() {
        let t = CpIndex::new("ab\n\ncd\ne");
        let t = &t;
        assert_eq!(fragments(t, 0, 7), vec![(0, 2), (4, 6)]);
        assert_eq!(fragments(t, 0, 8), vec![(0, 2), (4, 6), (7, 8)]);
        assert_eq!(fragments(t, 2, 4), vec![]);
        assert_eq!(fragments(t, 1, 5), vec![(1, 2), (4, 5)]);
    }

    #[test]
    fn brat_lines_break_nowhere_python_would() {
        assert_eq!(
            one_line("a\u{2028}b\u{2029}c\u{85}d\u{1C}e\u{0B}f\u{0C}g\th\r\ni"),
            "a b c d e f g h  i"
        );
        assert_eq!(one_line("\u{202E}bidi\u{2066}"), "\u{202E}bidi\u{2066}");
    }

    #[test]
    fn csv_cells() {
        let cell = |v: &str| {
            let mut out = String::new();
            csv_cell(v, &mut out);
            out
        };
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@x"), "'@x");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("=a,b"), "\"'=a,b\"");
        assert_eq!(cell("a=b"), "a=b");
    }
}
