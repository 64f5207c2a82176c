//! `.json` / `.jsonl` documents: objects with `text` (and optional `title`, `meta`, `spans`).

use crate::model::{Document, Span, SpanId};

/// One document read from a file, with its spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedDoc {
    pub doc: Document,
    pub spans: Vec<Span>,
}

/// What a file gave: its documents and a message for everything skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub docs: Vec<ImportedDoc>,
    /// Human-readable, one per skipped item, e.g. `line 3, span 2: end 80 is beyond the text (72 characters)`.
    pub problems: Vec<String>,
}

/// Parse a `.json` file (one object, or an array of objects) or a `.jsonl` file (one object per
/// line). Each object: `text` (string, required); `title` (string) or `meta.title`; `meta`
/// (object, ignored otherwise); `spans`: array of `{start, end, label}` in code points, with
/// optional `id`, `note` and `text` (checked against the slice). Labels match our label ids or
/// names case-insensitively. A bad span or object is skipped with a problem message; `Err` only
/// when the whole input is neither JSON nor JSON Lines. Never panics.
pub fn parse_json_documents(
    input: &str,
    source: &str,
    new_span_id: &mut dyn FnMut() -> SpanId,
) -> Result<ImportReport, String> {
    todo!()
}
