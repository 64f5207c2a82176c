//! The list of documents: filter by title, counts per label (and a bar of them), the status
//! of the person at this browser, delete with confirmation. Each document is a row component of its own.

use std::any::Any;
use std::rc::Rc;

use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::app::components::button::{button, labelled_button, search_box};
use crate::app::components::class_list::{class_list, when};
use crate::app::components::part::{part, same_as, Drawn, Part};

use crate::app::components::chart::{counts_text, label_bar};
use crate::app::components::pager::{page_of, page_title, pager};
use crate::app::dom::labels_style::label_class;
use crate::app::dom::lower::lower;
use crate::app::hooks::label_counts::use_label_counts;
use crate::app::same::Same;
use crate::app::state::Action;
use crate::model::{DocEntry, DocId, LabelSchema, Status};

#[derive(PartialEq)]
pub struct DocListProps {
    /// Compared by address (see [`crate::app::components::article_view::ArticleViewProps::entry`]).
    pub entries: Same<Vec<Rc<DocEntry>>>,
    pub schema: Rc<LabelSchema>,
    pub active: Option<DocId>,
    /// Spans per label of the active document (counted once for the list and the panel).
    pub active_counts: Rc<Vec<usize>>,
    /// The person at this browser: the list shows and sets their status.
    pub me: Rc<str>,
    /// One shared callback for every row (yew compares callbacks by pointer).
    pub dispatch: Callback<Action>,
}

#[derive(PartialEq)]
struct DocRowProps {
    /// Compared by address (see [`crate::app::components::article_view::ArticleViewProps::entry`]).
    entry: Same<DocEntry>,
    schema: Rc<LabelSchema>,
    active: bool,
    /// Spans per label, when they are counted already (the active document's).
    counts: Option<Rc<Vec<usize>>>,
    /// The person at this browser, whose status the row shows.
    me: Rc<str>,
    /// Whether this row asks to confirm its deletion.
    confirming: bool,
    /// Ask (`Some`, the id's text) or stop asking (`None`) to confirm a deletion: the list's
    /// own state, set from the row (no callback type of its own).
    on_confirm: UseStateSetter<Option<String>>,
    dispatch: Callback<Action>,
}

/// One document of the list: a component of its own, so a row whose entry, schema and state
/// are unchanged (the same `Rc`s) is not drawn again when another document changes.
impl Drawn for DocRowProps {
    fn draw(&self, ctx: &mut HookContext) -> Html {
        use_doc_row(self).run(ctx)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

#[hook]
fn use_doc_row(props: &DocRowProps) -> Html {
    let entry = &props.entry;
    let doc = &entry.doc;
    // Spans per label, in one pass, once per change of the spans or the labels; the active
    // document's come counted (the panel shows them too). Through the panel's own hook: one
    // memo type for both (each memo type copies yew's memo code).
    let own = use_label_counts(props.counts.is_none().then_some(&entry.0), &props.schema);
    let counts = props.counts.clone().unwrap_or(own);
    let open = {
        let id = doc.id.clone();
        props
            .dispatch
            .reform(move |_: MouseEvent| Action::Open(id.clone()))
    };
    // The first three labels always (a zero dimmed), the others where they are used.
    let shown: Vec<(&str, &str, usize)> = props
        .schema
        .labels()
        .iter()
        .zip(counts.iter())
        .enumerate()
        .filter(|(i, (_, n))| *i < 3 || **n > 0)
        .map(|(_, (l, n))| (l.id.as_str(), l.name.as_str(), *n))
        .collect();
    let count_chips = shown.iter().map(|(id, name, n)| {
        html! {
            <span class={class_list(&["count", &label_class(id), when(*n == 0, "zero")])}
                  title={format!("{n} {name}")}>
                <span class="swatch" aria-hidden="true"></span>{ n }
            </span>
        }
    });
    let counts_label = counts_text(&props.schema, &counts, lower);
    let on_status = {
        let id = doc.id.clone();
        props.dispatch.reform(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            Action::SetStatus(id.clone(), Status::from_id(&value).unwrap_or(Status::New))
        })
    };
    let status = entry.status_of(&props.me);
    let statuses = Status::ALL.iter().map(|s| {
        html! { <option value={s.id()} selected={*s == status}>{ s.name() }</option> }
    });
    let ask = {
        let (on_confirm, id) = (props.on_confirm.clone(), doc.id.0.clone());
        move |_: MouseEvent| on_confirm.set(Some(id.clone()))
    };
    let confirm_row = props.confirming.then(|| {
        let delete = {
            let (on_confirm, id) = (props.on_confirm.clone(), doc.id.clone());
            let dispatch = props.dispatch.clone();
            move |_: MouseEvent| {
                on_confirm.set(None);
                dispatch.emit(Action::DeleteDocument(id.clone()));
            }
        };
        let cancel = {
            let on_confirm = props.on_confirm.clone();
            move |_: MouseEvent| on_confirm.set(None)
        };
        html! {
            <div class="confirm" role="alertdialog" aria-label="Confirm deletion">
                <span>{ format!("Delete this article and its {} annotations?", entry.spans.len()) }</span>
                { button("button small danger", "Delete", None, delete.into()) }
                { button("button small", "Cancel", None, cancel.into()) }
            </div>
        }
    });
    html! {
        <li class={class_list(&["doc-row", when(props.active, "active")])}>
            <button type="button" class="doc-item" aria-current={props.active.then_some("page")}
                    onclick={open}>
                <span class="doc-title">{ doc.title.clone() }</span>
                <span class="doc-counts" aria-label={counts_label.clone()}>{ for count_chips }</span>
            </button>
            { label_bar(&props.schema, &counts, counts_label.into()) }
            <div class="doc-controls">
                <select class={class_list(&["status", status.id()])}
                        aria-label={format!("Status of {}", doc.title)} onchange={on_status}>
                    { for statuses }
                </select>
                <span class="doc-source" title={doc.source.clone()}>{ doc.source.clone() }</span>
                { labelled_button("icon-button", "×", format!("Delete {}", doc.title),
                                  Some("Delete this article"), false, ask.into()) }
            </div>
            { for confirm_row }
        </li>
    }
}

/// Rows drawn at a time: a corpus of thousands of articles is shown by pages, so an edit or a
/// switch does not lay out thousands of rows (at 5,000 articles, 105,528 elements made an edit
/// take 101 ms where it took 15; bench/RESULTS.md, "Corpus scale").
const PAGE: usize = 100;

impl Drawn for DocListProps {
    fn draw(&self, ctx: &mut HookContext) -> Html {
        use_doc_list(self).run(ctx)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

#[hook]
fn use_doc_list(props: &DocListProps) -> Html {
    let filter = use_state(|| None::<String>);
    // A page chosen with the pager, with the article open when it was chosen; once another
    // opens (a click, `n`/`p`), the list shows that one's page again.
    // The page's first item plus one (0: none chosen), and the open article's id then: state
    // types already in use (each `use_state` type copies yew's state code).
    let paged = use_state(|| 0usize);
    let paged_at = use_state(|| None::<String>);
    let head = use_node_ref();
    // The article asked about, by its id's text (an `Option<String>` state, a type already in
    // use: each `use_state` type copies yew's state code).
    let confirming = use_state(|| None::<String>);
    let on_confirm = confirming.setter();
    let needle = lower(filter.as_deref().unwrap_or_default());
    let oninput = {
        let (filter, paged) = (filter.clone(), paged.clone());
        move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                paged.set(0);
                filter.set(Some(input.value()));
            }
        }
    };

