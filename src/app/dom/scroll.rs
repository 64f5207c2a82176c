//! Remembering where the reader was: the open document's reading position is stored when the
//! page is hidden or closed, and restored after a reload.
//!
//! The position is an anchor, not a pixel offset: the block at the top of the reader (its
//! `data-start`) and how far its top lies above the reader's. Off-screen blocks are laid out
//! lazily (`content-visibility: auto`), so after a reload the pixel offset of a paragraph is
//! not what it was; the anchor puts the same text back at the top (and survives a different
//! window size). The pixel offset is kept as a fallback.

use std::cell::Cell;

use crate::codec::json_value::Value;
use gloo::events::EventListener;

use crate::codec::json_out::JsonWriter;

/// localStorage key of the reading position (not part of the corpus schema).
pub const VIEW_KEY: &str = "marginalia:view";

fn reader() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("reader")
}

/// Where the reader is: its scroll offset, and the block at its top with the distance (px)
/// from that block's top up to the reader's top.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Position {
    scroll_top: i32,
    anchor: Option<(usize, i32)>,
}

thread_local! {
    /// The position as of the reader's last `scroll` event. Measuring when the page hides
    /// would force a layout of the whole article; during a scroll event the layout is fresh.
    static LAST: Cell<Option<Position>> = const { Cell::new(None) };
}

/// The viewport y where the reader's text starts showing: below the sticky toolbar.
fn visible_top(reader: &web_sys::Element) -> f64 {
    let top = reader.get_bounding_client_rect().top();
    reader
        .query_selector(".toolbar")
        .ok()
        .flatten()
        .map_or(top, |bar| bar.get_bounding_client_rect().bottom().max(top))
}

/// Measure the position now (cheap only when the layout is fresh). At the top of the article
/// there is nothing to anchor: the top is the top at any window size.
fn measure(reader: &web_sys::Element) -> Position {
    let scroll_top = reader.scroll_top();
    if scroll_top <= 0 {
        return Position::default();
    }
    let top = visible_top(reader);
    let anchor = block_at_top(reader, top).and_then(|block| {
        let start = block.get_attribute("data-start")?.parse().ok()?;
        let above = top - block.get_bounding_client_rect().top();
        Some((start, above.round() as i32))
    });
    Position { scroll_top, anchor }
}

/// The article's block at the reader's visible top (`top`, a viewport y).
fn block_at_top(reader: &web_sys::Element, top: f64) -> Option<web_sys::Element> {
    let rect = reader.get_bounding_client_rect();
    let document = web_sys::window()?.document()?;
    // Points just below the visible top, in the article's column, stepping down past the gap
    // between two blocks.
    let x = (rect.left() + rect.width() / 2.0) as f32;
    (0..8).find_map(|step| {
        let y = (top + 4.0 + 8.0 * f64::from(step)) as f32;
        document
            .element_from_point(x, y)?
            .closest(".article-text .block")
            .ok()
            .flatten()
    })
}

/// Scroll the reader as little as needed for `rect` (a viewport rectangle, of `el`) to show
/// below the sticky toolbar, with a little room on both sides (a keyboard selection's moving
/// end). Where the reader does not scroll itself (a narrow window), `el` is brought into view.
pub fn keep_in_view(el: &web_sys::Element, rect: &web_sys::DomRect) {
    let Some(reader) = reader().filter(|r| r.scroll_height() > r.client_height()) else {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
        return;
    };
    const ROOM: f64 = 24.0;
    let top = visible_top(&reader) + ROOM;
    let bottom = reader.get_bounding_client_rect().bottom() - ROOM;
    let delta = if rect.top() < top {
        rect.top() - top
    } else if rect.bottom() > bottom {
        (rect.bottom() - bottom).min(rect.top() - top)
    } else {
        return;
    };
    reader.set_scroll_top(reader.scroll_top().saturating_add(delta.round() as i32));
}

