//! Offsets: the one place where UTF-16 (the DOM), code points (spans and exports) and UTF-8
//! bytes (Rust strings) are converted; and snapping a selection to words and graphemes.
//!
//! Every function here is total: out-of-range offsets clamp, nothing panics.

use super::uax29::{grapheme_ends, word_ends};

/// Length of `s` in UTF-16 code units.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The code point index at UTF-16 offset `utf16` of `s`. An offset in the middle of a
/// surrogate pair gives the index of that character; offsets past the end clamp to the length.
pub fn utf16_to_cp(s: &str, utf16: usize) -> usize {
    let mut units = 0usize;
    for (index, c) in s.chars().enumerate() {
        units += c.len_utf16();
        if units > utf16 {
            return index;
        }
    }
    s.chars().count()
}

/// The UTF-16 offset of code point index `cp` of `s` (clamped to the length).
pub fn cp_to_utf16(s: &str, cp: usize) -> usize {
    s.chars().take(cp).map(char::len_utf16).sum()
}

/// The byte offset of code point index `cp` of `s` (clamped to `s.len()`).
pub fn cp_to_byte(s: &str, cp: usize) -> usize {
    s.char_indices().nth(cp).map_or(s.len(), |(byte, _)| byte)
}

/// The code points `start..end` of `s` (clamped; empty when start >= end).
pub fn slice_cp(s: &str, start: usize, end: usize) -> &str {
    if start >= end {
        return "";
    }
    let (a, b) = cp_pair_to_bytes(s, start, end);
    s.get(a..b).unwrap_or("")
}

/// Byte offsets of code points `a <= b` in one scan (each clamped to `s.len()`).
fn cp_pair_to_bytes(s: &str, a: usize, b: usize) -> (usize, usize) {
    let mut byte_a = s.len();
    for (index, (byte, _)) in s.char_indices().enumerate() {
        if index == a {
            byte_a = byte;
        }
        if index == b {
            return (byte_a, byte);
        }
    }
    (byte_a, s.len())
}

/// Checkpoints of one text for [`CpIndex`]: the byte and UTF-16 offset of every
/// [`CpIndex::STRIDE`]-th code point. Owned, so a view can keep them per document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoints {
    len: usize,
    bytes: Vec<usize>,
    units: Vec<usize>,
}

impl Checkpoints {
    /// One pass over `text`.
    pub fn new(text: &str) -> Self {
        let mut bytes = vec![0];
        let mut units = vec![0];
        let (mut len, mut unit) = (0usize, 0usize);
        for (byte, c) in text.char_indices() {
            if len > 0 && len % CpIndex::STRIDE == 0 {
                bytes.push(byte);
                units.push(unit);
            }
            len += 1;
            unit += c.len_utf16();
        }
        Checkpoints { len, bytes, units }
    }
}

/// Offsets into one text, fast: code point → byte and UTF-16 offsets, and back, in time that
/// does not grow with the text (a checkpoint every [`CpIndex::STRIDE`] code points, built in
/// one pass). For work over many spans of one document (exports, imports, the span list),
/// where converting each offset from the start of the text would cost O(text) per span.
#[derive(Clone, Debug)]
pub struct CpIndex<'a> {
    text: &'a str,
    marks: std::borrow::Cow<'a, Checkpoints>,
}

impl<'a> CpIndex<'a> {
    pub const STRIDE: usize = 64;

    pub fn new(text: &'a str) -> Self {
        CpIndex {
            text,
            marks: std::borrow::Cow::Owned(Checkpoints::new(text)),
        }
    }

    /// An index over `text` with checkpoints made earlier by [`Checkpoints::new`] of the same
    /// text.
    pub fn with(text: &'a str, marks: &'a Checkpoints) -> Self {
        CpIndex {
            text,
            marks: std::borrow::Cow::Borrowed(marks),
        }
    }

    /// The text's length in code points.
    pub fn len(&self) -> usize {
        self.marks.len
    }

    pub fn is_empty(&self) -> bool {
        self.marks.len == 0
    }

    /// Byte and UTF-16 offsets of code point `cp` (clamped to the length).
    fn locate(&self, cp: usize) -> (usize, usize) {
        let m = &*self.marks;
        let cp = cp.min(m.len);
        let k = (cp / Self::STRIDE).min(m.bytes.len().saturating_sub(1));
        let (mut byte, mut unit) = (
            m.bytes.get(k).copied().unwrap_or(0),
            m.units.get(k).copied().unwrap_or(0),
        );
        let tail = self.text.get(byte..).unwrap_or("");
        for c in tail.chars().take(cp - k * Self::STRIDE) {
            byte += c.len_utf8();
            unit += c.len_utf16();
        }
        (byte, unit)
    }

    /// The byte offset of code point `cp` (clamped).
    pub fn byte(&self, cp: usize) -> usize {
        self.locate(cp).0
    }

