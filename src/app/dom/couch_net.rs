//! The network under sync: a few functions of JavaScript around `fetch`, each answering through
//! a promise that never rejects (as in `idb.rs`, the browser's API is called from JavaScript:
//! smaller than its bindings).

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
const LIMIT = 64 * 1024 * 1024;

// [status, text], or [0, 'abort' | 'network' | 'large']: a request with the user's cookie
// session (credentials), never from the cache.
export function couch_fetch(method, url, body, controller) {
  const headers = { Accept: 'application/json' };
  if (body != null) headers['Content-Type'] = 'application/json';
  return fetch(url, {
    method,
    body: body == null ? undefined : body,
    headers,
    credentials: 'include',
    cache: 'no-store',
    signal: controller.signal,
  })
    .then(async (r) => {
      if (Number(r.headers.get('Content-Length') || 0) > LIMIT) return [0, 'large'];
      const text = await r.text();
      return text.length > LIMIT ? [0, 'large'] : [r.status, text];
    })
    .catch((e) => [0, e && e.name === 'AbortError' ? 'abort' : 'network']);
}

// Whether the server answers at all when CORS is not asked for (an opaque answer): what
// tells a server that blocks this page from one that cannot be reached.
export function couch_probe(url) {
  return fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' }).then(
    () => true,
    () => false,
  );
}

export function couch_controller() {
  return new AbortController();
}

export function couch_abort(controller) {
  controller.abort();
}

// Resolves after `ms`, or at once when the controller aborts.
export function couch_wait(ms, controller) {
  return new Promise((done) => {
    if (controller.signal.aborted) return done();
    const timer = setTimeout(done, ms);
    controller.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      done();
    });
  });
}

export function couch_online() {
  return navigator.onLine;
}
"#)]
extern "C" {
    fn couch_fetch(method: &str, url: &str, body: Option<String>, controller: &JsValue) -> Promise;
    fn couch_probe(url: &str) -> Promise;
    pub fn couch_controller() -> JsValue;
    pub fn couch_abort(controller: &JsValue);
    fn couch_wait(ms: u32, controller: &JsValue) -> Promise;
    pub fn couch_online() -> bool;
}

/// How a request failed before the server answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetFail {
    /// Aborted here (sync stopped, or a wait cut short).
    Abort,
    /// No answer: no network, the server down, or CORS.
    Network,
    /// An answer over 64 MB, not read.
    Large,
}

/// The server's status and body.
pub async fn request(
    method: &str,
    url: &str,
    body: Option<String>,
    controller: &JsValue,
) -> Result<(u16, String), NetFail> {
    let answer = JsFuture::from(couch_fetch(method, url, body, controller))
        .await
        .map(|v| Array::from(&v))
        .map_err(|_| NetFail::Network)?;
    let status = answer.get(0).as_f64().unwrap_or(0.0) as u16;
    let text = answer.get(1).as_string().unwrap_or_default();
    match (status, text.as_str()) {
        (0, "abort") => Err(NetFail::Abort),
        (0, "large") => Err(NetFail::Large),
        (0, _) => Err(NetFail::Network),
        _ => Ok((status, text)),
    }
}

/// Whether the server at `url` answers a request made without CORS.
pub async fn answers_without_cors(url: &str) -> bool {
    JsFuture::from(couch_probe(url))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Wait `ms`, or until `controller` aborts.
pub async fn wait(ms: u32, controller: &JsValue) {
    let _ = JsFuture::from(couch_wait(ms, controller)).await;
}
