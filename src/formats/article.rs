//! Plain text / Markdown-ish articles: a headline, `![alt](url)` image lines, `- ` or `* `
//! bullets, subheadings and paragraphs.
//!
//! The document text is kept exactly as loaded (only `\r\n` becomes `\n`); blocks are ranges
//! into it, so annotation offsets always refer to the text a user exported.

use crate::model::find;
use crate::model::find::last_ascii;
use crate::model::{Block, BlockKind, DocId, Document};

/// Longest line (in code points) that may count as a subheading.
const SUBHEADING_MAX_CHARS: usize = 70;
/// Most words a subheading may have.
const SUBHEADING_MAX_WORDS: usize = 10;

/// Normalise line endings the one way we ever change a text: `\r\n` becomes `\n`.
pub fn normalize_newlines(text: &str) -> String {
    if find::contains(text, "\r\n") {
        find::replace(text, "\r\n", "\n")
    } else {
        text.to_owned()
    }
}

/// Parse an article. `source` is the file name (or other origin) it came from.
pub fn parse_article(raw: &str, source: &str) -> Document {
    parse_lines(raw, source, None)
}

/// Parse a text whose title is known (e.g. a JSON document's `title`): the same rules as
/// [`parse_article`], except that no line becomes the [`BlockKind::Title`] block unless its
/// trimmed text equals `title` (so a first line that is not the title stays a paragraph or
/// subheading), and `doc.title` is `title`, trimmed. An empty `title` gives [`parse_article`].
pub fn parse_text_with_title(raw: &str, title: &str, source: &str) -> Document {
    let title = title.trim();
    if title.is_empty() {
        return parse_article(raw, source);
    }
    let mut doc = parse_lines(raw, source, Some(title));
    title.clone_into(&mut doc.title);
    doc
}

/// [`parse_article`], with the Title block restricted to a line equal to `title` when given.
fn parse_lines(raw: &str, source: &str, title: Option<&str>) -> Document {
    let text = normalize_newlines(raw);
    let lines = scan_lines(&text);
    let mut blocks: Vec<Block> = Vec::with_capacity(lines.len());

    for (i, line) in lines.iter().enumerate() {
        let may_be_title = blocks.is_empty()
            && title.is_none_or(|t| {
                text.get(line.byte_start..line.byte_end)
                    .is_some_and(|s| s.trim() == t)
            });
        let kind = match &line.kind {
            LineKind::Heading { level } if may_be_title && *level <= 2 => BlockKind::Title,
            LineKind::Heading { .. } => BlockKind::Subheading,
            LineKind::Image { alt, url } => BlockKind::Image {
                alt: alt.clone(),
                url: url.clone(),
            },
            LineKind::Bullet => BlockKind::Bullet,
            LineKind::Plain if may_be_title => BlockKind::Title,
            LineKind::Plain => {
                let after_paragraph = blocks
                    .last()
                    .is_some_and(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Subheading));
                let before_paragraph = lines
                    .get(i + 1)
                    .is_some_and(|next| matches!(next.kind, LineKind::Plain));
                if after_paragraph && before_paragraph && looks_like_subheading(&text, line) {
                    BlockKind::Subheading
                } else {
                    BlockKind::Paragraph
                }
            }
        };
        blocks.push(Block {
            kind,
            start: line.start,
            end: line.end,
            byte_start: line.byte_start,
            byte_end: line.byte_end,
        });
    }

    let title = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Title)
        .and_then(|b| text.get(b.byte_start..b.byte_end))
        .map(str::to_owned)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| title_from_source(source));

    Document {
        id: DocId::for_text(&text),
        title,
        source: source.to_owned(),
        text,
        blocks,
        marks: Default::default(),
    }
}

fn title_from_source(source: &str) -> String {
    let folders = source.bytes().rposition(|b| b == b'/' || b == b'\\');
    let name = &source[folders.map_or(0, |at| at + 1)..];
    let stem = last_ascii(name, b'.').map_or(name, |at| &name[..at]);
    if stem.trim().is_empty() {
        "Untitled".to_owned()
    } else {
        stem.trim().to_owned()
    }
}

#[derive(Debug)]
enum LineKind {
    Heading { level: usize },
    Image { alt: String, url: String },
    Bullet,
    Plain,
}

/// One non-empty line, trimmed, with its content range (markers excluded).
#[derive(Debug)]
struct Line {
    kind: LineKind,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
}

fn scan_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut byte_pos = 0usize;
    let mut char_pos = 0usize;
    for raw_line in text.split('\n') {
        let line_chars = raw_line.chars().count();
        if let Some(line) = classify(raw_line, byte_pos, char_pos) {
            lines.push(line);
        }
        byte_pos += raw_line.len() + 1;
        char_pos += line_chars + 1;
    }
    lines
}

