//! New span ids: a random part per page load (so two tabs never collide) and a counter.

use std::cell::{Cell, RefCell};

use crate::model::SpanId;

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

/// A span id that is new in this corpus and in every other tab: `s<8 hex>-<counter>`.
pub fn new_span_id() -> SpanId {
    let prefix = PREFIX.with(|p| p.borrow_mut().get_or_insert_with(random_prefix).clone());
    let n = COUNTER.with(|c| {
        let n = c.get() + 1;
        c.set(n);
        n
    });
    SpanId(format!("s{prefix}-{n:x}"))
}
