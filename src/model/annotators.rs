//! Annotators: the person whose layer a span is in, by name. A name comes from the person at
//! this browser, a file or storage, so it is cleaned the same way wherever it comes from:
//! white space collapsed, control characters dropped, at most [`NAME_CHARS`] characters. It is
//! only ever shown as text.

use crate::model::set::Set;
use std::rc::Rc;

use super::edit::{Edit, RelationEdit, SpanEdit};
use super::entry::DocEntry;
use super::span::{Span, SpanId};
use super::store::Corpus;

/// The longest name kept, in characters.
pub const NAME_CHARS: usize = 64;

/// The annotator of the gold layer, the one adjudication writes. No cleaned name is this
/// ([`clean_name`] drops control characters), so no person's layer can be taken for gold.
pub const GOLD: &str = "\u{1}gold";

/// `name` as shown to people and written where a format names annotators: `Gold` for the
/// gold layer, the name itself otherwise.
pub fn shown_name(name: &str) -> &str {
    if name == GOLD {
        "Gold"
    } else {
        name
    }
}

/// The annotator a file names, as [`shown_name`] writes them: [`GOLD`] for `Gold` when the
/// file marks it as gold (`gold`), else the name cleaned ([`clean_name`]); the unnamed layer
/// (`""`) when there is no name.
pub fn from_file(name: &str, gold: bool) -> Rc<str> {
    if gold && name == shown_name(GOLD) {
        Rc::from(GOLD)
    } else {
        clean_name(name).unwrap_or_default()
    }
}

/// `raw` as an annotator's name: trimmed, each run of white space one space, control and
/// format characters (bidi overrides, zero-width ones) left out, cut at [`NAME_CHARS`]
/// characters. `None` when nothing is left.
pub fn clean_name(raw: &str) -> Option<Rc<str>> {
    let mut out = String::with_capacity(raw.len().min(NAME_CHARS * 4));
    let mut chars = 0;
    for word in raw.split_whitespace() {
        if chars > 0 && chars < NAME_CHARS {
            out.push(' ');
            chars += 1;
        }
        for c in word.chars().filter(|c| !unwanted(*c)) {
            if chars == NAME_CHARS {
                break;
            }
            out.push(c);
            chars += 1;
        }
    }
    let out = out.trim_end();
    (!out.is_empty()).then(|| Rc::from(out))
}

