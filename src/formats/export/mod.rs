//! Dataset exports (and the native dataset's import).
//!
//! Every offset written is a **Unicode code point** into the exact document text the export
//! carries (Python's `text[start:end]`), except in doccano, which counts UTF-16 code units, and
//! CoNLL, which has no offsets. Before any format is written every span is checked against its
//! slice of the text; a mismatch writes nothing (see [`ExportError`]).

mod conll;
pub mod zip;

use crate::formats::json_docs::quote;
use crate::formats::time::{iso_from_ms, ms_from_iso};
use std::collections::HashSet;
use std::fmt;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::model::text::{cp_to_byte, cp_to_utf16, slice_cp, utf16_to_cp};
use crate::model::{
    label_def, Block, BlockKind, DocEntry, DocId, Document, Span, SpanId, Status, LABELS,
};

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
/// code points, and (for doccano) exactly the same slice through UTF-16 offsets.
fn span_text<'a>(entry: &'a DocEntry, span: &Span) -> Result<&'a str, ExportError> {
    let text = entry.doc.text.as_str();
    let slice = slice_cp(text, span.start, span.end);
    let len = slice.chars().count();
    let want = span.end.saturating_sub(span.start);
    let u16_start = cp_to_utf16(text, span.start);
    let u16_end = cp_to_utf16(text, span.end);
    let through_utf16 = (utf16_to_cp(text, u16_start), utf16_to_cp(text, u16_end));
    if span.start >= span.end || len != want || through_utf16 != (span.start, span.end) {
        let total = text.chars().count();
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
            found: format!("{} ({len} characters; the text has {total})", quote(slice)),
        });
    }
    Ok(slice)
}

/// Check every span of every entry before writing anything.
fn check_all(entries: &[Rc<DocEntry>]) -> Result<(), ExportError> {
    for entry in entries {
        for span in entry.spans.iter() {
            span_text(entry, span)?;
        }
    }
    Ok(())
}

/// The label's display name (the id itself for an unknown label).
fn label_name(id: &str) -> &str {
    label_def(id).map_or(id, |l| l.name)
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
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn count_notes(entries: &[Rc<DocEntry>]) -> usize {
    entries
        .iter()
        .flat_map(|e| e.spans.iter())
        .filter(|s| !s.note.is_empty())
        .count()
}

fn json_line<T: Serialize>(value: &T, out: &mut Vec<u8>) {
    // Serialising plain structs of strings and numbers cannot fail.
    if serde_json::to_writer(&mut *out, value).is_ok() {
        out.push(b'\n');
    }
}

fn json_pretty<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Write `entries` in `format`. Every span is checked first; on a mismatch nothing is written.
pub fn export(
    format: Format,
    entries: &[Rc<DocEntry>],
    ctx: &ExportContext,
) -> Result<Export, ExportError> {
    check_all(entries)?;
    let (bytes, notes) = match format {
        Format::Native => native(entries, ctx)?,
        Format::SpacyJsonl => spacy(entries)?,
        Format::W3c => w3c(entries, ctx)?,
        Format::LabelStudio => label_studio(entries)?,
        Format::Doccano => doccano(entries)?,
        Format::Brat => brat(entries, ctx)?,
        Format::Conll => conll::conll(entries),
        Format::Csv => csv(entries)?,
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

const SCHEMA: &str = "marginalia-dataset";
const VERSION: u64 = 1;
const OFFSETS: &str = "unicode code points";

#[derive(Serialize)]
struct NativeOut<'a> {
    schema: &'static str,
    version: u64,
    app_version: &'a str,
    exported_at: &'a str,
    offsets: &'static str,
    labels: Vec<LabelOut>,
    documents: Vec<DocOut<'a>>,
    relations: Vec<Value>,
}

#[derive(Serialize)]
struct LabelOut {
    id: &'static str,
    name: &'static str,
    key: String,
}

#[derive(Serialize)]
struct DocOut<'a> {
    id: &'a str,
    title: &'a str,
    source: &'a str,
    status: &'static str,
    text: &'a str,
    sha256: String,
    blocks: Vec<BlockOut<'a>>,
    spans: Vec<SpanOut<'a>>,
}

#[derive(Serialize, Deserialize)]
struct BlockOut<'a> {
    kind: &'a str,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    alt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    id: &'a str,
    document: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    label: &'a str,
    note: &'a str,
    attributes: Map<String, Value>,
    /// ISO 8601 (UTC), or null when unknown.
    created: Option<String>,
    updated: Option<String>,
}

