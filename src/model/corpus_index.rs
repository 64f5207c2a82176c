//! What each document contributes to the corpus views, worked out from that document alone and
//! kept until it changes: its spans per label, its entity mentions with their normalised
//! names, the quotes and claims linked to them, and its claims as rows of the claims table.
//!
//! The People and Claims views and the corpus chart read these facts instead of every text:
//! after an edit only the edited document is worked out again (its entry is a new `Rc`; every
//! other entry stays pointer-equal, see [`Corpus::apply`]). At 5,000 articles working out
//! every document takes about half a second, so the app also brings the index up to date in
//! idle moments ([`CorpusIndex::refresh`] with a stop condition), and a view opened later
//! finds it ready.

use crate::model::set::Set;
use std::collections::HashMap;
use std::rc::Rc;

use super::facts::DocFacts;
use super::labels::{LabelSchema, Role};
use super::people_index::PeopleIndex;
use super::store::Corpus;

/// The facts of every document of a corpus, kept from one state of the corpus to the next.
#[derive(Debug, Default)]
pub struct CorpusIndex {
    /// What of the schema the facts depend on: the label ids in order, then the entity's and
    /// the claim's. Another shape makes every fact stale.
    shape: Vec<String>,
    /// In the corpus's order as of the last refresh, current where their entry is the
    /// corpus's ([`DocFacts::entry`]); `None`: not worked out yet.
    docs: Vec<Option<Rc<DocFacts>>>,
    /// The entity cards, counted from the facts as they are worked out.
    people: PeopleIndex,
}

fn shape_of(schema: &LabelSchema) -> Vec<String> {
    let mut shape: Vec<String> = schema.labels().iter().map(|l| l.id.clone()).collect();
    shape.push(schema.role_id(Role::Entity).to_owned());
    shape.push(schema.role_id(Role::Claim).to_owned());
    shape
}