    /// The UTF-16 offset of code point `cp` (clamped).
    pub fn utf16(&self, cp: usize) -> usize {
        self.locate(cp).1
    }

    /// The code points `start..end` (clamped; empty when start >= end).
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        if start >= end {
            return "";
        }
        let (a, b) = (self.byte(start), self.byte(end));
        self.text.get(a..b).unwrap_or("")
    }

    /// The code point at UTF-16 offset `utf16`, as [`utf16_to_cp`] counts it (the middle of a
    /// surrogate pair gives that character; past the end, the length).
    pub fn utf16_to_cp(&self, utf16: usize) -> usize {
        // The last checkpoint at or before the offset, then a short scan.
        let m = &*self.marks;
        let k = m.units.partition_point(|&u| u <= utf16).saturating_sub(1);
        let (mut cp, mut unit) = (k * Self::STRIDE, m.units.get(k).copied().unwrap_or(0));
        let tail = self
            .text
            .get(m.bytes.get(k).copied().unwrap_or(0)..)
            .unwrap_or("");
        for c in tail.chars() {
            unit += c.len_utf16();
            if unit > utf16 {
                return cp;
            }
            cp += 1;
        }
        m.len
    }
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
///
/// Precisely, in `Words` mode:
/// - a grapheme cluster is *blank* when its first or last character is white space; blank
///   clusters at either end of the selection are dropped (after widening the ends to cluster
///   boundaries), so the result never starts or ends with white space;
/// - a *word* is a UAX #29 word segment without its blank clusters at either end, provided
///   what is left contains an alphanumeric character; an end strictly inside a word moves
///   outward to that word's edge. Punctuation next to a word is therefore kept when selected
///   and never added when not.
///
/// Clamps out-of-range offsets and never panics. Segmentation runs only on a window around
/// each end (about a hundred bytes, cut where no UAX #29 rule looks across), so the cost does
/// not grow with the text beyond one linear scan that converts code points to bytes.
pub fn snap_selection(
    text: &str,
    start: usize,
    end: usize,
    mode: SnapMode,
) -> Option<(usize, usize)> {
    snap_selection_in(&CpIndex::new(text), start, end, mode)
}

/// [`snap_selection`] over a text's [`CpIndex`] (a document keeps one), so converting the
/// selection's code points to bytes costs nothing like the text's length.
#[must_use]
pub fn snap_selection_in(
    idx: &CpIndex,
    start: usize,
    end: usize,
    mode: SnapMode,
) -> Option<(usize, usize)> {
    let text = idx.text;
    let (start, end) = if start <= end {
        (start, end)
    } else {
        (end, start)
    };
    if start >= end || start >= idx.len() {
        return None;
    }
    let end = end.min(idx.len());
    let (mut s, mut e) = (idx.byte(start), idx.byte(end));
    let (s0, e0) = (s, e);

    match mode {
        SnapMode::Characters => {
            s = Window::around(text, s).floor(s);
            e = Window::around(text, e).ceil(e);
        }
        SnapMode::Words => {
            let (ts, te, ws, we) = trim_blank(text, s, e)?;
            s = ts;
            e = te;
            // Trimming moves inward, so the windows it made around the ends nearly always
            // hold the trimmed ends too (a window is good for any position strictly inside
            // it): two segmentations saved per selection.
            let ws = ws
                .filter(|w| w.holds(s))
                .unwrap_or_else(|| Window::around(text, s));
            let we = we
                .filter(|w| w.holds(e))
                .unwrap_or_else(|| Window::around(text, e));
            // Fixpoint: widening to a word may cut a cluster and the other way round (rare
            // scripts with prepended marks), so repeat until nothing moves. Every step is
            // outward and stays inside the windows, so this ends.
            loop {
                let ns = ws.floor(ws.word_start(s));
                let ne = we.ceil(we.word_end(e));
                if ns == s && ne == e {
                    break;
                }
                s = ns;
                e = ne;
            }
        }
    }
    if s >= e {
        return None;
    }
    let cs = shift_cp(text, start, s0, s);
    let ce = shift_cp(text, end, e0, e);
    Some((cs, ce))
}

/// The code point index of byte `to`, given that byte `from` is code point `cp_from`.
fn shift_cp(text: &str, cp_from: usize, from: usize, to: usize) -> usize {
    if to >= from {
        cp_from + text.get(from..to).map_or(0, |t| t.chars().count())
    } else {
        cp_from.saturating_sub(text.get(to..from).map_or(0, |t| t.chars().count()))
    }
}

