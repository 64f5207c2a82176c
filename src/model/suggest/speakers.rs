//! Who said each quote, from the words around it (never from inside a quote):
//! 1. "according to Name", in the sentence after the quote or before it;
//! 2. a cue verb ([`rules::CUES`]) in the rest of the sentence after the quote ("…,” said
//!    Name", "…,” Name said", "…,” she told reporters"), else in the sentence before it up to
//!    the quote ("Name said: “…”", "She added that “…”", and the words between the two parts
//!    of a split quote: "“…,” she said, “…”"); its subject is the name right after the cue,
//!    else the nearest name or pronoun before it;
//! 3. a pronoun or a role ("the mayor") is the nearest person named before it, outside
//!    quotes: a name after a title ("Dr. Ana de la Cruz"), of two words or more that are not
//!    an organisation's or a place's ([`rules::NOT_PERSONS`]), a surname of one of those, or
//!    a speaker found by 2;
//! 4. a quote with no attribution right after a quote by X (in the same or the previous
//!    paragraph: a floating quote, the rest of a split one) is X's.
//!
//! A speaker is the mention (a code-point range) the quote is linked to.

use super::claims::abbreviation;
use super::quotes::Found;
use super::rules::{self, has};
use super::{word_char, Kind, Suggestion, Text};

/// A word or a punctuation mark of the text.
#[derive(Clone, Copy, Debug)]
struct Tok {
    start: usize,
    end: usize,
    word: bool,
}

/// The tokens of `chars[a..b]`: words (letters and digits, with apostrophes and hyphens
/// inside) and single marks.
fn tokens(chars: &[char], a: usize, b: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if word_char(c) {
            let start = i;
            while i < b
                && (word_char(chars[i])
                    || (matches!(chars[i], '-' | '\'' | '\u{2019}')
                        && i + 1 < b
                        && word_char(chars[i + 1])))
            {
                i += 1;
            }
            out.push(Tok {
                start,
                end: i,
                word: true,
            });
        } else {
            out.push(Tok {
                start: i,
                end: i + 1,
                word: false,
            });
            i += 1;
        }
    }
    out
}

fn text_of(chars: &[char], t: Tok) -> String {
    chars[t.start..t.end].iter().collect()
}

/// Whether a word may be part of a name: capitalised ("Okonkwo"), or a prefix and a capital
/// ("al-Amin").
fn capital(word: &str) -> bool {
    let mut cs = word.chars();
    match cs.next() {
        Some(c) if c.is_uppercase() => true,
        _ => word
            .split_once('-')
            .is_some_and(|(_, rest)| rest.chars().next().is_some_and(char::is_uppercase)),
    }
}

/// The name that starts at token `k` (its last token), if one does: capitalised words, and
/// particles between them ("Ursula von der Berg").
fn name_at(chars: &[char], toks: &[Tok], k: usize) -> Option<usize> {
    let mut first = text_of(chars, *toks.get(k)?);
    // A name may open with its particle: "von Aschenbrunn said".
    if has(rules::PARTICLES, &first) {
        let next = toks
            .get(k + 1)
            .filter(|t| t.word)
            .map(|&t| text_of(chars, t));
        match next {
            Some(n) if capital(&n) && !has(rules::NOT_NAMES, &n) => first = n,
            _ => return None,
        }
    }
    if !toks[k].word
        || !capital(&first)
        || has(rules::NOT_NAMES, &first)
        || has(rules::TITLES, &first)
        || first.chars().all(|c| c.is_uppercase() && first.len() > 4)
    {
        return None;
    }
    let mut last = k;
    let mut j = k + 1;
    while j < toks.len() && toks[j].word {
        let w = text_of(chars, toks[j]);
        if capital(&w) && !has(rules::NOT_NAMES, &w) && !has(rules::CUES, &w) {
            last = j;
        } else if !has(rules::PARTICLES, &w) {
            break;
        }
        j += 1;
    }
    Some(last)
}

/// Whether the name from token `k` to `last` is a person's: after a title, or two words or
/// more none of which names an organisation or a place.
fn person(chars: &[char], toks: &[Tok], k: usize, last: usize) -> bool {
    let titled = k > 0 && title_before(chars, toks, k);
    let words = toks[k..=last].iter().filter(|t| t.word).count();
    let org = toks[k..=last]
        .iter()
        .any(|&t| has(rules::NOT_PERSONS, &text_of(chars, t)));
    titled || (words >= 2 && !org)
}

/// Whether token `k` follows a title ("Dr. Cruz", "Mayor Lindqvist").
fn title_before(chars: &[char], toks: &[Tok], k: usize) -> bool {
    let mut j = k;
    if j > 0 && !toks[j - 1].word && chars[toks[j - 1].start] == '.' {
        j -= 1;
    }
    j > 0 && toks[j - 1].word && has(rules::TITLES, &text_of(chars, toks[j - 1]))
}

/// Who a clause names as the speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    /// A name: its code-point range.
    Name(usize, usize),
    /// A pronoun or a role, at this code point: a person named before it.
    Pronoun(usize),
}

