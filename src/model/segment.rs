//! Segmentation of a block into render runs under nested and crossing spans.

use std::ops::Range;

/// A maximal run of a block in which the set of covering spans is constant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// Indices into the `spans` given to [`segment`], ascending.
    pub covering: Vec<usize>,
}

/// Split `range` at every span boundary inside it. The segments tile `range` exactly, in order;
/// each one's `covering` is exactly the spans with `start <= seg.start && seg.end <= end`;
/// neighbouring segments never have the same `covering`. Spans are clipped to `range`; spans
/// that do not intersect it, and empty spans, are ignored. An empty `range` gives no segments.
/// O((n + k) log k) for k spans.
///
/// Every boundary inside the range is the start or the end of some clipped span, and that span
/// covers exactly one side of it, so neighbouring segments differ without any merging.
#[must_use]
pub fn segment(range: Range<usize>, spans: &[Range<usize>]) -> Vec<Segment> {
    if range.start >= range.end {
        return Vec::new();
    }
    // (start, end, index) of each span clipped to the range; empty ones dropped.
    let clipped: Vec<(usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let start = s.start.max(range.start);
            let end = s.end.min(range.end);
            (start < end).then_some((start, end, i))
        })
        .collect();

    // Boundary events, sorted by position: (position, 2 * index + 1) where a span starts,
    // (position, 2 * index) where it ends. One sort of one type (this runs per block render).
    let mut events: Vec<(usize, usize)> = Vec::with_capacity(2 * clipped.len());
    for &(start, end, i) in &clipped {
        events.push((start, 2 * i + 1));
        events.push((end, 2 * i));
    }
    events.sort_unstable();

    // The spans covering the current position, ascending (a sorted vector: as deep as the
    // nesting, which is small).
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(events.len() + 1);
    let mut at = range.start;
    let mut events = events.into_iter().peekable();
    while at < range.end {
        // Apply every event at `at`, then the run lasts until the next event (or the end).
        while let Some((_, code)) = events.next_if(|&(pos, _)| pos <= at) {
            let i = code / 2;
            match (open.binary_search(&i), code % 2 == 1) {
                (Err(slot), true) => open.insert(slot, i),
                (Ok(slot), false) => {
                    open.remove(slot);
                }
                _ => {}
            }
        }
        let next = events
            .peek()
            .map_or(range.end, |&(pos, _)| pos.min(range.end));
        out.push(Segment {
            start: at,
            end: next,
            covering: open.clone(),
        });
        at = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start: usize, end: usize, covering: &[usize]) -> Segment {
        Segment {
            start,
            end,
            covering: covering.to_vec(),
        }
    }

    #[test]
    fn empty_range_gives_nothing() {
        let spans = vec![0..10, 2..4];
        assert!(segment(5..5, &spans).is_empty());
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = segment(7..3, &spans);
        assert!(reversed.is_empty());
    }

    #[test]
    fn no_spans_one_segment() {
        assert_eq!(segment(3..9, &[]), vec![seg(3, 9, &[])]);
        // Empty and outside spans are ignored.
        assert_eq!(
            segment(3..9, &[4..4, 0..3, 9..12, 20..30]),
            vec![seg(3, 9, &[])]
        );
    }

    #[test]
    fn nested_and_crossing() {
        // 0..10 with [2,8) outer, [4,6) inner, [5,9) crossing.
        assert_eq!(
            segment(0..10, &[2..8, 4..6, 5..9]),
            vec![
                seg(0, 2, &[]),
                seg(2, 4, &[0]),
                seg(4, 5, &[0, 1]),
                seg(5, 6, &[0, 1, 2]),
                seg(6, 8, &[0, 2]),
                seg(8, 9, &[2]),
                seg(9, 10, &[]),
            ]
        );
    }

    #[test]
    fn spans_are_clipped_to_the_range() {
        assert_eq!(
            segment(10..20, &[0..12, 18..30, 0..100]),
            vec![
                seg(10, 12, &[0, 2]),
                seg(12, 18, &[2]),
                seg(18, 20, &[1, 2])
            ]
        );
    }

    #[test]
    fn adjacent_and_identical_spans() {
        assert_eq!(
            segment(0..6, &[0..3, 3..6, 0..3]),
            vec![seg(0, 3, &[0, 2]), seg(3, 6, &[1])]
        );
    }

    #[test]
    fn many_spans_on_one_word() {
        let spans: Vec<_> = (0..500).map(|_| 4..9).collect();
        let out = segment(0..20, &spans);
        assert_eq!(out.len(), 3);
        assert_eq!(out[1].start, 4);
        assert_eq!(out[1].covering, (0..500).collect::<Vec<_>>());
        assert!(out[0].covering.is_empty() && out[2].covering.is_empty());
    }
}
