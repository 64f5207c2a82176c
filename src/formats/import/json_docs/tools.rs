//! Other tools' shapes for [`super::parse_json_documents`]: doccano JSONL (UTF-16 offsets) and
//! Label Studio tasks (code points). Each is turned into span objects in the plain shape
//! (`start`, `end` in code points of the original text, `label`, optional `text` and `id`),
//! which then go through the same checks, `\r\n` mapping and messages as the plain shape.

use std::rc::Rc;

use crate::codec::json_value::{Map, Value};

use super::{describe, offset, shallow, Candidate, Importer};
use crate::model::annotators::from_file;
use crate::model::text::{cp_to_utf16, utf16_len, utf16_to_cp};
use crate::model::words::join;
use crate::model::words::{agree, plural};

/// A UTF-16 offset field of a doccano entity as a code point offset of `raw`.
fn utf16_offset(obj: &Map<String, Value>, field: &str, raw: &str) -> Result<usize, String> {
    let units = offset(obj, field, utf16_len(raw))
        .map_err(|e| crate::model::find::replace(&e, " characters)", " UTF-16 code units)"))?;
    let cp = utf16_to_cp(raw, units);
    if cp_to_utf16(raw, cp) != units {
        return Err(format!(
            "{field} {units} (UTF-16) falls inside a character written with two UTF-16 units \
             (a surrogate pair)"
        ));
    }
    Ok(cp)
}

/// A doccano entity (`start_offset`, `end_offset`, `label`) as a plain span object.
fn doccano_span(entity: &Map<String, Value>, raw: &str) -> Result<Map<String, Value>, String> {
    let start = utf16_offset(entity, "start_offset", raw)?;
    let end = utf16_offset(entity, "end_offset", raw)?;
    let mut span = Map::new();
    span.insert("start".to_owned(), Value::from(start));
    span.insert("end".to_owned(), Value::from(end));
    if let Some(label) = entity.get("label") {
        span.insert("label".to_owned(), shallow(label));
    }
    Ok(span)
}

/// An annotation's or prediction's `result` list.
fn result_of(a: &Value) -> Option<&Vec<Value>> {
    a.get("result").and_then(Value::as_array)
}

