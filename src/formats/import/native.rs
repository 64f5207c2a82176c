//! The native dataset (`"schema": "marginalia-dataset"`, written by the Marginalia JSON export,
//! `export/native.rs`) read back for Import: its label schema, documents, spans (with their
//! attributes and times) and relations. Every document and span is checked; what does not check
//! out is skipped with a problem message, never shifted.

use crate::model::set::Set;
use std::rc::Rc;

use crate::codec::json_value::{Map, Value};

use crate::codec::labels_json::labels_from;
use crate::formats::dataset::{OFFSETS, SCHEMA, VERSION};
use crate::formats::quote::quote;
use crate::formats::sha256::sha256_hex;
use crate::formats::time::ms_from_iso;
use crate::model::annotators::{clean_name, GOLD};
use crate::model::entry::{
    decided_from, shared_status, statuses_from, DECISIONS_PER_DOC, DECISION_BYTES,
};
use crate::model::find::trim_end_ascii;
use crate::model::sort::sort_with;
use crate::model::text::CpIndex;
use crate::model::words::plural;
use crate::model::{
    valid_id, Attrs, Block, BlockKind, DocEntry, DocId, Document, LabelSchema, Relation,
    RelationId, RelationKind, Span, SpanId, Status,
};

/// The native dataset, read back for Import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NativeImport {
    /// The labels the dataset's spans use (the default ones for a version 1 dataset).
    pub schema: LabelSchema,
    pub entries: Vec<DocEntry>,
    /// One message per skipped document or span.
    pub problems: Vec<String>,
    /// When the file was made (`exported_at`, ms since the epoch) and by whom (`exported_by`),
    /// when it says both.
    pub made: Option<crate::model::import::Made>,
}

/// The parsed dataset when `json` is a JSON object with `"schema": "marginalia-dataset"`
/// (checked cheaply first, so other JSON is not parsed twice).
pub fn native_value(json: &str) -> Option<Value> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if !json.trim_start().starts_with('{') || !crate::model::find::contains(json, SCHEMA) {
        return None;
    }
    crate::codec::json_in::from_str(json)
        .ok()
        .filter(|v| v.get("schema").and_then(Value::as_str) == Some(SCHEMA))
}

/// A JSON object with `"schema": "marginalia-dataset"`.
pub fn is_native(json: &str) -> bool {
    native_value(json).is_some()
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

/// Read a native dataset back. `Err` when the input is not one (or is a newer version);
/// otherwise every document and span that checks out, and a problem for each one skipped.
/// Offsets are never shifted: a span whose `text` is not its slice is skipped.
pub fn import_native(json: &str) -> Result<NativeImport, String> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value: Value = crate::codec::json_in::from_str(json)
        .map_err(|e| format!("This file is not valid JSON ({e})."))?;
    import_native_value(value)
}

