//! Entities across articles: entity spans of every document grouped into cards by a normalised
//! name (their `canonical` attribute, else their text), with the quotes attributed to them
//! (`said_by`) and the claims they make (`claimant`), and suggestions of cards that are
//! probably one entity spelled two ways. Pure functions over the corpus.
//!
//! Names are normalised and collapsed as `names.rs` says.
//!
//! **Merge suggestions** (never applied by themselves), between cards whose types do not differ
//! and whose external ids do not differ:
//! - the same external id;
//! - the same name but for one doubled letter written once, in names of at least 6 letters
//!   (`zelenskyy` / `zelensky`, `gaddafi` / `gadafi`). Any other one-letter difference is not
//!   enough: `zelenska` and `zelensky` are different people (name endings change with gender in
//!   many languages), and accents are already gone from both;
//! - one name's words are the last words of the other's (`zelensky` / `volodymyr zelensky`),
//!   words compared as above. The longer name is kept.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use super::document::DocId;
use super::edit::Edit;
use super::error::EditError;
use super::facts::{facts_of, DocFacts, LinkFact, MentionFact};
use super::labels::Role;
pub use super::names::{collapsed, collapsed_name, normalize_name, CANONICAL, EXTERNAL_ID, TYPE};
use super::relation::RelationKind;
use super::sort::sort_with;
use super::span::SpanId;
use super::store::Corpus;

/// A span of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub doc: DocId,
    pub span: SpanId,
}

/// One entity across the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityCard {
    /// The normalised name ([`normalize_name`]) its mentions share.
    pub key: String,
    /// The most common way its mentions write it (their canonical name, else their text).
    pub name: String,
    /// The most common `type` among its mentions.
    pub kind: Option<String>,
    /// The most common `external_id` among its mentions.
    pub external_id: Option<String>,
    /// Its entity spans, in corpus and text order.
    pub mentions: Vec<Mention>,
    /// Quotes whose speaker (`said_by`) is one of its mentions.
    pub quotes: Vec<Mention>,
    /// Claims whose claimant is one of its mentions.
    pub claims: Vec<Mention>,
}

/// The value seen most often (the first seen among equals).
fn most_common<'a>(values: impl Iterator<Item = &'a Rc<str>>) -> Option<Rc<str>> {
    // Each distinct value with its count and first place. Most cards have one or two distinct
    // values, so a short list is searched; past 16 the list becomes a map.
    // The map holds each value's place in the list (a map of the app's usual key and value
    // types, `&str` to `usize`: each new one copies the hash table code).
    let mut list: Vec<(&Rc<str>, usize, usize)> = Vec::new();
    let mut map: HashMap<&str, usize> = HashMap::new();
    for (i, v) in values.enumerate() {
        let at = if map.is_empty() {
            list.iter().position(|(w, _, _)| *w == v)
        } else {
            map.get(&**v).copied()
        };
        match at {
            Some(k) => list[k].1 += 1,
            None => {
                list.push((v, 1, i));
                if !map.is_empty() {
                    map.insert(v, list.len() - 1);
                } else if list.len() > 16 {
                    for (k, (w, _, _)) in list.iter().enumerate() {
                        map.insert(w, k);
                    }
                }
            }
        }
    }
    list.into_iter()
        .max_by(|(_, n, i), (_, m, j)| n.cmp(m).then(j.cmp(i)))
        .map(|(v, _, _)| Rc::clone(v))
}

/// A span of the corpus by place: the document's place in the corpus, the span's in the
/// document's spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub doc: usize,
    pub span: usize,
}

/// An entity card by place: what [`EntityCard`] says, with its spans as places in one state of
/// the corpus (so a view finds them without a look-up, and nothing is copied per mention), and
/// the spellings it is found by. [`PlacedCard::card`] names its spans by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedCard {
    pub key: Rc<str>,
    pub name: Rc<str>,
    pub kind: Option<Rc<str>>,
    pub external_id: Option<Rc<str>>,
    /// Its key with each word [`collapsed`] (what merge suggestions group by).
    pub collapsed: Rc<str>,
    pub mentions: Vec<At>,
    pub quotes: Vec<At>,
    pub claims: Vec<At>,
    /// Its key, then each mention's text normalised, each once, in order of appearance.
    pub spellings: Vec<Rc<str>>,
}

