//! Which spans overlap each block of a document, as indices into the document's span list.
//!
//! The reading view renders block by block; each block needs the spans that overlap it. Indices
//! (one flat list and a range per block) cost two allocations per edit, where cloning the spans
//! into per-block lists cost a few allocations per span.

use super::document::Document;
use std::rc::Rc;

use super::span::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockSpans {
    /// Span indices, block after block; a span over several blocks is listed for each.
    flat: Vec<u32>,
    /// For block `i`, `flat[ranges[i].0..ranges[i].1]`.
    ranges: Vec<(u32, u32)>,
}

impl BlockSpans {
    /// One sweep over the blocks and the spans (both in text order): the spans overlapping each
    /// block, in text order.
    pub fn of(doc: &Document, spans: &[Rc<Span>]) -> Self {
        let mut flat: Vec<u32> = Vec::with_capacity(spans.len() + spans.len() / 8);
        let mut ranges = Vec::with_capacity(doc.blocks.len());
        let mut next = 0usize;
        // Spans started before the current block that may still overlap it.
        let mut open: Vec<u32> = Vec::new();
        for block in &doc.blocks {
            while spans.get(next).is_some_and(|s| s.start < block.end) {
                open.push(next as u32);
                next += 1;
            }
            open.retain(|&i| spans.get(i as usize).is_some_and(|s| s.end > block.start));
            let from = flat.len() as u32;
            flat.extend(
                open.iter()
                    .copied()
                    .filter(|&i| spans.get(i as usize).is_some_and(|s| s.start < block.end)),
            );
            ranges.push((from, flat.len() as u32));
        }
        BlockSpans { flat, ranges }
    }

    /// Indices (into the span list it was made from) of the spans overlapping block `block`.
    pub fn of_block(&self, block: usize) -> &[u32] {
        self.ranges
            .get(block)
            .and_then(|&(a, b)| self.flat.get(a as usize..b as usize))
            .unwrap_or(&[])
    }

    /// Whether blocks `blocks` have the same spans (by content) in both, each with its own span
    /// list: what a view of those blocks needs to know to skip re-rendering.
    pub fn same_in(
        &self,
        spans: &[Rc<Span>],
        other: &BlockSpans,
        other_spans: &[Rc<Span>],
        blocks: std::ops::Range<usize>,
    ) -> bool {
        blocks.into_iter().all(|b| {
            let (mine, theirs) = (self.of_block(b), other.of_block(b));
            mine.len() == theirs.len()
                && mine
                    .iter()
                    .zip(theirs)
                    .all(|(&i, &j)| spans.get(i as usize) == other_spans.get(j as usize))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::SpanId;

    fn span(id: &str, start: usize, end: usize) -> Rc<Span> {
        Rc::new(Span {
            id: SpanId(id.into()),
            start,
            end,
            label: "quote".into(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        })
    }

    #[test]
    fn spans_go_to_every_block_they_overlap() {
        let doc = parse_article("Title\n\nOne two.\n\nThree four.\n", "a.txt");
        // Blocks: 0..5, 7..15, 17..28.
        let spans = vec![
            span("a", 0, 3),
            span("b", 8, 20),
            span("c", 16, 17),
            span("d", 17, 28),
        ];
        let map = BlockSpans::of(&doc, &spans);
        let ids = |b: usize| {
            map.of_block(b)
                .iter()
                .map(|&i| spans[i as usize].id.0.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(0), vec!["a"]);
        assert_eq!(ids(1), vec!["b"]);
        assert_eq!(
            ids(2),
            vec!["b", "d"],
            "c lies only in the gap between blocks"
        );
        assert!(map.of_block(9).is_empty());
    }

    #[test]
    fn sameness_is_by_content_not_by_index() {
        let doc = parse_article("Title\n\nOne two.\n\nThree four.\n", "a.txt");
        let before = vec![span("a", 0, 3), span("d", 17, 28)];
        // A span added in block 1 shifts the index of "d", but block 2 still has the same span.
        let after = vec![span("a", 0, 3), span("n", 8, 11), span("d", 17, 28)];
        let (m1, m2) = (BlockSpans::of(&doc, &before), BlockSpans::of(&doc, &after));
        assert!(m1.same_in(&before, &m2, &after, 0..1));
        assert!(!m1.same_in(&before, &m2, &after, 1..2));
        assert!(m1.same_in(&before, &m2, &after, 2..3));
        let mut relabelled = after.clone();
        Rc::make_mut(&mut relabelled[2]).label = "claim".into();
        let m3 = BlockSpans::of(&doc, &relabelled);
        assert!(!m2.same_in(&after, &m3, &relabelled, 2..3));
    }
}