impl Importer<'_> {
    /// doccano: `entities: [{id, start_offset, end_offset, label}]` (with `relations`, left
    /// out with a note), or the older `label: [[start, end, "LABEL"], ...]`.
    pub(super) fn doccano_candidates(
        &mut self,
        label: &str,
        raw: &str,
        obj: &Map<String, Value>,
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        if let Some(Value::Array(entities)) = obj.get("entities") {
            for (j, entity) in entities.iter().enumerate() {
                let span = match entity {
                    Value::Object(e) => doccano_span(e, raw),
                    other => Err(format!("expected an object, found {}", describe(other))),
                };
                out.push(Candidate {
                    kind: "entity",
                    n: j + 1,
                    sub: None,
                    span,
                });
            }
        } else if let Some(Value::Array(labels)) = obj.get("label") {
            for (j, item) in labels.iter().enumerate() {
                let span = match item.as_array().map(Vec::as_slice) {
                    Some([start, end, name]) => {
                        let mut e = Map::new();
                        e.insert("start_offset".to_owned(), shallow(start));
                        e.insert("end_offset".to_owned(), shallow(end));
                        e.insert("label".to_owned(), shallow(name));
                        doccano_span(&e, raw)
                    }
                    _ => Err(format!(
                        "expected [start, end, label], found {}",
                        describe(item)
                    )),
                };
                out.push(Candidate {
                    kind: "label",
                    n: j + 1,
                    sub: None,
                    span,
                });
            }
        }
        if let Some(Value::Array(relations)) = obj.get("relations") {
            if !relations.is_empty() {
                self.problem(format!(
                    "{label}: {} left out (Marginalia does not import relations yet)",
                    plural(relations.len(), "relation", "relations")
                ));
            }
        }
        out
    }

    /// Label Studio: each annotation's `result` in its annotator's layer (named by
    /// `created_username`, else `completed_by.email`; `Gold` with `ground_truth` is the gold
    /// layer), only the first of those that name nobody; with no annotations, the first
    /// prediction's. `labels` regions become spans, one per label; other types are counted.
    pub(super) fn label_studio_candidates(
        &mut self,
        label: &str,
        obj: &Map<String, Value>,
    ) -> Vec<(Rc<str>, Vec<Candidate>)> {
        let list = |field: &str| -> &[Value] {
            obj.get(field)
                .and_then(Value::as_array)
                .map_or(&[], Vec::as_slice)
        };
        let mut results: Vec<(Rc<str>, &Vec<Value>)> = Vec::new();
        let mut unnamed = 0usize;
        for a in list("annotations") {
            let name = a
                .get("created_username")
                .or_else(|| a.get("completed_by")?.get("email"))
                .and_then(Value::as_str)
                .unwrap_or("");
            let who = from_file(name, a.get("ground_truth") == Some(&Value::Bool(true)));
            let Some(result) = result_of(a).filter(|r| !r.is_empty()) else {
                continue;
            };
            if who.is_empty() {
                unnamed += 1;
                if unnamed > 1 {
                    continue;
                }
            }
            results.push((who, result));
        }
        if unnamed > 1 {
            self.problem(format!(
                "{label}: {} no annotator and {} left out (only the first such is read)",
                plural(
                    unnamed - 1,
                    "more annotation names",
                    "more annotations name"
                ),
                agree(unnamed - 1, "was", "were")
            ));
        }
        if list("annotations").is_empty() {
            if let Some(found) = list("predictions").first().and_then(result_of) {
                self.problem(format!(
                    "{label}: no annotations; the first prediction's regions were used"
                ));
                results.push((Rc::from(""), found));
            }
        }
        let mut groups = Vec::new();
        // Type name -> how many were left out, in order of first appearance.
        let mut other: Vec<(String, usize)> = Vec::new();
        for (who, result) in results {
            let mut out = Vec::new();
            for (j, item) in result.iter().enumerate() {
                let Value::Object(region) = item else {
                    out.push(Candidate {
                        kind: "region",
                        n: j + 1,
                        sub: None,
                        span: Err(format!("expected an object, found {}", describe(item))),
                    });
                    continue;
                };
                let kind = region.get("type").and_then(Value::as_str).unwrap_or("");
                if kind != "labels" {
                    let kind = if kind.is_empty() { "untyped" } else { kind };
                    match other.iter_mut().find(|(k, _)| k == kind) {
                        Some((_, n)) => *n += 1,
                        None => other.push((kind.to_owned(), 1)),
                    }
                    continue;
                }
                let value = match region.get("value") {
                    Some(Value::Object(v)) => v,
                    _ => {
                        out.push(Candidate {
                            kind: "region",
                            n: j + 1,
                            sub: None,
                            span: Err("no \"value\" object".to_owned()),
                        });
                        continue;
                    }
                };
                let names: Vec<&Value> = match value.get("labels") {
                    Some(Value::Array(names)) if !names.is_empty() => names.iter().collect(),
                    Some(Value::Array(_)) | None | Some(Value::Null) => {
                        out.push(Candidate {
                            kind: "region",
                            n: j + 1,
                            sub: None,
                            span: Err("no label".to_owned()),
                        });
                        continue;
                    }
                    Some(other) => vec![other],
                };
                let several = names.len() > 1;
                for name in names {
                    let mut span = Map::new();
                    for field in ["start", "end", "text"] {
                        if let Some(v) = value.get(field) {
                            span.insert(field.to_owned(), shallow(v));
                        }
                    }
                    if let Some(id) = region.get("id") {
                        span.insert("id".to_owned(), shallow(id));
                    }
                    span.insert("label".to_owned(), shallow(name));
                    out.push(Candidate {
                        kind: "region",
                        n: j + 1,
                        sub: name.as_str().filter(|_| several).map(str::to_owned),
                        span: Ok(span),
                    });
                }
            }
            groups.push((who, out));
        }
        if !other.is_empty() {
            let total: usize = other.iter().map(|(_, n)| n).sum();
            let kinds: Vec<String> = other.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            self.problem(format!(
                "{label}: {} of other types left out ({}); only labelled text regions are imported",
                plural(total, "result", "results"),
                join(&kinds, ", ")
            ));
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_json_documents, ImportReport};
    use crate::model::{LabelSchema, SpanId};

    fn ok(input: &str) -> ImportReport {
        let mut n = 0;
        parse_json_documents(input, "tool.json", &LabelSchema::default(), &mut || {
            n += 1;
            SpanId(format!("new-{n}"))
        })
        .unwrap()
    }

    fn spans(r: &ImportReport, doc: usize) -> Vec<(usize, usize, &str)> {
        r.docs[doc]
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect()
    }

    #[test]
    fn doccano_entities_with_utf16_offsets_and_relations() {
        // "🇺🇦 Kyiv": the flag is 2 code points, 4 UTF-16 units.
        let r = ok(concat!(
            r#"{"text": "🇺🇦 Kyiv", "entities": [{"id": 1, "start_offset": 5, "end_offset": 9, "label": "Entity"},"#,
            r#"{"id": 2, "start_offset": 0, "end_offset": 4, "label": "QUOTE"}],"#,
            r#""relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "says"}, {"id": 2}]}"#,
            "\n"
        ));
        assert_eq!(spans(&r, 0), vec![(3, 7, "entity"), (0, 2, "quote")]);
        assert_eq!(
            r.problems,
            vec!["item 1: 2 relations left out (Marginalia does not import relations yet)"]
        );
    }

    #[test]
    fn doccano_old_label_shape() {
        let r = ok(
            r#"{"text": "Zoë said 東京 🇺🇦 ok", "label": [[0, 3, "entity"], [9, 11, "Entity"], [12, 16, "claim"], [0, 3], "x", [0, 3, "opinion"]]}"#,
        );
        assert_eq!(
            spans(&r, 0),
            vec![(0, 3, "entity"), (9, 11, "entity"), (12, 14, "claim")]
        );
        assert_eq!(
            r.problems,
            vec![
                "item 1, label 4: expected [start, end, label], found an array; skipped",
                "item 1, label 5: expected [start, end, label], found a string; skipped",
                "item 1, label 6: unknown label \"opinion\" (known: quote, claim, entity); skipped",
            ]
        );
    }

    #[test]
    fn doccano_offset_inside_surrogate_pair_is_rejected() {
        // "a🇺🇦b": UTF-16 units a0 🇺1-2 🇦3-4 b5; 2 and 4 are inside pairs.
        let r = ok(r#"{"text": "a🇺🇦b", "entities": [
            {"start_offset": 2, "end_offset": 5, "label": "quote"},
            {"start_offset": 1, "end_offset": 4, "label": "quote"},
            {"start_offset": 1, "end_offset": 5, "label": "quote"},
            {"start_offset": 0, "end_offset": 9, "label": "quote"}]}"#);
        assert_eq!(spans(&r, 0), vec![(1, 3, "quote")]);
        assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
        assert!(r.problems[0].starts_with("item 1, entity 1: start_offset 2 (UTF-16) falls inside"));
        assert!(r.problems[1].starts_with("item 1, entity 2: end_offset 4 (UTF-16) falls inside"));
        assert_eq!(
            r.problems[2],
            "item 1, entity 4: end_offset 9 is beyond the text (6 UTF-16 code units); skipped"
        );
    }

    #[test]
    fn doccano_crlf_text() {
        // Original "🇺🇦\r\nKyiv\r\nsaid": UTF-16 🇺🇦0-3 \r4 \n5 K6..v9 \r10 \n11 s12..d15.
        let r = ok(r#"{"text": "🇺🇦\r\nKyiv\r\nsaid", "entities": [
            {"start_offset": 6, "end_offset": 10, "label": "entity"},
            {"start_offset": 12, "end_offset": 16, "label": "claim"},
            {"start_offset": 0, "end_offset": 16, "label": "quote"}]}"#);
        let doc = &r.docs[0].doc;
        assert_eq!(doc.text, "🇺🇦\nKyiv\nsaid");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            spans(&r, 0),
            vec![(3, 7, "entity"), (8, 12, "claim"), (0, 12, "quote")]
        );
        let slice = |a: usize, b: usize| doc.text.chars().skip(a).take(b - a).collect::<String>();
        assert_eq!(slice(3, 7), "Kyiv");
        assert_eq!(slice(8, 12), "said");
    }

    #[test]
    fn label_studio_annotations_and_other_types() {
        let r = ok(
            r#"[{"data": {"text": "Olena said “no” in 北京.", "title": "Report"},
            "annotations": [{"result": [
                {"id": "r1", "type": "labels", "value": {"start": 0, "end": 5, "text": "Olena", "labels": ["Entity"]}},
                {"type": "relation", "from_id": "r1", "to_id": "r2"},
                {"id": "r2", "type": "labels", "value": {"start": 11, "end": 15, "text": "“no”", "labels": ["Quote", "claim", "Opinion"]}},
                {"type": "choices", "value": {"choices": ["x"]}},
                {"type": "relation"},
                {"id": "r3", "type": "labels", "value": {"start": 19, "end": 21, "text": "北 京", "labels": ["Entity"]}}
            ]}, {"result": []}],
            "predictions": [{"result": [{"type": "labels", "value": {"start": 0, "end": 1, "labels": ["Quote"]}}]}]}]"#,
        );
        assert_eq!(r.docs[0].doc.title, "Report");
        assert_eq!(
            spans(&r, 0),
            vec![(0, 5, "entity"), (11, 15, "quote"), (11, 15, "claim")]
        );
        let ids: Vec<&str> = r.docs[0].spans.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, vec!["r1", "r2", "new-1"]);
        assert_eq!(
            r.problems,
            vec![
                "item 1: 3 results of other types left out (relation: 2, choices: 1); only labelled text regions are imported",
                "item 1, region 3 (Opinion): unknown label \"Opinion\" (known: quote, claim, entity); skipped",
                "item 1, region 6: its text \"北 京\" does not match the text at 19..21 (\"北京\"); skipped",
            ]
        );
    }

    #[test]
    fn label_studio_predictions_only() {
        let r = ok(r#"{"data": {"text": "Kyiv 🇺🇦 ok"}, "annotations": [],
            "predictions": [{"result": [{"id": "p1", "type": "labels", "value": {"start": 5, "end": 7, "text": "🇺🇦", "labels": ["entity"]}}]},
                            {"result": [{"type": "labels", "value": {"start": 0, "end": 4, "labels": ["quote"]}}]}]}"#);
        assert_eq!(spans(&r, 0), vec![(5, 7, "entity")]);
        assert_eq!(
            r.problems,
            vec!["item 1: no annotations; the first prediction's regions were used"]
        );
        // Neither: the document alone.
        let r = ok(r#"{"data": {"text": "Kyiv"}}"#);
        assert!(r.docs[0].spans.is_empty() && r.problems.is_empty());
    }

    #[test]
    fn label_studio_crlf_and_plain_shape_untouched() {
        let r = ok(
            r#"{"data": {"text": "Ab\r\nCd"}, "annotations": [{"result": [
            {"type": "labels", "value": {"start": 4, "end": 6, "text": "Cd", "labels": ["Claim"]}}]}]}"#,
        );
        assert_eq!(spans(&r, 0), vec![(3, 5, "claim")]);
        // `data` without `text`: the plain path and its message.
        let r = ok(r#"{"data": {"body": "x"}}"#);
        assert_eq!(r.problems, vec!["item 1: no \"text\" field; skipped"]);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn number() -> impl Strategy<Value = String> {
            prop_oneof![
                (0u64..40).prop_map(|n| n.to_string()),
                Just("-3".to_owned()),
                Just("2.5".to_owned()),
                Just("1e30".to_owned()),
                Just("\"4\"".to_owned()),
                Just("null".to_owned()),
                Just("18446744073709551616".to_owned()),
            ]
        }

        fn label() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("\"quote\"".to_owned()),
                Just("\"Claim\"".to_owned()),
                Just("\"ENTITY\"".to_owned()),
                Just("\"opinion\"".to_owned()),
                Just("\"\"".to_owned()),
                Just("7".to_owned()),
                Just("null".to_owned()),
            ]
        }

        fn text() -> impl Strategy<Value = String> {
            prop::collection::vec(
                prop_oneof![
                    Just("a"),
                    Just("🇺🇦"),
                    Just("👨\u{200d}👩\u{200d}👧"),
                    Just("北"),
                    Just("e\u{301}"),
                    Just("\u{201c}"),
                    Just("\r\n"),
                    Just("\n"),
                    Just(" "),
                ],
                1..20,
            )
            .prop_map(|parts| format!("x{}", parts.concat()))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]
            #[test]
            fn tool_shapes_never_panic_and_spans_are_valid(
                text in text(),
                spans in prop::collection::vec((number(), number(), label(), label()), 0..8),
                shape in 0u8..3,
            ) {
                let t = serde_json::to_string(&text).unwrap();
                let body = match shape {
                    0 => {
                        let e: Vec<String> = spans.iter().map(|(a, b, l, _)| format!(
                            r#"{{"id": 1, "start_offset": {a}, "end_offset": {b}, "label": {l}}}"#)).collect();
                        format!(r#"{{"text": {t}, "entities": [{}], "relations": [{{}}]}}"#, e.join(","))
                    }
                    1 => {
                        let e: Vec<String> = spans.iter().map(|(a, b, l, _)| format!("[{a}, {b}, {l}]")).collect();
                        format!(r#"{{"text": {t}, "label": [{}]}}"#, e.join(","))
                    }
                    _ => {
                        let e: Vec<String> = spans.iter().map(|(a, b, l, m)| format!(
                            r#"{{"id": "r", "type": "labels", "value": {{"start": {a}, "end": {b}, "labels": [{l}, {m}]}}}}, {{"type": "relation"}}"#)).collect();
                        format!(r#"{{"data": {{"text": {t}}}, "predictions": [{{"result": [{}]}}]}}"#, e.join(","))
                    }
                };
                let r = ok(&body);
                prop_assert_eq!(r.docs.len(), 1);
                let doc = &r.docs[0].doc;
                for s in &r.docs[0].spans {
                    prop_assert!(s.start < s.end && s.end <= doc.char_len(), "{:?} in {:?}", s, doc.text);
                    prop_assert!(LabelSchema::default().label(&s.label).is_some());
                }
            }
        }
    }
}
