//! Unicode text segmentation (UAX #29): where grapheme clusters and words end.
//!
//! Natively (the tests, the benchmarks) the `unicode-segmentation` crate answers. In the
//! browser, `Intl.Segmenter` does: the browser's own ICU implements the same standard, so the
//! download carries none of the ~50 KB of Unicode tables (about 19 KB gzip). ICU also finds
//! words in Chinese and Japanese by dictionary, where the crate makes every ideograph a word.
//! Without `Intl.Segmenter` (browsers before 2024) a small approximation takes over: clusters
//! keep combining marks, joiners, variation selectors and flag pairs together, and words are
//! runs of letters and digits.
//!
//! Both functions return the byte offsets (into `s`) where each segment ends, in order; the
//! last is `s.len()` and an empty string has none.

/// Where each extended grapheme cluster of `s` ends.
pub fn grapheme_ends(s: &str) -> Vec<usize> {
    imp::ends(s, Granularity::Grapheme)
}

/// Where each word-boundary segment of `s` ends (words, spaces and punctuation alike).
pub fn word_ends(s: &str) -> Vec<usize> {
    imp::ends(s, Granularity::Word)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Granularity {
    Grapheme,
    Word,
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use unicode_segmentation::UnicodeSegmentation;

    use super::Granularity;

    pub fn ends(s: &str, granularity: Granularity) -> Vec<usize> {
        match granularity {
            Granularity::Grapheme => s.grapheme_indices(true).map(|(i, g)| i + g.len()).collect(),
            Granularity::Word => s
                .split_word_bound_indices()
                .map(|(i, w)| i + w.len())
                .collect(),
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::prelude::wasm_bindgen;

    use super::{fallback, Granularity};

    #[wasm_bindgen(inline_js = r#"
const segmenters = {};
// The UTF-16 end of every segment of `text`, or undefined without Intl.Segmenter.
export function segment_ends(text, granularity) {
  if (typeof Intl === 'undefined' || typeof Intl.Segmenter !== 'function') return undefined;
  const segmenter = (segmenters[granularity] ??= new Intl.Segmenter(undefined, { granularity }));
  const ends = [];
  for (const s of segmenter.segment(text)) ends.push(s.index + s.segment.length);
  return Uint32Array.from(ends);
}
"#)]
    extern "C" {
        fn segment_ends(text: &str, granularity: &str) -> Option<Vec<u32>>;
    }

    pub fn ends(s: &str, granularity: Granularity) -> Vec<usize> {
        let name = match granularity {
            Granularity::Grapheme => "grapheme",
            Granularity::Word => "word",
        };
        let Some(utf16_ends) = segment_ends(s, name) else {
            return fallback(s, granularity);
        };
        // UTF-16 ends to byte ends, in one pass over the text.
        let mut out = Vec::with_capacity(utf16_ends.len());
        let mut wanted = utf16_ends.into_iter().map(|e| e as usize).peekable();
        let mut units = 0usize;
        for (byte, c) in s.char_indices() {
            units += c.len_utf16();
            if wanted.peek() == Some(&units) {
                wanted.next();
                out.push(byte + c.len_utf8());
            }
        }
        // ICU never ends a segment inside a surrogate pair; if it ever did, the text's end
        // still closes the last segment.
        if out.last() != Some(&s.len()) && !s.is_empty() {
            out.push(s.len());
        }
        out
    }
}

/// Joins the character before it into one cluster (approximately: combining marks, joiners,
/// variation selectors, skin tones, tag characters).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn extends(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}'
        | '\u{200C}' | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// The approximation used when the browser has no `Intl.Segmenter`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn fallback(s: &str, granularity: Granularity) -> Vec<usize> {
    let mut ends: Vec<usize> = Vec::new();
    let mut prev: Option<char> = None;
    let mut flags_in_run = 0usize;
    for (byte, c) in s.char_indices() {
        let joined = match prev {
            None => false,
            Some(p) => {
                extends(c)
                    || p == '\u{200D}'
                    || (is_regional_indicator(p)
                        && is_regional_indicator(c)
                        && flags_in_run % 2 == 1)
                    || (granularity == Granularity::Word
                        && p.is_alphanumeric()
                        && c.is_alphanumeric())
            }
        };
        if !joined && byte > 0 {
            ends.push(byte);
        }
        flags_in_run = if is_regional_indicator(c) {
            flags_in_run + 1
        } else {
            0
        };
        prev = Some(c);
    }
    if !s.is_empty() {
        ends.push(s.len());
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(s: &str, ends: &[usize]) -> Vec<String> {
        let mut start = 0;
        ends.iter()
            .map(|&e| {
                let piece = s[start..e].to_owned();
                start = e;
                piece
            })
            .collect()
    }

    #[test]
    fn clusters_and_words() {
        let s = "Zoe\u{308} 🇺🇦🇵🇱 👨\u{200D}👩\u{200D}👧 北京, ok.";
        assert_eq!(
            pieces(s, &grapheme_ends(s))[..6],
            ["Z", "o", "e\u{308}", " ", "🇺🇦", "🇵🇱"]
        );
        let words = pieces(s, &word_ends(s));
        assert!(words.contains(&"Zoe\u{308}".to_owned()));
        assert!(words.contains(&"👨\u{200D}👩\u{200D}👧".to_owned()));
        assert_eq!(words.last().map(String::as_str), Some("."));
        assert_eq!(grapheme_ends(""), Vec::<usize>::new());
    }

    #[test]
    fn the_fallback_keeps_clusters_together() {
        let s = "Zoe\u{308} 🇺🇦🇵🇱 👨\u{200D}👩\u{200D}👧 d\u{E9}j\u{E0} vu";
        assert_eq!(
            pieces(s, &fallback(s, Granularity::Grapheme)),
            [
                "Z",
                "o",
                "e\u{308}",
                " ",
                "🇺🇦",
                "🇵🇱",
                " ",
                "👨\u{200D}👩\u{200D}👧",
                " ",
                "d",
                "\u{E9}",
                "j",
                "\u{E0}",
                " ",
                "v",
                "u"
            ]
        );
        assert_eq!(
            pieces(s, &fallback(s, Granularity::Word)),
            [
                "Zoe\u{308}",
                " ",
                "🇺🇦",
                "🇵🇱",
                " ",
                "👨\u{200D}👩\u{200D}👧",
                " ",
                "d\u{E9}j\u{E0}",
                " ",
                "vu"
            ]
        );
        // Every fallback segmentation tiles the text at char boundaries.
        for g in [Granularity::Grapheme, Granularity::Word] {
            let ends = fallback(s, g);
            assert_eq!(ends.last(), Some(&s.len()));
            assert!(ends.windows(2).all(|w| w[0] < w[1]));
            assert!(ends.iter().all(|&e| s.is_char_boundary(e)));
        }
    }
}
