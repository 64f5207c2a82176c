//! One row of the annotation panel's list of spans: a button with the span's label and
//! excerpt. Rows are plain markup inside their run (`span_chunk.rs`), which re-renders only
//! when one of its spans changes; a click on any row reaches one handler on the whole list,
//! which finds the row's span by its `data-span` attribute ([`clicked_span`]).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::components::class_list::{class_list, when};

use crate::app::dom::labels_style::label_class;
use crate::model::text::CpIndex;
use crate::model::words;
use crate::model::{LabelSchema, Span, SpanId};

/// Longest excerpt shown for a span, in characters.
const EXCERPT_CHARS: usize = 90;

/// The span's words as the panel shows them: at most [`EXCERPT_CHARS`] characters.
pub fn excerpt(text: &CpIndex, span: &Span) -> String {
    words::excerpt(text.slice(span.start, span.end), EXCERPT_CHARS)
}

/// The row of `span`.
pub fn row(span: &Span, selected: bool, text: &CpIndex, schema: &LabelSchema) -> Html {
    html! {
        <div key={span.id.0.clone()} role="listitem">
            <button type="button" class={class_list(&["span-item", when(selected, "active")])}
                    aria-current={selected.then_some("true")} data-span={span.id.0.clone()}
                    data-annotator={(!span.annotator.is_empty()).then(|| span.annotator.to_string())}>
                <span class={class_list(&["chip", &label_class(&span.label)])}>{ schema.name_of(&span.label).to_owned() }</span>
                <span class="span-excerpt">{ excerpt(text, span) }</span>
                if !span.note.is_empty() {
                    <span class="span-note">{ span.note.clone() }</span>
                }
            </button>
        </div>
    }
}

/// The span whose row a click (or Enter or Space on the row's button) landed in.
pub fn clicked_span(event: &MouseEvent) -> Option<SpanId> {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".span-item").ok().flatten())
        .and_then(|button| button.get_attribute("data-span"))
        .map(SpanId)
}
