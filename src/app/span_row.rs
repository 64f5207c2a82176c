//! One row of the annotation panel's list of spans. A row re-renders only when its own span,
//! the schema or whether it is selected changes: an edit in a long article rebuilds the one
//! or two rows it touches, not the 500 listed.

use std::rc::Rc;

use yew::prelude::*;

use super::labels_style::label_class;
use super::state::Action;
use crate::model::corpus_views;
use crate::model::text::{Checkpoints, CpIndex};
use crate::model::{Document, LabelSchema, Span};

/// Longest excerpt shown for a span, in characters.
const EXCERPT_CHARS: usize = 90;

/// The span's words as the panel shows them: at most [`EXCERPT_CHARS`] characters.
pub fn excerpt(text: &CpIndex, span: &Span) -> String {
    corpus_views::excerpt(text.slice(span.start, span.end), EXCERPT_CHARS)
}

#[derive(Properties)]
pub struct SpanRowProps {
    /// The document's spans; this row shows the one at `index`.
    pub spans: Rc<Vec<Rc<Span>>>,
    pub index: usize,
    pub selected: bool,
    pub doc: Rc<Document>,
    /// Checkpoints of `doc.text` (the panel makes them once per document).
    pub marks: Rc<Checkpoints>,
    pub schema: Rc<LabelSchema>,
    pub dispatch: Callback<Action>,
}

impl PartialEq for SpanRowProps {
    /// By the row's own span, not the whole list: a new list (after any edit) with the same
    /// span here leaves the row alone.
    fn eq(&self, other: &Self) -> bool {
        self.selected == other.selected
            && match (self.spans.get(self.index), other.spans.get(other.index)) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b) || a == b,
                (a, b) => a.is_none() && b.is_none(),
            }
            && Rc::ptr_eq(&self.doc, &other.doc)
            && Rc::ptr_eq(&self.marks, &other.marks)
            && Rc::ptr_eq(&self.schema, &other.schema)
            && self.dispatch == other.dispatch
    }
}

#[component]
pub fn SpanRow(props: &SpanRowProps) -> Html {
    let Some(span) = props.spans.get(props.index) else {
        return Html::default();
    };
    let text = CpIndex::with(&props.doc.text, &props.marks);
    let excerpt = excerpt(&text, span);
    let id = span.id.clone();
    let onclick = props
        .dispatch
        .reform(move |_: MouseEvent| Action::Reveal(id.clone()));
    let selected = props.selected;
    html! {
        <li>
            <button type="button" class={classes!("span-item", selected.then_some("active"))}
                    aria-current={selected.then_some("true")} {onclick}>
                <span class={classes!("chip", label_class(&span.label))}>{ props.schema.name_of(&span.label).to_owned() }</span>
                <span class="span-excerpt">{ excerpt }</span>
                if !span.note.is_empty() {
                    <span class="span-note">{ span.note.clone() }</span>
                }
            </button>
        </li>
    }
}
