//! The top-level component: layout, state, global keyboard shortcuts.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::annotation_panel::AnnotationPanel;
use super::article_view::ArticleView;
use super::crash;
use super::doc_list::DocList;
use super::header::Header;
use super::shortcuts::{shortcut_for, Shortcut};
use super::state::{Action, AppState};
use crate::model::{DocId, Workspace};
use crate::samples::sample_documents;

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState {
        workspace: Workspace::new(sample_documents()),
    });

    let on_open = {
        let dispatcher = state.dispatcher();
        use_callback((), move |id: DocId, _| {
            dispatcher.dispatch(Action::Open(id))
        })
    };

    // Global shortcuts, registered once.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|w| w.document())
                .map(|document| {
                    EventListener::new(&document, "keydown", move |event| {
                        let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        let modified = event.ctrl_key() || event.alt_key() || event.meta_key();
                        let in_field = event
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .is_some_and(|el| {
                                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                                    || el.has_attribute("contenteditable")
                            });
                        match shortcut_for(&event.key(), modified, in_field) {
                            Some(Shortcut::NextDocument) => dispatcher.dispatch(Action::Step(1)),
                            Some(Shortcut::PreviousDocument) => {
                                dispatcher.dispatch(Action::Step(-1))
                            }
                            None => {}
                        }
                    })
                });
            move || drop(listener)
        });
    }

    // `?selftest=panic`: check that a panic shows the crash banner (README, "Diagnostics").
    use_effect_with((), |_| {
        if crash::panic_selftest_requested() {
            panic!("self-test: deliberate panic requested with ?selftest=panic");
        }
    });

    let workspace = &state.workspace;
    let active = workspace.active().map(|e| e.doc.clone());
    let reader = match &active {
        Some(doc) => html! { <ArticleView doc={doc.clone()} /> },
        None => html! {
            <div class="empty-state">
                <h2>{ "No article open" }</h2>
                <p>{ "There are no articles in this browser yet." }</p>
            </div>
        },
    };

    html! {
        <div class="shell">
            <Header doc_count={workspace.entries().len()} />
            <div class="workspace">
                <DocList
                    entries={workspace.entries().clone()}
                    active={workspace.active_id().cloned()}
                    on_open={on_open}
                />
                <main class="reader" id="reader" tabindex="-1">
                    { reader }
                </main>
                <AnnotationPanel doc={active} />
            </div>
        </div>
    }
}
