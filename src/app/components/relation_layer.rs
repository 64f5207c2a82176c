//! Relations of the selected span and of the spans under the pointer, drawn over the article:
//! an arc from the quote or claim to its speaker, claimant or cue, named at its top, and an
//! outline around the other end. One SVG layer (no pointer events) over the article, beside its
//! text (so its labels are never taken for article text), measured from the page after each
//! render that changes the selection, the relations or the spans.

use std::any::Any;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::app::components::class_list::class_list;
use crate::app::components::part::{same_as, Drawn};

use crate::app::hooks::mount::{deps, listening, nothing, use_change, use_mount};
use crate::app::same::Same;
use crate::model::{Relation, Span, SpanId};

#[derive(PartialEq)]
pub struct RelationLayerProps {
    pub selected: Option<SpanId>,
    pub relations: Rc<Vec<Relation>>,
    /// The document's span list, compared by address: the layer is measured again when the
    /// spans change (10,000 spans are not compared on each render).
    pub spans: Same<Vec<Rc<Span>>>,
}

/// A box on the page, relative to the article text (x, y, width, height), in whole pixels
/// (no float formatting in the download).
type Rect = (i32, i32, i32, i32);

/// One drawn relation.
#[derive(Clone, Debug, PartialEq)]
struct Arc {
    key: String,
    kind: &'static str,
    name: &'static str,
    /// The path from the start span's first line to the end span's first line.
    path: String,
    /// Where the name goes.
    label_at: (i32, i32),
    /// The other end's line boxes.
    outline: Vec<Rect>,
}

/// The line boxes of a span's text, relative to `origin`.
fn boxes(container: &web_sys::Element, id: &SpanId, origin: (f64, f64)) -> Vec<Rect> {
    let selector = format!(".seg[data-span-ids~=\"{}\"]", id.0);
    let Ok(segs) = container.query_selector_all(&selector) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..segs.length() {
        let Some(seg) = segs
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let rects = seg.get_client_rects();
        for j in 0..rects.length() {
            if let Some(r) = rects.item(j) {
                if r.width() > 0.0 {
                    let (x, y) = (r.left() - origin.0, r.top() - origin.1);
                    out.push((x as i32, y as i32, r.width() as i32, r.height() as i32));
                }
            }
        }
    }
    out
}

/// The path between two line boxes (`f` where the relation starts, `t` where it points) and
/// where its name goes: an arch from the top of one to the top of the other, rising a little
/// above the higher one (more for ends far apart), its name at the peak.
pub fn arc_path(f: Rect, t: Rect) -> (String, (i32, i32)) {
    let x1 = f.0 + (f.2 / 2).min(40);
    let x2 = t.0 + (t.2 / 2).min(40);
    let (y1, y2) = (f.1, t.1);
    let lift = 18 + ((x2 - x1).abs() / 12).min(22);
    let top = y1.min(y2) - lift;
    let path = format!("M{x1} {y1} C{x1} {top} {x2} {top} {x2} {y2}");
    // A cubic with both control points at `top` peaks at 3/4 of the way up (equal ends).
    (path, ((x1 + x2) / 2, y1.min(y2) - lift * 3 / 4))
}

/// The arcs of the relations that touch one of `focus` (the selected span, the spans under the
/// pointer).
fn measure(container: &web_sys::Element, focus: &[SpanId], relations: &[Relation]) -> Vec<Arc> {
    let origin = container.get_bounding_client_rect();
    let origin = (origin.left(), origin.top());
    relations
        .iter()
        .filter(|r| focus.iter().any(|id| r.involves(id)))
        .filter_map(|r| {
            let from = boxes(container, &r.from, origin);
            let to = boxes(container, &r.to, origin);
            // The facing lines: the last line of the earlier span and the first of the later.
            let (first_f, first_t) = (from.first()?, to.first()?);
            let (f, t) = if (first_t.1, first_t.0) >= (first_f.1, first_f.0) {
                (from.last()?, first_t)
            } else {
                (first_f, to.last()?)
            };
            let (path, label_at) = arc_path(*f, *t);
            let other = if focus.contains(&r.from) { to } else { from };
            Some(Arc {
                key: r.id.0.clone(),
                kind: r.kind.id(),
                name: r.kind.name(),
                path,
                label_at,
                outline: other,
            })
        })
        .collect()
}

