//! The top bar: the app's name, the ways to load articles, and notices.

use std::rc::Rc;

use yew::prelude::*;

use super::loader::{files_from_input, load_files, ACCEPT};
use super::state::{Action, Notice, NoticeKind};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub doc_count: usize,
    pub notices: Rc<Vec<Notice>>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let input_ref = use_node_ref();
    let docs = match props.doc_count {
        1 => "1 article".to_owned(),
        n => format!("{n} articles"),
    };
    let open = {
        let input_ref = input_ref.clone();
        move |_: MouseEvent| {
            if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        }
    };
    let onchange = {
        let dispatch = props.dispatch.clone();
        move |e: Event| load_files(files_from_input(&e), dispatch.clone())
    };
    let paste = props
        .dispatch
        .reform(|_: MouseEvent| Action::ShowPaste(true));
    let help = props
        .dispatch
        .reform(|_: MouseEvent| Action::ShowHelp(true));
    let notices = props.notices.iter().map(|n| {
        let id = n.id;
        let dismiss = props.dispatch.reform(move |_: MouseEvent| Action::Dismiss(id));
        let (class, role) = match n.kind {
            NoticeKind::Info => ("notice info", "status"),
            NoticeKind::Error => ("notice error", "alert"),
        };
        html! {
            <li key={n.id} class={class} role={role}>
                <span>{ n.text.clone() }</span>
                <button type="button" class="notice-close" aria-label="Dismiss" onclick={dismiss}>{ "×" }</button>
            </li>
        }
    });
    html! {
        <header class="topbar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">{ "M" }</span>
                <span class="brand-name">{ "Marginalia" }</span>
            </div>
            <div class="topbar-actions">
                <button type="button" class="button primary" onclick={open}>{ "Open articles" }</button>
                <input ref={input_ref} type="file" multiple=true accept={ACCEPT} class="file-input"
                       tabindex="-1" aria-hidden="true" {onchange} />
                <button type="button" class="button" onclick={paste}>{ "Paste article" }</button>
                <button type="button" class="button icon" aria-label="Keyboard shortcuts"
                        title="Keyboard shortcuts (?)" onclick={help}>{ "?" }</button>
            </div>
            <p class="topbar-status">
                <span class="corpus-size">{ docs }</span>
                <span class="dot" aria-hidden="true">{ "·" }</span>
                <span title="Marginalia makes no network requests: your articles stay in this browser.">
                    { "Offline · nothing leaves this browser" }
                </span>
            </p>
            <ul class="notices" aria-live="polite">{ for notices }</ul>
        </header>
    }
}
