//! The People view: every entity of the corpus as a card (`model::corpus_views::person_cards`)
//! with its type and external id, its mentions grouped by article with the words around
//! them, the quotes attributed to it and the claims it makes. Each mention, quote and claim
//! opens its article at that span. "Find people" narrows the cards by any spelling; a card
//! that is probably another spelled differently offers a Merge (one undo step).
//!
//! The cards are computed only while the view is shown, and again only when the corpus
//! changes (not on a keystroke in the search box, nor when the view is opened again on the
//! same corpus). A long list is paged; the search, the page
//! and the scroll are kept in the app state's `Place` for the view while another view is shown, so a user who
//! opens a mention comes back to the card they left.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::corpus_view::{
    kept, place_change, span_key, use_kept_scroll, view_head, view_pages, CorpusViewProps, Kept,
};
use crate::app::dom::ids::now_ms;
use crate::app::shortcuts::label_keys;
use crate::app::state::{Action, PlaceChange, View};
use crate::model::corpus_views::{
    card_matches, corpus_label_counts, person_cards, PersonCard, SpanView,
};
use crate::model::entities::normalize_name;
use crate::model::words::plural;
use crate::model::{Corpus, Role};

/// Cards on one page.
const PAGE: usize = 100;
/// Most mentions listed on a card.
const MENTION_LIMIT: usize = 40;
/// Quotes or claims shown on a card, and merge suggestions: the rest are counted ("and 12
/// more"). In a large corpus a card can have thousands of each, and drawing them all took
/// seconds of layout.
const LINK_LIMIT: usize = 40;
const SUGGESTION_LIMIT: usize = 5;

/// A link to a span: opens its article there.
fn reveal(dispatch: &Callback<Action>, view: &SpanView) -> Callback<MouseEvent> {
    let (doc, span) = (view.doc.clone(), view.span.clone());
    dispatch.reform(move |_: MouseEvent| Action::RevealIn(doc.clone(), span.clone()))
}

/// A card's mentions, grouped by article (consecutive mentions of one article).
fn mentions(card: &PersonCard, dispatch: &Callback<Action>) -> Html {
    let shown = &card.mentions[..card.mentions.len().min(MENTION_LIMIT)];
    let mut groups: Vec<&[SpanView]> = Vec::new();
    let mut from = 0;
    for i in 1..=shown.len() {
        if i == shown.len() || shown[i].doc != shown[from].doc {
            groups.push(&shown[from..i]);
            from = i;
        }
    }
    let groups = groups.into_iter().map(|group| {
        let items = group.iter().map(|m| {
            html! {
                <li key={m.span.0.clone()}>
                    <button type="button" class="mention" onclick={reveal(dispatch, m)}>
                        <span class="mention-context">{ m.before.clone() }</span>
                        <mark class="mention-text">{ m.text.clone() }</mark>
                        <span class="mention-context">{ m.after.clone() }</span>
                    </button>
                </li>
            }
        });
        html! {
            <li class="mention-group" key={group[0].doc.0.clone()}>
                <h4 class="mention-doc">{ group[0].title.clone() }</h4>
                <ul class="mention-list">{ for items }</ul>
            </li>
        }
    });
    let more = card.mentions.len().saturating_sub(MENTION_LIMIT);
    html! {
        <>
            <ul class="mention-groups" aria-label="Mentions">{ for groups }</ul>
            if more > 0 {
                <p class="card-more">{ format!("and {more} more") }</p>
            }
        </>
    }
}

/// Quotes or claims: each its text and its article, a link to it.
fn span_links(title: &str, spans: &[SpanView], dispatch: &Callback<Action>) -> Html {
    if spans.is_empty() {
        return Html::default();
    }
    let items = spans.iter().take(LINK_LIMIT).map(|q| {
        html! {
            <li key={span_key(&q.doc, &q.span)}>
                <button type="button" class="span-link" onclick={reveal(dispatch, q)}>
                    <span class="span-link-text">{ format!("\u{201c}{}\u{201d}", q.text) }</span>
                    <span class="span-link-doc">{ q.title.clone() }</span>
                </button>
            </li>
        }
    });
    html! {
        <section class="card-section">
            <h3 class="card-section-title">{ title }</h3>
            <ul class="span-links" aria-label={title.to_owned()}>{ for items }</ul>
            if spans.len() > LINK_LIMIT {
                <p class="card-more">{ format!("and {} more", spans.len() - LINK_LIMIT) }</p>
            }
        </section>
    }
}

