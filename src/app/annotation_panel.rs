//! The annotation panel: the labels and the current document's annotations.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::Document;

#[derive(Properties, PartialEq)]
pub struct AnnotationPanelProps {
    pub doc: Option<Rc<Document>>,
}

/// The default labels, their CSS class and what they are for.
const LABELS: [(&str, &str, &str); 3] = [
    ("Quote", "quote", "Words someone said or wrote"),
    ("Claim", "claim", "A statement that can be checked"),
    ("Entity", "entity", "A person, organisation or place"),
];

#[component]
pub fn AnnotationPanel(props: &AnnotationPanelProps) -> Html {
    let legend = LABELS.iter().map(|(name, class, what)| {
        html! {
            <li class={classes!("legend-item", *class)}>
                <span class="swatch" aria-hidden="true"></span>
                <span class="legend-name">{ *name }</span>
                <span class="legend-count" aria-label={format!("0 {name} annotations")}>{ "0" }</span>
                <span class="legend-what">{ *what }</span>
            </li>
        }
    });
    let empty = match &props.doc {
        Some(doc) => format!("No annotations in “{}” yet.", doc.title),
        None => "Open an article to see its annotations.".to_owned(),
    };
    html! {
        <aside class="panel" aria-label="Annotations">
            <h2 class="panel-heading">{ "Annotations" }</h2>
            <ul class="legend">{ for legend }</ul>
            <div class="panel-empty">
                <p>{ empty }</p>
            </div>
        </aside>
    }
}
