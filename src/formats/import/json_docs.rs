//! `.json` / `.jsonl` documents: objects with `text` (and optional `title`, `meta`, `spans`).

use crate::model::set::Set;
use std::rc::Rc;

use crate::codec::json_value::{Map, Number, Value};

use crate::formats::article::{parse_article, parse_text_with_title};
use crate::formats::quote::quote;
use crate::model::annotators::from_file;
use crate::model::find;
use crate::model::span::layer_id;
use crate::model::words::join;
use crate::model::{valid_id, Document, LabelSchema, Span, SpanId};

mod number;
mod tools;

/// One document read from a file, with its spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedDoc {
    pub doc: Document,
    pub spans: Vec<Span>,
}

/// What a file gave: its documents and a message for everything skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub docs: Vec<ImportedDoc>,
    /// Human-readable, one per skipped item, e.g. `line 3, span 2: end 80 is beyond the text (72 characters)`.
    pub problems: Vec<String>,
}

/// Parse a `.json` file (one object, or an array of objects) or a `.jsonl` file (one object per
/// line). Each object: `text` (string, required); `title` (string) or `meta.title`; `meta`
/// (object, ignored otherwise); `spans`: array of `{start, end, label}` in code points, with
/// optional `id`, `note` and `text` (checked against the slice). Labels match our label ids or
/// names (of `schema`, the corpus's) case-insensitively. A bad span or object is skipped with a problem message; `Err` only
/// when the whole input is neither JSON nor JSON Lines. Never panics.
///
/// Details:
/// - The whole input is tried as JSON first, then line by line (blank lines ignored). Items are
///   named `item N` (1-based, for a single object or an array) or `line N` in messages.
/// - Every document's source is `source`. With a non-blank `title` (else `meta.title`) the text
///   is parsed with [`parse_text_with_title`], otherwise with [`parse_article`]. A text that is
///   empty or only white space is skipped, and so is a text already read earlier in the file
///   (same [`DocId`](crate::model::DocId)).
/// - Span offsets refer to the text as written in the file; they are mapped through the one
///   change made to a text (`\r\n` becomes `\n`): every `\r\n` that starts before an offset
///   shortens it by one (so an offset between `\r` and `\n` lands on the new `\n`).
/// - Other tools' shapes, told apart by their fields (see `tools`): doccano (`entities` of
///   `{start_offset, end_offset, label}`, or the older `label: [[start, end, "LABEL"], ...]`;
///   offsets in UTF-16 code units, converted on the original text; an offset inside a surrogate
///   pair skips the span; `relations` are left out with a note) and Label Studio (`data.text`,
///   `data.title`; the first annotation's `result`, else the first prediction's with a note;
///   `labels` regions only, one span per label, other result types counted in a note).
/// - A span `id` is kept when it matches `[A-Za-z0-9_-]{1,64}` and is not used yet in the
///   document; otherwise the span gets `new_span_id()`.
pub fn parse_json_documents(
    input: &str,
    source: &str,
    schema: &LabelSchema,
    new_span_id: &mut dyn FnMut() -> SpanId,
) -> Result<ImportReport, String> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut importer = Importer {
        source,
        schema,
        new_span_id,
        report: ImportReport::default(),
        seen: Set::new(),
        labels: Vec::new(),
    };
    match crate::codec::json_in::from_str(input) {
        Ok(Value::Array(items)) => {
            if items.is_empty() {
                importer
                    .report
                    .problems
                    .push("The file holds an empty array: no documents.".to_owned());
            }
            for (i, item) in items.into_iter().enumerate() {
                importer.item(&format!("item {}", i + 1), item);
            }
        }
        Ok(value @ Value::Object(_)) => importer.item("item 1", value),
        Ok(other) => importer.report.problems.push(format!(
            "The file holds {}, not a document object or an array of them.",
            describe(&other)
        )),
        Err(whole) => {
            let mut any_json = false;
            for (i, line) in input.split('\n').enumerate() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                let label = format!("line {}", i + 1);
                match crate::codec::json_in::from_str(line) {
                    // A line that is only a string or a number (a line of pretty-printed
                    // JSON cut short) does not make the file JSON Lines.
                    Ok(value) => {
                        any_json |= value.is_object() || value.is_array();
                        importer.item(&label, value);
                    }
                    Err(e) => importer
                        .report
                        .problems
                        .push(format!("{label}: not valid JSON ({e}); skipped")),
                }
            }
            if !any_json {
                return Err(if input.trim().is_empty() {
                    "This file is empty: it is not JSON or JSON Lines.".to_owned()
                } else {
                    format!("This file is not JSON or JSON Lines ({whole}).")
                });
            }
        }
    }
    Ok(importer.report)
}

