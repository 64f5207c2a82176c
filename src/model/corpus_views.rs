//! What the corpus views show, as pure functions over the corpus: spans per label (one pass
//! over the spans), the people cards with their mentions in context, and the claims table's
//! rows, sorted and filtered. The components in `src/app` only draw these.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

use super::document::DocId;
use super::entities::{entity_cards, merge_suggestions, normalize_name, EntityCard, Mention};
use super::entities::{MergeReason, CANONICAL};
use super::entry::DocEntry;
use super::labels::{LabelSchema, Role};
use super::relation::RelationKind;
use super::sort::{reorder, sort_indices};
use super::span::{Span, SpanId};
use super::store::Corpus;
use super::text::CpIndex;
use super::words::{context, excerpt, flat};

/// The attributes of the label with the claim role.
pub const CHECKWORTHY: &str = "checkworthy";
pub const VERDICT: &str = "verdict";

/// Spans per label of `schema` (by the label's position), counted in one pass over `spans`.
/// Spans of a label the schema lacks are not counted.
#[must_use]
pub fn label_counts(schema: &LabelSchema, spans: &[Rc<Span>]) -> Vec<usize> {
    let labels = schema.labels();
    let mut counts = vec![0; labels.len()];
    // Neighbouring spans often share a label: its place is looked up again only on a change.
    let mut last: Option<(&str, usize)> = None;
    for span in spans {
        let at = match last {
            Some((id, at)) if id == span.label => Some(at),
            _ => labels.iter().position(|l| l.id == span.label),
        };
        if let Some(at) = at {
            counts[at] += 1;
            last = Some((&span.label, at));
        }
    }
    counts
}

/// [`label_counts`] over every document of the corpus.
pub fn corpus_label_counts(corpus: &Corpus) -> Vec<usize> {
    let mut total = vec![0; corpus.schema().len()];
    for entry in corpus.entries().iter() {
        for (t, n) in total
            .iter_mut()
            .zip(label_counts(corpus.schema(), &entry.spans))
        {
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

/// The spans of every document found by id: each document's span positions sorted by id
/// (a document's spans are kept in text order), so a look-up is a binary search, not a scan.
struct ById<'c> {
    corpus: &'c Corpus,
    order: Vec<Vec<usize>>,
    /// Each document's place in the corpus, by id (the corpus's own look-up is a scan, which
    /// for every mention of 5,000 articles took seconds).
    docs: HashMap<&'c str, usize>,
}

impl<'c> ById<'c> {
    fn new(corpus: &'c Corpus) -> Self {
        let order = corpus
            .entries()
            .iter()
            .map(|e| {
                let mut order: Vec<usize> = (0..e.spans.len()).collect();
                sort_indices(&mut order, &|a, b| e.spans[a].id.cmp(&e.spans[b].id));
                order
            })
            .collect();
        let docs = corpus
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.doc.id.0.as_str(), i))
            .collect();
        ById {
            corpus,
            order,
            docs,
        }
    }

    /// The place of document `id` in the corpus.
    fn index_of(&self, id: &DocId) -> Option<usize> {
        self.docs.get(id.0.as_str()).copied()
    }

    /// The document at `doc` (an index into the corpus) and its span `id`.
    fn find(&self, doc: usize, id: &SpanId) -> Option<(&'c DocEntry, &'c Span)> {
        let entry: &'c DocEntry = self.corpus.entries().get(doc)?;
        let order = self.order.get(doc)?;
        let at = order
            .binary_search_by(|&i| entry.spans[i].id.cmp(id))
            .ok()?;
        Some((entry, &entry.spans[order[at]]))
    }
}

