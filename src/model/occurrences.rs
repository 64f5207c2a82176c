//! Assisted annotation: the other places of an article where a span's words recur, tagged in
//! one step ("Tag every “Zelenskyy”"), as brat's and INCEpTION's "annotate all occurrences".

use super::{BlockKind, DocEntry, Edit, Span, SpanId};

/// Part of a word for the whole-word test: letters, digits, combining marks, joiners and the
/// connector `_` (approximately UAX #29's word characters, without its tables).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || matches!(c, '\u{200C}' | '\u{200D}')
        || matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Every other place (code point range) of `entry`'s text where `span`'s exact words occur as
/// whole words, inside a text block (not an image line), and not overlapping a span of the
/// same label (the span itself included). In text order.
pub fn other_occurrences(entry: &DocEntry, span: &Span) -> Vec<(usize, usize)> {
    let doc = &entry.doc;
    let text = doc.text.as_str();
    let needle = doc.index().slice(span.start, span.end);
    if needle.is_empty() {
        return Vec::new();
    }
    let first = needle.chars().next().is_some_and(is_word_char);
    let last = needle.chars().next_back().is_some_and(is_word_char);
    let len = needle.chars().count();
    let same: Vec<(usize, usize)> = entry
        .spans
        .iter()
        .filter(|s| s.label == span.label)
        .map(|s| (s.start, s.end))
        .collect();
    let mut out = Vec::new();
    // Code points are counted forward from the last match, not from the text's start.
    let (mut at_byte, mut at_cp) = (0, 0);
    for b in super::find::positions(text, needle) {
        let before = text[..b].chars().next_back();
        let after = text[b + needle.len()..].chars().next();
        if (first && before.is_some_and(is_word_char)) || (last && after.is_some_and(is_word_char))
        {
            continue;
        }
        at_cp += text[at_byte..b].chars().count();
        at_byte = b;
        let (start, end) = (at_cp, at_cp + len);
        let in_text = doc.blocks.iter().any(|k| {
            k.start <= start && end <= k.end && !matches!(k.kind, BlockKind::Image { .. })
        });
        // `same` is in text order (spans are): the spans that could overlap start before `end`.
        let taken = same[..same.partition_point(|&(s, _)| s < end)]
            .iter()
            .any(|&(_, e)| e > start);
        if in_text && !taken {
            out.push((start, end));
        }
    }
    out
}

