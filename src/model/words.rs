//! Short texts shown to people: an excerpt of a span on one line, the words around it, and a
//! count with its noun. Every function here is total.

use super::find::last_ascii;
use super::text::CpIndex;

/// The texts of `parts` with `sep` between them, as `[..].join(sep)` writes them: a small loop
/// where it is used, instead of the standard library's joining code for each element type and
/// the list collected for it (docs/bundle-size.md).
pub fn join<S: AsRef<str>>(parts: impl IntoIterator<Item = S>, sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
}

/// `one` for one, else `many`: the one place a word agrees with a count.
#[must_use]
pub fn agree<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `n` with commas between thousands: "10,000".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` (its thousands grouped) and its noun, singular for one: "1 span", "2 spans", "0 spans",
/// "10,000 spans".
#[must_use]
pub fn plural(n: usize, one: &str, many: &str) -> String {
    let mut s = grouped(n);
    s.push(' ');
    s.push_str(agree(n, one, many));
    s
}

/// `text` with every run of white space made one space (a space at either end is kept as
/// one space).
#[must_use]
pub fn flat(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// `text` on one line, cut to at most `chars` characters (with "…") at a word's end when it
/// is longer.
#[must_use]
pub fn excerpt(text: &str, chars: usize) -> String {
    let line = flat(text.trim());
    if line.chars().count() <= chars {
        return line;
    }
    let cut: String = line.chars().take(chars.saturating_sub(1)).collect();
    let cut = match last_ascii(&cut, b' ') {
        Some(at) if at > cut.len() / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    let mut out = cut.trim_end().to_owned();
    out.push('…');
    out
}

/// The words around the span `start..end`: up to `chars` characters before and after it, in
/// its own paragraph (never past a line break), cut at a space, on one line, with "…" where
/// the paragraph goes on.
#[must_use]
pub fn context(text: &CpIndex, start: usize, end: usize, chars: usize) -> (String, String) {
    let from = start.saturating_sub(chars);
    let mut before = text.slice(from, start);
    let mut cut_before = from > 0;
    if let Some(at) = last_ascii(before, b'\n') {
        before = &before[at + 1..];
        cut_before = false;
    } else if cut_before {
        // Drop the partial word at the cut.
        before = before.find(' ').map_or("", |at| &before[at..]);
    }
    let to = (end + chars).min(text.len());
    let mut after = text.slice(end, to);
    let mut cut_after = to < text.len();
    if let Some(at) = after.find('\n') {
        after = &after[..at];
        cut_after = false;
    } else if cut_after {
        after = last_ascii(after, b' ').map_or("", |at| &after[..at]);
    }
    let mut b = flat(before.trim_start());
    if cut_before && !b.is_empty() {
        b.insert(0, '…');
    }
    let mut a = flat(after.trim_end());
    if cut_after && !a.is_empty() {
        a.push('…');
    }
    (b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Code point offsets of `needle` in `text`.
    fn at(text: &str, needle: &str) -> (usize, usize) {
        let byte = text.find(needle).expect(needle);
        let start = text[..byte].chars().count();
        (start, start + needle.chars().count())
    }

    #[test]
    fn plural_says_one_and_many() {
        assert_eq!(plural(1, "span", "spans"), "1 span");
        assert_eq!(plural(0, "span", "spans"), "0 spans");
        assert_eq!(plural(12, "person", "people"), "12 people");
        assert_eq!(plural(5003, "article", "articles"), "5,003 articles");
        assert_eq!(plural(1_000_000, "span", "spans"), "1,000,000 spans");
    }

    #[test]
    fn context_stays_in_the_paragraph_and_cuts_at_words() {
        let text = "Title\n\nOne two three four five six seven eight nine ten.";
        let idx = CpIndex::new(text);
        let (start, end) = at(text, "five");
        assert_eq!(
            context(&idx, start, end, 12),
            ("…three four ".to_owned(), " six seven…".to_owned())
        );
        // At a paragraph's start and end nothing is cut.
        let (start, end) = at(text, "One");
        let (before, after) = context(&idx, start, end, 100);
        assert_eq!(before, "");
        assert_eq!(after, " two three four five six seven eight nine ten.");
        let (start, end) = at(text, "ten.");
        assert_eq!(context(&idx, start, end, 100).1, "");
        assert_eq!(excerpt("  a\n  b  ", 10), "a b");
        assert_eq!(excerpt("one two three four", 12), "one two…");
    }
}
