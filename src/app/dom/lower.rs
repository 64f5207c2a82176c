//! Lower case for display and search, by the browser (`toLowerCase`) on the web, so the wasm
//! carries no Unicode case tables (`str::to_lowercase` pulls them in). Natively (tests) it is
//! Rust's own, which follows the same Unicode mapping.

/// `s` in lower case.
pub fn lower(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(s).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        #[allow(clippy::disallowed_methods)] // native only: never in the download
        s.to_lowercase()
    }
}