/// A quote's cue (a code-point range) and who its clause names.
type Attribution = (Option<(usize, usize)>, Option<Who>);

/// The cue and the speaker a clause (`chars[a..b]`, outside quotes) gives: its cue nearest
/// the quote (the first after it, or the last before it: `before`).
fn attribution(chars: &[char], a: usize, b: usize, before: bool) -> Attribution {
    let toks = tokens(chars, a, b);
    let word = |k: usize| text_of(chars, toks[k]);
    // The name at or after token k, past titles and their full stops.
    let name_from = |mut k: usize| -> Option<Who> {
        while k < toks.len() && (!toks[k].word || has(rules::TITLES, &word(k))) {
            if !toks[k].word && chars[toks[k].start] != '.' {
                return None;
            }
            k += 1;
        }
        let mut last = name_at(chars, &toks, k)?;
        // "Lumenvale spokesperson Henrik Adeyemi": the person after the organisation's role.
        let mut j = last + 1;
        while j < toks.len() && toks[j].word && !capital(&word(j)) && !has(rules::CUES, &word(j)) {
            j += 1;
        }
        if j > last + 1 && has(rules::ROLES, &word(j - 1)) {
            if let Some(l) = name_at(chars, &toks, j) {
                k = j;
                last = l;
            }
        }
        Some(Who::Name(toks[k].start, toks[last].end))
    };
    for k in 0..toks.len() {
        if toks[k].word
            && matches!(&*word(k), "according" | "According")
            && toks
                .get(k + 1)
                .is_some_and(|t| t.word && text_of(chars, *t) == "to")
        {
            let cue = Some((toks[k].start, toks[k + 1].end));
            return (cue, name_from(k + 2));
        }
    }
    let cue_at = |k: &usize| toks[*k].word && has(rules::CUES, &word(*k));
    let c = if before {
        (0..toks.len()).rev().find(cue_at)
    } else {
        (0..toks.len()).find(cue_at)
    };
    let Some(c) = c else {
        return (None, None);
    };
    let mut cue = (toks[c].start, toks[c].end);
    // "told reporters", "wrote in a statement": the cue's object is part of it.
    if let Some(next) = toks.get(c + 1).filter(|t| t.word) {
        if matches!(&*text_of(chars, *next), "reporters" | "journalists") {
            cue.1 = next.end;
        }
    }
    // "said Name" (or "said Dr. Name").
    if let Some(who) = toks
        .get(c + 1)
        .filter(|t| t.word || chars[t.start] == '.')
        .and_then(|_| name_from(c + 1))
    {
        return (Some(cue), Some(who));
    }
    // Before the cue: the first person's name of the clause (its subject: "Okonkwo, who
    // chairs the Midwives Guild, said"), else the nearest pronoun or role, else the nearest
    // name.
    let (mut person_name, mut pronoun, mut other) = (None, None, None);
    let mut k = 0;
    while k < c {
        let w = word(k);
        if toks[k].word && (has(rules::PRONOUNS, &w) || has(rules::ROLES, &w)) {
            pronoun = Some(Who::Pronoun(toks[k].start));
        }
        match toks[k].word.then(|| name_at(chars, &toks, k)).flatten() {
            Some(last) if last < c => {
                let who = Some(Who::Name(toks[k].start, toks[last].end));
                if person_name.is_none() && person(chars, &toks, k, last) {
                    person_name = who;
                }
                other = who;
                k = last + 1;
            }
            _ => k += 1,
        }
    }
    let who = person_name
        .or(pronoun)
        .or(other)
        .or_else(|| name_from(c + 1));
    (Some(cue), who)
}

/// The end of the sentence that goes on at `from` (a full stop, question or exclamation
/// mark that is not an abbreviation's, or an opening quote mark), at most `to`.
fn sentence_end(chars: &[char], from: usize, to: usize) -> usize {
    let mut i = from;
    while i < to {
        let c = chars[i];
        if matches!(c, '!' | '?') || (c == '.' && !abbreviation(chars, from, i)) {
            return i + 1;
        }
        if rules::MARKS.iter().any(|(o, _)| *o == c) && c != '"' {
            return i;
        }
        i += 1;
    }
    to
}

/// The start of the sentence that ends at `at` (after the last sentence end before it),
/// from `from` at the earliest.
fn sentence_start(chars: &[char], from: usize, at: usize) -> usize {
    let mut i = at;
    while i > from {
        let c = chars[i - 1];
        if matches!(c, '!' | '?') || (c == '.' && !abbreviation(chars, from, i - 1)) {
            return i;
        }
        i -= 1;
    }
    from
}

/// Whether the name at token `k` follows a preposition: a name after one is a place or an
/// organisation ("over Caddis Ridge", "of the Midwives Guild"), unless a title says otherwise.
fn after_preposition(chars: &[char], toks: &[Tok], k: usize) -> bool {
    let mut j = k;
    while j > 0 && toks[j - 1].word && matches!(&*text_of(chars, toks[j - 1]), "the" | "The") {
        j -= 1;
    }
    j > 0 && toks[j - 1].word && has(rules::PREPOSITIONS, &text_of(chars, toks[j - 1]))
}

