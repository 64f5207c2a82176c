//! The top-level component: layout, state, global keyboard shortcuts, dropping files.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::components::annotation_panel::AnnotationPanel;
use crate::app::components::article_view::ArticleView;
use crate::app::components::claims_view::ClaimsView;
use crate::app::components::dialogs::{HelpDialog, PasteDialog};
use crate::app::components::doc_list::DocList;
use crate::app::components::export_dialog::{run_export, ExportDialog, Scope};
use crate::app::components::header::Header;
use crate::app::components::labels_dialog::LabelsDialog;
use crate::app::components::link_picker::LinkPicker;
use crate::app::components::people_view::{PeopleView, Place};
use crate::app::components::toolbar::Toolbar;
use crate::app::dom::crash;
use crate::app::dom::ids::{new_span_id, now_ms};
use crate::app::dom::labels_style;
use crate::app::dom::loader::{files_of, load_files};
use crate::app::dom::persistence::{boot, Autosave, Persist};
use crate::app::dom::scroll;
use crate::app::dom::selection::{clear_selection, select_by_key, selection_offsets};
use crate::app::same::Same;
use crate::app::shortcuts::{shortcut_for, Modifiers, Shortcut};
use crate::app::state::{Action, Dialog, View};
use crate::formats::export::Format;
use crate::model::{DocEntry, SpanId};

/// Tag the page's current selection (if it is in the article) with `label`.
fn tag_selection(label: String, dispatch: &Callback<Action>) {
    let raw = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".article-text").ok().flatten())
        .and_then(|container| selection_offsets(&container));
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