/// The edit that tags [`other_occurrences`] of `span` with its label and attribute values (not
/// its note or links), one undo step; new ids are `base` with `-1`, `-2`… And how many.
/// `None` when there is no other place.
#[must_use]
pub fn tag_others(entry: &DocEntry, span: &Span, base: &SpanId, now: u64) -> Option<(Edit, usize)> {
    let places = other_occurrences(entry, span);
    if places.is_empty() {
        return None;
    }
    let n = places.len();
    let edits = places
        .into_iter()
        .enumerate()
        .map(|(i, (start, end))| {
            Edit::add_span(
                entry.doc.id.clone(),
                Span {
                    id: SpanId(format!("{}-{}", base.0, i + 1)),
                    start,
                    end,
                    label: span.label.clone(),
                    note: String::new(),
                    attrs: span.attrs.clone(),
                    created: Some(now),
                    updated: Some(now),
                    annotator: std::rc::Rc::clone(&span.annotator),
                },
            )
        })
        .collect();
    Some((Edit::Batch(edits), n))
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::text::slice_cp;
    use crate::model::Workspace;

    const TEXT: &str = "# Talks\n\nZelenskyy met envoys. Zelenskyy’s aides and Zelenskyyite fans cheered; “Zelenskyy!” they said.\n\n![Zelenskyy in Kyiv](http://x.org/z.jpg)\n\nLater Zelenskyy left. ZELENSKYY did not.\n\nBorsch, borsch and 🇺🇦 Zelenskyy.";

    fn add(ws: &mut Workspace, id: &str, needle: &str, nth: usize, label: &str) -> Span {
        let doc = ws.entries()[0].doc.clone();
        let byte = doc
            .text
            .match_indices(needle)
            .nth(nth)
            .expect("the needle")
            .0;
        let start = doc.text[..byte].chars().count();
        let mut span = Span {
            id: SpanId(id.into()),
            start,
            end: start + needle.chars().count(),
            label: label.into(),
            note: "checked".into(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        };
        if label == "entity" {
            span.attrs.set("type", Some("person".into()));
        }
        ws.edit(Edit::add_span(doc.id.clone(), span.clone()))
            .expect("added");
        span
    }

    #[test]
    fn other_places_are_whole_words_in_text_blocks_not_yet_tagged() {
        let mut ws = Workspace::new(vec![parse_article(TEXT, "t.md")]);
        let zel = add(&mut ws, "z", "Zelenskyy", 0, "entity");
        // An entity already over the one in "Later Zelenskyy left": not again.
        add(&mut ws, "later", "Later Zelenskyy", 0, "entity");
        let entry = ws.entries()[0].clone();
        let found: Vec<String> = other_occurrences(&entry, &zel)
            .into_iter()
            .map(|(s, e)| {
                let before: String = entry.doc.text.chars().take(s).collect::<String>();
                format!(
                    "{}|{}",
                    before
                        .chars()
                        .rev()
                        .take(3)
                        .collect::<String>()
                        .chars()
                        .rev()
                        .collect::<String>(),
                    slice_cp(&entry.doc.text, s, e)
                )
            })
            .collect();
        // The possessive and the exclamation count; "Zelenskyyite", the image line's alt text,
        // the capitals, the one already tagged and the span itself do not. After a flag, code
        // points still count right.
        assert_eq!(found, ["s. |Zelenskyy", "; “|Zelenskyy", "🇺🇦 |Zelenskyy"]);
    }

    #[test]
    fn tagging_them_is_one_undo_step_with_the_label_and_attributes() {
        let mut ws = Workspace::new(vec![parse_article(TEXT, "t.md")]);
        let zel = add(&mut ws, "z", "Zelenskyy", 0, "entity");
        let entry = ws.entries()[0].clone();
        let (edit, n) = tag_others(&entry, &zel, &SpanId("s-ab-7".into()), 5).expect("places");
        assert_eq!(n, 4);
        ws.edit(edit).expect("applied");
        let entry = ws.entries()[0].clone();
        let tagged: Vec<&Rc<Span>> = entry
            .spans
            .iter()
            .filter(|s| s.id.0.starts_with("s-ab-7-"))
            .collect();
        assert_eq!(tagged.len(), 4);
        for s in &tagged {
            assert_eq!(slice_cp(&entry.doc.text, s.start, s.end), "Zelenskyy");
            assert_eq!(s.label, "entity");
            assert_eq!(s.attrs.get("type"), Some("person"));
            assert_eq!((s.note.as_str(), s.created), ("", Some(5)));
        }
        // Nothing left to tag; one undo takes all four back.
        assert!(tag_others(&entry, &zel, &SpanId("s-ab-8".into()), 6).is_none());
        assert!(ws.undo(), "undone");
        assert_eq!(ws.entries()[0].spans.len(), 1);
    }

    #[test]
    fn a_phrase_and_punctuation_at_its_ends() {
        let text = "Title\n\n“We will hold” said he. We will holdout. “We will hold” again.";
        let mut ws = Workspace::new(vec![parse_article(text, "t.md")]);
        let quote = add(&mut ws, "q", "“We will hold”", 0, "quote");
        let entry = ws.entries()[0].clone();
        let places = other_occurrences(&entry, &quote);
        assert_eq!(
            places.len(),
            1,
            "the second quote, not the words inside \"holdout\""
        );
        // Another label over the same words does not count as tagged.
        let plain = add(&mut ws, "w", "We will hold", 1, "claim");
        let entry = ws.entries()[0].clone();
        assert_eq!(
            other_occurrences(&entry, &plain).len(),
            2,
            "inside both quotes"
        );
    }
}
