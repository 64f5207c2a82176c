//! `use_label_colors`: the schema's colours in the page, one constructed stylesheet rebuilt
//! when the schema changes (see [`crate::app::dom::labels_style`]).

use std::rc::Rc;

use yew::prelude::*;

use crate::app::dom::labels_style;
use crate::model::LabelSchema;

#[hook]
pub fn use_label_colors(schema: Rc<LabelSchema>) {
    use_effect_with(schema, |schema| {
        labels_style::install(&labels_style::label_css(schema));
    });
}