/// Classify one line that starts at `byte0` / `char0` in the text.
fn classify(raw: &str, byte0: usize, char0: usize) -> Option<Line> {
    let lead_bytes = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    let lead_chars = raw[..lead_bytes].chars().count();

    // Content = `trimmed` with `skip` leading bytes removed (a marker) and re-trimmed.
    let content = |skip: usize, kind: LineKind| -> Line {
        let after = &trimmed[skip..];
        let inner = after.trim_start();
        let skipped = trimmed.len() - inner.len();
        let byte_start = byte0 + lead_bytes + skipped;
        let start = char0 + lead_chars + trimmed[..skipped].chars().count();
        Line {
            kind,
            start,
            end: start + inner.chars().count(),
            byte_start,
            byte_end: byte_start + inner.len(),
        }
    };

    if let Some((alt, url)) = parse_image(trimmed) {
        return Some(content(0, LineKind::Image { alt, url }));
    }
    for marker in ["- ", "* ", "• "] {
        if trimmed.starts_with(marker) && trimmed.len() > marker.len() {
            return Some(content(marker.len(), LineKind::Bullet));
        }
    }
    let hashes = trimmed.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes)
        && trimmed[hashes..].starts_with(' ')
        && !trimmed[hashes..].trim().is_empty()
    {
        return Some(content(hashes, LineKind::Heading { level: hashes }));
    }
    Some(content(0, LineKind::Plain))
}

/// `![alt](url)` alone on a line (an optional `"title"` after the URL is ignored).
fn parse_image(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("![")?;
    let (alt, rest) = find::split_once(rest, "](")?;
    let inner = rest.strip_suffix(')')?;
    let url = inner.split_whitespace().next().unwrap_or("");
    if find::contains(alt, "]") || url.is_empty() || url.contains(['(', ')']) {
        return None;
    }
    Some((alt.trim().to_owned(), url.to_owned()))
}

