//! The spaCy / Prodigy JSONL export: one line per document and annotator, with its `text`, a
//! `meta` object (the document's id, title, source, its annotator and their status, and its attribute
//! values and relations) and its `spans` in code points.

use std::rc::Rc;

use super::common::{
    count_links, count_notes, entry_layers, span_text, write_annotator, ExportContext, ExportError,
    Written,
};
use crate::codec::json_out::JsonWriter;
use crate::formats::dataset::OFFSETS;
use crate::model::text::CpIndex;
use crate::model::{DocEntry, LabelSchema};

/// spaCy / Prodigy JSONL: `meta.attributes` lists `{span, attributes}` and `meta.relations`
/// `{id, kind, from, to}`, where `span`, `from` and `to` are positions in `spans` (only when
/// the document has any).
pub(super) fn spacy(
    _schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
    _ctx: &ExportContext,
) -> Result<Written, ExportError> {
    let mut out = String::new();
    for (who, entry) in entries.iter().flat_map(entry_layers) {
        let entry = &entry;
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
            .field("status", entry.status_of(&who).id())
            .field("offsets", OFFSETS);
        write_annotator(&mut w, &who);
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
