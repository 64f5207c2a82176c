//! The native dataset's header: the `schema`, `version` and `offsets` its writer
//! (`export/native.rs`) puts in every file and its reader (`import/native.rs`) checks.

/// The `schema` of every native dataset.
pub(crate) const SCHEMA: &str = "marginalia-dataset";
/// The dataset version this build writes; it reads every version up to it.
///
/// - 1: documents and spans; `labels` were the three default ones.
/// - 2: `labels` is the corpus's label schema (colours, keys, attributes and their choices);
///   spans carry `attributes` (attribute id → value); `relations` lists the links between
///   spans (`id`, `document`, `kind`, `from`, `to`).
pub(crate) const VERSION: u64 = 2;
/// What the offsets count (the spaCy JSONL export's `meta.offsets` says the same).
pub(crate) const OFFSETS: &str = "unicode code points";
