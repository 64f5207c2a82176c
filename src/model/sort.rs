//! The one sort routine that every list of the app goes through (spans, relations, the corpus
//! views' rows, stored and imported lists). Each `sort_by` with a new element type or closure
//! adds its own copy of the sort code, about 2 KB of wasm, so everything sorts through
//! [`sort_indices`] instead (`clippy.toml` forbids the others; CONTRIBUTING.md, "Code-size
//! idioms").

use std::cmp::Ordering;

/// Sort `order` (indices into some list) stably by `cmp`. Every list the views sort goes
/// through this one function, so the download carries one sort routine for all of them.
pub fn sort_indices(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    #[allow(clippy::disallowed_methods)] // the one sanctioned sort
    order.sort_by(|a, b| cmp(*a, *b));
}

/// Sort `items` stably by `cmp`, through [`sort_indices`]: the span, relation and view lists
/// all share its one sort routine (each `sort_by` of a new element type or closure adds its
/// own, about 2 KB of wasm). Returns at once when they are in order already, as stored and
/// edited lists nearly always are.
pub fn sort_with<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    if items.windows(2).all(|w| cmp(&w[0], &w[1]).is_le()) {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&items[a], &items[b]));
    let taken = std::mem::take(items);
    *items = reorder(taken, &order);
}

/// `items` in the order of `order` (a permutation of their indices).
pub fn reorder<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_with_is_stable_and_leaves_sorted_lists_alone() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_with(&mut v, &|a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut sorted = v.clone();
        sort_with(&mut sorted, &|a, b| a.0.cmp(&b.0));
        assert_eq!(sorted, v);
        let mut empty: Vec<u8> = Vec::new();
        sort_with(&mut empty, &|a, b| a.cmp(b));
        assert!(empty.is_empty());
    }
}
