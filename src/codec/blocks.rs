//! A document's blocks as JSON, the same shape in the native export and in storage.

use super::json_out::JsonWriter;
use crate::model::{Block, BlockKind};

/// A document's blocks as a JSON array of `{kind, start, end}` (plus `alt` and `url` for
/// images), offsets in code points: the same shape in the native export and in storage.
pub fn write_blocks(w: &mut JsonWriter, blocks: &[Block]) {
    w.begin_array();
    for b in blocks {
        w.begin_object()
            .field("kind", b.kind.name())
            .field_uint("start", b.start)
            .field_uint("end", b.end);
        if let BlockKind::Image { alt, url } = &b.kind {
            w.field("alt", alt).field("url", url);
        }
        w.end_object();
    }
    w.end_array();
}
