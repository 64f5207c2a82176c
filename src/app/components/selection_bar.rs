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
use crate::app::components::toolbar::label_buttons;
use crate::app::hooks::mount::{listening, use_mount};
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
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let (width, height) = (size(window.inner_width()), size(window.inner_height()));
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
    // 1 while the bar is shown (a `usize` state, a type the app has: docs/bundle-size.md).
    let shown = use_state(|| 0usize);
    let bar = use_node_ref();
    {
        let (shown, bar) = (shown.clone(), bar.clone());
        use_mount(Box::new(move || {
            let mut listeners = Vec::new();
            // Placed through the style object (the CSP allows no style attribute).
            let update = move || {
                let place = selection_place();
                if let (Some((x, y)), Some(el)) = (place, bar.cast::<web_sys::HtmlElement>()) {
                    let style = el.style();
                    let _ = style.set_property("left", &format!("{x}px"));
                    let _ = style.set_property("top", &format!("{y}px"));
                }
                let now = usize::from(place.is_some());
                if *shown != now {
                    shown.set(now);
                }
            };
            let on_scroll = update.clone();
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                listeners.push(EventListener::new(
                    &document,
                    "selectionchange",
                    move |_| update(),
                ));
                // Any scroll moves the selection on the screen: the bar follows.
                let options = EventListenerOptions::run_in_capture_phase();
                listeners.push(EventListener::new_with_options(
                    &document,
                    "scroll",
                    options,
                    move |_| on_scroll(),
                ));
            }
            listening(listeners)
        }));
    }
    html! {
        <div ref={bar} class="selection-bar" role="toolbar" aria-label="Tag the selection" hidden={*shown == 0}>
            { label_buttons(&props.schema, &props.dispatch, "button sel-tag") }
        </div>
    }
}
