//! DOM selection → code point offsets. The one place the page's UTF-16 offsets become
//! document offsets: every rendered piece of text is a `.seg` element with `data-start` (its
//! code point offset in the document) holding one text node, so a selection point converts
//! with that offset plus [`utf16_to_cp`] inside the segment, without walking the document.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use crate::model::text::utf16_to_cp;

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
