//! Articles from HTML. The browser's inert `DOMParser` (in `app/`) extracts blocks; this pure
//! part turns them into a document.

use crate::formats::article::parse_article;
use crate::model::words::join;
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
///
/// Details: the title line is written `# title` and other headings `## heading`, so they keep
/// their kind whatever their words. Without a `title`, a first block that is a heading is the
/// title line; with one, a first heading equal to it is not repeated. Consecutive bullets are
/// separated by one `\n`, everything else by a blank line. In an image's alt text `[` and `]`
/// become `(` and `)`; in its URL white space, `(` and `)` are percent-encoded; an image
/// without a URL is dropped. Without any title the document's title is taken from `source`.
pub fn document_from_blocks(title: Option<&str>, blocks: &[HtmlBlock], source: &str) -> Document {
    let mut body: Vec<Line> = blocks.iter().filter_map(render).collect();
    let title = title.map(collapse).filter(|t| !t.is_empty());
    let title = match title {
        Some(title) => {
            if body
                .first()
                .is_some_and(|l| l.kind == LineKind::Heading && l.text == title)
            {
                body.remove(0);
            }
            Some(title)
        }
        None if body.first().is_some_and(|l| l.kind == LineKind::Heading) => {
            Some(body.remove(0).text)
        }
        None => None,
    };

    let mut text = String::new();
    if let Some(title) = title {
        text.push_str("# ");
        text.push_str(&title);
    }
    let mut previous: Option<LineKind> = None;
    for line in &body {
        if !text.is_empty() {
            let both_bullets = previous == Some(LineKind::Bullet) && line.kind == LineKind::Bullet;
            text.push_str(if both_bullets { "\n" } else { "\n\n" });
        }
        match line.kind {
            LineKind::Heading => text.push_str("## "),
            LineKind::Bullet => text.push_str("- "),
            LineKind::Paragraph | LineKind::Image => {}
        }
        text.push_str(&line.text);
        previous = Some(line.kind);
    }
    parse_article(&text, source)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Heading,
    Paragraph,
    Bullet,
    Image,
}

/// A block as one line of article text (markers not included, except for images).
struct Line {
    kind: LineKind,
    text: String,
}

/// The line for a block, or `None` when it is empty.
fn render(block: &HtmlBlock) -> Option<Line> {
    let (kind, text) = match &block.kind {
        HtmlBlockKind::Heading => (LineKind::Heading, collapse(&block.text)),
        HtmlBlockKind::Paragraph => (LineKind::Paragraph, collapse(&block.text)),
        HtmlBlockKind::Bullet => (LineKind::Bullet, collapse(&block.text)),
        HtmlBlockKind::Image { alt, url } => {
            let url = encode_url(url.trim());
            if url.is_empty() {
                return None;
            }
            let alt: String = collapse(alt)
                .chars()
                .map(|c| match c {
                    '[' => '(',
                    ']' => ')',
                    c => c,
                })
                .collect();
            (LineKind::Image, format!("![{alt}]({url})"))
        }
    };
    (!text.is_empty()).then_some(Line { kind, text })
}

/// White space runs (any Unicode white space, line breaks included) become one space; trimmed.
fn collapse(s: &str) -> String {
    join(s.split_whitespace(), " ")
}

