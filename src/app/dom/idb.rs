//! IndexedDB, the store of record, and the channel to the app's other tabs: a few functions of
//! JavaScript that move strings and report back through callbacks. What is written, the
//! journal, the faults and the merge are Rust (`storage::outbox`, `dom/persistence.rs`). Calls
//! from Rust through web-sys and futures cost about five times as much download
//! (docs/storage-next.md).
//!
//! One database, `marginalia`, version 1, with one object store, `kv`: the same keys and values
//! as storage version 5 kept in localStorage (docs/storage.md).

use js_sys::Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const NAME = 'marginalia';
const STORE = 'kv';
const why = (e) => (e && (e.name || e.message)) || String(e || 'unknown error');

// done(db) or done(null, reason): open the database. Another tab that opens a newer version
// closes this connection.
export function idb_load(done) {
  let request;
  try {
    request = indexedDB.open(NAME, 1);
  } catch (e) {
    return done(null, why(e));
  }
  request.onupgradeneeded = () => request.result.createObjectStore(STORE);
  request.onblocked = () => console.warn('Marginalia: another tab holds an older database open');
  request.onerror = () => done(null, why(request.error));
  request.onsuccess = () => {
    const db = request.result;
    db.onversionchange = () => db.close();
    done(db, null);
  };
}

// done(values) (undefined where a key holds nothing) or done(null, reason): the values of a few
// keys, in one transaction.
export function idb_get(db, keys, done) {
  try {
    const tx = db.transaction(STORE, 'readonly');
    const store = tx.objectStore(STORE);
    const requests = keys.map((key) => store.get(key));
    tx.oncomplete = () => done(requests.map((r) => r.result), null);
    tx.onabort = () => done(null, why(tx.error));
  } catch (e) {
    done(null, why(e));
  }
}

// done(keys, values) or done(null, null, reason).
export function idb_read(db, done) {
  try {
    const tx = db.transaction(STORE, 'readonly');
    const store = tx.objectStore(STORE);
    const keys = store.getAllKeys();
    const values = store.getAll();
    tx.oncomplete = () => done(keys.result, values.result, null);
    tx.onabort = () => done(null, null, why(tx.error));
  } catch (e) {
    done(null, null, why(e));
  }
}

// One read-write transaction: put each value under its key, delete the other keys. done(null)
// once it has committed, done(reason) when it aborted (then nothing of it is stored).
export function idb_commit(db, keys, values, deletes, done) {
  try {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    keys.forEach((key, i) => store.put(values[i], key));
    deletes.forEach((key) => store.delete(key));
    tx.oncomplete = () => done(null);
    tx.onabort = () => done(why(tx.error));
  } catch (e) {
    done(why(e));
  }
}

// The other tabs' writes: listen(keys, values) for each message (a value null: deleted).
export function channel_open(listen) {
  if (typeof BroadcastChannel !== 'function') return null;
  const channel = new BroadcastChannel(NAME);
  channel.onmessage = (event) => {
    const m = event.data;
    if (m && Array.isArray(m.keys) && Array.isArray(m.values)) listen(m.keys, m.values);
  };
  return channel;
}

export function channel_post(channel, keys, values) {
  if (channel) channel.postMessage({ keys, values });
}

// done(usage, quota) in bytes, or done() when the browser cannot say.
export function storage_estimate(done) {
  const s = globalThis.navigator && navigator.storage;
  if (!s || typeof s.estimate !== 'function') return done();
  s.estimate().then((e) => done(e.usage, e.quota), () => done());
}
"#)]
extern "C" {
    fn idb_load(done: JsValue);
    fn idb_get(db: &JsValue, keys: Array, done: JsValue);
    fn idb_read(db: &JsValue, done: JsValue);
    fn idb_commit(db: &JsValue, keys: Array, values: Array, deletes: Array, done: JsValue);
    fn channel_open(listen: JsValue) -> JsValue;
    fn channel_post(channel: &JsValue, keys: Array, values: Array);
    fn storage_estimate(done: JsValue);
}

/// Keys and values as read (strings only; anything else in the store is left out).
pub type Records = Vec<(String, String)>;

fn records(keys: &JsValue, values: &JsValue) -> Records {
    let (keys, values) = (Array::from(keys), Array::from(values));
    keys.iter()
        .zip(values.iter())
        .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
        .collect()
}