/// Words mode trimming: drop white space and blank clusters at both ends of bytes `s..e`,
/// and widen what is left to cluster boundaries. `None` when nothing is left. Also gives the
/// last windows it made around the start and the end, for the caller to reuse.
fn trim_blank(
    text: &str,
    mut s: usize,
    mut e: usize,
) -> Option<(usize, usize, Option<Window>, Option<Window>)> {
    loop {
        while s < e {
            match text.get(s..e).and_then(|t| t.chars().next()) {
                Some(c) if c.is_whitespace() => s += c.len_utf8(),
                _ => break,
            }
        }
        while s < e {
            match text.get(s..e).and_then(|t| t.chars().next_back()) {
                Some(c) if c.is_whitespace() => e -= c.len_utf8(),
                _ => break,
            }
        }
        if s >= e {
            return None;
        }
        let ws = Window::around(text, s);
        let we = Window::around(text, e);
        let (fs, fs_end) = ws.cluster_containing(s);
        let (ce_start, ce) = we.cluster_ending_at_or_after(e);
        let start_blank = is_blank(text.get(fs..fs_end).unwrap_or(""));
        let end_blank = is_blank(text.get(ce_start..ce).unwrap_or(""));
        if !start_blank && !end_blank {
            return Some((fs, ce, Some(ws), Some(we)));
        }
        // Strict progress: the blank cluster lies past `s` (or before `e`).
        if start_blank {
            s = fs_end.max(s + 1);
        }
        if end_blank {
            e = ce_start.min(e.saturating_sub(1));
        }
        // Stay on char boundaries (a cluster edge always is; the +1/-1 is only a guard).
        while s < text.len() && !text.is_char_boundary(s) {
            s += 1;
        }
        while e > 0 && !text.is_char_boundary(e) {
            e -= 1;
        }
        if s >= e {
            return None;
        }
    }
}

/// A grapheme cluster whose first or last character is white space.
fn is_blank(cluster: &str) -> bool {
    cluster.chars().next().is_none_or(char::is_whitespace)
        || cluster.chars().next_back().is_some_and(char::is_whitespace)
}

/// How far (in bytes) a window reaches on each side of its position before it looks for a
/// place to cut. Every window is segmented twice in the browser (clusters and words, through
/// `Intl.Segmenter`) and a selection makes two or more, so this is kept short: 256 cost about
/// 2.3 ms per add in the bench's 500-character paragraphs, at every article size.
const WINDOW_REACH: usize = 64;

/// The text around one position, segmented into grapheme clusters and words.
///
/// The window runs from a cut before the position to a cut after it. A cut is a line break
/// (UAX #29 always breaks both graphemes and words at `\n`, and no rule looks across it), the
/// start or end of the text, or — once [`WINDOW_REACH`] bytes away — a place next to a plain
/// space, tab or CJK ideograph where both segmentations break and no rule can look across
/// (see [`is_left_cut`] and [`is_right_cut`]). So every boundary found inside the window is
/// exactly a boundary of the whole text, while the window stays about a hundred bytes long in
/// ordinary text (it only grows to the whole line in text with neither spaces nor ideographs).
struct Window {
    /// Grapheme clusters as absolute byte ranges, in order, covering the window.
    clusters: Vec<(usize, usize)>,
    /// Words (cores of word segments, see [`snap_selection`]) as absolute byte ranges.
    words: Vec<(usize, usize)>,
    start: usize,
    end: usize,
}

impl Window {
    fn around(text: &str, pos: usize) -> Window {
        let mut pos = pos.min(text.len());
        while pos > 0 && !text.is_char_boundary(pos) {
            pos -= 1;
        }
        let start = left_cut(text, pos);
        let end = right_cut(text, pos);
        let slice = text.get(start..end).unwrap_or("");
        let mut clusters: Vec<(usize, usize)> = Vec::new();
        let mut at = start;
        for end in grapheme_ends(slice) {
            clusters.push((at, start + end));
            at = start + end;
        }
        let mut words = Vec::new();
        let mut prev = start;
        for end in word_ends(slice) {
            let b = start + end;
            let a = std::mem::replace(&mut prev, b);
            // The non-blank clusters overlapping the segment.
            let lo = clusters.partition_point(|&(_, ce)| ce <= a);
            let hi = clusters.partition_point(|&(cs, _)| cs < b);
            let overlapping = clusters.get(lo..hi).unwrap_or(&[]);
            let nonblank = |&&(cs, ce): &&(usize, usize)| !is_blank(text.get(cs..ce).unwrap_or(""));
            let first = overlapping.iter().find(nonblank);
            let last = overlapping.iter().rev().find(nonblank);
            if let (Some(&(ws, _)), Some(&(_, we))) = (first, last) {
                if text
                    .get(ws..we)
                    .is_some_and(|w| w.chars().any(char::is_alphanumeric))
                {
                    words.push((ws, we));
                }
            }
        }
        Window {
            clusters,
            words,
            start,
            end,
        }
    }

    /// Whether `pos` lies strictly inside the window, where its clusters and words are those
    /// of a window made around `pos` itself.
    fn holds(&self, pos: usize) -> bool {
        self.start < pos && pos < self.end
    }

