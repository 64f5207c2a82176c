//! Whatever is under our keys in local storage (damaged, hand-edited, from another version):
//! reading a document, the index or the label schema never panics, a document it accepts is
//! valid and is written back and read again exactly, and so is a schema.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::storage::schema::{read_doc, read_index, read_schema, write_schema};

mod check;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let _ = read_index(raw);
    if let Ok((schema, deleted)) = read_schema(raw) {
        let back = read_schema(&write_schema(&schema, &deleted)).expect("a schema reads back");
        assert_eq!(back, (schema, deleted));
    }
    if let Ok(entry) = read_doc(raw) {
        check::check_entry(&entry);
    }
});
