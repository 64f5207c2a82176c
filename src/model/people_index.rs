//! The People view's index: every entity card of the corpus by key with its number of
//! mentions and the documents that mention it, the cards in the view's order (most mentioned
//! first, then by key), and what finds the cards a card may be the same entity as. Kept up to
//! date one document at a time ([`PeopleIndex::put`], from the document's facts), so after an
//! edit only that document's mentions are counted again, and the view draws a page of cards
//! ([`PeopleIndex::person_card`]) without going over the corpus.
//!
//! What it gives is exactly what [`person_cards`](super::corpus_views::person_cards) works out
//! from scratch (a property test keeps the two the same).

use crate::model::set::Set;
use std::collections::HashMap;
use std::rc::Rc;

use super::corpus_views::{PersonCard, Suggestion};
use super::entities::{suggestions_for, CardSummary, PlacedCard};
use super::facts::{DocFacts, MentionFact};
use super::sort::sort_with;

/// One card as counted.
#[derive(Debug)]
struct Card {
    collapsed: Rc<str>,
    mentions: usize,
    /// The documents that mention it, each once, in no order.
    docs: Vec<Rc<DocFacts>>,
    /// Its mentions' spellings with how many have each.
    spellings: Vec<(Rc<str>, usize)>,
}

/// Values by a string key, as a list beside a `HashMap<String, usize>` of places (the map type
/// the app already has: a map to a value type of its own copies the hash table code,
/// docs/bundle-size.md). Each entry keeps its key, so that the place of the one moved into a
/// removed entry's place can be updated.
#[derive(Debug)]
struct Keyed<T> {
    at: HashMap<String, usize>,
    entries: Vec<(Rc<str>, T)>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed {
            at: HashMap::new(),
            entries: Vec::new(),
        }
    }
}

impl<T> Keyed<T> {
    fn get(&self, key: &str) -> Option<&T> {
        self.at.get(key).map(|&i| &self.entries[i].1)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.at.get(key).map(|&i| &mut self.entries[i].1)
    }

    /// The entry of `key`, added with `value` if there is none.
    fn entry(&mut self, key: &str, value: impl FnOnce() -> T) -> &mut T {
        let i = match self.at.get(key) {
            Some(&i) => i,
            None => {
                let i = self.entries.len();
                self.at.insert(key.to_owned(), i);
                self.entries.push((Rc::from(key), value()));
                i
            }
        };
        &mut self.entries[i].1
    }