/// Percent-encode what would end or break an image line: white space, `(` and `)`.
fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c == '(' || c == ')' {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;

    fn block(kind: HtmlBlockKind, text: &str) -> HtmlBlock {
        HtmlBlock {
            kind,
            text: text.to_owned(),
        }
    }

    fn kinds(doc: &Document) -> Vec<(&'static str, &str)> {
        doc.blocks
            .iter()
            .map(|b| (b.kind.name(), doc.block_text(b)))
            .collect()
    }

    #[test]
    fn writes_the_article_form_and_parses_it() {
        let blocks = vec![
            block(HtmlBlockKind::Heading, "  Harbour\n reopens "),
            block(
                HtmlBlockKind::Image {
                    alt: "A crane\n at dusk".to_owned(),
                    url: " https://img.example.org/c.jpg ".to_owned(),
                },
                "",
            ),
            block(HtmlBlockKind::Bullet, "First\tpoint"),
            block(HtmlBlockKind::Bullet, "   "),
            block(HtmlBlockKind::Bullet, "Second point"),
            block(
                HtmlBlockKind::Paragraph,
                "The port   reopened\u{2028}on Monday.",
            ),
            block(HtmlBlockKind::Paragraph, " \n "),
            block(HtmlBlockKind::Heading, "What comes next."),
            block(
                HtmlBlockKind::Paragraph,
                "Officials said more work is needed.",
            ),
        ];
        let doc = document_from_blocks(None, &blocks, "harbour.html");
        assert_eq!(
            doc.text,
            "# Harbour reopens\n\n![A crane at dusk](https://img.example.org/c.jpg)\n\n\
             - First point\n- Second point\n\nThe port reopened on Monday.\n\n\
             ## What comes next.\n\nOfficials said more work is needed."
        );
        assert_eq!(doc.title, "Harbour reopens");
        assert_eq!(
            kinds(&doc),
            vec![
                ("title", "Harbour reopens"),
                ("image", "![A crane at dusk](https://img.example.org/c.jpg)"),
                ("bullet", "First point"),
                ("bullet", "Second point"),
                ("paragraph", "The port reopened on Monday."),
                ("subheading", "What comes next."),
                ("paragraph", "Officials said more work is needed."),
            ]
        );
        assert_eq!(doc, parse_article(&doc.text, "harbour.html"));
    }

    #[test]
    fn given_title_comes_first_and_is_not_repeated() {
        let blocks = vec![
            block(HtmlBlockKind::Heading, "Harbour reopens"),
            block(HtmlBlockKind::Paragraph, "Text."),
        ];
        let doc = document_from_blocks(Some(" Harbour\treopens"), &blocks, "a.html");
        assert_eq!(doc.text, "# Harbour reopens\n\nText.");
        let doc = document_from_blocks(Some("Site name"), &blocks, "a.html");
        assert_eq!(doc.text, "# Site name\n\n## Harbour reopens\n\nText.");
        assert_eq!(doc.title, "Site name");
        // A title that looks like a bullet or an image stays the title.
        let doc = document_from_blocks(Some("- 5 things"), &blocks[1..], "a.html");
        assert_eq!(doc.title, "- 5 things");
        assert_eq!(doc.blocks[0].kind, BlockKind::Title);
    }

    #[test]
    fn without_title_the_first_line_or_file_name_is_the_title() {
        let blocks = vec![
            block(HtmlBlockKind::Paragraph, "First paragraph."),
            block(HtmlBlockKind::Heading, "Later heading"),
        ];
        let doc = document_from_blocks(None, &blocks, "dir/story.html");
        assert_eq!(doc.text, "First paragraph.\n\n## Later heading");
        // parse_article makes the first line the Title block, as for any article.
        assert_eq!(doc.blocks[0].kind, BlockKind::Title);
        assert_eq!(doc.title, "First paragraph.");
        // Only an empty page has no title line: then the file name is the title.
        let doc = document_from_blocks(Some("  "), &[], "page.html");
        assert_eq!(doc.text, "");
        assert!(doc.blocks.is_empty());
        assert_eq!(doc.title, "page");
    }

    #[test]
    fn image_alt_and_url_are_sanitised() {
        let image = |alt: &str, url: &str| {
            block(
                HtmlBlockKind::Image {
                    alt: alt.to_owned(),
                    url: url.to_owned(),
                },
                "",
            )
        };
        let blocks = vec![
            image("a [b] (c)\nd", "https://x.org/a (1).jpg"),
            image("no url", "  "),
            image("", "https://x.org/b.jpg"),
            image("](", "https://x.org/c.jpg?q=)\n"),
        ];
        let doc = document_from_blocks(Some("T"), &blocks, "a.html");
        assert_eq!(
            doc.text,
            "# T\n\n![a (b) (c) d](https://x.org/a%20%281%29.jpg)\n\n![](https://x.org/b.jpg)\n\n\
             ![)(](https://x.org/c.jpg?q=%29)"
        );
        let images: Vec<(String, String)> = doc
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Image { alt, url } => Some((alt.clone(), url.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            images,
            vec![
                (
                    "a (b) (c) d".to_owned(),
                    "https://x.org/a%20%281%29.jpg".to_owned()
                ),
                (String::new(), "https://x.org/b.jpg".to_owned()),
                (")(".to_owned(), "https://x.org/c.jpg?q=%29".to_owned()),
            ]
        );
    }
}
