//! The importer's messages name a fractional offset as serde_json writes it; the browser build
//! takes its digits from JavaScript (`formats/import/json_docs/number.rs`).

use wasm_bindgen_test::wasm_bindgen_test;

use marginalia::formats::import::json_docs::parse_json_documents;
use marginalia::model::{LabelSchema, SpanId};

#[wasm_bindgen_test]
fn fractional_offsets_are_named_as_serde_json_writes_them() {
    let offsets = [
        "1.5",
        "12.0",
        "-0.0",
        "-0.5",
        "0.00001",
        "1e-6",
        "1.5e-7",
        "1e15",
        "1e16",
        "1e21",
        "1.2345678901234567e20",
        "-2.5e-300",
    ];
    let spans: Vec<String> = offsets
        .iter()
        .map(|o| format!(r#"{{"start": {o}, "end": 3, "label": "quote"}}"#))
        .collect();
    let input = format!(
        r#"{{"text": "The cat sat on the mat.", "spans": [{}]}}"#,
        spans.join(",")
    );
    let mut n = 0;
    let mut ids = || {
        n += 1;
        SpanId(format!("new-{n}"))
    };
    let report =
        parse_json_documents(&input, "x.jsonl", &LabelSchema::default(), &mut ids).unwrap();
    let shown: Vec<&str> = report
        .problems
        .iter()
        .filter_map(|p| p.split("start ").nth(1)?.split(' ').next())
        .collect();
    assert_eq!(
        shown,
        [
            "1.5",
            "12.0",
            "-0.0",
            "-0.5",
            "0.00001",
            "1e-6",
            "1.5e-7",
            "1000000000000000.0",
            "1e+16",
            "1e+21",
            "1.2345678901234568e+20",
            "-2.5e-300",
        ],
        "{:?}",
        report.problems
    );
}
