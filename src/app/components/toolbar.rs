//! The tagging toolbar above the article: a button per label of the corpus's schema,
//! precision, undo and redo.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::dom::labels_style::label_class;
use crate::app::shortcuts::label_keys;
use crate::app::state::Action;
use crate::model::annotators::Layer;
use crate::model::{LabelSchema, SnapMode};

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub schema: Rc<LabelSchema>,
    pub snap: SnapMode,
    pub can_undo: bool,
    pub can_redo: bool,
    pub has_selected_span: bool,
    /// Tag the page's current selection with a label id.
    pub on_tag: Callback<String>,
    /// The annotators with spans in the open article (the person's own first) and whose the
    /// reader shows.
    pub layers: Rc<Vec<Rc<str>>>,
    pub layer: Layer,
    /// The name of the person at this browser.
    pub me: Rc<str>,
    pub dispatch: Callback<Action>,
}

/// Keep the page's text selection when a toolbar button is pressed.
fn keep_selection(e: MouseEvent) {
    e.prevent_default();
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let schema = &props.schema;
    let labels = schema.labels().iter().map(|l| {
        let id = l.id.clone();
        let onclick = props.on_tag.reform(move |_: MouseEvent| id.clone());
        let keys = label_keys(schema, &l.id);
        // Every key that tags with it, for `aria-keyshortcuts` ("1 q"); the first is shown.
        let key = schema.digit(&l.id).or(l.key);
        let shortcuts = keys.as_ref().map(|k| k.replace(" or ", " "));
        let help = if l.help.is_empty() {
            String::new()
        } else {
            format!("{}: ", l.help)
        };
        let title = match &keys {
            Some(k) => format!("{help}tag the selection as {} ({k})", l.name),
            None => format!("{help}tag the selection as {}", l.name),
        };
        html! {
            // Named by its text: the label's name (the key hint is hidden from the name, and
            // given as the shortcut instead).
            <button type="button" class={classes!("tag-button", label_class(&l.id))}
                    aria-keyshortcuts={shortcuts} {title}
                    onmousedown={keep_selection} {onclick}>
                <span class="swatch" aria-hidden="true"></span>
                { l.name.clone() }
                if let Some(d) = key {
                    <kbd aria-hidden="true">{ d }</kbd>
                }
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
    // The layer switch, once another person's annotations are in the article.
    let switch = (props.layers.len() > 1 || props.layer != Layer::Mine).then(|| {
        let value = |layer: &Layer| match layer {
            Layer::Mine => "mine".to_owned(),
            Layer::All => "all".to_owned(),
            Layer::Of(name) => format!("of:{name}"),
        };
        let me = if props.me.is_empty() {
            "Mine".to_owned()
        } else {
            format!("Mine ({})", props.me)
        };
        let others = props.layers.iter().skip(1).map(|name| {
            let layer = Layer::Of(Rc::clone(name));
            let shown = if name.is_empty() { "Unnamed".to_owned() } else { name.to_string() };
            html! {
                <option value={value(&layer)} selected={props.layer == layer}>{ shown }</option>
            }
        });
        let onchange = props.dispatch.reform(|e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let v = select.value();
            Action::ShowLayer(match v.as_str() {
                "all" => Layer::All,
                "mine" => Layer::Mine,
                other => Layer::Of(Rc::from(other.strip_prefix("of:").unwrap_or(other))),
            })
        });
        html! {
            <label class="layer-switch" title="Whose annotations the article shows">
                <span class="layer-label">{ "Layer" }</span>
                <select class="view-select" aria-label="Layer" {onchange}>
                    <option value="mine" selected={props.layer == Layer::Mine}>{ me }</option>
                    { for others }
                    <option value="all" selected={props.layer == Layer::All}>{ "All layers" }</option>
                </select>
            </label>
        }
    });
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
            { for switch }
        </div>
    }
}
