//! `use_reading_position`: where the reader was in the open article is restored once after
//! the first render and stored when the page hides (see [`crate::app::dom::scroll`]).

use yew::prelude::*;

use crate::app::dom::scroll;
use crate::app::hooks::mount::{listening, use_mount};
use crate::model::DocId;

/// Keep the reading position of `active`, the open document.
#[hook]
pub fn use_reading_position(active: Option<&DocId>) {
    let now = use_mut_ref(|| None::<String>);
    *now.borrow_mut() = active.map(|id| id.0.clone());
    let first = now.borrow().clone();
    use_mount(Box::new(move || {
        if let Some(doc) = first {
            scroll::restore(&doc);
        }
        listening(scroll::listeners(move || now.borrow().clone()))
    }));
}