/// Spans by id from their places in `corpus`.
fn by_id(corpus: &Corpus, places: &[At]) -> Vec<Mention> {
    let entries = corpus.entries();
    places
        .iter()
        .filter_map(|at| {
            let e = entries.get(at.doc)?;
            Some(Mention {
                doc: e.doc.id.clone(),
                span: e.spans.get(at.span)?.id.clone(),
            })
        })
        .collect()
}

impl PlacedCard {
    /// A card of `m`'s key, without mentions yet.
    pub(crate) fn new(m: &MentionFact) -> PlacedCard {
        PlacedCard {
            key: Rc::clone(&m.key),
            name: Rc::clone(&m.name),
            kind: None,
            external_id: None,
            collapsed: Rc::clone(&m.collapsed),
            mentions: Vec::new(),
            quotes: Vec::new(),
            claims: Vec::new(),
            spellings: vec![Rc::clone(&m.key)],
        }
    }

    /// Its next mention (corpus and text order): `m` of the document at place `doc`.
    pub(crate) fn push_mention(&mut self, doc: usize, m: &MentionFact) {
        if !self.spellings.contains(&m.spelling) {
            self.spellings.push(Rc::clone(&m.spelling));
        }
        self.mentions.push(At { doc, span: m.span });
    }

    /// A quote or claim linked to one of its mentions in the document at place `doc` (after
    /// the mentions of the documents before it).
    pub(crate) fn push_link(&mut self, doc: usize, link: &LinkFact) {
        let list = match link.kind {
            RelationKind::SaidBy => &mut self.quotes,
            RelationKind::Claimant => &mut self.claims,
            RelationKind::Cue => return,
        };
        // Once each (a claim can name two mentions of one entity); only this document's can
        // repeat it, and they are last.
        let at = At {
            doc,
            span: link.from,
        };
        if !list
            .iter()
            .rev()
            .take_while(|a| a.doc == doc)
            .any(|a| *a == at)
        {
            list.push(at);
        }
    }

    /// Its name, type and external id: the most common among `seen`, its mentions in order.
    pub(crate) fn settle(&mut self, seen: &[&MentionFact]) {
        if let Some(summary) = CardSummary::of(seen) {
            self.name = summary.name;
            self.kind = summary.kind;
            self.external_id = summary.external_id;
        }
    }

    /// The card with its spans named by id, `corpus` being the state its places are in.
    pub fn card(&self, corpus: &Corpus) -> EntityCard {
        EntityCard {
            key: self.key.to_string(),
            name: self.name.to_string(),
            kind: self.kind.as_deref().map(str::to_owned),
            external_id: self.external_id.as_deref().map(str::to_owned),
            mentions: by_id(corpus, &self.mentions),
            quotes: by_id(corpus, &self.quotes),
            claims: by_id(corpus, &self.claims),
        }
    }
}

/// Every entity of the corpus as a card, sorted by key. Mentions whose name normalises to
/// nothing (only punctuation or marks) are grouped by their name as written.
#[must_use]
pub fn entity_cards(corpus: &Corpus) -> Vec<EntityCard> {
    placed_cards(&facts_of(corpus))
        .iter()
        .map(|p| p.card(corpus))
        .collect()
}

/// [`entity_cards`] by place, from the facts of every document of the corpus (in its order).
#[must_use]
pub fn placed_cards(facts: &[Rc<DocFacts>]) -> Vec<PlacedCard> {
    let mut cards: Vec<(Vec<&MentionFact>, PlacedCard)> = Vec::new();
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    // The card of each mention of the document at hand.
    let mut card_of: Vec<usize> = Vec::new();
    for (d, f) in facts.iter().enumerate() {
        card_of.clear();
        for m in &f.mentions {
            let at = *by_key.entry(&m.key).or_insert_with(|| {
                cards.push((Vec::new(), PlacedCard::new(m)));
                cards.len() - 1
            });
            let (seen, card) = &mut cards[at];
            seen.push(m);
            card.push_mention(d, m);
            card_of.push(at);
        }
        for link in &f.links {
            cards[card_of[link.to]].1.push_link(d, link);
        }
    }
    let mut out: Vec<PlacedCard> = cards
        .into_iter()
        .map(|(seen, mut card)| {
            card.settle(&seen);
            card
        })
        .collect();
    // Through the views' one sort routine (keys are unique, so stable or not is the same).
    sort_with(&mut out, &|a, b| a.key.cmp(&b.key));
    out
}

