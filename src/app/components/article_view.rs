//! The article being read. Its blocks are rendered in chunks of consecutive blocks (a run of
//! bullets stays in one chunk, as one list), each chunk a component that re-renders only when
//! the spans over its blocks change, so an edit costs the same in a long article as in a short
//! one. A long article appears chunk by chunk: the first chunks at once, the rest over the
//! next frames, so the page shows text and answers input from the start. One click listener
//! for the whole article.

use std::any::Any;
use std::ops::Range;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::app::components::article_chunk::ArticleChunkProps;
use crate::app::components::part::{part, same_as, Drawn, Part};
use crate::app::components::relation_layer::RelationLayerProps;
use crate::app::hooks::mount::{deps, nothing, use_change, use_mount};
use crate::app::same::Same;
use crate::app::state::{Action, Drawer};
use crate::model::compare::Compared;
use crate::model::{BlockKind, BlockSpans, DocEntry, Document, LabelSchema, Span, SpanId};

/// Blocks per chunk (a run of bullets may make one longer).
const CHUNK_BLOCKS: usize = 24;
/// Chunks rendered with the first frame, and added in each frame after it.
const FIRST_CHUNKS: usize = 2;
const CHUNKS_PER_FRAME: usize = 3;

#[derive(PartialEq)]
pub struct ArticleViewProps {
    /// Compared by address: the edited entry is new, and comparing its 10,000 spans with the
    /// old ones on each edit cost more than the render it would save.
    pub entry: Same<DocEntry>,
    pub schema: Rc<LabelSchema>,
    pub selected: Option<SpanId>,
    pub flash: Option<(SpanId, u32)>,
    /// Where a click on text sends the ids of the spans under the pointer (empty for plain
    /// text), through [`click_spans`].
    pub dispatch: Callback<Action>,
    /// Two layers compared: how each span stands.
    pub marks: Option<Rc<Compared>>,
}

/// Whether the window is narrow (the annotation panel a drawer). A tap on the article finds the
/// drawer closed: an open one covers the article.
pub fn narrow_window() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(max-width: 1100px)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// A click on the spans `ids` (none: on plain text). On a narrow window a tap on a highlight
/// also shows the panel, as a drawer.
fn click_spans(dispatch: &Callback<Action>, ids: Vec<SpanId>) {
    let show = !ids.is_empty() && narrow_window();
    dispatch.emit(Action::ClickSpans(ids));
    if show {
        dispatch.emit(Action::Drawer(Drawer::Annotations));
    }
}

/// Block ranges of the chunks: about [`CHUNK_BLOCKS`] blocks each, never splitting a run of
/// bullets.
pub fn chunk_blocks(doc: &Document) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < doc.blocks.len() {
        // One group: a block, or a whole run of bullets.
        if doc.blocks[i].kind == BlockKind::Bullet {
            while i < doc.blocks.len() && doc.blocks[i].kind == BlockKind::Bullet {
                i += 1;
            }
        } else {
            i += 1;
        }
        if i - start >= CHUNK_BLOCKS {
            chunks.push(start..i);
            start = i;
        }
    }
    if start < doc.blocks.len() {
        chunks.push(start..doc.blocks.len());
    }
    chunks
}

/// The chunk holding the block that contains code point `at` (or the last one before it).
fn chunk_of(doc: &Document, chunks: &[Range<usize>], at: usize) -> usize {
    let block = doc
        .blocks
        .partition_point(|b| b.start <= at)
        .saturating_sub(1);
    chunks.partition_point(|c| c.end <= block)
}

