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
/// edited lists nearly always are. Only the comparison and the swaps are generic: the check,
/// the sort and the permutation are one copy for every element type.
pub fn sort_with<T>(items: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering) {
    let swaps = sorting_swaps(items.len(), &|a, b| cmp(&items[a], &items[b]));
    for (a, b) in swaps {
        items.swap(a, b);
    }
}

/// The swaps that sort a list of `len` items stably by `cmp` (of their indices), in order;
/// none when the list is in order already.
fn sorting_swaps(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<(usize, usize)> {
    if (1..len).all(|i| cmp(i - 1, i).is_le()) {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..len).collect();
    sort_indices(&mut order, cmp);
    permutation_swaps(order)
}

/// The swaps that bring the item at `order[k]` to `k`, for every `k` (`order` a permutation of
/// the indices): each cycle of the permutation followed once, its places marked done as
/// `order[j] = j`.
fn permutation_swaps(mut order: Vec<usize>) -> Vec<(usize, usize)> {
    let mut swaps = Vec::new();
    for i in 0..order.len() {
        let mut j = i;
        loop {
            let next = order[j];
            order[j] = j;
            if next == i || next == j {
                break;
            }
            swaps.push((j, next));
            j = next;
        }
    }
    swaps
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

    #[test]
    fn sort_with_sorts_every_permutation_of_five() {
        fn permutations(v: Vec<u8>, out: &mut Vec<Vec<u8>>) {
            if v.len() <= 1 {
                out.push(v);
                return;
            }
            for i in 0..v.len() {
                let mut rest = v.clone();
                let first = rest.remove(i);
                let mut tails = Vec::new();
                permutations(rest, &mut tails);
                for mut t in tails {
                    t.insert(0, first);
                    out.push(t);
                }
            }
        }
        let mut all = Vec::new();
        permutations(vec![0, 1, 2, 3, 4], &mut all);
        assert_eq!(all.len(), 120);
        for p in all {
            // Pairs of equal keys keep their order (stable).
            let mut v: Vec<(u8, u8)> = p.iter().map(|&k| (k / 2, k)).collect();
            let want: Vec<(u8, u8)> = (0..3)
                .flat_map(|k| v.iter().filter(move |x| x.0 == k).copied())
                .collect();
            sort_with(&mut v, &|a, b| a.0.cmp(&b.0));
            assert_eq!(v, want, "from {p:?}");
        }
    }
}