/// Control characters and the invisible ones that change how text around them shows.
fn unwanted(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Which layer the reading view shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Layer {
    /// The person at this browser's.
    #[default]
    Mine,
    /// Another annotator's, by name.
    Of(Rc<str>),
    /// Every annotator's at once.
    All,
    /// Two annotators' side by side, agreement and disagreement marked
    /// ([`compare`](super::compare::compare)).
    Compare(Rc<str>, Rc<str>),
}

/// What the reader shows of `entry` for `layer` (`me`: the name of the person at this
/// browser): the spans of that layer and the relations from them. The entry itself when it
/// holds nothing else (the usual case: one annotator).
pub fn shown(entry: &Rc<DocEntry>, layer: &Layer, me: &str) -> Rc<DocEntry> {
    let who = match layer {
        Layer::All => return Rc::clone(entry),
        Layer::Mine => me,
        Layer::Of(name) => name,
        Layer::Compare(a, b) => {
            return super::compare::compare(entry, a, b)
                .entry
                .unwrap_or_else(|| Rc::clone(entry))
        }
    };
    if entry.spans.iter().all(|s| &*s.annotator == who) {
        return Rc::clone(entry);
    }
    let spans: Vec<Rc<Span>> = entry
        .spans
        .iter()
        .filter(|s| &*s.annotator == who)
        .cloned()
        .collect();
    let ids: Set<&str> = spans.iter().map(|s| s.id.0.as_str()).collect();
    let relations = entry
        .relations
        .iter()
        .filter(|r| ids.contains(r.from.0.as_str()))
        .cloned()
        .collect();
    Rc::new(DocEntry {
        doc: Rc::clone(&entry.doc),
        spans: Rc::new(spans),
        relations: Rc::new(relations),
        statuses: Rc::clone(&entry.statuses),
        decided: Rc::clone(&entry.decided),
    })
}

/// The annotators with spans in `entry`, `me` first, then by name.
pub fn annotators_of(entry: &DocEntry, me: &Rc<str>) -> Vec<Rc<str>> {
    let mut names: Vec<Rc<str>> = vec![Rc::clone(me)];
    for s in entry.spans.iter() {
        if !names.contains(&s.annotator) {
            names.push(Rc::clone(&s.annotator));
        }
    }
    let mut rest = names.split_off(1);
    crate::model::sort::sort_with(&mut rest, &|a, b| a.cmp(b));
    names.extend(rest);
    names
}

/// The first span `edit` would change (or link) that is not in `me`'s layer, with its
/// annotator: another person's work is changed only by them (gold, by whoever adjudicates).
pub fn not_mine<'c>(corpus: &'c Corpus, edit: &Edit, me: &str) -> Option<&'c Span> {
    let theirs = |doc, id: &SpanId| {
        corpus
            .entry(doc)
            .and_then(|e| e.spans.iter().find(|s| &s.id == id))
            .map(|s| &**s)
            .filter(|s| &*s.annotator != me && &*s.annotator != GOLD)
    };
    match edit {
        Edit::Span { doc, edit } => match edit {
            SpanEdit::Add(_) => None,
            SpanEdit::Delete(id)
            | SpanEdit::Relabel { id, .. }
            | SpanEdit::SetNote { id, .. }
            | SpanEdit::SetAttr { id, .. } => theirs(doc, id),
        },
        Edit::Relation { doc, edit } => match edit {
            RelationEdit::Add(r) => theirs(doc, &r.from).or_else(|| theirs(doc, &r.to)),
            RelationEdit::Delete(id) => corpus
                .entry(doc)
                .and_then(|e| e.relation(id))
                .and_then(|r| theirs(doc, &r.from)),
        },
        Edit::Batch(edits) => edits.iter().find_map(|e| not_mine(corpus, e, me)),
        Edit::Schema(_) | Edit::Document(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_the_same_wherever_they_come_from() {
        assert_eq!(
            clean_name("  Ada \n Lovelace ").as_deref(),
            Some("Ada Lovelace")
        );
        assert_eq!(
            clean_name("Zoë\u{202e}gnp.exe").as_deref(),
            Some("Zoëgnp.exe")
        );
        assert_eq!(
            clean_name("<b>x</b>").as_deref(),
            Some("<b>x</b>"),
            "shown as text"
        );
        assert_eq!(clean_name(" \t\u{200b} "), None);
        let long = "a".repeat(10_000);
        assert_eq!(
            clean_name(&long).map(|n| n.chars().count()),
            Some(NAME_CHARS)
        );
        let words = "ab ".repeat(100);
        let cut = clean_name(&words).unwrap();
        assert!(cut.chars().count() <= NAME_CHARS && !cut.ends_with(' '));
    }

    #[test]
    fn the_reader_shows_one_layer_or_all_and_lists_them() {
        use crate::formats::article::parse_article;
        use crate::model::{Relation, RelationId, RelationKind};
        let by = |id: &str, start, end, label: &str, who: &str| {
            let mut s = Span::test(id, start, end, label);
            s.annotator = Rc::from(who);
            Rc::new(s)
        };
        let mut entry = DocEntry::new(parse_article(
            "T\n\n\u{201c}We will,\u{201d} said Ann Lee.",
            "a.md",
        ));
        entry.spans = Rc::new(vec![
            by("q", 3, 13, "quote", "Bo"),
            by("q2", 3, 13, "quote", "Ada"),
            by("e", 19, 26, "entity", "Bo"),
        ]);
        entry.relations = Rc::new(vec![Relation {
            id: RelationId("r".into()),
            kind: RelationKind::SaidBy,
            from: SpanId("q".into()),
            to: SpanId("e".into()),
        }]);
        let entry = Rc::new(entry);
        let mine = shown(&entry, &Layer::Mine, "Bo");
        let ids: Vec<&str> = mine.spans.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, ["q", "e"]);
        assert_eq!(mine.relations.len(), 1);
        let hers = shown(&entry, &Layer::Of(Rc::from("Ada")), "Bo");
        assert_eq!(hers.spans.len(), 1);
        assert!(hers.relations.is_empty());
        assert!(Rc::ptr_eq(&shown(&entry, &Layer::All, "Bo"), &entry));
        let me: Rc<str> = Rc::from("Cy");
        let names: Vec<String> = annotators_of(&entry, &me)
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(names, ["Cy", "Ada", "Bo"]);
        // One annotator: the entry itself, nothing copied.
        let alone = Rc::new(DocEntry {
            spans: Rc::new(vec![by("x", 3, 5, "quote", "Bo")]),
            ..(*entry).clone()
        });
        assert!(Rc::ptr_eq(&shown(&alone, &Layer::Mine, "Bo"), &alone));
    }
}
