//! The article being read: its blocks, with consecutive bullets grouped into one list.

use std::rc::Rc;

use yew::prelude::*;

use super::block_view::BlockView;
use crate::model::{BlockKind, Document};

#[derive(Properties, PartialEq)]
pub struct ArticleViewProps {
    pub doc: Rc<Document>,
}

/// Consecutive blocks shown together: one block, or a run of bullets.
enum Group {
    Single(usize),
    Bullets(std::ops::Range<usize>),
}

fn group_blocks(doc: &Document) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < doc.blocks.len() {
        if doc.blocks[i].kind == BlockKind::Bullet {
            let start = i;
            while i < doc.blocks.len() && doc.blocks[i].kind == BlockKind::Bullet {
                i += 1;
            }
            groups.push(Group::Bullets(start..i));
        } else {
            groups.push(Group::Single(i));
            i += 1;
        }
    }
    groups
}

#[component]
pub fn ArticleView(props: &ArticleViewProps) -> Html {
    let doc = &props.doc;
    let groups = group_blocks(doc).into_iter().map(|group| match group {
        Group::Single(index) => html! {
            <BlockView key={index} doc={doc.clone()} {index} />
        },
        Group::Bullets(range) => html! {
            <ul key={format!("ul{}", range.start)} class="block-list">
                { for range.map(|index| html! {
                    <BlockView key={index} doc={doc.clone()} {index} />
                }) }
            </ul>
        },
    });
    html! {
        <article class="article" aria-label={doc.title.clone()} data-doc-id={doc.id.0.clone()}>
            { for groups }
            <footer class="article-source">{ format!("Source: {}", doc.source) }</footer>
        </article>
    }
}
