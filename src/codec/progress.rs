//! A document's statuses and decisions as JSON, the same shape in the native export and in
//! storage: `"statuses": {annotator: status id}` (each annotator's that is not `new`) and
//! `"decided": [key…]`, each written only when there is something in it.

use super::json_out::JsonWriter;
use crate::model::DocEntry;

/// The entry's `statuses` and `decided` members, each left out when empty.
pub fn write_progress(w: &mut JsonWriter, entry: &DocEntry) {
    if !entry.statuses.is_empty() {
        w.key("statuses").begin_object();
        for (who, status) in entry.statuses.iter() {
            w.field(who, status.id());
        }
        w.end_object();
    }
    if !entry.decided.is_empty() {
        w.key("decided").begin_array();
        for key in entry.decided.iter() {
            w.string(key);
        }
        w.end_array();
    }
}