/// What a merge suggestion shows of the card to keep, and looks at in a card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardSummary {
    pub key: Rc<str>,
    pub name: Rc<str>,
    pub kind: Option<Rc<str>>,
    pub external_id: Option<Rc<str>>,
    pub mentions: usize,
}

impl CardSummary {
    /// The summary of a card whose mentions (in corpus and text order) are `seen`.
    pub(crate) fn of(seen: &[&MentionFact]) -> Option<CardSummary> {
        let first = seen.first()?;
        Some(CardSummary {
            key: Rc::clone(&first.key),
            name: most_common(seen.iter().map(|m| &m.name))?,
            kind: most_common(seen.iter().filter_map(|m| m.kind.as_ref())),
            external_id: most_common(seen.iter().filter_map(|m| m.external_id.as_ref())),
            mentions: seen.len(),
        })
    }
}

impl PlacedCard {
    pub fn summary(&self) -> CardSummary {
        CardSummary {
            key: Rc::clone(&self.key),
            name: Rc::clone(&self.name),
            kind: self.kind.clone(),
            external_id: self.external_id.clone(),
            mentions: self.mentions.len(),
        }
    }
}

/// What merge suggestions look at in a card.
pub trait CardShape {
    fn key(&self) -> &str;
    fn kind(&self) -> Option<&str>;
    fn external_id(&self) -> Option<&str>;
    fn mention_count(&self) -> usize;
    /// The key with each word [`collapsed`].
    fn collapsed(&self) -> Cow<'_, str> {
        Cow::Owned(collapsed_name(self.key()))
    }
}

/// [`CardShape`] of a card type with `key`, `kind` and `external_id` fields, its mentions
/// counted by `$count`.
macro_rules! card_shape {
    ($card:ty, |$c:ident| $count:expr $(, $extra:item)?) => {
        impl CardShape for $card {
            fn key(&self) -> &str {
                &self.key
            }
            fn kind(&self) -> Option<&str> {
                self.kind.as_deref()
            }
            fn external_id(&self) -> Option<&str> {
                self.external_id.as_deref()
            }
            fn mention_count(&self) -> usize {
                let $c = self;
                $count
            }
            $($extra)?
        }
    };
}

card_shape!(EntityCard, |c| c.mentions.len());
card_shape!(CardSummary, |c| c.mentions);
card_shape!(
    PlacedCard,
    |c| c.mentions.len(),
    fn collapsed(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.collapsed)
    }
);

impl<C: CardShape> CardShape for Rc<C> {
    fn key(&self) -> &str {
        (**self).key()
    }
    fn kind(&self) -> Option<&str> {
        (**self).kind()
    }
    fn external_id(&self) -> Option<&str> {
        (**self).external_id()
    }
    fn mention_count(&self) -> usize {
        (**self).mention_count()
    }
    fn collapsed(&self) -> Cow<'_, str> {
        (**self).collapsed()
    }
}

/// Why two cards are suggested as one entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MergeReason {
    /// They have the same external id.
    SameExternalId,
    /// Their names differ by one doubled letter written once.
    DoubledLetter,
    /// One name's words end the other's.
    ShorterName,
}

/// Two cards that are probably one entity: `merge`'s mentions would take `keep`'s name.
/// Indices into the cards given to [`merge_suggestions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MergeSuggestion {
    pub keep: usize,
    pub merge: usize,
    pub reason: MergeReason,
}

/// `short` is `long` with one letter of a doubled pair left out (both at least 6 letters).
/// (Without allocating: the People view compares every pair of cards.)
fn doubled_letter(long: &str, short: &str) -> bool {
    let n = short.chars().count();
    if long.chars().count() != n + 1 || n < 6 {
        return false;
    }
    // The first place they differ; the letter dropped there must repeat the one before it
    // (or, for a pair at the very start, the one after it).
    let (mut l, mut s) = (long.chars(), short.chars());
    let mut before = None;
    let dropped = loop {
        let Some(c) = l.next() else { return false };
        if s.clone().next() == Some(c) {
            s.next();
            before = Some(c);
        } else {
            break c;
        }
    };
    let doubled = before == Some(dropped) || l.clone().next() == Some(dropped);
    doubled && dropped.is_alphabetic() && l.eq(s)
}

