//! HTML → article blocks through the browser's `DOMParser`. The parsed document is inert: it is
//! never inserted into the page, its scripts never run and its images never load. Scripts,
//! styles, comments, forms and embedded content are dropped.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use crate::formats::html::{HtmlBlock, HtmlBlockKind};

/// Elements whose content is never article text.
const DROPPED: [&str; 14] = [
    "SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "SVG", "CANVAS",
    "BUTTON", "SELECT", "TEXTAREA", "HEAD", "NAV",
];

/// Parse `html` and return its `<title>` and its blocks.
pub fn html_blocks(html: &str) -> Option<(Option<String>, Vec<HtmlBlock>)> {
    let parser = web_sys::DomParser::new().ok()?;
    let doc = parser
        .parse_from_string(html, web_sys::SupportedType::TextHtml)
        .ok()?;
    let title = Some(doc.title()).filter(|t| !t.trim().is_empty());
    let mut blocks = Vec::new();
    let mut loose = String::new();
    if let Some(body) = doc.body() {
        walk(&body, &mut blocks, &mut loose);
    }
    flush(&mut blocks, &mut loose);
    Some((title, blocks))
}

fn flush(blocks: &mut Vec<HtmlBlock>, loose: &mut String) {
    if !loose.trim().is_empty() {
        blocks.push(HtmlBlock {
            kind: HtmlBlockKind::Paragraph,
            text: std::mem::take(loose),
        });
    }
    loose.clear();
}

/// The text of an inline run, skipping dropped elements.
fn inline_text(node: &Node, out: &mut String) {
    let mut child = node.first_child();
    while let Some(c) = child {
        match c.node_type() {
            Node::TEXT_NODE => out.push_str(&c.text_content().unwrap_or_default()),
            Node::ELEMENT_NODE => {
                if let Some(el) = c.dyn_ref::<Element>() {
                    let tag = el.tag_name().to_ascii_uppercase();
                    if tag == "BR" {
                        out.push(' ');
                    } else if !DROPPED.contains(&tag.as_str()) {
                        inline_text(&c, out);
                    }
                }
            }
            _ => {}
        }
        child = c.next_sibling();
    }
}

fn walk(node: &Node, blocks: &mut Vec<HtmlBlock>, loose: &mut String) {
    let mut child = node.first_child();
    while let Some(c) = child {
        match c.node_type() {
            Node::TEXT_NODE => loose.push_str(&c.text_content().unwrap_or_default()),
            Node::ELEMENT_NODE => {
                if let Some(el) = c.dyn_ref::<Element>() {
                    element(el, blocks, loose);
                }
            }
            _ => {}
        }
        child = c.next_sibling();
    }
}

fn element(el: &Element, blocks: &mut Vec<HtmlBlock>, loose: &mut String) {
    let tag = el.tag_name().to_ascii_uppercase();
    if DROPPED.contains(&tag.as_str()) {
        return;
    }
    let kind = match tag.as_str() {
        "H1" | "H2" | "H3" | "H4" | "H5" | "H6" => Some(HtmlBlockKind::Heading),
        "P" | "FIGCAPTION" | "PRE" | "DT" | "DD" | "CAPTION" | "TD" | "TH" => {
            Some(HtmlBlockKind::Paragraph)
        }
        "LI" => Some(HtmlBlockKind::Bullet),
        "IMG" => {
            flush(blocks, loose);
            let url = el.get_attribute("src").unwrap_or_default();
            let alt = el.get_attribute("alt").unwrap_or_default();
            blocks.push(HtmlBlock {
                kind: HtmlBlockKind::Image { alt, url },
                text: String::new(),
            });
            return;
        }
        "BR" => {
            loose.push(' ');
            return;
        }
        _ => None,
    };
    let has_block_children = el
        .query_selector("p, li, h1, h2, h3, h4, h5, h6, img, ul, ol, div, table")
        .ok()
        .flatten()
        .is_some();
    match kind {
        Some(kind) if !has_block_children || matches!(kind, HtmlBlockKind::Heading) => {
            flush(blocks, loose);
            let mut text = String::new();
            inline_text(el, &mut text);
            blocks.push(HtmlBlock { kind, text });
        }
        _ => {
            let inline = matches!(
                tag.as_str(),
                "A" | "SPAN"
                    | "EM"
                    | "STRONG"
                    | "B"
                    | "I"
                    | "U"
                    | "Q"
                    | "CITE"
                    | "SMALL"
                    | "SUB"
                    | "SUP"
                    | "TIME"
                    | "ABBR"
                    | "CODE"
                    | "MARK"
                    | "S"
                    | "FONT"
            );
            if !inline {
                flush(blocks, loose);
            }
            walk(el, blocks, loose);
            if !inline {
                flush(blocks, loose);
            }
        }
    }
}