fn native(entries: &[Rc<DocEntry>], ctx: &ExportContext) -> Result<Written, ExportError> {
    let mut documents = Vec::with_capacity(entries.len());
    for entry in entries {
        let doc = &entry.doc;
        let blocks = doc
            .blocks
            .iter()
            .map(|b| {
                let (alt, url) = match &b.kind {
                    BlockKind::Image { alt, url } => (Some(alt.as_str()), Some(url.as_str())),
                    _ => (None, None),
                };
                BlockOut {
                    kind: b.kind.name(),
                    start: b.start,
                    end: b.end,
                    alt,
                    url,
                }
            })
            .collect();
        let mut spans = Vec::with_capacity(entry.spans.len());
        for s in entry.spans.iter() {
            spans.push(SpanOut {
                id: &s.id.0,
                document: &doc.id.0,
                start: s.start,
                end: s.end,
                text: span_text(entry, s)?,
                label: &s.label,
                note: &s.note,
                attributes: Map::new(),
                created: s.created.map(iso_from_ms),
                updated: s.updated.map(iso_from_ms),
            });
        }
        documents.push(DocOut {
            id: &doc.id.0,
            title: &doc.title,
            source: &doc.source,
            status: entry.status.id(),
            text: &doc.text,
            sha256: sha256_hex(&doc.text),
            blocks,
            spans,
        });
    }
    let file = NativeOut {
        schema: SCHEMA,
        version: VERSION,
        app_version: ctx.app_version,
        exported_at: ctx.exported_at,
        offsets: OFFSETS,
        labels: LABELS
            .iter()
            .map(|l| LabelOut {
                id: l.id,
                name: l.name,
                key: l.digit.to_string(),
            })
            .collect(),
        documents,
        relations: Vec::new(),
    };
    Ok((json_pretty(&file), Vec::new()))
}

/// The native dataset, read back for Import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NativeImport {
    pub entries: Vec<DocEntry>,
    /// One message per skipped document or span.
    pub problems: Vec<String>,
}

#[derive(Deserialize)]
struct Probe {
    schema: Option<Value>,
}

/// A JSON object with `"schema": "marginalia-dataset"`.
pub fn is_native(json: &str) -> bool {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if !json.trim_start().starts_with('{') || !json.contains(SCHEMA) {
        return false;
    }
    serde_json::from_str::<Probe>(json)
        .ok()
        .and_then(|p| p.schema)
        .is_some_and(|s| s == SCHEMA)
}

#[derive(Deserialize)]
struct DocIn {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    status: Option<String>,
    text: String,
    #[serde(default)]
    sha256: Option<String>,
    blocks: Vec<BlockIn>,
    #[serde(default)]
    spans: Vec<Value>,
}

#[derive(Deserialize)]
struct BlockIn {
    kind: String,
    start: usize,
    end: usize,
    #[serde(default)]
    alt: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
struct SpanIn {
    id: String,
    start: usize,
    end: usize,
    text: String,
    label: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    created: Option<Value>,
    #[serde(default)]
    updated: Option<Value>,
}

/// A span time as written in a dataset: ISO 8601, or ms since the Unix epoch; null or
/// absent is unknown. `Err` for anything else.
fn time_in(value: Option<&Value>) -> Result<Option<u64>, ()> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(iso)) => ms_from_iso(iso).map(Some).ok_or(()),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or(()),
        Some(_) => Err(()),
    }
}

