//! Save bytes as a file: a Blob, an object URL and a temporary `<a download>`. No request
//! leaves the page.

use wasm_bindgen::JsCast;

/// Offer `bytes` as a download named `file_name`. Returns false when the browser refused.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> bool {
    let run = || -> Option<()> {
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = web_sys::window()?.document()?;
        let link = document
            .create_element("a")
            .ok()?
            .dyn_into::<web_sys::HtmlAnchorElement>()
            .ok()?;
        link.set_href(&url);
        link.set_download(file_name);
        link.set_class_name("file-input");
        document.body()?.append_child(&link).ok()?;
        link.click();
        link.remove();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    run().is_some()
}