/// "a number", "an array", ... for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A copy of a span field as far as the checks look at it: scalars whole, arrays and objects
/// empty (messages only ever name their kind, [`describe`]). Keeps `Value`'s deep clone out
/// of the download.
pub(super) fn shallow(value: &Value) -> Value {
    match value {
        Value::Null => Value::Null,
        Value::Bool(b) => Value::Bool(*b),
        Value::Number(n) => Value::Number(*n),
        Value::String(s) => Value::String(s.clone()),
        Value::Array(_) => Value::Array(Vec::new()),
        Value::Object(_) => Value::Object(Map::new()),
    }
}

/// The fields of a span object that the checks read, copied with [`shallow`].
fn span_fields(obj: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for field in ["start", "end", "label", "text", "id", "note"] {
        if let Some(v) = obj.get(field) {
            out.insert(field.to_owned(), shallow(v));
        }
    }
    out
}

struct Importer<'a> {
    source: &'a str,
    schema: &'a LabelSchema,
    new_span_id: &'a mut dyn FnMut() -> SpanId,
    report: ImportReport,
    /// Ids of the documents read so far (a set of `String`, the set type used elsewhere).
    seen: Set<String>,
    /// The item that gave each of `report.docs`, in order.
    labels: Vec<String>,
}

impl Importer<'_> {
    fn problem(&mut self, message: String) {
        self.report.problems.push(message);
    }

    /// `item 2, span 3: why; skipped`.
    fn skipped(&mut self, label: &str, candidate: &Candidate, why: &str) {
        let short = candidate.short();
        self.problem(format!("{label}, {short}: {why}; skipped"));
    }

    /// One top-level value, named `label` (`item 2`, `line 3`) in messages.
    fn item(&mut self, label: &str, value: Value) {
        let Value::Object(obj) = value else {
            let what = describe(&value);
            self.problem(format!(
                "{label}: expected an object with a \"text\" field, found {what}; skipped"
            ));
            return;
        };
        let shape = Shape::of(&obj);
        let holder = match (shape, obj.get("data")) {
            (Shape::LabelStudio, Some(Value::Object(data))) => data,
            _ => &obj,
        };
        let raw = match holder.get("text") {
            Some(Value::String(text)) => text.as_str(),
            None => {
                self.problem(format!("{label}: no \"text\" field; skipped"));
                return;
            }
            Some(other) => {
                let what = describe(other);
                self.problem(format!(
                    "{label}: \"text\" is {what}, not a string; skipped"
                ));
                return;
            }
        };
        if raw.trim().is_empty() {
            self.problem(format!("{label}: the text is empty; skipped"));
            return;
        }
        let title = non_blank_str(holder.get("title")).or_else(|| {
            obj.get("meta")
                .and_then(Value::as_object)
                .and_then(|meta| non_blank_str(meta.get("title")))
        });
        let doc = match title {
            Some(title) => parse_text_with_title(raw, title, self.source),
            None => parse_article(raw, self.source),
        };
        let before = self.report.problems.len();
        // Each annotator's span objects (Label Studio: one group per annotation).
        let groups = match shape {
            Shape::Plain => {
                let candidates = match obj.get("spans") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::Array(items)) => items
                        .iter()
                        .enumerate()
                        .map(|(j, item)| Candidate {
                            kind: "span",
                            n: j + 1,
                            sub: None,
                            span: match item {
                                Value::Object(o) => Ok(span_fields(o)),
                                other => {
                                    Err(format!("expected an object, found {}", describe(other)))
                                }
                            },
                        })
                        .collect(),
                    Some(other) => {
                        let what = describe(other);
                        self.problem(format!(
                            "{label}: \"spans\" is {what}, not an array; its spans were skipped"
                        ));
                        Vec::new()
                    }
                };
                vec![(record_annotator(&obj), candidates)]
            }
            Shape::Doccano => vec![(
                record_annotator(&obj),
                self.doccano_candidates(label, raw, &obj),
            )],
            Shape::LabelStudio => self.label_studio_candidates(label, &obj),
        };
        // The same text again adds the layers of annotators it does not have yet (a line per
        // document and annotator); otherwise it is skipped.
        let at = if self.seen.contains(&doc.id.0) {
            let at = self.report.docs.iter().position(|d| d.doc.id == doc.id);
            let held = at.map_or(&[][..], |i| &self.report.docs[i].spans[..]);
            let new_layers = groups
                .iter()
                .all(|(who, _)| !who.is_empty() && !held.iter().any(|s| s.annotator == *who));
            if !new_layers {
                self.report.problems.truncate(before);
                let first = at.map_or_else(String::new, |i| self.labels[i].clone());
                self.problem(format!(
                    "{label}: the same text as {first} (document {}); skipped",
                    doc.id
                ));
                return;
            }
            at
        } else {
            None
        };
        let i = at.unwrap_or_else(|| {
            self.seen.insert(doc.id.0.clone());
            self.labels.push(label.to_owned());
            self.report.docs.push(ImportedDoc {
                doc,
                spans: Vec::new(),
            });
            self.report.docs.len() - 1
        });
        let mut spans = std::mem::take(&mut self.report.docs[i].spans);
        for (who, candidates) in groups {
            self.spans(label, raw, candidates, &who, &mut spans);
        }
        self.report.docs[i].spans = spans;
    }

    /// Span objects in the plain shape (`start`, `end` in code points of `raw`), each named
    /// for messages, into `spans` as `who`'s; an `Err` candidate is reported in its turn.
    fn spans(
        &mut self,
        label: &str,
        raw: &str,
        candidates: Vec<Candidate>,
        who: &Rc<str>,
        spans: &mut Vec<Span>,
    ) {
        let original = OriginalText::new(raw);
        let schema = self.schema;
        let base = spans.len();
        // "start end label" of each span taken (a set of `String`, the set type used
        // elsewhere), and the candidate that gave each of `spans[base..]`, named for a
        // duplicate.
        let mut taken: Set<String> = Set::new();
        let mut given_by: Vec<usize> = Vec::new();
        let mut ids: Set<String> = spans.iter().map(|s| s.id.0.clone()).collect();
        for (c, candidate) in candidates.iter().enumerate() {
            let obj = match &candidate.span {
                Ok(obj) => obj,
                Err(why) => {
                    self.skipped(label, candidate, why);
                    continue;
                }
            };
            let checked = check_span(obj, &original, schema).and_then(|(start, end, label_id)| {
                let (new_start, new_end) = (original.map(start), original.map(end));
                if new_start >= new_end {
                    return Err(format!(
                        "{start}..{end} covers only the \\r of a line break, which becomes \\n"
                    ));
                }
                if !taken.insert(format!("{new_start} {new_end} {label_id}")) {
                    let first = spans[base..]
                        .iter()
                        .position(|s| {
                            s.start == new_start && s.end == new_end && s.label == label_id
                        })
                        .map_or_else(String::new, |i| candidates[given_by[i]].short());
                    return Err(format!(
                        "the same span as {first} ({start}..{end}, {label_id})"
                    ));
                }
                Ok((new_start, new_end, label_id))
            });
            let (start, end, label_id) = match checked {
                Ok(ok) => ok,
                Err(why) => {
                    self.skipped(label, candidate, &why);
                    continue;
                }
            };
            // The file's id when it is free; in a named layer, one of that layer made from it
            // (or from the span), the same on every import, so importing the file again finds
            // the span; else a new one.
            let given = obj
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| valid_id(id));
            let mut id = given.filter(|id| !ids.contains(id)).map(str::to_owned);
            if id.is_none() && !who.is_empty() {
                let base = given.map_or_else(|| format!("{start}-{end}-{label_id}"), str::to_owned);
                id = Some(layer_id(&base, who)).filter(|id| !ids.contains(id));
            }
            let id = id.map_or_else(|| self.fresh_id(&ids), SpanId);
            ids.insert(id.0.clone());
            let note = obj
                .get("note")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            given_by.push(c);
            spans.push(Span {
                id,
                start,
                end,
                label: label_id.to_owned(),
                note,
                attrs: Default::default(),
                created: None,
                updated: None,
                annotator: Rc::clone(who),
            });
        }
    }

    /// A new id not used yet in the document (a few tries, so a faulty generator cannot hang).
    fn fresh_id(&mut self, used: &Set<String>) -> SpanId {
        let mut id = (self.new_span_id)();
        for _ in 0..16 {
            if !used.contains(&id.0) {
                break;
            }
            id = (self.new_span_id)();
        }
        id
    }
}

