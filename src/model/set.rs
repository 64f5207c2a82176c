//! A set of strings (`String` or `&str` keys) as a map from the key to 0: the hash table code
//! of `HashMap<String, usize>` and `HashMap<&str, usize>`, which the app has anyway, instead of
//! a copy of its own for `HashSet` (docs/bundle-size.md, "One set key type").

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

/// A set of `String`s or of `&str`s.
pub struct Set<K>(HashMap<K, usize>);

impl<K> Default for Set<K> {
    fn default() -> Self {
        Set(HashMap::new())
    }
}

impl<K: Eq + Hash + Borrow<str>> Set<K> {
    pub fn new() -> Self {
        Set(HashMap::new())
    }

    pub fn with_capacity(n: usize) -> Self {
        Set(HashMap::with_capacity(n))
    }

    /// Add `key`; false when it was there already.
    pub fn insert(&mut self, key: K) -> bool {
        self.0.insert(key, 0).is_none()
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Eq + Hash + Borrow<str>> FromIterator<K> for Set<K> {
    fn from_iter<I: IntoIterator<Item = K>>(iter: I) -> Self {
        let mut set = Set::new();
        for key in iter {
            set.insert(key);
        }
        set
    }
}
