//! Documents: the exact text as loaded and its block structure.
//!
//! Offsets are **Unicode code points** into [`Document::text`] (what Python's `text[a:b]` and
//! spaCy's `char_span` count). Each block also keeps its UTF-8 byte range so slicing is O(1).

use std::cell::OnceCell;
use std::fmt;
use std::rc::Rc;

use super::find::last_ascii;
use super::text::{Checkpoints, CpIndex};

/// Stable identifier of a document, derived from its text so the same article loaded twice
/// gets the same id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(pub String);

impl DocId {
    /// The id of a text: FNV-1a 64 over its UTF-8 bytes, as 16 hex digits.
    pub fn for_text(text: &str) -> Self {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.as_bytes() {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        DocId(format!("{hash:016x}"))
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a block is, which decides how it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// The headline (first non-empty line).
    Title,
    /// A short line without final punctuation between paragraphs, or a Markdown `##` heading.
    Subheading,
    /// A `- ` or `* ` line; the block's range excludes the marker.
    Bullet,
    /// Any other line.
    Paragraph,
    /// A `![alt](url)` line. Never fetched: shown as a card with the alt text and host.
    Image { alt: String, url: String },
}

impl BlockKind {
    /// A short stable name: `title`, `subheading`, `bullet`, `paragraph`, `image`.
    pub fn name(&self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Subheading => "subheading",
            BlockKind::Bullet => "bullet",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Image { .. } => "image",
        }
    }
}

/// A run of the document text shown as one unit (paragraph, bullet, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Code point range into the document text (half-open).
    pub start: usize,
    pub end: usize,
    /// The same range in UTF-8 bytes.
    pub byte_start: usize,
    pub byte_end: usize,
}

impl Block {
    /// Number of code points in the block.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A loaded article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: DocId,
    pub title: String,
    /// File name (or other origin) the document came from.
    pub source: String,
    /// The text exactly as loaded, with `\r\n` turned into `\n`.
    pub text: String,
    pub blocks: Vec<Block>,
    /// Offsets into `text`, made the first time they are needed (see [`Document::index`]).
    pub marks: TextMarks,
}

/// The lazily made [`Checkpoints`] of a document's text, shared by its clones. Derived from the
/// text, so it takes no part in comparisons.
#[derive(Clone, Default)]
pub struct TextMarks(Rc<OnceCell<Checkpoints>>);

impl PartialEq for TextMarks {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for TextMarks {}

impl fmt::Debug for TextMarks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "TextMarks(made)"
        } else {
            "TextMarks(not yet)"
        })
    }
}

impl Document {
    /// The text of one block.
    pub fn block_text(&self, block: &Block) -> &str {
        self.text
            .get(block.byte_start..block.byte_end)
            .unwrap_or("")
    }

    /// Fast offsets into the text (code points, bytes, UTF-16): the checkpoints are made once,
    /// on first use, in one pass over the text.
    pub fn index(&self) -> CpIndex<'_> {
        CpIndex::with(
            &self.text,
            self.marks.0.get_or_init(|| Checkpoints::new(&self.text)),
        )
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.index().len()
    }

    /// Number of words in the text (white-space separated), for the document list.
    pub fn word_count(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Image { .. }))
            .map(|b| self.block_text(b).split_whitespace().count())
            .sum()
    }
}

/// The host name of an `http`/`https` URL, for the image placeholder card. Other schemes
/// (`javascript:`, `data:`, relative paths) give `None`: they are never links.
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = &authority[last_ascii(authority, b'@').map_or(0, |at| at + 1)..];
    let host = match host_port.strip_prefix('[') {
        // IPv6 literal: keep the brackets' content.
        Some(v6) => v6.split(']').next()?,
        None => host_port.split(':').next()?,
    };
    if host.is_empty() {
        None
    } else {
        Some(host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_is_stable_and_content_based() {
        assert_eq!(DocId::for_text("abc"), DocId::for_text("abc"));
        assert_ne!(DocId::for_text("abc"), DocId::for_text("abd"));
        // FNV-1a 64 of the empty string is its offset basis.
        assert_eq!(DocId::for_text("").0, "cbf29ce484222325");
        assert_eq!(DocId::for_text("a").0, "af63dc4c8601ec8c");
    }

    #[test]
    fn url_host_only_for_web_urls() {
        assert_eq!(
            url_host("https://images.example.org/a/b.jpg"),
            Some("images.example.org")
        );
        assert_eq!(url_host("http://user@host.test:8080/x"), Some("host.test"));
        assert_eq!(url_host("https://[::1]:80/x"), Some("::1"));
        assert_eq!(url_host("javascript:alert(1)"), None);
        assert_eq!(url_host("data:image/png;base64,AAAA"), None);
        assert_eq!(url_host("photos/harbour.jpg"), None);
        assert_eq!(url_host("https:///nohost"), None);
    }
}