/// `[A-Za-z0-9_-]{1,64}`.
fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Read a native dataset back. `Err` when the input is not one (or is a newer version);
/// otherwise every document and span that checks out, and a problem for each one skipped.
/// Offsets are never shifted: a span whose `text` is not its slice is skipped.
pub fn import_native(json: &str) -> Result<NativeImport, String> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value: Value =
        serde_json::from_str(json).map_err(|e| format!("This file is not valid JSON ({e})."))?;
    let Value::Object(mut root) = value else {
        return Err("This file is not a Marginalia dataset (not a JSON object).".to_owned());
    };
    if root.get("schema").and_then(Value::as_str) != Some(SCHEMA) {
        return Err(format!(
            "This file is not a Marginalia dataset (no \"schema\": \"{SCHEMA}\")."
        ));
    }
    match root.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) if v > VERSION => {
            return Err(format!(
                "This dataset is version {v}, from a newer Marginalia; this one reads version {VERSION}."
            ))
        }
        _ => return Err("This dataset has no valid \"version\".".to_owned()),
    }
    if let Some(offsets) = root.get("offsets").and_then(Value::as_str) {
        if offsets != OFFSETS {
            return Err(format!(
                "This dataset counts offsets in {}, not {}.",
                quote(offsets),
                quote(OFFSETS)
            ));
        }
    }
    let documents = match root.remove("documents") {
        Some(Value::Array(docs)) => docs,
        _ => return Err("This dataset has no \"documents\" array.".to_owned()),
    };
    let mut entries: Vec<DocEntry> = Vec::with_capacity(documents.len());
    let mut problems = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, value) in documents.into_iter().enumerate() {
        let at = format!("document {}", i + 1);
        let doc_in: DocIn = match serde_json::from_value(value) {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!("{at}: not a valid document ({e}); skipped"));
                continue;
            }
        };
        let at = format!("{at} ({})", doc_in.id);
        if doc_in.id.is_empty() || !seen.insert(doc_in.id.clone()) {
            problems.push(format!("{at}: empty or repeated document id; skipped"));
            continue;
        }
        match import_doc(doc_in, &at, &mut problems) {
            Ok(entry) => entries.push(entry),
            Err(why) => problems.push(format!("{at}: {why}; skipped")),
        }
    }
    Ok(NativeImport { entries, problems })
}

fn import_doc(d: DocIn, at: &str, problems: &mut Vec<String>) -> Result<DocEntry, String> {
    if let Some(hash) = &d.sha256 {
        let actual = sha256_hex(&d.text);
        if !hash.eq_ignore_ascii_case(&actual) {
            return Err("its text does not match its sha256 (it was changed)".to_owned());
        }
    }
    let status = match d.status.as_deref() {
        None => Status::New,
        Some(id) => Status::from_id(id).unwrap_or_else(|| {
            problems.push(format!("{at}: unknown status {}; set to New", quote(id)));
            Status::New
        }),
    };
    let len = d.text.chars().count();
    let mut blocks = Vec::with_capacity(d.blocks.len());
    for b in d.blocks {
        if b.start > b.end || b.end > len {
            return Err(format!(
                "a block at {}..{} is outside the text ({len} characters)",
                b.start, b.end
            ));
        }
        let kind = match b.kind.as_str() {
            "title" => BlockKind::Title,
            "subheading" => BlockKind::Subheading,
            "bullet" => BlockKind::Bullet,
            "paragraph" => BlockKind::Paragraph,
            "image" => BlockKind::Image {
                alt: b.alt.unwrap_or_default(),
                url: b.url.unwrap_or_default(),
            },
            other => return Err(format!("unknown block kind {}", quote(other))),
        };
        blocks.push(Block {
            kind,
            start: b.start,
            end: b.end,
            byte_start: cp_to_byte(&d.text, b.start),
            byte_end: cp_to_byte(&d.text, b.end),
        });
    }
    let mut spans: Vec<Span> = Vec::with_capacity(d.spans.len());
    let mut ids: HashSet<String> = HashSet::new();
    for (j, value) in d.spans.into_iter().enumerate() {
        let at = format!("{at}, span {}", j + 1);
        let s: SpanIn = match serde_json::from_value(value) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!("{at}: not a valid span ({e}); skipped"));
                continue;
            }
        };
        let why = if !valid_id(&s.id) || ids.contains(&s.id) {
            Some(format!("id {} is invalid or repeated", quote(&s.id)))
        } else if s.start >= s.end || s.end > len {
            Some(format!(
                "{}..{} is not within the text ({len} characters)",
                s.start, s.end
            ))
        } else if label_def(&s.label).is_none() {
            Some(format!("unknown label {}", quote(&s.label)))
        } else {
            let slice = slice_cp(&d.text, s.start, s.end);
            (slice != s.text).then(|| {
                format!(
                    "its text {} is not the text at {}..{} ({})",
                    quote(&s.text),
                    s.start,
                    s.end,
                    quote(slice)
                )
            })
        };
        if let Some(why) = why {
            problems.push(format!("{at}: {why}; skipped"));
            continue;
        }
        let mut time = |what: &str, value: Option<&Value>| {
            time_in(value).unwrap_or_else(|()| {
                problems.push(format!(
                    "{at}: its {what} time is not an ISO 8601 time; left unknown"
                ));
                None
            })
        };
        let created = time("created", s.created.as_ref());
        let updated = time("updated", s.updated.as_ref());
        ids.insert(s.id.clone());
        spans.push(Span {
            id: SpanId(s.id),
            start: s.start,
            end: s.end,
            label: s.label,
            note: s.note,
            created,
            updated,
        });
    }
    spans.sort_by(Span::text_order);
    Ok(DocEntry {
        doc: Rc::new(Document {
            // A document is known by its text (that is how imports merge and how storage
            // checks it), whatever id the file gives it.
            id: DocId::for_text(&d.text),
            title: d.title,
            source: d.source,
            text: d.text,
            blocks,
        }),
        spans: Rc::new(spans),
        status,
    })
}

