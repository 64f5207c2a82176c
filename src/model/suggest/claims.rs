//! Claims and names.
//!
//! A claim is a sentence outside quotes that a fact-checker could check: it holds a figure
//! (a number that is not a year or a day of a month, a percentage, money) or a comparison or
//! superlative ([`rules::CLAIM_WORDS`]), or it gives a source ("according to").
//!
//! Names: each occurrence, as a whole word, of a name already tagged in the corpus (every
//! spelling of it the annotators used: "Zelenskyy", "Zelensky").

use super::rules::{self, has};
use super::Text;

/// The sentences of a paragraph (`chars[a..b]`), as ranges: each ends after its full stop,
/// question or exclamation mark (and a closing quote mark after it), where a space and a
/// capital, a digit or a quote mark follow; not after an abbreviation ("Dr.", "U.S.").
pub fn sentences(chars: &[char], a: usize, b: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = a;
    let mut i = a;
    while i < b {
        let c = chars[i];
        if matches!(c, '.' | '!' | '?') {
            let mut end = i + 1;
            while end < b && !chars[end].is_whitespace() && !chars[end].is_alphanumeric() {
                end += 1;
            }
            let mut next = end;
            while next < b && chars[next].is_whitespace() {
                next += 1;
            }
            let starts = next > end
                && next < b
                && (chars[next].is_uppercase()
                    || chars[next].is_numeric()
                    || rules::MARKS.iter().any(|(o, _)| *o == chars[next]));
            if (starts || next >= b) && !(c == '.' && abbreviation(chars, start, i)) {
                out.push((start, end));
                start = next;
                i = next;
                continue;
            }
        }
        i += 1;
    }
    if start < b && chars[start..b].iter().any(|c| !c.is_whitespace()) {
        let mut end = b;
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        out.push((start, end));
    }
    out
}

/// Whether the full stop at `i` ends an abbreviation ("Dr.", "U.S.") or an initial ("J."),
/// looking back no further than `from`.
pub(super) fn abbreviation(chars: &[char], from: usize, i: usize) -> bool {
    let mut s = i;
    while s > from && (super::word_char(chars[s - 1]) || chars[s - 1] == '.') {
        s -= 1;
    }
    let word: String = chars[s..i].iter().collect();
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || has(rules::ABBREVIATIONS, &word)
}

/// The sentences outside `quoted` (ranges of quotes, marks included or not) that are claims.
pub fn claims(text: &Text, quoted: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let chars = &text.chars;
    let mut out = Vec::new();
    // Quotes in order (they do not overlap): the first that may touch the next sentence.
    let mut q = 0;
    for &(a, b) in &text.paragraphs {
        for (s, e) in sentences(chars, a, b) {
            while q < quoted.len() && quoted[q].1 < s {
                q += 1;
            }
            // Outside quotes: a sentence that holds or touches one is a quote's.
            if q < quoted.len() && quoted[q].0 <= e {
                continue;
            }
            if claim(&chars[s..e]) {
                out.push((s, e));
            }
        }
    }
    out
}

/// Whether a sentence makes a claim (see the module's notes).
pub fn claim(sentence: &[char]) -> bool {
    let text: String = sentence.iter().collect();
    if text.contains(['%', '$', '\u{20ac}', '\u{a3}', '\u{a5}']) {
        return true;
    }
    // Words as written (with the punctuation around them), and bare.
    let raw: Vec<&str> = text.split_whitespace().collect();
    let words: Vec<&str> = raw
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    for (k, w) in words.iter().enumerate() {
        let lower = w.to_ascii_lowercase();
        let than = || words[k + 1..].iter().take(3).any(|n| *n == "than");
        if has(rules::CLAIM_WORDS, &lower) || (has(rules::COMPARATIVES, &lower) && than()) {
            return true;
        }
        if lower == "according" && words.get(k + 1) == Some(&"to") {
            return true;
        }
        if w.chars().next().is_some_and(|c| c.is_ascii_digit()) && figure(&raw, &words, k) {
            return true;
        }
    }
    false
}

/// Whether the number at word `k` is a figure: not a year (1900–2099 standing alone, unless
/// a claim is made of it: "since 1994", "by 2031"), not a day beside a month, not a time of
/// day, not a number that names ("No. 14", "Route 9"), not an age ("Al-Amin, 51,").
fn figure(raw: &[&str], words: &[&str], k: usize) -> bool {
    let w = words[k];
    let before = k.checked_sub(1).map(|j| words[j]);
    let month = |j: Option<usize>| {
        j.and_then(|j| words.get(j))
            .is_some_and(|m| has(rules::MONTHS, m))
    };
    let year = w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.bytes().all(|b| b.is_ascii_digit())
        && !before.is_some_and(|b| has(rules::YEAR_CLAIMS, b));
    let day = w.len() <= 2 && (month(k.checked_sub(1)) || month(Some(k + 1)));
    let time = words
        .get(k + 1)
        .is_some_and(|n| matches!(*n, "a.m" | "p.m" | "am" | "pm" | "GMT" | "BST" | "CET"));
    let naming = before.is_some_and(|b| has(rules::NUMBERED, b));
    let age = k > 0
        && raw[k].ends_with(',')
        && raw[k - 1].ends_with(',')
        && raw[k - 1].chars().next().is_some_and(char::is_uppercase)
        && w.len() <= 3;
    !(year || day || time || naming || age)
}

/// Each whole-word occurrence of one of `names` in the paragraphs (the longest where two
/// overlap), in text order.
pub fn names(text: &Text, names: &[String]) -> Vec<(usize, usize)> {
    let chars = &text.chars;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut list: Vec<Vec<char>> = names
        .iter()
        .map(|n| n.trim().chars().collect::<Vec<char>>())
        .filter(|n| !n.is_empty())
        .collect();
    // By first character, so each place looks only at the names that start with its own.
    crate::model::sort::sort_with(&mut list, &|x, y| x[0].cmp(&y[0]));
    for &(a, b) in &text.paragraphs {
        let mut i = a;
        while i < b {
            let starts = i == a || !chars[i - 1].is_alphanumeric();
            let from = list.partition_point(|n| n[0] < chars[i]);
            let to = list.partition_point(|n| n[0] <= chars[i]);
            let best = starts
                .then(|| {
                    list[from..to]
                        .iter()
                        .filter(|n| {
                            let e = i + n.len();
                            e <= b
                                && chars[i..e] == n[..]
                                && (e == b || !chars[e].is_alphanumeric())
                        })
                        .map(Vec::len)
                        .max()
                })
                .flatten();
            match best {
                Some(len) => {
                    out.push((i, i + len));
                    i += len;
                }
                None => i += 1,
            }
        }
    }
    out
}