    fn remove(&mut self, key: &str) -> Option<T> {
        let i = self.at.remove(key)?;
        let (_, value) = self.entries.swap_remove(i);
        if let Some((moved, _)) = self.entries.get(i) {
            if let Some(at) = self.at.get_mut(&**moved) {
                *at = i;
            }
        }
        Some(value)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

#[derive(Debug, Default)]
pub struct PeopleIndex {
    /// The facts counted, by document id.
    counted: Keyed<Rc<DocFacts>>,
    cards: Keyed<Card>,
    /// Every card with its number of mentions, most mentioned first, then by key (as of the
    /// last look: see `moved`).
    order: Vec<(usize, Rc<str>)>,
    /// Cards whose number of mentions changed since, each with the number `order` has.
    moved: Vec<(usize, Rc<str>)>,
    /// Card keys by collapsed name.
    by_name: Keyed<Vec<Rc<str>>>,
    /// Card keys by the last words of their collapsed name (each proper ending: what follows
    /// each space).
    by_end: Keyed<Vec<Rc<str>>>,
    /// Card keys with a mention of an external id, once per mention.
    by_id: Keyed<Vec<Rc<str>>>,
}

/// The proper endings of a collapsed name: what follows each of its spaces.
fn endings(collapsed: &str) -> impl Iterator<Item = &str> {
    collapsed
        .match_indices(' ')
        .map(|(at, _)| &collapsed[at + 1..])
}

fn unlist(map: &mut Keyed<Vec<Rc<str>>>, at: &str, key: &Rc<str>) {
    if let Some(keys) = map.get_mut(at) {
        keys.retain(|k| k != key);
        if keys.is_empty() {
            map.remove(at);
        }
    }
}

impl PeopleIndex {
    /// Count `facts` for its document instead of what was counted for it before.
    pub fn put(&mut self, facts: &Rc<DocFacts>) {
        let id = &facts.entry.doc.id.0;
        if let Some(old) = self.counted.get(id) {
            if Rc::ptr_eq(old, facts) {
                return;
            }
            let old = Rc::clone(old);
            self.count(&old, false);
        }
        self.count(facts, true);
        *self.counted.entry(id, || Rc::clone(facts)) = Rc::clone(facts);
    }

    /// Stop counting every document whose id `keep` does not hold.
    pub fn keep_only(&mut self, keep: &Set<&str>) {
        let gone: Vec<Rc<str>> = self
            .counted
            .entries
            .iter()
            .filter(|(id, _)| !keep.contains(id))
            .map(|(id, _)| Rc::clone(id))
            .collect();
        for id in gone {
            if let Some(old) = self.counted.remove(&id) {
                self.count(&old, false);
            }
        }
    }

    /// How many documents are counted.
    pub fn documents(&self) -> usize {
        self.counted.len()
    }

    /// Add (or take away) the mentions of one document's facts.
    fn count(&mut self, facts: &Rc<DocFacts>, add: bool) {
        for m in &facts.mentions {
            if add && self.cards.get(&m.key).is_none() {
                self.new_card(m);
            }
            let Some(card) = self.cards.get_mut(&m.key) else {
                continue;
            };
            // Its place in the order is found again at the next look ([`PeopleIndex::settle`]).
            self.moved.push((card.mentions, Rc::clone(&m.key)));
            let at = card.spellings.iter().position(|(s, _)| *s == m.spelling);
            if add {
                card.mentions += 1;
                match at {
                    Some(at) => card.spellings[at].1 += 1,
                    None => card.spellings.push((Rc::clone(&m.spelling), 1)),
                }
                if !card.docs.last().is_some_and(|d| Rc::ptr_eq(d, facts)) {
                    card.docs.push(Rc::clone(facts));
                }
            } else {
                card.mentions = card.mentions.saturating_sub(1);
                if let Some(at) = at {
                    card.spellings[at].1 -= 1;
                    if card.spellings[at].1 == 0 {
                        card.spellings.remove(at);
                    }
                }
                if let Some(at) = card.docs.iter().rposition(|d| Rc::ptr_eq(d, facts)) {
                    card.docs.swap_remove(at);
                }
            }
            let gone = card.mentions == 0;
            // One entry per mention of the id (so as many as there are mentions).
            if let Some(id) = &m.external_id {
                if add {
                    self.by_id.entry(id, Vec::new).push(Rc::clone(&m.key));
                } else if let Some(keys) = self.by_id.get_mut(id) {
                    if let Some(at) = keys.iter().position(|k| *k == m.key) {
                        keys.swap_remove(at);
                    }
                    if keys.is_empty() {
                        self.by_id.remove(id);
                    }
                }
            }
            if gone {
                let key = Rc::clone(&m.key);
                self.drop_card(&key);
            }
        }
    }

    /// Bring the order of the cards up to date with their counts (before a look at them:
    /// [`CorpusIndex::people`](super::corpus_index::CorpusIndex::people) does): each card moved since the
    /// last look taken out and put back in its place, or (when many moved, as after the first
    /// documents are counted) all sorted again.
    pub(crate) fn settle(&mut self) {
        if self.moved.is_empty() {
            return;
        }
        let rank = |a: &(usize, Rc<str>), b: &(usize, Rc<str>)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let resort = self.resort();
        let moved = std::mem::take(&mut self.moved);
        if resort {
            self.order = self
                .cards
                .entries
                .iter()
                .map(|(key, card)| (card.mentions, Rc::clone(key)))
                .collect();
            sort_with(&mut self.order, &rank);
            return;
        }
        for old in &moved {
            if let Ok(at) = self.order.binary_search_by(|o| rank(o, old)) {
                self.order.remove(at);
            }
        }
        for (_, key) in moved {
            let Some(card) = self.cards.get(&key) else {
                continue;
            };
            let now = (card.mentions, key);
            if let Err(at) = self.order.binary_search_by(|o| rank(o, &now)) {
                self.order.insert(at, now);
            }
        }
    }

    fn new_card(&mut self, m: &MentionFact) {
        let key = Rc::clone(&m.key);
        self.by_name
            .entry(&m.collapsed, Vec::new)
            .push(Rc::clone(&key));
        for end in endings(&m.collapsed) {
            self.by_end.entry(end, Vec::new).push(Rc::clone(&key));
        }
        let card = || Card {
            collapsed: Rc::clone(&m.collapsed),
            mentions: 0,
            docs: Vec::new(),
            spellings: Vec::new(),
        };
        self.cards.entry(&key, card);
    }

    fn drop_card(&mut self, key: &Rc<str>) {
        let Some(card) = self.cards.remove(key) else {
            return;
        };
        unlist(&mut self.by_name, &card.collapsed, key);
        for end in endings(&card.collapsed) {
            unlist(&mut self.by_end, end, key);
        }
    }

    /// Whether so many cards moved since the last look (as after the first documents are
    /// counted) that the next look sorts them all again.
    pub(crate) fn resort(&self) -> bool {
        self.moved.len() > self.order.len() / 8
    }

    /// How many cards there are.
    pub fn len(&self) -> usize {
        self.cards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cards.len() == 0
    }

    /// The keys of the cards one of whose spellings contains `query` (already normalised;
    /// every card for an empty one), most mentioned first, then by key.
    pub fn found(&self, query: &str) -> Vec<Rc<str>> {
        self.order
            .iter()
            .filter(|(_, key)| {
                query.is_empty()
                    || super::find::contains(key, query)
                    || self.cards.get(key).is_some_and(|c| {
                        c.spellings
                            .iter()
                            .any(|(s, _)| super::find::contains(s, query))
                    })
            })
            .map(|(_, key)| Rc::clone(key))
            .collect()
    }

    /// The documents that mention card `key`, in corpus order with their places, by
    /// `position` (each document's place in the corpus by id, as the counted facts are).
    fn docs<'a>(
        &'a self,
        key: &str,
        position: &HashMap<&str, usize>,
    ) -> Vec<(usize, &'a DocFacts)> {
        let Some(card) = self.cards.get(key) else {
            return Vec::new();
        };
        let mut docs: Vec<(usize, &DocFacts)> = card
            .docs
            .iter()
            .filter_map(|f| Some((*position.get(f.entry.doc.id.0.as_str())?, &**f)))
            .collect();
        sort_with(&mut docs, &|a, b| a.0.cmp(&b.0));
        docs
    }

    /// The card `key` with its spans by place.
    pub fn placed(&self, key: &str, position: &HashMap<&str, usize>) -> Option<PlacedCard> {
        let mut placed: Option<PlacedCard> = None;
        let mut seen: Vec<&MentionFact> = Vec::new();
        for (d, f) in self.docs(key, position) {
            for m in f.mentions.iter().filter(|m| &*m.key == key) {
                placed
                    .get_or_insert_with(|| PlacedCard::new(m))
                    .push_mention(d, m);
                seen.push(m);
            }
            if let Some(placed) = placed.as_mut() {
                for link in f.links.iter().filter(|l| &*f.mentions[l.to].key == key) {
                    placed.push_link(d, link);
                }
            }
        }
        let mut placed = placed?;
        placed.settle(&seen);
        Some(placed)
    }

    /// What a merge suggestion shows of card `key` (and looks at).
    fn summary(&self, key: &str, position: &HashMap<&str, usize>) -> Option<CardSummary> {
        let docs = self.docs(key, position);
        let seen: Vec<&MentionFact> = docs
            .iter()
            .flat_map(|(_, f)| f.mentions.iter().filter(|m| &*m.key == key))
            .collect();
        CardSummary::of(&seen)
    }

    /// The card `key` as the People view shows it, with the first `limit` cards (in key order)
    /// it may be the same entity as, where it is the one to rename. (A card can have thousands:
    /// a view asks for one more than it shows, to know whether there are more.)
    pub fn person_card(
        &self,
        key: &str,
        position: &HashMap<&str, usize>,
        limit: usize,
    ) -> Option<PersonCard> {
        let placed = self.placed(key, position)?;
        let card = self.cards.get(key)?;
        // The cards that can be: the same collapsed name, a name that ends this one or that
        // this one ends, a mention of the same external id.
        let lists = [
            self.by_name.get(&card.collapsed),
            self.by_end.get(&card.collapsed),
        ];
        let ends = endings(&card.collapsed).map(|end| self.by_name.get(end));
        let mut near: Vec<&Rc<str>> = lists.into_iter().chain(ends).flatten().flatten().collect();
        if let Some(id) = &placed.external_id {
            near.extend(self.by_id.get(id).into_iter().flatten());
        }
        sort_with(&mut near, &|a, b| a.cmp(b));
        near.dedup();
        let others = near
            .into_iter()
            .filter(|k| &***k != key)
            .filter_map(|k| self.summary(k, position));
        let own = placed.summary();
        let suggestions = suggestions_for(&own, others)
            .take(limit)
            .map(|(keep, reason)| Suggestion { keep, reason })
            .collect();
        Some(PersonCard {
            docs: card.docs.len(),
            card: Rc::new(placed),
            suggestions,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::article::parse_article;
    use crate::model::corpus_index::CorpusIndex;
    use crate::model::corpus_views::{card_matches, person_cards};
    use crate::model::entities::{normalize_name, EXTERNAL_ID, TYPE};
    use crate::model::facts::facts_of;
    use crate::model::{Corpus, DocEdit, Edit, Role, Span, SpanId};
    use proptest::prelude::*;

    /// Names that group, near one another, end one another, or not at all.
    const NAMES: [&str; 8] = [
        "Zelensky",
        "Zelenskyy",
        "Volodymyr Zelensky",
        "Zelenska",
        "Olena Zelenska",
        "ZELENSKY",
        "Adeyemi",
        "Zoë Adeyemi",
    ];

    /// Names of other people, so that most cards stay where they are when a few move.
    const OTHERS: usize = 40;

    /// Document `i`'s text (each its own: a document's id comes from its text).
    fn text(i: usize) -> String {
        let mut text = format!("Names {i}\n\n");
        text.push_str(&NAMES.join(" and "));
        for n in 0..OTHERS {
            text.push_str(&format!(" Person{n:02}"));
        }
        text
    }

    fn entity_span(id: String, text: &str, name: &str, label: &str) -> Span {
        let byte = text.find(name).unwrap();
        let start = text[..byte].chars().count();
        Span {
            id: SpanId(id),
            start,
            end: start + name.chars().count(),
            label: label.to_owned(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        }
    }

    /// Steps: (document, name, attributes: 0 none, 1 type, 2 id Q1, 3 id Q2, delete?).
    fn step() -> impl Strategy<Value = (usize, usize, u8, bool)> {
        (
            0usize..4,
            0usize..NAMES.len(),
            0u8..4,
            prop::bool::weighted(0.25),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Mentions added and deleted in random documents (one removed and put back at
        /// times): the index kept from step to step gives every card, its order, its
        /// suggestions and what a search finds, as worked out from scratch.
        #[test]
        fn the_kept_people_index_matches_cards_from_scratch(
            steps in prop::collection::vec(step(), 1..40),
        ) {
            let docs = (0..4).map(|i| parse_article(&text(i), &format!("d{i}.md"))).collect();
            let mut corpus = Corpus::new(docs);
            prop_assert_eq!(corpus.len(), 4);
            let entity = corpus.schema().role_id(Role::Entity).to_owned();
            for n in 0..OTHERS {
                let first = &corpus.entries()[0];
                let span = entity_span(format!("p{n}"), &first.doc.text, &format!("Person{n:02}"), &entity);
                corpus.apply(Edit::add_span(first.doc.id.clone(), span)).unwrap();
            }
            let mut index = CorpusIndex::default();
            index.complete(&corpus);
            for (n, (doc, name, attrs, delete)) in steps.into_iter().enumerate() {
                let id = corpus.entries()[doc % corpus.len()].doc.id.clone();
                let entry = corpus.entry(&id).unwrap().clone();
                if delete && !entry.spans.is_empty() {
                    let span = entry.spans[name % entry.spans.len()].id.clone();
                    corpus.apply(Edit::delete_span(id, span)).unwrap();
                } else if delete && n % 3 == 0 {
                    // The document goes, and comes back at the front.
                    let back = entry.as_ref().clone();
                    corpus.apply(Edit::Document(DocEdit::Delete(id))).unwrap();
                    index.complete(&corpus);
                    corpus.apply(Edit::Document(DocEdit::Insert { index: 0, entries: vec![back] })).unwrap();
                } else {
                    let mut span = entity_span(format!("s{n}"), &entry.doc.text, NAMES[name], &entity);
                    match attrs {
                        1 => { span.attrs.set(TYPE, Some("person".into())); }
                        2 => { span.attrs.set(EXTERNAL_ID, Some("Q1".into())); }
                        3 => { span.attrs.set(EXTERNAL_ID, Some("Q2".into())); }
                        _ => {}
                    }
                    corpus.apply(Edit::add_span(id, span)).unwrap();
                }
                index.complete(&corpus);
                let scratch = person_cards(&facts_of(&corpus));
                let (people, position) = index.people();
                prop_assert_eq!(people.len(), scratch.len());
                for query in ["", "zelensk", "adeyemi", "zoe", "volodymyr z"] {
                    let query = normalize_name(query);
                    let want: Vec<&str> = scratch
                        .iter()
                        .filter(|c| card_matches(c, &query))
                        .map(|c| &*c.card.key)
                        .collect();
                    let found = people.found(&query);
                    prop_assert_eq!(found.iter().map(|k| &**k).collect::<Vec<_>>(), want);
                }
                for card in &scratch {
                    let kept = people.person_card(&card.card.key, &position, usize::MAX);
                prop_assert_eq!(kept.as_ref(), Some(card));
                }
            }
        }
    }

    #[test]
    fn suggestions_reach_the_card_to_rename() {
        let mut corpus = Corpus::new(vec![parse_article(&text(0), "d.md")]);
        let entity = corpus.schema().role_id(Role::Entity).to_owned();
        let full = corpus.entries()[0].doc.text.clone();
        let id = corpus.entries()[0].doc.id.clone();
        for (n, name) in ["Zelensky", "Zelenskyy", "Volodymyr Zelensky", "Zelenska"]
            .iter()
            .enumerate()
        {
            let span = entity_span(format!("s{n}"), &full, name, &entity);
            corpus.apply(Edit::add_span(id.clone(), span)).unwrap();
        }
        let mut index = CorpusIndex::default();
        index.complete(&corpus);
        let (people, position) = index.people();
        let named = |key: &str| -> Vec<String> {
            people
                .person_card(key, &position, 10)
                .unwrap()
                .suggestions
                .iter()
                .map(|s| s.keep.key.to_string())
                .collect()
        };
        assert_eq!(named("zelenskyy"), ["volodymyr zelensky", "zelensky"]);
        assert_eq!(named("zelensky"), ["volodymyr zelensky"]);
        assert!(named("zelenska").is_empty());
        assert!(named("volodymyr zelensky").is_empty());
    }
}
