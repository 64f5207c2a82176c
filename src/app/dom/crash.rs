//! Failing safely: a panic (or any uncaught error) shows a banner instead of a frozen page and
//! is logged to the console.
//!
//! The banner is built with plain DOM calls, outside yew, because yew's state may be broken
//! after a panic (in release builds a panic aborts the wasm instance). Its "Reload" control is a
//! plain link, so it works even when no more wasm code can run.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;

/// The id of the banner element.
pub const BANNER_ID: &str = "crash-banner";
/// What the banner says.
pub const BANNER_TEXT: &str = "Something went wrong — your saved work is safe; reload";

/// Install the panic hook and the window error listeners. Call once, before rendering.
///
/// The shipped build (the pinned nightly, `-C panic=immediate-abort`) never runs the hook: a
/// panic is a trap at once, which reaches the window as an uncaught error, and the listeners
/// below show the banner. A build with stable Rust runs the hook and logs the panic's message.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        // Logs the message and a stack trace with console.error.
        console_error_panic_hook::hook(info);
        show_banner();
    }));
    if let Some(window) = web_sys::window() {
        // A wasm trap that did not come from a panic (e.g. out of memory) surfaces as an
        // uncaught error; a failed promise as an unhandled rejection.
        for event in ["error", "unhandledrejection"] {
            EventListener::new(&window, event, |_| show_banner()).forget();
        }
    }
}

/// Show the crash banner at the top of the page (once). Never panics.
pub fn show_banner() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(BANNER_ID).is_some() {
        return;
    }
    let Some(body) = document.body() else {
        return;
    };
    let build = || -> Result<web_sys::Element, wasm_bindgen::JsValue> {
        let banner = document.create_element("div")?;
        banner.set_id(BANNER_ID);
        banner.set_class_name("crash-banner");
        banner.set_attribute("role", "alert")?;

        let message = document.create_element("p")?;
        message.set_text_content(Some(BANNER_TEXT));
        banner.append_child(&message)?;

        // Reload to the plain page (dropping any query string, such as the self-test one).
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_else(|| "./".to_owned());
        let reload = document.create_element("a")?;
        reload.set_class_name("button primary");
        reload.set_attribute("href", &path)?;
        reload.set_text_content(Some("Reload"));
        banner.append_child(&reload)?;
        Ok(banner)
    };
    if let Ok(banner) = build() {
        let _ = body.insert_before(&banner, body.first_child().as_ref());
        let link = banner
            .query_selector("a")
            .ok()
            .flatten()
            .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(link) = link {
            let _ = link.focus();
        }
    }
}

/// Whether the page was opened with `?selftest=panic`, the documented way to check that crash
/// reporting works (docs/architecture.md, "Diagnostics"). The app then panics right after its first render.
pub fn panic_selftest_requested() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| {
            q.trim_start_matches('?')
                .split('&')
                .any(|kv| kv == "selftest=panic")
        })
}