// ---------------------------------------------------------------------------------------------
// spaCy / Prodigy JSONL

#[derive(Serialize)]
struct SpacyDoc<'a> {
    text: &'a str,
    meta: SpacyMeta<'a>,
    spans: Vec<SpacySpan<'a>>,
}

#[derive(Serialize)]
struct SpacyMeta<'a> {
    id: &'a str,
    title: &'a str,
    source: &'a str,
    status: &'static str,
    offsets: &'static str,
}

#[derive(Serialize)]
struct SpacySpan<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
}

fn spacy(entries: &[Rc<DocEntry>]) -> Result<Written, ExportError> {
    let mut out = Vec::new();
    for entry in entries {
        let mut spans = Vec::with_capacity(entry.spans.len());
        for s in entry.spans.iter() {
            spans.push(SpacySpan {
                start: s.start,
                end: s.end,
                label: &s.label,
                text: span_text(entry, s)?,
            });
        }
        let doc = &entry.doc;
        json_line(
            &SpacyDoc {
                text: &doc.text,
                meta: SpacyMeta {
                    id: &doc.id.0,
                    title: &doc.title,
                    source: &doc.source,
                    status: entry.status.id(),
                    offsets: OFFSETS,
                },
                spans,
            },
            &mut out,
        );
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
    Ok((out, notes))
}

// ---------------------------------------------------------------------------------------------
// W3C Web Annotation

/// Context either side of a TextQuoteSelector's `exact`, in code points.
const QUOTE_CONTEXT: usize = 32;

fn w3c(entries: &[Rc<DocEntry>], ctx: &ExportContext) -> Result<Written, ExportError> {
    let mut items = Vec::new();
    for entry in entries {
        let text = entry.doc.text.as_str();
        let source = format!("urn:sha256:{}", sha256_hex(text));
        let len = text.chars().count();
        for s in entry.spans.iter() {
            let exact = span_text(entry, s)?;
            let prefix = slice_cp(text, s.start.saturating_sub(QUOTE_CONTEXT), s.start);
            let suffix = slice_cp(text, s.end, (s.end + QUOTE_CONTEXT).min(len));
            let mut body = vec![serde_json::json!({
                "type": "TextualBody", "purpose": "tagging", "value": s.label,
            })];
            if !s.note.is_empty() {
                body.push(serde_json::json!({
                    "type": "TextualBody", "purpose": "commenting", "value": s.note,
                }));
            }
            let mut item = serde_json::json!({
                "id": format!("urn:marginalia:{}", s.id),
                "type": "Annotation",
                "body": body,
                "target": {
                    "source": source,
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
                        {"type": "TextPositionSelector", "start": s.start, "end": s.end},
                    ],
                },
            });
            // The model's own times: when the annotation was made and last changed.
            for (key, time) in [("created", s.created), ("modified", s.updated)] {
                if let (Some(ms), Some(obj)) = (time, item.as_object_mut()) {
                    obj.insert(key.into(), Value::from(iso_from_ms(ms)));
                }
            }
            items.push(item);
        }
    }
    let collection = serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": "Marginalia annotations",
        "generator": {"type": "Software", "name": format!("Marginalia {}", ctx.app_version)},
        "generated": ctx.exported_at,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let notes = vec![
        "The document texts are not included: each target names its text by SHA-256 \
         (urn:sha256:…); positions are Unicode code points."
            .to_owned(),
    ];
    Ok((json_pretty(&collection), notes))
}