fn looks_like_subheading(text: &str, line: &Line) -> bool {
    let Some(s) = text.get(line.byte_start..line.byte_end) else {
        return false;
    };
    let ends_punctuated = s.chars().last().is_some_and(|c| {
        matches!(
            c,
            '.' | '!'
                | '?'
                | ','
                | ';'
                | ':'
                | '…'
                | '"'
                | '\''
                | '”'
                | '’'
                | '»'
                | ')'
                | '。'
                | '！'
                | '？'
        )
    });
    !ends_punctuated
        && line.end - line.start <= SUBHEADING_MAX_CHARS
        && s.split_whitespace().count() <= SUBHEADING_MAX_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(doc: &Document) -> Vec<(&'static str, &str)> {
        doc.blocks
            .iter()
            .map(|b| (b.kind.name(), doc.block_text(b)))
            .collect()
    }

    #[test]
    fn parses_every_block_kind() {
        let doc = parse_article(
            "\n# Harbour reopens\n\n![A crane at dusk](https://img.example.org/c.jpg)\n\n\
             - First point\n* Second point\n\nThe port reopened on Monday.\n\n\
             What comes next\n\nOfficials said more work is needed.\n",
            "harbour.md",
        );
        assert_eq!(
            kinds(&doc),
            vec![
                ("title", "Harbour reopens"),
                ("image", "![A crane at dusk](https://img.example.org/c.jpg)"),
                ("bullet", "First point"),
                ("bullet", "Second point"),
                ("paragraph", "The port reopened on Monday."),
                ("subheading", "What comes next"),
                ("paragraph", "Officials said more work is needed."),
            ]
        );
        assert_eq!(doc.title, "Harbour reopens");
        assert_eq!(doc.source, "harbour.md");
        match &doc.blocks[1].kind {
            BlockKind::Image { alt, url } => {
                assert_eq!(alt, "A crane at dusk");
                assert_eq!(url, "https://img.example.org/c.jpg");
            }
            other => panic!("expected an image, got {other:?}"),
        }
    }

    #[test]
    fn text_is_kept_exactly_except_crlf() {
        let raw = "Title\r\n\r\n  Indented “quote” — with dash 🇺🇦.  \r\n";
        let doc = parse_article(raw, "a.txt");
        assert_eq!(doc.text, "Title\n\n  Indented “quote” — with dash 🇺🇦.  \n");
        let p = &doc.blocks[1];
        assert_eq!(doc.block_text(p), "Indented “quote” — with dash 🇺🇦.");
        // Code point offsets agree with the byte offsets.
        let by_chars: String = doc.text.chars().skip(p.start).take(p.len()).collect();
        assert_eq!(by_chars, doc.block_text(p));
        assert_eq!(p.start, 9);
    }

    #[test]
    fn block_offsets_are_code_points_with_astral_and_combining_text() {
        let raw = "Café 北海道\n\n👨‍👩‍👧 family — Zoe\u{0308} said “hi”.\n- e\u{0301}lan\n";
        let doc = parse_article(raw, "x.txt");
        let chars: Vec<char> = doc.text.chars().collect();
        for b in &doc.blocks {
            let slice: String = chars[b.start..b.end].iter().collect();
            assert_eq!(slice, doc.block_text(b));
        }
        assert_eq!(doc.blocks.len(), 3);
        assert_eq!(doc.blocks[2].kind, BlockKind::Bullet);
    }

    #[test]
    fn subheading_needs_paragraphs_around_and_no_final_punctuation() {
        // Right after the title: a byline-like line stays a paragraph.
        let doc = parse_article("Title\nBy Ana Souza\nBody text here.\n", "a.txt");
        assert_eq!(doc.blocks[1].kind, BlockKind::Paragraph);
        // Ends with punctuation: paragraph.
        let doc = parse_article("T\nOne.\nShort line.\nTwo.\n", "a.txt");
        assert_eq!(doc.blocks[2].kind, BlockKind::Paragraph);
        // Last line: nothing after it, so not "between paragraphs".
        let doc = parse_article("T\nOne.\nThe end\n", "a.txt");
        assert_eq!(doc.blocks[2].kind, BlockKind::Paragraph);
        // A long unpunctuated line is a paragraph.
        let long = "word ".repeat(20);
        let doc = parse_article(&format!("T\nOne.\n{long}\nTwo.\n"), "a.txt");
        assert_eq!(doc.blocks[2].kind, BlockKind::Paragraph);
        // Markdown heading markers always make a subheading after the title.
        let doc = parse_article("T\n## Background.\nText.\n", "a.txt");
        assert_eq!(doc.blocks[1].kind, BlockKind::Subheading);
        assert_eq!(doc.block_text(&doc.blocks[1]), "Background.");
    }

    #[test]
    fn malformed_markup_stays_text() {
        let doc = parse_article(
            "T\n![no close](x\n-not a bullet\n#nospace\n![a]()\n",
            "a.txt",
        );
        let k = kinds(&doc);
        // Text stays whole (markers not stripped), and nothing is a bullet or an image.
        assert_eq!(
            k[1..].iter().map(|(_, t)| *t).collect::<Vec<_>>(),
            vec!["![no close](x", "-not a bullet", "#nospace", "![a]()"]
        );
        assert!(
            k.iter()
                .all(|(kind, _)| !matches!(*kind, "bullet" | "image")),
            "{k:?}"
        );
    }

    #[test]
    fn known_title_decides_the_title_block() {
        // The first line is the title: same blocks as parse_article.
        let raw = "# Harbour reopens\n\nThe port reopened.\n";
        let doc = parse_text_with_title(raw, " Harbour reopens ", "a.json");
        assert_eq!(doc, parse_article(raw, "a.json"));
        // The first line is not the title: it stays text, and the title is the given one.
        let doc = parse_text_with_title(
            "The port reopened.\nShort line\nMore text.\n",
            "Harbour",
            "a.json",
        );
        assert_eq!(doc.title, "Harbour");
        assert_eq!(
            kinds(&doc),
            vec![
                ("paragraph", "The port reopened."),
                ("subheading", "Short line"),
                ("paragraph", "More text."),
            ]
        );
        // A level-1 heading that is not the title becomes a subheading.
        let doc = parse_text_with_title("# Other\nText.\n", "Harbour", "a.json");
        assert_eq!(
            kinds(&doc),
            vec![("subheading", "Other"), ("paragraph", "Text.")]
        );
        // An empty title falls back to parse_article.
        let raw = "Headline\nText.\n";
        assert_eq!(
            parse_text_with_title(raw, "  ", "a.json"),
            parse_article(raw, "a.json")
        );
        // Text is kept exactly (only CRLF changes).
        let doc = parse_text_with_title("Head\r\nText.", "Head", "a.json");
        assert_eq!(doc.text, "Head\nText.");
        assert_eq!(kinds(&doc), vec![("title", "Head"), ("paragraph", "Text.")]);
    }

    #[test]
    fn empty_and_blank_input() {
        let doc = parse_article("", "notes/empty.txt");
        assert!(doc.blocks.is_empty());
        assert_eq!(doc.title, "empty");
        let doc = parse_article(" \n\n\t\n", ".txt");
        assert!(doc.blocks.is_empty());
        assert_eq!(doc.title, "Untitled");
    }
}
