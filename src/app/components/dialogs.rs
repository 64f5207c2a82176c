//! Modal dialogs: the keyboard shortcuts list, "Paste article", whose the annotations of a
//! file are, the link picker ([`link_picker`](super::link_picker)), the Labels dialog
//! ([`labels_dialog`](super::labels_dialog)) and Export
//! ([`export_dialog`](super::export_dialog)), and Sync. One part for them all
//! ([`crate::app::components::part`]: each component type brings its own copy of yew's
//! component code, docs/bundle-size.md); the root shows each in a place of its own, so a
//! dialog never takes over another's state.

use std::any::Any;
use std::rc::Rc;

use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::app::components::button::button;
use crate::app::components::export_dialog::{export_dialog, use_export_choices, ExportDialogProps};
use crate::app::components::labels_dialog::{free_color, labels_dialog, Labels};
use crate::app::components::link_picker::{link_picker, use_picker, Linking};
use crate::app::components::modal::{dialog_frame, use_modal};
use crate::app::components::part::{same_as, Drawn};
use crate::app::components::sync_dialog::sync_dialog;
use crate::app::hooks::mount::{nothing, use_mount};

use crate::app::shortcuts::help_rows;
use crate::app::state::{Action, Dialog, SyncCommand, SyncView};
use crate::formats::article::{parse_article, parse_text_with_title};
use crate::model::words::plural;
use crate::model::{DocEntry, DocId, LabelSchema, SpanId};

#[derive(PartialEq)]
pub struct DialogProps {
    /// Which dialog: `Help`, `Paste`, `NameImport`, `Link`, `Labels`, `Export` or `Sync`.
    pub kind: Dialog,
    /// Help, Link, Labels and Export: the label schema.
    pub schema: Option<Rc<LabelSchema>>,
    /// Labels and Export: every article.
    pub entries: Option<Rc<Vec<Rc<DocEntry>>>>,
    /// Export: the open article.
    pub active: Option<DocId>,
    /// Labels: why the model refused the last change made there.
    pub refused: Option<String>,
    /// Link: the open article, and the span the relation starts from.
    pub entry: Option<Rc<DocEntry>>,
    pub from: Option<SpanId>,
    /// NameImport: the annotations waiting, that name nobody.
    pub count: usize,
    /// NameImport and Export: the name of the person at this browser.
    pub me: Rc<str>,
    /// Sync: where it stands, and what its buttons ask of the sync engine.
    pub sync: Option<SyncView>,
    pub on_sync: Option<Callback<SyncCommand>>,
    pub dispatch: Callback<Action>,
}

/// The dialog `props.kind`. Every kind runs the same hooks: the two boxes and the error are
/// Paste's (its title and text), NameImport's (its one box) and Labels' (a new label's name
/// and key, with its colour), the picker Link's, the choices Export's.
impl DialogProps {
    /// The props of dialog `kind`, with nothing else given.
    pub fn of(kind: Dialog, dispatch: &Callback<Action>) -> Self {
        DialogProps {
            kind,
            schema: None,
            entries: None,
            active: None,
            refused: None,
            entry: None,
            from: None,
            count: 0,
            me: Rc::from(""),
            sync: None,
            on_sync: None,
            dispatch: dispatch.clone(),
        }
    }
}

