//! Two annotators' layers of one document side by side: which spans both made exactly, which
//! only one made, and which both placed alike with another label. The reading view's compare
//! layer shows this, and `j` / `k` move between the disagreements.

use std::rc::Rc;

use super::entry::DocEntry;
use super::span::{Span, SpanId};

/// How a span of a compared layer stands against the other layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The other layer has a span with the same start, end and label.
    Both,
    /// Only the first layer (A) has it.
    OnlyA,
    /// Only the second layer (B) has it.
    OnlyB,
    /// The other layer has a span in the same place with another label.
    Label,
}

impl Mark {
    /// The segment class that shows it (`None` for agreement, shown as usual).
    pub fn class(self) -> Option<&'static str> {
        match self {
            Mark::Both => None,
            Mark::OnlyA => Some("cmp-a"),
            Mark::OnlyB => Some("cmp-b"),
            Mark::Label => Some("cmp-l"),
        }
    }
}

/// Layers A and B of one document compared ([`compare`]). Equal when they compare the same
/// two layers: the reader's blocks re-render when their spans change, and a mark changes only
/// with a span at its place.
#[derive(Debug, Default)]
pub struct Compared {
    pub a: Rc<str>,
    pub b: Rc<str>,
    /// What the reader shows: every span of A, and the spans of B that A lacks exactly
    /// (a span both made shows once, A's); the relations from those spans.
    pub entry: Option<Rc<DocEntry>>,
    /// The mark of each shown span, in the order of the entry's spans (text order).
    pub(super) marks: Vec<Mark>,
    /// The disagreements in text order, one span each (A's of a pair with other labels), as
    /// positions in the shown entry's spans.
    pub stops: Vec<usize>,
    /// Spans in both, only in A, only in B, and places with other labels.
    pub counts: [usize; 4],
}

impl PartialEq for Compared {
    fn eq(&self, other: &Self) -> bool {
        self.a == other.a && self.b == other.b
    }
}

impl Compared {
    /// The ids of the disagreements' spans (`stops`), in text order.
    pub fn stop_ids(&self) -> Vec<SpanId> {
        let shown = self.entry.as_ref().map_or(&[][..], |e| &e.spans[..]);
        (self.stops.iter().filter_map(|&i| shown.get(i)))
            .map(|s| s.id.clone())
            .collect()
    }

    /// How `span` (one of the shown entry's spans) stands.
    pub fn mark(&self, span: &Span) -> Mark {
        let shown = self.entry.as_ref().map_or(&[][..], |e| &e.spans[..]);
        shown
            .binary_search_by(|s| Span::text_order(s, span))
            .ok()
            .and_then(|i| self.marks.get(i).copied())
            .unwrap_or(Mark::Both)
    }
}

