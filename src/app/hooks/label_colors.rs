//! `use_label_colors`: the schema's colours in the page, one constructed stylesheet rebuilt
//! when the schema changes (see [`crate::app::dom::labels_style`]).

use std::rc::Rc;

use yew::prelude::*;

use crate::app::dom::labels_style;
use crate::app::hooks::mount::{deps, nothing, use_change};
use crate::model::LabelSchema;

#[hook]
pub fn use_label_colors(schema: Rc<LabelSchema>) {
    use_change(
        deps(schema.clone()),
        Box::new(move || {
            labels_style::install(&labels_style::label_css(&schema));
            nothing()
        }),
    );
}
