//! When to save: right after the frame that shows a change, at most once per [`SAVE_DELAY_MS`]
//! during a burst, and at once when the page is hidden or closed ([`Autosave`]).

use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

use crate::app::dom::keep::ask_to_keep;
use crate::app::dom::persistence::{pump, Persist};
use crate::model::{Corpus, DocId};

/// Saves at most this often while edits keep coming; a pending change waits no longer than
/// this after the frame that shows it (the persistence notes allow up to 300 ms, with a flush
/// when the page hides).
pub const SAVE_DELAY_MS: u32 = 200;

/// When to save, decided at each frame that shows an edit. A save in the idle moment right
/// after that frame's paint (`SaveTask`) is the least likely to hold up the person's next key
/// (at 1 MB with 10,000 spans a save takes ~20 ms): they have just pressed one and are looking
/// at its result. So the save runs then, unless the last one was less than [`SAVE_DELAY_MS`] ago (a burst of
/// edits): then the change waits for the frame of a later edit that finds the save due, or at
/// most [`SAVE_DELAY_MS`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavePlan {
    /// When the last save ran (ms, any clock), if one has.
    last_save: Option<f64>,
    /// A save is asked for and has not run yet.
    waiting: bool,
}

impl SavePlan {
    /// At the frame (time `now`) that shows an edit: the delay to set the save's timer to, or
    /// `None` to leave the timer that is already set.
    pub fn at_edit_frame(&mut self, now: f64) -> Option<u32> {
        let due = self
            .last_save
            .is_none_or(|last| now - last >= f64::from(SAVE_DELAY_MS));
        if due {
            self.waiting = true;
            Some(0)
        } else if !self.waiting {
            self.waiting = true;
            Some(SAVE_DELAY_MS)
        } else {
            None
        }
    }

    /// A save ran at `now`.
    pub fn saved(&mut self, now: f64) {
        self.last_save = Some(now);
        self.waiting = false;
    }
}

/// Saving off the input path (see [`SavePlan`]): typing and tagging never wait for storage,
/// and a burst of changes is saved about once per [`SAVE_DELAY_MS`].
/// [`Autosave::flush`] saves at once: the page calls it when it is hidden or closed, so no
/// change is ever left unsaved behind the timer.
#[derive(Clone)]
pub struct Autosave {
    inner: Rc<std::cell::RefCell<AutosaveInner>>,
}

struct AutosaveInner {
    persist: Rc<std::cell::RefCell<Option<Persist>>>,
    dispatch: yew::Callback<crate::app::state::Action>,
    /// The latest corpus and open document not saved yet, and whether the corpus is only the
    /// open article of a corpus still loading.
    pending: Option<(Corpus, Option<DocId>, bool)>,
    /// How many documents the last change had (`None` before the first).
    docs: Option<usize>,
    plan: SavePlan,
    /// A frame was asked for and has not come yet.
    frame_asked: bool,
    /// Handles of the last frame and timer asked for (kept alive until replaced, never
    /// dropped inside their own callbacks).
    frame: Option<gloo::render::AnimationFrame>,
    task: Option<SaveTask>,
    /// What a save asked for calls: [`Autosave::flush`].
    call: Option<Closure<dyn FnMut()>>,
    /// The browser was asked to keep the site's storage (once per page, see [`ask_to_keep`]).
    keep_asked: bool,
}

/// A save asked for: when the browser is next idle (after the frame being drawn and any input
/// already waiting), or by a timer. Both call the autosave's one callback
/// (`AutosaveInner::call`), which lives as long as the app: a callback that comes after its
/// request was cancelled (as a test's clock may do) still finds it there, and only saves what
/// is pending. Dropped before it ran: cancelled.
enum SaveTask {
    Idle(u32),
    Timer(i32),
}

impl SaveTask {
    /// A save after `delay` ms; at 0, in the next idle moment, within [`SAVE_DELAY_MS`]
    /// (`requestIdleCallback`; where a browser lacks it, a timer of 0, which also runs after
    /// the frame when asked for in a frame's callback).
    fn ask(delay: u32, callback: &js_sys::Function) -> Option<SaveTask> {
        let window = web_sys::window()?;
        if delay == 0 {
            let options = web_sys::IdleRequestOptions::new();
            options.set_timeout(SAVE_DELAY_MS);
            if let Ok(handle) = window.request_idle_callback_with_options(callback, &options) {
                return Some(SaveTask::Idle(handle));
            }
        }
        let delay = i32::try_from(delay).unwrap_or(i32::MAX);
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback, delay)
            .ok()
            .map(SaveTask::Timer)
    }
}