/// Where the block at the top of the reader starts (a code point), where a keyboard
/// selection starts when nothing is selected. `None` at the top of the article.
pub fn top_block() -> Option<usize> {
    let reader = reader()?;
    if reader.scroll_top() <= 0 {
        return None;
    }
    block_at_top(&reader, visible_top(&reader))?
        .get_attribute("data-start")?
        .parse()
        .ok()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Store the reading position of the document with id `doc`.
pub fn remember(doc: &str) {
    let (Some(_), Some(storage)) = (reader(), storage()) else {
        return;
    };
    // No scroll event since the page loaded: the reader is still at the top, or where
    // `restore` put it from the stored position (its event not yet fired). Either way nothing
    // needs measuring, which would force a layout of the page as it closes (3 ms at 10 KB, on
    // the way to the next page).
    let position = match LAST.get() {
        Some(position) => position,
        None if stored_doc(&storage).as_deref() == Some(doc) => return,
        None => Position::default(),
    };
    let mut view = JsonWriter::compact();
    view.begin_object()
        .field("doc", doc)
        .key("scroll_top")
        .uint(u64::try_from(position.scroll_top).unwrap_or(0));
    if let Some((start, above)) = position.anchor {
        view.field_uint("block", start)
            .key("above")
            .int(i64::from(above));
    }
    view.end_object();
    let _ = storage.set_item(VIEW_KEY, &view.finish());
}

/// The document whose position is stored.
fn stored_doc(storage: &web_sys::Storage) -> Option<String> {
    let raw = storage.get_item(VIEW_KEY).ok().flatten()?;
    let view = crate::codec::json_in::from_str(&raw).ok()?;
    view.get("doc")?.as_str().map(str::to_owned)
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
        .and_then(|raw| crate::codec::json_in::from_str(&raw).ok());
    let Some(view) = view.filter(|v| v.get("doc").and_then(Value::as_str) == Some(doc)) else {
        return;
    };
    let number = |key: &str| {
        view.get(key)
            .and_then(Value::as_u64)
            .map(|n| i32::try_from(n).unwrap_or(i32::MAX))
    };
    // At the top (where a reload puts it anyway): nothing to do, and no layout forced before
    // the first paint.
    match number("scroll_top") {
        None | Some(0) => return,
        Some(top) => reader.set_scroll_top(top),
    }
    // Then the anchor block, exactly where it was (once it is on the page: a long article
    // arrives over a few frames).
    if let Some(start) = number("block") {
        let above = view.get("above").and_then(Value::as_f64).unwrap_or(0.0);
        find_then_settle(reader, start, above, 240);
    }
}

/// Wait (up to `tries` frames) for the block starting at code point `start`, then settle it.
fn find_then_settle(reader: web_sys::Element, start: i32, above: f64, tries: u32) {
    let block = reader
        .query_selector(&format!(".article-text .block[data-start=\"{start}\"]"))
        .ok()
        .flatten();
    match block {
        Some(block) => settle(reader, block, above, 12, 0),
        None if tries > 1 => std::mem::forget(gloo::render::request_animation_frame(move |_| {
            find_then_settle(reader, start, above, tries - 1)
        })),
        None => {}
    }
}

/// Scroll so `block`'s top lies `above` px above the visible top; then again on the next
/// frames, since the first layouts after a load still move things (blocks the browser only now
/// lays out, at first at an estimated height). Stops once it stayed put for two frames, or
/// after `tries` frames.
fn settle(reader: web_sys::Element, block: web_sys::Element, above: f64, tries: u32, calm: u32) {
    let delta = block.get_bounding_client_rect().top() - visible_top(&reader) + above;
    let calm = if delta.abs() < 1.0 {
        calm + 1
    } else {
        // Saturating: `above` comes from storage, which may hold anything.
        reader.set_scroll_top(reader.scroll_top().saturating_add(delta.round() as i32));
        0
    };
    if calm < 2 && tries > 1 {
        // A few frames once per page load: the handle is let go rather than kept.
        std::mem::forget(gloo::render::request_animation_frame(move |_| {
            settle(reader, block, above, tries - 1, calm)
        }));
    }
}

/// Put the reader at its top, for an article just opened: the reader (one element for every
/// article) keeps its scroll offset otherwise, and the next article would open part-way down.
/// Nothing to do while no scroll event has come since the page loaded (the reader is at the
/// top, or a stored position is about to be restored), so the page's first render forces no
/// layout.
pub fn to_top() {
    if LAST.get().is_some_and(|p| p.scroll_top > 0) {
        if let Some(reader) = reader() {
            reader.set_scroll_top(0);
        }
        LAST.set(Some(Position::default()));
    }
}

/// Listeners that store the position of the document `current()` names when the page is
/// hidden or closed.
pub fn listeners(current: impl Fn() -> Option<String> + Clone + 'static) -> Vec<EventListener> {
    let mut out = Vec::new();
    if let Some(reader) = reader() {
        let element = reader.clone();
        out.push(EventListener::new(&reader, "scroll", move |_| {
            LAST.set(Some(measure(&element)));
        }));
    }
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
