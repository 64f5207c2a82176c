//! Whatever is under our keys in local storage (damaged, hand-edited, from another version),
//! through the app's own start-up path (`storage::persist::load` over an in-memory backend):
//! nothing panics; every document that loads is valid and makes an exact trip through storage;
//! a value that does not load is left where it was, byte for byte. A label schema that reads
//! is written back and read again exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::storage::backend::MemoryBackend;
use marginalia::storage::persist::load;
use marginalia::storage::schema::{read_schema, write_schema};

mod check;

/// The id of the fixtures' document, which most inputs (mutated from them) keep.
const KEY: &str = "marginalia:doc:314fb3f4a6e210c6";
/// Where version 4 keeps that document's text.
const TEXT_KEY: &str = "marginalia:text:314fb3f4a6e210c6";

/// A value of the version 4 fixture (its document's spans under `KEY`, its text under
/// `TEXT_KEY`).
fn fixture(key: &str) -> &'static str {
    static MAP: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        serde_json::from_str(include_str!(
            "../../tests/fixtures/storage/v4/localStorage.json"
        ))
        .expect("the v4 fixture")
    })[key]
        .as_str()
        .expect("a stored string")
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((schema, deleted)) = read_schema(raw) {
        let back = read_schema(&write_schema(&schema, &deleted)).expect("a schema reads back");
        assert_eq!(back, (schema, deleted));
    }
    // As a stored document, without an index (found by its key) …
    let mut backend = MemoryBackend::default();
    backend.map.insert(KEY.into(), raw.into());
    let loaded = load(&mut backend, "2026-11-23T00-00-00Z");
    for entry in loaded.corpus.entries().iter() {
        check::check_entry(entry, true);
    }
    assert_eq!(backend.map.get(KEY).map(String::as_str), Some(raw), "left as it was");
    // … as a document whose text is stored apart (version 4), and as that text itself.
    for (key, value, text) in [(KEY, raw, fixture(TEXT_KEY)), (KEY, fixture(KEY), raw)] {
        let mut backend = MemoryBackend::default();
        backend.map.insert(key.into(), value.into());
        backend.map.insert(TEXT_KEY.into(), text.into());
        let before = backend.map.clone();
        let loaded = load(&mut backend, "2026-11-23T00-00-00Z");
        for entry in loaded.corpus.entries().iter() {
            check::check_entry(entry, true);
        }
        for (k, v) in &before {
            assert_eq!(backend.map.get(k), Some(v), "{k} left as it was");
        }
    }
    // … and as the index (listing documents that may or may not exist).
    let mut backend = MemoryBackend::default();
    backend.map.insert("marginalia:index".into(), raw.into());
    let _ = load(&mut backend, "2026-11-23T00-00-00Z");
    assert_eq!(
        backend.map.get("marginalia:index").map(String::as_str),
        Some(raw),
        "index left as it was"
    );
});
