//! Entities across articles: entity spans of every document grouped into cards by a normalised
//! name (their `canonical` attribute, else their text), with the quotes attributed to them
//! (`said_by`) and the claims they make (`claimant`), and suggestions of cards that are
//! probably one entity spelled two ways. Pure functions over the corpus.
//!
//! **Normalising a name**: case folded, accents and other marks removed (a letter with marks
//! becomes its base letter, the way Unicode's decomposition NFD shows it; also ł, đ, ø, ħ; æ,
//! œ, ß, þ become two letters), curly apostrophes and dashes made plain, white space collapsed
//! to single spaces, and punctuation trimmed from both ends. The fold covers Latin, Greek,
//! Cyrillic, Armenian, Georgian and full-width Latin with small tables (about 1.4 KB), so the
//! browser download carries no Unicode case or decomposition tables; other scripts are kept as
//! they are (most have no case).
//!
//! **Merge suggestions** (never applied by themselves), between cards whose types do not differ
//! and whose external ids do not differ:
//! - the same external id;
//! - the same name but for one doubled letter written once, in names of at least 6 letters
//!   (`zelenskyy` / `zelensky`, `gaddafi` / `gadafi`). Any other one-letter difference is not
//!   enough: `zelenska` and `zelensky` are different people (name endings change with gender in
//!   many languages), and accents are already gone from both;
//! - one name's words are the last words of the other's (`zelensky` / `volodymyr zelensky`),
//!   words compared as above. The longer name is kept.

use std::collections::HashMap;

use super::document::DocId;
use super::edit::Edit;
use super::error::EditError;
use super::labels::Role;
use super::relation::RelationKind;
use super::sort::{reorder, sort_indices, sort_with};
use super::span::{Span, SpanId};
use super::store::Corpus;

/// The attributes of the label with the entity role.
pub const CANONICAL: &str = "canonical";
pub const TYPE: &str = "type";
pub const EXTERNAL_ID: &str = "external_id";

/// U+00C0–U+024F: the lower-case ASCII base letter of each, `.` to keep the character, or
/// an upper-case code for two letters (`A` ae, `O` oe, `S` ss, `T` th, `I` ij, `D` dz, `L` lj,
/// `N` nj). Made with Python's `unicodedata` (NFD, first character, lower case), plus letters
/// with strokes and bars that NFD leaves alone (ł, đ, ø, ħ, ...).
const LATIN: [&[u8; 64]; 7] = [
    b"aaaaaaAceeeeiiiidnooooo.ouuuuyTSaaaaaaAceeeeiiiidnooooo.ouuuuyTy",
    b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiIIjjkkklllllll",
    b"lllnnnnnnnnnooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs",
    b"bb.....cc.ddd....ffg...ikkl..nnooo..pp.....ttttuu.vyyzz.........",
    b"....DDDLLLNNNaaiioouuuuuuuuuu.aaaa..ggggkkoooo..jDDDgg..nnaa....",
    b"aaaaeeeeiiiioooorrrruuuusstt..hh.d..zzaaeeooooooooyylntj...cclt.",
    b"......eejj..rryy................................................",
];

/// U+1E00–U+1EFF (Latin Extended Additional: Vietnamese and more), coded like [`LATIN`].
const LATIN_MORE: [&[u8; 64]; 4] = [
    b"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm",
    b"mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv",
    b"wwwwwwwwwwxxxxyyzzzzzzhtwy....S.aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee",
    b"eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......",
];

/// U+0370–U+03FF: the lower-case Greek letter without accents, 0 to keep the character.
const GREEK: [u16; 144] = [
    0x0371, 0, 0x0373, 0, 0x02b9, 0, 0x0377, 0, 0, 0, 0, 0, 0, 0, 0x003b, 0x03f3, 0, 0, 0, 0, 0,
    0x00a8, 0x03b1, 0x00b7, 0x03b5, 0x03b7, 0x03b9, 0, 0x03bf, 0, 0x03c5, 0x03c9, 0x03b9, 0x03b1,
    0x03b2, 0x03b3, 0x03b4, 0x03b5, 0x03b6, 0x03b7, 0x03b8, 0x03b9, 0x03ba, 0x03bb, 0x03bc, 0x03bd,
    0x03be, 0x03bf, 0x03c0, 0x03c1, 0, 0x03c3, 0x03c4, 0x03c5, 0x03c6, 0x03c7, 0x03c8, 0x03c9,
    0x03b9, 0x03c5, 0x03b1, 0x03b5, 0x03b7, 0x03b9, 0x03c5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0x03c3, 0, 0, 0, 0, 0, 0, 0, 0x03b9, 0x03c5, 0x03bf, 0x03c5, 0x03c9, 0x03d7, 0, 0,
    0, 0x03d2, 0x03d2, 0, 0, 0, 0x03d9, 0, 0x03db, 0, 0x03dd, 0, 0x03df, 0, 0x03e1, 0, 0x03e3, 0,
    0x03e5, 0, 0x03e7, 0, 0x03e9, 0, 0x03eb, 0, 0x03ed, 0, 0x03ef, 0, 0, 0, 0, 0, 0x03b8, 0, 0,
    0x03f8, 0, 0x03f2, 0x03fb, 0, 0, 0x037b, 0x037c, 0x037d,
];