/// [`import_native`] of an already parsed file.
pub fn import_native_value(value: Value) -> Result<NativeImport, String> {
    let Value::Object(mut root) = value else {
        return Err("This file is not a Marginalia dataset (not a JSON object).".to_owned());
    };
    if root.get("schema").and_then(Value::as_str) != Some(SCHEMA) {
        return Err(format!(
            "This file is not a Marginalia dataset (no \"schema\": \"{SCHEMA}\")."
        ));
    }
    let version = root.get("version").and_then(Value::as_u64);
    match version {
        Some(1..=VERSION) => {}
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
    // Taken in place rather than removed: no B-tree removal code in the download.
    let documents = match root.get_mut("documents").map(Value::take) {
        Some(Value::Array(docs)) => docs,
        _ => return Err("This dataset has no \"documents\" array.".to_owned()),
    };
    // Version 1 datasets were written with the default labels.
    let schema = match (version, root.get("labels")) {
        (Some(1), _) | (_, None | Some(Value::Null)) => LabelSchema::default(),
        (_, Some(Value::Array(labels))) => labels_from(labels)
            .map_err(|why| format!("The labels of this dataset are not valid: {why}"))?,
        _ => return Err("The \"labels\" of this dataset are not a list.".to_owned()),
    };
    let mut entries: Vec<DocEntry> = Vec::with_capacity(documents.len());
    let mut problems = Vec::new();
    let mut seen: Set<String> = Set::new();
    // The document id each imported entry had in the file, for its relations.
    let mut file_ids: Vec<String> = Vec::new();
    for (i, value) in documents.into_iter().enumerate() {
        let at = format!("document {}", i + 1);
        let Value::Object(doc) = value else {
            problems.push(format!(
                "{at}: not a valid document (not an object); skipped"
            ));
            continue;
        };
        let id = doc
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let at = format!("{at} ({id})");
        if id.is_empty() || !seen.insert(id.clone()) {
            problems.push(format!("{at}: empty or repeated document id; skipped"));
            continue;
        }
        match import_doc(&schema, &doc, &at, &mut problems) {
            Ok(entry) => {
                entries.push(entry);
                file_ids.push(id);
            }
            Err(why) => problems.push(format!("{at}: {why}; skipped")),
        }
    }
    import_relations(
        &schema,
        root.get("relations"),
        &file_ids,
        &mut entries,
        &mut problems,
    );
    let text = |key: &str| root.get(key).and_then(Value::as_str);
    let made = text("exported_at")
        .and_then(ms_from_iso)
        .zip(text("exported_by").and_then(clean_name));
    Ok(NativeImport {
        schema,
        entries,
        problems,
        made,
    })
}

/// A text member of a dataset object: `Ok(None)` when absent (or null), `Err` naming it when
/// it is something else.
fn opt_text<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("not valid (\"{key}\" is not text)")),
    }
}

/// A whole-number member of a dataset object.
fn number(obj: &Map<String, Value>, key: &str) -> Result<usize, String> {
    obj.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("not valid (\"{key}\" is not a whole number)"))
}

