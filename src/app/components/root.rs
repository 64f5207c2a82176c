//! The top-level component: the reducer's state, the layout, and the named hooks
//! (`app/hooks/`) for shortcuts, dropped files, saving, other tabs and the reading position.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::button::{expand_button, text_button};
use crate::app::components::class_list::{class_list, when};

use crate::app::components::annotation_panel::AnnotationPanelProps;
use crate::app::components::article_view::{narrow_window, ArticleViewProps};
use crate::app::components::corpus_view::CorpusViewProps;
use crate::app::components::dialogs::DialogProps;
use crate::app::components::doc_list::DocListProps;
use crate::app::components::export_dialog::{run_export, Scope};
use crate::app::components::header::HeaderProps;
use crate::app::components::part::{part, Part};
use crate::app::components::selection_bar::SelectionBarProps;
use crate::app::components::toolbar::{toolbar, ToolbarProps};
use crate::app::dom::annotator::store_name;
use crate::app::dom::crash;
use crate::app::dom::ids::now_ms;
use crate::app::dom::persistence::Persist;
use crate::app::dom::startup::boot;
use crate::app::hooks::autosave::use_autosave;
use crate::app::hooks::corpus_index::use_corpus_index;
use crate::app::hooks::couch_sync::use_couch_sync;
use crate::app::hooks::file_drop::use_file_drop;
use crate::app::hooks::label_colors::use_label_colors;
use crate::app::hooks::label_counts::use_label_counts;
use crate::app::hooks::mount::{deps, nothing, use_change, use_mount};
use crate::app::hooks::reading_position::use_reading_position;
use crate::app::hooks::shortcuts::use_shortcuts;
use crate::app::hooks::storage_sync::use_storage_sync;
use crate::app::same::Same;
use crate::app::state::{Action, Dialog, Drawer, View};
use crate::formats::export::Format;
use crate::model::adjudicate::{adjudication, gold_view, holding, Adjudication, Choice};
use crate::model::annotators::GOLD;
use crate::model::annotators::{annotators_of, shown, shown_name, Layer};
use crate::model::compare::{compare, Compared};
use crate::model::import::unnamed_additions;
use crate::model::words::excerpt;
use crate::model::words::join;
use crate::model::SpanId;
use crate::model::{Document, LabelSchema};