    /// The last cluster boundary at or before `pos`.
    fn floor(&self, pos: usize) -> usize {
        if pos <= self.start || pos >= self.end {
            return pos.clamp(self.start, self.end);
        }
        let i = self.clusters.partition_point(|&(_, ce)| ce <= pos);
        self.clusters.get(i).map_or(pos, |&(cs, _)| cs.min(pos))
    }

    /// The first cluster boundary at or after `pos`.
    fn ceil(&self, pos: usize) -> usize {
        if pos <= self.start || pos >= self.end {
            return pos.clamp(self.start, self.end);
        }
        let i = self.clusters.partition_point(|&(cs, _)| cs < pos);
        match i.checked_sub(1).and_then(|j| self.clusters.get(j)) {
            Some(&(_, ce)) => ce.max(pos),
            None => pos,
        }
    }

    /// The cluster that contains the character at byte `pos` (`pos < end`).
    fn cluster_containing(&self, pos: usize) -> (usize, usize) {
        let i = self.clusters.partition_point(|&(_, ce)| ce <= pos);
        self.clusters.get(i).copied().unwrap_or((pos, pos))
    }

    /// The cluster that contains the character just before byte `pos` (`pos > start`).
    fn cluster_ending_at_or_after(&self, pos: usize) -> (usize, usize) {
        let i = self.clusters.partition_point(|&(cs, _)| cs < pos);
        i.checked_sub(1)
            .and_then(|j| self.clusters.get(j))
            .copied()
            .unwrap_or((pos, pos))
    }

    /// `pos`, or the start of the word it is strictly inside.
    fn word_start(&self, pos: usize) -> usize {
        self.words
            .iter()
            .filter(|&&(ws, we)| ws < pos && pos < we)
            .map(|&(ws, _)| ws)
            .min()
            .unwrap_or(pos)
    }

    /// `pos`, or the end of the word it is strictly inside.
    fn word_end(&self, pos: usize) -> usize {
        self.words
            .iter()
            .filter(|&&(ws, we)| ws < pos && pos < we)
            .map(|&(_, we)| we)
            .max()
            .unwrap_or(pos)
    }
}

/// Characters next to which a window may be cut: both UAX #29 segmentations treat them as
/// plain "Other"/space characters that no rule looks across.
fn is_cut_char(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

/// Whether `a` then `b` has a boundary between them in both segmentations on their own.
/// `a` or `b` is a cut character. Two ASCII characters next to a space or tab always break,
/// but two spaces (WB3d keeps horizontal white space together): answered here (a test checks
/// it against the segmenter for every such pair), so finding a window's cuts in ordinary
/// text makes no call into the browser.
fn pair_breaks(a: char, b: char) -> bool {
    let blank = |c: char| matches!(c, ' ' | '\t');
    if a.is_ascii() && b.is_ascii() && (blank(a) != blank(b) || (a, b) == ('\t', '\t')) {
        return true;
    }
    segmented_pair_breaks(a, b)
}

/// [`pair_breaks`] asked of the segmenters.
fn segmented_pair_breaks(a: char, b: char) -> bool {
    let mut pair = String::with_capacity(8);
    pair.push(a);
    pair.push(b);
    grapheme_ends(&pair).len() == 2 && word_ends(&pair).len() == 2
}

/// A window may start at `pos` (a char boundary, `0 < pos < len`): the character before is a
/// cut character and the pair breaks. Then `pos` is a boundary of the whole text and no rule
/// deciding a later boundary looks back past it (the character before is not a letter, digit,
/// regional indicator, joiner or extending mark, and the one at `pos` does not extend it).
fn is_left_cut(before: char, at: char) -> bool {
    is_cut_char(before) && pair_breaks(before, at)
}

/// A window may end at `pos`: the character at `pos` is a cut character and the pair breaks;
/// no look-ahead rule (MidLetter / MidNum between letters or digits) can see past it.
fn is_right_cut(before: char, at: char) -> bool {
    is_cut_char(at) && pair_breaks(before, at)
}

/// Start of the window around byte `pos` (a char boundary).
fn left_cut(text: &str, pos: usize) -> usize {
    let Some(head) = text.get(..pos) else {
        return 0;
    };
    let mut at: Option<char> = text.get(pos..).and_then(|t| t.chars().next());
    for (i, before) in head.char_indices().rev() {
        let cut = i + before.len_utf8();
        if before == '\n' {
            return cut;
        }
        if pos - cut >= WINDOW_REACH {
            if let Some(at) = at {
                if is_left_cut(before, at) {
                    return cut;
                }
            }
        }
        at = Some(before);
    }
    0
}

/// End of the window around byte `pos` (a char boundary).
fn right_cut(text: &str, pos: usize) -> usize {
    let Some(tail) = text.get(pos..) else {
        return text.len();
    };
    let mut before: Option<char> = text.get(..pos).and_then(|t| t.chars().next_back());
    for (i, at) in tail.char_indices() {
        let cut = pos + i;
        if at == '\n' {
            // "\r\n" is one grapheme cluster: the window ends after it, not inside it.
            return if before == Some('\r') { cut + 1 } else { cut };
        }
        if i >= WINDOW_REACH {
            if let Some(before) = before {
                if is_right_cut(before, at) {
                    return cut;
                }
            }
        }
        before = Some(at);
    }
    text.len()
}

/// A key that moves or stretches the text selection, for annotating without a pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMove {
    /// Select the next (or previous) word: the word after the selection's end, or before its
    /// start.
    Word { forward: bool },
    /// Move the selection's moving end (its focus) forward or back by a word, or by a
    /// character (a grapheme cluster); the other end (its anchor) stays.
    Stretch { forward: bool, by_word: bool },
}

