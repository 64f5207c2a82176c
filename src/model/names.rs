//! Names of entities: how two spellings of one name come to one key, and how near two keys
//! are.
//!
//! **Normalising a name**: case folded, accents and other marks removed (a letter with marks
//! becomes its base letter, the way Unicode's decomposition NFD shows it; also ł, đ, ø, ħ; æ,
//! œ, ß, þ become two letters), curly apostrophes and dashes made plain, white space collapsed
//! to single spaces, and punctuation trimmed from both ends. The fold covers Latin, Greek,
//! Cyrillic, Armenian, Georgian and full-width Latin with small tables (about 1.4 KB), so the
//! browser download carries no Unicode case or decomposition tables; other scripts are kept as
//! they are (most have no case).

use super::span::Span;

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

/// The name a mention goes by: its canonical name, else its text.
pub fn mention_name<'a>(span: &'a Span, text: &'a str) -> &'a str {
    span.attrs.get(CANONICAL).unwrap_or(text).trim()
}

/// A word with each run of one letter written once: two words that are [`near`] collapse to the
/// same (so it groups the pairs worth comparing).
pub fn collapsed(word: &str) -> String {
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

/// A name with each of its words [`collapsed`] (words are split at single spaces, so the
/// words of the result are those of the name, each collapsed).
pub fn collapsed_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&collapsed(word));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
