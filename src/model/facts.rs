//! What one document contributes to the corpus views, worked out from that document alone:
//! its spans per label, its entity mentions with their normalised names, the quotes and claims
//! linked to them, and its claims as rows of the claims table. `corpus_index.rs` keeps them
//! from one state of the corpus to the next.

use std::ops::Range;
use std::rc::Rc;

use super::claims::{claim_row, claimants, ClaimRow};
use super::entry::DocEntry;
use super::labels::{label_counts, LabelSchema, Role};
use super::names::{collapsed_name, mention_name, normalize_name, EXTERNAL_ID, TYPE};
use super::relation::RelationKind;
use super::span::Span;
use super::store::Corpus;

/// An entity span of a document, as the People view groups it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionFact {
    /// Its place in the entry's spans.
    pub span: usize,
    /// The card it belongs to: its name normalised (its name as written when that normalises to
    /// nothing).
    pub key: Rc<str>,
    /// The key with each word collapsed ([`collapsed_name`]), for merge suggestions.
    pub collapsed: Rc<str>,
    /// Its name: the canonical name, else its text (trimmed).
    pub name: Rc<str>,
    /// Its text normalised: one of the spellings its card is found by.
    pub spelling: Rc<str>,
    pub kind: Option<Rc<str>>,
    pub external_id: Option<Rc<str>>,
}

/// A `said_by` or `claimant` relation that ends at an entity mention of the same document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkFact {
    pub kind: RelationKind,
    /// The quote's or claim's place in the entry's spans.
    pub from: usize,
    /// The mention's place in [`DocFacts::mentions`].
    pub to: usize,
}

/// What one document contributes to the corpus views.
#[derive(Debug)]
pub struct DocFacts {
    /// The entry these facts were worked out from: they hold while the corpus has this very
    /// `Rc`.
    pub entry: Rc<DocEntry>,
    /// Spans per label, by the label's place in the schema.
    pub counts: Vec<usize>,
    /// Entity mentions in text order.
    pub mentions: Vec<MentionFact>,
    /// In relation (id) order.
    pub links: Vec<LinkFact>,
    /// Claims in text order.
    pub claims: Vec<Rc<ClaimRow>>,
    /// Each claim's place in the entry's spans.
    claim_spans: Vec<usize>,
}

impl DocFacts {
    /// The facts of `entry` under `schema`.
    pub fn of(entry: &Rc<DocEntry>, schema: &LabelSchema) -> DocFacts {
        DocFacts::after(None, entry, schema)
    }

    /// The facts of `entry` under `schema`, with what `old` (facts of an earlier state of the
    /// same document, under a schema with the same labels, entity and claim) worked out for
    /// the spans they share kept. Spans are shared by address and sorted in text order, so an
    /// edit leaves those before and after the spans it changed where they were: the spans
    /// the two share at each end are kept (their mentions and claims: normalising names is
    /// most of the work), and only those between are worked out again; the counts per label
    /// are counted again (a look at each span's label). Equal to [`DocFacts::of`] `entry` (a
    /// property test checks).
    pub fn after(old: Option<&DocFacts>, entry: &Rc<DocEntry>, schema: &LabelSchema) -> DocFacts {
        let entity = schema.role_id(Role::Entity);
        let claim = schema.role_id(Role::Claim);
        let text = entry.doc.index();
        let spans = &entry.spans[..];
        // The same text (and title), else nothing is kept.
        let old = old.filter(|o| Rc::ptr_eq(&o.entry.doc, &entry.doc));
        let was = old.map_or(&[][..], |o| &o.entry.spans[..]);
        let same = |(a, b): &(&Rc<Span>, &Rc<Span>)| Rc::ptr_eq(a, b);
        let head = spans.iter().zip(was).take_while(same).count();
        let tail = (spans[head..].iter().rev())
            .zip(was[head..].iter().rev())
            .take_while(same)
            .count();
        // The spans worked out again, here and in `old`.
        let (end, was_end) = (spans.len() - tail, was.len() - tail);
        let claimants = claimants(entry, &text);
        // A claim kept as it was: none of its claimants then or now.
        let row = |old: &Rc<ClaimRow>, i: usize| match old.claimant {
            None if claimants.iter().all(|(from, _)| *from != &spans[i].id) => Rc::clone(old),
            _ => Rc::new(claim_row(entry, &text, &spans[i], &claimants)),
        };
        let mut facts = DocFacts {
            entry: Rc::clone(entry),
            counts: label_counts(schema, spans),
            mentions: Vec::new(),
            links: Vec::new(),
            claims: Vec::new(),
            claim_spans: Vec::new(),
        };
        if let Some(o) = old {
            facts.keep(o, 0..head, 0, &row);
        }
        for (span, i) in spans[head..end].iter().zip(head..) {
            if span.label == entity {
                let written = text.slice(span.start, span.end);
                let name = mention_name(span, written);
                let mut key = normalize_name(name);
                if key.is_empty() {
                    key = name.to_owned();
                }
                facts.mentions.push(MentionFact {
                    span: i,
                    collapsed: Rc::from(collapsed_name(&key)),
                    key: Rc::from(key),
                    name: Rc::from(name),
                    spelling: Rc::from(normalize_name(written)),
                    kind: span.attrs.get(TYPE).map(Rc::from),
                    external_id: span.attrs.get(EXTERNAL_ID).map(|id| Rc::from(id.trim())),
                });
            } else if span.label == claim {
                facts
                    .claims
                    .push(Rc::new(claim_row(entry, &text, span, &claimants)));
                facts.claim_spans.push(i);
            }
        }
        if let Some(o) = old {
            facts.keep(o, was_end..was.len(), end, &row);
        }
        let mut at = None;
        facts.links = (entry.relations.iter())
            .filter(|r| matches!(r.kind, RelationKind::SaidBy | RelationKind::Claimant))
            .filter_map(|r| {
                // Each span's place, found only when a relation may link to a mention.
                let at = at.get_or_insert_with(|| entry.span_positions());
                let to = at.get(&r.to)?;
                Some(LinkFact {
                    kind: r.kind,
                    from: *at.get(&r.from)?,
                    to: facts.mentions.binary_search_by_key(to, |m| m.span).ok()?,
                })
            })
            .collect();
        facts
    }