/// The text selection (anchor, focus: code points; equal for a caret) after `key`, from
/// `anchor` and `focus`. Words and characters are taken only inside `blocks` (code point
/// ranges in text order: the article's text blocks, so never inside an image line's source or
/// the line breaks between blocks). At either end of the text the selection stays as it is.
pub fn key_move(
    idx: &CpIndex,
    blocks: &[(usize, usize)],
    anchor: usize,
    focus: usize,
    key: KeyMove,
) -> (usize, usize) {
    let len = idx.len();
    let (anchor, focus) = (anchor.min(len), focus.min(len));
    match key {
        KeyMove::Word { forward } => {
            let word = if forward {
                word_after(idx, blocks, anchor.max(focus))
            } else {
                word_before(idx, blocks, anchor.min(focus))
            };
            word.unwrap_or((anchor, focus))
        }
        KeyMove::Stretch { forward, by_word } => {
            let to = match (by_word, forward) {
                (true, true) => word_after(idx, blocks, focus).map(|(_, e)| e),
                (true, false) => word_before(idx, blocks, focus).map(|(s, _)| s),
                (false, _) => cluster_step(idx, blocks, focus, forward),
            };
            (anchor, to.unwrap_or(focus))
        }
    }
}

/// The block of `blocks` that holds code point `at` (its end included), if any.
fn block_at(blocks: &[(usize, usize)], at: usize) -> Option<(usize, usize)> {
    let i = blocks.partition_point(|&(_, e)| e < at);
    blocks.get(i).copied().filter(|&(s, _)| s <= at)
}

/// The first word that ends after code point `at` (the word `at` is inside, or the next),
/// inside `blocks`.
fn word_after(idx: &CpIndex, blocks: &[(usize, usize)], at: usize) -> Option<(usize, usize)> {
    let text = idx.text;
    let mut from = at;
    loop {
        let (ws, we) = word_after_byte(text, idx.byte(from))?;
        let cs = shift_cp(text, from, idx.byte(from), ws);
        let ce = shift_cp(text, cs, ws, we);
        if block_at(blocks, cs).is_some_and(|(_, e)| ce <= e) {
            return Some((cs, ce));
        }
        // In an image line or between blocks: look on from the next block.
        let next = blocks.partition_point(|&(s, _)| s <= cs);
        from = blocks.get(next)?.0;
    }
}

/// The last word that starts before code point `at` (the word `at` is inside, or the one
/// before), inside `blocks`.
fn word_before(idx: &CpIndex, blocks: &[(usize, usize)], at: usize) -> Option<(usize, usize)> {
    let text = idx.text;
    let mut from = at;
    loop {
        let (ws, we) = word_before_byte(text, idx.byte(from))?;
        let cs = shift_cp(text, from, idx.byte(from), ws);
        let ce = shift_cp(text, cs, ws, we);
        if block_at(blocks, cs).is_some_and(|(_, e)| ce <= e) {
            return Some((cs, ce));
        }
        let before = blocks.partition_point(|&(_, e)| e < ce);
        from = blocks.get(before.checked_sub(1)?)?.1;
    }
}

/// Bytes of the first word of `text` that ends after byte `p`.
fn word_after_byte(text: &str, p: usize) -> Option<(usize, usize)> {
    let mut at = p;
    loop {
        let w = Window::around(text, at);
        if let Some(&word) = w.words.iter().find(|&&(_, we)| we > p) {
            return Some(word);
        }
        // On past the window's end (a line break or a cut: no word was cut there).
        let next = text.get(w.end..)?.chars().next()?;
        at = w.end + next.len_utf8();
    }
}

/// Bytes of the last word of `text` that starts before byte `p`.
fn word_before_byte(text: &str, p: usize) -> Option<(usize, usize)> {
    let mut at = p;
    loop {
        let w = Window::around(text, at);
        if let Some(&word) = w.words.iter().rev().find(|&&(ws, _)| ws < p) {
            return Some(word);
        }
        let prev = text.get(..w.start)?.chars().next_back()?;
        at = w.start - prev.len_utf8();
    }
}