fn import_doc(
    schema: &LabelSchema,
    d: &Map<String, Value>,
    at: &str,
    problems: &mut Vec<String>,
) -> Result<DocEntry, String> {
    let text = opt_text(d, "text")?.ok_or("not a valid document (no \"text\")")?;
    if let Some(hash) = opt_text(d, "sha256")? {
        let actual = sha256_hex(text.as_bytes());
        if !hash.eq_ignore_ascii_case(&actual) {
            return Err("its text does not match its sha256 (it was changed)".to_owned());
        }
    }
    let statuses = import_statuses(d, at, problems)?;
    let decided = import_decided(d.get("decided"), at, problems);
    let idx = CpIndex::new(text);
    let len = idx.len();
    let stored_blocks = match d.get("blocks") {
        Some(Value::Array(blocks)) => blocks,
        _ => return Err("not a valid document (no \"blocks\" list)".to_owned()),
    };
    let mut blocks = Vec::with_capacity(stored_blocks.len());
    let mut prev_end = 0;
    for b in stored_blocks {
        let b = b.as_object().ok_or("a block is not an object")?;
        let (start, end) = (number(b, "start")?, number(b, "end")?);
        if start > end || end > len {
            return Err(format!(
                "a block at {start}..{end} is outside the text ({len} characters)"
            ));
        }
        // Storage refuses such a document as corrupt on the next start: refuse it here.
        if start < prev_end {
            return Err("its blocks overlap or are out of order".to_owned());
        }
        prev_end = end;
        let text_of = |key: &str| opt_text(b, key).map(|t| t.unwrap_or_default().to_owned());
        let kind = match opt_text(b, "kind")?.unwrap_or_default() {
            "title" => BlockKind::Title,
            "subheading" => BlockKind::Subheading,
            "bullet" => BlockKind::Bullet,
            "paragraph" => BlockKind::Paragraph,
            "image" => BlockKind::Image {
                alt: text_of("alt")?,
                url: text_of("url")?,
            },
            other => return Err(format!("unknown block kind {}", quote(other))),
        };
        blocks.push(Block {
            kind,
            start,
            end,
            byte_start: idx.byte(start),
            byte_end: idx.byte(end),
        });
    }
    let no_spans = Vec::new();
    let stored_spans = match d.get("spans") {
        None | Some(Value::Null) => &no_spans,
        Some(Value::Array(spans)) => spans,
        Some(_) => return Err("not a valid document (\"spans\" is not a list)".to_owned()),
    };
    let mut spans: Vec<Span> = Vec::with_capacity(stored_spans.len());
    let mut ids: Set<&str> = Set::new();
    for (j, value) in stored_spans.iter().enumerate() {
        let at = format!("{at}, span {}", j + 1);
        let read = value
            .as_object()
            .ok_or_else(|| "not a valid span (not an object)".to_owned())
            .and_then(|s| {
                let text = |key: &str| {
                    opt_text(s, key)
                        .and_then(|t| t.ok_or_else(|| format!("not a valid span (no \"{key}\")")))
                };
                Ok((
                    text("id")?,
                    number(s, "start")?,
                    number(s, "end")?,
                    text("text")?,
                    text("label")?,
                    opt_text(s, "note")?.unwrap_or_default(),
                    s,
                ))
            });
        let (id, start, end, span_text, label, note, s) = match read {
            Ok(read) => read,
            Err(e) => {
                problems.push(format!("{at}: {e}; skipped"));
                continue;
            }
        };
        let why = if !valid_id(id) || ids.contains(id) {
            Some(format!("id {} is invalid or repeated", quote(id)))
        } else if start >= end || end > len {
            Some(format!(
                "{start}..{end} is not within the text ({len} characters)"
            ))
        } else if schema.label(label).is_none() {
            Some(format!("unknown label {}", quote(label)))
        } else {
            let slice = idx.slice(start, end);
            (slice != span_text).then(|| {
                format!(
                    "its text {} is not the text at {start}..{end} ({})",
                    quote(span_text),
                    quote(slice)
                )
            })
        };
        if let Some(why) = why {
            problems.push(format!("{at}: {why}; skipped"));
            continue;
        }
        let mut time = |what: &str| {
            time_in(s.get(what)).unwrap_or_else(|()| {
                problems.push(format!(
                    "{at}: its {what} time is not an ISO 8601 time; left unknown"
                ));
                None
            })
        };
        let created = time("created");
        let updated = time("updated");
        // Whose it is: a name as any other (cleaned, limited); none, or not a name, is the
        // unnamed layer (never this browser's named one).
        let annotator = match s.get("annotator") {
            None | Some(Value::Null) => Rc::from(""),
            Some(Value::String(raw)) => annotator_in(raw),
            Some(_) => {
                problems.push(format!("{at}: its annotator is not a name; left unnamed"));
                Rc::from("")
            }
        };
        ids.insert(id);
        let attrs = import_attrs(schema, label, s.get("attributes"), &at, problems);
        spans.push(Span {
            id: SpanId(id.to_owned()),
            start,
            end,
            label: label.to_owned(),
            note: note.to_owned(),
            attrs,
            created,
            updated,
            annotator,
        });
    }
    sort_with(&mut spans, &Span::text_order);
    // A dataset without `statuses` (before they were per annotator) has one `status`: the
    // status of every annotator of the document's spans, and of the unnamed one.
    let statuses = match statuses {
        Statuses::Each(pairs) => statuses_from(pairs),
        Statuses::One(status) => shared_status(status, spans.iter().map(|s| &s.annotator)),
    };
    let text_of = |key: &str| opt_text(d, key).map(|t| t.unwrap_or_default().to_owned());
    Ok(DocEntry {
        doc: Rc::new(Document {
            // A document is known by its text (that is how imports merge and how storage
            // checks it), whatever id the file gives it.
            id: DocId::for_text(text),
            title: text_of("title")?,
            source: text_of("source")?,
            text: text.to_owned(),
            blocks,
            marks: Default::default(),
        }),
        spans: Rc::new(spans.into_iter().map(Rc::new).collect()),
        relations: Rc::default(),
        statuses,
        decided: decided_from(decided),
    })
}

