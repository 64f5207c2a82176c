//! `use_couch_sync`: sync through a CouchDB server (`dom::sync`). The engine learns each
//! corpus the app renders (an edit here wakes it; the changes it brought are applied). Returns
//! what the Sync dialog calls.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::dom::persistence::SharedPersist;
use crate::app::dom::sync::Sync;
use crate::app::state::{Action, SyncCommand};
use crate::model::Corpus;

#[hook]
pub fn use_couch_sync(
    persist: SharedPersist,
    dispatch: Callback<Action>,
    corpus: Corpus,
    mark: u32,
    loading: bool,
) -> Callback<SyncCommand> {
    // The engine and what the dialog calls, made once (one memo, no memoized callback).
    let (sync, on_sync) = (*use_memo((), move |_| {
        let sync = Rc::new(Sync::new(persist, dispatch));
        let on_command = Rc::clone(&sync);
        let on_sync = Callback::from(move |command: SyncCommand| on_command.command(command));
        (sync, on_sync)
    }))
    .clone();
    use_effect_with((corpus, mark, loading), move |(corpus, mark, loading)| {
        sync.changed(corpus.clone(), *mark, *loading)
    });
    on_sync
}
