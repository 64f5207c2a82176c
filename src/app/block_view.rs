//! One block of an article. Text is always rendered as text nodes, never as HTML.
//! `data-start` / `data-end` give the block's code point range in the document text.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::{url_host, BlockKind, Document};

#[derive(Properties, PartialEq)]
pub struct BlockViewProps {
    pub doc: Rc<Document>,
    pub index: usize,
}

#[component]
pub fn BlockView(props: &BlockViewProps) -> Html {
    let Some(block) = props.doc.blocks.get(props.index) else {
        return Html::default();
    };
    let text = props.doc.block_text(block).to_owned();
    let start = block.start.to_string();
    let end = block.end.to_string();
    match &block.kind {
        BlockKind::Title => html! {
            <h1 class="block title" data-start={start} data-end={end}>{ text }</h1>
        },
        BlockKind::Subheading => html! {
            <h2 class="block subheading" data-start={start} data-end={end}>{ text }</h2>
        },
        BlockKind::Bullet => html! {
            <li class="block bullet" data-start={start} data-end={end}>{ text }</li>
        },
        BlockKind::Paragraph => html! {
            <p class="block paragraph" data-start={start} data-end={end}>{ text }</p>
        },
        BlockKind::Image { alt, url } => {
            let host = url_host(url)
                .map_or_else(|| "local or unsupported address".to_owned(), str::to_owned);
            let alt_text = if alt.is_empty() {
                "Image without a description".to_owned()
            } else {
                alt.clone()
            };
            html! {
                <figure class="block image-card" data-start={start} data-end={end}
                        title={format!("Not loaded (remote images are off): {url}")}>
                    <div class="image-icon" aria-hidden="true"></div>
                    <figcaption>
                        <span class="image-alt">{ alt_text }</span>
                        <span class="image-host">{ format!("Image from {host} · not loaded") }</span>
                    </figcaption>
                </figure>
            }
        }
    }
}
