//! The Claims view: every claim of the corpus in one table (`model::corpus_views::claim_rows`):
//! its text, article, claimant, check-worthiness and verdict. A click on a header sorts by
//! that column (again: the other way round); a text box and a check-worthiness select filter
//! the rows; each claim opens its article at the claim. Rows are computed only while the view
//! is shown, and again only when the corpus changes (they are kept while the view is closed).

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::button::{search_box, text_button};
use crate::app::components::class_list::{class_list, when};

use crate::app::components::corpus_view::{
    corpus_counts, kept, place_change, span_key, use_kept_scroll, view_empty, view_head,
    view_pages, CorpusViewProps, Kept,
};
use crate::app::shortcuts::label_keys;
use crate::app::state::{Action, PlaceChange, View};
use crate::model::corpus_views::{
    claim_rows, claim_view, CheckFilter, ClaimColumn, ClaimRow, CHECKWORTHY,
};
use crate::model::facts::DocFacts;
use crate::model::words::plural;
use crate::model::{Corpus, Role};

/// Rows on one page.
const PAGE: usize = 500;

/// The select's value for a filter: `*` any, `-` not set, `=` and a choice.
fn filter_of(value: &str) -> CheckFilter {
    match value {
        "-" => CheckFilter::Unset,
        v => match v.strip_prefix('=') {
            Some(choice) => CheckFilter::Is(choice.to_owned()),
            None => CheckFilter::Any,
        },
    }
}

/// A check-worthiness as a class: `cw-check-worthy`, `cw-not-check-worthy`, `cw-unsure`
/// (another value: `cw-other`).
fn check_class(value: &str) -> &'static str {
    match value {
        "check-worthy" => "cw-check-worthy",
        "not check-worthy" => "cw-not-check-worthy",
        "unsure" => "cw-unsure",
        _ => "cw-other",
    }
}

/// A cell's value, or a dash when there is none; `chip` gives a value the class of a chip.
fn or_dash(value: &Option<String>, chip: Option<fn(&str) -> &'static str>) -> Html {
    match (value, chip) {
        (Some(v), Some(class)) => {
            html! { <span class={class_list(&["cw", class(v)])}>{ v.clone() }</span> }
        }
        (Some(v), None) => html! { { v.clone() } },
        (None, _) => html! { <span class="none" title="Not set">{ "—" }</span> },
    }
}

fn row_html(row: &ClaimRow, dispatch: &Callback<Action>) -> Html {
    let open = {
        let (doc, span) = (row.doc.clone(), row.span.clone());
        dispatch.reform(move |_: MouseEvent| Action::RevealIn(doc.clone(), span.clone()))
    };
    html! {
        <tr key={span_key(&row.doc, &row.span)}>
            <td class="claim-cell">
                { text_button("claim-link", row.text.clone(), None, false, open) }
            </td>
            <td class="doc-cell">{ row.title.clone() }</td>
            <td>{ or_dash(&row.claimant, None) }</td>
            <td>{ or_dash(&row.checkworthy, Some(check_class)) }</td>
            <td class="verdict-cell">{ or_dash(&row.verdict, None) }</td>
        </tr>
    }
}

thread_local! {
    /// The rows of the last corpus the view was drawn for, kept while it is closed.
    static LAST: Kept<Vec<Rc<DocFacts>>> = const { RefCell::new(None) };
}

/// The facts whose claims are the rows ([`claim_rows`]), or those kept for this very corpus.
fn facts_of(corpus: &Corpus) -> Rc<Vec<Rc<DocFacts>>> {
    kept(&LAST, corpus, <[Rc<DocFacts>]>::to_vec)
}

