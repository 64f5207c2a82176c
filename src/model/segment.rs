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
pub fn segment(range: Range<usize>, spans: &[Range<usize>]) -> Vec<Segment> {
    todo!()
}
