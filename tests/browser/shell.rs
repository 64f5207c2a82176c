//! The app shell renders the sample corpus, switches documents and fails safely.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use marginalia::app::dom::crash;
use marginalia::app::App;
use marginalia::model::BlockKind;
use marginalia::samples::sample_documents;

use super::{all, document, mount_point, settle, text};

#[wasm_bindgen_test]
async fn renders_the_sample_corpus_with_exact_block_offsets() {
    let root = mount_point();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;

    let docs = sample_documents();
    let items = all(&root, ".doc-item");
    assert_eq!(items.len(), docs.len());
    for (item, doc) in items.iter().zip(&docs) {
        assert!(text(item).contains(&doc.title));
    }
    assert_eq!(
        items[0].get_attribute("aria-current").as_deref(),
        Some("page")
    );

    // The first article is shown, block by block, with code point ranges that match the text.
    let first = &docs[0];
    let h1 = all(&root, "article h1");
    assert_eq!(h1.len(), 1);
    assert_eq!(text(&h1[0]), first.title);
    let chars: Vec<char> = first.text.chars().collect();
    let blocks = all(&root, "article .block:not(.image-card)");
    let text_blocks: Vec<_> = first
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Image { .. }))
        .collect();
    assert_eq!(blocks.len(), text_blocks.len());
    for el in &blocks {
        let start: usize = el.get_attribute("data-start").unwrap().parse().unwrap();
        let end: usize = el.get_attribute("data-end").unwrap().parse().unwrap();
        let expected: String = chars[start..end].iter().collect();
        assert_eq!(text(el), expected);
    }
    // Bullets are grouped into one list; the image is a card, never an <img>.
    assert_eq!(all(&root, "article ul.block-list > li.bullet").len(), 3);
    assert!(all(&root, "img").is_empty());
    let card = all(&root, "figure.image-card");
    assert_eq!(card.len(), 1);
    assert!(text(&card[0]).contains("images.example-news.org"));
    app.destroy();
}

#[wasm_bindgen_test]
async fn clicking_a_document_and_keys_n_p_switch_articles() {
    let root = mount_point();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    let docs = sample_documents();
    let heading = |root: &web_sys::Element| text(&all(root, "article h1")[0]);

    all(&root, ".doc-item")[2]
        .dyn_ref::<web_sys::HtmlElement>()
        .expect("button")
        .click();
    settle().await;
    assert_eq!(heading(&root), docs[2].title);
    assert_eq!(
        all(&root, ".doc-item")[2]
            .get_attribute("aria-current")
            .as_deref(),
        Some("page")
    );

    let press = |key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("event");
        document()
            .body()
            .expect("body")
            .dispatch_event(&event)
            .expect("dispatch");
    };
    press("p");
    settle().await;
    assert_eq!(heading(&root), docs[1].title);
    press("n");
    press("n"); // already at the last one: stays
    settle().await;
    assert_eq!(heading(&root), docs[2].title);
    app.destroy();
}

#[wasm_bindgen_test]
fn crash_banner_is_an_alert_shown_once_with_a_reload_link() {
    crash::show_banner();
    crash::show_banner();
    let body = document().body().expect("body");
    let banners = all(&body, "#crash-banner");
    assert_eq!(banners.len(), 1);
    let banner = &banners[0];
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(text(banner).contains(crash::BANNER_TEXT));
    let link = all(banner, "a");
    assert_eq!(text(&link[0]), "Reload");
    assert!(link[0].get_attribute("href").is_some());
    banner.remove();
}

/// The selected span's times: the date is left out when the change was on the same local day
/// as the creation, and the browser's formatters (made once) are reused across calls.
#[wasm_bindgen_test]
fn local_times_name_the_day_unless_it_is_the_same() {
    use marginalia::app::dom::ids::local_time;
    // 2026-07-15 12:00 UTC: the same local day as one minute later in every time zone.
    let noon = 1_784_116_800_000u64;
    let full = local_time(noon, None);
    assert!(full.contains("2026"), "{full}");
    let same_day = local_time(noon + 60_000, Some(noon));
    assert!(!same_day.contains("2026"), "{same_day}");
    assert!(!same_day.is_empty());
    // A day later: the date again. And the same call twice gives the same text.
    let next_day = local_time(noon + 86_400_000, Some(noon));
    assert!(next_day.contains("2026"), "{next_day}");
    assert_eq!(local_time(noon, None), full);
}
