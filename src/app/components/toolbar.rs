//! The tagging toolbar above the article: a button per label of the corpus's schema,
//! precision, undo and redo.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::class_list::class_list;

use crate::app::dom::labels_style::label_class;
use crate::app::hooks::shortcuts::tag_selection;
use crate::app::shortcuts::label_keys;
use crate::app::state::Action;
use crate::model::annotators::{shown_name, Layer, GOLD};
use crate::model::{LabelSchema, SnapMode};

/// What the toolbar shows. A plain function draws it, not a component: each component type
/// brings its own copy of yew's component code (about 0.5 KB gzip, docs/bundle-size.md).
pub struct ToolbarProps {
    pub schema: Rc<LabelSchema>,
    pub snap: SnapMode,
    pub can_undo: bool,
    pub can_redo: bool,
    pub has_selected_span: bool,
    /// The annotators with spans in the open article (the person's own first) and whose the
    /// reader shows.
    pub layers: Rc<Vec<Rc<str>>>,
    pub layer: Layer,
    /// The name of the person at this browser.
    pub me: Rc<str>,
    pub dispatch: Callback<Action>,
}

/// The layers the switch offers, with their names: mine, each other annotator's, all, and
/// every pair to compare (mine with each other first).
fn layer_choices(layers: &[Rc<str>], me: &Rc<str>) -> Vec<(Layer, String)> {
    let name = |who: &Rc<str>| {
        if who == me {
            "Mine".to_owned()
        } else if who.is_empty() {
            "Unnamed".to_owned()
        } else {
            shown_name(who).to_owned()
        }
    };
    let mut out = vec![(
        Layer::Mine,
        if me.is_empty() {
            "Mine".to_owned()
        } else {
            format!("Mine ({me})")
        },
    )];
    let others = || layers.iter().filter(|w| *w != me);
    out.extend(others().map(|w| (Layer::Of(Rc::clone(w)), name(w))));
    // Gold, to adjudicate, once there are layers to resolve.
    if layers.len() > 1 && !layers.iter().any(|w| &**w == GOLD) {
        out.push((Layer::Of(Rc::from(GOLD)), "Gold".to_owned()));
    }
    out.push((Layer::All, "All layers".to_owned()));
    for (i, a) in layers.iter().enumerate() {
        for b in layers.iter().skip(i + 1) {
            let layer = Layer::Compare(Rc::clone(a), Rc::clone(b));
            out.push((layer, format!("Compare {} \u{2194} {}", name(a), name(b))));
        }
    }
    out
}

/// Keep the page's text selection when a toolbar button is pressed.
fn keep_selection(e: MouseEvent) {
    e.prevent_default();
}

/// A button per label that tags the page's selection (with its key shown): the toolbar's, and
/// the selection's own bar (`selection_bar`, `class` telling them apart).
pub fn label_buttons(schema: &LabelSchema, dispatch: &Callback<Action>, class: &str) -> Html {
    let labels = schema.labels().iter().map(|l| {
        let id = l.id.clone();
        // Tag the page's current selection with this label.
        let dispatch = dispatch.clone();
        let onclick = move |_: MouseEvent| tag_selection(id.clone(), &dispatch);
        let keys = label_keys(schema, &l.id);
        // Every key that tags with it, for `aria-keyshortcuts` ("1 q"); the first is shown.
        let key = schema.digit(&l.id).or(l.key);
        let shortcuts = keys
            .as_ref()
            .map(|k| crate::model::find::replace(k, " or ", " "));
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
            <button type="button" class={class_list(&[class, &label_class(&l.id)])}
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
    html! { { for labels } }
}

pub fn toolbar(props: &ToolbarProps) -> Html {
    let labels = label_buttons(&props.schema, &props.dispatch, "tag-button");
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
        let mut choices = layer_choices(&props.layers, &props.me);
        // A pair opened from the Agreement view, in its order there.
        if !choices.iter().any(|c| c.0 == props.layer) {
            if let Layer::Compare(a, b) = &props.layer {
                let text = format!("Compare {} \u{2194} {}", shown_name(a), shown_name(b));
                choices.push((props.layer.clone(), text));
            }
        }
        let choices = Rc::new(choices);
        let options = choices.iter().enumerate().map(|(i, (layer, name))| {
            html! {
                <option value={i.to_string()} selected={&props.layer == layer}>{ name }</option>
            }
        });
        let onchange = {
            let choices = Rc::clone(&choices);
            props.dispatch.reform(move |e: Event| {
                let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
                let i = select.value().parse::<usize>().unwrap_or(0);
                Action::ShowLayer(choices.get(i).map_or(Layer::Mine, |c| c.0.clone()))
            })
        };
        html! {
            <label class="layer-switch" title="Whose annotations the article shows">
                <span class="layer-label">{ "Layer" }</span>
                <select class="view-select" aria-label="Layer" {onchange}>{ for options }</select>
            </label>
        }
    });
    html! {
        <div class="toolbar" role="toolbar" aria-label="Annotate">
            <div class="toolbar-group">{ labels }</div>
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