/// Open the database: `done(Ok(db))`, or why it cannot be used.
pub fn open(done: impl FnOnce(Result<JsValue, String>) + 'static) {
    idb_load(Closure::once_into_js(move |db: JsValue, error: JsValue| {
        done(error.as_string().map_or(Ok(db), Err))
    }));
}

/// The values of `keys` (`None` where a key holds nothing), read in one transaction.
pub fn get(
    db: &JsValue,
    keys: &[String],
    done: impl FnOnce(Result<Vec<Option<String>>, String>) + 'static,
) {
    get_boxed(db, keys, Box::new(done));
}

/// The callbacks are boxed so that each function here has one copy of its closure code, not
/// one per caller (docs/bundle-size.md).
type Done<T> = Box<dyn FnOnce(T)>;

fn get_boxed(db: &JsValue, keys: &[String], done: Done<Result<Vec<Option<String>>, String>>) {
    let asked = Array::new();
    for key in keys {
        asked.push(&JsValue::from_str(key));
    }
    idb_get(
        db,
        asked,
        Closure::once_into_js(move |values: JsValue, error: JsValue| {
            done(match error.as_string() {
                Some(why) => Err(why),
                None => Ok(Array::from(&values).iter().map(|v| v.as_string()).collect()),
            })
        }),
    );
}

/// Read every record.
pub fn read(db: &JsValue, done: impl FnOnce(Result<Records, String>) + 'static) {
    read_boxed(db, Box::new(done));
}

fn read_boxed(db: &JsValue, done: Done<Result<Records, String>>) {
    idb_read(
        db,
        Closure::once_into_js(move |keys: JsValue, values: JsValue, error: JsValue| {
            done(match error.as_string() {
                Some(why) => Err(why),
                None => Ok(records(&keys, &values)),
            })
        }),
    );
}

/// Writes as the JavaScript side takes them: keys and values to put, keys to delete.
fn split(writes: &[(String, Option<String>)]) -> (Array, Array, Array) {
    let (keys, values, deletes) = (Array::new(), Array::new(), Array::new());
    for (key, value) in writes {
        match value {
            Some(value) => {
                keys.push(&JsValue::from_str(key));
                values.push(&JsValue::from_str(value));
            }
            None => {
                deletes.push(&JsValue::from_str(key));
            }
        }
    }
    (keys, values, deletes)
}

/// Commit `writes` in one transaction: `done(None)` once committed, `done(Some(reason))` when
/// it aborted (`QuotaExceededError` when storage is full).
pub fn commit(
    db: &JsValue,
    writes: &[(String, Option<String>)],
    done: impl FnOnce(Option<String>) + 'static,
) {
    commit_boxed(db, writes, Box::new(done));
}

fn commit_boxed(db: &JsValue, writes: &[(String, Option<String>)], done: Done<Option<String>>) {
    let (keys, values, deletes) = split(writes);
    idb_commit(
        db,
        keys,
        values,
        deletes,
        Closure::once_into_js(move |error: JsValue| done(error.as_string())),
    );
}

/// The channel to this app's other tabs, with `listen` called with each message's writes.
/// `None` where the browser has no `BroadcastChannel`.
pub fn open_channel(listen: impl FnMut(Vec<(String, Option<String>)>) + 'static) -> JsValue {
    let mut listen = listen;
    let callback =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |keys: JsValue, values: JsValue| {
            let (keys, values) = (Array::from(&keys), Array::from(&values));
            let writes = keys
                .iter()
                .zip(values.iter())
                .filter_map(|(k, v)| Some((k.as_string()?, v.as_string())))
                .collect();
            listen(writes);
        });
    // Kept for the page's life (one channel per page).
    channel_open(callback.into_js_value())
}

/// Tell the other tabs about `writes` (a deletion is a null value).
pub fn post(channel: &JsValue, writes: &[(String, Option<String>)]) {
    let (keys, values) = (Array::new(), Array::new());
    for (key, value) in writes {
        keys.push(&JsValue::from_str(key));
        values.push(&value.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    }
    channel_post(channel, keys, values);
}

/// How many bytes the site stores, and may: `done(Some((usage, quota)))`, or `None`.
pub fn estimate(done: impl FnOnce(Option<(f64, f64)>) + 'static) {
    storage_estimate(Closure::once_into_js(
        move |usage: JsValue, quota: JsValue| done(usage.as_f64().zip(quota.as_f64())),
    ));
}
