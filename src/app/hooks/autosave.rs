//! `use_autosave`: every change is saved right after the frame that shows it, and at once
//! when the page is hidden or closed (see [`Autosave`]).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use yew::prelude::*;

use crate::app::dom::autosave::Autosave;
use crate::app::dom::persistence::Persist;
use crate::app::hooks::mount::{deps, listening, nothing, use_change, use_mount};
use crate::app::state::Action;
use crate::model::{Corpus, DocId};

/// Save `corpus` (and which document is open) whenever either changes, or when `epoch` is
/// bumped (another tab cleared storage: write everything again). While a large corpus is
/// `loading`, `corpus` is only its open article.
#[hook]
pub fn use_autosave(
    persist: Rc<RefCell<Option<Persist>>>,
    dispatch: Callback<Action>,
    corpus: Corpus,
    active: Option<DocId>,
    epoch: u32,
    loading: bool,
) {
    let autosave = use_memo((), move |_| Autosave::new(persist, dispatch));
    {
        let autosave = autosave.clone();
        let now = (corpus.clone(), active.clone(), loading);
        use_change(
            deps((corpus, active, epoch, loading)),
            Box::new(move || {
                autosave.changed(now.0, now.1, now.2);
                nothing()
            }),
        );
    }
    use_mount(Box::new(move || {
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
        listening(listeners)
    }));
}