/// `mentions` as shown, in their order; those whose document or span is gone are left out.
fn span_views(spans: &ById, mentions: &[Mention], with_context: bool) -> Vec<SpanView> {
    let mut out = Vec::with_capacity(mentions.len());
    let mut doc: Option<(&DocId, usize)> = None;
    for m in mentions {
        if doc.is_none_or(|(id, _)| *id != m.doc) {
            doc = spans.index_of(&m.doc).map(|at| (&m.doc, at));
        }
        let Some((e, span)) = doc.and_then(|(_, at)| spans.find(at, &m.span)) else {
            continue;
        };
        let text = e.doc.index();
        let (before, after) = if with_context {
            context(&text, span.start, span.end, CONTEXT_CHARS)
        } else {
            Default::default()
        };
        out.push(SpanView {
            doc: m.doc.clone(),
            span: m.span.clone(),
            title: e.doc.title.clone(),
            text: excerpt(text.slice(span.start, span.end), EXCERPT_CHARS),
            before,
            after,
        });
    }
    out
}

/// A merge offered on a card: this card's mentions would take `keep`'s name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// Shared: one card may be offered to many (cloning it for each took a second at 5,000
    /// articles).
    pub keep: Rc<EntityCard>,
    pub reason: MergeReason,
}

/// An entity card as the People view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonCard {
    pub card: EntityCard,
    /// Normalised spellings it is found by: its key and every mention's own spelling.
    pub keys: Vec<String>,
    /// Its mentions in corpus and text order (so grouped by document).
    pub mentions: Vec<SpanView>,
    pub quotes: Vec<SpanView>,
    pub claims: Vec<SpanView>,
    /// How many documents mention it.
    pub docs: usize,
    /// Cards it may be the same entity as, where this card is the one to rename.
    pub suggestions: Vec<Suggestion>,
}