/// The spans of `entry` in layer `a` against those in layer `b`. Both layers are walked once in
/// text order (start, then longest first), so a document of 10,000 spans a layer is compared
/// in well under a frame.
pub fn compare(entry: &Rc<DocEntry>, a: &str, b: &str) -> Compared {
    // Each layer's spans, in one pass (this runs after every edit while two layers are shown).
    let (mut sa, mut sb): (Vec<&Rc<Span>>, Vec<&Rc<Span>>) = (Vec::new(), Vec::new());
    for s in entry.spans.iter() {
        if &*s.annotator == a {
            sa.push(s);
        } else if &*s.annotator == b {
            sb.push(s);
        }
    }
    let mut out = Compared {
        a: Rc::from(a),
        b: Rc::from(b),
        ..Compared::default()
    };
    let mut shown: Vec<Rc<Span>> = Vec::with_capacity(sa.len() + sb.len());
    // Same place: start and end.
    let place = |s: &Span| (s.start, std::cmp::Reverse(s.end));
    let (mut i, mut j) = (0, 0);
    while i < sa.len() || j < sb.len() {
        let next_a = sa.get(i).map(|s| place(s));
        let next_b = sb.get(j).map(|s| place(s));
        let here = match (next_a, next_b) {
            (Some(x), Some(y)) => x.min(y),
            (Some(x), None) => x,
            (None, Some(y)) => y,
            (None, None) => break,
        };
        // The spans of each layer at this place.
        let i_end = i + sa[i..].iter().take_while(|s| place(s) == here).count();
        let j_end = j + sb[j..].iter().take_while(|s| place(s) == here).count();
        let (pa, pb) = (&sa[i..i_end], &sb[j..j_end]);
        let mut stop: Option<usize> = None;
        let mut relabeled = false;
        for s in pa {
            let mark = if pb.iter().any(|t| t.label == s.label) {
                Mark::Both
            } else if pb.is_empty() {
                Mark::OnlyA
            } else {
                relabeled = true;
                Mark::Label
            };
            push(&mut out, &mut shown, s, mark, &mut stop);
        }
        for t in pb {
            if pa.iter().any(|s| s.label == t.label) {
                continue;
            }
            let mark = if pa.is_empty() {
                Mark::OnlyB
            } else {
                relabeled = true;
                Mark::Label
            };
            push(&mut out, &mut shown, t, mark, &mut stop);
        }
        if relabeled {
            out.counts[3] += 1;
        }
        out.stops.extend(stop);
        (i, j) = (i_end, j_end);
    }
    // Agreed spans count once each (A's); places with other labels once.
    let by_mark = |m: Mark| out.marks.iter().filter(|x| **x == m).count();
    out.counts[1] = by_mark(Mark::OnlyA);
    out.counts[2] = by_mark(Mark::OnlyB);
    let relations = between(&entry.relations, &shown);
    out.entry = Some(Rc::new(DocEntry {
        doc: Rc::clone(&entry.doc),
        spans: Rc::new(shown),
        relations: Rc::new(relations),
        statuses: Rc::clone(&entry.statuses),
        decided: Rc::clone(&entry.decided),
    }));
    out
}

/// The relations of `relations` whose two ends are among `shown`: a set of their ends (few)
/// checked against the shown spans once, not a set of every shown id.
pub(super) fn between(
    relations: &[super::relation::Relation],
    shown: &[Rc<Span>],
) -> Vec<super::relation::Relation> {
    if relations.is_empty() {
        return Vec::new();
    }
    let ends: crate::model::set::Set<&str> = relations
        .iter()
        .flat_map(|r| [r.from.0.as_str(), r.to.0.as_str()])
        .collect();
    let present: crate::model::set::Set<&str> = shown
        .iter()
        .map(|s| s.id.0.as_str())
        .filter(|id| ends.contains(id))
        .collect();
    relations
        .iter()
        .filter(|r| present.contains(r.from.0.as_str()) && present.contains(r.to.0.as_str()))
        .cloned()
        .collect()
}

