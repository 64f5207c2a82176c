//! Spans (annotations) and the label set.

use std::fmt;
use std::rc::Rc;

/// Identifier of a span, unique within its document. Spans made in the app get a per-tab
/// random part and a counter (e.g. `"s-3f9a1c-17"`), so two tabs never pick the same one;
/// imported files keep their own ids (often `1`, `2`, `3` in every document). Always
/// [`valid_id`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SpanId(pub String);

/// `[A-Za-z0-9_-]{1,64}`: the one rule for label, attribute, span and relation ids, wherever
/// they come from (a file, storage, another tab).
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl SpanId {
    /// The id `id`, if it is [`valid_id`].
    #[must_use]
    pub fn parse(id: &str) -> Option<SpanId> {
        valid_id(id).then(|| SpanId(id.to_owned()))
    }

    /// FNV-1a (32 bits) of the id: the same span always answers the same, in every tab and
    /// build. It places a span in the panel's runs and in its stored page.
    pub fn hash32(&self) -> u32 {
        fnv32(&self.0)
    }

    /// The id this span takes in the layer of `annotator` when another layer of its document
    /// already has its id (an import from another annotator's file: ids like `1`, `2`, `3`
    /// repeat across files). The same for the same id and name on every import, so importing a
    /// file again finds its spans; [`valid_id`] (64 characters at most).
    #[must_use]
    pub fn in_layer(&self, annotator: &str) -> SpanId {
        SpanId(layer_id(&self.0, annotator))
    }
}

/// FNV-1a (32 bits) of `text`.
pub fn fnv32(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// `id` (cut to 55 characters) and the hash of `annotator`: see [`SpanId::in_layer`].
pub fn layer_id(id: &str, annotator: &str) -> String {
    let cut = id.char_indices().nth(55).map_or(id, |(at, _)| &id[..at]);
    format!("{cut}-{:08x}", fnv32(annotator))
}

impl fmt::Display for SpanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A set of ids, kept sorted (a small sorted vector: these sets are short, and the browser
/// download carries no B-tree code for them). Iterates in id order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdSet<T>(Vec<T>);

/// Span ids (deleted spans: tombstones).
pub type SpanIdSet = IdSet<SpanId>;

impl<T> Default for IdSet<T> {
    fn default() -> Self {
        IdSet(Vec::new())
    }
}

impl<T: Ord> IdSet<T> {
    pub fn new() -> Self {
        IdSet(Vec::new())
    }

    pub fn contains(&self, id: &T) -> bool {
        self.0.binary_search(id).is_ok()
    }

    /// Add `id`; false when it was there already.
    pub fn insert(&mut self, id: T) -> bool {
        match self.0.binary_search(&id) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, id);
                true
            }
        }
    }

    /// Remove `id`; false when it was not there.
    pub fn remove(&mut self, id: &T) -> bool {
        match self.0.binary_search(id) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Ord> FromIterator<T> for IdSet<T> {
    /// One insertion each (no sort: one less sort routine in the download; these sets hold
    /// the ids deleted from one document, a few hundred at most in practice).
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = IdSet::new();
        set.extend(iter);
        set
    }
}

impl<T: Ord> Extend<T> for IdSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for id in iter {
            self.insert(id);
        }
    }
}

impl<T> IntoIterator for IdSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a IdSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// An annotation: a half-open range of **code points** into its document's text, with a label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub id: SpanId,
    pub start: usize,
    pub end: usize,
    /// A label id of the corpus's [`LabelSchema`](super::labels::LabelSchema).
    pub label: String,
    /// Free text; empty when there is none.
    pub note: String,
    /// Attribute values (attribute id → value), valid for the label in the schema.
    pub attrs: Attrs,
    /// When the span was made and last changed (relabelled, note edited), in milliseconds
    /// since the Unix epoch. `None` when unknown: spans stored by schema version 1.
    pub created: Option<u64>,
    pub updated: Option<u64>,
    /// Who made it: the name of the annotator whose layer it is in. Empty: this browser's
    /// annotator, before they gave a name (data of storage version 5 and before).
    pub annotator: Rc<str>,
}

#[cfg(test)]
impl Span {
    /// A span for the unit tests: no note, values or times.
    pub(crate) fn test(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span {
            id: SpanId(id.to_owned()),
            start,
            end,
            label: label.to_owned(),
            note: String::new(),
            attrs: Attrs::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        }
    }
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

/// A span's attribute values: (attribute id, value) pairs sorted by id, ids unique, values
/// never empty. A small vector: a span has a handful at most, and one without any costs
/// nothing to clone.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Attrs(Vec<(String, String)>);

impl Attrs {
    pub fn new() -> Self {
        Attrs(Vec::new())
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| self.0[i].1.as_str())
    }

    /// Set (`Some`) or remove (`None`) a value; returns the old one. An empty value removes.
    pub fn set(&mut self, key: &str, value: Option<String>) -> Option<String> {
        let value = value.filter(|v| !v.is_empty());
        match (self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)), value) {
            (Ok(i), Some(v)) => Some(std::mem::replace(&mut self.0[i].1, v)),
            (Ok(i), None) => Some(self.0.remove(i).1),
            (Err(i), Some(v)) => {
                self.0.insert(i, (key.to_owned(), v));
                None
            }
            (Err(_), None) => None,
        }
    }

    /// In id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keep the pairs `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        self.0.retain(|(k, v)| keep(k, v));
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Attrs {
    /// Later pairs replace earlier ones with the same id; empty values are left out.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut attrs = Attrs::new();
        for (k, v) in iter {
            attrs.set(&k.into(), Some(v.into()));
        }
        attrs
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

    #[test]
    fn attrs_stay_sorted_and_never_hold_empty_values() {
        let mut a: Attrs = [("type", "person"), ("canonical", "X"), ("type", "place")]
            .into_iter()
            .collect();
        let pairs: Vec<_> = a.iter().collect();
        assert_eq!(pairs, [("canonical", "X"), ("type", "place")]);
        assert_eq!(a.set("b", Some(String::new())), None);
        assert_eq!(a.len(), 2);
        assert_eq!(a.set("canonical", None), Some("X".into()));
        assert_eq!(a.set("canonical", None), None);
        assert_eq!(a.set("type", Some("event".into())), Some("place".into()));
        assert_eq!(a.get("type"), Some("event"));
        assert_eq!(a.get("zzz"), None);
        a.retain(|k, _| k != "type");
        assert!(a.is_empty());
    }
}
