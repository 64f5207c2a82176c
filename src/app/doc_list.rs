//! The list of documents in the corpus.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::{DocEntry, DocId};

#[derive(Properties, PartialEq)]
pub struct DocListProps {
    pub entries: Rc<Vec<Rc<DocEntry>>>,
    pub active: Option<DocId>,
    /// One shared callback for every row (yew compares callbacks by pointer).
    pub on_open: Callback<DocId>,
}

#[component]
pub fn DocList(props: &DocListProps) -> Html {
    let rows = props.entries.iter().map(|entry| {
        let doc = &entry.doc;
        let is_active = props.active.as_ref() == Some(&doc.id);
        let onclick = {
            let on_open = props.on_open.clone();
            let id = doc.id.clone();
            move |_: MouseEvent| on_open.emit(id.clone())
        };
        html! {
            <li key={doc.id.0.clone()}>
                <button
                    type="button"
                    class={classes!("doc-item", is_active.then_some("active"))}
                    aria-current={is_active.then_some("page")}
                    {onclick}
                >
                    <span class="doc-title">{ doc.title.clone() }</span>
                    <span class="doc-meta">
                        { format!("{} words · {}", doc.word_count(), doc.source) }
                    </span>
                </button>
            </li>
        }
    });
    html! {
        <nav class="sidebar" aria-label="Documents">
            <h2 class="sidebar-heading">{ "Documents" }</h2>
            <ul class="doc-list">{ for rows }</ul>
            <p class="sidebar-hint">
                <kbd>{ "n" }</kbd>{ " / " }<kbd>{ "p" }</kbd>{ " next / previous article" }
            </p>
        </nav>
    }
}
