//! The name of the person at this browser, kept in localStorage (a setting of this browser,
//! not part of the corpus: the corpus carries it on each of their spans).

use std::rc::Rc;

use crate::model::annotators::clean_name;
use crate::storage::backend::Backend;
use crate::storage::outbox::ANNOTATOR_KEY;
use crate::storage::web::LocalStorage;

/// The name stored here (cleaned like any name), or empty.
pub fn stored_name() -> Rc<str> {
    LocalStorage::open()
        .ok()
        .and_then(|l| l.get(ANNOTATOR_KEY).ok().flatten())
        .and_then(|raw| clean_name(&raw))
        .unwrap_or_default()
}

/// Keep `name` for the next start (nothing when localStorage cannot be used: the name then
/// lasts while the page is open, and the spans carry it anyway).
pub fn store_name(name: &str) {
    if name.is_empty() {
        return;
    }
    if let Ok(mut local) = LocalStorage::open() {
        let _ = local.set(ANNOTATOR_KEY, name);
    }
}