/// The annotator a record names ([`from_file`]): doccano's `annotator` or spaCy's
/// `meta.annotator`, with `gold`.
fn record_annotator(obj: &Map<String, Value>) -> Rc<str> {
    let meta = obj.get("meta").and_then(Value::as_object);
    let get = |key: &str| obj.get(key).or_else(|| meta?.get(key));
    let name = get("annotator").and_then(Value::as_str).unwrap_or("");
    from_file(name, get("gold") == Some(&Value::Bool(true)))
}

/// Which tool's shape an object has, by the fields present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// `text` with optional `spans` (ours, spaCy, Prodigy).
    Plain,
    /// `entities` array, or the older `label` array of `[start, end, label]` (UTF-16 offsets).
    Doccano,
    /// `data.text` with `annotations` / `predictions`.
    LabelStudio,
}

impl Shape {
    fn of(obj: &Map<String, Value>) -> Shape {
        let ls = obj
            .get("data")
            .and_then(Value::as_object)
            .is_some_and(|data| data.contains_key("text"));
        if ls {
            Shape::LabelStudio
        } else if matches!(obj.get("entities"), Some(Value::Array(_)))
            || matches!(obj.get("label"), Some(Value::Array(_)))
        {
            Shape::Doccano
        } else {
            Shape::Plain
        }
    }
}

