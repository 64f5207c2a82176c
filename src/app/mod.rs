//! The browser shell: yew components (one per file), the reducer, and browser glue.

pub mod components;
pub mod dom;
pub mod hooks;
pub mod parse;
pub mod same;
pub mod shortcuts;
pub mod state;

pub use components::root::App;

/// Start the app: install crash reporting, load what the browser stores, then render into
/// `#app` (or `<body>`).
pub fn start() {
    dom::crash::install();
    dom::startup::prepare(mount);
}

fn mount() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            // Drop the "Loading…" placeholder from index.html.
            root.set_text_content(None);
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
