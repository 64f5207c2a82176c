//! What one document contributes to the corpus views, worked out from that document alone:
//! its spans per label, its entity mentions with their normalised names, the quotes and claims
//! linked to them, and its claims as rows of the claims table. `corpus_index.rs` keeps them
//! from one state of the corpus to the next.

use std::collections::HashMap;
use std::rc::Rc;

use super::claims::{doc_claim_rows, ClaimRow};
use super::entry::DocEntry;
use super::labels::{label_counts, LabelSchema, Role};
use super::names::{collapsed_name, mention_name, normalize_name, EXTERNAL_ID, TYPE};
use super::relation::RelationKind;
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
    pub claims: Vec<ClaimRow>,
}

impl DocFacts {
    /// The facts of `entry` under `schema`.
    pub fn of(entry: &Rc<DocEntry>, schema: &LabelSchema) -> DocFacts {
        let entity = schema.role_id(Role::Entity);
        let text = entry.doc.index();
        let mut mentions = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for (i, span) in entry.spans.iter().enumerate() {
            if span.label != entity {
                continue;
            }
            let written = text.slice(span.start, span.end);
            let name = mention_name(span, written);
            let mut key = normalize_name(name);
            if key.is_empty() {
                key = name.to_owned();
            }
            at.insert(span.id.0.as_str(), mentions.len());
            mentions.push(MentionFact {
                span: i,
                collapsed: Rc::from(collapsed_name(&key)),
                key: Rc::from(key),
                name: Rc::from(name),
                spelling: Rc::from(normalize_name(written)),
                kind: span.attrs.get(TYPE).map(Rc::from),
                external_id: span.attrs.get(EXTERNAL_ID).map(|id| Rc::from(id.trim())),
            });
        }
        let links = entry
            .relations
            .iter()
            .filter(|r| matches!(r.kind, RelationKind::SaidBy | RelationKind::Claimant))
            .filter_map(|r| {
                let to = *at.get(r.to.0.as_str())?;
                let from = entry.span_index(&r.from)?;
                Some(LinkFact {
                    kind: r.kind,
                    from,
                    to,
                })
            })
            .collect();
        let mut claims = Vec::new();
        doc_claim_rows(schema.role_id(Role::Claim), entry, &mut claims);
        DocFacts {
            entry: Rc::clone(entry),
            counts: label_counts(schema, &entry.spans),
            mentions,
            links,
            claims,
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
