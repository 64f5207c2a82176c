//! A modal dialog's manners, for every dialog (shortcuts, paste, labels, export, link
//! picker): while it is open, the rest of the page is `inert` (Tab stays in the dialog, and
//! assistive technology reads only the dialog); it opens with the focus inside it; when it
//! closes, the focus goes back to what had it before (the button that opened it).

use crate::app::hooks::mount::use_mount;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What can take the focus in a dialog, first to last.
const FOCUSABLE: &str =
    "[autofocus], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [href], [tabindex]:not([tabindex=\"-1\"])";

/// Make the element of `backdrop` (the dialog's outermost element, a child of the app's
/// shell) modal for as long as the component lives. Call it first in the dialog's component,
/// so that the focus it finds is still the opener's.
#[hook]
pub fn use_modal(backdrop: NodeRef) {
    use_mount(Box::new(move || {
        let document = web_sys::window().and_then(|w| w.document());
        let opener = document.as_ref().and_then(|d| d.active_element());
        let mut made_inert = Vec::new();
        if let Some(backdrop) = backdrop.cast::<web_sys::Element>() {
            let siblings = backdrop.parent_element().map(|p| p.children());
            for i in 0..siblings.as_ref().map_or(0, |s| s.length()) {
                let Some(el) = siblings.as_ref().and_then(|s| s.item(i)) else {
                    continue;
                };
                if !el.is_same_node(Some(&backdrop)) && !el.has_attribute("inert") {
                    let _ = el.set_attribute("inert", "");
                    made_inert.push(el);
                }
            }
            let inside = opener
                .as_ref()
                .is_some_and(|el| backdrop.contains(Some(el)));
            if !inside {
                let first = backdrop.query_selector(FOCUSABLE).ok().flatten();
                if let Some(el) = first.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
                    // Without scrolling: a tall dialog (the shortcuts) stays at its title even
                    // when its first control is its last line.
                    let options = web_sys::FocusOptions::new();
                    options.set_prevent_scroll(true);
                    let _ = el.focus_with_options(&options);
                }
            }
        }
        Box::new(move || {
            for el in made_inert {
                let _ = el.remove_attribute("inert");
            }
            let opener = opener
                .filter(|el| el.is_connected())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = opener {
                let _ = el.focus();
            }
        })
    }));
}

/// A dialog of class `class`, named by its title (`title`, with the id `title_id`), holding
/// `body` after it.
pub fn dialog_frame(
    class: &'static str,
    title_id: &'static str,
    title: String,
    body: Html,
) -> Html {
    html! {
        <div class={class} role="dialog" aria-modal="true" aria-labelledby={title_id}>
            <h2 id={title_id}>{ title }</h2>
            { body }
        </div>
    }
}
