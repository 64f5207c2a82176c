//! The page's one corpus index (`model::corpus_index`), which the corpus views read, and
//! `use_corpus_index`: after each change of the corpus the index is brought up to date in the
//! browser's idle moments, a slice at a time, so People or Claims opened later find every
//! document's facts ready (at 5,000 articles, working them all out at once takes about half a
//! second; after an edit, only the edited document is worked out again).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::hooks::mount::{deps, nothing, use_change};
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
/// Milliseconds of work a slice does at most: an idle moment may last 50 ms, and a key
/// pressed meanwhile waits for the slice to end.
const SLICE_MS: f64 = 8.0;

/// The index's work in idle moments: the corpus to bring it up to date with, and whether an
/// idle callback is asked for. One callback for the page, never dropped (so the browser can
/// never call one that is gone).
#[derive(Default)]
struct Warming {
    corpus: Option<Corpus>,
    asked: bool,
    callback: Option<Closure<dyn FnMut(web_sys::IdleDeadline)>>,
}

thread_local! {
    static WARMING: RefCell<Warming> = RefCell::default();
}

/// One slice: as many documents as the idle moment allows; another slice asked for while
/// some are left.
fn slice(deadline: web_sys::IdleDeadline) {
    let corpus = WARMING.with(|w| {
        let mut w = w.borrow_mut();
        w.asked = false;
        w.corpus.clone()
    });
    let Some(corpus) = corpus else {
        return;
    };
    // At least one document a slice: an idle callback may come with no time left (one called
    // for its timeout, or a test's clock), and a slice that did nothing would only ask again.
    let mut first = true;
    let stop_at = LEAVE_MS.max(deadline.time_remaining() - SLICE_MS);
    let mut more = || std::mem::take(&mut first) || deadline.time_remaining() > stop_at;
    let done = INDEX.with(|index| {
        let mut index = index.borrow_mut();
        let done = index.refresh(&corpus, &mut more);
        if done {
            index.settle();
        }
        done
    });
    WARMING.with(|w| {
        let mut w = w.borrow_mut();
        // Done with the corpus that is still the latest: nothing more to do until it changes.
        let same = |c: &Corpus| {
            Rc::ptr_eq(c.entries(), corpus.entries()) && Rc::ptr_eq(c.schema(), corpus.schema())
        };
        if done && w.corpus.as_ref().is_some_and(same) {
            w.corpus = None;
        }
    });
    ask();
}

/// An idle callback, unless one is asked for or nothing is left (none where the browser lacks
/// `requestIdleCallback`: the views then work the facts out when opened).
fn ask() {
    WARMING.with(|w| {
        let mut w = w.borrow_mut();
        if w.asked || w.corpus.is_none() {
            return;
        }
        let callback = w
            .callback
            .get_or_insert_with(|| Closure::<dyn FnMut(web_sys::IdleDeadline)>::new(slice));
        let function = callback.as_ref().unchecked_ref();
        if let Some(window) = web_sys::window() {
            w.asked = window.request_idle_callback(function).is_ok();
        }
    });
}

/// Keep the index up to date with `corpus` in idle moments.
#[hook]
pub fn use_corpus_index(corpus: Corpus) {
    use_change(
        deps(corpus.clone()),
        Box::new(move || {
            WARMING.with(|w| w.borrow_mut().corpus = Some(corpus));
            ask();
            nothing()
        }),
    );
}