/// A person named: the mention, and where its sentence starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Named {
    start: usize,
    end: usize,
    sentence: usize,
}

/// The people named outside quotes, in text order: names after a title, names of two words
/// or more that are not organisations or places (nor after a preposition), and a surname of
/// an earlier one.
fn people(text: &Text, quoted: &[(usize, usize)]) -> Vec<Named> {
    let chars = &text.chars;
    let mut out: Vec<Named> = Vec::new();
    let mut surnames: crate::model::set::Set<String> = crate::model::set::Set::default();
    // Quotes in order: the next one a token may be in.
    let mut q = 0;
    for &(a, b) in &text.paragraphs {
        for (sa, sb) in super::claims::sentences(chars, a, b) {
            let toks = tokens(chars, sa, sb);
            let mut k = 0;
            while k < toks.len() {
                let at = toks[k].start;
                while q < quoted.len() && quoted[q].1 <= at {
                    q += 1;
                }
                let inside = q < quoted.len() && quoted[q].0 <= at;
                let Some(last) = (!inside).then(|| name_at(chars, &toks, k)).flatten() else {
                    k += 1;
                    continue;
                };
                let known = last == k && surnames.contains(&text_of(chars, toks[k]));
                let placed = after_preposition(chars, &toks, k) && !title_before(chars, &toks, k);
                if known || (person(chars, &toks, k, last) && !placed) {
                    out.push(Named {
                        start: at,
                        end: toks[last].end,
                        sentence: sa,
                    });
                    surnames.insert(text_of(chars, toks[last]));
                }
                k = last + 1;
            }
        }
    }
    out
}

/// The person a pronoun at `at` stands for: of the last sentence before it that names one
/// (outside quotes), the first named (its subject: "Li Wen-Hsu, who manages bookings for
/// Calloway Marine, said …"); `from`: not before this.
fn antecedent(named: &[Named], at: usize, from: usize) -> Option<(usize, usize)> {
    let last = named.partition_point(|n| n.end <= at).checked_sub(1)?;
    let sentence = named[last].sentence;
    let first = named[..=last].partition_point(|n| n.sentence < sentence);
    let n = named[first];
    (n.start >= from).then_some((n.start, n.end))
}

/// Each quote with its cue and speaker (see the module's notes), as quote suggestions.
pub fn attribute(text: &Text, found: &[Found]) -> Vec<Suggestion> {
    let chars = &text.chars;
    let quoted: Vec<(usize, usize)> = found.iter().map(|q| (q.open, q.close)).collect();
    let mut named = people(text, &quoted);
    let mut found_who: Vec<Attribution> = Vec::new();
    for (i, q) in found.iter().enumerate() {
        let (pa, _) = text.paragraphs[q.first];
        let (_, pb) = text.paragraphs[q.last];
        // After: the rest of the sentence, up to the next quote.
        let next = found.get(i + 1).map_or(pb, |n| n.open.min(pb));
        let after_end = sentence_end(chars, q.close, next.max(q.close));
        let mut got = if q.block {
            (None, None)
        } else {
            attribution(chars, q.close, after_end, false)
        };
        // Before: the sentence up to the quote, after the last quote of the paragraph; for a
        // paragraph introduced by a colon, the sentence that introduces it.
        if got.1.is_none() {
            let (from, to) = if q.block {
                let (a, b) = text.paragraphs[q.first - 1];
                (sentence_start(chars, a, b.saturating_sub(1)), b)
            } else {
                let prev = i
                    .checked_sub(1)
                    .map(|p| found[p].close)
                    .filter(|&c| c > pa && c <= q.open)
                    .unwrap_or(pa);
                (sentence_start(chars, prev, q.open), q.open)
            };
            let before = attribution(chars, from, to, true);
            if before.1.is_some() || got.0.is_none() {
                got = (before.0.or(got.0), before.1);
            }
        }
        if let Some(Who::Name(s, e)) = got.1 {
            let sentence = sentence_start(chars, pa, s);
            named.push(Named {
                start: s,
                end: e,
                sentence,
            });
        }
        found_who.push(got);
    }
    crate::model::sort::sort_with(&mut named, &|x, y| x.start.cmp(&y.start));
    named.dedup_by(|x, y| x.start == y.start);
    let mut out: Vec<Suggestion> = Vec::new();
    for (i, q) in found.iter().enumerate() {
        let (cue, who) = found_who[i];
        let speaker = match who {
            Some(Who::Name(s, e)) => Some((s, e)),
            Some(Who::Pronoun(at)) => antecedent(&named, at, 0),
            // No attribution: a person named before it in its paragraph, else the speaker of
            // a quote just before (same or previous paragraph).
            None => antecedent(&named, q.open, text.paragraphs[q.first].0).or_else(|| {
                i.checked_sub(1)
                    .filter(|&p| found[p].last + 1 >= q.first)
                    .and_then(|p| out[p].speaker)
            }),
        };
        out.push(Suggestion {
            kind: Kind::Quote,
            start: q.start,
            end: q.end,
            cue,
            speaker,
        });
    }
    out
}
