//! The People view: every entity of the corpus as a card (`model::people_index`) with its type
//! and external id, its mentions grouped by article with the words around them, the quotes
//! attributed to it and the claims it makes. Each mention, quote and claim opens its article
//! at that span. "Find people" narrows the cards by any spelling; a card that is probably
//! another spelled differently offers a Merge (one undo step).
//!
//! The cards are counted in the page's corpus index, kept up to date per edit (mostly in idle
//! moments, see `hooks/corpus_index.rs`); the view works out only the page of cards it shows,
//! each listing a few mentions, quotes and claims until "Show all". A long list is paged; the
//! search, the page and the scroll are kept in the app state's `Place` for the view while
//! another view is shown, so a user who opens a mention comes back to the card they left.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::button::{expand_button, labelled_button, search_box, span_link};
use crate::app::components::corpus_view::{
    corpus_counts, place_change, span_key, use_kept_scroll, view_empty, view_head, view_pages,
    CorpusViewProps,
};
use crate::app::components::pager::page_of;
use crate::app::dom::ids::now_ms;
use crate::app::hooks::corpus_index::with_people;
use crate::app::shortcuts::label_keys;
use crate::app::state::{Action, PlaceChange, View};
use crate::model::corpus_views::{span_views, PersonCard, SpanView};
use crate::model::entities::normalize_name;
use crate::model::words::{grouped, plural};
use crate::model::{Corpus, Role};

/// Cards on one page.
const PAGE: usize = 40;
/// Mentions, quotes or claims a card lists at first; "Show all" lists up to [`MANY`], the rest
/// counted ("and 1,034 more"). In a large corpus a card can have thousands of each: 100 cards
/// of 40 mentions each took 0.6 s to draw at 5,000 articles.
const FEW: usize = 5;
const MANY: usize = 200;

/// A list of a card that can show all its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Section {
    Mentions,
    Quotes,
    Claims,
    Suggestions,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Mentions => "mentions",
            Section::Quotes => "quotes",
            Section::Claims => "claims",
            Section::Suggestions => "possible spellings",
        }
    }
}

/// The sections shown whole, each as [`opened_key`] (a few at most: a list, not a hash set of
/// a new key type).
type Opened = Vec<String>;

/// A card's section in [`Opened`]: the section's name and the card's key.
fn opened_key(key: &str, section: Section) -> String {
    let mut out = String::from(section.name());
    out.push('\n');
    out.push_str(key);
    out
}

/// What a card needs to draw its lists: the corpus its places are in, the sections shown
/// whole, and how to open or close one.
struct Lists<'a> {
    corpus: &'a Corpus,
    opened: &'a Opened,
    toggle: &'a Callback<String>,
    dispatch: &'a Callback<Action>,
}

impl Lists<'_> {
    /// How many of `total` items of `section` of `card` to list.
    fn limit(&self, card: &PersonCard, section: Section) -> usize {
        if self.opened.contains(&opened_key(&card.card.key, section)) {
            MANY
        } else {
            FEW
        }
    }

    /// Under a list of `shown` of `total` items: the button that shows all (or fewer), and
    /// what even all leaves out.
    fn more(&self, card: &PersonCard, section: Section, shown: usize, total: usize) -> Html {
        if total <= FEW {
            return Html::default();
        }
        let key = opened_key(&card.card.key, section);
        let open = self.opened.contains(&key);
        let what = section.name();
        let label = if open {
            format!("Show fewer {what}")
        } else if section == Section::Suggestions {
            // Not all counted: a card can have thousands.
            format!("Show more {what}")
        } else if total <= MANY {
            format!("Show all {} {what}", grouped(total))
        } else {
            format!("Show {MANY} of {} {what}", grouped(total))
        };
        let onclick = self.toggle.reform(move |_: MouseEvent| key.clone());
        html! {
            <p class="card-more">
                { expand_button("more-button", label, open, None, None, onclick) }
                if open && total > shown && section == Section::Suggestions {
                    <span>{ " and more" }</span>
                } else if open && total > shown {
                    <span>{ format!(" and {} more", grouped(total - shown)) }</span>
                }
            </p>
        }
    }
}

/// A link to a span: opens its article there.
fn reveal(dispatch: &Callback<Action>, view: &SpanView) -> Callback<MouseEvent> {
    let (doc, span) = (view.doc.clone(), view.span.clone());
    dispatch.reform(move |_: MouseEvent| Action::RevealIn(doc.clone(), span.clone()))
}

/// A card's mentions, grouped by article (consecutive mentions of one article).
fn mentions(lists: &Lists, card: &PersonCard) -> Html {
    let dispatch = lists.dispatch;
    let limit = lists.limit(card, Section::Mentions);
    let shown = span_views(lists.corpus, &card.card.mentions, limit, true);
    let shown = &shown[..];
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
    html! {
        <>
            <ul class="mention-groups" aria-label="Mentions">{ for groups }</ul>
            { lists.more(card, Section::Mentions, shown.len(), card.card.mentions.len()) }
        </>
    }
}

