//! Offsets: the one place where UTF-16 (the DOM), code points (spans and exports) and UTF-8
//! bytes (Rust strings) are converted; and snapping a selection to words and graphemes.

/// Length of `s` in UTF-16 code units.
pub fn utf16_len(s: &str) -> usize {
    todo!()
}

/// The code point index at UTF-16 offset `utf16` of `s`. An offset in the middle of a
/// surrogate pair gives the index of that character; offsets past the end clamp to the length.
pub fn utf16_to_cp(s: &str, utf16: usize) -> usize {
    todo!()
}

/// The UTF-16 offset of code point index `cp` of `s` (clamped to the length).
pub fn cp_to_utf16(s: &str, cp: usize) -> usize {
    todo!()
}

/// The byte offset of code point index `cp` of `s` (clamped to `s.len()`).
pub fn cp_to_byte(s: &str, cp: usize) -> usize {
    todo!()
}

/// The code points `start..end` of `s` (clamped; empty when start >= end).
pub fn slice_cp(s: &str, start: usize, end: usize) -> &str {
    todo!()
}

/// How a selection becomes a span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SnapMode {
    /// Trim white space, then extend each end outward to a word boundary.
    #[default]
    Words,
    /// Keep the selection as it is (only never cut a grapheme cluster).
    Characters,
}

/// Turn a raw selection `start..end` (code points into `text`, either order) into the span to
/// create. `Words`: trim white space at both ends, then extend an end that falls inside a word
/// outward to the word's boundary (Unicode word boundaries, UAX #29). Both modes: extend outward
/// so no grapheme cluster (flag, ZWJ emoji, combining mark) is cut. `None` when nothing but
/// white space is selected. Looks only at the text near the two ends.
pub fn snap_selection(
    text: &str,
    start: usize,
    end: usize,
    mode: SnapMode,
) -> Option<(usize, usize)> {
    todo!()
}
