//! A run of consecutive rows of the annotation panel's list. An edit re-renders the one run it
//! touches, so yew compares about 20 runs in place of 500 rows; the browser skips the style,
//! layout and paint of a run off screen as a whole (`content-visibility` on the run), and
//! checks about 20 runs against the viewport in each frame instead of 500 rows.
//!
//! Where runs begin depends on the spans, not on their positions in the list: a run starts at
//! a span whose id hashes to a multiple of [`RUN`] (or after [`MAX_RUN`] rows), so adding or
//! deleting a span changes the run it falls in and leaves every other run as it was.

use std::any::Any;
use std::rc::Rc;

use yew::functional::HookContext;
use yew::prelude::*;

use crate::app::components::part::{same_as, Drawn};
use crate::app::components::span_row::row;
use crate::model::text::{Checkpoints, CpIndex};
use crate::model::{Document, LabelSchema, Span, SpanId};

/// Rows per run on average.
pub const RUN: u32 = 24;
/// Most rows in one run.
pub const MAX_RUN: usize = 64;

/// Whether a run of the list starts at the span with this id (besides the first and after
/// [`MAX_RUN`] rows): FNV-1a of the id, so the same span always answers the same.
pub fn starts_run(id: &SpanId) -> bool {
    id.hash32() % RUN == 0
}

/// `rows` cut into runs (see the module's notes), in order.
pub fn runs(rows: &[Rc<Span>]) -> Vec<&[Rc<Span>]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, span) in rows.iter().enumerate() {
        if i > start && (i - start >= MAX_RUN || starts_run(&span.id)) {
            out.push(&rows[start..i]);
            start = i;
        }
    }
    if start < rows.len() {
        out.push(&rows[start..]);
    }
    out
}

pub struct SpanChunkProps {
    pub rows: Rc<[Rc<Span>]>,
    /// The selected span, only when it is one of these rows.
    pub selected: Option<SpanId>,
    pub doc: Rc<Document>,
    /// Checkpoints of `doc.text` (the panel makes them once per document).
    pub marks: Rc<Checkpoints>,
    pub schema: Rc<LabelSchema>,
}

impl PartialEq for SpanChunkProps {
    /// By the spans of the run (their addresses; a span rebuilt equal counts as the same).
    fn eq(&self, other: &Self) -> bool {
        self.selected == other.selected
            && self.rows.len() == other.rows.len()
            && self
                .rows
                .iter()
                .zip(other.rows.iter())
                .all(|(a, b)| Rc::ptr_eq(a, b) || a == b)
            && Rc::ptr_eq(&self.doc, &other.doc)
            && Rc::ptr_eq(&self.marks, &other.marks)
            && Rc::ptr_eq(&self.schema, &other.schema)
    }
}

impl Drawn for SpanChunkProps {
    fn draw(&self, _: &mut HookContext) -> Html {
        span_chunk(self)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

/// A run of rows (a [`crate::app::components::part::Part`]).
fn span_chunk(props: &SpanChunkProps) -> Html {
    let text = CpIndex::with(&props.doc.text, &props.marks);
    let rows = props.rows.iter().map(|span| {
        row(
            span,
            props.selected.as_ref() == Some(&span.id),
            &text,
            &props.schema,
        )
    });
    // The run groups rows for layout only: `role="none"`, so assistive technology sees the
    // rows as the items of the panel's list.
    html! {
        <div class="span-run" role="none">{ for rows }</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(ids: impl IntoIterator<Item = String>) -> Vec<Rc<Span>> {
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| {
                Rc::new(Span {
                    id: SpanId(id),
                    start: i * 10,
                    end: i * 10 + 5,
                    label: "quote".into(),
                    note: String::new(),
                    attrs: Default::default(),
                    created: None,
                    updated: None,
                    annotator: Default::default(),
                })
            })
            .collect()
    }

    fn ids(runs: &[&[Rc<Span>]]) -> Vec<Vec<String>> {
        runs.iter()
            .map(|r| r.iter().map(|s| s.id.0.clone()).collect())
            .collect()
    }

    #[test]
    fn runs_cover_the_rows_in_order_with_bounded_sizes() {
        let rows = spans((0..2000).map(|i| format!("s{i}")));
        let cut = runs(&rows);
        let flat: Vec<&Rc<Span>> = cut.iter().flat_map(|r| r.iter()).collect();
        assert_eq!(flat.len(), rows.len());
        assert!(flat.iter().zip(rows.iter()).all(|(a, b)| Rc::ptr_eq(a, b)));
        assert!(cut.iter().all(|r| !r.is_empty() && r.len() <= MAX_RUN));
        // About RUN rows a run on average.
        let mean = rows.len() / cut.len();
        assert!((12..=40).contains(&mean), "mean run {mean}");
        // Every run but the first starts at a span that starts a run, or after a full run.
        for pair in cut.windows(2) {
            assert!(starts_run(&pair[1][0].id) || pair[0].len() == MAX_RUN);
        }
        assert!(runs(&[]).is_empty());
    }

    #[test]
    fn adding_or_deleting_a_row_changes_only_its_run() {
        let rows = spans((0..600).map(|i| format!("span-{i}")));
        let cut = runs(&rows);
        let before = ids(&cut);
        let changed = |a: &[Vec<String>]| a.iter().filter(|run| !before.contains(run)).count();
        // A run not cut short by MAX_RUN (so it ends where the next one's span says), in the
        // middle of the list: its second row's index.
        let (at, run) = cut
            .iter()
            .enumerate()
            .skip(cut.len() / 2)
            .find(|(_, r)| (3..MAX_RUN - 1).contains(&r.len()))
            .unwrap();
        let second = cut[..at].iter().map(|r| r.len()).sum::<usize>() + 1;
        assert!(Rc::ptr_eq(&rows[second], &run[1]));
        // A new row that does not start a run, inserted there.
        let new_id = (0..)
            .map(|i| format!("new-{i}"))
            .find(|id| !starts_run(&SpanId(id.clone())))
            .unwrap();
        let mut added = rows.clone();
        added.insert(second, spans([new_id]).remove(0));
        let after = ids(&runs(&added));
        assert_eq!(after.len(), before.len());
        assert_eq!(changed(&after), 1);
        // Deleting that row changes only its run too.
        let mut deleted = rows.clone();
        deleted.remove(second);
        let after = ids(&runs(&deleted));
        assert_eq!(after.len(), before.len());
        assert_eq!(changed(&after), 1);
    }
}
