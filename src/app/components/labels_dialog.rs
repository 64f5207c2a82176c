//! The Labels dialog: the corpus's label schema as a list to rename, recolour, rekey and
//! remove, and a form to add a label. Every change is one undoable edit of the schema
//! ([`Action::EditSchema`]); the model refuses what would make the schema invalid and says why.
//! Drawn by the dialogs' one part ([`use_small_dialog`](super::dialogs::use_small_dialog)).

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::button::{button, labelled_button, text_box};
use crate::app::components::class_list::{class_list, when};
use crate::app::components::modal::dialog_frame;

use crate::app::components::label_attrs::label_attrs;
use crate::app::dom::labels_style::label_class;
use crate::app::state::Action;
use crate::model::words::plural;
use crate::model::SchemaEdit;
use crate::model::{DocEntry, Edit, LabelField, LabelSchema, LabelSpec};

/// Colours offered for a new label (Okabe–Ito and a few more that read on both themes).
pub const PALETTE: [&str; 6] = [
    "#cc79a7", "#d55e00", "#56b4e9", "#7a5195", "#8c8c00", "#6b6b6b",
];

/// The key typed in a key field: `None` when empty or the label's own position digit (which
/// tags with it anyway), the first character otherwise.
fn key_of(text: &str, digit: Option<char>) -> Option<char> {
    text.trim().chars().next().filter(|c| Some(*c) != digit)
}

/// The first palette colour none of `labels` has yet.
pub fn free_color(labels: &[LabelSpec]) -> &'static str {
    PALETTE
        .iter()
        .find(|p| !labels.iter().any(|l| l.color.eq_ignore_ascii_case(p)))
        .copied()
        .unwrap_or(PALETTE[0])
}

fn input_value(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

/// What the Labels dialog shows: the schema, every article (for each label's number of uses),
/// and why the model refused the last change made there.
pub struct Labels<'a> {
    pub schema: &'a Rc<LabelSchema>,
    pub entries: &'a [Rc<DocEntry>],
    pub refused: Option<&'a String>,
    pub dispatch: &'a Callback<Action>,
}