/// U+0400–U+04FF: the lower-case Cyrillic letter without accents, 0 to keep the character.
const CYRILLIC: [u16; 256] = [
    0x0435, 0x0435, 0x0452, 0x0433, 0x0454, 0x0455, 0x0456, 0x0456, 0x0458, 0x0459, 0x045a, 0x045b,
    0x043a, 0x0438, 0x0443, 0x045f, 0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
    0x0438, 0x0438, 0x043a, 0x043b, 0x043c, 0x043d, 0x043e, 0x043f, 0x0440, 0x0441, 0x0442, 0x0443,
    0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044a, 0x044b, 0x044c, 0x044d, 0x044e, 0x044f,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0438, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0x0435, 0x0435, 0, 0x0433, 0, 0, 0, 0x0456, 0, 0, 0, 0, 0x043a, 0x0438, 0x0443, 0,
    0x0461, 0, 0x0463, 0, 0x0465, 0, 0x0467, 0, 0x0469, 0, 0x046b, 0, 0x046d, 0, 0x046f, 0, 0x0471,
    0, 0x0473, 0, 0x0475, 0, 0x0475, 0x0475, 0x0479, 0, 0x047b, 0, 0x047d, 0, 0x047f, 0, 0x0481, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0x048b, 0, 0x048d, 0, 0x048f, 0, 0x0491, 0, 0x0493, 0, 0x0495, 0,
    0x0497, 0, 0x0499, 0, 0x049b, 0, 0x049d, 0, 0x049f, 0, 0x04a1, 0, 0x04a3, 0, 0x04a5, 0, 0x04a7,
    0, 0x04a9, 0, 0x04ab, 0, 0x04ad, 0, 0x04af, 0, 0x04b1, 0, 0x04b3, 0, 0x04b5, 0, 0x04b7, 0,
    0x04b9, 0, 0x04bb, 0, 0x04bd, 0, 0x04bf, 0, 0x04cf, 0x0436, 0x0436, 0x04c4, 0, 0x04c6, 0,
    0x04c8, 0, 0x04ca, 0, 0x04cc, 0, 0x04ce, 0, 0, 0x0430, 0x0430, 0x0430, 0x0430, 0x04d5, 0,
    0x0435, 0x0435, 0x04d9, 0, 0x04d9, 0x04d9, 0x0436, 0x0436, 0x0437, 0x0437, 0x04e1, 0, 0x0438,
    0x0438, 0x0438, 0x0438, 0x043e, 0x043e, 0x04e9, 0, 0x04e9, 0x04e9, 0x044d, 0x044d, 0x0443,
    0x0443, 0x0443, 0x0443, 0x0443, 0x0443, 0x0447, 0x0447, 0x04f7, 0, 0x044b, 0x044b, 0x04fb, 0,
    0x04fd, 0, 0x04ff, 0,
];

/// Zero-width characters and combining marks (accents, Hebrew points, Arabic vowel marks):
/// left out of a normalised name.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{300}'..='\u{36F}' | '\u{483}'..='\u{489}' | '\u{591}'..='\u{5BD}'
        | '\u{5BF}' | '\u{5C1}'..='\u{5C2}' | '\u{5C4}'..='\u{5C5}' | '\u{5C7}'
        | '\u{610}'..='\u{61A}' | '\u{64B}'..='\u{65F}' | '\u{670}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}' | '\u{FEFF}')
}

