//! The page's one corpus index (`model::corpus_index`), which the corpus views read, and
//! `use_corpus_index`: after each change of the corpus the index is brought up to date in the
//! browser's idle moments, a slice at a time, so People or Claims opened later find every
//! document's facts ready (at 5,000 articles, working them all out at once takes about half a
//! second; after an edit, only the edited document is worked out again).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::model::corpus_index::CorpusIndex;
use crate::model::facts::DocFacts;
use crate::model::people_index::PeopleIndex;
use crate::model::Corpus;

thread_local! {
    static INDEX: RefCell<CorpusIndex> = RefCell::default();
}

/// The facts of every document of `corpus`, in its order; those the idle work has not brought
/// up to date yet are worked out now.
pub fn facts(corpus: &Corpus) -> Vec<Rc<DocFacts>> {
    INDEX.with(|index| index.borrow_mut().complete(corpus))
}

/// `f` of the entity cards of `corpus` (the index brought up to date first) and each
/// document's place by id.
pub fn with_people<T>(
    corpus: &Corpus,
    f: impl FnOnce(&PeopleIndex, &HashMap<&str, usize>) -> T,
) -> T {
    INDEX.with(|index| {
        let mut index = index.borrow_mut();
        index.refresh(corpus, &mut || true);
        let (people, position) = index.people();
        f(people, &position)
    })
}

/// Milliseconds of an idle moment left to the browser (its own work after ours).
const LEAVE_MS: f64 = 2.0;

type IdleCallback = Closure<dyn FnMut(web_sys::IdleDeadline)>;

/// The index brought up to date with one state of the corpus, in idle moments; dropped (the
/// corpus changed again, or the app went): what is left is cancelled.
struct Warming {
    corpus: Corpus,
    handle: Cell<Option<u32>>,
    callback: RefCell<Option<IdleCallback>>,
}

impl Warming {
    fn start(corpus: Corpus) -> Rc<Warming> {
        let warming = Rc::new(Warming {
            corpus,
            handle: Cell::new(None),
            callback: RefCell::new(None),
        });
        let weak: Weak<Warming> = Rc::downgrade(&warming);
        let callback = Closure::<dyn FnMut(web_sys::IdleDeadline)>::new(
            move |deadline: web_sys::IdleDeadline| {
                let Some(warming) = weak.upgrade() else {
                    return;
                };
                warming.handle.set(None);
                let mut more = || deadline.time_remaining() > LEAVE_MS;
                let done =
                    INDEX.with(|index| index.borrow_mut().refresh(&warming.corpus, &mut more));
                if !done {
                    warming.ask();
                }
            },
        );
        *warming.callback.borrow_mut() = Some(callback);
        warming.ask();
        warming
    }

    /// The next slice, in the next idle moment (none where the browser lacks
    /// `requestIdleCallback`: the views then work the facts out when opened).
    fn ask(&self) {
        let callback = self.callback.borrow();
        let (Some(window), Some(callback)) = (web_sys::window(), callback.as_ref()) else {
            return;
        };
        if let Ok(handle) = window.request_idle_callback(callback.as_ref().unchecked_ref()) {
            self.handle.set(Some(handle));
        }
    }
}

impl Drop for Warming {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle.get(), web_sys::window()) {
            window.cancel_idle_callback(handle);
        }
    }
}

/// Keep the index up to date with `corpus` in idle moments.
#[hook]
pub fn use_corpus_index(corpus: Corpus) {
    let warming = use_mut_ref(|| None::<Rc<Warming>>);
    use_effect_with(corpus, move |corpus| {
        // The last one's slices stop: its corpus is gone.
        *warming.borrow_mut() = Some(Warming::start(corpus.clone()));
    });
}
