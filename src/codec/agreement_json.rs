//! The agreement report as JSON (`model::agreement`):
//!
//! ```json
//! {"annotators": ["ann", "ben"],
//!  "pairs": [{"a": "ann", "b": "ben", "label": "quote",
//!             "f1_exact": 0.5, "f1_overlap": 1, "kappa": 0.4}],
//!  "labels": [{"label": "quote", "alpha": 0.38}]}
//! ```
//!
//! An undefined figure is `null`; numbers are rounded to 15 decimals (`JsonWriter::decimal`).

use crate::codec::json_out::JsonWriter;
use crate::model::agreement::Agreement;

/// `agreement` as the JSON above, indented like the exports.
pub fn agreement_json(agreement: &Agreement) -> String {
    let mut w = JsonWriter::pretty();
    w.begin_object().key("annotators").begin_array();
    for name in &agreement.annotators {
        w.string(name);
    }
    w.end_array().key("pairs").begin_array();
    for pair in &agreement.pairs {
        w.begin_object()
            .field("a", &pair.a)
            .field("b", &pair.b)
            .field("label", &pair.label);
        figure(&mut w, "f1_exact", pair.f1_exact);
        figure(&mut w, "f1_overlap", pair.f1_overlap);
        figure(&mut w, "kappa", pair.kappa);
        w.end_object();
    }
    w.end_array().key("labels").begin_array();
    for label in &agreement.labels {
        w.begin_object().field("label", &label.label);
        figure(&mut w, "alpha", label.alpha);
        w.end_object();
    }
    w.end_array().end_object();
    w.finish()
}

/// `"key": 0.5`, or `"key": null` for an undefined figure.
fn figure(w: &mut JsonWriter, key: &str, value: Option<f64>) {
    w.key(key);
    match value {
        Some(v) => w.decimal(v),
        None => w.null(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::agreement::{agreement, LabeledSpan, Layer, Study, StudyDoc};
    use serde_json::{json, Value};

    #[test]
    fn the_report_has_the_documented_shape() {
        let span = |start, end, label| LabeledSpan { start, end, label };
        let study = Study {
            annotators: vec!["ann", "b\u{e9}n \"2\""],
            labels: vec!["quote", "claim"],
            documents: vec![StudyDoc {
                text: "abc d",
                layers: vec![
                    Layer {
                        annotator: "ann",
                        spans: vec![span(0, 2, "quote")],
                    },
                    Layer {
                        annotator: "b\u{e9}n \"2\"",
                        spans: vec![span(0, 1, "quote")],
                    },
                ],
            }],
        };
        let out = agreement_json(&agreement(&study));
        let value: Value = serde_json::from_str(&out).unwrap();
        // ann 1 1 0 0, ben 1 0 0 0: po 3/4, pe 1/2, kappa 1/2. Alpha: n₀ 5, n₁ 3,
        // one unit (1, 0): 1 − 7·1 / 15 = 8/15.
        let kappa = value["pairs"][0]["kappa"].as_f64().unwrap();
        assert_eq!(kappa, 0.5);
        let alpha = value["labels"][0]["alpha"].as_f64().unwrap();
        assert!((alpha - 8.0 / 15.0).abs() < 1e-15);
        let expected = json!({
            "annotators": ["ann", "b\u{e9}n \"2\""],
            "pairs": [
                {"a": "ann", "b": "b\u{e9}n \"2\"", "label": "quote",
                 "f1_exact": 0, "f1_overlap": 1, "kappa": 0.5},
                {"a": "ann", "b": "b\u{e9}n \"2\"", "label": "claim",
                 "f1_exact": null, "f1_overlap": null, "kappa": null},
            ],
            "labels": [{"label": "quote", "alpha": alpha}, {"label": "claim", "alpha": null}],
        });
        assert_eq!(value, expected);
        // Keys in the documented order.
        let keys = [
            "\"a\"",
            "\"b\"",
            "\"label\"",
            "\"f1_exact\"",
            "\"f1_overlap\"",
            "\"kappa\"",
        ];
        let at: Vec<usize> = keys.iter().map(|k| out.find(k).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{out}");
        let empty = agreement(&Study {
            annotators: vec!["ann", "b\u{e9}n \"2\""],
            ..Study::default()
        });
        let value: Value = serde_json::from_str(&agreement_json(&empty)).unwrap();
        assert_eq!(
            value,
            json!({"annotators": ["ann", "b\u{e9}n \"2\""], "pairs": [], "labels": []})
        );
    }
}
