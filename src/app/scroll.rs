//! Remembering where the reader was: the open document's scroll offset is stored when the
//! page is hidden or closed, and restored after a reload.

use gloo::events::EventListener;
use serde_json::Value;

use crate::formats::json_out::JsonWriter;

/// localStorage key of the reading position (not part of the corpus schema).
pub const VIEW_KEY: &str = "marginalia:view";

fn reader() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("reader")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Store the reading position of the document with id `doc`.
pub fn remember(doc: &str) {
    let (Some(reader), Some(storage)) = (reader(), storage()) else {
        return;
    };
    let mut view = JsonWriter::compact();
    view.begin_object()
        .field("doc", doc)
        .key("scroll_top")
        .uint(u64::try_from(reader.scroll_top()).unwrap_or(0))
        .end_object();
    let _ = storage.set_item(VIEW_KEY, &view.finish());
}

/// Scroll the reader back to where it was, when `doc` is the document that was open.
pub fn restore(doc: &str) {
    let (Some(reader), Some(storage)) = (reader(), storage()) else {
        return;
    };
    let view = storage
        .get_item(VIEW_KEY)
        .ok()
        .flatten()
        .and_then(|raw| serde_json::from_str::<Value>(&raw).ok());
    let Some(view) = view.filter(|v| v.get("doc").and_then(Value::as_str) == Some(doc)) else {
        return;
    };
    if let Some(top) = view.get("scroll_top").and_then(Value::as_u64) {
        reader.set_scroll_top(i32::try_from(top).unwrap_or(i32::MAX));
    }
}

/// Listeners that store the position of the document `current()` names when the page is
/// hidden or closed.
pub fn listeners(current: impl Fn() -> Option<String> + Clone + 'static) -> Vec<EventListener> {
    let mut out = Vec::new();
    if let Some(window) = web_sys::window() {
        let c = current.clone();
        out.push(EventListener::new(&window, "pagehide", move |_| {
            if let Some(doc) = c() {
                remember(&doc);
            }
        }));
        if let Some(document) = window.document() {
            let hidden_doc = document.clone();
            out.push(EventListener::new(
                &document,
                "visibilitychange",
                move |_| {
                    if hidden_doc.hidden() {
                        if let Some(doc) = current() {
                            remember(&doc);
                        }
                    }
                },
            ));
        }
    }
    out
}
