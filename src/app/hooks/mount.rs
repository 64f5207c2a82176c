//! `use_mount`: work done once, after a component's first render, and undone when the
//! component goes (listeners removed, focus given back). Every such effect of the app goes
//! through this one hook with a boxed closure, so the download carries one copy of yew's effect
//! code for all of them instead of one per effect, about 800 B each (docs/bundle-size.md).

use gloo::events::EventListener;
use yew::prelude::*;

/// What undoes a mount's work when the component goes.
pub type Unmount = Box<dyn FnOnce()>;

/// Nothing to undo.
pub fn nothing() -> Unmount {
    Box::new(|| ())
}

/// Remove these listeners when the component goes.
pub fn listening(listeners: Vec<EventListener>) -> Unmount {
    Box::new(move || drop(listeners))
}

/// Run `run` once, after the first render; what it returns runs when the component goes.
#[hook]
pub fn use_mount(run: Box<dyn FnOnce() -> Unmount>) {
    use_effect_with((), move |_| run());
}
