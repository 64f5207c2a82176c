//! One block of an article, split into segments under its spans. Text is always rendered as
//! text nodes, never as HTML. Every segment is a `span.seg` with `data-start` / `data-end` (its
//! code point range in the document); highlighted ones also carry `data-labels` and
//! `data-span-ids`. Only blocks whose spans, selection or flash change re-render.

use crate::model::sort::sort_with;
use std::any::Any;
use std::rc::Rc;

use yew::functional::HookContext;
use yew::prelude::*;

use crate::app::components::class_list::ClassList;
use crate::app::components::part::{same_as, Drawn};

use crate::app::dom::labels_style::{highlight_class, is_built_in, layer_classes};
use crate::model::annotators::shown_name;
use crate::model::compare::{Compared, Mark};
use crate::model::words::join;
use crate::model::{segment, url_host, BlockKind, Document, LabelSchema, Span, SpanId};

#[derive(PartialEq)]
pub struct BlockViewProps {
    pub doc: Rc<Document>,
    pub schema: Rc<LabelSchema>,
    pub index: usize,
    /// The spans that overlap this block, in text order.
    pub spans: Rc<Vec<Rc<Span>>>,
    /// The selected span, only when it overlaps this block.
    pub selected: Option<SpanId>,
    /// The span to flash, only when it overlaps this block.
    pub flash: Option<(SpanId, u32)>,
    /// Two layers compared: how each span stands.
    pub marks: Option<Rc<Compared>>,
}

/// Render a block's text as segments under `spans` (the spans overlapping it, in text order).
fn segments(props: &BlockViewProps, spans: &[&Span], text: &str, start: usize, end: usize) -> Html {
    let ranges: Vec<_> = spans.iter().map(|s| s.start..s.end).collect();
    let segs = segment(start..end, &ranges);
    // Byte offsets of the segment boundaries, walking the block text once.
    let mut bounds = Vec::with_capacity(segs.len() + 1);
    let mut chars = text.char_indices();
    let mut cp = start;
    for seg in &segs {
        while cp < seg.start {
            chars.next();
            cp += 1;
        }
        bounds.push(chars.clone().next().map_or(text.len(), |(b, _)| b));
    }
    bounds.push(text.len());

    let rendered = segs.iter().enumerate().map(|(i, seg)| {
        let piece = text
            .get(bounds[i]..bounds.get(i + 1).copied().unwrap_or(text.len()))
            .unwrap_or("")
            .to_owned();
        let (s, e) = (seg.start.to_string(), seg.end.to_string());
        if seg.covering.is_empty() {
            return html! { <span class="seg" data-start={s} data-end={e}>{ piece }</span> };
        }
        let covering: Vec<&Span> = seg
            .covering
            .iter()
            .filter_map(|&k| spans.get(k).copied())
            .collect();
        let mut class = ClassList::default();
        class.push("seg hl");
        let mut labels = Vec::new();
        let mut names = Vec::new();
        // In the schema's order; a label the schema lacks (never, for a valid corpus) still
        // shows as a plain highlight.
        let mut ids: Vec<&str> = props
            .schema
            .labels()
            .iter()
            .map(|l| l.id.as_str())
            .collect();
        for span in &covering {
            if !ids.contains(&span.label.as_str()) {
                ids.push(span.label.as_str());
            }
        }
        let mut custom = Vec::new();
        for id in ids {
            let of_label: Vec<&&Span> = covering.iter().filter(|s| s.label == id).collect();
            if of_label.is_empty() {
                continue;
            }
            let short = highlight_class(id);
            class.push(&short);
            if of_label.len() > 1 {
                class.push(&format!("{short}2"));
            }
            if of_label.iter().any(|s| s.start == seg.start) {
                class.push(&format!("{short}s"));
            }
            if of_label.iter().any(|s| s.end == seg.end) {
                class.push(&format!("{short}e"));
            }
            labels.push(id);
            if !is_built_in(id) {
                let longest = of_label.iter().map(|s| s.end - s.start).max();
                custom.push((longest, id));
            }
            let name = props.schema.name_of(id);
            names.push(if of_label.len() > 1 {
                format!("{name} ×{}", of_label.len())
            } else {
                name.to_owned()
            });
        }
        // The outermost (longest) first, so a span keeps its band across the spans nested in
        // it; ties in the schema's order (a stable sort).
        sort_with(&mut custom, &|a, b| b.0.cmp(&a.0));
        let custom: Vec<&str> = custom.into_iter().map(|(_, id)| id).collect();
        for layer in layer_classes(&custom) {
            class.push(&layer);
        }
        let mut title = join(&names, " · ");
        if let Some(marks) = &props.marks {
            let mut worst = Mark::Both;
            for span in &covering {
                let m = marks.mark(span);
                if let Some(c) = m.class() {
                    class.push(c);
                }
                if worst == Mark::Both || m == Mark::Label {
                    worst = m;
                }
            }
            title.push_str(&match worst {
                Mark::Both => " · in both".to_owned(),
                Mark::OnlyA => format!(" · only {}", shown_name(&marks.a)),
                Mark::OnlyB => format!(" · only {}", shown_name(&marks.b)),
                Mark::Label => " · another label in the other layer".to_owned(),
            });
        }
        if let Some(sel) = props.selected.as_ref() {
            if let Some(span) = covering.iter().find(|s| &s.id == sel) {
                class.push("sel");
                if span.start == seg.start {
                    class.push("sels");
                }
                if span.end == seg.end {
                    class.push("sele");
                }
            }
        }
        if let Some((id, n)) = props.flash.as_ref() {
            if covering.iter().any(|s| &s.id == id) {
                class.push(if n % 2 == 0 { "flash-a" } else { "flash-b" });
            }
        }
        let ids = join(covering.iter().map(|s| s.id.0.as_str()), " ");
        html! {
            <span class={class.value()} data-start={s} data-end={e}
                  data-labels={join(&labels, " ")} data-span-ids={ids}
                  {title}>{ piece }</span>
        }
    });
    html! { { for rendered } }
}

