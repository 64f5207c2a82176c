//! Quote spans. A quote is the text between an opening mark and a closing one that pairs
//! with it ([`rules::MARKS`]), read paragraph by paragraph:
//! - a mark opens where a word starts after it and none ends before it, and closes where a
//!   word ends before it and none starts after it, so an apostrophe inside a word (don’t,
//!   Smith’s) or before one (’90s) is not a mark;
//! - a quote left open at a paragraph's end goes on when the next paragraph opens with a mark
//!   (news style: every paragraph of a long quote opens one, only the last closes it), and is
//!   dropped otherwise (an unbalanced mark);
//! - a paragraph without marks, introduced by a paragraph that ends with a colon after a cue
//!   ("He added:", "The statement read:"), is a quote as a whole;
//! - a quote of fewer than four words (scare quotes: the so-called “green corridor”) or in
//!   title case (a work: the report “Water for Tomorrow”) is not one.

use super::rules::{self, has};
use super::{word_char, Text};

/// A quote found: its span (the words, without the marks), where its attribution may be
/// looked for (`open`: its opening mark, or the start of a paragraph introduced by a colon;
/// `close`: just after its closing mark), and the paragraph it starts in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub open: usize,
    pub close: usize,
    /// Index in [`Text::paragraphs`] of the first and last paragraph it covers.
    pub first: usize,
    pub last: usize,
    /// Introduced by a paragraph ending in a colon, with no marks.
    pub block: bool,
}

/// Whether the mark at `i` may open a quote: no word ends right before it, a word (or a
/// mark, a digit, an ellipsis) starts right after it.
/// (French marks may have a space inside: « Oui ».)
fn opens(chars: &[char], i: usize, from: usize) -> bool {
    let before = (i > from).then(|| chars[i - 1]);
    let after = chars.get(i + 1).copied();
    let spaced = chars[i] == '\u{ab}';
    !before.is_some_and(word_char)
        && after.is_some_and(|c| spaced || !c.is_whitespace())
        && !before.is_some_and(|c| c == '.' || c == ',')
}

/// Whether the mark at `i` may close a quote: something ends right before it, no word starts
/// right after it.
fn closes(chars: &[char], i: usize, to: usize) -> bool {
    let before = chars.get(i.wrapping_sub(1)).copied();
    let after = (i + 1 < to).then(|| chars[i + 1]);
    let spaced = chars[i] == '\u{bb}';
    before.is_some_and(|c| spaced || !c.is_whitespace()) && !after.is_some_and(word_char)
}

fn closers_of(c: char) -> Option<&'static str> {
    rules::MARKS
        .iter()
        .find(|(o, _)| *o == c)
        .map(|(_, close)| *close)
}

/// Every quote of `text`, in order.
pub fn find(text: &Text) -> Vec<Found> {
    let chars = &text.chars;
    let mut out = Vec::new();
    // An open quote: where its words start, its mark, its closers, its first paragraph.
    let mut open: Option<(usize, usize, &str, usize)> = None;
    for (p, &(a, b)) in text.paragraphs.iter().enumerate() {
        let mut marks = false;
        let mut i = a;
        // A quote left open by the last paragraph goes on only if this one opens with a mark.
        if let Some((_, _, close, _)) = open {
            let first = (a..b).find(|&k| !chars[k].is_whitespace());
            let goes_on = first.is_some_and(|k| {
                closers_of(chars[k]).is_some_and(|c| c == close) && opens(chars, k, a)
            });
            if goes_on {
                i = first.unwrap_or(a) + 1;
                marks = true;
            } else {
                open = None;
            }
        }
        while i < b {
            let c = chars[i];
            match open {
                Some((start, mark, close, first)) => {
                    if close.contains(c) && closes(chars, i, b) {
                        out.push(Found {
                            start,
                            end: i,
                            open: mark,
                            close: i + 1,
                            first,
                            last: p,
                            block: false,
                        });
                        open = None;
                    }
                }
                None => {
                    if let Some(close) = closers_of(c).filter(|_| opens(chars, i, a)) {
                        open = Some((i + 1, i, close, p));
                        marks = true;
                    }
                }
            }
            i += 1;
        }
        if !marks && p > 0 && introduced(text, p - 1) {
            out.push(Found {
                start: a,
                end: b,
                open: a,
                close: b,
                first: p,
                last: p,
                block: true,
            });
        }
    }
    out.retain_mut(|q| {
        trim(chars, &mut q.start, &mut q.end);
        keep(&chars[q.start..q.end])
    });
    out
}

/// Whether paragraph `p` ends with a colon after a cue ("He added:", "she told reporters:").
fn introduced(text: &Text, p: usize) -> bool {
    let (a, b) = text.paragraphs[p];
    let line: String = text.slice(a, b);
    let line = line.trim_end();
    let Some(body) = line.strip_suffix(':') else {
        return false;
    };
    // The last sentence before the colon.
    let sentence = body.rsplit(['.', '!', '?']).next().unwrap_or(body);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    words.len() <= 14 && words.iter().any(|w| has(rules::CUES, w.trim_matches(',')))
}

/// `start..end` without the white space at its edges.
fn trim(chars: &[char], start: &mut usize, end: &mut usize) {
    while *start < *end && chars[*start].is_whitespace() {
        *start += 1;
    }
    while *end > *start && chars[*end - 1].is_whitespace() {
        *end -= 1;
    }
}

/// Whether the words of a quote make one: four words or more, not a title in title case.
fn keep(words: &[char]) -> bool {
    let text: String = words.iter().collect();
    let list: Vec<&str> = text.split_whitespace().collect();
    if list.len() < 4 {
        return false;
    }
    // A title may hold commas ("Safe Hands, Safe Wards"), not a sentence's stops.
    let sentence = text.contains(['.', '!', '?', ';', ':']);
    let titled = list.iter().all(|w| {
        let first = w.chars().find(|c| c.is_alphanumeric());
        first.is_none_or(|c| c.is_uppercase() || c.is_numeric()) || has(rules::TITLE_SMALL_WORDS, w)
    });
    !(titled && !sentence && list.len() <= 10)
}