/// An annotator named in a dataset: a name as any other (cleaned, limited); nothing left is
/// the unnamed one.
fn annotator_in(raw: &str) -> Rc<str> {
    // The gold layer, as the native export writes it.
    if raw == GOLD {
        return Rc::from(GOLD);
    }
    clean_name(raw).unwrap_or_default()
}

/// A document's statuses in a dataset: each annotator's, or the one of an older dataset.
enum Statuses {
    Each(Vec<(Rc<str>, Status)>),
    One(Status),
}

/// The document's `statuses` (annotator → status id), else its one `status` (absent: `New`).
/// An unknown status is `New`, with a problem.
fn import_statuses(
    d: &Map<String, Value>,
    at: &str,
    problems: &mut Vec<String>,
) -> Result<Statuses, String> {
    let mut status = |id: &str| {
        Status::from_id(id).unwrap_or_else(|| {
            problems.push(format!("{at}: unknown status {}; set to New", quote(id)));
            Status::New
        })
    };
    match d.get("statuses") {
        None | Some(Value::Null) => Ok(Statuses::One(
            opt_text(d, "status")?.map_or(Status::New, &mut status),
        )),
        Some(Value::Object(map)) => {
            let mut pairs = Vec::with_capacity(map.len());
            for (who, id) in map {
                let id = id
                    .as_str()
                    .ok_or_else(|| "not valid (a status is not text)".to_owned())?;
                pairs.push((annotator_in(who), status(id)));
            }
            Ok(Statuses::Each(pairs))
        }
        Some(_) => Err("not valid (\"statuses\" is not an object)".to_owned()),
    }
}

/// The document's `decided` keys; one that is not text, empty or too long is left out with a
/// problem, and so are those beyond [`DECISIONS_PER_DOC`].
fn import_decided(value: Option<&Value>, at: &str, problems: &mut Vec<String>) -> Vec<Rc<str>> {
    let list = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(list)) => list,
        Some(_) => {
            problems.push(format!("{at}: its \"decided\" is not a list; left out"));
            return Vec::new();
        }
    };
    let mut keys = Vec::with_capacity(list.len().min(DECISIONS_PER_DOC));
    let mut bad = 0usize;
    for value in list {
        match value.as_str() {
            Some(key) if !key.is_empty() && key.len() <= DECISION_BYTES => {
                if keys.len() < DECISIONS_PER_DOC {
                    keys.push(Rc::from(key));
                } else {
                    bad += 1;
                }
            }
            _ => bad += 1,
        }
    }
    if bad > 0 {
        problems.push(format!(
            "{at}: {} left out (not text, empty, longer than {DECISION_BYTES} bytes, or beyond {DECISIONS_PER_DOC})",
            plural(bad, "decision", "decisions")
        ));
    }
    keys
}

/// A span's attribute values as the dataset gives them (an object of texts); a value that is
/// not valid for its label in the dataset's schema is left out with a problem.
fn import_attrs(
    schema: &LabelSchema,
    label: &str,
    value: Option<&Value>,
    at: &str,
    problems: &mut Vec<String>,
) -> Attrs {
    let mut attrs = Attrs::new();
    let map = match value {
        None | Some(Value::Null) => return attrs,
        Some(Value::Object(map)) => map,
        Some(_) => {
            problems.push(format!(
                "{at}: its \"attributes\" are not an object; left out"
            ));
            return attrs;
        }
    };
    for (key, value) in map {
        let ok = value
            .as_str()
            .filter(|v| schema.check_value(label, key, v).is_ok());
        match ok {
            Some(v) => {
                attrs.set(key, Some(v.to_owned()));
            }
            None => problems.push(format!(
                "{at}: its attribute {} is not valid for its label {}; left out",
                quote(key),
                quote(label)
            )),
        }
    }
    attrs
}