impl Drawn for RelationLayerProps {
    fn draw(&self, ctx: &mut HookContext) -> Html {
        use_relation_layer(self).run(ctx)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

#[hook]
fn use_relation_layer(props: &RelationLayerProps) -> Html {
    let layer = use_node_ref();
    // The arcs measured after the last render, and a count of their changes that draws them
    // again (a `usize` state, a type already in use: each `use_state` type copies yew's state
    // code).
    let arcs = use_mut_ref(Vec::<Arc>::new);
    let measured = use_state(|| 0usize);
    // The window's size: lines wrap differently after a resize.
    let resized = use_state(|| 0usize);
    {
        let resized = resized.clone();
        use_mount(Box::new(move || {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "resize", move |_| resized.set(resized.wrapping_add(1)))
            });
            listening(listener.into_iter().collect())
        }));
    }
    // The spans under the pointer (a highlight's `data-span-ids`), when any has a relation: the
    // ids' texts (a `Vec<String>` state, a type already in use: each `use_state` type copies
    // yew's state code).
    let hovered = use_state(Vec::<String>::new);
    let linked = use_mut_ref(Rc::<Vec<Relation>>::default);
    *linked.borrow_mut() = props.relations.clone();
    {
        let (layer, hovered) = (layer.clone(), hovered.clone());
        use_mount(Box::new(move || {
            let container = layer
                .cast::<web_sys::Element>()
                .and_then(|svg| svg.parent_element());
            let listeners = container.map(|c| {
                let (over, out) = (hovered.clone(), hovered);
                let now = Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
                let now_out = now.clone();
                [
                    EventListener::new(&c, "mouseover", move |e| {
                        let ids: Vec<String> = e
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|el| el.closest(".seg").ok().flatten())
                            .and_then(|seg| seg.get_attribute("data-span-ids"))
                            .map(|ids| ids.split_whitespace().map(str::to_owned).collect())
                            .unwrap_or_default();
                        let relations = linked.borrow().clone();
                        let ids: Vec<String> = ids
                            .into_iter()
                            .filter(|id| relations.iter().any(|r| r.from.0 == *id || r.to.0 == *id))
                            .collect();
                        if *now.borrow() != ids {
                            *now.borrow_mut() = ids.clone();
                            over.set(ids);
                        }
                    }),
                    EventListener::new(&c, "mouseleave", move |_| {
                        if !now_out.borrow().is_empty() {
                            now_out.borrow_mut().clear();
                            out.set(Vec::new());
                        }
                    }),
                ]
            });
            listening(listeners.into_iter().flatten().collect())
        }));
    }
    {
        let (layer, arcs, measured) = (layer.clone(), arcs.clone(), measured.clone());
        let (selected, hovered, relations) = (
            props.selected.clone(),
            (*hovered).clone(),
            props.relations.clone(),
        );
        let follows = deps((
            selected.clone(),
            hovered.clone(),
            relations.clone(),
            props.spans.clone(),
            *resized,
        ));
        use_change(
            follows,
            Box::new(move || {
                let container = layer
                    .cast::<web_sys::Element>()
                    .and_then(|svg| svg.parent_element());
                let mut focus: Vec<SpanId> = hovered.iter().map(|id| SpanId(id.clone())).collect();
                focus.extend(selected.iter().cloned());
                let next = match container {
                    Some(container)
                        if relations
                            .iter()
                            .any(|r| focus.iter().any(|id| r.involves(id))) =>
                    {
                        measure(&container, &focus, &relations)
                    }
                    _ => Vec::new(),
                };
                if *arcs.borrow() != next {
                    *arcs.borrow_mut() = next;
                    measured.set(measured.wrapping_add(1));
                }
                nothing()
            }),
        );
    }
    let arcs = arcs.borrow();
    let drawn = arcs.iter().map(|a| {
        let outline = a.outline.iter().map(|&(x, y, w, h)| {
            html! {
                <rect class="relation-end" x={(x - 2).to_string()} y={(y - 1).to_string()}
                      width={(w + 4).to_string()} height={(h + 2).to_string()} rx="4" />
            }
        });
        let (lx, ly) = a.label_at;
        let width = a.name.len() as i32 * 7 + 10;
        html! {
            <g key={a.key.clone()} class={class_list(&["relation", a.kind])}>
                <path class="relation-arc" d={a.path.clone()} marker-end="url(#relation-head)" />
                { for outline }
                <rect class="relation-name-bg" x={(lx - width / 2).to_string()} y={(ly - 9).to_string()}
                      width={width.to_string()} height="16" rx="8" />
                <text class="relation-name" x={lx.to_string()} y={(ly + 3).to_string()}>{ a.name }</text>
            </g>
        }
    });
    html! {
        <svg ref={layer} class="relation-layer" aria-hidden="true">
            <defs>
                <marker id="relation-head" viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z" class="relation-head" />
                </marker>
            </defs>
            { for drawn }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arcs_rise_above_the_higher_end() {
        let (path, (x, y)) = arc_path((10, 100, 20, 20), (200, 100, 20, 20));
        assert_eq!(path, "M20 100 C20 67 210 67 210 100");
        assert_eq!(x, 115);
        assert!(y < 100 && y > 67, "the name sits on the arch: {y}");
        // Ends on two lines: the arch rises above the higher one.
        let (path, (_, y)) = arc_path((10, 160, 20, 20), (200, 100, 20, 20));
        assert_eq!(path, "M20 160 C20 67 210 67 210 100");
        assert!(y < 100, "{y}");
    }
}