/// A [`LATIN`]-coded entry for `c`.
fn push_coded(code: u8, c: char, out: &mut String) {
    match code {
        b'.' => out.push(c),
        b'A' => out.push_str("ae"),
        b'O' => out.push_str("oe"),
        b'S' => out.push_str("ss"),
        b'T' => out.push_str("th"),
        b'I' => out.push_str("ij"),
        b'D' => out.push_str("dz"),
        b'L' => out.push_str("lj"),
        b'N' => out.push_str("nj"),
        letter => out.push(char::from(letter)),
    }
}

fn from_u16(table: &[u16], i: u32, c: char) -> char {
    match table.get(i as usize) {
        Some(&m) if m != 0 => char::from_u32(u32::from(m)).unwrap_or(c),
        _ => c,
    }
}

/// `c` case folded and without marks (see the module's notes), appended to `out`.
fn push_folded(c: char, out: &mut String) {
    let n = u32::from(c);
    let shift = |base: u32, to: u32| char::from_u32(n - base + to).unwrap_or(c);
    match n {
        0x41..=0x5A => out.push(shift(0x41, 0x61)),
        0xC0..=0x24F => {
            let i = (n - 0xC0) as usize;
            push_coded(LATIN[i / 64][i % 64], c, out);
        }
        0x1E00..=0x1EFF => {
            let i = (n - 0x1E00) as usize;
            push_coded(LATIN_MORE[i / 64][i % 64], c, out);
        }
        0x370..=0x3FF => out.push(from_u16(&GREEK, n - 0x370, c)),
        0x400..=0x4FF => out.push(from_u16(&CYRILLIC, n - 0x400, c)),
        // Armenian capitals; Georgian Mtavruli to Mkhedruli.
        0x531..=0x556 => out.push(shift(0x531, 0x561)),
        0x1C90..=0x1CBA | 0x1CBD..=0x1CBF => out.push(shift(0x1C90, 0x10D0)),
        // Full-width Latin letters and digits.
        0xFF21..=0xFF3A => out.push(shift(0xFF21, 0x61)),
        0xFF41..=0xFF5A => out.push(shift(0xFF41, 0x61)),
        0xFF10..=0xFF19 => out.push(shift(0xFF10, 0x30)),
        // Apostrophes and dashes of every kind.
        0x60 | 0xB4 | 0x2BC | 0x2018 | 0x2019 | 0x201B | 0x2032 => out.push('\''),
        0x2010..=0x2015 | 0x2212 => out.push('-'),
        _ => out.push(c),
    }
}

/// The key cards are grouped by: `name` case folded, without accents, white space collapsed,
/// punctuation trimmed (see the module's notes).
pub fn normalize_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars().filter(|c| !is_mark(*c)) {
        push_folded(c, &mut folded);
    }
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_matches(|c: char| !c.is_alphanumeric()).to_owned()
}

/// A span of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub doc: DocId,
    pub span: SpanId,
}

/// One entity across the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityCard {
    /// The normalised name ([`normalize_name`]) its mentions share.
    pub key: String,
    /// The most common way its mentions write it (their canonical name, else their text).
    pub name: String,
    /// The most common `type` among its mentions.
    pub kind: Option<String>,
    /// The most common `external_id` among its mentions.
    pub external_id: Option<String>,
    /// Its entity spans, in corpus and text order.
    pub mentions: Vec<Mention>,
    /// Quotes whose speaker (`said_by`) is one of its mentions.
    pub quotes: Vec<Mention>,
    /// Claims whose claimant is one of its mentions.
    pub claims: Vec<Mention>,
}

/// The name a mention goes by: its canonical name, else its text.
fn mention_name<'a>(span: &'a Span, text: &'a str) -> &'a str {
    span.attrs.get(CANONICAL).unwrap_or(text).trim()
}

/// The value seen most often (the first seen among equals).
fn most_common(values: &[String]) -> Option<String> {
    let mut best: Option<(&String, usize)> = None;
    for v in values {
        let n = values.iter().filter(|w| *w == v).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((v, n));
        }
    }
    best.map(|(v, _)| v.clone())
}

