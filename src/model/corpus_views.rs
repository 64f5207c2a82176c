//! What the corpus views show, from each document's facts (`facts.rs`): spans per label, the
//! people cards with their mentions in context (worked out from scratch here; the app keeps
//! them in `people_index.rs`, tested against these), and the claims table's rows (`claims.rs`).
//! The components in `src/app` only draw these.

use std::rc::Rc;

pub use super::claims::{
    claim_view, CheckFilter, ClaimColumn, ClaimRow, ClaimSort, CHECKWORTHY, VERDICT,
};
use super::document::DocId;
use super::entities::{merge_suggestions, placed_cards, At, CardSummary, MergeReason, PlacedCard};
use super::facts::DocFacts;
pub use super::labels::label_counts;
use super::sort::sort_with;
use super::span::SpanId;
use super::store::Corpus;
use super::words::{context, excerpt};

/// [`label_counts`] over every document of the corpus, from each document's facts.
pub fn corpus_label_counts(facts: &[Rc<DocFacts>]) -> Vec<usize> {
    let mut total: Vec<usize> = Vec::new();
    for f in facts {
        if total.len() < f.counts.len() {
            total.resize(f.counts.len(), 0);
        }
        for (t, n) in total.iter_mut().zip(&f.counts) {
            *t += n;
        }
    }
    total
}

/// A span shown in a corpus view: where it is, and its text (with the words around it for an
/// entity's mention).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanView {
    pub doc: DocId,
    pub span: SpanId,
    /// The document's title.
    pub title: String,
    pub text: String,
    pub before: String,
    pub after: String,
}

/// Longest span text shown in a view, in characters.
pub const EXCERPT_CHARS: usize = 160;
/// Characters of context on each side of a mention.
pub const CONTEXT_CHARS: usize = 48;

/// The spans at `places` as a view shows them, at most `limit` (in their order); with the words
/// around each when `with_context`. Places are those of `corpus`'s cards ([`At`]); one that is
/// not there is left out.
pub fn span_views(
    corpus: &Corpus,
    places: &[At],
    limit: usize,
    with_context: bool,
) -> Vec<SpanView> {
    let entries = corpus.entries();
    places
        .iter()
        .filter_map(|at| {
            let e = entries.get(at.doc)?;
            let span = e.spans.get(at.span)?;
            let text = e.doc.index();
            let (before, after) = if with_context {
                context(&text, span.start, span.end, CONTEXT_CHARS)
            } else {
                Default::default()
            };
            Some(SpanView {
                doc: e.doc.id.clone(),
                span: span.id.clone(),
                title: e.doc.title.clone(),
                text: excerpt(text.slice(span.start, span.end), EXCERPT_CHARS),
                before,
                after,
            })
        })
        .take(limit)
        .collect()
}

/// A merge offered on a card: this card's mentions would take `keep`'s name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub keep: CardSummary,
    pub reason: MergeReason,
}

/// An entity card as the People view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonCard {
    /// Its spans are places in the corpus it was made from (drawn with [`span_views`], a page
    /// at a time); its spellings are what "Find people" matches.
    pub card: Rc<PlacedCard>,
    /// How many documents mention it.
    pub docs: usize,
    /// Cards it may be the same entity as, where this card is the one to rename.
    pub suggestions: Vec<Suggestion>,
}