/// Two words (or names) that are the same, or the same but for a doubled letter.
fn near(a: &str, b: &str) -> bool {
    a == b || doubled_letter(a, b) || doubled_letter(b, a)
}

/// `short`'s words are the last words of `long`'s (fewer words), compared with [`near`].
#[cfg(test)]
fn ends_with_words(long: &str, short: &str) -> bool {
    let (l, s): (Vec<&str>, Vec<&str>) = (long.split(' ').collect(), short.split(' ').collect());
    ends_with(&l, &s)
}

/// [`ends_with_words`] of names already split into words.
fn ends_with(long: &[&str], short: &[&str]) -> bool {
    short.len() < long.len()
        && short
            .iter()
            .rev()
            .zip(long.iter().rev())
            .all(|(a, b)| near(a, b))
}

fn differ(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a != b)
}

/// A card's name, made once (not once per pair): its length, its words and its last word's
/// length.
type Shape<'a> = (usize, Vec<&'a str>, usize);

fn shapes<C: CardShape>(cards: &[C]) -> Vec<Shape<'_>> {
    cards.iter().map(|c| shape(c.key())).collect()
}

fn shape(key: &str) -> Shape<'_> {
    let words: Vec<&str> = key.split(' ').collect();
    let last = words.last().map_or(0, |w| w.chars().count());
    (key.chars().count(), words, last)
}

/// Whether cards `a` and `b` (`a` first in key order) are probably one entity: which keeps its
/// name (`true`: `a`) and why. Two names can be near only when their lengths differ by at most
/// one (by one for a doubled letter), and one's words can end the other's only when their last
/// words' lengths do: most pairs stop at that.
fn suggest(
    a: &impl CardShape,
    shape_a: &Shape,
    b: &impl CardShape,
    shape_b: &Shape,
) -> Option<(bool, MergeReason)> {
    if differ(a.kind(), b.kind()) {
        return None;
    }
    let ((len_a, words_a, last_a), (len_b, words_b, last_b)) = (shape_a, shape_b);
    let near_keys = match len_a.abs_diff(*len_b) {
        0 => a.key() == b.key(),
        1 => near(a.key(), b.key()),
        _ => false,
    };
    let may_end = last_a.abs_diff(*last_b) <= 1 && words_a.len() != words_b.len();
    // The card with more mentions keeps its name; equal: the first in key order.
    let more = b.mention_count() <= a.mention_count();
    if a.external_id().is_some() && a.external_id() == b.external_id() {
        Some((more, MergeReason::SameExternalId))
    } else if differ(a.external_id(), b.external_id()) {
        None
    } else if near_keys {
        Some((more, MergeReason::DoubledLetter))
    } else if may_end && ends_with(words_a, words_b) {
        Some((true, MergeReason::ShorterName))
    } else if may_end && ends_with(words_b, words_a) {
        Some((false, MergeReason::ShorterName))
    } else {
        None
    }
}

/// [`suggest`] of cards `i` and `j` (`i < j`) of a list sorted by key, as a suggestion.
fn suggest_at<C: CardShape>(
    cards: &[C],
    shapes: &[Shape],
    i: usize,
    j: usize,
) -> Option<MergeSuggestion> {
    let (first_keeps, reason) = suggest(&cards[i], &shapes[i], &cards[j], &shapes[j])?;
    let (keep, merge) = if first_keeps { (i, j) } else { (j, i) };
    Some(MergeSuggestion {
        keep,
        merge,
        reason,
    })
}

/// The suggestions that rename `card`: each card of `others` it is probably the same entity
/// as and that keeps its name, with why, in `others`' order, as they are asked for. (`others`
/// are those that can be: see [`merge_suggestions`]; any other gives nothing.)
pub fn suggestions_for<'a, C: CardShape + 'a>(
    card: &'a C,
    others: impl Iterator<Item = C> + 'a,
) -> impl Iterator<Item = (C, MergeReason)> + 'a {
    let own = shape(card.key());
    others.filter_map(move |other| {
        let theirs = shape(other.key());
        let card_first = card.key() < other.key();
        let (first_keeps, reason) = if card_first {
            suggest(card, &own, &other, &theirs)?
        } else {
            suggest(&other, &theirs, card, &own)?
        };
        (first_keeps != card_first).then_some((other, reason))
    })
}

