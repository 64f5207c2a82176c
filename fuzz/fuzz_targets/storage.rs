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