#[component]
pub fn App() -> Html {
    // Load from storage once; the reducer starts from what was loaded.
    let persist = use_mut_ref(|| None::<Persist>);
    let state = {
        let persist = persist.clone();
        use_reducer(move || {
            let (state, p) = boot();
            *persist.borrow_mut() = Some(p);
            state
        })
    };
    // The reducer's own dispatch function, the same at every render (so the parts' props that
    // hold it compare equal): no memoized callback of our own.
    let dispatch: Callback<Action> = state.dispatcher().to_callback();
    let on_export_json = {
        let dispatch = dispatch.clone();
        let deps = (
            state.workspace.corpus().schema().clone(),
            state.workspace.entries().clone(),
            state.workspace.active_id().cloned(),
            state.loading,
            state.annotator.clone(),
        );
        use_callback(
            deps,
            move |_: MouseEvent, (schema, entries, active, loading, me)| {
                // While a large corpus loads, only its open article is here: export waits.
                if loading.is_some() {
                    return dispatch.emit(Action::Show(crate::app::state::Dialog::Export));
                }
                let (kind, text) =
                // Every layer: the whole dataset.
                run_export(Format::Native, (Scope::All, &Layer::All, me), schema, entries, active.as_ref());
                dispatch.emit(Action::Notify(kind, text));
            },
        )
    };

    let schema = state.workspace.corpus().schema().clone();
    use_label_colors(schema.clone());
    // The open article as the reader shows it: the layer chosen (the person's own by default),
    // and how the spans stand when two layers are compared.
    let (shown_entry, marks, adjudication) = (*use_memo(
        (
            state.workspace.active().cloned().map(Same),
            state.layer.clone(),
            state.annotator.clone(),
        ),
        |(active, layer, me)| match (active, layer) {
            (Some(e), Layer::Compare(a, b)) => {
                let c = compare(&e.0, a, b);
                (c.entry.clone(), Some(Rc::new(c)), None)
            }
            (Some(e), Layer::Of(gold)) if &**gold == GOLD => {
                let adj = adjudication(&e.0, &|k| e.0.is_decided(k));
                let view = gold_view(&e.0, &adj);
                (view.entry.clone(), Some(Rc::new(view)), Some(Rc::new(adj)))
            }
            (active, layer) => (active.as_ref().map(|e| shown(&e.0, layer, me)), None, None),
        },
    ))
    .clone();
    let counts = use_label_counts(shown_entry.as_ref(), &schema);
    // The open article with its selected span, while the article is shown (keyboard
    // selection of text).
    let article = (state.view == View::Article)
        .then(|| shown_entry.clone())
        .flatten()
        .map(|entry| (entry, state.selected.clone()));
    use_shortcuts(dispatch.clone(), schema.clone(), article);
    use_file_drop(dispatch.clone());
    use_autosave(
        persist.clone(),
        dispatch.clone(),
        state.workspace.corpus().clone(),
        state.workspace.active_id().cloned(),
        state.storage_epoch,
        state.loading.is_some(),
    );
    use_storage_sync(persist.clone(), dispatch.clone());
    let on_sync = use_couch_sync(
        persist,
        dispatch.clone(),
        state.workspace.corpus().clone(),
        state.sync_mark,
        state.loading.is_some(),
    );
    use_corpus_index(state.workspace.corpus().clone());
    // The person's name is kept for the next start. One effect for two things (a second costs
    // the bundle more than a name stored again): a drawer that opens takes the focus.
    {
        let (name, drawer) = (state.annotator.clone(), state.drawer);
        use_change(
            deps((name.clone(), drawer)),
            Box::new(move || {
                store_name(&name);
                focus_drawer(drawer);
                nothing()
            }),
        );
    }
    use_reading_position(state.workspace.active_id());

    // `?selftest=panic`: check that a panic shows the crash banner (docs/architecture.md, "Diagnostics").
    use_mount(Box::new(|| {
        if crash::panic_selftest_requested() {
            panic!("self-test: deliberate panic requested with ?selftest=panic");
        }
        nothing()
    }));

    let workspace = &state.workspace;
    let active = shown_entry.clone().map(Same);
    // The layers of the open article (the person's own first), for the toolbar's switch:
    // worked out again only when the article or the name changes, not at every render.
    let layers = use_memo(
        (
            workspace.active().cloned().map(Same),
            state.annotator.clone(),
        ),
        |(active, me)| {
            active
                .as_ref()
                .map(|e| annotators_of(&e.0, me))
                .unwrap_or_default()
        },
    );
    let reader = match &active {
        Some(entry) => html! {<>
            <Part key={entry.doc.id.0.clone()} of={part(ArticleViewProps {
                entry: entry.clone(),
                schema: schema.clone(),
                selected: state.selected.clone(),
                marks: marks.clone(),
                flash: state.flash.clone(),
                dispatch: dispatch.clone(),
            })} />
        </>},
        None => html! {
            <div class="empty-state">
                <h1>{ "No article open" }</h1>
                <p>{ "Open articles (.txt, .md, .html, .json, .jsonl), drop them here, or paste one." }</p>
            </div>
        },
    };

    // A view across the corpus, drawn (and computed) only while it is shown. The article
    // stays on the page, hidden, so it keeps its place and its scroll listener.
    // Each keeps its place (search, filters, page, scroll) here while it is not shown.
    let corpus_view = match state.view {
        View::Article => None,
        // One component type for the three, keyed by the view: a change of view mounts it
        // afresh (see `corpus_switch`).
        view => Some(html! {
            <Part key={view.name()} of={part(CorpusViewProps {
                view,
                corpus: workspace.corpus().clone(),
                place: if view == View::Claims { state.claims.clone() } else { state.people.clone() },
                dispatch: dispatch.clone(),
            })} />
        }),
    };
    let in_article = corpus_view.is_none();

    html! {
        <div class="shell">
            <Part of={part(HeaderProps {
                doc_count: workspace.entries().len(),
                notices: state.notices.clone(),
                save_status: state.save_status.clone(),
                storage_kept: state.storage_kept,
                meter: state.meter,
                loading: state.loading,
                annotator: state.annotator.clone(),
                on_export_json,
                dispatch: dispatch.clone(),
                view: state.view,
                sync: state.sync.status.clone(),
                menu_open: state.drawer == Some(Drawer::Menu),
            })} />
            // Whose each listed span is, once the reader shows more than the person's own layer.
            <div class={class_list(&["workspace", when(!in_article, "corpus-mode"),
                                     when(state.layer != Layer::Mine, "layers-shown"),
                                     when(state.drawer == Some(Drawer::Documents), "drawer-documents"),
                                     when(state.drawer == Some(Drawer::Annotations), "drawer-annotations")])}>
                // Below about 1,100 px the document list and the panel are drawers.
                <div class="drawer-bar">
                    { drawer_button(Drawer::Documents, "Documents", "documents", state.drawer, &dispatch) }
                    if in_article {
                        { drawer_button(Drawer::Annotations, "Annotations", "annotations", state.drawer, &dispatch) }
                    }
                </div>
                if matches!(state.drawer, Some(Drawer::Documents | Drawer::Annotations)) {
                    <div class="drawer-backdrop" aria-hidden="true"
                         onclick={dispatch.reform(|_: MouseEvent| Action::Escape)}></div>
                }
                <Part of={part(DocListProps {
                    entries: Same(workspace.entries().clone()),
                    schema: schema.clone(),
                    active: workspace.active_id().cloned(),
                    active_counts: counts.clone(),
                    me: state.annotator.clone(),
                    dispatch: dispatch.clone(),
                })} />
                <main class="reader" id="reader" hidden={!in_article}>
                    // The toolbar and, below it, the compared layers' legend or the adjudication:
                    // kept in view together while the article scrolls.
                    <div class="reader-head">
                    { toolbar(&ToolbarProps {
                        schema: schema.clone(),
                        snap: state.snap,
                        can_undo: workspace.can_undo(),
                        can_redo: workspace.can_redo(),
                        has_selected_span: state.selected.is_some(),
                        layers: layers.clone(),
                        layer: state.layer.clone(),
                        me: state.annotator.clone(),
                        dispatch: dispatch.clone(),
                    }) }
                    if let (Some(adj), Some(entry)) = (&adjudication, &active) {
                        { adjudication_bar(adj, (&entry.doc, &schema), state.selected.as_ref(), &dispatch) }
                    } else if let Some(m) = &marks {
                        { compare_legend(m) }
                    }
                    </div>
                    { reader }
                    if state.dialog.is_none() {
                        <Part of={part(SelectionBarProps { schema: schema.clone(), dispatch: dispatch.clone() })} />
                    }
                </main>
                if in_article {
                    <Part of={part(AnnotationPanelProps {
                        entry: active,
                        selected: state.selected.clone(),
                        revealed: state.flash.clone(),
                        schema: schema.clone(),
                        counts,
                        first: state.panel_page.first.clone(),
                        label_filter: state.label_filter.clone(),
                        dispatch: dispatch.clone(),
                    })} />
                }
                { for corpus_view }
            </div>
            if state.dialog == Some(Dialog::Help) {
                <Part of={part(DialogProps { schema: Some(schema.clone()), ..DialogProps::of(Dialog::Help, &dispatch) })} />
            }
            if let (Some(Dialog::NameImport), Some(queued)) = (state.dialog, &state.unnamed) {
                <Part of={part(DialogProps {
                    count: queued.iter().map(|(e, _, _)| unnamed_additions(workspace.corpus(), e)).sum::<usize>(),
                    me: state.annotator.clone(),
                    ..DialogProps::of(Dialog::NameImport, &dispatch)
                })} />
            }
            if state.dialog == Some(Dialog::Sync) {
                <Part of={part(DialogProps {
                    sync: Some(state.sync.clone()),
                    on_sync: Some(on_sync),
                    ..DialogProps::of(Dialog::Sync, &dispatch)
                })} />
            }
            if state.dialog == Some(Dialog::Paste) {
                <Part of={part(DialogProps::of(Dialog::Paste, &dispatch))} />
            }
            if state.dialog == Some(Dialog::Labels) {
                <Part of={part(DialogProps {
                    schema: Some(schema.clone()),
                    entries: Some(workspace.entries().clone()),
                    refused: state.schema_refused.clone(),
                    ..DialogProps::of(Dialog::Labels, &dispatch)
                })} />
            }
            if let (Some(kind), Some(entry), Some(from)) = (state.linking(), workspace.active(), state.selected.clone()) {
                <Part of={part(DialogProps {
                    entry: Some(entry.clone()),
                    schema: Some(schema.clone()),
                    from: Some(from),
                    ..DialogProps::of(Dialog::Link(kind), &dispatch)
                })} />
            }
            if state.dialog == Some(Dialog::Export) {
                <Part of={part(DialogProps {
                    schema: Some(workspace.corpus().schema().clone()),
                    entries: Some(workspace.entries().clone()),
                    active: workspace.active_id().cloned(),
                    me: state.annotator.clone(),
                    ..DialogProps::of(Dialog::Export, &dispatch)
                })} />
            }
        </div>
    }
}

