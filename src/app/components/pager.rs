//! Pages of a long list: the annotation panel's spans, the People view's cards and the Claims
//! table's rows. A list longer than a page gets the same pager above and below it: ‹ and ›
//! buttons ("Previous spans", "Next spans") around "Spans 501–1,000 of 10,000".

use yew::prelude::*;

use crate::model::words::grouped;

/// "Spans 501–1,000 of 10,000": the page of `size` items from place `start` of `total`,
/// named by `what` ("Spans").
pub fn page_title(what: &str, start: usize, size: usize, total: usize) -> String {
    let to = (start + size).min(total);
    format!(
        "{what} {}–{} of {}",
        grouped(start + 1),
        grouped(to),
        grouped(total)
    )
}

/// Where the page of `size` that holds place `at` of a list of `total` starts; past the end
/// (the list got shorter since), where its last page starts.
pub fn page_of(at: usize, size: usize, total: usize) -> usize {
    at.min(total.saturating_sub(1)) / size * size
}

/// The pager above (`foot: false`) or below a list of `what` ("spans"; "Spans" in `title`).
/// A button without a callback is disabled. A button below the list first brings `head`, the
/// pager above it, into view, so the new page is read from its top.
pub fn pager(
    what: &str,
    title: String,
    prev: Option<Callback<MouseEvent>>,
    next: Option<Callback<MouseEvent>>,
    head: &NodeRef,
    foot: bool,
) -> Html {
    let button = |name: String,
                  hint: &'static str,
                  glyph: &'static str,
                  go: Option<Callback<MouseEvent>>| {
        let disabled = go.is_none();
        let head = head.clone();
        let onclick = move |event: MouseEvent| {
            if let Some(el) = head.cast::<web_sys::Element>().filter(|_| foot) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&options);
            }
            if let Some(go) = &go {
                go.emit(event);
            }
        };
        html! {
            <button type="button" class="button small" aria-label={name} title={hint}
                    {disabled} {onclick}>{ glyph }</button>
        }
    };
    let place = if foot { ", end" } else { "" };
    html! {
        <nav class="pager" aria-label={format!("Pages of {what}{place}")}
             ref={if foot { NodeRef::default() } else { head.clone() }}>
            { button(format!("Previous {what}"), "Previous page", "‹", prev) }
            <span class="pager-at">{ title }</span>
            { button(format!("Next {what}"), "Next page", "›", next) }
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (10000, "10,000"),
            (123456, "123,456"),
            (1234567, "1,234,567"),
        ];
        for (n, text) in cases {
            assert_eq!(grouped(n), text);
        }
    }

    #[test]
    fn pages_are_titled_by_the_items_they_hold() {
        assert_eq!(page_title("Spans", 0, 500, 10_000), "Spans 1–500 of 10,000");
        assert_eq!(
            page_title("Spans", 500, 500, 10_000),
            "Spans 501–1,000 of 10,000"
        );
        assert_eq!(
            page_title("Spans", 9_500, 500, 10_000),
            "Spans 9,501–10,000 of 10,000"
        );
        // The last page holds what is left; a page held by its span moves with edits before it.
        assert_eq!(
            page_title("Spans", 1_000, 500, 1_234),
            "Spans 1,001–1,234 of 1,234"
        );
        assert_eq!(
            page_title("Spans", 501, 500, 1_235),
            "Spans 502–1,001 of 1,235"
        );
        assert_eq!(page_title("People", 100, 100, 150), "People 101–150 of 150");
    }

    #[test]
    fn a_place_is_on_the_page_that_holds_it_or_on_the_last() {
        assert_eq!(page_of(0, 100, 250), 0);
        assert_eq!(page_of(99, 100, 250), 0);
        assert_eq!(page_of(100, 100, 250), 100);
        assert_eq!(page_of(249, 100, 250), 200);
        // The list got shorter: its last page.
        assert_eq!(page_of(300, 100, 250), 200);
        assert_eq!(page_of(200, 100, 200), 100);
        // An empty list: its only page.
        assert_eq!(page_of(500, 100, 0), 0);
    }
}
