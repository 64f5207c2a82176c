//! `use_storage_sync`: what another tab saves is merged here (the `storage` event fires only
//! in the other tabs of the same origin).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::dom::persistence::Persist;
use crate::app::hooks::mount::{listening, use_mount};
use crate::app::state::Action;

/// Turn each `storage` event into an [`Action::Remote`] (when it is a change to merge).
#[hook]
pub fn use_storage_sync(persist: Rc<RefCell<Option<Persist>>>, dispatch: Callback<Action>) {
    use_mount(Box::new(move || {
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "storage", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                    return;
                };
                let change = persist
                    .borrow_mut()
                    .as_mut()
                    .and_then(|p| p.on_storage_event(event.key(), event.new_value()));
                if let Some(change) = change {
                    dispatch.emit(Action::Remote(change));
                }
            })
        });
        listening(listener.into_iter().collect())
    }));
}
