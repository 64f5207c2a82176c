//! One component type for the app's parts (the header, the document list and its rows, the
//! article and its chunks, blocks and relation layer, the annotation panel and its runs of
//! rows, the corpus views): each component type copies yew's component code (its props
//! wrapper, scope, runners and `type_id`s; about 0.3 KB gzip each). A part's props implement
//! [`Drawn`]: its hooks and markup, run as one hook, and its comparison.
//!
//! An instance keeps the kind of part it was made for: every part stands in a place of the
//! markup that holds that kind only (a keyed list of one kind, or a place of its own), so the
//! hooks it runs are the same at every render.

use std::any::Any;
use std::rc::Rc;

use yew::functional::{Hook, HookContext};
use yew::prelude::*;

/// A part's props: how it is drawn and compared.
pub trait Drawn: Any {
    /// Runs the part's hooks and gives its markup.
    fn draw(&self, ctx: &mut HookContext) -> Html;
    /// Whether `other` is the same kind of part with equal props.
    fn same(&self, other: &dyn Any) -> bool;
}

/// [`Drawn::same`] for props compared by their `PartialEq`.
pub fn same_as<P: PartialEq + 'static>(props: &P, other: &dyn Any) -> bool {
    other.downcast_ref::<P>() == Some(props)
}

#[derive(Properties)]
pub struct PartProps {
    pub of: Rc<dyn Drawn>,
}

impl PartialEq for PartProps {
    fn eq(&self, other: &Self) -> bool {
        let other: &dyn Any = &*other.of;
        self.of.same(other)
    }
}

/// The part's own hook: runs the hooks of the part it draws.
struct DrawHook<'a>(&'a dyn Drawn);

impl Hook for DrawHook<'_> {
    type Output = Html;

    fn run(self, ctx: &mut HookContext) -> Html {
        self.0.draw(ctx)
    }
}

fn use_drawn(props: &PartProps) -> DrawHook<'_> {
    DrawHook(&*props.of)
}

#[component]
pub fn Part(props: &PartProps) -> Html {
    use_drawn(props)
}

/// `props` as a part's.
pub fn part<P: Drawn>(props: P) -> Rc<dyn Drawn> {
    Rc::new(props)
}
