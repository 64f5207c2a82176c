//! The top bar: the app's name and where the work lives.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub doc_count: usize,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let docs = match props.doc_count {
        1 => "1 article".to_owned(),
        n => format!("{n} articles"),
    };
    html! {
        <header class="topbar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">{ "M" }</span>
                <span class="brand-name">{ "Marginalia" }</span>
            </div>
            <p class="topbar-status">
                <span class="corpus-size">{ docs }</span>
                <span class="dot" aria-hidden="true">{ "·" }</span>
                <span title="Marginalia makes no network requests: your articles stay in this browser.">
                    { "Offline · nothing leaves this browser" }
                </span>
            </p>
        </header>
    }
}
