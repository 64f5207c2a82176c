//! The tagging toolbar above the article: label buttons, precision, undo and redo.

use yew::prelude::*;

use super::state::Action;
use crate::model::{SnapMode, DEFAULT_LABELS};

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub snap: SnapMode,
    pub can_undo: bool,
    pub can_redo: bool,
    pub has_selected_span: bool,
    /// Tag the page's current selection with a label id.
    pub on_tag: Callback<&'static str>,
    pub dispatch: Callback<Action>,
}

/// Keep the page's text selection when a toolbar button is pressed.
fn keep_selection(e: MouseEvent) {
    e.prevent_default();
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let labels = DEFAULT_LABELS.iter().map(|l| {
        let onclick = props.on_tag.reform(move |_: MouseEvent| l.id);
        html! {
            <button type="button" class={classes!("tag-button", l.id)} aria-label={l.name}
                    title={format!("{}: tag the selection as {} ({} or {})", l.help, l.id, l.digit, l.letter)}
                    onmousedown={keep_selection} {onclick}>
                <span class="swatch" aria-hidden="true"></span>
                { l.name }
                <kbd aria-hidden="true">{ l.digit }</kbd>
            </button>
        }
    });
    let precise = props.snap == SnapMode::Characters;
    let toggle = props.dispatch.reform(move |_: MouseEvent| {
        Action::SetSnap(if precise {
            SnapMode::Words
        } else {
            SnapMode::Characters
        })
    });
    let undo = props.dispatch.reform(|_: MouseEvent| Action::Undo);
    let redo = props.dispatch.reform(|_: MouseEvent| Action::Redo);
    let delete = props
        .dispatch
        .reform(|_: MouseEvent| Action::DeleteSelected);
    html! {
        <div class="toolbar" role="toolbar" aria-label="Annotate">
            <div class="toolbar-group">{ for labels }</div>
            <div class="toolbar-group">
                <button type="button" class="button small" aria-pressed={precise.to_string()}
                        title="Off: selections snap to whole words. On: exact characters."
                        onmousedown={keep_selection} onclick={toggle}>
                    { "Character precision" }
                </button>
                <button type="button" class="button small" disabled={!props.has_selected_span}
                        onclick={delete} title="Delete the selected span (Delete)">{ "Delete" }</button>
                <button type="button" class="button small" aria-label="Undo" title="Undo (Ctrl+Z)"
                        disabled={!props.can_undo} onclick={undo}>{ "↶ Undo" }</button>
                <button type="button" class="button small" aria-label="Redo" title="Redo (Ctrl+Shift+Z)"
                        disabled={!props.can_redo} onclick={redo}>{ "↷ Redo" }</button>
            </div>
        </div>
    }
}
