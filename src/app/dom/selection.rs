//! DOM selection ↔ code point offsets. The one place the page's UTF-16 offsets become
//! document offsets and back: every rendered piece of text is a `.seg` element with
//! `data-start` (its code point offset in the document) holding one text node, so a selection
//! point converts with that offset plus [`utf16_to_cp`] inside the segment, without walking
//! the document. Selecting text by keyboard ([`select_by_key`]) goes the other way.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use crate::model::text::{cp_to_utf16, key_move, utf16_to_cp, KeyMove};
use crate::model::words::excerpt;
use crate::model::{BlockKind, DocEntry, SpanId};

fn attr_usize(el: &Element, name: &str) -> Option<usize> {
    el.get_attribute(name)?.parse().ok()
}

/// Offset of the first text position inside `node` (itself or a descendant with `data-start`).
fn first_offset_in(node: &Node) -> Option<usize> {
    let el = node.dyn_ref::<Element>()?;
    if let Some(start) = attr_usize(el, "data-start") {
        return Some(start);
    }
    let inner = el.query_selector("[data-start]").ok()??;
    attr_usize(&inner, "data-start")
}

/// Offset just after the last text inside `node`.
fn last_offset_in(node: &Node) -> Option<usize> {
    let el = node.dyn_ref::<Element>()?;
    if let Some(end) = attr_usize(el, "data-end") {
        return Some(end);
    }
    let all = el.query_selector_all("[data-end]").ok()?;
    let last = all.item(all.length().checked_sub(1)?)?;
    attr_usize(last.dyn_ref::<Element>()?, "data-end")
}

/// The document offset of a DOM boundary point (`node`, `offset`) inside `container`.
pub fn point_offset(node: &Node, offset: u32) -> Option<usize> {
    if node.node_type() == Node::TEXT_NODE {
        let text = node.text_content().unwrap_or_default();
        let parent = node.parent_element()?;
        let holder = parent.closest("[data-start]").ok()??;
        let start = attr_usize(&holder, "data-start")?;
        if holder.is_same_node(Some(&parent)) {
            return Some(start + utf16_to_cp(&text, offset as usize));
        }
        return Some(start);
    }
    let children = node.child_nodes();
    if offset < children.length() {
        // Before child `offset`: where that child's text starts, or after what precedes it.
        let mut child = children.item(offset);
        while let Some(c) = child {
            if let Some(o) = first_offset_in(&c) {
                return Some(o);
            }
            child = c.next_sibling();
        }
    }
    // At the end of `node`: after its last text, or where the node's own range ends.
    let mut child = node.last_child();
    while let Some(c) = child {
        if let Some(o) = last_offset_in(&c) {
            return Some(o);
        }
        child = c.previous_sibling();
    }
    node.dyn_ref::<Element>()
        .and_then(|el| el.closest("[data-end]").ok().flatten())
        .and_then(|el| attr_usize(&el, "data-end"))
}

/// The current selection as a code point range `(start, end)` of the document rendered in
/// `container`, in document order. `None` when nothing is selected or the selection is not in
/// the article; an end outside the article is clamped to the article's edge.
pub fn selection_offsets(container: &Element) -> Option<(usize, usize)> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let inside = |node: &Node| container.contains(Some(node));
    let (sc, ec) = (range.start_container().ok()?, range.end_container().ok()?);
    if !inside(&sc) && !inside(&ec) {
        return None;
    }
    let start = if inside(&sc) {
        point_offset(&sc, range.start_offset().ok()?)?
    } else {
        first_offset_in(container)?
    };
    let end = if inside(&ec) {
        point_offset(&ec, range.end_offset().ok()?)?
    } else {
        last_offset_in(container)?
    };
    Some((start.min(end), start.max(end)))
}

/// Clear the page's text selection.
pub fn clear_selection() {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.remove_all_ranges();
    }
}

/// A keyboard selection: its anchor and focus (code points), the range the page showed for
/// it, and the span selected then. While the page still shows its range and the same span is
/// selected, the next key goes on from its anchor and focus (a range has no direction, and a
/// caret shows nothing).
pub type KeySelection = (usize, usize, Option<(usize, usize)>, Option<SpanId>);