// ---------------------------------------------------------------------------------------------
// Label Studio

fn label_studio(entries: &[Rc<DocEntry>]) -> Result<Written, ExportError> {
    let mut tasks = Vec::with_capacity(entries.len());
    for entry in entries {
        let mut result = Vec::with_capacity(entry.spans.len());
        for s in entry.spans.iter() {
            result.push(serde_json::json!({
                "id": s.id.0,
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": s.start,
                    "end": s.end,
                    "text": span_text(entry, s)?,
                    "labels": [label_name(&s.label)],
                },
            }));
        }
        tasks.push(serde_json::json!({
            "data": {"text": entry.doc.text, "title": entry.doc.title},
            "annotations": [{"result": result}],
        }));
    }
    let mut notes = vec![
        "Offsets are Unicode code points (current Label Studio; versions before 1.0 counted \
         UTF-16 units). The labeling config needs <Labels name=\"label\" toName=\"text\"> \
         with Quote, Claim and Entity."
            .to_owned(),
    ];
    let n = count_notes(entries);
    if n > 0 {
        notes.push(format!(
            "{} not included.",
            plural(n, "annotation note is", "annotation notes are")
        ));
    }
    Ok((json_pretty(&tasks), notes))
}

// ---------------------------------------------------------------------------------------------
// doccano

#[derive(Serialize)]
struct DoccanoDoc<'a> {
    text: &'a str,
    entities: Vec<DoccanoEntity<'a>>,
    relations: Vec<Value>,
}

#[derive(Serialize)]
struct DoccanoEntity<'a> {
    id: usize,
    start_offset: usize,
    end_offset: usize,
    label: &'a str,
}