/// Quotes or claims: each its text and its article, a link to it.
fn span_links(lists: &Lists, card: &PersonCard, section: Section) -> Html {
    let (title, places) = match section {
        Section::Quotes => ("Quotes", &card.card.quotes),
        Section::Claims => ("Claims", &card.card.claims),
        Section::Mentions | Section::Suggestions => ("Mentions", &card.card.mentions),
    };
    if places.is_empty() {
        return Html::default();
    }
    let dispatch = lists.dispatch;
    let spans = span_views(lists.corpus, places, lists.limit(card, section), false);
    let items = spans.iter().map(|q| {
        html! {
            <li key={span_key(&q.doc, &q.span)}>
                { span_link(format!("\u{201c}{}\u{201d}", q.text), q.title.clone(), reveal(dispatch, q)) }
            </li>
        }
    });
    html! {
        <section class="card-section">
            <h3 class="card-section-title">{ title }</h3>
            <ul class="span-links" aria-label={title.to_owned()}>{ for items }</ul>
            { lists.more(card, section, spans.len(), places.len()) }
        </section>
    }
}

fn card_html(lists: &Lists, card: &PersonCard) -> Html {
    let (corpus, dispatch) = (lists.corpus, lists.dispatch);
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
    // Merge suggestions: the page's cards carry one more than they show (so a button can offer
    // more); asked for, one more than MANY.
    let limit = lists.limit(card, Section::Suggestions);
    let all = if limit > FEW {
        with_people(corpus, |people, position| {
            people.person_card(&c.key, position, MANY + 1)
        })
        .map_or_else(Vec::new, |c| c.suggestions)
    } else {
        card.suggestions.clone()
    };
    let more = lists.more(card, Section::Suggestions, limit.min(all.len()), all.len());
    let suggestions = all.iter().take(limit).map(|s| {
        let onclick = {
            // Named by id at the click, from the corpus the cards were drawn from.
            let (merge, into) = (Rc::clone(&card.card), s.keep.name.to_string());
            let corpus = corpus.clone();
            dispatch.reform(move |_: MouseEvent| Action::MergeEntities {
                merge: Box::new(merge.card(&corpus)),
                into: into.clone(),
                now: now_ms(),
            })
        };
        html! {
            <p class="merge-hint" key={s.keep.key.clone()}>
                <span>
                    <strong>{ c.name.clone() }</strong>{ " may be the same as " }
                    <strong>{ s.keep.name.clone() }</strong>
                </span>
                { labelled_button("button small", "Merge", format!("Merge {} into {}", c.name, s.keep.name),
                                  None, false, onclick) }
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
            { more }
            <section class="card-section">
                <h3 class="card-section-title">{ "Mentions" }</h3>
                { mentions(lists, card) }
            </section>
            { span_links(lists, card, Section::Quotes) }
            { span_links(lists, card, Section::Claims) }
        </article>
    }
}

/// The view's hooks and markup, run by the corpus view part (`corpus_switch`).
#[hook]
pub fn use_people_view(props: &CorpusViewProps) -> Html {
    let counts = corpus_counts(&props.corpus);
    let opened = use_state(Opened::new);
    let toggle = {
        let opened = opened.clone();
        Callback::from(move |section: String| {
            let mut next = (*opened).clone();
            match next.iter().position(|s| *s == section) {
                Some(i) => {
                    next.remove(i);
                }
                None => next.push(section),
            }
            opened.set(next);
        })
    };
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
    // Every card's count and the keys found, again only when the corpus or the search changes;
    // the cards themselves only for the page shown.
    let found = use_memo(
        (props.corpus.clone(), wanted.clone()),
        |(corpus, wanted)| with_people(corpus, |people, _| (people.len(), people.found(wanted))),
    );
    let (total, found) = (found.0, &found.1);
    let found_count = found.len();
    let start = page_of(props.place.start, PAGE, found_count);
    let page = use_memo(
        (props.corpus.clone(), found.clone(), start),
        |(corpus, found, start)| {
            with_people(corpus, |people, position| {
                found
                    .iter()
                    .skip(*start)
                    .take(PAGE)
                    .filter_map(|key| people.person_card(key, position, FEW + 1))
                    .collect::<Vec<PersonCard>>()
            })
        },
    );
    let docs = props.corpus.len();
    let sub = format!(
        "{} across {}",
        plural(total, "entity", "entities"),
        plural(docs, "article", "articles")
    );
    let body = if total == 0 {
        let keys = label_keys(
            props.corpus.schema(),
            props.corpus.schema().role_id(Role::Entity),
        )
        .map(|k| format!(" ({k})"))
        .unwrap_or_default();
        view_empty(format!("No entities yet. Select a name in an article and tag it as an entity{keys}: each person, organisation or place becomes a card here, with its mentions in every article, the quotes it said and the claims it made."))
    } else if found.is_empty() {
        view_empty(format!(
            "No one is called anything like \u{201c}{}\u{201d}.",
            query.trim()
        ))
    } else {
        let (_, head, foot) = view_pages(
            "people",
            "People",
            &props.place,
            &change,
            &head,
            PAGE,
            found_count,
        );
        let lists = Lists {
            corpus: &props.corpus,
            opened: &opened,
            toggle: &toggle,
            dispatch: &props.dispatch,
        };
        html! {
            <>
                { for head }
                <div class="person-grid">
                    { for page.iter().map(|c| card_html(&lists, c)) }
                </div>
                { for foot }
            </>
        }
    };
    html! {
        <main class="corpus-view" aria-label="People" ref={main} {onscroll}>
            { view_head(&props.corpus, &counts, "People and quotes", sub) }
            <div class="view-tools">
                { search_box("view-search", "Find people", "Find people", query, oninput.into()) }
                if !wanted.is_empty() && total > 0 {
                    <span class="view-count" role="status">
                        { format!("{found_count} of {}", grouped(total)) }
                    </span>
                }
            </div>
            { body }
        </main>
    }
}
