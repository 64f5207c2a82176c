//! A plain button: a class, a text and what a click does (the markup written once for the
//! dialogs' actions, the header and the views).

use yew::prelude::*;

/// `<button type="button" class={class} onclick={onclick} title={title}>{ text }</button>`,
/// without a title for none.
pub fn button(
    class: &'static str,
    text: &'static str,
    title: Option<&'static str>,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" {class} {onclick} {title}>{ text }</button>
    }
}

/// A button named for assistive technology by `label` (its text a sign: ×, ↑), with a title
/// or none, and disabled or not.
pub fn labelled_button(
    class: &'static str,
    text: &'static str,
    label: String,
    title: Option<&'static str>,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" {class} aria-label={label} {title} {disabled} {onclick}>{ text }</button>
    }
}

/// A link to a span's place: its text, and where it is (an article's title, or figures).
pub fn span_link(text: String, place: String, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" class="span-link" {onclick}>
            <span class="span-link-text">{ text }</span>
            <span class="span-link-doc">{ place }</span>
        </button>
    }
}

/// A search box: its class, its placeholder, its name, what is typed, and what typing does.
pub fn search_box(
    class: &'static str,
    placeholder: &'static str,
    label: &'static str,
    value: String,
    oninput: Callback<InputEvent>,
) -> Html {
    html! {
        <input type="search" {class} {placeholder} aria-label={label} {value} {oninput} />
    }
}

/// A text box changed on Enter or on leaving it: its class (or none), its name, its text, its
/// longest text (or none), and what a change does.
pub fn text_box(
    class: Option<&'static str>,
    label: String,
    value: String,
    maxlength: Option<&'static str>,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <input type="text" {class} aria-label={label} {value} {maxlength} {onchange} />
    }
}

/// A button whose text is made for it (a name, a figure), with a title or none, and disabled
/// or not.
pub fn text_button(
    class: &'static str,
    text: String,
    title: Option<String>,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" {class} {title} {disabled} {onclick}>{ text }</button>
    }
}

/// A button that shows or hides something (`aria-expanded`), with what it controls and a title
/// or none.
pub fn expand_button(
    class: &'static str,
    text: String,
    expanded: bool,
    controls: Option<&'static str>,
    title: Option<&'static str>,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" {class} aria-expanded={expanded.to_string()} aria-controls={controls}
                {title} {onclick}>{ text }</button>
    }
}
