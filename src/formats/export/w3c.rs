//! The W3C Web Annotation export: an `AnnotationCollection` with one annotation per span and
//! one per relation; each target names its document's text by SHA-256.

use std::rc::Rc;

use super::common::{
    is_qid, json_file, sha256_hex, span_text, ExportContext, ExportError, Written,
};
use crate::codec::json_out::JsonWriter;
use crate::formats::time::iso_from_ms;
use crate::model::annotators::{shown_name, GOLD};
use crate::model::text::CpIndex;
use crate::model::{DocEntry, LabelSchema};

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

/// An annotation's `creator`: a `Person` by name; the gold layer, the team's agreed version,
/// an `Organization` named `Gold`; none for the unnamed layer.
fn creator(w: &mut JsonWriter, annotator: &str) {
    if !annotator.is_empty() {
        let kind = if annotator == GOLD {
            "Organization"
        } else {
            "Person"
        };
        w.key("creator")
            .begin_object()
            .field("type", kind)
            .field("name", shown_name(annotator))
            .end_object();
    }
}

/// W3C Web Annotation: one annotation per span, its label a `tagging` body, its note a
/// `commenting` one, choice attributes `tagging` bodies (`"type: person"`), text attributes
/// `describing` ones (`"verdict: …"`), a Wikidata external id also an `identifying`
/// SpecificResource; one `linking` annotation per relation, targeting the two annotations;
/// each with its [`creator`].
pub(super) fn w3c(
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
            creator(&mut w, &s.annotator);
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
                .end_array();
            // A relation is in the layer of the span it starts from.
            creator(&mut w, entry.span(&r.from).map_or("", |s| &s.annotator));
            w.end_object();
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