/// Every entity of the corpus as a card, sorted by key. Mentions whose name normalises to
/// nothing (only punctuation or marks) are grouped by their name as written.
#[must_use]
pub fn entity_cards(corpus: &Corpus) -> Vec<EntityCard> {
    struct Seen {
        names: Vec<String>,
        kinds: Vec<String>,
        ids: Vec<String>,
        card: EntityCard,
    }
    let mut cards: Vec<Seen> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // (doc, span) of each mention → its card.
    let mut card_of: HashMap<(&DocId, &SpanId), usize> = HashMap::new();
    let entity = corpus.schema().role_id(Role::Entity);
    for entry in corpus.entries().iter() {
        let text = entry.doc.index();
        for span in entry.spans.iter().filter(|s| s.label == entity) {
            let name = mention_name(span, text.slice(span.start, span.end));
            let mut key = normalize_name(name);
            if key.is_empty() {
                key = name.to_owned();
            }
            let at = *by_key.entry(key.clone()).or_insert_with(|| {
                cards.push(Seen {
                    names: Vec::new(),
                    kinds: Vec::new(),
                    ids: Vec::new(),
                    card: EntityCard {
                        key,
                        name: String::new(),
                        kind: None,
                        external_id: None,
                        mentions: Vec::new(),
                        quotes: Vec::new(),
                        claims: Vec::new(),
                    },
                });
                cards.len() - 1
            });
            let seen = &mut cards[at];
            seen.names.push(name.to_owned());
            if let Some(kind) = span.attrs.get(TYPE) {
                seen.kinds.push(kind.to_owned());
            }
            if let Some(id) = span.attrs.get(EXTERNAL_ID) {
                seen.ids.push(id.trim().to_owned());
            }
            seen.card.mentions.push(Mention {
                doc: entry.doc.id.clone(),
                span: span.id.clone(),
            });
            card_of.insert((&entry.doc.id, &span.id), at);
        }
    }
    for entry in corpus.entries().iter() {
        for r in entry.relations.iter() {
            let Some(&at) = card_of.get(&(&entry.doc.id, &r.to)) else {
                continue;
            };
            let list = match r.kind {
                RelationKind::SaidBy => &mut cards[at].card.quotes,
                RelationKind::Claimant => &mut cards[at].card.claims,
                RelationKind::Cue => continue,
            };
            let mention = Mention {
                doc: entry.doc.id.clone(),
                span: r.from.clone(),
            };
            if !list.contains(&mention) {
                list.push(mention);
            }
        }
    }
    let out: Vec<EntityCard> = cards
        .into_iter()
        .map(|seen| {
            let mut card = seen.card;
            card.name = most_common(&seen.names).unwrap_or_default();
            card.kind = most_common(&seen.kinds);
            card.external_id = most_common(&seen.ids);
            card
        })
        .collect();
    // Through the views' one sort routine (keys are unique, so stable or not is the same).
    let mut order: Vec<usize> = (0..out.len()).collect();
    sort_indices(&mut order, &|a, b| out[a].key.cmp(&out[b].key));
    reorder(out, &order)
}

/// Why two cards are suggested as one entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MergeReason {
    /// They have the same external id.
    SameExternalId,
    /// Their names differ by one doubled letter written once.
    DoubledLetter,
    /// One name's words end the other's.
    ShorterName,
}

/// Two cards that are probably one entity: `merge`'s mentions would take `keep`'s name.
/// Indices into the cards given to [`merge_suggestions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MergeSuggestion {
    pub keep: usize,
    pub merge: usize,
    pub reason: MergeReason,
}

/// `short` is `long` with one letter of a doubled pair left out (both at least 6 letters).
/// (Without allocating: the People view compares every pair of cards.)
fn doubled_letter(long: &str, short: &str) -> bool {
    let n = short.chars().count();
    if long.chars().count() != n + 1 || n < 6 {
        return false;
    }
    // The first place they differ; the letter dropped there must repeat the one before it
    // (or, for a pair at the very start, the one after it).
    let (mut l, mut s) = (long.chars(), short.chars());
    let mut before = None;
    let dropped = loop {
        let Some(c) = l.next() else { return false };
        if s.clone().next() == Some(c) {
            s.next();
            before = Some(c);
        } else {
            break c;
        }
    };
    let doubled = before == Some(dropped) || l.clone().next() == Some(dropped);
    doubled && dropped.is_alphabetic() && l.eq(s)
}

/// Two words (or names) that are the same, or the same but for a doubled letter.
fn near(a: &str, b: &str) -> bool {
    a == b || doubled_letter(a, b) || doubled_letter(b, a)
}

/// `short`'s words are the last words of `long`'s (fewer words), compared with [`near`].
#[cfg(test)]
fn ends_with_words(long: &str, short: &str) -> bool {
    let (l, s): (Vec<&str>, Vec<&str>) = (long.split(' ').collect(), short.split(' ').collect());
    ends_with(&l, &s)
}

/// [`ends_with_words`] of names already split into words.
fn ends_with(long: &[&str], short: &[&str]) -> bool {
    short.len() < long.len()
        && short
            .iter()
            .rev()
            .zip(long.iter().rev())
            .all(|(a, b)| near(a, b))
}