/// Code point `at` moved by one grapheme cluster, forward or back, inside `blocks`: from a
/// block's edge to the next block's (the line breaks between blocks are not text to select).
/// A block's edge inside a cluster (a line's `\r` before its `\n`: "\r\n" is one cluster)
/// counts as that cluster's edge outside the block, so a step never splits a cluster.
fn cluster_step(
    idx: &CpIndex,
    blocks: &[(usize, usize)],
    at: usize,
    forward: bool,
) -> Option<usize> {
    let text = idx.text;
    let here = block_at(blocks, at).map(|block| whole_clusters(idx, block));
    if forward {
        match here {
            Some((_, e)) if at < e => {
                let b = idx.byte(at);
                let (_, ce) = Window::around(text, b).cluster_containing(b);
                Some(shift_cp(text, at, b, ce).min(e))
            }
            // At a block's end or between blocks: the next block's first cluster.
            _ => {
                let next = blocks.partition_point(|&(s, _)| s <= at);
                let (s, e) = whole_clusters(idx, *blocks.get(next)?);
                (s < e)
                    .then(|| cluster_step(idx, blocks, s, true))
                    .flatten()
            }
        }
    } else {
        match here {
            Some((s, _)) if at > s => {
                let b = idx.byte(at);
                let (cs, _) = Window::around(text, b).cluster_ending_at_or_after(b);
                Some(shift_cp(text, at, b, cs).max(s))
            }
            _ => {
                let before = blocks.partition_point(|&(_, e)| e < at);
                let (s, e) = whole_clusters(idx, *blocks.get(before.checked_sub(1)?)?);
                (s < e)
                    .then(|| cluster_step(idx, blocks, e, false))
                    .flatten()
            }
        }
    }
}