impl CorpusIndex {
    /// Bring the index up to date with `corpus`: facts of documents that have not changed are
    /// kept (found by place, else by id), the others worked out again while `more()` says so
    /// (asked before each). Returns whether every document's facts are current.
    pub fn refresh(&mut self, corpus: &Corpus, more: &mut dyn FnMut() -> bool) -> bool {
        let shape = shape_of(corpus.schema());
        if shape != self.shape {
            self.docs.clear();
            self.people = PeopleIndex::default();
            self.shape = shape;
        }
        let old = std::mem::take(&mut self.docs);
        // Built only when a document is not where it was (one was added, removed, moved or
        // not worked out yet). Each id's place in `old` (keyed and valued as the app's other
        // maps are: each new key or value type copies the hash table code).
        let mut by_id: Option<HashMap<&str, usize>> = None;
        let mut complete = true;
        let entries = corpus.entries();
        let mut docs = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            // This document's facts as of the last refresh, current or not.
            let id = entry.doc.id.0.as_str();
            let at = |f: &&Rc<DocFacts>| f.entry.doc.id.0 == id;
            let mut found = old.get(i).and_then(Option::as_ref).filter(at);
            if found.is_none() && !old.is_empty() {
                let map = by_id.get_or_insert_with(|| {
                    let mut map = HashMap::with_capacity(old.len());
                    for (k, f) in old.iter().enumerate() {
                        if let Some(f) = f {
                            map.insert(f.entry.doc.id.0.as_str(), k);
                        }
                    }
                    map
                });
                found = map.get(id).and_then(|&k| old[k].as_ref());
            }
            let facts = match found {
                Some(f) if Rc::ptr_eq(&f.entry, entry) => Some(Rc::clone(f)),
                _ if more() => {
                    let facts = DocFacts::after(found.map(|f| &**f), entry, corpus.schema());
                    let facts = Rc::new(facts);
                    self.people.put(&facts);
                    Some(facts)
                }
                // Out of date: kept (and counted) as they are, to start from next time.
                kept => {
                    complete = false;
                    kept.cloned()
                }
            };
            docs.push(facts);
        }
        // A document gone from the corpus: its mentions are no longer counted.
        if by_id.is_some() || self.people.documents() > entries.len() {
            let ids: Set<&str> = entries.iter().map(|e| e.doc.id.0.as_str()).collect();
            self.people.keep_only(&ids);
        }
        drop(by_id);
        self.docs = docs;
        complete
    }

    /// Sort the entity cards again when many moved (as after the first documents are
    /// counted): done in an idle moment once the index is up to date, so the first look does
    /// not. (A few moved, after an edit, are put back in place at the next look: a few
    /// milliseconds that would otherwise follow every edit.)
    pub fn settle(&mut self) {
        if self.people.resort() {
            self.people.settle();
        }
    }

    /// The entity cards of the corpus as of the last [`CorpusIndex::complete`], and each
    /// document's place by id.
    pub fn people(&mut self) -> (&PeopleIndex, HashMap<&str, usize>) {
        self.people.settle();
        let position = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((f.as_ref()?.entry.doc.id.0.as_str(), i)))
            .collect();
        (&self.people, position)
    }

    /// The facts of every document of `corpus`, in its order, worked out now where they are
    /// not current.
    pub fn complete(&mut self, corpus: &Corpus) -> Vec<Rc<DocFacts>> {
        self.refresh(corpus, &mut || true);
        self.docs.iter().flatten().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::{DocEdit, Edit, Span, SpanId};

    fn corpus(n: usize) -> Corpus {
        let docs = (0..n)
            .map(|i| {
                parse_article(
                    &format!("Title {i}\n\nAda Lovelace spoke."),
                    &format!("d{i}.md"),
                )
            })
            .collect();
        Corpus::new(docs)
    }

    fn entity(corpus: &Corpus, doc: usize, id: &str) -> Edit {
        let entry = &corpus.entries()[doc];
        let byte = entry.doc.text.find("Ada Lovelace").unwrap();
        let start = entry.doc.text[..byte].chars().count();
        Edit::add_span(
            entry.doc.id.clone(),
            Span {
                id: SpanId(id.into()),
                start,
                end: start + 12,
                label: corpus.schema().role_id(Role::Entity).to_owned(),
                note: String::new(),
                attrs: Default::default(),
                created: None,
                updated: None,
                annotator: Default::default(),
            },
        )
    }

    #[test]
    fn only_changed_documents_are_worked_out_again() {
        let mut c = corpus(4);
        let mut index = CorpusIndex::default();
        let mut worked = 0;
        assert!(index.refresh(&c, &mut || {
            worked += 1;
            true
        }));
        assert_eq!(worked, 4);
        c.apply(entity(&c, 2, "s1")).unwrap();
        let mut worked = 0;
        assert!(index.refresh(&c, &mut || {
            worked += 1;
            true
        }));
        assert_eq!(worked, 1);
        let facts = index.complete(&c);
        assert_eq!(facts[2].mentions.len(), 1);
        assert_eq!(&*facts[2].mentions[0].key, "ada lovelace");
        // A document removed and one inserted at the front: the others are found by id.
        let first = c.entries()[0].doc.id.clone();
        c.apply(Edit::Document(DocEdit::Delete(first))).unwrap();
        let fresh = corpus(1).entries()[0].as_ref().clone();
        let mut fresh = fresh;
        fresh.doc = Rc::new(parse_article("New\n\nText.", "new.md"));
        c.apply(Edit::Document(DocEdit::Insert {
            index: 0,
            entries: vec![fresh],
        }))
        .unwrap();
        let mut worked = 0;
        assert!(index.refresh(&c, &mut || {
            worked += 1;
            true
        }));
        assert_eq!(worked, 1);
        let titles: Vec<String> = index
            .complete(&c)
            .iter()
            .map(|f| f.entry.doc.title.clone())
            .collect();
        assert_eq!(titles, ["New", "Title 1", "Title 2", "Title 3"]);
    }

    #[test]
    fn a_refresh_can_stop_and_go_on_later() {
        let c = corpus(5);
        let mut index = CorpusIndex::default();
        let mut left = 2;
        let mut two = || {
            left -= 1;
            left >= 0
        };
        assert!(!index.refresh(&c, &mut two));
        let mut worked = 0;
        assert!(index.refresh(&c, &mut || {
            worked += 1;
            true
        }));
        assert_eq!(worked, 3);
    }

    #[test]
    fn another_schema_shape_makes_every_fact_stale() {
        let mut c = corpus(3);
        let mut index = CorpusIndex::default();
        index.complete(&c);
        let id = c.schema().labels()[0].id.clone();
        c.apply(Edit::Schema(crate::model::SchemaEdit::MoveLabel {
            id,
            index: 2,
        }))
        .unwrap();
        let mut worked = 0;
        index.refresh(&c, &mut || {
            worked += 1;
            true
        });
        assert_eq!(worked, 3);
    }
}
