//! Named hooks: each effect of the root component, with one job each.

pub mod autosave;
pub mod corpus_index;
pub mod couch_sync;
pub mod file_drop;
pub mod label_colors;
pub mod label_counts;
pub mod mount;
pub mod reading_position;
pub mod shortcuts;
pub mod storage_sync;