/// Pairs of cards that are probably one entity (see the module's notes), each pair once, in
/// card order.
///
/// Only pairs that can be suggested are compared, found through each name with its words
/// [`collapsed`] (two near words collapse alike): cards whose collapsed names are the same
/// (the only ones whose names can be near), a card whose collapsed name is the collapsed last
/// words of another's (the only ones whose words can end the other's), and cards with the same
/// external id. Comparing every pair took 126 s in the browser for the 59,252 cards of 5,000
/// articles (bench/RESULTS.md, "Corpus scale"); grouping by the last word alone left 2.4 s.
pub fn merge_suggestions<C: CardShape>(cards: &[C]) -> Vec<MergeSuggestion> {
    let shapes = shapes(cards);
    let names: Vec<Cow<str>> = cards.iter().map(CardShape::collapsed).collect();
    // Cards by collapsed name, and by external id.
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, card) in cards.iter().enumerate() {
        by_name.entry(&names[i]).or_default().push(i);
        if let Some(id) = card.external_id() {
            by_id.entry(id).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = by_name
        .values()
        .chain(by_id.values())
        .flat_map(|g| {
            g.iter()
                .enumerate()
                .flat_map(move |(x, &i)| g[x + 1..].iter().map(move |&j| (i, j)))
        })
        .collect();
    // A shorter name that ends a longer one: each card's last words (what follows each of its
    // spaces), looked up.
    for (j, name) in names.iter().enumerate() {
        for (space, _) in name.match_indices(' ') {
            if let Some(g) = by_name.get(&name[space + 1..]) {
                pairs.extend(g.iter().map(|&i| (i.min(j), i.max(j))));
            }
        }
    }
    sort_with(&mut pairs, &|a, b| a.cmp(b));
    pairs.dedup();
    pairs
        .into_iter()
        .filter_map(|(i, j)| suggest_at(cards, &shapes, i, j))
        .collect()
}

/// [`merge_suggestions`] by comparing every pair: the oracle of its tests.
#[cfg(test)]
fn merge_suggestions_of_every_pair(cards: &[EntityCard]) -> Vec<MergeSuggestion> {
    let shapes = shapes(cards);
    (0..cards.len())
        .flat_map(|i| (i + 1..cards.len()).map(move |j| (i, j)))
        .filter_map(|(i, j)| suggest_at(cards, &shapes, i, j))
        .collect()
}

/// One undo step that merges card `merge` into the card named `keep`: every mention of
/// `merge` whose canonical name is not `keep` gets it (with update time `updated`). Refused
/// when entities have no canonical name attribute in the schema.
pub fn merge_edit(
    corpus: &Corpus,
    merge: &EntityCard,
    keep: &str,
    updated: Option<u64>,
) -> Result<Edit, EditError> {
    let entity = corpus.schema().role_id(Role::Entity);
    if corpus.schema().attr(entity, CANONICAL).is_none() {
        return Err(EditError::UnknownAttr {
            label: entity.to_owned(),
            attr: CANONICAL.to_owned(),
        });
    }
    let mut edits = Vec::new();
    for m in &merge.mentions {
        let Some(span) = corpus.entry(&m.doc).and_then(|e| e.span(&m.span)) else {
            continue;
        };
        if span.attrs.get(CANONICAL) != Some(keep) {
            edits.push(Edit::set_attr(
                m.doc.clone(),
                m.span.clone(),
                CANONICAL.to_owned(),
                Some(keep.to_owned()),
                updated,
            ));
        }
    }
    Ok(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::{Relation, RelationId, Span, Workspace};

    fn span(id: &str, text: &str, needle: &str, label: &str) -> Span {
        let byte = text.find(needle).unwrap();
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

    /// Three articles spelling one president three ways, and his wife.
    fn corpus() -> Workspace {
        let texts = [
            "Kyiv\n\n\u{201c}We stand,\u{201d} said Zelenskyy. Zelenska visited a school.",
            "Talks\n\nVolodymyr Zelensky met envoys. The envoys said nothing.",
            "Again\n\nZelensky claims the line holds. Zelensky spoke twice.",
        ];
        let mut ws = Workspace::new(texts.iter().map(|t| parse_article(t, "a.md")).collect());
        let ids: Vec<DocId> = ws.entries().iter().map(|e| e.doc.id.clone()).collect();
        let add = |ws: &mut Workspace, d: usize, s: Span| {
            ws.edit(Edit::add_span(ids[d].clone(), s)).unwrap()
        };
        let t = texts;
        add(
            &mut ws,
            0,
            span("q", t[0], "\u{201c}We stand,\u{201d}", "quote"),
        );
        add(&mut ws, 0, span("z1", t[0], "Zelenskyy", "entity"));
        add(&mut ws, 0, span("w", t[0], "Zelenska", "entity"));
        add(&mut ws, 1, span("z2", t[1], "Volodymyr Zelensky", "entity"));
        add(&mut ws, 2, span("z3", t[2], "Zelensky", "entity"));
        add(&mut ws, 2, span("c", t[2], "the line holds", "claim"));
        let mut z4 = span("z4", t[2], "Zelensky spoke", "entity");
        z4.end -= " spoke".len();
        add(&mut ws, 2, z4);
        for (d, id, key, value) in [
            (0, "z1", TYPE, "person"),
            (0, "w", TYPE, "person"),
            (1, "z2", TYPE, "person"),
            (1, "z2", EXTERNAL_ID, "Q3874799"),
        ] {
            ws.edit(Edit::set_attr(
                ids[d].clone(),
                SpanId(id.into()),
                key.into(),
                Some(value.into()),
                None,
            ))
            .unwrap();
        }
        let link = |kind, id: &str, from: &str, to: &str| Relation {
            id: RelationId(id.into()),
            kind,
            from: SpanId(from.into()),
            to: SpanId(to.into()),
        };
        ws.edit(Edit::add_relation(
            ids[0].clone(),
            link(RelationKind::SaidBy, "r1", "q", "z1"),
        ))
        .unwrap();
        ws.edit(Edit::add_relation(
            ids[2].clone(),
            link(RelationKind::Claimant, "r2", "c", "z3"),
        ))
        .unwrap();
        ws
    }

    fn keys(cards: &[EntityCard]) -> Vec<&str> {
        cards.iter().map(|c| c.key.as_str()).collect()
    }

    #[test]
    fn cards_group_mentions_and_carry_quotes_and_claims() {
        let ws = corpus();
        let cards = entity_cards(ws.corpus());
        assert_eq!(
            keys(&cards),
            ["volodymyr zelensky", "zelenska", "zelensky", "zelenskyy"]
        );
        let zelensky = &cards[2];
        assert_eq!(zelensky.name, "Zelensky");
        assert_eq!(zelensky.mentions.len(), 2);
        assert_eq!(zelensky.claims.len(), 1);
        assert!(zelensky.quotes.is_empty() && zelensky.kind.is_none());
        assert_eq!(cards[3].quotes[0].span.0, "q");
        assert_eq!(cards[0].external_id.as_deref(), Some("Q3874799"));
        assert_eq!(cards[1].kind.as_deref(), Some("person"));
    }

    #[test]
    fn spellings_of_one_person_are_suggested_and_his_wife_is_not() {
        let ws = corpus();
        let cards = entity_cards(ws.corpus());
        let named = |s: &MergeSuggestion| {
            (
                cards[s.keep].key.as_str(),
                cards[s.merge].key.as_str(),
                s.reason,
            )
        };
        let got: Vec<_> = merge_suggestions(&cards).iter().map(named).collect();
        assert_eq!(
            got,
            [
                ("volodymyr zelensky", "zelensky", MergeReason::ShorterName),
                ("volodymyr zelensky", "zelenskyy", MergeReason::ShorterName),
                ("zelensky", "zelenskyy", MergeReason::DoubledLetter),
            ]
        );
        assert!(got
            .iter()
            .all(|(a, b, _)| *a != "zelenska" && *b != "zelenska"));
    }

    #[test]
    fn suggestion_rules() {
        assert!(doubled_letter("zelenskyy", "zelensky"));
        assert!(doubled_letter("gaddafi", "gadafi"));
        assert!(doubled_letter("mohammed", "mohamed"));
        assert!(!doubled_letter("zelensky", "zelenska"));
        assert!(
            !doubled_letter("zelenskyi", "zelensky"),
            "not a doubled letter"
        );
        assert!(!doubled_letter("lloyd", "loyd"), "too short");
        assert!(doubled_letter("llewelyn", "lewelyn"), "a pair at the start");
        assert!(doubled_letter("žižkovv", "žižkov"), "a pair at the end");
        assert!(
            !doubled_letter("kowalczyk", "kowalcyk"),
            "a letter that is not doubled"
        );
        assert!(!doubled_letter("zelensky", "zelensky"));
        assert!(ends_with_words("volodymyr zelenskyy", "zelensky"));
        assert!(ends_with_words("president joe biden", "joe biden"));
        assert!(!ends_with_words("joe biden", "biden joe"));
        assert!(!ends_with_words("zelensky", "zelensky"));
        let card = |key: &str, kind: Option<&str>, id: Option<&str>| EntityCard {
            key: key.into(),
            name: key.into(),
            kind: kind.map(Into::into),
            external_id: id.map(Into::into),
            mentions: vec![],
            quotes: vec![],
            claims: vec![],
        };
        // Different types or external ids are different entities; the same id is one.
        let cards = [
            card("washington", Some("place"), None),
            card("george washington", Some("person"), None),
            card("kyiv", None, Some("Q1899")),
            card("kiev", None, Some("Q1899")),
            card("zelensky", None, Some("Q1")),
            card("zelenskyy", None, Some("Q2")),
        ];
        let got: Vec<_> = merge_suggestions(&cards)
            .iter()
            .map(|s| (s.keep, s.merge, s.reason))
            .collect();
        assert_eq!(got, [(2, 3, MergeReason::SameExternalId)]);
    }

    proptest::proptest! {
        /// Comparing only the grouped pairs finds exactly what comparing every pair finds.
        #[test]
        fn grouped_pairs_suggest_what_every_pair_does(
            names in proptest::collection::btree_set("(ab|aab|abb|bba|c|cc)(ab|aab|abb|bba|c|cc|dd|d|e){2,7}( (ab|aab|abb|c|dd|d){1,6}){0,2}", 0..40),
            kinds in proptest::collection::vec(0u8..3, 40),
            ids in proptest::collection::vec(0u8..6, 40),
            mentions in proptest::collection::vec(0usize..3, 40),
        ) {
            let cards: Vec<EntityCard> = names
                .iter()
                .enumerate()
                .map(|(i, key)| EntityCard {
                    key: key.clone(),
                    name: key.clone(),
                    kind: (kinds[i] > 0).then(|| format!("k{}", kinds[i])),
                    external_id: (ids[i] > 3).then(|| format!("Q{}", ids[i])),
                    mentions: vec![Mention { doc: DocId("d".into()), span: SpanId("s".into()) }; mentions[i]],
                    quotes: vec![],
                    claims: vec![],
                })
                .collect();
            let got = merge_suggestions(&cards);
            proptest::prop_assert_eq!(got, merge_suggestions_of_every_pair(&cards));
        }
    }

    #[test]
    fn merging_renames_every_mention_in_one_undoable_step() {
        let mut ws = corpus();
        let before = ws.corpus().clone();
        let cards = entity_cards(ws.corpus());
        let (keep, merge) = (&cards[0], &cards[2]);
        let edit = merge_edit(ws.corpus(), merge, &keep.name, Some(7)).unwrap();
        assert!(matches!(&edit, Edit::Batch(parts) if parts.len() == 2));
        ws.edit(edit).unwrap();
        let after = entity_cards(ws.corpus());
        assert_eq!(
            keys(&after),
            ["volodymyr zelensky", "zelenska", "zelenskyy"]
        );
        let merged = &after[0];
        assert_eq!(merged.mentions.len(), 3);
        assert_eq!(merged.name, "Volodymyr Zelensky");
        assert_eq!(merged.claims.len(), 1, "the claim follows its claimant");
        assert_eq!(merged.kind.as_deref(), Some("person"));
        assert!(ws.undo());
        assert_eq!(ws.corpus(), &before);
        // Without a canonical name attribute there is nothing to merge with.
        let bare = crate::model::LabelSchema::new(vec![crate::model::LabelSpec::new(
            "entity", "Entity", "#000000",
        )])
        .unwrap();
        let c = Corpus::with_schema(bare);
        assert!(matches!(
            merge_edit(&c, merge, &keep.name, None),
            Err(EditError::UnknownAttr { .. })
        ));
    }
}
