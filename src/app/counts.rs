//! Spans per label of one document, shared by the views that show them. After an edit both
//! the annotation panel and the open document's row in the list count the same spans; at
//! 10,000 spans a count is a quarter of a millisecond, so the second asks for the first's.

use std::cell::RefCell;
use std::rc::Rc;

use crate::model::corpus_views::label_counts;
use crate::model::{LabelSchema, Span};

type Counted = (Rc<Vec<Rc<Span>>>, Rc<LabelSchema>, Rc<Vec<usize>>);

thread_local! {
    /// The last count, with the span list and schema it was made from (held, so their
    /// addresses cannot be reused by other lists while they are compared).
    static LAST: RefCell<Option<Counted>> = const { RefCell::new(None) };
}

/// [`label_counts`] of `spans` under `schema`, counted again only for another span list or
/// schema than the last one asked about (compared by address).
pub fn shared_label_counts(schema: &Rc<LabelSchema>, spans: &Rc<Vec<Rc<Span>>>) -> Rc<Vec<usize>> {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((s, l, counts)) = last.as_ref() {
            if Rc::ptr_eq(s, spans) && Rc::ptr_eq(l, schema) {
                return counts.clone();
            }
        }
        let counts = Rc::new(label_counts(schema, spans));
        *last = Some((spans.clone(), schema.clone(), counts.clone()));
        counts
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attrs, SpanId};

    fn span(id: &str, label: &str) -> Rc<Span> {
        Rc::new(Span {
            id: SpanId(id.into()),
            start: 0,
            end: 1,
            label: label.into(),
            note: String::new(),
            attrs: Attrs::default(),
            created: None,
            updated: None,
        })
    }

    #[test]
    fn counts_once_per_list_and_again_for_another() {
        let schema = Rc::new(LabelSchema::default());
        let spans = Rc::new(vec![
            span("a", "quote"),
            span("b", "entity"),
            span("c", "quote"),
        ]);
        let first = shared_label_counts(&schema, &spans);
        assert_eq!(*first, label_counts(&schema, &spans));
        // The same list: the same count, not a new one.
        assert!(Rc::ptr_eq(&first, &shared_label_counts(&schema, &spans)));
        // An equal but different list (an edit made a new one): counted again.
        let edited = Rc::new(vec![
            span("a", "claim"),
            span("b", "entity"),
            span("c", "quote"),
        ]);
        let second = shared_label_counts(&schema, &edited);
        assert!(!Rc::ptr_eq(&first, &second));
        assert_eq!(*second, label_counts(&schema, &edited));
        // Another schema over the same list: counted again.
        let other = Rc::new(LabelSchema::default());
        assert!(!Rc::ptr_eq(&second, &shared_label_counts(&other, &edited)));
    }
}
