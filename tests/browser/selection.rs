//! DOM selection → code point offsets, in a real DOM: UTF-16 offsets inside segments with
//! astral characters, element boundary points, and selections that leave the article.

use wasm_bindgen_test::wasm_bindgen_test;

use marginalia::app::dom::selection::{point_offset, selection_offsets};

use super::{document, mount_point};

/// Two blocks: "a🇺🇦b👨‍👩‍👧" as three segments starting at 10, then "Zoe\u{308} x" at 30.
fn fixture() -> web_sys::Element {
    let root = mount_point();
    let doc = document();
    let article = doc.create_element("div").unwrap();
    article.set_class_name("article-text");
    let block = |start: usize, end: usize, segs: &[(usize, usize, &str)]| {
        let p = doc.create_element("p").unwrap();
        p.set_attribute("data-start", &start.to_string()).unwrap();
        p.set_attribute("data-end", &end.to_string()).unwrap();
        for (s, e, text) in segs {
            let seg = doc.create_element("span").unwrap();
            seg.set_class_name("seg");
            seg.set_attribute("data-start", &s.to_string()).unwrap();
            seg.set_attribute("data-end", &e.to_string()).unwrap();
            seg.set_text_content(Some(text));
            p.append_child(&seg).unwrap();
        }
        article.append_child(&p).unwrap();
    };
    // "a🇺🇦" = 3 code points, "b" = 1, "👨‍👩‍👧" = 5.
    block(
        10,
        19,
        &[
            (10, 13, "a🇺🇦"),
            (13, 14, "b"),
            (14, 19, "👨\u{200D}👩\u{200D}👧"),
        ],
    );
    block(30, 36, &[(30, 36, "Zoe\u{308} x")]);
    root.append_child(&article).unwrap();
    article
}

fn seg(article: &web_sys::Element, i: u32) -> web_sys::Node {
    article
        .query_selector_all(".seg")
        .unwrap()
        .item(i)
        .unwrap()
        .first_child()
        .unwrap()
}

#[wasm_bindgen_test]
fn text_points_convert_utf16_to_code_points() {
    let article = fixture();
    let first = seg(&article, 0);
    // "a" is 1 unit, the flag 4 units (2 code points).
    assert_eq!(point_offset(&first, 0), Some(10));
    assert_eq!(point_offset(&first, 1), Some(11));
    assert_eq!(
        point_offset(&first, 3),
        Some(12),
        "between the regional indicators"
    );
    assert_eq!(point_offset(&first, 5), Some(13));
    let family = seg(&article, 2);
    // 👨 (2 units) ZWJ (1) 👩 (2) ZWJ (1) 👧 (2) = 8 units, 5 code points.
    assert_eq!(point_offset(&family, 8), Some(19));
    assert_eq!(point_offset(&family, 3), Some(16));
    let zoe = seg(&article, 3);
    assert_eq!(
        point_offset(&zoe, 4),
        Some(34),
        "after the combining diaeresis"
    );
    article.remove();
}

#[wasm_bindgen_test]
fn element_points_use_the_children_offsets() {
    let article = fixture();
    let blocks = article.query_selector_all("p").unwrap();
    let p0 = blocks.item(0).unwrap();
    let p1 = blocks.item(1).unwrap();
    assert_eq!(point_offset(&p0, 0), Some(10), "before the first segment");
    assert_eq!(point_offset(&p0, 2), Some(14), "before the third segment");
    assert_eq!(point_offset(&p0, 3), Some(19), "end of the block");
    assert_eq!(
        point_offset(&article, 1),
        Some(30),
        "before the second block"
    );
    assert_eq!(point_offset(&article, 2), Some(36), "end of the article");
    assert_eq!(point_offset(&p1, 0), Some(30));
    article.remove();
}

#[wasm_bindgen_test]
fn selections_are_ordered_and_clamped_to_the_article() {
    let article = fixture();
    let window = web_sys::window().unwrap();
    let selection = window.get_selection().unwrap().unwrap();
    let doc = document();

    // Backwards across blocks: from "x" back into the flag's end.
    selection.remove_all_ranges().unwrap();
    selection
        .set_base_and_extent(&seg(&article, 3), 6, &seg(&article, 0), 5)
        .unwrap();
    assert_eq!(selection_offsets(&article), Some((13, 36)));

    // From outside (before the article) into "b": clamped to the article's start.
    let outside = doc.create_element("p").unwrap();
    outside.set_text_content(Some("elsewhere"));
    article.before_with_node_1(&outside).unwrap();
    let range = doc.create_range().unwrap();
    range.set_start(&outside.first_child().unwrap(), 2).unwrap();
    range.set_end(&seg(&article, 1), 1).unwrap();
    selection.remove_all_ranges().unwrap();
    selection.add_range(&range).unwrap();
    assert_eq!(selection_offsets(&article), Some((10, 14)));

    // Only outside, or collapsed: nothing.
    let range = doc.create_range().unwrap();
    range.select_node_contents(&outside).unwrap();
    selection.remove_all_ranges().unwrap();
    selection.add_range(&range).unwrap();
    assert_eq!(selection_offsets(&article), None);
    selection
        .collapse_with_offset(Some(&seg(&article, 1)), 0)
        .unwrap();
    assert_eq!(selection_offsets(&article), None);

    selection.remove_all_ranges().unwrap();
    outside.remove();
    article.remove();
}