/// The whole clusters of the code point range `s..e`: its start moved on and its end moved
/// back to cluster boundaries (an empty range when it holds no whole cluster).
fn whole_clusters(idx: &CpIndex, (s, e): (usize, usize)) -> (usize, usize) {
    let text = idx.text;
    let (bs, be) = (idx.byte(s), idx.byte(e));
    let cs = shift_cp(text, s, bs, Window::around(text, bs).ceil(bs));
    let ce = shift_cp(text, e, be, Window::around(text, be).floor(be));
    (cs, ce.max(cs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_shortcut_for_cuts_agrees_with_the_segmenters() {
        for a in (0u8..128).map(char::from) {
            for b in (0u8..128).map(char::from) {
                if is_cut_char(a) || is_cut_char(b) {
                    assert_eq!(
                        pair_breaks(a, b),
                        segmented_pair_breaks(a, b),
                        "{:?}",
                        (a, b)
                    );
                }
            }
        }
    }

    const FLAG: &str = "🇺🇦";
    const FAMILY: &str = "👨\u{200D}👩\u{200D}👧";

    fn snap(text: &str, sel: &str, mode: SnapMode) -> Option<String> {
        // Select the first occurrence of `sel` (by code points).
        let byte = text.find(sel).expect("selection in text");
        let start = text[..byte].chars().count();
        let end = start + sel.chars().count();
        snap_selection(text, start, end, mode).map(|(a, b)| slice_cp(text, a, b).to_owned())
    }

    #[test]
    fn conversions_with_flag() {
        let s = "a🇺🇦b";
        assert_eq!(s.chars().count(), 4);
        assert_eq!(utf16_len(s), 6);
        assert_eq!(s.len(), 10);
        assert_eq!(
            (0..=7).map(|u| utf16_to_cp(s, u)).collect::<Vec<_>>(),
            vec![0, 1, 1, 2, 2, 3, 4, 4]
        );
        assert_eq!(
            (0..=5).map(|c| cp_to_utf16(s, c)).collect::<Vec<_>>(),
            vec![0, 1, 3, 5, 6, 6]
        );
        assert_eq!(
            (0..=5).map(|c| cp_to_byte(s, c)).collect::<Vec<_>>(),
            vec![0, 1, 5, 9, 10, 10]
        );
        assert_eq!(slice_cp(s, 1, 3), FLAG);
        assert_eq!(slice_cp(s, 1, 2), "🇺");
        assert_eq!(slice_cp(s, 3, 99), "b");
        assert_eq!(slice_cp(s, 3, 3), "");
        assert_eq!(slice_cp(s, 3, 1), "");
        assert_eq!(slice_cp(s, 9, 12), "");
    }

    #[test]
    fn conversions_with_zwj_family() {
        assert_eq!(FAMILY.chars().count(), 5);
        assert_eq!(utf16_len(FAMILY), 8);
        assert_eq!(FAMILY.len(), 18);
        assert_eq!(cp_to_utf16(FAMILY, 5), 8);
        assert_eq!(cp_to_utf16(FAMILY, 2), 3);
        assert_eq!(utf16_to_cp(FAMILY, 3), 2);
        assert_eq!(utf16_to_cp(FAMILY, 4), 2);
        assert_eq!(utf16_to_cp(FAMILY, 8), 5);
        assert_eq!(cp_to_byte(FAMILY, 1), 4);
        assert_eq!(cp_to_byte(FAMILY, 2), 7);
    }

    #[test]
    fn conversions_with_combining_cjk_and_punctuation() {
        let zoe = "Zoe\u{308}";
        assert_eq!((utf16_len(zoe), zoe.chars().count(), zoe.len()), (4, 4, 5));
        assert_eq!(cp_to_byte(zoe, 3), 3);
        assert_eq!(cp_to_byte(zoe, 4), 5);
        let cjk = "北海道";
        assert_eq!((utf16_len(cjk), cjk.chars().count(), cjk.len()), (3, 3, 9));
        assert_eq!(cp_to_byte(cjk, 2), 6);
        assert_eq!(utf16_to_cp(cjk, 2), 2);
        assert_eq!(slice_cp(cjk, 1, 2), "海");
        let quoted = "“Yes” — she said";
        assert_eq!(utf16_len(quoted), quoted.chars().count());
        assert_eq!(cp_to_byte(quoted, 1), 3);
        assert_eq!(slice_cp(quoted, 6, 7), "—");
        assert_eq!(utf16_to_cp(quoted, 100), quoted.chars().count());
        assert_eq!(cp_to_utf16("", 3), 0);
        assert_eq!(utf16_to_cp("", 3), 0);
    }

    #[test]
    fn words_mode_extends_mid_word_ends() {
        let t = "The council voted";
        assert_eq!(
            snap(t, "ouncil vot", SnapMode::Words).as_deref(),
            Some("council voted")
        );
        assert_eq!(snap(t, "c", SnapMode::Words).as_deref(), Some("council"));
        // Already on word boundaries: unchanged.
        assert_eq!(
            snap(t, "council", SnapMode::Words).as_deref(),
            Some("council")
        );
        // Apostrophes and decimal points stay inside words (UAX #29).
        assert_eq!(
            snap("the council’s plan", "uncil", SnapMode::Words).as_deref(),
            Some("council’s")
        );
        assert_eq!(
            snap("cost 2.5 m", ".", SnapMode::Words).as_deref(),
            Some("2.5")
        );
    }

    #[test]
    fn words_mode_trims_white_space_and_keeps_punctuation() {
        let t = "He said: “We won.” Then left.";
        assert_eq!(snap(t, " ", SnapMode::Words), None);
        assert_eq!(
            snap(t, " “We won.” ", SnapMode::Words).as_deref(),
            Some("“We won.”")
        );
        // Punctuation is kept when selected, not added when not.
        assert_eq!(snap(t, "e won", SnapMode::Words).as_deref(), Some("We won"));
        assert_eq!(snap(t, "won.", SnapMode::Words).as_deref(), Some("won."));
        let t = "a\n\t\u{a0} \u{2003}b";
        assert_eq!(snap(t, "\n\t\u{a0} \u{2003}", SnapMode::Words), None);
        assert_eq!(snap(t, t, SnapMode::Words).as_deref(), Some(t));
    }

    #[test]
    fn never_cuts_flags_zwj_sequences_or_combining_marks() {
        let t = format!("x {FLAG}{FLAG} y {FAMILY} z Zoe\u{308}!");
        for mode in [SnapMode::Words, SnapMode::Characters] {
            // Half a flag.
            let flag_start = 2;
            assert_eq!(
                snap_selection(&t, flag_start + 1, flag_start + 2, mode),
                Some((flag_start, flag_start + 2))
            );
            // The middle of a ZWJ family.
            let fam = t.chars().position(|c| c == '👩').unwrap();
            assert_eq!(
                snap_selection(&t, fam, fam + 1, mode),
                Some((fam - 2, fam + 3))
            );
            // "Zo" + "e" without its diaeresis.
            let z = t.chars().position(|c| c == 'Z').unwrap();
            let got = snap_selection(&t, z, z + 3, mode).unwrap();
            assert_eq!(slice_cp(&t, got.0, got.1), "Zoe\u{308}");
        }
    }

    #[test]
    fn characters_mode_keeps_exact_grapheme_safe_ends() {
        let t = "The council voted";
        assert_eq!(
            snap(t, "ouncil vot", SnapMode::Characters).as_deref(),
            Some("ouncil vot")
        );
        assert_eq!(snap(t, " c", SnapMode::Characters).as_deref(), Some(" c"));
        assert_eq!(
            snap("a  b", "  ", SnapMode::Characters).as_deref(),
            Some("  ")
        );
        let t = "ae\u{301}b";
        assert_eq!(snap_selection(t, 2, 3, SnapMode::Characters), Some((1, 3)));
        assert_eq!(snap_selection(t, 0, 2, SnapMode::Characters), Some((0, 3)));
    }

    #[test]
    fn reversed_empty_and_out_of_range_input() {
        let t = "The council voted";
        assert_eq!(snap_selection(t, 10, 5, SnapMode::Words), Some((4, 11)));
        assert_eq!(snap_selection(t, 5, 5, SnapMode::Words), None);
        assert_eq!(snap_selection(t, 5, 5, SnapMode::Characters), None);
        assert_eq!(snap_selection(t, 14, 999, SnapMode::Words), Some((12, 17)));
        assert_eq!(snap_selection(t, 99, 999, SnapMode::Words), None);
        assert_eq!(snap_selection("", 0, 3, SnapMode::Characters), None);
        assert_eq!(snap_selection("   ", 0, 3, SnapMode::Words), None);
        assert_eq!(
            snap_selection("   ", 0, 3, SnapMode::Characters),
            Some((0, 3))
        );
    }

    #[test]
    fn cjk_and_long_lines_use_a_window() {
        // Each ideograph is its own word, so nothing is added.
        assert_eq!(
            snap("北海道で", "海", SnapMode::Words).as_deref(),
            Some("海")
        );
        // A long line: the result is the same as for the short one.
        let long = format!(
            "{}The council voted{}",
            "word ".repeat(2000),
            " again".repeat(2000)
        );
        let at = long.find("ouncil").unwrap();
        let (a, b) = snap_selection(&long, at + 1, at + 10, SnapMode::Words).unwrap();
        assert_eq!(slice_cp(&long, a, b), "council voted");
        // A word far longer than the window's reach is still extended to its ends.
        let word = "x".repeat(3000);
        let t = format!("a {word} b");
        assert_eq!(
            snap_selection(&t, 1500, 1501, SnapMode::Words),
            Some((2, 3002))
        );
        // A 1 MB text: each snap looks only near its ends.
        let big = "The council voted again. ".repeat(42_000);
        let t0 = std::time::Instant::now();
        for k in 0..50 {
            let at = 500_000 + k * 1000 + 5;
            let (a, b) = snap_selection(&big, at, at + 12, SnapMode::Words).unwrap();
            assert!(a <= at && b >= at + 12);
        }
        assert!(t0.elapsed().as_secs() < 20);
        // Ideographs without spaces in a long line.
        let cjk = "北海道".repeat(1000);
        assert_eq!(
            snap_selection(&cjk, 1500, 1502, SnapMode::Words),
            Some((1500, 1502))
        );
    }

    #[test]
    fn window_cuts_are_true_boundaries() {
        let t = format!(
            "{} {FLAG}{FLAG}x e\u{301} {}",
            "ab ".repeat(200),
            "cd ".repeat(200)
        );
        let w = Window::around(&t, t.len() / 2);
        assert!(w.start > 0 && w.end < t.len(), "{} {}", w.start, w.end);
        let all = grapheme_ends(&t);
        for &(_, ce) in &w.clusters {
            assert!(all.contains(&ce));
        }
    }

    #[test]
    fn a_character_step_never_splits_a_crlf_line_break() {
        // "\r\n" is one grapheme cluster; blocks made by splitting at "\n" end between the
        // two (a stored document's blocks may too). Code points: a0 b1 \r2 \n3 c4 👍5 d6.
        let text = "ab\r\nc\u{1F44D}d";
        let idx = CpIndex::new(text);
        let blocks = [(0, 3), (4, 7)];
        let step = |at, forward| {
            key_move(
                &idx,
                &blocks,
                at,
                at,
                KeyMove::Stretch {
                    forward,
                    by_word: false,
                },
            )
            .1
        };
        // Before the "\r": the line's text has ended, so on to the next line's first cluster
        // (not to 3, between "\r" and "\n").
        assert_eq!(step(2, true), 5);
        assert_eq!(step(1, true), 2);
        // Between "\r" and "\n" (only a caret put there from outside): back to the "\r".
        assert_eq!(step(3, false), 2);
        assert_eq!(step(3, true), 5);
        // Back from the next line's start: the previous line's last cluster, before the "\r".
        assert_eq!(step(4, false), 1);
        assert_eq!(whole_clusters(&idx, (0, 3)), (0, 2));
        // The text's end: "\r\n" and nothing after it.
        let text = "ab\r\n";
        let idx = CpIndex::new(text);
        let blocks = [(0, 3), (4, 4)];
        let step = |at, forward| {
            key_move(
                &idx,
                &blocks,
                at,
                at,
                KeyMove::Stretch {
                    forward,
                    by_word: false,
                },
            )
            .1
        };
        assert_eq!(
            step(2, true),
            2,
            "at the text's last cluster the selection stays"
        );
        assert_eq!(step(2, false), 1);
        // Word steps never take the "\r".
        let word = key_move(&idx, &blocks, 0, 0, KeyMove::Word { forward: true });
        assert_eq!(word, (0, 2));
    }
}