impl Drawn for ArticleViewProps {
    fn draw(&self, ctx: &mut HookContext) -> Html {
        use_article_view(self).run(ctx)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

#[hook]
fn use_article_view(props: &ArticleViewProps) -> Html {
    let doc = props.entry.doc.clone();
    let spans = props.entry.spans.clone();
    // The spans over each block, as a list per block that is kept (the same `Rc`) while its
    // content stays the same: views compare pointers, and each holds only its own spans (not
    // an old copy of the whole document's list).
    let lists = {
        let doc = doc.clone();
        let cache = use_mut_ref(Vec::<Rc<Vec<Rc<Span>>>>::new);
        use_memo(spans.clone(), move |spans| {
            let map = BlockSpans::of(&doc, spans);
            let mut cache = cache.borrow_mut();
            cache.resize(doc.blocks.len(), Rc::default());
            for (b, list) in cache.iter_mut().enumerate() {
                let ids = map.of_block(b);
                let same = list.len() == ids.len()
                    && list.iter().zip(ids).all(|(old, &i)| {
                        // Unchanged spans are the same `Rc` in the new list: no comparing
                        // of their contents.
                        spans
                            .get(i as usize)
                            .is_some_and(|new| Rc::ptr_eq(new, old) || new == old)
                    });
                if !same {
                    *list = Rc::new(
                        ids.iter()
                            .filter_map(|&i| spans.get(i as usize).cloned())
                            .collect(),
                    );
                }
            }
            cache.clone()
        })
    };
    let chunks = use_memo(doc.clone(), |doc| chunk_blocks(doc));
    let article_ref = use_node_ref();

    // How many chunks are on the page: a few at first, more each frame until all are.
    let shown = use_state(|| FIRST_CHUNKS.min(chunks.len()));
    // The chunks from the selected or flashed span's start to its end (found once per render,
    // not by each chunk): only those hear of it.
    let chunks_of = |id: &SpanId| {
        props.entry.span(id).map(|s| {
            chunk_of(&doc, &chunks, s.start)..=chunk_of(&doc, &chunks, s.end.saturating_sub(1))
        })
    };
    let selected_in = props.selected.as_ref().and_then(chunks_of);
    let flash_in = props.flash.as_ref().and_then(|(id, _)| chunks_of(id));
    // A flashed span (j/k, a click in the list) must be on the page to be scrolled to.
    let needed = flash_in.as_ref().map_or(0, |r| r.start() + 1);
    let on_page = (*shown).max(needed).min(chunks.len());
    {
        let shown = shown.clone();
        let total = chunks.len();
        let now = on_page;
        use_change(
            deps((now, total)),
            Box::new(move || {
                let frame = (now < total).then(|| {
                    gloo::render::request_animation_frame(move |_| {
                        shown.set((now + CHUNKS_PER_FRAME).min(total));
                    })
                });
                Box::new(move || drop(frame))
            }),
        );
    }

    // A newly opened article starts at its top (this view is made anew for each article);
    // before the flashed span's scroll below, which then moves to the span.
    use_mount(Box::new(|| {
        crate::app::dom::scroll::to_top();
        nothing()
    }));

    // Scroll a flashed span into view (once its chunk is on the page).
    {
        let article_ref = article_ref.clone();
        let present = needed <= on_page;
        let flash = props.flash.clone();
        use_change(
            deps((flash.clone(), present)),
            Box::new(move || {
                if !present {
                    return nothing();
                }
                if let (Some((id, _)), Some(article)) =
                    (flash, article_ref.cast::<web_sys::Element>())
                {
                    let selector = format!(".seg[data-span-ids~=\"{}\"]", id.0);
                    if let Ok(Some(el)) = article.query_selector(&selector) {
                        let options = web_sys::ScrollIntoViewOptions::new();
                        options.set_block(web_sys::ScrollLogicalPosition::Center);
                        el.scroll_into_view_with_scroll_into_view_options(&options);
                    }
                }
                nothing()
            }),
        );
    }

    let onclick = {
        let dispatch = props.dispatch.clone();
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
                click_spans(&dispatch, ids);
            }
        }
    };

    // Each chunk hears of the selected or flashed span only when it covers one of its blocks.
    let rendered = chunks.iter().take(on_page).enumerate().map(|(c, blocks)| {
        let mine: Rc<[Rc<Vec<Rc<Span>>>]> = lists.get(blocks.clone()).unwrap_or(&[]).into();
        let selected = props
            .selected
            .clone()
            .filter(|_| selected_in.as_ref().is_some_and(|r| r.contains(&c)));
        let flash = props
            .flash
            .clone()
            .filter(|_| flash_in.as_ref().is_some_and(|r| r.contains(&c)));
        html! {
            <Part key={blocks.start} of={part(ArticleChunkProps {
                doc: doc.clone(),
                schema: props.schema.clone(),
                lists: mine,
                first: blocks.start,
                selected,
                flash,
                marks: props.marks.clone(),
            })} />
        }
    });
    html! {
        <article class="article" aria-label={doc.title.clone()} data-doc-id={doc.id.0.clone()}
                 aria-busy={(on_page < chunks.len()).then_some("true")}>
            <div class="article-text" ref={article_ref} {onclick}>
                { for rendered }
            </div>
            // Beside the text, not in it: its labels are not article text (offsets, find).
            <Part of={part(RelationLayerProps {
                selected: props.selected.clone(),
                relations: props.entry.relations.clone(),
                spans: Same(spans.clone()),
            })} />
            <footer class="article-source">{ format!("Source: {}", doc.source) }</footer>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;

    #[test]
    fn chunks_tile_the_blocks_and_keep_bullet_runs_whole() {
        let mut text = String::from("Title\n\n");
        for i in 0..60 {
            text.push_str(&format!("Paragraph {i} here.\n\n"));
            if i == 20 {
                for j in 0..10 {
                    text.push_str(&format!("- bullet {j}\n"));
                }
                text.push('\n');
            }
        }
        let doc = parse_article(&text, "a.md");
        let chunks = chunk_blocks(&doc);
        assert_eq!(chunks.first().map(|c| c.start), Some(0));
        assert_eq!(chunks.last().map(|c| c.end), Some(doc.blocks.len()));
        assert!(chunks.windows(2).all(|w| w[0].end == w[1].start));
        for c in &chunks {
            // No chunk starts in the middle of a run of bullets.
            let starts_mid_run = c.start > 0
                && doc.blocks[c.start].kind == BlockKind::Bullet
                && doc.blocks[c.start - 1].kind == BlockKind::Bullet;
            assert!(!starts_mid_run, "{c:?}");
        }
        let last = doc.blocks.len() - 1;
        assert_eq!(
            chunk_of(&doc, &chunks, doc.blocks[last].start),
            chunks.len() - 1
        );
        assert_eq!(chunk_of(&doc, &chunks, 0), 0);
    }
}
