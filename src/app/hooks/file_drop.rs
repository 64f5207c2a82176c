//! `use_file_drop`: files dropped anywhere on the page are opened.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::dom::loader::{files_of, load_files};
use crate::app::hooks::mount::{listening, use_mount};
use crate::app::state::Action;

/// Open files dropped on the page (instead of the browser navigating to them).
#[hook]
pub fn use_file_drop(dispatch: Callback<Action>) {
    use_mount(Box::new(move || {
        let mut listeners = Vec::new();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let options = EventListenerOptions::enable_prevent_default();
            listeners.push(EventListener::new_with_options(
                &document,
                "dragover",
                options,
                |event| event.prevent_default(),
            ));
            listeners.push(EventListener::new_with_options(
                &document,
                "drop",
                options,
                move |event| {
                    event.prevent_default();
                    let files = event
                        .dyn_ref::<web_sys::DragEvent>()
                        .and_then(|e| e.data_transfer())
                        .map(|dt| files_of(dt.files()))
                        .unwrap_or_default();
                    load_files(files, dispatch.clone());
                },
            ));
        }
        listening(listeners)
    }));
}
