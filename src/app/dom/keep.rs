//! Asking the browser to keep this site's storage (`navigator.storage.persist()`): without it,
//! storage is best-effort, and a browser may clear it when space runs low (Safari after seven
//! days without a visit). Asked at the first save that holds an annotation (`persistence.rs`);
//! the answer is shown in the header. A few lines of JavaScript do the asking (smaller in the
//! download than the same calls made from Rust); a browser without a storage manager (an
//! insecure origin, an old browser) answers "unknown".

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
// done(true | false): whether the browser keeps the site's storage, asking when it does not
// yet; done(undefined) when it cannot say.
export function keep_storage(done) {
  const s = globalThis.navigator && navigator.storage;
  if (!s || typeof s.persist !== 'function') return done(undefined);
  s.persisted()
    .then((kept) => kept || s.persist())
    .then((kept) => done(kept === true), () => done(undefined));
}
"#)]
extern "C" {
    fn keep_storage(done: JsValue);
}

/// Whether the browser keeps this site's storage, asking for it when it does not yet:
/// `persisted()`, then `persist()`. `done` gets the answer (`None`: the browser cannot say).
pub fn ask_to_keep(done: impl FnOnce(Option<bool>) + 'static) {
    keep_storage(Closure::once_into_js(move |kept: JsValue| {
        done(kept.as_bool())
    }));
}