/// The view's hooks and markup, run by the corpus view part (`corpus_switch`).
#[hook]
pub fn use_claims_view(props: &CorpusViewProps) -> Html {
    // Kept for the corpus already (`kept`): no memo of its own type (each copies yew's code).
    let facts = facts_of(&props.corpus);
    let rows = claim_rows(&facts);
    let counts = corpus_counts(&props.corpus);
    // The filters, the sort and the page are the app state's place for this view (a change is
    // an action; a new filter or sort shows its first page).
    let change = place_change(View::Claims, &props.dispatch);
    let (main, onscroll) = use_kept_scroll(&props.place, &change);
    let head = use_node_ref();
    let oninput = change.reform(|e: InputEvent| {
        let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
        PlaceChange::Query(input.value())
    });
    let onchange = change.reform(|e: Event| {
        let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
        PlaceChange::Check(filter_of(&select.value()))
    });
    let place = &props.place;
    let (query, check, sort) = (place.query.clone(), place.check.clone(), place.sort);
    let shown = claim_view(&rows, &query, &check, sort);
    let schema = props.corpus.schema();
    let choices = schema
        .attr(schema.role_id(Role::Claim), CHECKWORTHY)
        .map(|a| a.kind.choices().to_vec())
        .unwrap_or_default();
    let options = choices.iter().map(|c| {
        let selected = check == CheckFilter::Is(c.clone());
        html! { <option value={format!("={c}")} {selected}>{ c.clone() }</option> }
    });
    let headers = ClaimColumn::ALL.iter().map(|&column| {
        let onclick = change.reform(move |_: MouseEvent| PlaceChange::Sort(sort.click(column)));
        let aria = sort.aria(column);
        let arrow = match aria {
            "ascending" => "\u{25b2}",
            "descending" => "\u{25bc}",
            _ => "\u{2195}",
        };
        html! {
            <th scope="col" aria-sort={aria} class={class_list(&[when(aria != "none", "sorted")])}>
                <button type="button" class="sort-button" {onclick}>
                    { column.name() }
                    <span class="sort-arrow" aria-hidden="true">{ arrow }</span>
                </button>
            </th>
        }
    });
    let docs = {
        let mut n = 0;
        for (i, r) in rows.iter().enumerate() {
            if i == 0 || rows[i - 1].doc != r.doc {
                n += 1;
            }
        }
        n
    };
    let sub = format!(
        "{} in {}",
        plural(rows.len(), "claim", "claims"),
        plural(docs, "article", "articles")
    );
    let filtering = !query.trim().is_empty() || check != CheckFilter::Any;
    let body = if rows.is_empty() {
        let keys = label_keys(schema, schema.role_id(Role::Claim))
            .map(|k| format!(" ({k})"))
            .unwrap_or_default();
        view_empty(format!("No claims yet. Select a statement that can be checked in an article and tag it as a claim{keys}; with its claimant, check-worthiness and verdict, it is listed here with every other claim of the corpus."))
    } else if shown.is_empty() {
        view_empty("No claims match these filters.".to_owned())
    } else {
        let (start, head, foot) = view_pages(
            "claims",
            "Claims",
            &props.place,
            &change,
            &head,
            PAGE,
            shown.len(),
        );
        html! {
            <>
                { for head }
                <div class="table-wrap">
                    <table class="claims-table">
                        <thead><tr>{ for headers }</tr></thead>
                        <tbody>
                            { for shown.iter().skip(start).take(PAGE).map(|&i| row_html(rows[i], &props.dispatch)) }
                        </tbody>
                    </table>
                </div>
                { for foot }
            </>
        }
    };
    html! {
        <main class="corpus-view" aria-label="Claims" ref={main} {onscroll}>
            { view_head(&props.corpus, &counts, "Claims", sub) }
            if !rows.is_empty() {
                <div class="view-tools">
                    { search_box("view-search", "Filter claims", "Filter claims", query, oninput) }
                    <select class="view-select" aria-label="Filter by check-worthiness" {onchange}>
                        <option value="*" selected={check == CheckFilter::Any}>{ "Any check-worthiness" }</option>
                        { for options }
                        <option value="-" selected={check == CheckFilter::Unset}>{ "Not set" }</option>
                    </select>
                    if filtering {
                        <span class="view-count" role="status">
                            { format!("{} of {}", shown.len(), rows.len()) }
                        </span>
                    }
                </div>
            }
            { body }
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_values_and_classes() {
        assert_eq!(filter_of("*"), CheckFilter::Any);
        assert_eq!(filter_of("-"), CheckFilter::Unset);
        assert_eq!(filter_of("=unsure"), CheckFilter::Is("unsure".into()));
        assert_eq!(filter_of("=-"), CheckFilter::Is("-".into()));
        assert_eq!(check_class("not check-worthy"), "cw-not-check-worthy");
        assert_eq!(check_class("maybe"), "cw-other");
    }
}