/// One span to check, in the plain shape, with its name for messages (`span 2`, `region 4
/// (PER)`; after the item's: `line 3, span 2`), or why it is skipped already.
struct Candidate {
    kind: &'static str,
    /// From 1.
    n: usize,
    /// The label of one of several in a region.
    sub: Option<String>,
    span: Result<Map<String, Value>, String>,
}

impl Candidate {
    /// Built only when a message needs it.
    fn short(&self) -> String {
        let (kind, n) = (self.kind, self.n);
        match &self.sub {
            Some(sub) => format!("{kind} {n} ({sub})"),
            None => format!("{kind} {n}"),
        }
    }
}

/// A string field that is present and not blank.
fn non_blank_str(value: Option<&Value>) -> Option<&str> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// The text as written in the file: its length, slices and the offset mapping.
struct OriginalText<'a> {
    raw: &'a str,
    /// Number of code points.
    len: usize,
    /// Byte offset of each code point (and of the end), unless the text is ASCII.
    bytes: Option<Vec<usize>>,
    /// Code point index of the `\r` of every `\r\n`, in order.
    crlf: Vec<usize>,
}

impl<'a> OriginalText<'a> {
    fn new(raw: &'a str) -> Self {
        let bytes = if raw.is_ascii() {
            None
        } else {
            let mut table: Vec<usize> = raw.char_indices().map(|(b, _)| b).collect();
            table.push(raw.len());
            Some(table)
        };
        let mut crlf = Vec::new();
        let mut len = 0usize;
        let mut prev = '\0';
        for c in raw.chars() {
            if prev == '\r' && c == '\n' {
                crlf.push(len - 1);
            }
            prev = c;
            len += 1;
        }
        OriginalText {
            raw,
            len,
            bytes,
            crlf,
        }
    }