    /// `old`'s mentions and claims of its spans `spans`, which are here from `at` on,
    /// appended (each claim through `row`).
    fn keep(
        &mut self,
        old: &DocFacts,
        spans: Range<usize>,
        at: usize,
        row: &dyn Fn(&Rc<ClaimRow>, usize) -> Rc<ClaimRow>,
    ) {
        let here = |i: usize| i - spans.start + at;
        for m in old.mentions.iter().filter(|m| spans.contains(&m.span)) {
            let span = here(m.span);
            self.mentions.push(MentionFact { span, ..m.clone() });
        }
        for (claim, &i) in old.claims.iter().zip(&old.claim_spans) {
            if spans.contains(&i) {
                self.claims.push(row(claim, here(i)));
                self.claim_spans.push(here(i));
            }
        }
    }
}

/// The facts of every document of `corpus`, worked out from scratch (for one-off uses and
/// tests; the app keeps them in a [`CorpusIndex`](super::corpus_index::CorpusIndex)).
pub fn facts_of(corpus: &Corpus) -> Vec<Rc<DocFacts>> {
    corpus
        .entries()
        .iter()
        .map(|e| Rc::new(DocFacts::of(e, corpus.schema())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::names::CANONICAL;
    use crate::model::{Edit, Relation, RelationId, Span, SpanId};
    use proptest::prelude::*;

    const TEXT: &str = "Ada Lovelace met Charles Babbage in London; Ada said the engine “weaves \
                        patterns”, and Babbage, ZOË and Þórunn agreed that it would.";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Spans added, deleted, renamed and linked at random in one document: facts worked out
        /// from those of the state before are those worked out from scratch.
        #[test]
        fn facts_kept_from_the_state_before_are_those_from_scratch(
            steps in prop::collection::vec((0usize..100, 1usize..14, 0usize..4, 0u8..6), 1..60),
        ) {
            let mut corpus = Corpus::new(vec![parse_article(TEXT, "d.md")]);
            let schema = corpus.schema().clone();
            let labels = [
                schema.role_id(Role::Entity).to_owned(),
                schema.role_id(Role::Claim).to_owned(),
                schema.labels()[0].id.clone(),
                schema.role_id(Role::Entity).to_owned(),
            ];
            let mut facts = DocFacts::of(&corpus.entries()[0], &schema);
            for (n, (at, len, label, op)) in steps.into_iter().enumerate() {
                let entry = Rc::clone(&corpus.entries()[0]);
                let doc = entry.doc.id.clone();
                let some = |k: usize| entry.spans.get(k % entry.spans.len().max(1));
                let edit = match (op, some(at), some(at / 3)) {
                    (2, Some(s), _) => Edit::delete_span(doc, s.id.clone()),
                    (3, Some(s), _) => {
                        let name = ["Ada", "ada lovelace", "", "  "][label];
                        let name = (!name.is_empty()).then(|| name.to_owned());
                        Edit::set_attr(doc, s.id.clone(), CANONICAL.into(), name, None)
                    }
                    (4, Some(a), Some(b)) => Edit::add_relation(
                        doc,
                        Relation {
                            id: RelationId(format!("r{n}")),
                            kind: [RelationKind::Claimant, RelationKind::SaidBy][label % 2],
                            from: a.id.clone(),
                            to: b.id.clone(),
                        },
                    ),
                    _ => {
                        let start = at % (entry.doc.char_len() - 1);
                        Edit::add_span(
                            doc,
                            Span {
                                id: SpanId(format!("s{n}")),
                                start,
                                end: (start + len).min(entry.doc.char_len()),
                                label: labels[label].clone(),
                                note: String::new(),
                                attrs: Default::default(),
                                created: None,
                                updated: None,
                                annotator: Default::default(),
                            },
                        )
                    }
                };
                // An edit that does not fit (a relation whose ends do not) changes nothing.
                let _ = corpus.apply(edit);
                let entry = &corpus.entries()[0];
                facts = DocFacts::after(Some(&facts), entry, &schema);
                let fresh = DocFacts::of(entry, &schema);
                prop_assert_eq!(&facts.counts, &fresh.counts);
                prop_assert_eq!(&facts.mentions, &fresh.mentions);
                prop_assert_eq!(&facts.links, &fresh.links);
                prop_assert_eq!(&facts.claims, &fresh.claims);
                prop_assert_eq!(&facts.claim_spans, &fresh.claim_spans);
            }
        }
    }
}
