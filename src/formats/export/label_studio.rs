//! The Label Studio JSON export: one task per document with one annotation per annotator, its
//! spans as `labels` results, their attributes as per-region `choices` and `textarea` results,
//! relations as `relation` results.
//!
//! Label Studio's importer takes `completed_by` only as the id or e-mail of a member of its
//! own organisation, and refuses the file otherwise, so the annotator is not written there: an
//! imported annotation is the importing user's. Each annotation names its annotator in
//! `created_username` (the field Label Studio's own exports name the user in, ignored on
//! import), and only the gold layer's is `ground_truth` (Label Studio's default is true).

use std::rc::Rc;

use super::common::{
    count_links, count_notes, entry_layers, json_file, span_text, ExportError, Written,
};
use crate::codec::json_out::JsonWriter;
use crate::model::annotators::{shown_name, GOLD};
use crate::model::text::CpIndex;
use crate::model::words::plural;
use crate::model::{DocEntry, LabelSchema};

pub(super) fn label_studio(
    schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
) -> Result<Written, ExportError> {
    let mut w = JsonWriter::pretty();
    w.begin_array();
    for task in entries {
        let idx = CpIndex::new(&task.doc.text);
        w.begin_object()
            .key("data")
            .begin_object()
            .field("text", &task.doc.text)
            .field("title", &task.doc.title)
            .end_object()
            .key("annotations")
            .begin_array();
        for (who, entry) in entry_layers(task) {
            let entry = &entry;
            w.begin_object().key("result").begin_array();
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
            // A relation within this annotation only (Label Studio links the regions of one).
            for r in entry
                .relations
                .iter()
                .filter(|r| entry.span(&r.to).is_some())
            {
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
            w.end_array().key("ground_truth").bool(*who == *GOLD);
            if !who.is_empty() {
                w.field("created_username", shown_name(&who));
            }
            w.end_object();
        }
        w.end_array().end_object();
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