/// The dialog, with its boxes for a new label's name and key, the colour chosen for it and
/// the last refusal (hooks of [`use_small_dialog`](super::dialogs::use_small_dialog), which focuses
/// the name box once shown).
pub fn labels_dialog(
    props: Labels,
    (name_ref, key_ref): (NodeRef, NodeRef),
    color: UseStateHandle<Option<String>>,
    error: UseStateHandle<Option<String>>,
) -> Html {
    let (dispatch, schema) = (props.dispatch, props.schema);
    let uses = |id: &str| -> usize { props.entries.iter().map(|e| e.count(id)).sum() };

    let count = schema.len();
    let rows = schema.labels().iter().enumerate().map(|(i, l)| {
        // Moving a label changes the digit keys of the labels it passes.
        let mover = |index: usize| {
            let id = l.id.clone();
            dispatch.reform(move |_: MouseEvent| {
                Action::EditSchema(Edit::Schema(SchemaEdit::MoveLabel {
                    id: id.clone(),
                    index,
                }))
            })
        };
        let up = mover(i.saturating_sub(1));
        let down = mover(i + 1);
        // A change the schema would refuse is said here and the field shows the label again.
        let change = |current: String, make: Rc<dyn Fn(String) -> LabelField>| {
            let (id, error) = (l.id.clone(), error.clone());
            let (schema, dispatch) = (schema.clone(), dispatch.clone());
            Callback::from(move |e: Event| {
                let field = make(input_value(&e));
                let mut labels = schema.labels().to_vec();
                if let Some(label) = labels.iter_mut().find(|x| x.id == id) {
                    label.set(field.clone());
                }
                if let Err(why) = LabelSchema::new(labels) {
                    error.set(Some(why));
                    if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                        input.set_value(&current);
                    }
                    return;
                }
                error.set(None);
                dispatch.emit(Action::EditSchema(Edit::Schema(SchemaEdit::SetLabel {
                    id: id.clone(),
                    field,
                })));
            })
        };
        let on_name = change(l.name.clone(), Rc::new(LabelField::Name));
        let on_color = change(l.color.clone(), Rc::new(LabelField::Color));
        let digit = schema.digit(&l.id);
        let on_key = change(
            l.key.map(|k| k.to_string()).unwrap_or_default(),
            Rc::new(move |text| LabelField::Key(key_of(&text, digit))),
        );
        let n = uses(&l.id);
        let remove = {
            let (id, name, error) = (l.id.clone(), l.name.clone(), error.clone());
            let dispatch = dispatch.clone();
            move |_: MouseEvent| {
                if n > 0 {
                    let spans = plural(n, "annotation uses it", "annotations use it");
                    error.set(Some(format!(
                        "“{name}” cannot be removed: {spans}. Relabel or delete them first."
                    )));
                } else {
                    error.set(None);
                    dispatch.emit(Action::EditSchema(Edit::Schema(SchemaEdit::RemoveLabel { id: id.clone() })));
                }
            }
        };
        html! {
            <li key={l.id.clone()} class="label-row">
                <span class={class_list(&["label-sample", &label_class(&l.id)])} aria-hidden="true">
                    <span class="swatch"></span>
                </span>
                { text_box(Some("label-name"), format!("Name of {}", l.name), l.name.clone(), Some("100"), on_name) }
                <input type="color" class="label-color" aria-label={format!("Colour of {}", l.name)}
                       value={l.color.clone()} onchange={on_color} />
                <span class="label-digit" title="Its position's digit key">
                    { digit.map(|d| d.to_string()).unwrap_or_default() }
                </span>
                <input type="text" class="label-key" aria-label={format!("Key of {}", l.name)}
                       title="A key of its own (optional)" maxlength="1"
                       value={l.key.map(|k| k.to_string()).unwrap_or_default()} onchange={on_key} />
                <span class="label-uses">{ plural(n, "use", "uses") }</span>
                { labelled_button("button small icon-only", "↑", format!("Move {} up", l.name),
                                  Some("Move up (its digit key changes)"), i == 0, up.into()) }
                { labelled_button("button small icon-only", "↓", format!("Move {} down", l.name),
                                  Some("Move down (its digit key changes)"), i + 1 == count, down.into()) }
                { labelled_button("button small", "Remove", format!("Remove {}", l.name), None, false, remove.into()) }
                { label_attrs(l, dispatch) }
            </li>
        }
    });

    let palette = PALETTE.iter().map(|p| {
        let chosen = color.as_deref().unwrap_or_default().eq_ignore_ascii_case(p);
        let pick = {
            let color = color.clone();
            move |_: MouseEvent| color.set(Some((*p).to_owned()))
        };
        html! {
            <button type="button" class={class_list(&["palette-colour", &format!("pal-{}", &p[1..]), when(chosen, "chosen")])}
                    aria-label={format!("Colour {p}")} aria-pressed={chosen.to_string()} onclick={pick}></button>
        }
    });
    let on_color_input = {
        let color = color.clone();
        move |e: Event| color.set(Some(input_value(&e)))
    };
    let add = {
        let (name_ref, key_ref, color, error) = (
            name_ref.clone(),
            key_ref.clone(),
            color.clone(),
            error.clone(),
        );
        let (schema, dispatch) = (schema.clone(), dispatch.clone());
        move |e: SubmitEvent| {
            e.prevent_default();
            let name_input = name_ref.cast::<web_sys::HtmlInputElement>();
            let key_input = key_ref.cast::<web_sys::HtmlInputElement>();
            let name = name_input.as_ref().map(|i| i.value()).unwrap_or_default();
            let name = name.trim().to_owned();
            if name.is_empty() {
                error.set(Some("Give the new label a name.".to_owned()));
                return;
            }
            let mut label = LabelSpec::new(
                &schema.new_label_id(&name),
                &name,
                color.as_deref().unwrap_or_default(),
            );
            // Its place's digit (when it has one) tags with it anyway.
            let digit = char::from_digit(schema.len() as u32 + 1, 10).filter(|d| *d != '0');
            label.key = key_input.as_ref().and_then(|i| key_of(&i.value(), digit));
            let mut labels = schema.labels().to_vec();
            labels.push(label.clone());
            let next_color = free_color(&labels);
            // Say why here, before the edit (the model would refuse the same).
            if let Err(why) = LabelSchema::new(labels) {
                error.set(Some(why));
                return;
            }
            color.set(Some(next_color.to_owned()));
            error.set(None);
            dispatch.emit(Action::EditSchema(Edit::Schema(SchemaEdit::AddLabel {
                index: schema.len(),
                label,
            })));
            for input in [name_input, key_input].into_iter().flatten() {
                input.set_value("");
            }
            if let Some(input) = name_ref.cast::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    };
    let close = dispatch.reform(|_: MouseEvent| Action::CloseDialog);
    dialog_frame(
        "dialog wide labels-dialog",
        "labels-title",
        "Labels".to_owned(),
        html! {
            <>
                <p class="dialog-hint">
                    { "Changes apply to every article and are saved; Ctrl+Z undoes them. The first nine labels also take the digit of their place." }
                </p>
                <ul class="label-rows" aria-label="Labels of this corpus">{ for rows }</ul>
                <form class="label-add" onsubmit={add} aria-labelledby="label-add-title">
                    <h3 id="label-add-title">{ "Add a label" }</h3>
                    <div class="label-add-fields">
                        <input ref={name_ref} type="text" class="label-name" aria-label="New label name"
                               placeholder="Name" maxlength="100" />
                        <input ref={key_ref} type="text" class="label-key" aria-label="New label key"
                               placeholder="Key" title="A key of its own (optional)" maxlength="1" />
                        <input type="color" class="label-color" aria-label="New label colour"
                               value={(*color).clone().unwrap_or_default()} onchange={on_color_input} />
                        <button type="submit" class="button primary">{ "Add label" }</button>
                    </div>
                    <div class="palette" role="group" aria-label="Colours">{ for palette }</div>
                </form>
                if let Some(message) = (*error).clone().or_else(|| props.refused.cloned()) {
                    <p class="field-error" role="alert">{ message }</p>
                }
                <div class="dialog-actions">
                    { button("button", "Close", None, close.into()) }
                </div>
            </>
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_colours_and_typed_keys() {
        let schema = LabelSchema::default();
        assert_eq!(free_color(schema.labels()), PALETTE[0]);
        let mut labels = schema.labels().to_vec();
        labels.push(LabelSpec::new("source", "Source", PALETTE[0]));
        assert_eq!(free_color(&labels), PALETTE[1]);
        assert_eq!(key_of("", Some('4')), None);
        assert_eq!(key_of("4", Some('4')), None);
        assert_eq!(key_of("x", Some('4')), Some('x'));
    }
}