/// Every entity card of the corpus ([`entity_cards`]) with its mentions, quotes and claims to
/// show and its merge suggestions; the most mentioned first (then by name).
#[must_use]
pub fn person_cards(corpus: &Corpus) -> Vec<PersonCard> {
    let cards = entity_cards(corpus);
    let mut suggested: Vec<Vec<Suggestion>> = vec![Vec::new(); cards.len()];
    // Each card offered as the one to keep, copied once.
    let mut shared: Vec<Option<Rc<EntityCard>>> = vec![None; cards.len()];
    for s in merge_suggestions(&cards) {
        let keep = shared[s.keep].get_or_insert_with(|| Rc::new(cards[s.keep].clone()));
        suggested[s.merge].push(Suggestion {
            keep: Rc::clone(keep),
            reason: s.reason,
        });
    }
    let by_id = ById::new(corpus);
    let out: Vec<PersonCard> = cards
        .into_iter()
        .zip(suggested)
        .map(|(card, suggestions)| {
            let mentions = span_views(&by_id, &card.mentions, true);
            let mut keys = vec![card.key.clone()];
            for m in &mentions {
                let key = normalize_name(&m.text);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            let docs = mentions
                .iter()
                .enumerate()
                .filter(|(i, m)| *i == 0 || mentions[i - 1].doc != m.doc)
                .count();
            PersonCard {
                keys,
                quotes: span_views(&by_id, &card.quotes, false),
                claims: span_views(&by_id, &card.claims, false),
                mentions,
                docs,
                suggestions,
                card,
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..out.len()).collect();
    sort_indices(&mut order, &|a, b| {
        let (a, b) = (&out[a].card, &out[b].card);
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.key.cmp(&b.key))
    });
    reorder(out, &order)
}

/// Whether a card is found by `query` (already [`normalize_name`]d): one of its spellings
/// contains it. Every card is found by an empty query.
pub fn card_matches(card: &PersonCard, query: &str) -> bool {
    query.is_empty() || card.keys.iter().any(|k| k.contains(query))
}

/// A column of the claims table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimColumn {
    Claim,
    Document,
    Claimant,
    CheckWorthiness,
    Verdict,
}

impl ClaimColumn {
    pub const ALL: [ClaimColumn; 5] = [
        ClaimColumn::Claim,
        ClaimColumn::Document,
        ClaimColumn::Claimant,
        ClaimColumn::CheckWorthiness,
        ClaimColumn::Verdict,
    ];

    /// Its header.
    pub fn name(self) -> &'static str {
        match self {
            ClaimColumn::Claim => "Claim",
            ClaimColumn::Document => "Document",
            ClaimColumn::Claimant => "Claimant",
            ClaimColumn::CheckWorthiness => "Check-worthiness",
            ClaimColumn::Verdict => "Verdict",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One claim of the corpus, a row of the claims table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRow {
    pub doc: DocId,
    pub span: SpanId,
    pub title: String,
    /// The claim's text on one line (cut when very long).
    pub text: String,
    /// The names of the entities its `claimant` relations point to (their canonical name,
    /// else their text), joined with ", ".
    pub claimant: Option<String>,
    pub checkworthy: Option<String>,
    pub verdict: Option<String>,
    /// The columns' values normalised ([`normalize_name`]): what sorting and the filter
    /// compare.
    keys: [String; 5],
}

impl ClaimRow {
    /// The row's value in `column` as shown ("" when it has none).
    pub fn value(&self, column: ClaimColumn) -> &str {
        match column {
            ClaimColumn::Claim => &self.text,
            ClaimColumn::Document => &self.title,
            ClaimColumn::Claimant => self.claimant.as_deref().unwrap_or(""),
            ClaimColumn::CheckWorthiness => self.checkworthy.as_deref().unwrap_or(""),
            ClaimColumn::Verdict => self.verdict.as_deref().unwrap_or(""),
        }
    }
}

/// An entity's name: its canonical name, else its text.
fn entity_name(span: &Span, text: &CpIndex) -> String {
    let name = span
        .attrs
        .get(CANONICAL)
        .unwrap_or_else(|| text.slice(span.start, span.end));
    flat(name.trim())
}

/// The rows of one document's claims, in text order.
fn doc_claim_rows(claim: &str, entry: &DocEntry, out: &mut Vec<ClaimRow>) {
    let text = entry.doc.index();
    // Each claimant relation's claim and its entity's name. Relations are made one by one by
    // hand, so a document has few: a look-up each is cheap, and no sort is needed.
    let claimants: Vec<(&SpanId, String)> = entry
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Claimant)
        .filter_map(|r| Some((&r.from, entity_name(entry.span(&r.to)?, &text))))
        .collect();
    for span in entry.spans.iter().filter(|s| s.label == claim) {
        let names: Vec<&str> = claimants
            .iter()
            .filter(|(from, _)| *from == &span.id)
            .map(|(_, name)| name.as_str())
            .collect();
        let claimant = (!names.is_empty()).then(|| names.join(", "));
        let attr = |key: &str| span.attrs.get(key).map(str::to_owned);
        let mut row = ClaimRow {
            doc: entry.doc.id.clone(),
            span: span.id.clone(),
            title: entry.doc.title.clone(),
            text: excerpt(text.slice(span.start, span.end), 400),
            claimant,
            checkworthy: attr(CHECKWORTHY),
            verdict: attr(VERDICT),
            keys: Default::default(),
        };
        for column in ClaimColumn::ALL {
            row.keys[column.index()] = normalize_name(row.value(column));
        }
        out.push(row);
    }
}

/// Every claim of the corpus, in corpus and text order.
#[must_use]
pub fn claim_rows(corpus: &Corpus) -> Vec<ClaimRow> {
    let mut rows = Vec::new();
    let claim = corpus.schema().role_id(Role::Claim);
    for entry in corpus.entries().iter() {
        doc_claim_rows(claim, entry, &mut rows);
    }
    rows
}

/// How the claims table is sorted: by a column (`None`: corpus order), up or down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimSort {
    pub column: Option<ClaimColumn>,
    pub descending: bool,
}

impl ClaimSort {
    /// The sort after a click on `column`'s header: that column ascending, or the other way
    /// round when it is already sorted by it.
    pub fn click(self, column: ClaimColumn) -> ClaimSort {
        ClaimSort {
            column: Some(column),
            descending: self.column == Some(column) && !self.descending,
        }
    }

    /// `aria-sort` of `column`'s header.
    pub fn aria(self, column: ClaimColumn) -> &'static str {
        match (self.column == Some(column), self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
}

/// Which check-worthiness the claims table shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CheckFilter {
    #[default]
    Any,
    /// Claims without a value.
    Unset,
    /// Claims with this value.
    Is(String),
}

/// The rows to show (indices into `rows`): those that pass the filters, in the sort's order.
/// `query` matches a row when one of its columns contains it (both normalised: case, accents
/// and white space do not matter). Rows without a value in the sorted column come last either
/// way; equal values keep corpus order.
#[must_use]
pub fn claim_view(
    rows: &[ClaimRow],
    query: &str,
    check: &CheckFilter,
    sort: ClaimSort,
) -> Vec<usize> {
    let query = normalize_name(query);
    let mut shown: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| match check {
            CheckFilter::Any => true,
            CheckFilter::Unset => r.checkworthy.is_none(),
            CheckFilter::Is(v) => r.checkworthy.as_deref() == Some(v.as_str()),
        })
        .filter(|(_, r)| query.is_empty() || r.keys.iter().any(|k| k.contains(&query)))
        .map(|(i, _)| i)
        .collect();
    if let Some(column) = sort.column {
        let c = column.index();
        sort_indices(&mut shown, &|a, b| {
            let (ka, kb) = (&rows[a].keys[c], &rows[b].keys[c]);
            match (ka.is_empty(), kb.is_empty()) {
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ if sort.descending => kb.cmp(ka),
                _ => ka.cmp(kb),
            }
        });
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::{Edit, LabelSpec, Relation, RelationId, Workspace};

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
            person_cards(ws.corpus())
                .iter()
                .map(|c| (c.card.name.clone(), c.quotes.len(), c.claims.len()))
                .collect()
        };
        assert_eq!(names(&renamed), names(&usual));
        assert!(!names(&renamed).is_empty());
        let claims = |ws: &Workspace| -> Vec<(String, Option<String>)> {
            claim_rows(ws.corpus())
                .into_iter()
                .map(|r| (r.text, r.claimant))
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
        assert_eq!(corpus_label_counts(ws.corpus()), [1, 4, 3]);
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
        let rows = claim_rows(ws.corpus());
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
        let rows = claim_rows(ws.corpus());
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
        let rows = claim_rows(ws.corpus());
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
        let cards = person_cards(ws.corpus());
        let names: Vec<&str> = cards.iter().map(|c| c.card.name.as_str()).collect();
        assert_eq!(names, ["Adeyemi", "Ministry of Trade", "Zoë Adeyemi"]);
        let ministry = &cards[1];
        assert_eq!(ministry.mentions[0].text, "The ministry");
        assert_eq!(ministry.mentions[0].after, " said the ports are safe.");
        assert_eq!(ministry.mentions[0].title, "Grain");
        assert_eq!(ministry.quotes[0].text, "the ports are safe.");
        assert_eq!(ministry.claims[0].span.0, "c3");
        assert_eq!(ministry.keys, ["ministry of trade", "the ministry"]);
        // "Adeyemi" may be "Zoë Adeyemi": the shorter name is the one to rename.
        assert_eq!(cards[0].suggestions.len(), 1);
        assert_eq!(cards[0].suggestions[0].keep.name, "Zoë Adeyemi");
        assert_eq!(cards[0].suggestions[0].reason, MergeReason::ShorterName);
        assert!(cards[2].suggestions.is_empty());
        assert_eq!(cards[2].docs, 1);
        // Found by any spelling, without accents or case.
        let query = normalize_name("ZOE");
        let found: Vec<&str> = cards
            .iter()
            .filter(|c| card_matches(c, &query))
            .map(|c| c.card.name.as_str())
            .collect();
        assert_eq!(found, ["Zoë Adeyemi"]);
        assert!(card_matches(&cards[1], &normalize_name("the MINISTRY")));
        assert!(cards.iter().all(|c| card_matches(c, "")));
    }
}
