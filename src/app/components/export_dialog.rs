//! The export dialog: every format, for this article, all articles, or only those marked done.
//! Drawn by the dialogs' one part (`dialogs::use_small_dialog`), which runs
//! [`use_export_choices`] for every dialog.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::button::button;
use crate::app::components::modal::dialog_frame;
use crate::app::dom::download::download;
use crate::app::same::Same;
use crate::app::state::{Action, NoticeKind};
use crate::formats::export::{export, ExportContext, Format};
use crate::model::annotators::{annotators_of, shown, shown_name, Layer};
use crate::model::words::join;
use crate::model::words::plural;
use crate::model::{DocEntry, DocId, LabelSchema, Status};

/// Which documents an export covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Current,
    All,
    Done,
}

/// The file name stem for an export.
fn stem(scope: Scope, current: Option<&DocEntry>) -> String {
    let date = String::from(js_sys::Date::new_0().to_iso_string())
        .chars()
        .take(10)
        .collect::<String>();
    match (scope, current) {
        (Scope::Current, Some(entry)) => {
            let title: String = entry
                .doc
                .title
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            let title = join(title.split('-').filter(|p| !p.is_empty()).take(6), "-");
            format!("marginalia-{title}-{date}")
        }
        (Scope::Done, _) => format!("marginalia-done-{date}"),
        _ => format!("marginalia-{date}"),
    }
}

/// Export `scope` in `format` and download it; the outcome as a notice.
pub fn run_export(
    format: Format,
    (scope, layer, me): (Scope, &Layer, &str),
    schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
    active: Option<&DocId>,
) -> (NoticeKind, String) {
    let current = active.and_then(|id| entries.iter().find(|e| &e.doc.id == id));
    let chosen: Vec<Rc<DocEntry>> = match scope {
        Scope::Current => current.cloned().into_iter().collect(),
        Scope::All => entries.to_vec(),
        Scope::Done => entries
            .iter()
            .filter(|e| e.status_of(me) == Status::Done)
            .cloned()
            .collect(),
    };
    // The layer chosen: each article with that annotator's spans (and relations) only.
    let chosen: Vec<Rc<DocEntry>> = chosen.iter().map(|e| shown(e, layer, me)).collect();
    if chosen.is_empty() {
        return (
            NoticeKind::Info,
            "There is nothing to export in that selection.".into(),
        );
    }
    let exported_at = String::from(js_sys::Date::new_0().to_iso_string());
    let ctx = ExportContext {
        app_version: env!("CARGO_PKG_VERSION"),
        exported_at: &exported_at,
        annotator: me,
    };
    match export(format, schema, &chosen, &ctx) {
        Ok(out) => {
            let name = format!("{}.{}", stem(scope, current.map(|e| &**e)), out.extension);
            if !download(&name, out.mime, &out.bytes) {
                return (
                    NoticeKind::Error,
                    "The browser refused the download.".into(),
                );
            }
            let spans: usize = chosen.iter().map(|e| e.spans.len()).sum();
            let mut text = format!(
                "Exported {} and {spans} annotations as {} ({name}; offsets: {}).",
                plural(chosen.len(), "article", "articles"),
                format.name(),
                format.offset_unit(),
            );
            for note in out.notes {
                text.push(' ');
                text.push_str(&note);
            }
            (NoticeKind::Info, text)
        }
        Err(e) => (NoticeKind::Error, format!("Nothing was exported: {e}")),
    }
}

/// What the export dialog exports.
pub struct ExportDialogProps {
    pub schema: Rc<LabelSchema>,
    pub entries: Rc<Vec<Rc<DocEntry>>>,
    pub active: Option<DocId>,
    /// The name of the person at this browser.
    pub me: Rc<str>,
    pub dispatch: Callback<Action>,
}

/// The dialog's choices: the format, the articles, the layer, and the annotators to choose
/// from.
pub struct Choices {
    /// The format and the articles chosen: the format's place in `Format::ALL` times three,
    /// plus the articles' place in [`SCOPES`] (states of types in use: each `use_state` type
    /// copies yew's state code, docs/bundle-size.md).
    picked: UseStateHandle<usize>,
    /// The layer chosen, as [`layer_key`].
    layer: UseStateHandle<Option<String>>,
    names: Rc<Vec<Rc<str>>>,
}

/// The articles to choose from, in their order in the dialog.
const SCOPES: [Scope; 3] = [Scope::Current, Scope::All, Scope::Done];

/// A layer as the export dialog keeps it: none for all, `m` for mine, `o` and the name for
/// another's.
fn layer_key(layer: &Layer) -> Option<String> {
    match layer {
        Layer::Mine => Some("m".to_owned()),
        Layer::Of(name) => Some(format!("o{name}")),
        _ => None,
    }
}

/// The layer kept as [`layer_key`].
fn layer_of(key: &Option<String>) -> Layer {
    match key.as_deref() {
        None => Layer::All,
        Some("m") => Layer::Mine,
        Some(other) => Layer::Of(Rc::from(&other[1..])),
    }
}

