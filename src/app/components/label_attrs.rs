//! A label's attributes in the Labels dialog (folded under its row): rename or remove each,
//! rename, remove or add the choices of a choice attribute, add a choice or text attribute.
//! Every change is one undoable schema edit; the model refuses removing what spans still use
//! and the dialog says why.

use yew::prelude::*;

use crate::app::components::button::{labelled_button, text_box};
use crate::app::state::Action;
use crate::model::labels::unique_id;
use crate::model::words::join;
use crate::model::SchemaEdit;
use crate::model::{AttrKind, AttrSpec, Edit, LabelSpec};

fn value_of(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value().trim().to_owned())
        .unwrap_or_default()
}

/// "Kind: direct, indirect, partial · Verdict: text", or "none".
pub fn attrs_summary(attrs: &[AttrSpec]) -> String {
    if attrs.is_empty() {
        return "none".to_owned();
    }
    let summaries = attrs.iter().map(|a| match &a.kind {
        AttrKind::Choice(c) if c.is_empty() => format!("{}: no choices yet", a.name),
        AttrKind::Choice(c) => format!("{}: {}", a.name, join(c, ", ")),
        AttrKind::Text => format!("{}: text", a.name),
    });
    join(summaries, " · ")
}

/// A label's attributes, drawn under its row (a plain function: no hooks of its own).
pub fn label_attrs(label: &LabelSpec, dispatch: &Callback<Action>) -> Html {
    let edit = {
        let dispatch = dispatch.clone();
        move |e: Edit| dispatch.emit(Action::EditSchema(e))
    };

    let attrs = label.attributes.iter().map(|a| {
        let rename = {
            let (edit, label, attr) = (edit.clone(), label.id.clone(), a.id.clone());
            let old = a.name.clone();
            move |e: Event| {
                let name = value_of(&e);
                if !name.is_empty() && name != old {
                    edit(Edit::Schema(SchemaEdit::RenameAttr {
                        label: label.clone(),
                        attr: attr.clone(),
                        name,
                    }));
                }
            }
        };
        let remove = {
            let (edit, label, attr) = (edit.clone(), label.id.clone(), a.id.clone());
            move |_: MouseEvent| {
                edit(Edit::Schema(SchemaEdit::RemoveAttr {
                    label: label.clone(),
                    attr: attr.clone(),
                }))
            }
        };
        let choices = a.kind.choices().iter().map(|c| {
            let rename = {
                let (edit, label, attr, from) =
                    (edit.clone(), label.id.clone(), a.id.clone(), c.clone());
                move |e: Event| {
                    let to = value_of(&e);
                    if !to.is_empty() && to != from {
                        edit(Edit::Schema(SchemaEdit::RenameChoice {
                            label: label.clone(),
                            attr: attr.clone(),
                            from: from.clone(),
                            to,
                        }));
                    }
                }
            };
            let remove = {
                let (edit, label, attr, choice) =
                    (edit.clone(), label.id.clone(), a.id.clone(), c.clone());
                move |_: MouseEvent| {
                    edit(Edit::Schema(SchemaEdit::RemoveChoice {
                        label: label.clone(),
                        attr: attr.clone(),
                        choice: choice.clone(),
                    }))
                }
            };
            html! {
                <li key={c.clone()} class="attr-choice">
                    { text_box(None, format!("Choice {c} of {}", a.name), c.clone(), Some("100"), rename.into()) }
                    { labelled_button("icon-button small", "×", format!("Remove choice {c} of {}", a.name),
                                      Some("Remove this choice"), false, remove.into()) }
                </li>
            }
        });
        let add_choice = {
            let (edit, label, attr) = (edit.clone(), label.id.clone(), a.id.clone());
            let index = a.kind.choices().len();
            move |e: SubmitEvent| {
                e.prevent_default();
                let input = e
                    .target_dyn_into::<web_sys::Element>()
                    .and_then(|f| f.query_selector("input").ok().flatten())
                    .and_then(|i| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(i).ok());
                let Some(input) = input else { return };
                let choice = input.value().trim().to_owned();
                if !choice.is_empty() {
                    edit(Edit::Schema(SchemaEdit::AddChoice {
                        label: label.clone(),
                        attr: attr.clone(),
                        index,
                        choice,
                    }));
                    input.set_value("");
                }
            }
        };
        let is_choice = matches!(a.kind, AttrKind::Choice(_));
        html! {
            <li key={a.id.clone()} class="attr-spec">
                <div class="attr-spec-head">
                    { text_box(Some("attr-spec-name"), format!("Name of attribute {} of {}", a.name, label.name),
                               a.name.clone(), Some("100"), rename.into()) }
                    <span class="attr-spec-kind">{ if is_choice { "choice" } else { "free text" } }</span>
                    { labelled_button("button small", "Remove", format!("Remove attribute {} of {}", a.name, label.name),
                                      None, false, remove.into()) }
                </div>
                if is_choice {
                    <ul class="attr-choices" aria-label={format!("Choices of {}", a.name)}>{ for choices }</ul>
                    <form class="attr-add-choice" onsubmit={add_choice}>
                        <input type="text" placeholder="New choice" maxlength="100"
                               aria-label={format!("New choice for {}", a.name)} />
                        <button type="submit" class="button small">{ "Add choice" }</button>
                    </form>
                }
            </li>
        }
    });

    let add_attr = {
        let (edit, label) = (edit.clone(), label.clone());
        move |e: SubmitEvent| {
            e.prevent_default();
            // The form's box and select (found in it: no node refs, so no hooks).
            let form = e.target_dyn_into::<web_sys::Element>();
            let find = |selector: &str| form.as_ref()?.query_selector(selector).ok().flatten();
            let input = find("input")
                .and_then(|i| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(i).ok());
            let Some(input) = input else {
                return;
            };
            let name = input.value().trim().to_owned();
            if name.is_empty() {
                return;
            }
            let text = find("select")
                .and_then(|s| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(s).ok())
                .is_some_and(|s| s.value() == "text");
            let id = unique_id(&name, "attribute", |id| {
                label.attributes.iter().any(|a| a.id == id)
            });
            edit(Edit::Schema(SchemaEdit::AddAttr {
                label: label.id.clone(),
                index: label.attributes.len(),
                attr: AttrSpec {
                    id,
                    name,
                    kind: if text {
                        AttrKind::Text
                    } else {
                        AttrKind::Choice(Vec::new())
                    },
                },
            }));
            input.set_value("");
        }
    };
    html! {
        <details class="label-attrs">
            <summary>
                <span class="label-attrs-title">{ "Attributes" }</span>
                <span class="label-attrs-summary">{ attrs_summary(&label.attributes) }</span>
            </summary>
            <ul class="attr-specs" aria-label={format!("Attributes of {}", label.name)}>{ for attrs }</ul>
            <form class="attr-add" onsubmit={add_attr}>
                <input type="text" placeholder="New attribute" maxlength="100"
                       aria-label={format!("New attribute of {}", label.name)} />
                <select aria-label={format!("Kind of the new attribute of {}", label.name)}>
                    <option value="choice" selected=true>{ "choice" }</option>
                    <option value="text">{ "free text" }</option>
                </select>
                <button type="submit" class="button small">{ "Add attribute" }</button>
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LabelSchema;

    #[test]
    fn summary_names_each_attribute() {
        let schema = LabelSchema::default();
        let claim = schema.label("claim").expect("claim");
        assert_eq!(
            attrs_summary(&claim.attributes),
            "Check-worthiness: check-worthy, not check-worthy, unsure · Verdict: text"
        );
        assert_eq!(attrs_summary(&[]), "none");
        assert_eq!(unique_id("Kind", "attribute", |id| id == "kind"), "kind-2");
    }
}
