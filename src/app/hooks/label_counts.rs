//! `use_label_counts`: spans per label of the open document, counted once per change for the
//! annotation panel and the document's row in the list (at 10,000 spans a count is a quarter
//! of a millisecond).

use std::rc::Rc;

use yew::prelude::*;

use crate::app::same::Same;
use crate::model::corpus_views::label_counts;
use crate::model::{DocEntry, LabelSchema};

/// [`label_counts`] of `entry`'s spans under `schema` (none without a document), counted
/// again only for another span list or schema (compared by address).
#[hook]
pub fn use_label_counts(entry: Option<&Rc<DocEntry>>, schema: &Rc<LabelSchema>) -> Rc<Vec<usize>> {
    let counts = use_memo(
        (entry.map(|e| Same(e.spans.clone())), Same(schema.clone())),
        |(spans, schema)| {
            Rc::new(
                spans
                    .as_ref()
                    .map(|s| label_counts(&schema.0, &s.0))
                    .unwrap_or_default(),
            )
        },
    );
    (*counts).clone()
}
