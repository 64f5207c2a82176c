//! Finding a text in a text: one plain search, used instead of `str::contains`, `find`,
//! `replace`, `split_once` and `match_indices` with a `&str` pattern, which bring the standard
//! library's two-way searcher (about 1 KB gzip: docs/bundle-size.md). The same answers: the
//! first occurrence, or each one from the left without overlaps. UTF-8 never matches inside a
//! character, so every offset found is on a character boundary.

/// Byte offset of the first `needle` in `hay` at or after byte `from` (`from` itself for an
/// empty needle, as `str::find` finds one at the start).
pub fn find_from(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return Some(from);
    };
    let mut i = from;
    while i + n.len() <= h.len() {
        if h[i] == first && h[i + 1..i + n.len()] == *rest {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Byte offset of the last `byte` (an ASCII character) in `hay`: `str::rfind` of an ASCII
/// char, without the standard library's reverse char searcher (it also serves `rsplit`,
/// `rsplit_once` and `trim_end_matches`).
pub fn last_ascii(hay: &str, byte: u8) -> Option<usize> {
    hay.bytes().rposition(|b| b == byte)
}

/// `hay.trim_end_matches(byte)` for an ASCII character.
pub fn trim_end_ascii(hay: &str, byte: u8) -> &str {
    &hay[..hay.bytes().rposition(|b| b != byte).map_or(0, |at| at + 1)]
}

/// `hay.contains(needle)`.
pub fn contains(hay: &str, needle: &str) -> bool {
    find_from(hay, needle, 0).is_some()
}

/// `hay.split_once(sep)`.
pub fn split_once<'a>(hay: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let at = find_from(hay, sep, 0)?;
    Some((&hay[..at], &hay[at + sep.len()..]))
}

/// `hay.replace(from, to)`, for a `from` that is not empty.
pub fn replace(hay: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut last = 0;
    for at in positions(hay, from) {
        out.push_str(&hay[last..at]);
        out.push_str(to);
        last = at + from.len();
    }
    out.push_str(&hay[last..]);
    out
}

/// The byte offsets of `hay.match_indices(needle)`, for a `needle` that is not empty.
pub fn positions<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = find_from(hay, needle, from)?;
        from = at + needle.len().max(1);
        Some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("a"),
                Just("b"),
                Just("é"),
                Just("\r\n"),
                Just(" or "),
                Just("ab")
            ],
            0..12,
        )
        .prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn answers_as_the_standard_library(hay in text(), needle in text()) {
            prop_assert_eq!(contains(&hay, &needle), hay.contains(needle.as_str()));
            prop_assert_eq!(find_from(&hay, &needle, 0), hay.find(needle.as_str()));
            prop_assert_eq!(split_once(&hay, &needle), hay.split_once(needle.as_str()));
            if !needle.is_empty() {
                prop_assert_eq!(replace(&hay, &needle, "<>"), hay.replace(needle.as_str(), "<>"));
                let std: Vec<usize> = hay.match_indices(needle.as_str()).map(|(i, _)| i).collect();
                prop_assert_eq!(positions(&hay, &needle).collect::<Vec<_>>(), std);
            }
            for c in ['a', ' ', '\n'] {
                prop_assert_eq!(last_ascii(&hay, c as u8), hay.rfind(c));
                prop_assert_eq!(trim_end_ascii(&hay, c as u8), hay.trim_end_matches(c));
            }
        }
    }
}
