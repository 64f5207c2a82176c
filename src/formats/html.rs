//! Articles from HTML. The browser's inert `DOMParser` (in `app/`) extracts blocks; this pure
//! part turns them into a document.

use crate::model::Document;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HtmlBlockKind {
    Heading,
    Paragraph,
    Bullet,
    Image { alt: String, url: String },
}

/// A block of text taken from an HTML page (inline markup already flattened to text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlBlock {
    pub kind: HtmlBlockKind,
    pub text: String,
}

/// Build a document from HTML blocks. The text is written in the Markdown-ish article form
/// (title line, `![alt](url)` image lines, `- ` bullets, blank lines between paragraphs), with
/// white space inside a block collapsed to single spaces and empty blocks dropped, and then
/// parsed with [`crate::formats::article::parse_article`], so it loads again the same way.
/// `title` (from `<title>` or the first `<h1>`) becomes the first line when given.
pub fn document_from_blocks(title: Option<&str>, blocks: &[HtmlBlock], source: &str) -> Document {
    todo!()
}
