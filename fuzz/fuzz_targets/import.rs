//! Any file a user opens: the first byte picks the kind (even: text or Markdown; odd: JSON —
//! spaCy, doccano, Label Studio, or a Marginalia dataset), the rest is the file's bytes.
//! Nothing may panic, and every document it accepts must be valid and survive storage. (HTML
//! is parsed by the browser's DOMParser, which does not exist natively; the pure half that
//! turns its blocks into a document is in tests/hardening_props.rs.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::app::parse::{parse_bytes, FileKind};
use marginalia::model::LabelSchema;

mod check;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let (name, kind) = match pick % 2 {
        0 => ("fuzz.md", FileKind::Text),
        _ => ("fuzz.jsonl", FileKind::Json),
    };
    let (entries, _notices, _dataset) = parse_bytes(name, kind, bytes, &LabelSchema::default());
    for entry in &entries {
        check::check_entry(entry, true);
    }
});
