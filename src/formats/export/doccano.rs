//! The doccano JSONL export: one line per document and annotator (an `annotator` key, which
//! doccano keeps as metadata), offsets in UTF-16 code units.

use std::rc::Rc;

use super::common::{
    count_links, count_notes, entry_layers, left_out, span_text, write_annotator, ExportError,
    Written,
};
use crate::codec::json_out::JsonWriter;
use crate::model::text::CpIndex;
use crate::model::words::plural;
use crate::model::{DocEntry, LabelSchema};

/// doccano JSONL: entities numbered by position, relations between those numbers.
pub(super) fn doccano(
    _schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
) -> Result<Written, ExportError> {
    let mut out = String::new();
    for (who, entry) in entries.iter().flat_map(entry_layers) {
        let entry = &entry;
        let text = entry.doc.text.as_str();
        let idx = CpIndex::new(text);
        let mut w = JsonWriter::compact();
        w.begin_object().field("text", text);
        write_annotator(&mut w, &who);
        w.key("entities").begin_array();
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
