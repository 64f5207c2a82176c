//! CoNLL-2003 style BIO tags, entities only.
//!
//! Tokens are the UAX #29 word-boundary segments of the text that are not white space (so a
//! word, a number, a punctuation mark, an emoji or a CJK character is each one token; combining
//! marks stay with their letter). White space inside a token (a lone combining mark after a
//! space) is dropped from the written token. A sentence ends after a `.`, `!`, `?` or `…` token
//! and at every line break. Each token line is `token -X- _ TAG`; each document starts with
//! `-DOCSTART- -X- O` and a blank line. BIO cannot hold two annotators' spans at once, so with
//! several the documents are written once per annotator, in the order of their names (the
//! notes list them).

use std::rc::Rc;

use crate::model::uax29::word_ends;
use crate::model::words::agree;
use crate::model::words::join;
use crate::model::{DocEntry, LabelSchema, Role, Span};

/// A token: code point range and its text.
struct Token<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    /// A line break lies between the previous token and this one.
    after_newline: bool,
}

/// White space as Rust and Python both see it: Python's `str.split` and `str.splitlines` also
/// break at the separators U+001C to U+001F, so a token holding one would read as two fields
/// or two lines.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1C}'..='\u{1F}')
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut cp = 0usize;
    let mut newline = false;
    let mut from = 0;
    for end in word_ends(text) {
        let segment = text.get(from..end).unwrap_or("");
        from = end;
        let n = segment.chars().count();
        if segment.chars().all(is_space) {
            newline |= crate::model::find::contains(segment, "\n");
        } else {
            out.push(Token {
                start: cp,
                end: cp + n,
                text: segment,
                after_newline: newline,
            });
            newline = false;
        }
        cp += n;
    }
    out
}

/// The tag name of an entity label: its name upper-cased, white space as `_`.
fn tag_name(schema: &LabelSchema, label: &str) -> String {
    schema
        .name_of(label)
        .chars()
        .map(|c| {
            if is_space(c) {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

pub(super) fn conll(schema: &LabelSchema, entries: &[Rc<DocEntry>]) -> (Vec<u8>, Vec<String>) {
    let mut out = String::new();
    let mut left_out = 0usize; // quotes and claims
    let mut overlapping = 0usize;
    let mut unaligned = 0usize;
    let entity = schema.role_id(Role::Entity);
    let layers = super::common::layers(entries);
    for entry in layers.iter().flat_map(|(_, of)| of) {
        // Spans are in text order (outer first), so greedily keeping every entity that does not
        // overlap a kept one keeps the outer / earlier of nested or crossing spans.
        let mut kept: Vec<&Span> = Vec::new();
        for s in entry.spans.iter() {
            if s.label != entity {
                left_out += 1;
            } else if kept.last().is_some_and(|k| s.start < k.end) {
                overlapping += 1;
            } else {
                kept.push(s);
            }
        }
        out.push_str("-DOCSTART- -X- O\n\n");
        let toks = tokens(&entry.doc.text);
        let mut tagged = vec![false; kept.len()];
        let mut prev_entity: Option<usize> = None;
        let mut line_open = false;
        let mut k = 0usize;
        for tok in &toks {
            if tok.after_newline && line_open {
                out.push('\n');
                line_open = false;
                prev_entity = None;
            }
            while kept.get(k).is_some_and(|s| s.end <= tok.start) {
                k += 1;
            }
            let entity = kept
                .get(k)
                .filter(|s| s.start < tok.end && tok.start < s.end)
                .map(|_| k);
            let tag = match entity.and_then(|i| kept.get(i).map(|s| (i, s))) {
                Some((i, s)) => {
                    let bio = if prev_entity == Some(i) { "I" } else { "B" };
                    if let Some(t) = tagged.get_mut(i) {
                        *t = true;
                    }
                    format!("{bio}-{}", tag_name(schema, &s.label))
                }
                None => "O".to_owned(),
            };
            prev_entity = entity;
            let word: String = tok.text.chars().filter(|&c| !is_space(c)).collect();
            if word.is_empty() {
                continue;
            }
            out.push_str(&word);
            out.push_str(" -X- _ ");
            out.push_str(&tag);
            out.push('\n');
            line_open = true;
            if matches!(tok.text, "." | "!" | "?" | "…") {
                out.push('\n');
                line_open = false;
                prev_entity = None;
            }
        }
        if line_open {
            out.push('\n');
        }
        unaligned += tagged.iter().filter(|t| !**t).count();
    }
    let mut notes = vec![
        "Only entities are exported, one BIO tag per token (tokens: words and punctuation \
         marks); there are no character offsets."
            .to_owned(),
    ];
    if layers.len() > 1 {
        let names: Vec<&str> = layers
            .iter()
            .map(|(n, _)| super::common::layer_name(n))
            .collect();
        notes.push(format!(
            "The documents are written once per annotator, in this order: {} (CoNLL cannot \
             name them).",
            join(&names, ", ")
        ));
    }
    if left_out > 0 {
        notes.push(format!(
            "{left_out} quotes and claims {} not exported (CoNLL holds entities only).",
            agree(left_out, "is", "are")
        ));
    }
    if overlapping > 0 {
        notes.push(format!(
            "{overlapping} nested or crossing {} dropped (BIO cannot hold them; the outer \
             or earlier one was kept).",
            agree(overlapping, "entity was", "entities were")
        ));
    }
    if unaligned > 0 {
        notes.push(format!(
            "{unaligned} {} no token of {} own (sharing a token with another entity) and \
             {} dropped.",
            agree(unaligned, "entity got", "entities got"),
            agree(unaligned, "its", "their"),
            agree(unaligned, "was", "were")
        ));
    }
    let (values, relations) = super::common::count_links(entries);
    super::common::left_out(&mut notes, values, relations, "CoNLL");
    (out.into_bytes(), notes)
}
