//! `use_storage_sync`: what another tab saves is merged here. Tabs that keep the corpus in
//! IndexedDB hear each other's writes on a `BroadcastChannel`; with localStorage, the `storage`
//! event (which fires only in the other tabs of the same origin) says what changed.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::dom::idb;
use crate::app::dom::persistence::{measure_usage, pump, Persist};
use crate::app::dom::startup::finish_loading;
use crate::app::hooks::mount::{listening, use_mount};
use crate::app::state::Action;

/// Turn each `storage` event into an [`Action::Remote`] (when it is a change to merge).
#[hook]
pub fn use_storage_sync(persist: Rc<RefCell<Option<Persist>>>, dispatch: Callback<Action>) {
    use_mount(Box::new(move || {
        // Saves replayed from the journal at start go out now; the meter learns the usage.
        pump(&persist, &dispatch);
        let in_idb = persist.borrow().as_ref().is_some_and(Persist::in_idb);
        if in_idb {
            measure_usage(&dispatch);
            let (heard, tell) = (persist.clone(), dispatch.clone());
            let channel = idb::open_channel(move |writes| {
                let changes = heard
                    .borrow_mut()
                    .as_mut()
                    .map(|p| p.on_remote_writes(writes))
                    .unwrap_or_default();
                for change in changes {
                    tell.emit(Action::Remote(change));
                }
            });
            if let Some(p) = persist.borrow_mut().as_mut() {
                p.set_channel(channel);
            }
            // A large corpus showed its open article first: now the rest.
            finish_loading(&persist, &dispatch);
        }
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
