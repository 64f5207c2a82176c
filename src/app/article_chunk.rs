//! A run of consecutive blocks of the article (bullets grouped into one list). It re-renders
//! only when the spans over its blocks change (compared by content), or the selected or flashed
//! span is among them; every block inside does the same for itself.

use std::ops::Range;
use std::rc::Rc;

use yew::prelude::*;

use super::block_view::BlockView;
use crate::model::{BlockKind, BlockSpans, Document, Span, SpanId};

#[derive(Properties)]
pub struct ArticleChunkProps {
    pub doc: Rc<Document>,
    /// All the document's spans, in text order.
    pub spans: Rc<Vec<Span>>,
    /// Which of them overlap each block.
    pub map: Rc<BlockSpans>,
    pub blocks: Range<usize>,
    /// The selected span, only when it overlaps one of these blocks.
    pub selected: Option<SpanId>,
    /// The span to flash, only when it overlaps one of these blocks.
    pub flash: Option<(SpanId, u32)>,
}

impl PartialEq for ArticleChunkProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && self.blocks == other.blocks
            && self.selected == other.selected
            && self.flash == other.flash
            && ((Rc::ptr_eq(&self.spans, &other.spans) && Rc::ptr_eq(&self.map, &other.map))
                || self
                    .map
                    .same_in(&self.spans, &other.map, &other.spans, self.blocks.clone()))
    }
}

#[component]
pub fn ArticleChunk(props: &ArticleChunkProps) -> Html {
    let touches = |index: usize, id: &SpanId| {
        props
            .map
            .of_block(index)
            .iter()
            .any(|&i| props.spans.get(i as usize).is_some_and(|s| &s.id == id))
    };
    let block = |index: usize| {
        let selected = props.selected.clone().filter(|id| touches(index, id));
        let flash = props.flash.clone().filter(|(id, _)| touches(index, id));
        html! {
            <BlockView key={index} doc={props.doc.clone()} spans={props.spans.clone()}
                       map={props.map.clone()} {index} {selected} {flash} />
        }
    };
    let blocks = &props.doc.blocks;
    let mut out = Vec::new();
    let mut i = props.blocks.start;
    while i < props.blocks.end {
        if blocks.get(i).is_some_and(|b| b.kind == BlockKind::Bullet) {
            let start = i;
            while i < props.blocks.end && blocks.get(i).is_some_and(|b| b.kind == BlockKind::Bullet)
            {
                i += 1;
            }
            out.push(html! {
                <ul key={format!("ul{start}")} class="block-list">{ for (start..i).map(block) }</ul>
            });
        } else {
            out.push(block(i));
            i += 1;
        }
    }
    html! { { for out } }
}