/// The focus for a drawer: one that opens takes it (Tab goes on inside it); one that closes
/// with the focus inside gives it back to the drawer's button.
fn focus_drawer(open: Option<Drawer>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let inside = |drawer| {
        document
            .active_element()
            .and_then(|el| el.closest(drawer).ok().flatten())
            .is_some()
    };
    // Only where the drawers are drawers: on a wide window the state can stay open unseen
    // (after `[`), and the name's change that runs this again must not move the focus.
    if !narrow_window() {
        return;
    }
    let target = match open {
        Some(Drawer::Documents) => "#documents",
        Some(Drawer::Annotations) => "#annotations",
        _ if inside("#documents") => "[aria-controls=documents]",
        _ if inside("#annotations") => "[aria-controls=annotations]",
        _ => return,
    };
    if let Ok(Some(el)) = document.query_selector(target) {
        // Without scrolling: the drawer's button is at the top of the page, and the place
        // read stays where it is.
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let el = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el);
        let _ = el.focus_with_options(&options);
    }
}

/// A button that opens or closes a drawer (shown on narrow windows only).
fn drawer_button(
    drawer: Drawer,
    name: &'static str,
    controls: &'static str,
    open: Option<Drawer>,
    dispatch: &Callback<Action>,
) -> Html {
    let title = if drawer == Drawer::Documents {
        "["
    } else {
        "]"
    };
    expand_button(
        "button small drawer-toggle",
        name.into(),
        open == Some(drawer),
        Some(controls),
        Some(title),
        dispatch.reform(move |_: MouseEvent| Action::Drawer(drawer)),
    )
}

