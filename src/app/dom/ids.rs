//! New span ids (a random part per page load, so two tabs never collide, and a counter) and
//! the clock that stamps spans.

use std::cell::{Cell, RefCell};

use crate::model::{RelationId, SpanId};

thread_local! {
    static PREFIX: RefCell<Option<String>> = const { RefCell::new(None) };
    static COUNTER: Cell<u64> = const { Cell::new(0) };
}

fn random_prefix() -> String {
    #[cfg(target_arch = "wasm32")]
    let r = js_sys::Math::random();
    #[cfg(not(target_arch = "wasm32"))]
    let r = 0.5;
    // 32 random bits as 8 hex digits.
    format!("{:08x}", (r * f64::from(u32::MAX)) as u32)
}

/// This page load's random part of ids: 8 hex digits.
pub fn tab_part() -> String {
    PREFIX.with(|p| p.borrow_mut().get_or_insert_with(random_prefix).clone())
}

/// A span id that is new in this corpus and in every other tab: `s<8 hex>-<counter>`.
pub fn new_span_id() -> SpanId {
    let prefix = tab_part();
    let n = COUNTER.with(|c| {
        let n = c.get() + 1;
        c.set(n);
        n
    });
    SpanId(format!("s{prefix}-{n:x}"))
}

/// A relation id, new like [`new_span_id`]'s: `r<8 hex>-<counter>`.
pub fn new_relation_id() -> RelationId {
    RelationId(format!("r{}", &new_span_id().0[1..]))
}

/// Now, in milliseconds since the Unix epoch (what spans record as created/updated times).
pub fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    let ms = js_sys::Date::now();
    #[cfg(not(target_arch = "wasm32"))]
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    // A clock before 1970 (or NaN) is treated as unknown time zero.
    if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    }
}

/// A time (ms since the Unix epoch) in the reader's locale and time zone: "23 Nov 2026,
/// 12:46", or only "12:46" when `since` is on the same local day.
pub fn local_time(ms: u64, since: Option<u64>) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsValue;
        thread_local! {
            // The browser's formatters, made once: a `toLocaleString` with options builds one
            // on every call (about 0.5 ms each, twice per render of the selected span).
            static FORMATS: [js_sys::Function; 2] = [true, false].map(|with_date| {
                let options = js_sys::Object::new();
                if with_date {
                    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
                }
                let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
                js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format()
            });
        }
        let date = |ms: u64| js_sys::Date::new(&JsValue::from_f64(ms as f64));
        let day = |d: &js_sys::Date| (d.get_full_year(), d.get_month(), d.get_date());
        let this = date(ms);
        let same_day = since.is_some_and(|s| day(&date(s)) == day(&this));
        FORMATS.with(|f| {
            f[usize::from(same_day)]
                .call1(&JsValue::NULL, &this)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default()
        })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = since;
        crate::formats::time::iso_from_ms(ms)
    }
}