#[component]
pub fn App() -> Html {
    // Load from storage once; the reducer starts from what was loaded.
    let persist = use_mut_ref(|| None::<Persist>);
    let state = {
        let persist = persist.clone();
        use_reducer(move || {
            let (state, p) = boot();
            *persist.borrow_mut() = Some(p);
            state
        })
    };
    // Where the user is in each corpus view, kept while another view is shown.
    let people_place = use_mut_ref(Place::default);
    let claims_place = use_mut_ref(Place::default);
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action: Action, _| dispatcher.dispatch(action))
    };
    let on_tag = {
        let dispatch = dispatch.clone();
        use_callback((), move |label: String, _| tag_selection(label, &dispatch))
    };
    let on_export_json = {
        let dispatch = dispatch.clone();
        let deps = (
            state.workspace.corpus().schema().clone(),
            state.workspace.entries().clone(),
            state.workspace.active_id().cloned(),
        );
        use_callback(deps, move |_: (), (schema, entries, active)| {
            let (kind, text) =
                run_export(Format::Native, Scope::All, schema, entries, active.as_ref());
            dispatch.emit(Action::Notify(kind, text));
        })
    };
    let on_click_spans = {
        let dispatch = dispatch.clone();
        use_callback((), move |ids: Vec<SpanId>, _| {
            dispatch.emit(Action::ClickSpans(ids))
        })
    };

    // The schema's colours in the page (one constructed stylesheet, see `labels_style`).
    let schema = state.workspace.corpus().schema().clone();
    use_effect_with(schema.clone(), |schema| {
        labels_style::install(&labels_style::label_css(schema));
    });
    // The schema as the key listener (registered once) sees it.
    let schema_now = use_mut_ref(|| schema.clone());
    *schema_now.borrow_mut() = schema.clone();
    // And the open article with its selected span, while the article is shown (keyboard
    // selection of text).
    let article_now = use_mut_ref(|| None::<(Rc<DocEntry>, Option<SpanId>)>);
    *article_now.borrow_mut() = (state.view == View::Article)
        .then(|| state.workspace.active().cloned())
        .flatten()
        .map(|entry| (entry, state.selected.clone()));

    // Global shortcuts and dropping files anywhere, registered once.
    {
        let dispatch = dispatch.clone();
        let (schema_now, article_now) = (schema_now.clone(), article_now.clone());
        use_effect_with((), move |_| {
            let mut listeners = Vec::new();
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                let keys = dispatch.clone();
                let options = EventListenerOptions::enable_prevent_default();
                listeners.push(EventListener::new_with_options(
                    &document,
                    "keydown",
                    options,
                    move |event| {
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
                                tag_selection(label, &keys);
                                return;
                            }
                            Shortcut::Select(key) => {
                                let article = article_now.borrow().clone();
                                let container = web_sys::window()
                                    .and_then(|w| w.document())
                                    .and_then(|d| d.query_selector(".article-text").ok().flatten());
                                if let (Some((entry, selected)), Some(container)) =
                                    (article, container)
                                {
                                    if select_by_key(
                                        &container,
                                        &entry,
                                        selected.as_ref(),
                                        scroll::top_block,
                                        key,
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
                        };
                        event.prevent_default();
                        keys.emit(action);
                    },
                ));
                listeners.push(EventListener::new_with_options(
                    &document,
                    "dragover",
                    options,
                    |event| {
                        event.prevent_default();
                    },
                ));
                let drops = dispatch.clone();
                listeners.push(EventListener::new_with_options(
                    &document,
                    "drop",
                    options,
                    move |event| {
                        event.prevent_default();
                        let files = event
                            .dyn_ref::<web_sys::DragEvent>()
                            .and_then(|e| e.data_transfer())
                            .map(|dt| files_of(dt.files()))
                            .unwrap_or_default();
                        load_files(files, drops.clone());
                    },
                ));
            }
            move || drop(listeners)
        });
    }

    // Save every change right after the frame that shows it, and at once when the page is
    // hidden or closed (see `Autosave`).
    let autosave = {
        let (persist, dispatch) = (persist.clone(), dispatch.clone());
        use_memo((), move |_| Autosave::new(persist, dispatch))
    };
    {
        let autosave = autosave.clone();
        let deps = (
            state.workspace.corpus().clone(),
            state.workspace.active_id().cloned(),
            state.storage_epoch,
        );
        use_effect_with(deps, move |(corpus, active, _)| {
            autosave.changed(corpus.clone(), active.clone());
        });
    }
    {
        let autosave = autosave.clone();
        use_effect_with((), move |_| {
            let mut listeners = Vec::new();
            if let Some(window) = web_sys::window() {
                let on_hide = autosave.clone();
                listeners.push(EventListener::new(&window, "pagehide", move |_| {
                    on_hide.flush()
                }));
                if let Some(document) = window.document() {
                    let hidden = document.clone();
                    listeners.push(EventListener::new(
                        &document,
                        "visibilitychange",
                        move |_| {
                            if hidden.hidden() {
                                autosave.flush();
                            }
                        },
                    ));
                }
            }
            move || drop(listeners)
        });
    }

    // Another tab saved something: merge it (the `storage` event fires only in other tabs).
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    let change = persist
                        .borrow_mut()
                        .as_mut()
                        .and_then(|p| p.on_storage_event(event.key(), event.new_value()));
                    if let Some(change) = change {
                        dispatch.emit(Action::Remote(change));
                    }
                })
            });
            move || drop(listener)
        });
    }

    // The reading position: restored once after the first render, stored when the page hides.
    {
        let active = use_mut_ref(|| None::<String>);
        *active.borrow_mut() = state.workspace.active_id().map(|id| id.0.clone());
        let first = active.borrow().clone();
        use_effect_with((), move |_| {
            if let Some(doc) = first {
                scroll::restore(&doc);
            }
            let listeners = scroll::listeners(move || active.borrow().clone());
            move || drop(listeners)
        });
    }

    // `?selftest=panic`: check that a panic shows the crash banner (README, "Diagnostics").
    use_effect_with((), |_| {
        if crash::panic_selftest_requested() {
            panic!("self-test: deliberate panic requested with ?selftest=panic");
        }
    });

    let workspace = &state.workspace;
    let active = workspace.active().cloned().map(Same);
    let reader = match &active {
        Some(entry) => html! {
            <ArticleView key={entry.doc.id.0.clone()} entry={entry.clone()} schema={schema.clone()}
                         selected={state.selected.clone()}
                         flash={state.flash.clone()} on_click_spans={on_click_spans} />
        },
        None => html! {
            <div class="empty-state">
                <h1>{ "No article open" }</h1>
                <p>{ "Open articles (.txt, .md, .html, .json, .jsonl), drop them here, or paste one." }</p>
            </div>
        },
    };

    // A view across the corpus, drawn (and computed) only while it is shown. The article
    // stays on the page, hidden, so it keeps its place and its scroll listener.
    // Each keeps its place (search, filters, page, scroll) here while it is not shown.
    let corpus_view = match state.view {
        View::Article => None,
        View::People => Some(html! {
            <PeopleView corpus={workspace.corpus().clone()} place={Same(people_place)}
                        dispatch={dispatch.clone()} />
        }),
        View::Claims => Some(html! {
            <ClaimsView corpus={workspace.corpus().clone()} place={Same(claims_place)}
                        dispatch={dispatch.clone()} />
        }),
    };
    let in_article = corpus_view.is_none();

    html! {
        <div class="shell">
            <Header doc_count={workspace.entries().len()} notices={state.notices.clone()}
                    save_status={state.save_status.clone()} {on_export_json}
                    dispatch={dispatch.clone()} view={state.view} />
            <div class={classes!("workspace", (!in_article).then_some("corpus-mode"))}>
                <DocList entries={Same(workspace.entries().clone())} schema={schema.clone()}
                         active={workspace.active_id().cloned()} dispatch={dispatch.clone()} />
                <main class="reader" id="reader" hidden={!in_article}>
                    <Toolbar schema={schema.clone()} snap={state.snap} can_undo={workspace.can_undo()}
                             can_redo={workspace.can_redo()}
                             has_selected_span={state.selected.is_some()}
                             on_tag={on_tag} dispatch={dispatch.clone()} />
                    { reader }
                </main>
                if in_article {
                    <AnnotationPanel entry={active} selected={state.selected.clone()} revealed={state.flash.clone()} schema={schema.clone()}
                                     label_filter={state.label_filter.clone()} dispatch={dispatch.clone()} />
                }
                { for corpus_view }
            </div>
            if state.dialog == Some(Dialog::Help) {
                <HelpDialog schema={schema.clone()} dispatch={dispatch.clone()} />
            }
            if state.dialog == Some(Dialog::Paste) {
                <PasteDialog dispatch={dispatch.clone()} />
            }
            if state.dialog == Some(Dialog::Labels) {
                <LabelsDialog schema={schema.clone()} entries={workspace.entries().clone()}
                              refused={state.schema_refused.clone()} dispatch={dispatch.clone()} />
            }
            if let (Some(kind), Some(entry), Some(from)) = (state.linking(), workspace.active(), state.selected.clone()) {
                <LinkPicker entry={entry.clone()} schema={schema.clone()} {from} {kind}
                            dispatch={dispatch.clone()} />
            }
            if state.dialog == Some(Dialog::Export) {
                <ExportDialog schema={workspace.corpus().schema().clone()}
                              entries={workspace.entries().clone()}
                              active={workspace.active_id().cloned()} dispatch={dispatch.clone()} />
            }
        </div>
    }
}