/// Every entity card of the corpus ([`placed_cards`], from each document's facts, in corpus
/// order) with its merge suggestions; the most mentioned first (then by name).
#[must_use]
pub fn person_cards(facts: &[Rc<DocFacts>]) -> Vec<PersonCard> {
    let cards: Vec<Rc<PlacedCard>> = placed_cards(facts).into_iter().map(Rc::new).collect();
    let mut suggested: Vec<Vec<Suggestion>> = vec![Vec::new(); cards.len()];
    for s in merge_suggestions(&cards) {
        suggested[s.merge].push(Suggestion {
            keep: cards[s.keep].summary(),
            reason: s.reason,
        });
    }
    let mut out: Vec<PersonCard> = cards
        .into_iter()
        .zip(suggested)
        .map(|(card, suggestions)| {
            let m = &card.mentions;
            let docs = (0..m.len())
                .filter(|&i| i == 0 || m[i - 1].doc != m[i].doc)
                .count();
            PersonCard {
                card,
                docs,
                suggestions,
            }
        })
        .collect();
    sort_with(&mut out, &|a, b| {
        let (a, b) = (&a.card, &b.card);
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// Whether a card is found by `query` (already [`normalize_name`]d): one of its spellings
/// contains it. Every card is found by an empty query.
pub fn card_matches(card: &PersonCard, query: &str) -> bool {
    query.is_empty()
        || card
            .card
            .spellings
            .iter()
            .any(|k| super::find::contains(k, query))
}

/// Every claim of the corpus, in corpus and text order (from each document's facts).
#[must_use]
pub fn claim_rows(facts: &[Rc<DocFacts>]) -> Vec<&ClaimRow> {
    facts
        .iter()
        .flat_map(|f| f.claims.iter().map(|c| &**c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::entities::{normalize_name, CANONICAL};
    use crate::model::facts::facts_of;
    use crate::model::Role;
    use crate::model::{Edit, LabelSpec, Relation, RelationId, Workspace};
    use crate::model::{LabelSchema, RelationKind, Span};

    fn span(id: &str, text: &str, needle: &str, label: &str) -> Span {
        let byte = text.find(needle).expect(needle);
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
            annotator: Default::default(),
        }
    }

    const A: &str = "Grain\n\nZoë Adeyemi said exports fell 40% last year. Ports reopened in May.\n\nThe ministry said the ports are safe.";
    const B: &str = "Ports\n\nAdeyemi claims harvests doubled. Farmers in Þórsmörk said nothing.";

    /// Two articles: claims with claimants, check-worthiness and verdicts; entities spelled
    /// two ways.
    fn corpus() -> Workspace {
        corpus_labelled(["quote", "claim", "entity"])
    }

    /// The same corpus, with these ids for the labels that play the quote, claim and entity
    /// roles.
    fn corpus_labelled(names: [&str; 3]) -> Workspace {
        let mut ws = Workspace::new(vec![parse_article(A, "a.md"), parse_article(B, "b.md")]);
        let ids: Vec<DocId> = ws.entries().iter().map(|e| e.doc.id.clone()).collect();
        let [quote, claim, entity] = names;
        if names != ["quote", "claim", "entity"] {
            let labels = LabelSchema::default()
                .labels()
                .iter()
                .zip(names)
                .map(|(l, id)| {
                    let mut l = l.clone();
                    l.role = l.role.or(Role::from_id(&l.id));
                    l.id = id.to_owned();
                    l.name = id.to_owned();
                    l
                })
                .collect();
            let schema = LabelSchema::new(labels).expect("a schema");
            ws.edit(Edit::Schema(crate::model::SchemaEdit::Replace(Rc::new(
                schema,
            ))))
            .unwrap();
        }
        let (quote, claim, entity) = (quote, claim, entity);
        let add = |ws: &mut Workspace, d: usize, s: Span| {
            ws.edit(Edit::add_span(ids[d].clone(), s)).unwrap()
        };
        add(&mut ws, 0, span("z", A, "Zoë Adeyemi", entity));
        add(
            &mut ws,
            0,
            span("c1", A, "exports fell 40% last year", claim),
        );
        add(&mut ws, 0, span("c2", A, "Ports reopened in May", claim));
        add(&mut ws, 0, span("m", A, "The ministry", entity));
        add(&mut ws, 0, span("c3", A, "the ports are safe", claim));
        add(&mut ws, 0, span("q", A, "the ports are safe.", quote));
        add(&mut ws, 1, span("a", B, "Adeyemi", entity));
        add(&mut ws, 1, span("c4", B, "harvests doubled", claim));
        let set = |ws: &mut Workspace, d: usize, id: &str, key: &str, value: &str| {
            ws.edit(Edit::set_attr(
                ids[d].clone(),
                SpanId(id.into()),
                key.into(),
                Some(value.into()),
                None,
            ))
            .unwrap()
        };
        set(&mut ws, 0, "c1", CHECKWORTHY, "check-worthy");
        set(&mut ws, 0, "c1", VERDICT, "False: they rose");
        set(&mut ws, 0, "c2", CHECKWORTHY, "not check-worthy");
        set(&mut ws, 1, "c4", CHECKWORTHY, "check-worthy");
        set(&mut ws, 0, "m", CANONICAL, "Ministry of Trade");
        let link = |ws: &mut Workspace, d: usize, kind, id: &str, from: &str, to: &str| {
            ws.edit(Edit::add_relation(
                ids[d].clone(),
                Relation {
                    id: RelationId(id.into()),
                    kind,
                    from: SpanId(from.into()),
                    to: SpanId(to.into()),
                },
            ))
            .unwrap()
        };
        link(&mut ws, 0, RelationKind::Claimant, "r1", "c1", "z");
        link(&mut ws, 0, RelationKind::Claimant, "r2", "c3", "m");
        link(&mut ws, 0, RelationKind::SaidBy, "r3", "q", "m");
        link(&mut ws, 1, RelationKind::Claimant, "r4", "c4", "a");
        ws
    }

    #[test]
    fn the_views_follow_the_labels_that_play_the_roles_whatever_their_ids() {
        let usual = corpus();
        let renamed = corpus_labelled(["said", "assertion", "person"]);
        assert_eq!(renamed.corpus().schema().role_id(Role::Entity), "person");
        let names = |ws: &Workspace| -> Vec<(String, usize, usize)> {
            person_cards(&facts_of(ws.corpus()))
                .iter()
                .map(|c| {
                    (
                        c.card.name.to_string(),
                        c.card.quotes.len(),
                        c.card.claims.len(),
                    )
                })
                .collect()
        };
        assert_eq!(names(&renamed), names(&usual));
        assert!(!names(&renamed).is_empty());
        let claims = |ws: &Workspace| -> Vec<(String, Option<String>)> {
            claim_rows(&facts_of(ws.corpus()))
                .into_iter()
                .map(|r| (r.text.clone(), r.claimant.clone()))
                .collect()
        };
        assert_eq!(claims(&renamed), claims(&usual));
        assert_eq!(claims(&renamed).len(), 4);
    }

    #[test]
    fn labels_are_counted_in_one_pass_by_schema_position() {
        let ws = corpus();
        let schema = ws.corpus().schema();
        assert_eq!(label_counts(schema, &ws.entries()[0].spans), [1, 3, 2]);
        assert_eq!(label_counts(schema, &ws.entries()[1].spans), [0, 1, 1]);
        assert_eq!(corpus_label_counts(&facts_of(ws.corpus())), [1, 4, 3]);
        // A label the schema lacks is not counted; an added one has its place.
        let mut labels = schema.labels().to_vec();
        labels.insert(0, LabelSpec::new("source", "Source", "#cc79a7"));
        let wider = LabelSchema::new(labels).unwrap();
        let mut spans = ws.entries()[0].spans.to_vec();
        Rc::make_mut(&mut spans[0]).label = "source".into();
        Rc::make_mut(&mut spans[1]).label = "gone".into();
        // z (entity) → source, c1 (claim) → gone: left c2, m, q, c3.
        assert_eq!(label_counts(&wider, &spans), [1, 1, 2, 1]);
        assert_eq!(
            label_counts(&LabelSchema::empty(), &spans),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn claim_rows_carry_claimants_check_worthiness_and_verdicts() {
        let ws = corpus();
        let facts = facts_of(ws.corpus());
        let rows = claim_rows(&facts);
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.text.as_str(),
                    r.title.as_str(),
                    r.claimant.as_deref(),
                    r.checkworthy.as_deref(),
                    r.verdict.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "exports fell 40% last year",
                    "Grain",
                    Some("Zoë Adeyemi"),
                    Some("check-worthy"),
                    Some("False: they rose")
                ),
                (
                    "Ports reopened in May",
                    "Grain",
                    None,
                    Some("not check-worthy"),
                    None
                ),
                (
                    "the ports are safe",
                    "Grain",
                    Some("Ministry of Trade"),
                    None,
                    None
                ),
                (
                    "harvests doubled",
                    "Ports",
                    Some("Adeyemi"),
                    Some("check-worthy"),
                    None
                ),
            ]
        );
        assert_eq!(rows[3].span.0, "c4");
        assert_eq!(rows[3].doc, ws.entries()[1].doc.id);
    }

    #[test]
    fn claims_sort_by_any_column_with_empty_values_last() {
        let ws = corpus();
        let facts = facts_of(ws.corpus());
        let rows = claim_rows(&facts);
        let spans = |shown: Vec<usize>| -> Vec<&str> {
            shown.iter().map(|&i| rows[i].span.0.as_str()).collect()
        };
        let any = CheckFilter::Any;
        assert_eq!(
            spans(claim_view(&rows, "", &any, ClaimSort::default())),
            ["c1", "c2", "c3", "c4"]
        );
        let by_claimant = ClaimSort::default().click(ClaimColumn::Claimant);
        assert_eq!(by_claimant.aria(ClaimColumn::Claimant), "ascending");
        assert_eq!(by_claimant.aria(ClaimColumn::Claim), "none");
        // Adeyemi, Ministry of Trade, Zoë Adeyemi (accents do not matter), then the claim
        // without a claimant.
        assert_eq!(
            spans(claim_view(&rows, "", &any, by_claimant)),
            ["c4", "c3", "c1", "c2"]
        );
        let down = by_claimant.click(ClaimColumn::Claimant);
        assert_eq!(down.aria(ClaimColumn::Claimant), "descending");
        assert_eq!(
            spans(claim_view(&rows, "", &any, down)),
            ["c1", "c3", "c4", "c2"]
        );
        assert!(!down.click(ClaimColumn::Claimant).descending);
        // Another column starts ascending; equal values keep corpus order.
        let by_check = down.click(ClaimColumn::CheckWorthiness);
        assert!(!by_check.descending);
        assert_eq!(
            spans(claim_view(&rows, "", &any, by_check)),
            ["c1", "c4", "c2", "c3"]
        );
        let by_text = ClaimSort::default().click(ClaimColumn::Claim);
        assert_eq!(
            spans(claim_view(&rows, "", &any, by_text)),
            ["c1", "c4", "c2", "c3"]
        );
        let by_doc = ClaimSort::default()
            .click(ClaimColumn::Document)
            .click(ClaimColumn::Document);
        assert_eq!(
            spans(claim_view(&rows, "", &any, by_doc)),
            ["c4", "c1", "c2", "c3"]
        );
    }

    #[test]
    fn claims_filter_by_text_and_check_worthiness() {
        let ws = corpus();
        let facts = facts_of(ws.corpus());
        let rows = claim_rows(&facts);
        let spans = |shown: Vec<usize>| -> Vec<&str> {
            shown.iter().map(|&i| rows[i].span.0.as_str()).collect()
        };
        let none = ClaimSort::default();
        // Any column: the claim, its document, its claimant, its verdict.
        let any = CheckFilter::Any;
        // "exports" contains "ports"; the fourth is found by its document's title.
        assert_eq!(
            spans(claim_view(&rows, "PORTS", &any, none)),
            ["c1", "c2", "c3", "c4"]
        );
        assert_eq!(spans(claim_view(&rows, "Reopened", &any, none)), ["c2"]);
        assert_eq!(
            spans(claim_view(&rows, "grain", &any, none)),
            ["c1", "c2", "c3"]
        );
        assert_eq!(spans(claim_view(&rows, "zoe", &any, none)), ["c1"]);
        assert_eq!(spans(claim_view(&rows, " they  ROSE ", &any, none)), ["c1"]);
        assert!(claim_view(&rows, "nothing like it", &any, none).is_empty());
        let worthy = CheckFilter::Is("check-worthy".into());
        assert_eq!(spans(claim_view(&rows, "", &worthy, none)), ["c1", "c4"]);
        assert_eq!(spans(claim_view(&rows, "harvest", &worthy, none)), ["c4"]);
        assert_eq!(
            spans(claim_view(&rows, "", &CheckFilter::Unset, none)),
            ["c3"]
        );
        let by_claimant = none.click(ClaimColumn::Claimant);
        assert_eq!(
            spans(claim_view(&rows, "", &worthy, by_claimant)),
            ["c4", "c1"]
        );
    }

    #[test]
    fn person_cards_show_mentions_in_context_quotes_claims_and_merges() {
        let ws = corpus();
        let cards = person_cards(&facts_of(ws.corpus()));
        let names: Vec<&str> = cards.iter().map(|c| &*c.card.name).collect();
        assert_eq!(names, ["Adeyemi", "Ministry of Trade", "Zoë Adeyemi"]);
        let ministry = &cards[1];
        let mentions = span_views(ws.corpus(), &ministry.card.mentions, 10, true);
        assert_eq!(mentions[0].text, "The ministry");
        assert_eq!(mentions[0].after, " said the ports are safe.");
        assert_eq!(mentions[0].title, "Grain");
        let quotes = span_views(ws.corpus(), &ministry.card.quotes, 10, false);
        assert_eq!(quotes[0].text, "the ports are safe.");
        assert_eq!(quotes[0].before, "");
        let claims = span_views(ws.corpus(), &ministry.card.claims, 10, false);
        assert_eq!(claims[0].span.0, "c3");
        assert_eq!(ministry.card.card(ws.corpus()).claims[0].span.0, "c3");
        let spellings: Vec<&str> = ministry.card.spellings.iter().map(|s| &**s).collect();
        assert_eq!(spellings, ["ministry of trade", "the ministry"]);
        // "Adeyemi" may be "Zoë Adeyemi": the shorter name is the one to rename.
        assert_eq!(cards[0].suggestions.len(), 1);
        assert_eq!(&*cards[0].suggestions[0].keep.name, "Zoë Adeyemi");
        assert_eq!(cards[0].suggestions[0].reason, MergeReason::ShorterName);
        assert!(cards[2].suggestions.is_empty());
        assert_eq!(cards[2].docs, 1);
        // Found by any spelling, without accents or case.
        let query = normalize_name("ZOE");
        let found: Vec<&str> = cards
            .iter()
            .filter(|c| card_matches(c, &query))
            .map(|c| &*c.card.name)
            .collect();
        assert_eq!(found, ["Zoë Adeyemi"]);
        assert!(card_matches(&cards[1], &normalize_name("the MINISTRY")));
        assert!(cards.iter().all(|c| card_matches(c, "")));
    }
}