fn differ(a: &Option<String>, b: &Option<String>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a != b)
}

/// A word with each run of one letter written once: two words that are [`near`] collapse to the
/// same (so it groups the pairs worth comparing).
fn collapsed(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for c in word.chars() {
        if last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// A card's name, made once (not once per pair): its length, its words and its last word's
/// length.
type Shape<'a> = (usize, Vec<&'a str>, usize);

fn shapes(cards: &[EntityCard]) -> Vec<Shape<'_>> {
    cards
        .iter()
        .map(|c| {
            let words: Vec<&str> = c.key.split(' ').collect();
            let last = words.last().map_or(0, |w| w.chars().count());
            (c.key.chars().count(), words, last)
        })
        .collect()
}

/// Whether cards `i` and `j` (`i < j`) are probably one entity, and which keeps its name.
/// Two names can be near only when their lengths differ by at most one (by one for a doubled
/// letter), and one's words can end the other's only when their last words' lengths do: most
/// pairs stop at that.
fn suggest(cards: &[EntityCard], shapes: &[Shape], i: usize, j: usize) -> Option<MergeSuggestion> {
    let (a, b) = (&cards[i], &cards[j]);
    if differ(&a.kind, &b.kind) {
        return None;
    }
    let ((len_a, words_a, last_a), (len_b, words_b, last_b)) = (&shapes[i], &shapes[j]);
    let near_keys = match len_a.abs_diff(*len_b) {
        0 => a.key == b.key,
        1 => near(&a.key, &b.key),
        _ => false,
    };
    let may_end = last_a.abs_diff(*last_b) <= 1 && words_a.len() != words_b.len();
    // The card with more mentions keeps its name; equal: the first in key order.
    let (keep, merge) = if b.mentions.len() > a.mentions.len() {
        (j, i)
    } else {
        (i, j)
    };
    let (keep, merge, reason) = if a.external_id.is_some() && a.external_id == b.external_id {
        (keep, merge, MergeReason::SameExternalId)
    } else if differ(&a.external_id, &b.external_id) {
        return None;
    } else if near_keys {
        (keep, merge, MergeReason::DoubledLetter)
    } else if may_end && ends_with(words_a, words_b) {
        (i, j, MergeReason::ShorterName)
    } else if may_end && ends_with(words_b, words_a) {
        (j, i, MergeReason::ShorterName)
    } else {
        return None;
    };
    Some(MergeSuggestion {
        keep,
        merge,
        reason,
    })
}

