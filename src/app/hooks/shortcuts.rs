//! `use_shortcuts`: the global keyboard shortcuts ([`crate::app::shortcuts`] decides which key
//! does what), registered once on the document.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::dom::ids::{new_span_id, now_ms};
use crate::app::dom::scroll;
use crate::app::dom::selection::{clear_selection, select_by_key, selection_offsets};
use crate::app::hooks::mount::{listening, use_mount};
use crate::app::shortcuts::{shortcut_for, Modifiers, Shortcut};
use crate::app::state::{Action, Dialog};
use crate::model::{DocEntry, LabelSchema, SpanId};

/// The article's text container, if the page has one.
fn article_text() -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".article-text").ok().flatten())
}

/// Tag the page's current selection (if it is in the article) with `label`.
pub fn tag_selection(label: String, dispatch: &Callback<Action>) {
    let raw = article_text().and_then(|container| selection_offsets(&container));
    dispatch.emit(Action::Tag {
        label,
        raw,
        id: new_span_id(),
        now: now_ms(),
    });
    if raw.is_some() {
        clear_selection();
    }
}

fn in_text_field(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        })
}

/// Listen for shortcuts on the document. `schema` gives the label keys; `article` is the
/// open article with its selected span while the article is shown (keyboard selection of
/// text). The listener is registered once and reads both as they are at each key.
#[hook]
pub fn use_shortcuts(
    dispatch: Callback<Action>,
    schema: Rc<LabelSchema>,
    article: Option<(Rc<DocEntry>, Option<SpanId>)>,
) {
    let schema_now = use_mut_ref(|| schema.clone());
    *schema_now.borrow_mut() = schema;
    let article_now = use_mut_ref(|| None);
    *article_now.borrow_mut() = article;
    // The last keyboard selection, which the next key goes on from.
    let last_key = use_mut_ref(|| None);
    use_mount(Box::new(move || {
        let listener = web_sys::window()
            .and_then(|w| w.document())
            .map(|document| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let mods = Modifiers {
                        ctrl_or_meta: event.ctrl_key() || event.meta_key(),
                        alt: event.alt_key(),
                        shift: event.shift_key(),
                    };
                    let schema = schema_now.borrow().clone();
                    let Some(shortcut) =
                        shortcut_for(&event.key(), mods, in_text_field(event), &schema)
                    else {
                        return;
                    };
                    let action = match shortcut {
                        Shortcut::Tag(label) => {
                            event.prevent_default();
                            tag_selection(label, &dispatch);
                            return;
                        }
                        Shortcut::Select(key) => {
                            let article: Option<(Rc<DocEntry>, Option<SpanId>)> =
                                article_now.borrow().clone();
                            if let (Some((entry, selected)), Some(container)) =
                                (article, article_text())
                            {
                                if select_by_key(
                                    &container,
                                    &entry,
                                    selected.as_ref(),
                                    scroll::top_block,
                                    key,
                                    &mut last_key.borrow_mut(),
                                ) {
                                    event.prevent_default();
                                }
                            }
                            return;
                        }
                        Shortcut::Escape => {
                            clear_selection();
                            Action::Escape
                        }
                        Shortcut::DeleteSpan => Action::DeleteSelected,
                        Shortcut::NextSpan => Action::StepSpan(1),
                        Shortcut::PreviousSpan => Action::StepSpan(-1),
                        Shortcut::NextDocument => Action::Step(1),
                        Shortcut::PreviousDocument => Action::Step(-1),
                        Shortcut::Undo => Action::Undo,
                        Shortcut::Redo => Action::Redo,
                        Shortcut::Help => Action::Show(Dialog::Help),
                        Shortcut::Link => Action::OpenLink(None),
                        Shortcut::NextView => Action::NextView,
                        Shortcut::TagOthers => Action::TagOthers {
                            base: new_span_id(),
                            now: now_ms(),
                        },
                        Shortcut::Adjudicate(choice) => Action::Adjudicate {
                            choice,
                            now: now_ms(),
                        },
                        Shortcut::Drawer(d) => Action::Drawer(d),
                    };
                    event.prevent_default();
                    dispatch.emit(action);
                })
            });
        listening(listener.into_iter().collect())
    }));
}
