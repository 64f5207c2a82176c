//! Suggestions: quotes with their speakers and cues, claims and entities, proposed by rules
//! (no model) for an annotator to accept or reject. Pure: a document's text and blocks in,
//! code-point ranges out; the app turns accepted ones into spans and relations.
//!
//! - [`quotes`]: quote spans from pairs of marks (curly, straight, German, French, single),
//!   over several paragraphs, and paragraphs introduced by "He added:"; never a fragment of
//!   under four words or a title of a work.
//! - [`speakers`]: who said each quote, from the attribution around it ("…,” said Name",
//!   "Name said: “…”", "according to Name", a pronoun resolved to the nearest person named
//!   before it, a quote with no attribution after one by X inheriting X), never a name inside
//!   a quote.
//! - [`claims`]: sentences outside quotes with a figure, money, a comparison or a source; and
//!   the names already tagged in the corpus, found again.
//!
//! The words the rules use are data, in [`rules`].

pub mod claims;
pub mod quotes;
pub mod rules;
pub mod speakers;
#[cfg(test)]
mod tests;

use super::document::{BlockKind, Document};

/// What a suggestion proposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Quote,
    Claim,
    Entity,
}

/// One suggestion: a kind over a code-point range of the text; a quote's cue (the reporting
/// words) and speaker (the mention of the person, itself suggested as an entity unless it is
/// one already) when found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub cue: Option<(usize, usize)>,
    pub speaker: Option<(usize, usize)>,
}

/// The text as code points, and the paragraphs the rules read (code-point ranges of the
/// paragraph and bullet blocks, boilerplate left out).
pub struct Text {
    pub chars: Vec<char>,
    pub paragraphs: Vec<(usize, usize)>,
}

impl Text {
    pub fn of(doc: &Document) -> Text {
        let chars: Vec<char> = doc.text.chars().collect();
        let paragraphs = doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Bullet))
            .map(|b| (b.start, b.end.min(chars.len())))
            .filter(|&(a, b)| a < b && !boilerplate(&chars[a..b]))
            .collect();
        Text { chars, paragraphs }
    }

    /// The characters from `a` to `b`, as a string.
    pub fn slice(&self, a: usize, b: usize) -> String {
        self.chars[a..b].iter().collect()
    }
}

/// Whether a line is one scrapers leave ("Share via", "Sign up for …"): short, and starting
/// with one of [`rules::BOILERPLATE`].
pub fn boilerplate(line: &[char]) -> bool {
    let words = line.split(|c| c.is_whitespace()).filter(|w| !w.is_empty());
    if words.count() > 12 {
        return false;
    }
    let text: String = line.iter().collect::<String>();
    let text = text.trim_start();
    rules::BOILERPLATE.iter().any(|b| text.starts_with(b))
}

/// Every suggestion for `doc`: quotes (with cues and speakers), the speakers' mentions and
/// the occurrences of `names` (names tagged in the corpus) as entities, and claims. `taken`:
/// ranges already tagged as entities, not suggested again. In text order per kind.
pub fn suggest(doc: &Document, names: &[String], taken: &[(usize, usize)]) -> Vec<Suggestion> {
    let text = Text::of(doc);
    let found = quotes::find(&text);
    let mut out = speakers::attribute(&text, &found);
    let quoted: Vec<(usize, usize)> = found.iter().map(|q| (q.start, q.end)).collect();
    let mut entities: Vec<(usize, usize)> = out.iter().filter_map(|s| s.speaker).collect();
    entities.extend(claims::names(&text, names));
    sort_ranges(&mut entities);
    entities.dedup();
    for (start, end) in entities {
        let overlaps = |&(a, b): &(usize, usize)| a < end && start < b;
        if !taken.iter().any(overlaps) {
            out.push(Suggestion {
                kind: Kind::Entity,
                start,
                end,
                cue: None,
                speaker: None,
            });
        }
    }
    for (start, end) in claims::claims(&text, &quoted) {
        out.push(Suggestion {
            kind: Kind::Claim,
            start,
            end,
            cue: None,
            speaker: None,
        });
    }
    out
}

/// A character of a word: a letter or a digit.
fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Ranges in text order (few: the suggestions of one article).
fn sort_ranges(ranges: &mut [(usize, usize)]) {
    super::sort::sort_with(ranges, &|a, b| a.cmp(b));
}