impl Drawn for DialogProps {
    fn draw(&self, ctx: &mut HookContext) -> Html {
        use_small_dialog(self).run(ctx)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

/// The dialogs' one part (`SmallDialog`, once a component of its own).
#[hook]
pub fn use_small_dialog(props: &DialogProps) -> Html {
    let backdrop = use_node_ref();
    use_modal(backdrop.clone());
    let first = use_node_ref();
    let second = use_node_ref();
    let third = use_node_ref();
    let error = use_state(|| None::<String>);
    let color = use_state(|| {
        let schema = props.schema.as_deref();
        schema.map(|s| free_color(s.labels()).to_owned())
    });
    {
        // Labels: the new label's name box focused once shown.
        let (first, labels) = (first.clone(), props.kind == Dialog::Labels);
        use_mount(Box::new(move || {
            if let Some(input) = first.cast::<web_sys::HtmlElement>().filter(|_| labels) {
                let _ = input.focus();
            }
            nothing()
        }));
    }
    let picker = use_picker();
    let export = props
        .entries
        .clone()
        .filter(|_| props.kind == Dialog::Export);
    let choices = use_export_choices(export, props.me.clone());
    let dialog = match props.kind {
        Dialog::Help => help_dialog(props),
        Dialog::Sync => {
            let (Some(view), Some(on_sync)) = (&props.sync, &props.on_sync) else {
                return Html::default();
            };
            sync_dialog(view, on_sync, &props.dispatch, (first, second, third))
        }
        Dialog::Paste => paste_dialog(props, first, second, error),
        Dialog::Export => {
            let (Some(schema), Some(entries)) = (&props.schema, &props.entries) else {
                return Html::default();
            };
            let export = ExportDialogProps {
                schema: Rc::clone(schema),
                entries: Rc::clone(entries),
                active: props.active.clone(),
                me: Rc::clone(&props.me),
                dispatch: props.dispatch.clone(),
            };
            export_dialog(&export, &choices)
        }
        Dialog::Labels => {
            let (Some(schema), Some(entries)) = (&props.schema, &props.entries) else {
                return Html::default();
            };
            let labels = Labels {
                schema,
                entries,
                refused: props.refused.as_ref(),
                dispatch: &props.dispatch,
            };
            labels_dialog(labels, (first, second), color, error)
        }
        Dialog::Link(kind) => {
            let (Some(entry), Some(schema), Some(from)) =
                (&props.entry, &props.schema, &props.from)
            else {
                return Html::default();
            };
            let link = Linking {
                entry,
                schema,
                from,
                kind,
            };
            match link_picker(link, &picker, &props.dispatch) {
                Some(dialog) => dialog,
                None => return Html::default(),
            }
        }
        _ => name_import_dialog(props, first),
    };
    html! {
        <div class="dialog-backdrop" ref={backdrop}>
            { dialog }
        </div>
    }
}

fn help_dialog(props: &DialogProps) -> Html {
    let close = props.dispatch.reform(|_: MouseEvent| Action::CloseDialog);
    let schema = props.schema.clone().unwrap_or_default();
    let rows = help_rows(&schema).into_iter().map(|(keys, what)| {
        html! { <tr><th scope="row"><kbd>{ keys }</kbd></th><td>{ what }</td></tr> }
    });
    dialog_frame(
        "dialog",
        "help-title",
        "Keyboard shortcuts".to_owned(),
        html! {
            <>
                <table class="shortcuts">{ for rows }</table>
                <div class="dialog-actions">
                    <button type="button" class="button primary" onclick={close} autofocus=true>{ "Close" }</button>
                </div>
            </>
        },
    )
}

fn paste_dialog(
    props: &DialogProps,
    title_ref: NodeRef,
    text_ref: NodeRef,
    error: UseStateHandle<Option<String>>,
) -> Html {
    let cancel = props.dispatch.reform(|_: MouseEvent| Action::CloseDialog);
    let add = {
        let (title_ref, text_ref, error) = (title_ref.clone(), text_ref.clone(), error.clone());
        let dispatch = props.dispatch.clone();
        move |_: MouseEvent| {
            let title = title_ref
                .cast::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let text = text_ref
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            if text.trim().is_empty() {
                error.set(Some("Paste the article's text first.".to_owned()));
                return;
            }
            let doc = if title.trim().is_empty() {
                parse_article(&text, "pasted text")
            } else {
                parse_text_with_title(&text, &title, "pasted text")
            };
            dispatch.emit(Action::CloseDialog);
            dispatch.emit(Action::Load {
                entries: vec![DocEntry::new(doc)],
                notices: vec![],
            });
        }
    };
    dialog_frame(
        "dialog wide",
        "paste-title",
        "Paste article".to_owned(),
        html! {
            <>
                <label class="field">
                    <span>{ "Title (optional: otherwise the first line)" }</span>
                    <input ref={title_ref} type="text" aria-label="Title" autofocus=true />
                </label>
                <label class="field">
                    <span>{ "Text" }</span>
                    <textarea ref={text_ref} aria-label="Text" rows="12" />
                </label>
                if let Some(message) = (*error).clone() {
                    <p class="field-error" role="alert">{ message }</p>
                }
                <div class="dialog-actions">
                    { button("button", "Cancel", None, cancel.into()) }
                    { button("button primary", "Add article", None, add.into()) }
                </div>
            </>
        },
    )
}

/// Whose are the annotations of a file that names nobody: a name (Enter), or mine.
fn name_import_dialog(props: &DialogProps, input: NodeRef) -> Html {
    // Enter in the box, or Import: the name typed.
    let onsubmit = {
        let (input, dispatch) = (input.clone(), props.dispatch.clone());
        move |e: SubmitEvent| {
            e.prevent_default();
            let name = input
                .cast::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            dispatch.emit(Action::NameImport(Some(name)));
        }
    };
    // Mine or Cancel: one listener for the row of buttons, by the button's value.
    let onclick = {
        let dispatch = props.dispatch.clone();
        move |e: MouseEvent| {
            let value = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|b| b.get_attribute("value"));
            match value.as_deref() {
                Some("mine") => dispatch.emit(Action::NameImport(None)),
                Some("cancel") => dispatch.emit(Action::CloseDialog),
                _ => {}
            }
        }
    };
    let me = if props.me.is_empty() {
        "Mine".to_owned()
    } else {
        format!("Mine ({})", props.me)
    };
    dialog_frame(
        "dialog",
        "name-import-title",
        "Whose annotations are these?".to_owned(),
        html! {
            <>
                <p>{ format!(
                    "The file does not say who made its {}. Name the annotator: the annotations become their layer, beside yours. Choose Mine only if you made them.",
                    plural(props.count, "annotation", "annotations")
                ) }</p>
                <form {onsubmit}>
                    <label class="field">
                        <span>{ "Annotator of the file" }</span>
                        <input ref={input} type="text" aria-label="Annotator of the file" maxlength="200"
                               autofocus=true />
                    </label>
                    <div class="dialog-actions" {onclick}>
                        <button type="button" class="button" value="cancel">{ "Cancel" }</button>
                        <button type="button" class="button" value="mine">{ me }</button>
                        <button type="submit" class="button primary">{ "Import" }</button>
                    </div>
                </form>
            </>
        },
    )
}