/// Above the compared layers: what each mark means, with its count.
fn compare_legend(m: &Compared) -> Html {
    let [both, a, b, label] = m.counts;
    let (na, nb) = (shown_name(&m.a), shown_name(&m.b));
    html! {
        <p class="compare-legend" aria-label="Compared layers">
            <span class="cmp-key">{ format!("In both: {both}") }</span>
            <span class="cmp-key cmp-a">{ format!("Only {na}: {a}") }</span>
            <span class="cmp-key cmp-b">{ format!("Only {nb}: {b}") }</span>
            <span class="cmp-key cmp-l">{ format!("Other label: {label}") }</span>
            <span class="cmp-hint">{ "j / k: next / previous disagreement" }</span>
        </p>
    }
}

/// Above the gold layer: how far adjudication is, "Merge agreed", and the versions of the
/// selected disagreement, each to accept.
fn adjudication_bar(
    adj: &Adjudication,
    (doc, schema): (&Document, &LabelSchema),
    selected: Option<&SpanId>,
    dispatch: &Callback<Action>,
) -> Html {
    let (done, total) = adj.progress();
    let agreed = adj.agreed.len();
    let pick = |choice: Choice| {
        dispatch.reform(move |_: MouseEvent| Action::Adjudicate {
            choice,
            now: now_ms(),
        })
    };
    let current = selected.and_then(|id| holding(adj, id)).map(|(g, at)| {
        let versions = g.versions.iter().enumerate().map(|(i, v)| {
            let who: Vec<&str> = v.annotators.iter().map(|a| if a.is_empty() { "Unnamed" } else { shown_name(a) }).collect();
            let who = join(&who, ", ");
            let what: Vec<String> = v.spans.iter().map(|s| {
                let words = excerpt(doc.index().slice(s.start, s.end), 48);
                format!("{} \u{201c}{words}\u{201d}", schema.name_of(&s.label))
            }).collect();
            let what = if what.is_empty() { "nothing".to_owned() } else { join(&what, ", ") };
            html! {
                <li class={class_list(&["version", when(i == at, "current")])}>
                    { text_button("button small", format!("Accept {who}"), None, false, pick(Choice::Version(i))) }
                    <span class="version-what">{ what }</span>
                </li>
            }
        });
        html! {
            <div class="disagreement">
                <ul class="versions">{ for versions }</ul>
                <button type="button" class="button small" onclick={pick(Choice::All)}>{ "Accept all" }</button>
                <button type="button" class="button small" onclick={pick(Choice::Nothing)}>{ "Accept none" }</button>
            </div>
        }
    });
    let merge = dispatch.reform(|_: MouseEvent| Action::MergeAgreed { now: now_ms() });
    html! {
        <section class="adjudication" aria-label="Adjudication">
            <p class="adjudication-head">
                <span class="adjudication-progress">{ format!("Resolved {done} of {total}") }</span>
                { text_button("button small", format!("Merge agreed ({agreed})"), None, agreed == 0, merge) }
                <span class="cmp-hint">{ "j / k: next disagreement · y: accept · b: all · x: none" }</span>
            </p>
            { for current }
        </section>
    }
}
