//! The CSV export: one row per span with its annotator (RFC 4180, cells that look like formulas
//! guarded).

use std::rc::Rc;

use super::common::{count_links, left_out, span_text, ExportError, Written};
use crate::codec::json_out::JsonWriter;
use crate::formats::time::iso_from_ms;
use crate::model::annotators::shown_name;
use crate::model::text::CpIndex;
use crate::model::words::plural;
use crate::model::{DocEntry, LabelSchema};

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

pub(super) fn csv(_schema: &LabelSchema, entries: &[Rc<DocEntry>]) -> Result<Written, ExportError> {
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
            "annotator",
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
                shown_name(&s.annotator),
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
