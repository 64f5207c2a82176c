//! `use_listeners`: event listeners registered once, after the first render, and removed with
//! the component. Every hook that listens to the page goes through this one: the listeners
//! are made by a boxed closure, so the download carries one copy of yew's effect code for all
//! of them, not one per hook (about 800 B each; docs/bundle-size.md).

use gloo::events::EventListener;
use yew::prelude::*;

/// Listeners, dropped (so removed) together.
pub type Listeners = Vec<EventListener>;

/// Register the listeners `make` returns, once.
#[hook]
pub fn use_listeners(make: Box<dyn FnOnce() -> Listeners>) {
    use_effect_with((), move |_| {
        let listeners = make();
        move || drop(listeners)
    });
}