fn doccano(entries: &[Rc<DocEntry>]) -> Result<Written, ExportError> {
    let mut out = Vec::new();
    for entry in entries {
        let text = entry.doc.text.as_str();
        let mut entities = Vec::with_capacity(entry.spans.len());
        for (i, s) in entry.spans.iter().enumerate() {
            span_text(entry, s)?;
            entities.push(DoccanoEntity {
                id: i,
                start_offset: cp_to_utf16(text, s.start),
                end_offset: cp_to_utf16(text, s.end),
                label: &s.label,
            });
        }
        json_line(
            &DoccanoDoc {
                text,
                entities,
                relations: Vec::new(),
            },
            &mut out,
        );
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
    Ok((out, notes))
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
fn fragments(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut piece_start = start;
    for (i, c) in slice_cp(text, start, end).chars().enumerate() {
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

/// One line of brat: tabs, carriage returns and newlines become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn brat(entries: &[Rc<DocEntry>], ctx: &ExportContext) -> Result<Written, ExportError> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut flattened_notes = 0usize;
    let mut dropped = 0usize;
    let mut discontinuous = 0usize;
    let mut tabbed = 0usize;
    for entry in entries {
        let doc = &entry.doc;
        let text = doc.text.as_str();
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
            let slice = span_text(entry, s)?;
            let pieces = fragments(text, s.start, s.end);
            if pieces.is_empty() {
                dropped += 1;
                continue;
            }
            if pieces.len() > 1 {
                discontinuous += 1;
            }
            if slice.contains(['\t', '\r']) {
                tabbed += 1;
            }
            let ranges: Vec<String> = pieces.iter().map(|(a, b)| format!("{a} {b}")).collect();
            let shown: Vec<&str> = pieces.iter().map(|&(a, b)| slice_cp(text, a, b)).collect();
            let shown = shown.join(" ");
            if pieces.len() == 1 && shown != slice.trim_matches('\n') {
                // Cannot happen: one piece is the slice without leading/trailing newlines.
                dropped += 1;
                continue;
            }
            t += 1;
            ann.push_str(&format!(
                "T{t}\t{} {}\t{}\n",
                label_name(&s.label),
                ranges.join(";"),
                one_line(&shown)
            ));
            if !s.note.is_empty() {
                note_n += 1;
                let line = one_line(&s.note);
                if line != s.note {
                    flattened_notes += 1;
                }
                ann.push_str(&format!("#{note_n}\tAnnotatorNotes T{t}\t{line}\n"));
            }
        }
        files.push((format!("{name}.txt"), doc.text.as_bytes().to_vec()));
        files.push((format!("{name}.ann"), ann.into_bytes()));
    }
    let mut conf = String::from("[entities]\n");
    for l in LABELS {
        conf.push_str(l.name);
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    files.push(("annotation.conf".to_owned(), conf.into_bytes()));
    let mut notes = vec!["Offsets are Unicode code points into each .txt file (UTF-8).".to_owned()];
    if discontinuous > 0 {
        notes.push(format!(
            "{} a line break: written as discontinuous brat spans (one fragment per line).",
            plural(discontinuous, "span crosses", "spans cross")
        ));
    }
    if tabbed > 0 {
        notes.push(format!(
            "{} a tab or carriage return, shown as a space in the .ann text column (the \
             offsets are exact).",
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

fn csv(entries: &[Rc<DocEntry>]) -> Result<Written, ExportError> {
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
        ],
        &mut out,
    );
    let mut guarded = 0usize;
    for entry in entries {
        for s in entry.spans.iter() {
            let text = span_text(entry, s)?;
            let (start, end) = (s.start.to_string(), s.end.to_string());
            let time = |t: Option<u64>| t.map(iso_from_ms).unwrap_or_default();
            let (created, updated) = (time(s.created), time(s.updated));
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
        let t = "ab\n\ncd\ne";
        assert_eq!(fragments(t, 0, 7), vec![(0, 2), (4, 6)]);
        assert_eq!(fragments(t, 0, 8), vec![(0, 2), (4, 6), (7, 8)]);
        assert_eq!(fragments(t, 2, 4), vec![]);
        assert_eq!(fragments(t, 1, 5), vec![(1, 2), (4, 5)]);
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

    #[test]
    fn bad_status_keeps_the_document() {
        let json = r#"{"schema": "marginalia-dataset", "version": 1, "documents": [
            {"id": "d1", "title": "T", "source": "s", "status": "weird", "text": "T\n\nx",
             "blocks": [{"kind": "title", "start": 0, "end": 1}, {"kind": "paragraph", "start": 3, "end": 4}],
             "spans": [{"id": "s1", "start": 3, "end": 4, "text": "x", "label": "entity"}]}]}"#;
        let got = import_native(json).unwrap();
        assert_eq!(got.entries.len(), 1);
        assert_eq!(got.entries[0].status, Status::New);
        assert_eq!(got.entries[0].spans.len(), 1);
        assert_eq!(got.entries[0].doc.blocks[1].byte_start, 3);
        assert_eq!(got.problems.len(), 1);
        assert!(got.problems[0].contains("unknown status"));
    }
}