/// The dataset's `relations` (`{id, document, kind, from, to}`; `document` is the document's
/// id in the file), each added to its entry when it is valid there, else skipped with a
/// problem.
fn import_relations(
    schema: &LabelSchema,
    relations: Option<&Value>,
    file_ids: &[String],
    entries: &mut [DocEntry],
    problems: &mut Vec<String>,
) {
    let list = match relations {
        None | Some(Value::Null) => return,
        Some(Value::Array(list)) => list,
        Some(_) => {
            problems.push("The \"relations\" of this dataset are not a list; left out.".into());
            return;
        }
    };
    for (i, value) in list.iter().enumerate() {
        let at = format!("relation {}", i + 1);
        let read = value
            .as_object()
            .ok_or_else(|| "not an object".to_owned())
            .and_then(|r| {
                let text = |key: &str| {
                    opt_text(r, key)
                        .and_then(|t| t.ok_or_else(|| format!("not valid (no \"{key}\")")))
                };
                let (id, doc, kind) = (text("id")?, text("document")?, text("kind")?);
                let kind = RelationKind::from_id(kind)
                    .ok_or_else(|| format!("unknown kind {}", quote(kind)))?;
                if !valid_id(id) {
                    return Err(format!("id {} is invalid", quote(id)));
                }
                let index = file_ids
                    .iter()
                    .position(|d| d == doc)
                    .ok_or_else(|| format!("no document {} was imported", quote(doc)))?;
                let relation = Relation {
                    id: RelationId(id.to_owned()),
                    kind,
                    from: SpanId(text("from")?.to_owned()),
                    to: SpanId(text("to")?.to_owned()),
                };
                entries[index]
                    .check_relation(&relation, schema)
                    .map_err(|e| trim_end_ascii(&e.to_string(), b'.').to_owned())?;
                Ok((index, relation))
            });
        match read {
            Ok((index, relation)) => {
                let relations = Rc::make_mut(&mut entries[index].relations);
                let at = relations.partition_point(|r| r.id < relation.id);
                relations.insert(at, relation);
            }
            Err(why) => problems.push(format!("{at}: {why}; skipped")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_status_keeps_the_document() {
        let json = r#"{"schema": "marginalia-dataset", "version": 1, "documents": [
            {"id": "d1", "title": "T", "source": "s", "status": "weird", "text": "T\n\nx",
             "blocks": [{"kind": "title", "start": 0, "end": 1}, {"kind": "paragraph", "start": 3, "end": 4}],
             "spans": [{"id": "s1", "start": 3, "end": 4, "text": "x", "label": "entity"}]}]}"#;
        let got = import_native(json).unwrap();
        assert_eq!(got.entries.len(), 1);
        assert_eq!(got.entries[0].status_of(""), Status::New);
        assert!(got.entries[0].statuses.is_empty());
        assert_eq!(got.entries[0].spans.len(), 1);
        assert_eq!(got.entries[0].doc.blocks[1].byte_start, 3);
        assert_eq!(got.problems.len(), 1);
        assert!(got.problems[0].contains("unknown status"));
    }

    #[test]
    fn a_file_says_when_and_by_whom_it_was_made_only_with_both() {
        let file = |extra: &str| {
            format!(r#"{{"schema": "marginalia-dataset", "version": 2, {extra} "documents": []}}"#)
        };
        let made = |extra: &str| import_native(&file(extra)).unwrap().made;
        assert_eq!(
            made(r#""exported_at": "2026-12-07T19:35:11.744Z", "exported_by": " Ada  L. ","#),
            Some((1_796_672_111_744, Rc::from("Ada L.")))
        );
        assert_eq!(
            made(r#""exported_at": "2026-12-07T19:35:11Z", "exported_by": "","#),
            None
        );
        assert_eq!(made(r#""exported_by": "Ada","#), None);
        assert_eq!(
            made(r#""exported_at": "soon", "exported_by": "Ada","#),
            None
        );
    }
}
