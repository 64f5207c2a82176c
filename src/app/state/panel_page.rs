//! The annotation panel's page: which page of a long span list the user sees, and how it
//! follows the open document, the label filter and each reveal. Pure, so the reducer keeps it.

use std::rc::Rc;

use crate::model::Span;

/// Spans on one page of the list. A longer list is paged (and the page follows the revealed
/// span), so a document with 10,000 spans renders 500 rows, not 10,000.
pub const PAGE: usize = 500;

/// What the list's page follows: the document, the label filter, and the last reveal (its
/// counter).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListKey {
    pub doc: Option<String>,
    pub filter: Option<String>,
    pub reveal: Option<u32>,
}

/// The page of the list a user sees, across renders: held by the span its first row shows
/// (`None`: the list's start), not by its place, so an edit before the page does not shift
/// its rows (which would draw two runs of rows again at every such edit).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pager {
    pub first: Option<Rc<Span>>,
    seen: ListKey,
}

impl Pager {
    /// Whether the page turns now, and to the page that starts at which place of the list:
    /// for another document or filter, to the first (or to the revealed span's page, when it
    /// is on the list); at a reveal (j / k, a click on a row, a mention opened from People or
    /// Claims), to the revealed span's page; else not, whether it was turned by hand or not.
    /// An add or a click in the text selects a span without turning the page: the selected
    /// span is shown above the list, and drawing another page of 500 rows would take an add at
    /// 1 MB from one frame to three (bench/RESULTS.md). `at` finds the revealed span's place in
    /// the list (asked only when the page may turn).
    pub fn turn(&mut self, key: ListKey, at: impl FnOnce() -> Option<usize>) -> Option<usize> {
        let other_list = key.doc != self.seen.doc || key.filter != self.seen.filter;
        let mut to = None;
        if other_list || key.reveal != self.seen.reveal {
            match at().filter(|_| key.reveal.is_some()) {
                Some(at) => to = Some(at / PAGE * PAGE),
                None if other_list => to = Some(0),
                None => {}
            }
        }
        self.seen = key;
        to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_turns_at_reveals_and_starts_over_for_another_list() {
        let key = |doc: &str, filter: Option<&str>, reveal: Option<u32>| ListKey {
            doc: Some(doc.to_owned()),
            filter: filter.map(str::to_owned),
            reveal,
        };
        // A revealed span at place `at` of the list (`None`: not on it).
        let turn = |pager: &mut Pager, doc, filter, reveal: Option<(u32, Option<usize>)>| {
            pager.turn(key(doc, filter, reveal.map(|(n, _)| n)), || {
                reveal.and_then(|(_, at)| at)
            })
        };
        let mut pager = Pager::default();
        assert_eq!(turn(&mut pager, "a", None, None), Some(0));
        // Nothing it follows changed: no turn (a page turned by hand stays).
        assert_eq!(turn(&mut pager, "a", None, None), None);
        // A reveal turns to the start of the revealed span's page, each time.
        assert_eq!(turn(&mut pager, "a", None, Some((1, Some(499)))), Some(0));
        assert_eq!(turn(&mut pager, "a", None, Some((2, Some(500)))), Some(500));
        assert_eq!(turn(&mut pager, "a", None, Some((2, Some(500)))), None);
        assert_eq!(
            turn(&mut pager, "a", None, Some((3, Some(1700)))),
            Some(1_500)
        );
        // The revealed span moving (an add before it) or leaving the list (deleted) does not
        // turn the page; nor does a selection without a reveal (not part of the key).
        assert_eq!(turn(&mut pager, "a", None, Some((3, Some(1800)))), None);
        assert_eq!(turn(&mut pager, "a", None, Some((3, None))), None);
        // A revealed span not on the list (filtered out) leaves the page as it is.
        assert_eq!(turn(&mut pager, "a", None, Some((4, None))), None);
        // Another filter or document starts at the first page, or at the revealed span's.
        assert_eq!(
            turn(&mut pager, "a", Some("quote"), Some((4, None))),
            Some(0)
        );
        assert_eq!(turn(&mut pager, "b", Some("quote"), None), Some(0));
        assert_eq!(
            turn(&mut pager, "c", None, Some((5, Some(1200)))),
            Some(1_000)
        );
        assert_eq!(turn(&mut pager, "d", None, Some((5, Some(700)))), Some(500));
    }
}
