//! The Marginalia JSON export (the native dataset): the label schema, every document with its
//! text, SHA-256, blocks, statuses (the exporter's as `status`, everyone's as `statuses`),
//! decisions and spans (with their attributes, times and annotator), and the relations (with
//! the annotator of the span each starts from). Its
//! `schema`, `version` and `offsets` are in `formats/dataset.rs`; `formats/import/native.rs`
//! reads it back.

use std::rc::Rc;

use super::common::{json_file, sha256_hex, span_text, ExportContext, ExportError, Written};
use crate::codec::blocks::write_blocks;
use crate::codec::json_out::JsonWriter;
use crate::codec::labels_json::write_labels;
use crate::codec::progress::write_progress;
use crate::formats::dataset::{OFFSETS, SCHEMA, VERSION};
use crate::formats::time::iso_from_ms;
use crate::model::text::CpIndex;
use crate::model::{DocEntry, LabelSchema};

pub(super) fn native(
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
        .field("exported_by", ctx.annotator)
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
            .field("status", entry.status_of(ctx.annotator).id());
        write_progress(&mut w, entry);
        w.field("text", &doc.text)
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
                .field("annotator", &s.annotator)
                .end_object();
        }
        w.end_array().end_object();
    }
    w.end_array().key("relations").begin_array();
    for entry in entries {
        for r in entry.relations.iter() {
            // A relation is in the layer of the span it starts from.
            let annotator = entry.span(&r.from).map_or("", |s| &*s.annotator);
            w.begin_object()
                .field("id", &r.id.0)
                .field("document", &entry.doc.id.0)
                .field("kind", r.kind.id())
                .field("from", &r.from.0)
                .field("to", &r.to.0)
                .field("annotator", annotator)
                .end_object();
        }
    }
    w.end_array().end_object();
    Ok((json_file(w), Vec::new()))
}