    let shown: Vec<&Rc<DocEntry>> = props
        .entries
        .iter()
        .filter(|e| {
            needle.is_empty() || crate::model::find::contains(&lower(&e.doc.title), &needle)
        })
        .collect();
    let total = shown.len();
    let active_id = props.active.as_ref().map(|id| id.0.clone());
    let start = match *paged {
        start @ 1.. if *paged_at == active_id => page_of(start - 1, PAGE, total),
        _ => {
            let active = shown
                .iter()
                .position(|e| props.active.as_ref() == Some(&e.doc.id));
            page_of(active.unwrap_or(0), PAGE, total)
        }
    };
    let go = |to: usize| {
        let (paged, paged_at, active) = (paged.clone(), paged_at.clone(), active_id.clone());
        Callback::from(move |_: MouseEvent| {
            paged.set(to + 1);
            paged_at.set(active.clone());
        })
    };
    let pagers = (total > PAGE).then(|| {
        let prev = (start > 0).then(|| go(start.saturating_sub(PAGE)));
        let next = (start + PAGE < total).then(|| go(start + PAGE));
        let title = page_title("Articles", start, PAGE, total);
        (
            pager(
                "articles",
                title.clone(),
                prev.clone(),
                next.clone(),
                &head,
                false,
            ),
            pager("articles", title, prev, next, &head, true),
        )
    });
    let (above, below) = pagers.unzip();
    let rows = shown.iter().skip(start).take(PAGE).map(|entry| {
        let id = &entry.doc.id;
        html! {
            <Part key={id.0.clone()} of={part(DocRowProps {
                entry: Same((*entry).clone()),
                schema: props.schema.clone(),
                active: props.active.as_ref() == Some(id),
                counts: (props.active.as_ref() == Some(id)).then(|| props.active_counts.clone()),
                me: props.me.clone(),
                confirming: confirming.as_ref() == Some(&id.0),
                on_confirm: on_confirm.clone(),
                dispatch: props.dispatch.clone(),
            })} />
        }
    });
    html! {
        <nav class="sidebar" id="documents" aria-label="Documents" tabindex="-1">
            <h2 class="sidebar-heading">{ "Documents" }</h2>
            { search_box("doc-filter", "Filter by title", "Filter documents",
                         (*filter).clone().unwrap_or_default(), oninput.into()) }
            { for above }
            <ul class="doc-list">{ for rows }</ul>
            { for below }
            if props.entries.is_empty() {
                <p class="sidebar-empty">{ "No articles. Open or paste one to begin." }</p>
            }
            <p class="sidebar-hint">
                <kbd>{ "n" }</kbd>{ " / " }<kbd>{ "p" }</kbd>{ " next / previous · " }
                <kbd>{ "?" }</kbd>{ " all shortcuts" }
            </p>
        </nav>
    }
}