fn card_html(card: &PersonCard, dispatch: &Callback<Action>) -> Html {
    let c = &card.card;
    let stats = {
        let mut s = plural(c.mentions.len(), "mention", "mentions");
        s.push_str(" in ");
        s.push_str(&plural(card.docs, "article", "articles"));
        if !c.quotes.is_empty() {
            s.push_str(" · ");
            s.push_str(&plural(c.quotes.len(), "quote", "quotes"));
        }
        if !c.claims.is_empty() {
            s.push_str(" · ");
            s.push_str(&plural(c.claims.len(), "claim", "claims"));
        }
        s
    };
    let more_suggestions = card.suggestions.len().saturating_sub(SUGGESTION_LIMIT);
    let suggestions = card.suggestions.iter().take(SUGGESTION_LIMIT).map(|s| {
        let onclick = {
            let (merge, keep) = (Box::new(c.clone()), Box::new((*s.keep).clone()));
            dispatch.reform(move |_: MouseEvent| Action::MergeEntities {
                merge: merge.clone(),
                keep: keep.clone(),
                now: now_ms(),
            })
        };
        html! {
            <p class="merge-hint" key={s.keep.key.clone()}>
                <span>
                    <strong>{ c.name.clone() }</strong>{ " may be the same as " }
                    <strong>{ s.keep.name.clone() }</strong>
                </span>
                <button type="button" class="button small" {onclick}
                        aria-label={format!("Merge {} into {}", c.name, s.keep.name)}>
                    { "Merge" }
                </button>
            </p>
        }
    });
    html! {
        <article class="person-card" key={c.key.clone()} aria-label={c.name.clone()}>
            <header class="person-head">
                <h2 class="person-name">{ c.name.clone() }</h2>
                <div class="person-tags">
                    if let Some(kind) = &c.kind {
                        <span class="chip entity">{ kind.clone() }</span>
                    }
                    if let Some(id) = &c.external_id {
                        <code class="external-id" title="External id">{ id.clone() }</code>
                    }
                </div>
                <p class="person-stats">{ stats }</p>
            </header>
            { for suggestions }
            if more_suggestions > 0 {
                <p class="card-more">{ format!("and {} more possible spellings", more_suggestions) }</p>
            }
            <section class="card-section">
                <h3 class="card-section-title">{ "Mentions" }</h3>
                { mentions(card, dispatch) }
            </section>
            { span_links("Quotes", &card.quotes, dispatch) }
            { span_links("Claims", &card.claims, dispatch) }
        </article>
    }
}

thread_local! {
    /// The cards of the last corpus the view was drawn for, kept while it is closed.
    static LAST: Kept<Vec<PersonCard>> = const { RefCell::new(None) };
}

/// [`person_cards`], or the cards kept for this very corpus.
fn cards_of(corpus: &Corpus) -> Rc<Vec<PersonCard>> {
    kept(&LAST, corpus, person_cards)
}

#[component]
pub fn PeopleView(props: &CorpusViewProps) -> Html {
    let cards = use_memo(props.corpus.clone(), cards_of);
    let counts = use_memo(props.corpus.clone(), |c| Rc::new(corpus_label_counts(c)));
    // The search and the page are the app state's place for this view (a change is an action).
    let change = place_change(View::People, &props.dispatch);
    let (main, onscroll) = use_kept_scroll(&props.place, &change);
    let head = use_node_ref();
    let oninput = {
        let change = change.clone();
        move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                change.emit(PlaceChange::Query(input.value()));
            }
        }
    };
    let query = props.place.query.clone();
    let wanted = normalize_name(&query);
    let found: Vec<&PersonCard> = cards.iter().filter(|c| card_matches(c, &wanted)).collect();
    let found_count = found.len();
    let docs = props.corpus.len();
    let sub = format!(
        "{} across {}",
        plural(cards.len(), "entity", "entities"),
        plural(docs, "article", "articles")
    );
    let body = if cards.is_empty() {
        let keys = label_keys(
            props.corpus.schema(),
            props.corpus.schema().role_id(Role::Entity),
        )
        .map(|k| format!(" ({k})"))
        .unwrap_or_default();
        html! {
            <div class="view-empty">
                <p>{ format!("No entities yet. Select a name in an article and tag it as an entity{keys}: each person, organisation or place becomes a card here, with its mentions in every article, the quotes it said and the claims it made.") }</p>
            </div>
        }
    } else if found.is_empty() {
        html! {
            <div class="view-empty">
                <p>{ format!("No one is called anything like \u{201c}{}\u{201d}.", query.trim()) }</p>
            </div>
        }
    } else {
        let (start, head, foot) = view_pages(
            "people",
            "People",
            &props.place,
            &change,
            &head,
            PAGE,
            found_count,
        );
        html! {
            <>
                { for head }
                <div class="person-grid">
                    { for found.into_iter().skip(start).take(PAGE).map(|c| card_html(c, &props.dispatch)) }
                </div>
                { for foot }
            </>
        }
    };
    html! {
        <main class="corpus-view" aria-label="People" ref={main} {onscroll}>
            { view_head(&props.corpus, &counts, "People and quotes", sub) }
            <div class="view-tools">
                <input type="search" class="view-search" placeholder="Find people"
                       aria-label="Find people" value={query} {oninput} />
                if !wanted.is_empty() && !cards.is_empty() {
                    <span class="view-count" role="status">
                        { format!("{found_count} of {}", cards.len()) }
                    </span>
                }
            </div>
            { body }
        </main>
    }
}
