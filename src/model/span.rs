//! Spans (annotations) and the label set.

use std::fmt;

/// Identifier of a span, unique across the corpus and across browser tabs
/// (e.g. `"s-3f9a1c-17"`: a per-tab random part and a counter). Only `[A-Za-z0-9_-]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SpanId(pub String);

impl fmt::Display for SpanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A set of span ids, kept sorted (a small sorted vector: these sets are short, and the
/// browser download carries no B-tree code for them). Iterates in id order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanIdSet(Vec<SpanId>);

impl SpanIdSet {
    pub fn new() -> Self {
        SpanIdSet(Vec::new())
    }

    pub fn contains(&self, id: &SpanId) -> bool {
        self.0.binary_search(id).is_ok()
    }

    /// Add `id`; false when it was there already.
    pub fn insert(&mut self, id: SpanId) -> bool {
        match self.0.binary_search(&id) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, id);
                true
            }
        }
    }

    /// Remove `id`; false when it was not there.
    pub fn remove(&mut self, id: &SpanId) -> bool {
        match self.0.binary_search(id) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, SpanId> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<SpanId> for SpanIdSet {
    /// One insertion each (no sort: one less sort routine in the download; these sets hold
    /// the ids deleted from one document, a few hundred at most in practice).
    fn from_iter<I: IntoIterator<Item = SpanId>>(iter: I) -> Self {
        let mut set = SpanIdSet::new();
        set.extend(iter);
        set
    }
}

impl Extend<SpanId> for SpanIdSet {
    fn extend<I: IntoIterator<Item = SpanId>>(&mut self, iter: I) {
        for id in iter {
            self.insert(id);
        }
    }
}

impl IntoIterator for SpanIdSet {
    type Item = SpanId;
    type IntoIter = std::vec::IntoIter<SpanId>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a SpanIdSet {
    type Item = &'a SpanId;
    type IntoIter = std::slice::Iter<'a, SpanId>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A label definition. Labels are data (ids), so a later issue can let users add their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelDef {
    /// Stable id, stored in spans and exports: `quote`, `claim`, `entity`.
    pub id: &'static str,
    /// Shown to people and used as the button's accessible name.
    pub name: &'static str,
    /// The digit key and the letter key that apply it.
    pub digit: char,
    pub letter: char,
    /// What the label is for, shown as the toolbar button's tooltip.
    pub help: &'static str,
}

/// The default label set, in display order.
pub const LABELS: [LabelDef; 3] = [
    LabelDef {
        id: "quote",
        name: "Quote",
        digit: '1',
        letter: 'q',
        help: "Words someone said or wrote",
    },
    LabelDef {
        id: "claim",
        name: "Claim",
        digit: '2',
        letter: 'c',
        help: "A statement that can be checked",
    },
    LabelDef {
        id: "entity",
        name: "Entity",
        digit: '3',
        letter: 'e',
        help: "A person, organisation or place",
    },
];

/// The label definition for an id.
pub fn label_def(id: &str) -> Option<&'static LabelDef> {
    LABELS.iter().find(|l| l.id == id)
}

/// An annotation: a half-open range of **code points** into its document's text, with a label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub id: SpanId,
    pub start: usize,
    pub end: usize,
    /// A label id (see [`LABELS`]).
    pub label: String,
    /// Free text; empty when there is none.
    pub note: String,
    /// When the span was made and last changed (relabelled, note edited), in milliseconds
    /// since the Unix epoch. `None` when unknown: spans stored by schema version 1.
    pub created: Option<u64>,
    pub updated: Option<u64>,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// Text order: by start, then the longer (outer) span first, then by id.
    pub fn text_order(a: &Span, b: &Span) -> std::cmp::Ordering {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then_with(|| a.id.cmp(&b.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_sets_stay_sorted_and_unique() {
        let id = |s: &str| SpanId(s.into());
        let mut set: SpanIdSet = ["c", "a", "c", "b"].into_iter().map(id).collect();
        assert_eq!(set.len(), 3);
        assert!(set.contains(&id("b")) && !set.contains(&id("d")));
        assert!(set.insert(id("d")) && !set.insert(id("a")));
        assert!(set.remove(&id("b")) && !set.remove(&id("b")));
        set.extend([id("0"), id("d")]);
        let all: Vec<&str> = set.iter().map(|i| i.0.as_str()).collect();
        assert_eq!(all, ["0", "a", "c", "d"]);
        assert!(SpanIdSet::new().is_empty());
    }
}
