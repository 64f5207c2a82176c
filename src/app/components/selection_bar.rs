//! The toolbar next to a text selection in the article: a button per label, large enough for
//! a finger (a long press selects a word on a touch screen, the browser's handles stretch the
//! selection, a tap on a label tags it) and there for a mouse too. It takes no focus and
//! leaves every key to the shortcuts. A component of its own, so only it draws again while a
//! selection is being dragged.

use std::any::Any;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::app::components::part::{same_as, Drawn};
use crate::app::dom::labels_style::label_class;
use crate::app::hooks::mount::{listening, use_mount};
use crate::app::hooks::shortcuts::tag_selection;
use crate::app::state::Action;
use crate::model::LabelSchema;

#[derive(PartialEq)]
pub struct SelectionBarProps {
    pub schema: Rc<LabelSchema>,
    pub dispatch: Callback<Action>,
}

impl Drawn for SelectionBarProps {
    fn draw(&self, ctx: &mut HookContext) -> Html {
        use_selection_bar(self).run(ctx)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

/// Where the bar goes (the middle of the selection's bottom edge, in the window), when the
/// page's selection is text of the article.
fn selection_place() -> Option<(i32, i32)> {
    let window = web_sys::window()?;
    let selection = window.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let node = selection.anchor_node()?;
    let element = match node.dyn_ref::<web_sys::Element>() {
        Some(e) => e.clone(),
        None => node.parent_element()?,
    };
    element.closest(".article-text").ok()??;
    let rect = selection.get_range_at(0).ok()?.get_bounding_client_rect();
    let width = window.inner_width().ok()?.as_f64()?;
    let height = window.inner_height().ok()?.as_f64()?;
    // Kept inside the window (the bar is about 18 rem wide, centred), below the selection, or
    // above it when there is no room below.
    let x = (rect.left() + rect.width() / 2.0).clamp(160.0, (width - 160.0).max(160.0));
    let y = if rect.bottom() + 72.0 < height {
        rect.bottom() + 8.0
    } else {
        (rect.top() - 64.0).max(0.0)
    };
    // Whole pixels: no float formatting in the download (docs/bundle-size.md).
    Some((x.round() as i32, y.round() as i32))
}

#[hook]
fn use_selection_bar(props: &SelectionBarProps) -> Html {
    let place = use_state(|| None::<(i32, i32)>);
    let bar = use_node_ref();
    {
        let place = place.clone();
        use_mount(Box::new(move || {
            let mut listeners = Vec::new();
            if let Some(window) = web_sys::window() {
                let update = move || {
                    let now = selection_place();
                    if *place != now {
                        place.set(now);
                    }
                };
                let on_scroll = update.clone();
                if let Some(document) = window.document() {
                    listeners.push(EventListener::new(&document, "selectionchange", move |_| update()));
                    // Any scroll moves the selection on the screen: the bar follows.
                    let options = EventListenerOptions::run_in_capture_phase();
                    listeners.push(EventListener::new_with_options(&document, "scroll", options, move |_| on_scroll()));
                }
            }
            listening(listeners)
        }));
    }
    // Placed through the style object (the CSP allows no style attribute).
    {
        let bar = bar.clone();
        use_effect_with(*place, move |place| {
            if let (Some((x, y)), Some(el)) = (place, bar.cast::<web_sys::HtmlElement>()) {
                let style = el.style();
                let _ = style.set_property("left", &format!("{x}px"));
                let _ = style.set_property("top", &format!("{y}px"));
            }
        });
    }
    if place.is_none() {
        return Html::default();
    }
    let buttons = props.schema.labels().iter().map(|l| {
        let id = l.id.clone();
        let dispatch = props.dispatch.clone();
        // Pressing a button would otherwise end the selection it is for.
        let keep = |e: MouseEvent| e.prevent_default();
        let onclick = move |_: MouseEvent| tag_selection(id.clone(), &dispatch);
        html! {
            <button type="button" class={format!("button sel-tag {}", label_class(&l.id))} tabindex="-1"
                    onmousedown={keep} {onclick}>
                <span class="swatch" aria-hidden="true"></span>{ l.name.clone() }
            </button>
        }
    });
    html! {
        <div ref={bar} class="selection-bar" role="toolbar" aria-label="Tag the selection">
            { for buttons }
        </div>
    }
}