    /// Code points `start..end` (both `<= len`).
    fn slice(&self, start: usize, end: usize) -> &'a str {
        let byte = |cp: usize| match &self.bytes {
            None => Some(cp),
            Some(table) => table.get(cp).copied(),
        };
        match (byte(start), byte(end)) {
            (Some(a), Some(b)) => self.raw.get(a..b).unwrap_or(""),
            _ => "",
        }
    }

    /// The offset in the normalised text: minus one for each `\r\n` whose `\r` is before it.
    fn map(&self, cp: usize) -> usize {
        cp.saturating_sub(self.crlf.partition_point(|&r| r < cp))
    }
}

/// Check a span object against the original text: `(start, end, label id)` in original
/// offsets, or why it is skipped.
fn check_span<'s>(
    obj: &Map<String, Value>,
    original: &OriginalText<'_>,
    schema: &'s LabelSchema,
) -> Result<(usize, usize, &'s str), String> {
    let start = offset(obj, "start", original.len)?;
    let end = offset(obj, "end", original.len)?;
    if start >= end {
        return Err(format!("start {start} is not before end {end}"));
    }
    let label_id = match obj.get("label") {
        None | Some(Value::Null) => return Err("no label".to_owned()),
        Some(Value::String(name)) => {
            let wanted = name.trim();
            schema.find(wanted).map(|l| l.id.as_str()).ok_or_else(|| {
                let known: Vec<&str> = schema.labels().iter().map(|l| l.id.as_str()).collect();
                format!(
                    "unknown label {} (known: {})",
                    quote(name),
                    join(&known, ", ")
                )
            })?
        }
        Some(other) => return Err(format!("the label is {}, not a string", describe(other))),
    };
    if let Some(given) = obj.get("text") {
        let covered = original.slice(start, end);
        match given {
            Value::String(given)
                if given == covered
                    || (find::contains(covered, "\r")
                        && find::replace(given, "\r\n", "\n")
                            == find::replace(covered, "\r\n", "\n")) => {}
            Value::String(given) => {
                return Err(format!(
                    "its text {} does not match the text at {start}..{end} ({})",
                    quote(given),
                    quote(covered)
                ))
            }
            Value::Null => {}
            other => return Err(format!("its \"text\" is {}, not a string", describe(other))),
        }
    }
    Ok((start, end, label_id))
}