/// The DOM point of code point `pos` of the document in `container`: in the text of the last
/// segment of the block `block` (its code point start) that starts at or before `pos`,
/// clamped to that segment's end; and the segment.
fn dom_point(container: &Element, block: usize, pos: usize) -> Option<(Node, u32, Element)> {
    let el = container
        .query_selector(&format!(".block[data-start=\"{block}\"]"))
        .ok()??;
    let segs = el.query_selector_all(".seg").ok()?;
    let mut found = None;
    for i in 0..segs.length() {
        let Some(seg) = segs.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        match attr_usize(&seg, "data-start") {
            Some(start) if start <= pos || found.is_none() => found = Some((seg, start)),
            _ => break,
        }
    }
    let (seg, start) = found?;
    let text = seg.first_child()?;
    let words = text.text_content().unwrap_or_default();
    let utf16 = cp_to_utf16(&words, pos.saturating_sub(start));
    Some((text, utf16 as u32, seg))
}

/// Select text by keyboard (`key`, see [`KeyMove`]) in the article rendered in `container`
/// (`entry`): on from the last keyboard selection (`last`, which this updates) while the page
/// still shows it, else from
/// the page's selection, the selected span, or the first block at the top of the reader
/// (`top`, asked only then: it measures the page). The new selection is shown as the page's
/// selection, scrolled into view, and tagged like one made with the pointer. False when there
/// is no article to select in.
pub fn select_by_key(
    container: &Element,
    entry: &DocEntry,
    selected: Option<&SpanId>,
    top: impl FnOnce() -> Option<usize>,
    key: KeyMove,
    last: &mut Option<KeySelection>,
) -> bool {
    let doc = &entry.doc;
    let blocks: Vec<(usize, usize)> = doc
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Image { .. }))
        .map(|b| (b.start, b.end))
        .collect();
    let Some(&(first, _)) = blocks.first() else {
        return false;
    };
    let shown = selection_offsets(container);
    let previous = last.take();
    let (anchor, focus) = match previous {
        Some((anchor, focus, was, with)) if was == shown && with.as_ref() == selected => {
            (anchor, focus)
        }
        _ => match (shown, selected.and_then(|id| entry.span(id))) {
            (Some((start, end)), _) => (start, end),
            (None, Some(span)) => (span.start, span.end),
            (None, None) => {
                let at = top().unwrap_or(first);
                (at, at)
            }
        },
    };
    let (anchor, focus) = key_move(&doc.index(), &blocks, anchor, focus, key);
    // The text blocks holding each end (an end between blocks: the block before it).
    let block_of = |pos: usize| {
        let i = blocks.partition_point(|&(s, _)| s <= pos);
        blocks[i.saturating_sub(1)].0
    };
    let points = dom_point(container, block_of(anchor), anchor).zip(dom_point(
        container,
        block_of(focus),
        focus,
    ));
    let selection = web_sys::window().and_then(|w| w.get_selection().ok().flatten());
    let (Some(((an, ao, _), (fnode, fo, seg))), Some(selection)) = (points, selection) else {
        return false;
    };
    if selection.set_base_and_extent(&an, ao, &fnode, fo).is_err() {
        return false;
    }
    // Where the moving end is: a caret's rectangle there (or its segment's, when the browser
    // gives none).
    let caret = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_range().ok())
        .filter(|r| r.set_start(&fnode, fo).is_ok())
        .map(|r| r.get_bounding_client_rect())
        .filter(|rect| rect.height() > 0.0)
        .unwrap_or_else(|| seg.get_bounding_client_rect());
    crate::app::dom::scroll::keep_in_view(&seg, &caret);
    let shown = selection_offsets(container);
    announce(&match shown {
        Some((start, end)) => {
            let words = excerpt(doc.index().slice(start, end), 120);
            format!("Selected: \u{201c}{words}\u{201d}")
        }
        None => "Nothing selected".to_owned(),
    });
    *last = Some((anchor, focus, shown, selected.cloned()));
    true
}

/// Have screen readers read `text` out (the page's `#announce` live region).
fn announce(text: &str) {
    let region = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("announce"));
    if let Some(region) = region {
        region.set_text_content(Some(text));
    }
}
