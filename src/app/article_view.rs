//! The article being read: its blocks (consecutive bullets grouped into one list), each with
//! the spans that overlap it. One click listener for the whole article.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::block_view::BlockView;
use crate::model::{BlockKind, DocEntry, Document, Span, SpanId};

#[derive(Properties, PartialEq)]
pub struct ArticleViewProps {
    pub entry: Rc<DocEntry>,
    pub selected: Option<SpanId>,
    pub flash: Option<(SpanId, u32)>,
    /// A click on text: the ids of the spans under the pointer (empty for plain text).
    pub on_click_spans: Callback<Vec<SpanId>>,
}

/// Consecutive blocks shown together: one block, or a run of bullets.
enum Group {
    Single(usize),
    Bullets(std::ops::Range<usize>),
}

fn group_blocks(doc: &Document) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < doc.blocks.len() {
        if doc.blocks[i].kind == BlockKind::Bullet {
            let start = i;
            while i < doc.blocks.len() && doc.blocks[i].kind == BlockKind::Bullet {
                i += 1;
            }
            groups.push(Group::Bullets(start..i));
        } else {
            groups.push(Group::Single(i));
            i += 1;
        }
    }
    groups
}

/// The spans overlapping each block, in one sweep over blocks and spans (both in text order).
pub fn spans_per_block(doc: &Document, spans: &[Span]) -> Vec<Rc<Vec<Span>>> {
    let mut out = Vec::with_capacity(doc.blocks.len());
    let mut next = 0;
    let mut open: Vec<&Span> = Vec::new();
    for block in &doc.blocks {
        while let Some(span) = spans.get(next).filter(|s| s.start < block.end) {
            open.push(span);
            next += 1;
        }
        open.retain(|s| s.end > block.start);
        out.push(Rc::new(
            open.iter()
                .filter(|s| s.start < block.end)
                .map(|s| (*s).clone())
                .collect(),
        ));
    }
    out
}

#[component]
pub fn ArticleView(props: &ArticleViewProps) -> Html {
    let doc = props.entry.doc.clone();
    let per_block = {
        let spans = props.entry.spans.clone();
        let doc = doc.clone();
        use_memo(spans, move |spans| spans_per_block(&doc, spans))
    };
    let article_ref = use_node_ref();

    // Scroll a flashed span into view.
    {
        let article_ref = article_ref.clone();
        use_effect_with(props.flash.clone(), move |flash| {
            if let (Some((id, _)), Some(article)) = (flash, article_ref.cast::<web_sys::Element>())
            {
                let selector = format!(".seg[data-span-ids~=\"{}\"]", id.0);
                if let Ok(Some(el)) = article.query_selector(&selector) {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        });
    }

    let onclick = {
        let on_click_spans = props.on_click_spans.clone();
        move |event: MouseEvent| {
            let dragged = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_some_and(|s| !s.is_collapsed());
            if dragged {
                return;
            }
            let seg = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".seg").ok().flatten());
            if let Some(seg) = seg {
                let ids = seg
                    .get_attribute("data-span-ids")
                    .map(|ids| {
                        ids.split_whitespace()
                            .map(|id| SpanId(id.to_owned()))
                            .collect()
                    })
                    .unwrap_or_default();
                on_click_spans.emit(ids);
            }
        }
    };

    let block = |index: usize| {
        let spans = per_block.get(index).cloned().unwrap_or_default();
        let touches = |id: &SpanId| spans.iter().any(|s| &s.id == id);
        let selected = props.selected.clone().filter(|id| touches(id));
        let flash = props.flash.clone().filter(|(id, _)| touches(id));
        html! {
            <BlockView key={index} doc={doc.clone()} {index} {spans} {selected} {flash} />
        }
    };
    let groups = group_blocks(&doc).into_iter().map(|group| match group {
        Group::Single(index) => block(index),
        Group::Bullets(range) => html! {
            <ul key={format!("ul{}", range.start)} class="block-list">
                { for range.map(block) }
            </ul>
        },
    });
    html! {
        <article class="article" aria-label={doc.title.clone()} data-doc-id={doc.id.0.clone()}>
            <div class="article-text" ref={article_ref} {onclick}>
                { for groups }
            </div>
            <footer class="article-source">{ format!("Source: {}", doc.source) }</footer>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;

    #[test]
    fn spans_go_to_every_block_they_overlap() {
        let doc = parse_article("Title\n\nOne two.\n\nThree four.\n", "a.txt");
        let span = |id: &str, start, end| Span {
            id: SpanId(id.into()),
            start,
            end,
            label: "quote".into(),
            note: String::new(),
            created: None,
            updated: None,
        };
        // Blocks: 0..5, 7..15, 17..28.
        let spans = vec![
            span("a", 0, 3),
            span("b", 8, 20),
            span("c", 16, 17),
            span("d", 17, 28),
        ];
        let per = spans_per_block(&doc, &spans);
        let ids = |i: usize| per[i].iter().map(|s| s.id.0.clone()).collect::<Vec<_>>();
        assert_eq!(ids(0), vec!["a"]);
        assert_eq!(ids(1), vec!["b"]);
        assert_eq!(
            ids(2),
            vec!["b", "d"],
            "c lies only in the gap between blocks"
        );
    }
}