/// A code point offset field: a whole number from 0 to `len`.
fn offset(obj: &Map<String, Value>, field: &str, len: usize) -> Result<usize, String> {
    let number: &Number = match obj.get(field) {
        None | Some(Value::Null) => return Err(format!("no {field} offset")),
        Some(Value::Number(n)) => n,
        Some(other) => {
            return Err(format!("{field} is {}, not a number", describe(other)));
        }
    };
    let shown = || number::number_text(number);
    let beyond = || format!("{field} {} is beyond the text ({len} characters)", shown());
    if let Some(u) = number.as_u64() {
        return match usize::try_from(u) {
            Ok(u) if u <= len => Ok(u),
            _ => Err(beyond()),
        };
    }
    if number.as_i64().is_some() {
        return Err(format!("{field} {} is negative", shown()));
    }
    match number.as_f64() {
        Some(f) if f.is_finite() && f.fract() == 0.0 && f >= 18_446_744_073_709_551_616.0 => {
            // A whole number too big for u64.
            Err(beyond())
        }
        Some(f) if f < 0.0 => Err(format!("{field} {} is negative", shown())),
        _ => Err(format!("{field} {} is not a whole number", shown())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;

    fn ids() -> impl FnMut() -> SpanId {
        let mut n = 0;
        move || {
            n += 1;
            SpanId(format!("new-{n}"))
        }
    }

    fn parse(input: &str) -> Result<ImportReport, String> {
        let mut next = ids();
        parse_json_documents(input, "corpus.jsonl", &LabelSchema::default(), &mut next)
    }

    fn ok(input: &str) -> ImportReport {
        parse(input).unwrap()
    }

    /// (start, end, label, id) of each span of the first document.
    fn spans(report: &ImportReport) -> Vec<(usize, usize, &str, &str)> {
        report.docs[0]
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str(), s.id.0.as_str()))
            .collect()
    }

    #[test]
    fn single_object_with_spans() {
        let r = ok(
            r#"{"text": "Harbour reopens\n\nThe council voted on Monday.",
                      "spans": [{"start": 21, "end": 28, "label": "entity", "id": "s-1",
                                 "note": "the city", "text": "council"}]}"#,
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.docs.len(), 1);
        let doc = &r.docs[0].doc;
        assert_eq!(doc.title, "Harbour reopens");
        assert_eq!(doc.source, "corpus.jsonl");
        assert_eq!(spans(&r), vec![(21, 28, "entity", "s-1")]);
        assert_eq!(r.docs[0].spans[0].note, "the city");
    }

    #[test]
    fn array_and_jsonl_with_item_and_line_numbers() {
        let r = ok(r#"[{"text": "One."}, 5, {"title": "T"}, {"text": "Two."}]"#);
        assert_eq!(r.docs.len(), 2);
        assert_eq!(
            r.problems,
            vec![
                "item 2: expected an object with a \"text\" field, found a number; skipped",
                "item 3: no \"text\" field; skipped",
            ]
        );
        let r =
            ok("{\"text\": \"One.\"}\n\n{not json}\r\n{\"text\": 3}\n  {\"text\": \"Two.\"}  \n");
        assert_eq!(r.docs.len(), 2);
        assert_eq!(r.docs[1].doc.text, "Two.");
        assert_eq!(r.problems.len(), 2);
        assert!(
            r.problems[0].starts_with("line 3: not valid JSON ("),
            "{:?}",
            r.problems
        );
        assert_eq!(
            r.problems[1],
            "line 4: \"text\" is a number, not a string; skipped"
        );
    }

    #[test]
    fn title_and_meta_title() {
        let r = ok(r#"[{"text": "Body line one.\nBody two.", "title": "Given"},
                       {"text": "Other body.", "meta": {"title": "From meta", "url": "x"}},
                       {"text": "Headline\nBody.", "title": "  "},
                       {"text": "Head\nBody.", "title": "Head", "meta": {"title": "No"}}]"#);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let titles: Vec<&str> = r.docs.iter().map(|d| d.doc.title.as_str()).collect();
        assert_eq!(titles, vec!["Given", "From meta", "Headline", "Head"]);
        assert_eq!(r.docs[0].doc.blocks[0].kind, BlockKind::Paragraph);
        assert_eq!(r.docs[3].doc.blocks[0].kind, BlockKind::Title);
    }

    #[test]
    fn crlf_offsets_are_mapped() {
        // Original: "Ab\r\nCd\r\nEf" (code points: A0 b1 \r2 \n3 C4 d5 \r6 \n7 E8 f9).
        let input = r#"{"text": "Ab\r\nCd\r\nEf", "spans": [
            {"start": 4, "end": 6, "label": "claim", "text": "Cd"},
            {"start": 8, "end": 10, "label": "claim"},
            {"start": 0, "end": 10, "label": "quote", "text": "Ab\r\nCd\r\nEf"},
            {"start": 3, "end": 6, "label": "entity"},
            {"start": 2, "end": 3, "label": "entity"},
            {"start": 2, "end": 4, "label": "claim"}
        ]}"#;
        let r = ok(input);
        let doc = &r.docs[0].doc;
        assert_eq!(doc.text, "Ab\nCd\nEf");
        assert_eq!(
            spans(&r),
            vec![
                (3, 5, "claim", "new-1"),
                (6, 8, "claim", "new-2"),
                (0, 8, "quote", "new-3"),
                // Between \r and \n maps to the new \n.
                (2, 5, "entity", "new-4"),
                // "\r\n" becomes "\n".
                (2, 3, "claim", "new-5"),
            ]
        );
        for s in &r.docs[0].spans {
            assert!(s.end <= doc.char_len());
        }
        assert_eq!(slice(doc, 3, 5), "Cd");
        assert_eq!(slice(doc, 6, 8), "Ef");
        assert_eq!(
            r.problems,
            vec!["item 1, span 5: 2..3 covers only the \\r of a line break, which becomes \\n; skipped"]
        );
    }

    fn slice(doc: &Document, a: usize, b: usize) -> String {
        doc.text.chars().skip(a).take(b - a).collect()
    }

    #[test]
    fn every_span_rejection_has_a_message() {
        // 14 code points, one astral.
        let input = r#"{"text": "Zoë met 🇺🇦 Kyiv", "spans": [
            {"start": 0, "end": 3, "label": "Entity"},
            {"end": 3, "label": "quote"},
            {"start": -1, "end": 3, "label": "quote"},
            {"start": 0, "end": 2.5, "label": "quote"},
            {"start": 0, "end": 3.0, "label": "quote"},
            {"start": "0", "end": 3, "label": "quote"},
            {"start": 0, "end": 80, "label": "quote"},
            {"start": 0, "end": 18446744073709551616, "label": "quote"},
            {"start": 3, "end": 3, "label": "quote"},
            {"start": 5, "end": 2, "label": "quote"},
            {"start": 0, "end": 3, "label": "opinion"},
            {"start": 0, "end": 3},
            {"start": 0, "end": 3, "label": "ENTITY"},
            {"start": 4, "end": 7, "label": "claim", "text": "mat"},
            "span",
            {"start": 8, "end": 10, "label": "QUOTE", "text": "🇺🇦", "token_start": 3},
            {"start": 11, "end": 15, "label": "entity", "text": "Kyiv"}
        ]}"#;
        let r = ok(input);
        assert_eq!(r.docs[0].doc.char_len(), 15);
        assert_eq!(
            spans(&r),
            vec![
                (0, 3, "entity", "new-1"),
                (8, 10, "quote", "new-2"),
                (11, 15, "entity", "new-3")
            ]
        );
        let expected = [
            "item 1, span 2: no start offset; skipped",
            "item 1, span 3: start -1 is negative; skipped",
            "item 1, span 4: end 2.5 is not a whole number; skipped",
            "item 1, span 5: end 3.0 is not a whole number; skipped",
            "item 1, span 6: start is a string, not a number; skipped",
            "item 1, span 7: end 80 is beyond the text (15 characters); skipped",
            "item 1, span 8: end 1.8446744073709552e+19 is beyond the text (15 characters); skipped",
            "item 1, span 9: start 3 is not before end 3; skipped",
            "item 1, span 10: start 5 is not before end 2; skipped",
            "item 1, span 11: unknown label \"opinion\" (known: quote, claim, entity); skipped",
            "item 1, span 12: no label; skipped",
            "item 1, span 13: the same span as span 1 (0..3, entity); skipped",
            "item 1, span 14: its text \"mat\" does not match the text at 4..7 (\"met\"); skipped",
            "item 1, span 15: expected an object, found a string; skipped",
        ];
        assert_eq!(r.problems, expected);
    }

    #[test]
    fn span_ids_are_kept_when_valid_and_unique() {
        let input = r#"{"text": "abcdef", "spans": [
            {"start": 0, "end": 1, "label": "quote", "id": "keep_me-1"},
            {"start": 1, "end": 2, "label": "quote", "id": "keep_me-1"},
            {"start": 2, "end": 3, "label": "quote", "id": "has space"},
            {"start": 3, "end": 4, "label": "quote", "id": 7},
            {"start": 4, "end": 5, "label": "quote", "id": "new-1"},
            {"start": 5, "end": 6, "label": "quote", "id": ""}
        ]}"#;
        let r = ok(input);
        let got: Vec<&str> = spans(&r).iter().map(|s| s.3).collect();
        // new-1 is taken by span 2 by the time span 5 asks for it; span 5 gets a fresh one.
        assert_eq!(
            got,
            vec!["keep_me-1", "new-1", "new-2", "new-3", "new-4", "new-5"]
        );
        let long = "x".repeat(65);
        let r = ok(&format!(
            r#"{{"text": "ab", "spans": [{{"start": 0, "end": 1, "label": "quote", "id": "{long}"}}]}}"#
        ));
        assert_eq!(spans(&r)[0].3, "new-1");
    }

    #[test]
    fn duplicate_and_empty_documents_are_skipped() {
        let r = ok("{\"text\": \"Same\\r\\ntext\"}\n{\"text\": \"Other\"}\n{\"text\": \"Same\\ntext\"}\n{\"text\": \" \\n\"}");
        assert_eq!(r.docs.len(), 2);
        assert_eq!(r.problems.len(), 2);
        assert!(
            r.problems[0].starts_with("line 3: the same text as line 1 (document "),
            "{:?}",
            r.problems
        );
        assert_eq!(r.problems[1], "line 4: the text is empty; skipped");
    }

    #[test]
    fn bad_spans_field_keeps_the_document() {
        let r = ok(r#"{"text": "abc", "spans": {"start": 0}}"#);
        assert_eq!(r.docs.len(), 1);
        assert!(r.docs[0].spans.is_empty());
        assert_eq!(
            r.problems,
            vec!["item 1: \"spans\" is an object, not an array; its spans were skipped"]
        );
    }

    #[test]
    fn not_json_is_an_error() {
        assert_eq!(
            parse("Just some text.\nMore.").unwrap_err(),
            "This file is not JSON or JSON Lines (expected value at line 1 column 1)."
        );
        assert!(parse("").unwrap_err().contains("empty"));
        assert!(parse(" \n\n").is_err());
        // JSON but not documents: not an error, a problem.
        let r = ok("42");
        assert!(r.docs.is_empty());
        assert_eq!(
            r.problems,
            vec!["The file holds a number, not a document object or an array of them."]
        );
        let r = ok("[]");
        assert!(r.docs.is_empty() && r.problems.len() == 1);
        // A byte order mark is ignored.
        assert_eq!(ok("\u{feff}{\"text\": \"a\"}").docs.len(), 1);
    }

    #[test]
    fn hostile_input_never_panics() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&deep).is_err());
        let deep_line = format!("{{\"text\": \"a\"}}\n{}", "{\"a\":".repeat(10_000));
        let r = ok(&deep_line);
        assert_eq!(r.docs.len(), 1);
        assert!(r.problems[0].starts_with("line 2: not valid JSON (recursion limit exceeded"));
        let deep_span = format!(
            r#"{{"text": "abc", "spans": [{{"start": 0, "end": 1, "label": "quote", "note": {}1{}}}]}}"#,
            "[".repeat(120),
            "]".repeat(120)
        );
        assert_eq!(ok(&deep_span).docs[0].spans.len(), 1);
        // Numbers beyond u64 and f64.
        let r = ok(
            r#"{"text": "abc", "spans": [{"start": 0, "end": 99999999999999999999999, "label": "quote"}]}"#,
        );
        assert!(
            r.problems[0].contains("is beyond the text (3 characters)"),
            "{:?}",
            r.problems
        );
        assert!(parse(r#"{"text": "abc", "spans": [{"start": 1e999}]}"#).is_err());
        // Lone surrogate escapes.
        assert!(parse(r#"{"text": "\ud800"}"#).is_err());
        let r = ok(
            r#"{"text": "\ud83c\uddfa\ud83c\udde6 ok", "spans": [{"start": 0, "end": 2, "label": "quote", "text": "🇺🇦"}]}"#,
        );
        assert_eq!(spans(&r), vec![(0, 2, "quote", "new-1")]);
        // A large array of spans.
        let many: Vec<String> = (0..5000)
            .map(|i| format!(r#"{{"start": {}, "end": {}, "label": "claim"}}"#, i % 3, 3))
            .collect();
        let r = ok(&format!(
            r#"{{"text": "abc", "spans": [{}]}}"#,
            many.join(",")
        ));
        assert_eq!(r.docs[0].spans.len(), 3);
        assert_eq!(r.problems.len(), 4997);
    }
}