impl Drawn for BlockViewProps {
    fn draw(&self, _: &mut HookContext) -> Html {
        block_view(self)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

/// One block of the article (a [`crate::app::components::part::Part`]).
fn block_view(props: &BlockViewProps) -> Html {
    let Some(block) = props.doc.blocks.get(props.index) else {
        return Html::default();
    };
    let text = props.doc.block_text(block);
    let start = block.start.to_string();
    let end = block.end.to_string();
    if let BlockKind::Image { alt, url } = &block.kind {
        let host =
            url_host(url).map_or_else(|| "local or unsupported address".to_owned(), str::to_owned);
        let alt_text = if alt.is_empty() {
            "Image without a description".to_owned()
        } else {
            alt.clone()
        };
        return html! {
            <figure class="block image-card" data-start={start} data-end={end}
                    title={format!("Not loaded (remote images are off): {url}")}>
                <div class="image-icon" aria-hidden="true"></div>
                <figcaption>
                    <span class="image-alt">{ alt_text }</span>
                    <span class="image-host">{ format!("Image from {host} · not loaded") }</span>
                </figcaption>
            </figure>
        };
    }
    let spans: Vec<&Span> = props.spans.iter().map(|s| &**s).collect();
    let content = segments(props, &spans, text, block.start, block.end);
    match &block.kind {
        BlockKind::Title => html! {
            <h1 class="block title" data-start={start} data-end={end}>{ content }</h1>
        },
        BlockKind::Subheading => html! {
            <h2 class="block subheading" data-start={start} data-end={end}>{ content }</h2>
        },
        BlockKind::Bullet => html! {
            <li class="block bullet" data-start={start} data-end={end}>{ content }</li>
        },
        _ => html! {
            <p class="block paragraph" data-start={start} data-end={end}>{ content }</p>
        },
    }
}
