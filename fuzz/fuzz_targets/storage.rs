//! Whatever is under our keys in local storage (damaged, hand-edited, from another version):
//! reading a document or the index never panics, and a document it accepts is valid and is
//! written back and read again exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::storage::schema::{read_doc, read_index};

mod check;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let _ = read_index(raw);
    if let Ok(entry) = read_doc(raw) {
        check::check_entry(&entry);
    }
});
