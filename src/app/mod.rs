//! The browser shell: yew components (one per file), the reducer, and browser glue.

pub mod annotation_panel;
pub mod article_chunk;
pub mod article_view;
pub mod block_view;
pub mod chart;
pub mod claims_view;
pub mod counts;
pub mod crash;
pub mod dialogs;
pub mod doc_list;
pub mod download;
pub mod export_dialog;
pub mod header;
pub mod html_import;
pub mod ids;
pub mod label_attrs;
pub mod labels_dialog;
pub mod labels_style;
pub mod link_picker;
pub mod loader;
pub mod lower;
pub mod modal;
pub mod pager;
pub mod people_view;
pub mod persistence;
pub mod relation_layer;
pub mod root;
pub mod same;
pub mod scroll;
pub mod selection;
pub mod shortcuts;
pub mod span_chunk;
pub mod span_row;
pub mod state;
pub mod toolbar;

pub use root::App;

/// Start the app: install crash reporting, then render into `#app` (or `<body>`).
pub fn start() {
    crash::install();
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
