//! A run of consecutive blocks of the article (bullets grouped into one list). It re-renders
//! only when the span list of one of its blocks is replaced (the lists of unchanged blocks
//! keep their `Rc`), or the selected or flashed span is among its spans; each block inside
//! does the same for itself. The chunk is one `div.chunk`, which the browser skips while it is
//! far off screen.

use std::any::Any;
use std::rc::Rc;

use yew::functional::HookContext;
use yew::prelude::*;

use crate::app::components::block_view::BlockViewProps;
use crate::app::components::part::{part, same_as, Drawn, Part};
use crate::model::compare::Compared;
use crate::model::{BlockKind, Document, LabelSchema, Span, SpanId};

pub struct ArticleChunkProps {
    pub doc: Rc<Document>,
    pub schema: Rc<LabelSchema>,
    /// The spans over each of the chunk's blocks, in text order.
    pub lists: Rc<[Rc<Vec<Rc<Span>>>]>,
    /// Index of the chunk's first block.
    pub first: usize,
    /// The selected span, only when it overlaps one of these blocks.
    pub selected: Option<SpanId>,
    /// The span to flash, only when it overlaps one of these blocks.
    pub flash: Option<(SpanId, u32)>,
    /// Two layers compared: how each span stands.
    pub marks: Option<Rc<Compared>>,
}

impl PartialEq for ArticleChunkProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && Rc::ptr_eq(&self.schema, &other.schema)
            && self.first == other.first
            && self.selected == other.selected
            && self.flash == other.flash
            && self.marks == other.marks
            && self.lists.len() == other.lists.len()
            && self
                .lists
                .iter()
                .zip(other.lists.iter())
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl Drawn for ArticleChunkProps {
    fn draw(&self, _: &mut HookContext) -> Html {
        article_chunk(self)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

fn article_chunk(props: &ArticleChunkProps) -> Html {
    let block = |index: usize| {
        let spans = props
            .lists
            .get(index - props.first)
            .cloned()
            .unwrap_or_default();
        let touches = |id: &SpanId| spans.iter().any(|s| &s.id == id);
        let selected = props.selected.clone().filter(|id| touches(id));
        let flash = props.flash.clone().filter(|(id, _)| touches(id));
        html! {
            <Part key={index} of={part(BlockViewProps {
                doc: props.doc.clone(),
                schema: props.schema.clone(),
                index,
                spans,
                selected,
                flash,
                marks: props.marks.clone(),
            })} />
        }
    };
    let blocks = &props.doc.blocks;
    let end = props.first + props.lists.len();
    let is_bullet = |i: usize| blocks.get(i).is_some_and(|b| b.kind == BlockKind::Bullet);
    let mut out = Vec::new();
    let mut i = props.first;
    while i < end {
        if is_bullet(i) {
            let start = i;
            while i < end && is_bullet(i) {
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
    // The browser skips style, layout and paint of chunks far off screen (content-visibility
    // in the stylesheet). Per chunk, not per block: it checks every such element against the
    // viewport in each frame, which at 2,000 blocks cost 11 ms of every edit. Until a chunk has
    // been laid out once, its height is guessed from its text (about 70 characters a line),
    // in ems, as `data-h` (the stylesheet reads it: no inline style under the page's CSP).
    let chars = blocks
        .get(props.first)
        .zip(blocks.get(end.saturating_sub(1)))
        .map_or(0, |(a, b)| b.end.saturating_sub(a.start));
    let n = props.lists.len();
    // Lines of 1.7em (a part line per block), and each block's 1.05em margin.
    let guess = (chars / 70 + n) * 17 / 10 + n * 21 / 20;
    html! {
        <div class="chunk" data-h={guess.to_string()}>{ for out }</div>
    }
}
