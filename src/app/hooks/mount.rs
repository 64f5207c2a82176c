//! `use_mount`: work done once, after a component's first render, and undone when the
//! component goes (listeners removed, focus given back). Every such effect of the app goes
//! through this one hook with a boxed closure, so the download carries one copy of yew's effect
//! code for all of them instead of one per effect, about 800 B each (docs/bundle-size.md).
//! An effect that runs again when a value changes goes through `use_change`, with the value
//! as [`Deps`]: the same one copy of yew's effect code.

use std::any::Any;

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

/// What an effect follows: a value compared with the one of the last render by its type's own
/// `==` (one effect type for every kind of value).
pub struct Deps {
    value: Box<dyn Any>,
    same: fn(&dyn Any, &dyn Any) -> bool,
}

impl PartialEq for Deps {
    fn eq(&self, other: &Self) -> bool {
        (self.same)(&*self.value, &*other.value)
    }
}

/// `value` as what an effect follows.
pub fn deps<T: PartialEq + 'static>(value: T) -> Deps {
    Deps {
        value: Box::new(value),
        same: |a, b| a.downcast_ref::<T>() == b.downcast_ref::<T>(),
    }
}

/// Run `run` after the first render and again after each render whose `deps` differ from the
/// last ones; what it returns runs before the next run and when the component goes.
#[hook]
pub fn use_change(deps: Deps, run: Box<dyn FnOnce() -> Unmount>) {
    use_effect_with(deps, move |_| run());
}

/// Run `run` once, after the first render; what it returns runs when the component goes.
#[hook]
pub fn use_mount(run: Box<dyn FnOnce() -> Unmount>) {
    use_change(deps(()), run);
}