impl Drop for SaveTask {
    /// Replaced before it ran: cancelled.
    fn drop(&mut self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        match *self {
            SaveTask::Idle(handle) => window.cancel_idle_callback(handle),
            SaveTask::Timer(handle) => window.clear_timeout_with_handle(handle),
        }
    }
}

impl Autosave {
    pub fn new(
        persist: Rc<std::cell::RefCell<Option<Persist>>>,
        dispatch: yew::Callback<crate::app::state::Action>,
    ) -> Self {
        let autosave = Autosave {
            inner: Rc::new(std::cell::RefCell::new(AutosaveInner {
                persist,
                dispatch,
                pending: None,
                docs: None,
                plan: SavePlan::default(),
                frame_asked: false,
                frame: None,
                task: None,
                call: None,
                keep_asked: false,
            })),
        };
        // Held weakly: the callback does not keep the autosave alive.
        let weak = Rc::downgrade(&autosave.inner);
        let call = Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                Autosave { inner }.flush();
            }
        });
        autosave.inner.borrow_mut().call = Some(call);
        autosave
    }

    /// The corpus changed: save it after the next paint, or soon after (see [`SavePlan`]). A
    /// change to the list of documents (articles opened, imported or deleted: rare, and large)
    /// is saved at once, so it never depends on the flush when the page goes away.
    pub fn changed(&self, corpus: Corpus, active: Option<DocId>, partial: bool) {
        let mut inner = self.inner.borrow_mut();
        let docs = corpus.len();
        let list_changed = inner.docs.is_some_and(|n| n != docs);
        inner.docs = Some(docs);
        inner.pending = Some((corpus, active, partial));
        if list_changed {
            drop(inner);
            self.flush();
            return;
        }
        if inner.frame_asked {
            return;
        }
        inner.frame_asked = true;
        let me = self.clone();
        inner.frame = Some(gloo::render::request_animation_frame(move |_| {
            let mut inner = me.inner.borrow_mut();
            inner.frame_asked = false;
            if let Some(delay) = inner.plan.at_edit_frame(js_sys::Date::now()) {
                let call: Option<js_sys::Function> = inner
                    .call
                    .as_ref()
                    .map(|c| c.as_ref().unchecked_ref::<js_sys::Function>().clone());
                inner.task = call.and_then(|call| SaveTask::ask(delay, &call));
            }
        }));
    }

    /// Save what is pending, now. A save that storage refused for lack of room stays pending,
    /// so the next flush (the page hidden or closed, after the user freed space) tries again.
    pub fn flush(&self) {
        let (pending, persist, dispatch) = {
            let mut inner = self.inner.borrow_mut();
            inner.plan.saved(js_sys::Date::now());
            (
                inner.pending.take(),
                inner.persist.clone(),
                inner.dispatch.clone(),
            )
        };
        let Some((corpus, active, partial)) = pending else {
            // Nothing new: a transaction that failed (storage was full) is tried again.
            pump(&persist, &dispatch);
            return;
        };
        // The open article of a corpus that has loaded since: never saved as the whole corpus
        // (the loaded state, with its changes carried over, is saved next).
        if partial && !persist.borrow().as_ref().is_some_and(Persist::loading) {
            return;
        }
        let outcome = persist
            .borrow_mut()
            .as_mut()
            .and_then(|p| p.save(&corpus, active.as_ref()));
        let full = persist.borrow().as_ref().is_some_and(Persist::full);
        // The first save that holds an annotation asks the browser to keep the storage.
        let ask = {
            let mut inner = self.inner.borrow_mut();
            if !inner.keep_asked {
                inner.keep_asked = corpus.entries().iter().any(|e| !e.spans.is_empty());
                inner.keep_asked
            } else {
                false
            }
        };
        if ask {
            let dispatch = dispatch.clone();
            ask_to_keep(move |kept| dispatch.emit(crate::app::state::Action::StorageKept(kept)));
        }
        if full {
            self.inner
                .borrow_mut()
                .pending
                .get_or_insert((corpus, active, partial));
        }
        if let Some((status, notice)) = outcome {
            dispatch.emit(crate::app::state::Action::Saved(status, notice));
        }
        // Annotations of an article whose text had gone missing, opened again.
        let restored = persist
            .borrow_mut()
            .as_mut()
            .map(Persist::take_restored)
            .unwrap_or_default();
        for change in restored {
            if let crate::storage::merge::RemoteChange::Doc { remote, .. } = &change {
                let text = format!(
                    "The annotations of \u{201c}{}\u{201d} came back from this browser's storage.",
                    remote.doc.title
                );
                dispatch.emit(crate::app::state::Action::Notify(
                    crate::app::state::NoticeKind::Info,
                    text,
                ));
            }
            dispatch.emit(crate::app::state::Action::Remote(change));
        }
        pump(&persist, &dispatch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Runs a plan over the frames (ms) that show edits, with a timer that saves when it fires
    /// (a delay of 0 fires after that frame's paint, before the next frame): for each edit,
    /// when it was saved; and the times of the saves.
    fn simulate(frames: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let mut plan = SavePlan::default();
        let mut timer: Option<f64> = None;
        let mut unsaved: Vec<usize> = Vec::new();
        let mut saved_at = vec![f64::NAN; frames.len()];
        let mut saves = Vec::new();
        let mut save = |at: f64, plan: &mut SavePlan, unsaved: &mut Vec<usize>| {
            plan.saved(at);
            saves.push(at);
            for i in unsaved.drain(..) {
                saved_at[i] = at;
            }
        };
        for (i, &t) in frames.iter().enumerate() {
            if let Some(due) = timer.filter(|&due| due < t) {
                timer = None;
                save(due, &mut plan, &mut unsaved);
            }
            unsaved.push(i);
            if let Some(delay) = plan.at_edit_frame(t) {
                timer = Some(t + f64::from(delay));
            }
            if timer == Some(t) {
                timer = None;
                save(t, &mut plan, &mut unsaved);
            }
        }
        if let Some(due) = timer {
            save(due, &mut plan, &mut unsaved);
        }
        (saved_at, saves)
    }

    const DELAY: f64 = SAVE_DELAY_MS as f64;

    #[test]
    fn a_lone_edit_is_saved_right_after_its_frame() {
        let (saved_at, _) = simulate(&[0.0, 1000.0, 5000.0]);
        assert_eq!(saved_at, vec![0.0, 1000.0, 5000.0]);
    }

    #[test]
    fn a_burst_is_saved_after_the_frames_of_its_edits_not_between_keys() {
        // An edit every 115 ms (the bench's pace): every other edit's frame saves both.
        let frames: Vec<f64> = (0..10).map(|i| f64::from(i) * 115.0).collect();
        let (saved_at, saves) = simulate(&frames);
        // The last edit has no later frame: it waits the whole delay.
        assert_eq!(saves, vec![0.0, 230.0, 460.0, 690.0, 920.0, 1035.0 + DELAY]);
        assert_eq!(saved_at[1], 230.0);
        // Key repeat (30 a second) for a second: a save about every 200 ms, at edits' frames.
        let frames: Vec<f64> = (0..30).map(|i| f64::from(i) * 33.0).collect();
        let (_, saves) = simulate(&frames);
        assert_eq!(saves.len(), 6, "{saves:?}");
        assert!(saves[..5].iter().all(|s| frames.contains(s)), "{saves:?}");
    }

    proptest! {
        /// Whatever the pace: no edit waits more than SAVE_DELAY_MS after its frame, and saves
        /// are at least SAVE_DELAY_MS apart.
        #[test]
        fn every_edit_is_saved_within_the_delay_and_saves_are_spaced(
            gaps in proptest::collection::vec(1u32..600, 1..60),
        ) {
            let frames: Vec<f64> = gaps
                .iter()
                .scan(0.0, |t, g| {
                    *t += f64::from(*g);
                    Some(*t)
                })
                .collect();
            let (saved_at, saves) = simulate(&frames);
            for (t, s) in frames.iter().zip(&saved_at) {
                prop_assert!(*s >= *t && *s - *t <= DELAY, "edit at {t} saved at {s}");
            }
            for pair in saves.windows(2) {
                prop_assert!(pair[1] - pair[0] >= DELAY, "saves {saves:?}");
            }
        }
    }
}