/// Show `s` with `mark`: counted, marked unless agreed, and the first disagreement at its
/// place is where `j` / `k` stop.
fn push(
    out: &mut Compared,
    shown: &mut Vec<Rc<Span>>,
    s: &Rc<Span>,
    mark: Mark,
    stop: &mut Option<usize>,
) {
    let at = shown.len();
    shown.push(Rc::clone(s));
    out.marks.push(mark);
    if mark == Mark::Both {
        out.counts[0] += 1;
        return;
    }
    if stop.is_none() {
        *stop = Some(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;

    fn span(id: &str, start: usize, end: usize, label: &str, who: &str) -> Rc<Span> {
        let mut s = Span::test(id, start, end, label);
        s.annotator = Rc::from(who);
        Rc::new(s)
    }

    fn entry(spans: Vec<Rc<Span>>) -> Rc<DocEntry> {
        let mut e = DocEntry::new(parse_article(
            "Title\n\nOne two three four five six seven eight nine ten.",
            "a.md",
        ));
        let mut spans = spans;
        crate::model::sort::sort_with(&mut spans, &|a, b| Span::text_order(a, b));
        e.spans = Rc::new(spans);
        Rc::new(e)
    }

    #[test]
    fn each_kind_of_disagreement_is_marked_and_agreement_shows_once() {
        let e = entry(vec![
            span("a1", 7, 10, "quote", "Ada"),   // both
            span("b1", 7, 10, "quote", "Ben"),   //
            span("a2", 11, 14, "claim", "Ada"),  // other label
            span("b2", 11, 14, "entity", "Ben"), //
            span("a3", 15, 20, "quote", "Ada"),  // only A
            span("b3", 21, 25, "entity", "Ben"), // only B
            span("c1", 26, 29, "entity", "Cyd"), // neither layer compared
        ]);
        let c = compare(&e, "Ada", "Ben");
        let shown = c.entry.as_ref().unwrap();
        let ids: Vec<&str> = shown.spans.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, ["a1", "a2", "b2", "a3", "b3"]);
        let marks: Vec<Mark> = shown.spans.iter().map(|s| c.mark(s)).collect();
        assert_eq!(
            marks,
            [
                Mark::Both,
                Mark::Label,
                Mark::Label,
                Mark::OnlyA,
                Mark::OnlyB
            ]
        );
        assert_eq!(c.counts, [1, 1, 1, 1]);
        // One stop per place: the pair with other labels stops once, at A's span.
        let stops: Vec<String> = c.stop_ids().into_iter().map(|s| s.0).collect();
        assert_eq!(stops, ["a2", "a3", "b3"]);
    }

    #[test]
    fn identical_layers_have_no_stops_and_empty_layers_compare() {
        let e = entry(vec![
            span("a1", 7, 10, "quote", "Ada"),
            span("b1", 7, 10, "quote", "Ben"),
        ]);
        let c = compare(&e, "Ada", "Ben");
        assert!(c.stops.is_empty());
        assert_eq!(c.counts, [1, 0, 0, 0]);
        let c = compare(&e, "Ada", "Nobody");
        assert_eq!(c.counts, [0, 1, 0, 0]);
        assert_eq!(c.stops.len(), 1);
    }

    #[test]
    fn nested_spans_at_one_start_are_matched_by_their_end() {
        let e = entry(vec![
            span("a1", 7, 20, "quote", "Ada"),
            span("a2", 7, 10, "entity", "Ada"),
            span("b1", 7, 10, "entity", "Ben"),
        ]);
        let c = compare(&e, "Ada", "Ben");
        let shown = c.entry.as_ref().unwrap();
        let marks: Vec<(&str, Mark)> = shown
            .spans
            .iter()
            .map(|s| (s.id.0.as_str(), c.mark(s)))
            .collect();
        assert_eq!(marks, [("a1", Mark::OnlyA), ("a2", Mark::Both)]);
    }

    #[test]
    fn relations_show_when_both_their_ends_do() {
        use crate::model::{Relation, RelationId, RelationKind};
        let link = |id: &str, from: &str, to: &str| Relation {
            id: RelationId(id.into()),
            kind: RelationKind::SaidBy,
            from: SpanId(from.into()),
            to: SpanId(to.into()),
        };
        let mut e = (*entry(vec![
            span("aq", 7, 10, "quote", "Ada"),
            span("ae", 11, 14, "entity", "Ada"),
            span("bq", 15, 20, "quote", "Ben"),
            span("be", 11, 14, "entity", "Ben"),
        ]))
        .clone();
        e.relations = Rc::new(vec![link("ra", "aq", "ae"), link("rb", "bq", "be")]);
        let c = compare(&Rc::new(e), "Ada", "Ben");
        let shown = c.entry.unwrap();
        // Ben's entity agrees with Ada's and shows as hers: his relation has no end shown.
        let ids: Vec<&str> = shown.relations.iter().map(|r| r.id.0.as_str()).collect();
        assert_eq!(ids, ["ra"]);
    }
}