/// Pairs of cards that are probably one entity (see the module's notes), each pair once, in
/// card order.
///
/// Only pairs that can be suggested are compared, found through each name with its words
/// [`collapsed`] (two near words collapse alike): cards whose collapsed names are the same
/// (the only ones whose names can be near), a card whose collapsed name is the collapsed last
/// words of another's (the only ones whose words can end the other's), and cards with the same
/// external id. Comparing every pair took 126 s in the browser for the 59,252 cards of 5,000
/// articles (bench/RESULTS.md, "Corpus scale"); grouping by the last word alone left 2.4 s.
pub fn merge_suggestions(cards: &[EntityCard]) -> Vec<MergeSuggestion> {
    let shapes = shapes(cards);
    let collapsed_words: Vec<Vec<String>> = shapes
        .iter()
        .map(|(_, words, _)| words.iter().map(|w| collapsed(w)).collect())
        .collect();
    // Cards by collapsed name, and by external id (prefixed so the two never meet).
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut join = |key: String, i: usize| {
        let next = groups.len();
        let g = *group_of.entry(key).or_insert(next);
        if g == next {
            groups.push(Vec::new());
        }
        groups[g].push(i);
    };
    for (i, card) in cards.iter().enumerate() {
        join(collapsed_words[i].join(" "), i);
        if let Some(id) = &card.external_id {
            join(format!("\u{0}{id}"), i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = groups
        .iter()
        .flat_map(|g| {
            g.iter()
                .enumerate()
                .flat_map(move |(x, &i)| g[x + 1..].iter().map(move |&j| (i, j)))
        })
        .collect();
    // A shorter name that ends a longer one: each card's last words, looked up.
    for (j, words) in collapsed_words.iter().enumerate() {
        for k in 1..words.len() {
            let Some(&g) = group_of.get(&words[words.len() - k..].join(" ")) else {
                continue;
            };
            pairs.extend(groups[g].iter().map(|&i| (i.min(j), i.max(j))));
        }
    }
    sort_with(&mut pairs, &|a, b| a.cmp(b));
    pairs.dedup();
    pairs
        .into_iter()
        .filter_map(|(i, j)| suggest(cards, &shapes, i, j))
        .collect()
}

/// [`merge_suggestions`] by comparing every pair: the oracle of its tests.
#[cfg(test)]
fn merge_suggestions_of_every_pair(cards: &[EntityCard]) -> Vec<MergeSuggestion> {
    let shapes = shapes(cards);
    (0..cards.len())
        .flat_map(|i| (i + 1..cards.len()).map(move |j| (i, j)))
        .filter_map(|(i, j)| suggest(cards, &shapes, i, j))
        .collect()
}

/// One undo step that merges card `merge` into card `keep`: every mention of `merge` whose
/// canonical name is not `keep`'s name gets it (with update time `updated`). Refused when
/// entities have no canonical name attribute in the schema.
pub fn merge_edit(
    corpus: &Corpus,
    merge: &EntityCard,
    keep: &EntityCard,
    updated: Option<u64>,
) -> Result<Edit, EditError> {
    let entity = corpus.schema().role_id(Role::Entity);
    if corpus.schema().attr(entity, CANONICAL).is_none() {
        return Err(EditError::UnknownAttr {
            label: entity.to_owned(),
            attr: CANONICAL.to_owned(),
        });
    }
    let mut edits = Vec::new();
    for m in &merge.mentions {
        let Some(span) = corpus.entry(&m.doc).and_then(|e| e.span(&m.span)) else {
            continue;
        };
        if span.attrs.get(CANONICAL) != Some(keep.name.as_str()) {
            edits.push(Edit::set_attr(
                m.doc.clone(),
                m.span.clone(),
                CANONICAL.to_owned(),
                Some(keep.name.clone()),
                updated,
            ));
        }
    }
    Ok(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::{Relation, RelationId, Span, Workspace};

    #[test]
    fn names_normalise_to_one_key() {
        for (a, b) in [
            ("Zelenskyy", "zelenskyy"),
            ("  Volodymyr\n  ZELENSKY,”", "volodymyr zelensky"),
            ("“Zoë Adeyemi”", "zoe adeyemi"),
            ("Zoe\u{308} Adeyemi", "zoe adeyemi"),
            ("Þórunn Guðmundsdóttir", "thorunn gudmundsdottir"),
            ("Lech Wałęsa", "lech walesa"),
            ("Antonín Dvořák", "antonin dvorak"),
            ("Søren Kierkegaard", "soren kierkegaard"),
            ("Straße", "strasse"),
            ("Nguyễn Tấn Dũng", "nguyen tan dung"),
            ("O’Brien", "o'brien"),
            ("Jean‐Luc", "jean-luc"),
            ("ΑΛΈΞΗΣ Τσίπρας", "αλεξησ τσιπρασ"),
            ("Зеленський", "зеленськии"),
            ("Ёлкин", "елкин"),
            ("ＮＡＴＯ", "nato"),
            ("Հայաստան", "հայաստան"),
            ("北京", "北京"),
            ("(Reuters)", "reuters"),
            ("…", ""),
        ] {
            assert_eq!(normalize_name(a), b, "{a}");
        }
    }

    #[test]
    fn the_case_fold_agrees_with_rust_where_no_accent_is_involved() {
        let ranges = [0x41..0x5B, 0x391..0x3AA, 0x410..0x430, 0x531..0x557];
        // Й is И with a breve (NFD), so it folds to и.
        let plain = |c: &char| *c != 'Й';
        for c in ranges
            .into_iter()
            .flatten()
            .filter_map(char::from_u32)
            .filter(plain)
        {
            let mut ours = String::new();
            push_folded(c, &mut ours);
            #[allow(clippy::disallowed_methods)] // the oracle, in a native test
            let theirs = c.to_lowercase().to_string();
            assert_eq!(ours, theirs, "{c}");
        }
    }

    fn span(id: &str, text: &str, needle: &str, label: &str) -> Span {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        Span {
            id: SpanId(id.into()),
            start,
            end: start + needle.chars().count(),
            label: label.into(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
        }
    }

    /// Three articles spelling one president three ways, and his wife.
    fn corpus() -> Workspace {
        let texts = [
            "Kyiv\n\n\u{201c}We stand,\u{201d} said Zelenskyy. Zelenska visited a school.",
            "Talks\n\nVolodymyr Zelensky met envoys. The envoys said nothing.",
            "Again\n\nZelensky claims the line holds. Zelensky spoke twice.",
        ];
        let mut ws = Workspace::new(texts.iter().map(|t| parse_article(t, "a.md")).collect());
        let ids: Vec<DocId> = ws.entries().iter().map(|e| e.doc.id.clone()).collect();
        let add = |ws: &mut Workspace, d: usize, s: Span| {
            ws.edit(Edit::add_span(ids[d].clone(), s)).unwrap()
        };
        let t = texts;
        add(
            &mut ws,
            0,
            span("q", t[0], "\u{201c}We stand,\u{201d}", "quote"),
        );
        add(&mut ws, 0, span("z1", t[0], "Zelenskyy", "entity"));
        add(&mut ws, 0, span("w", t[0], "Zelenska", "entity"));
        add(&mut ws, 1, span("z2", t[1], "Volodymyr Zelensky", "entity"));
        add(&mut ws, 2, span("z3", t[2], "Zelensky", "entity"));
        add(&mut ws, 2, span("c", t[2], "the line holds", "claim"));
        let mut z4 = span("z4", t[2], "Zelensky spoke", "entity");
        z4.end -= " spoke".len();
        add(&mut ws, 2, z4);
        for (d, id, key, value) in [
            (0, "z1", TYPE, "person"),
            (0, "w", TYPE, "person"),
            (1, "z2", TYPE, "person"),
            (1, "z2", EXTERNAL_ID, "Q3874799"),
        ] {
            ws.edit(Edit::set_attr(
                ids[d].clone(),
                SpanId(id.into()),
                key.into(),
                Some(value.into()),
                None,
            ))
            .unwrap();
        }
        let link = |kind, id: &str, from: &str, to: &str| Relation {
            id: RelationId(id.into()),
            kind,
            from: SpanId(from.into()),
            to: SpanId(to.into()),
        };
        ws.edit(Edit::add_relation(
            ids[0].clone(),
            link(RelationKind::SaidBy, "r1", "q", "z1"),
        ))
        .unwrap();
        ws.edit(Edit::add_relation(
            ids[2].clone(),
            link(RelationKind::Claimant, "r2", "c", "z3"),
        ))
        .unwrap();
        ws
    }

    fn keys(cards: &[EntityCard]) -> Vec<&str> {
        cards.iter().map(|c| c.key.as_str()).collect()
    }

    #[test]
    fn cards_group_mentions_and_carry_quotes_and_claims() {
        let ws = corpus();
        let cards = entity_cards(ws.corpus());
        assert_eq!(
            keys(&cards),
            ["volodymyr zelensky", "zelenska", "zelensky", "zelenskyy"]
        );
        let zelensky = &cards[2];
        assert_eq!(zelensky.name, "Zelensky");
        assert_eq!(zelensky.mentions.len(), 2);
        assert_eq!(zelensky.claims.len(), 1);
        assert!(zelensky.quotes.is_empty() && zelensky.kind.is_none());
        assert_eq!(cards[3].quotes[0].span.0, "q");
        assert_eq!(cards[0].external_id.as_deref(), Some("Q3874799"));
        assert_eq!(cards[1].kind.as_deref(), Some("person"));
    }

    #[test]
    fn spellings_of_one_person_are_suggested_and_his_wife_is_not() {
        let ws = corpus();
        let cards = entity_cards(ws.corpus());
        let named = |s: &MergeSuggestion| {
            (
                cards[s.keep].key.as_str(),
                cards[s.merge].key.as_str(),
                s.reason,
            )
        };
        let got: Vec<_> = merge_suggestions(&cards).iter().map(named).collect();
        assert_eq!(
            got,
            [
                ("volodymyr zelensky", "zelensky", MergeReason::ShorterName),
                ("volodymyr zelensky", "zelenskyy", MergeReason::ShorterName),
                ("zelensky", "zelenskyy", MergeReason::DoubledLetter),
            ]
        );
        assert!(got
            .iter()
            .all(|(a, b, _)| *a != "zelenska" && *b != "zelenska"));
    }

    #[test]
    fn suggestion_rules() {
        assert!(doubled_letter("zelenskyy", "zelensky"));
        assert!(doubled_letter("gaddafi", "gadafi"));
        assert!(doubled_letter("mohammed", "mohamed"));
        assert!(!doubled_letter("zelensky", "zelenska"));
        assert!(
            !doubled_letter("zelenskyi", "zelensky"),
            "not a doubled letter"
        );
        assert!(!doubled_letter("lloyd", "loyd"), "too short");
        assert!(doubled_letter("llewelyn", "lewelyn"), "a pair at the start");
        assert!(doubled_letter("žižkovv", "žižkov"), "a pair at the end");
        assert!(
            !doubled_letter("kowalczyk", "kowalcyk"),
            "a letter that is not doubled"
        );
        assert!(!doubled_letter("zelensky", "zelensky"));
        assert!(ends_with_words("volodymyr zelenskyy", "zelensky"));
        assert!(ends_with_words("president joe biden", "joe biden"));
        assert!(!ends_with_words("joe biden", "biden joe"));
        assert!(!ends_with_words("zelensky", "zelensky"));
        let card = |key: &str, kind: Option<&str>, id: Option<&str>| EntityCard {
            key: key.into(),
            name: key.into(),
            kind: kind.map(Into::into),
            external_id: id.map(Into::into),
            mentions: vec![],
            quotes: vec![],
            claims: vec![],
        };
        // Different types or external ids are different entities; the same id is one.
        let cards = [
            card("washington", Some("place"), None),
            card("george washington", Some("person"), None),
            card("kyiv", None, Some("Q1899")),
            card("kiev", None, Some("Q1899")),
            card("zelensky", None, Some("Q1")),
            card("zelenskyy", None, Some("Q2")),
        ];
        let got: Vec<_> = merge_suggestions(&cards)
            .iter()
            .map(|s| (s.keep, s.merge, s.reason))
            .collect();
        assert_eq!(got, [(2, 3, MergeReason::SameExternalId)]);
    }

    proptest::proptest! {
        /// Comparing only the grouped pairs finds exactly what comparing every pair finds.
        #[test]
        fn grouped_pairs_suggest_what_every_pair_does(
            names in proptest::collection::btree_set("(ab|aab|abb|bba|c|cc)(ab|aab|abb|bba|c|cc|dd|d|e){2,7}( (ab|aab|abb|c|dd|d){1,6}){0,2}", 0..40),
            kinds in proptest::collection::vec(0u8..3, 40),
            ids in proptest::collection::vec(0u8..6, 40),
            mentions in proptest::collection::vec(0usize..3, 40),
        ) {
            let cards: Vec<EntityCard> = names
                .iter()
                .enumerate()
                .map(|(i, key)| EntityCard {
                    key: key.clone(),
                    name: key.clone(),
                    kind: (kinds[i] > 0).then(|| format!("k{}", kinds[i])),
                    external_id: (ids[i] > 3).then(|| format!("Q{}", ids[i])),
                    mentions: vec![Mention { doc: DocId("d".into()), span: SpanId("s".into()) }; mentions[i]],
                    quotes: vec![],
                    claims: vec![],
                })
                .collect();
            let got = merge_suggestions(&cards);
            proptest::prop_assert_eq!(got, merge_suggestions_of_every_pair(&cards));
        }
    }

    #[test]
    fn merging_renames_every_mention_in_one_undoable_step() {
        let mut ws = corpus();
        let before = ws.corpus().clone();
        let cards = entity_cards(ws.corpus());
        let (keep, merge) = (&cards[0], &cards[2]);
        let edit = merge_edit(ws.corpus(), merge, keep, Some(7)).unwrap();
        assert!(matches!(&edit, Edit::Batch(parts) if parts.len() == 2));
        ws.edit(edit).unwrap();
        let after = entity_cards(ws.corpus());
        assert_eq!(
            keys(&after),
            ["volodymyr zelensky", "zelenska", "zelenskyy"]
        );
        let merged = &after[0];
        assert_eq!(merged.mentions.len(), 3);
        assert_eq!(merged.name, "Volodymyr Zelensky");
        assert_eq!(merged.claims.len(), 1, "the claim follows its claimant");
        assert_eq!(merged.kind.as_deref(), Some("person"));
        assert!(ws.undo());
        assert_eq!(ws.corpus(), &before);
        // Without a canonical name attribute there is nothing to merge with.
        let bare = crate::model::LabelSchema::new(vec![crate::model::LabelSpec::new(
            "entity", "Entity", "#000000",
        )])
        .unwrap();
        let c = Corpus::with_schema(bare);
        assert!(matches!(
            merge_edit(&c, merge, keep, None),
            Err(EditError::UnknownAttr { .. })
        ));
    }
}
