//! What the corpus views (People, Claims) share: their props, their pages, the scroll they
//! keep, and their head with the corpus's chart. Where a user is in a view (search, filters,
//! sort, page, scroll) is the app state's [`Place`]: a change is an action, so the reducer
//! keeps it while another view is shown.

use std::cell::RefCell;
use std::rc::Rc;
use std::thread::LocalKey;

use yew::prelude::*;

use crate::app::components::chart::{corpus_chart, counts_text};
use crate::app::components::pager::{page_of, page_title, pager};
use crate::app::dom::lower::lower;
use crate::app::hooks::corpus_index::facts;
use crate::app::hooks::mount::use_mount;
use crate::app::state::view::{Place, PlaceChange, View};
use crate::app::state::Action;
use crate::model::corpus_views::corpus_label_counts;
use crate::model::facts::DocFacts;
use crate::model::{Corpus, DocId, SpanId};

#[derive(PartialEq)]
pub struct CorpusViewProps {
    /// Which view (People, Claims or Agreement; see `corpus_switch`).
    pub view: View,
    pub corpus: Corpus,
    /// Where the user is in this view.
    pub place: Place,
    pub dispatch: Callback<Action>,
}

/// Where a corpus view keeps what it computed for the last corpus it was drawn for.
pub type Kept<T> = RefCell<Option<(Corpus, Rc<T>)>>;

/// `compute` of the facts of every document of `corpus` (the page's corpus index, see
/// [`facts`]), or what `slot` kept for this very corpus (the same documents and labels): a view
/// opened again on a corpus that has not changed since draws at once.
pub fn kept<T>(
    slot: &'static LocalKey<Kept<T>>,
    corpus: &Corpus,
    compute: fn(&[Rc<DocFacts>]) -> T,
) -> Rc<T> {
    slot.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((seen, value)) = &*last {
            if Rc::ptr_eq(seen.entries(), corpus.entries())
                && Rc::ptr_eq(seen.schema(), corpus.schema())
            {
                return Rc::clone(value);
            }
        }
        let value = Rc::new(compute(&facts(corpus)));
        *last = Some((corpus.clone(), Rc::clone(&value)));
        value
    })
}

/// Spans per label in every document (by the label's place in the schema), from the index;
/// kept for the corpus (no memo in each view: each memo type copies yew's code).
pub fn corpus_counts(corpus: &Corpus) -> Rc<Vec<usize>> {
    thread_local! {
        static LAST: Kept<Vec<usize>> = const { RefCell::new(None) };
    }
    kept(&LAST, corpus, corpus_label_counts)
}

/// The callback that makes a change to the place of `view`.
pub fn place_change(view: View, dispatch: &Callback<Action>) -> Callback<PlaceChange> {
    dispatch.reform(move |change| Action::Place(view, change))
}

/// A corpus view's list of `total` items in pages of `size`: the page that holds `place`'s
/// start (where it starts), and the pagers above and below it (none for one page), whose
/// buttons turn the page. `what` names the items ("people"; "People" in titles).
pub fn view_pages(
    what: &str,
    title: &str,
    place: &Place,
    change: &Callback<PlaceChange>,
    head: &NodeRef,
    size: usize,
    total: usize,
) -> (usize, Option<Html>, Option<Html>) {
    let start = page_of(place.start, size, total);
    if total <= size {
        return (start, None, None);
    }
    let turn = |to: usize| change.reform(move |_: MouseEvent| PlaceChange::Page(to));
    let prev = (start > 0).then(|| turn(start.saturating_sub(size)));
    let next = (start + size < total).then(|| turn(start + size));
    let title = page_title(title, start, size, total);
    let above = pager(what, title.clone(), prev.clone(), next.clone(), head, false);
    let below = pager(what, title, prev, next, head, true);
    (start, Some(above), Some(below))
}

/// The view's scroll offset, given back when the view is drawn (after its first render, when
/// its items are on the page) and kept in the place when the view goes. While it is shown,
/// the offset is only followed here: a scroll draws nothing.
#[hook]
pub fn use_kept_scroll(
    place: &Place,
    change: &Callback<PlaceChange>,
) -> (NodeRef, Callback<Event>) {
    let main = use_node_ref();
    let offset = use_mut_ref(|| place.scroll);
    {
        let (main, offset, change) = (main.clone(), offset.clone(), change.clone());
        let restore = place.scroll;
        use_mount(Box::new(move || {
            if let Some(el) = main.cast::<web_sys::Element>() {
                el.set_scroll_top(restore);
            }
            Box::new(move || change.emit(PlaceChange::Scroll(*offset.borrow())))
        }));
    }
    let onscroll = {
        let main = main.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = main.cast::<web_sys::Element>() {
                *offset.borrow_mut() = el.scroll_top();
            }
        })
    };
    (main, onscroll)
}

/// The chart of the corpus's labels and the view's title, shared by both corpus views.
pub fn view_head(corpus: &Corpus, counts: &Rc<Vec<usize>>, title: &str, sub: String) -> Html {
    let schema = corpus.schema();
    let label = format!(
        "Annotations in all articles: {}",
        counts_text(schema, counts, lower)
    );
    view_heading(
        title,
        Some(sub),
        Some(corpus_chart(schema, counts, label.into())),
    )
}

/// A view's head: its title, what it shows, and a chart.
pub fn view_heading(title: &str, sub: Option<String>, chart: Option<Html>) -> Html {
    html! {
        <header class="view-head">
            <div class="view-heading">
                <h1 class="view-title">{ title }</h1>
                if let Some(sub) = sub {
                    <p class="view-sub">{ sub }</p>
                }
            </div>
            if let Some(chart) = chart {
                <figure class="view-chart">{ chart }</figure>
            }
        </header>
    }
}

/// What a view shows in place of its list: why it is empty.
pub fn view_empty(text: String) -> Html {
    html! {
        <div class="view-empty"><p>{ text }</p></div>
    }
}

/// A list key for a span of the corpus: span ids are unique within their document only (an
/// imported file keeps its own, often 1, 2, 3 in every article). Unambiguous, since a span id
/// never holds a `/`.
pub fn span_key(doc: &DocId, span: &SpanId) -> String {
    format!("{}/{}", doc.0, span.0)
}