/// The choices' hooks, run by every dialog (a dialog's hooks run in the same order each time).
/// The annotators are gathered from `entries`, given for the export dialog only: every
/// annotator of the corpus, the person's own first (a choice once there are others).
#[hook]
pub fn use_export_choices(entries: Option<Rc<Vec<Rc<DocEntry>>>>, me: Rc<str>) -> Choices {
    // Marginalia JSON (the first format), all articles (the second), all layers.
    let picked = use_state(|| 1);
    let layer = use_state(|| None::<String>);
    let names = use_memo((entries.map(Same), me), |(entries, me)| {
        let mut names: Vec<Rc<str>> = vec![Rc::clone(me)];
        for e in entries.iter().flat_map(|e| e.0.iter()) {
            for n in annotators_of(e, me).into_iter().skip(1) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        names
    });
    Choices {
        picked,
        layer,
        names,
    }
}

/// One choice of a list of radio buttons: its name, and what it means below it.
fn choice(
    list: &'static str,
    checked: bool,
    onchange: Callback<Event>,
    text: String,
    help: Option<String>,
) -> Html {
    html! {
        <label class="choice">
            <input type="radio" name={list} {checked} {onchange} />
            <span class="choice-name">{ text }</span>
            if let Some(help) = help {
                <span class="choice-help">{ help }</span>
            }
        </label>
    }
}

pub fn export_dialog(props: &ExportDialogProps, choices: &Choices) -> Html {
    let (picked, layer, names) = (
        choices.picked.clone(),
        choices.layer.clone(),
        Rc::clone(&choices.names),
    );
    let layers = (names.len() > 1).then(|| {
        let mut choices = vec![(Layer::All, "All layers".to_owned())];
        for (i, name) in names.iter().enumerate() {
            let shown_name = if name.is_empty() {
                "Unnamed"
            } else {
                shown_name(name)
            };
            let text = if i == 0 {
                format!("Mine ({shown_name})")
            } else {
                shown_name.to_owned()
            };
            let l = if i == 0 {
                Layer::Mine
            } else {
                Layer::Of(Rc::clone(name))
            };
            choices.push((l, text));
        }
        let items = choices.into_iter().map(|(l, text)| {
            let key = layer_key(&l);
            let checked = *layer == key;
            let onchange = {
                let layer = layer.clone();
                move |_: Event| layer.set(key.clone())
            };
            choice("export-layer", checked, onchange.into(), text, None)
        });
        html! {
            <fieldset class="choices">
                <legend>{ "Layer" }</legend>
                { for items }
            </fieldset>
        }
    });
    let close = props.dispatch.reform(|_: MouseEvent| Action::CloseDialog);
    let formats = Format::ALL.iter().enumerate().map(|(i, f)| {
        let checked = *picked / 3 == i;
        let onchange = {
            let picked = picked.clone();
            move |_: Event| picked.set(i * 3 + *picked % 3)
        };
        let help = format!(".{} · offsets: {}", f.extension(), f.offset_unit());
        choice(
            "export-format",
            checked,
            onchange.into(),
            f.name().to_owned(),
            Some(help),
        )
    });
    let done_count = props
        .entries
        .iter()
        .filter(|e| e.status_of(&props.me) == Status::Done)
        .count();
    // In the order of SCOPES.
    let scopes = [
        "This article".to_owned(),
        format!("All articles ({})", props.entries.len()),
        format!("Only articles marked done ({done_count})"),
    ]
    .into_iter()
    .enumerate()
    .map(|(j, label)| {
        let checked = *picked % 3 == j;
        let onchange = {
            let picked = picked.clone();
            move |_: Event| picked.set(*picked / 3 * 3 + j)
        };
        choice("export-scope", checked, onchange.into(), label, None)
    });
    let go = {
        let (picked, layer, me) = (picked.clone(), layer.clone(), props.me.clone());
        let entries = props.entries.clone();
        let schema = props.schema.clone();
        let active = props.active.clone();
        let dispatch = props.dispatch.clone();
        move |_: MouseEvent| {
            let (kind, text) = run_export(
                Format::ALL[*picked / 3],
                (SCOPES[*picked % 3], &layer_of(&layer), &me),
                &schema,
                &entries,
                active.as_ref(),
            );
            dispatch.emit(Action::CloseDialog);
            dispatch.emit(Action::Notify(kind, text));
        }
    };
    dialog_frame(
        "dialog wide",
        "export-title",
        "Export annotations".to_owned(),
        html! {
            <>
                <fieldset class="choices">
                    <legend>{ "Format" }</legend>
                    { for formats }
                </fieldset>
                <fieldset class="choices">
                    <legend>{ "Articles" }</legend>
                    { for scopes }
                </fieldset>
                { for layers }
                <div class="dialog-actions">
                    { button("button", "Cancel", None, close.into()) }
                    { button("button primary", "Download", None, go.into()) }
                </div>
            </>
        },
    )
}
