//! The JSON shapes shared by the stored format and the exports: the JSON writer
//! ([`json_out`]), the label schema ([`labels_json`]), a document's blocks ([`blocks`]) and
//! its statuses and decisions ([`progress`]); and the agreement report ([`agreement_json`]).
//!
//! Pure, and depends only on `model`. Changing anything here changes both what is saved and
//! what is exported, so the storage fixtures in tests guard it: `tests/fixtures/storage/` holds
//! data written by every schema version, which every build must still load, and the export
//! tests check what the native dataset holds.

pub mod agreement_json;
pub mod blocks;
pub mod json_in;
pub mod json_out;
pub mod json_value;
pub mod labels_json;
pub mod progress;
