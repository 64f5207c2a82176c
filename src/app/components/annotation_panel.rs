//! The annotation panel: counts and a label filter, the selected span's actions (label, note,
//! delete), and the document's spans in text order.

use std::any::Any;
use std::rc::Rc;

use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::app::components::button::{button, labelled_button, text_box, text_button};
use crate::app::components::class_list::{class_list, when};

use crate::app::components::link_picker::kind_title;
use crate::app::components::pager::{page_of, page_title, pager};
use crate::app::components::part::{part, same_as, Drawn, Part};
use crate::app::components::span_chunk::{runs, SpanChunkProps};
use crate::app::components::span_row::{clicked_span, excerpt};
use crate::app::dom::ids::{local_time, new_span_id, now_ms};
use crate::app::dom::labels_style::label_class;
use crate::app::dom::lower::lower;
use crate::app::same::Same;
use crate::app::shortcuts::{label_keys, press_hint};
use crate::app::state::panel_page::PAGE;
use crate::app::state::Action;
use crate::model::entities::CANONICAL;
use crate::model::text::{Checkpoints, CpIndex};
use crate::model::words;
use crate::model::{AttrKind, DocEntry, LabelSchema, RelationKind, Span, SpanId};

/// Where the page whose first row shows `first` starts in `spans` (text order, `total` of
/// them): at the first span not before it. At the last page's start when none is left (the
/// list shrank).
fn first_row<'a>(
    mut spans: impl Iterator<Item = &'a Rc<Span>>,
    total: usize,
    first: Option<&Span>,
) -> usize {
    let Some(first) = first else { return 0 };
    or_last_page(
        spans.position(|s| Span::text_order(s, first).is_ge()),
        total,
    )
}

/// `at`, or the start of the last page of `total` spans when there is none.
fn or_last_page(at: Option<usize>, total: usize) -> usize {
    at.filter(|at| *at < total)
        .unwrap_or_else(|| page_of(total, PAGE, total))
}

#[derive(PartialEq)]
pub struct AnnotationPanelProps {
    /// Compared by address (see [`crate::app::components::article_view::ArticleViewProps::entry`]).
    pub entry: Option<Same<DocEntry>>,
    pub selected: Option<SpanId>,
    /// The span last revealed (j / k, a click on a row or in another view) with a counter
    /// that changes at each reveal (the reducer turns the list to its page).
    pub revealed: Option<(SpanId, u32)>,
    /// The span the list's page starts at (`None`: the first page), see
    /// [`crate::app::state::panel_page::Pager`].
    pub first: Option<Rc<Span>>,
    pub schema: Rc<LabelSchema>,
    /// Spans per label of `entry` ([`crate::app::hooks::label_counts::use_label_counts`]).
    pub counts: Rc<Vec<usize>>,
    pub label_filter: Option<String>,
    pub dispatch: Callback<Action>,
}

/// "Added 23 Nov 2026, 12:46 · changed 23 Nov 2026, 12:50" for a span made and changed at
/// these times, or `None` when neither is known.
fn span_times(created: Option<u64>, updated: Option<u64>) -> Option<String> {
    let changed = updated
        .filter(|u| Some(*u) != created)
        .map(|u| local_time(u, created));
    let created = created.map(|c| local_time(c, None));
    match (created, changed) {
        (Some(c), Some(u)) => Some(format!("Added {c} · changed {u}")),
        (Some(c), None) => Some(format!("Added {c}")),
        (None, Some(u)) => Some(format!("Changed {u}")),
        (None, None) => None,
    }
}

impl Drawn for AnnotationPanelProps {
    fn draw(&self, ctx: &mut HookContext) -> Html {
        use_annotation_panel(self).run(ctx)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

#[hook]
fn use_annotation_panel(props: &AnnotationPanelProps) -> Html {
    // Offsets into the document's text, made once per document, so the list's excerpts do not
    // each cost the text's length. (Before any early return: hooks run on every render.)
    let marks = use_memo(props.entry.as_ref().map(|e| e.doc.clone()), |doc| {
        doc.as_ref()
            .map_or_else(|| Checkpoints::new(""), |d| Checkpoints::new(&d.text))
    });
    let counts = &props.counts;
    // The selected span's times, written out by the browser's locale (no memo: a memo of its
    // own types copies yew's memo code, and two dates are quick to write).
    let selected_span = props
        .entry
        .as_ref()
        .zip(props.selected.as_ref())
        .and_then(|(e, id)| e.span(id));
    // The spans the list shows (those of the label filter), gone through only as far as needed:
    // no list of 10,000 made on each render.
    let listed = || {
        props
            .entry
            .iter()
            .flat_map(|e| e.spans.iter())
            .filter(|s| props.label_filter.as_ref().is_none_or(|l| &s.label == l))
    };
    // The pager above the list, brought into view when a button below the list turns the page.
    let head = use_node_ref();
    let Some(entry) = props.entry.as_ref() else {
        return html! {
            <aside class="panel" id="annotations" aria-label="Annotations" tabindex="-1">
                <h2 class="panel-heading">{ "Annotations" }</h2>
                <div class="panel-empty"><p>{ "Open an article to see its annotations." }</p></div>
            </aside>
        };
    };
    let dispatch = &props.dispatch;
    let schema = &props.schema;
    let label_name = |id: &str| schema.name_of(id).to_owned();
    let text = &CpIndex::with(&entry.doc.text, &marks);

    let filter_button = |id: Option<&str>, name: String, count: usize| {
        let active = props.label_filter.as_deref() == id;
        let class = class_list(&[
            "filter",
            &id.map_or_else(|| "all".to_owned(), label_class),
            when(active, "active"),
        ]);
        let id = id.map(str::to_owned);
        let onclick = dispatch.reform(move |_: MouseEvent| Action::SetLabelFilter(id.clone()));
        html! {
            <button type="button" {class} aria-pressed={active.to_string()} {onclick}>
                <span class="swatch" aria-hidden="true"></span>
                <span class="filter-name">{ name }</span>
                <span class="filter-count">{ count }</span>
            </button>
        }
    };
    let filters = std::iter::once(filter_button(None, "All".into(), entry.spans.len())).chain(
        schema.labels().iter().enumerate().map(|(i, l)| {
            let n = counts.get(i).copied().unwrap_or_default();
            filter_button(Some(&l.id), l.name.clone(), n)
        }),
    );

    let selected = selected_span.map(|span| {
            let relabel = schema.labels().iter().map(|l| {
                let current = span.label == l.id;
                // No text selection: a label relabels the selected span.
                let label = l.id.clone();
                let onclick = dispatch.reform(move |_: MouseEvent| Action::Tag {
                    label: label.clone(),
                    raw: None,
                    id: SpanId(String::new()),
                    now: now_ms(),
                });
                let title = match label_keys(schema, &l.id) {
                    Some(keys) => format!("Label as {} ({keys})", l.name),
                    None => format!("Label as {}", l.name),
                };
                html! {
                    <button type="button" class={class_list(&["chip", &label_class(&l.id), when(current, "active")])}
                            aria-pressed={current.to_string()} aria-label={l.name.clone()}
                            {title} {onclick}>
                        { l.name.clone() }
                    </button>
                }
            });
            let attrs = schema
                .label(&span.label)
                .map(|l| l.attributes.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|attr| {
                    let value = span.attrs.get(&attr.id).map(str::to_owned);
                    let (id, key) = (span.id.clone(), attr.id.clone());
                    // An empty choice or text removes the value.
                    let onchange = dispatch.reform(move |e: Event| {
                        let text = e
                            .target_dyn_into::<web_sys::HtmlSelectElement>()
                            .map(|s| s.value())
                            .or_else(|| {
                                e.target_dyn_into::<web_sys::HtmlInputElement>()
                                    .map(|i| i.value())
                            })
                            .unwrap_or_default();
                        let text = text.trim().to_owned();
                        let value = (!text.is_empty()).then_some(text);
                        Action::SetAttr(id.clone(), key.clone(), value, now_ms())
                    });
                    let control = match &attr.kind {
                        AttrKind::Choice(choices) => {
                            let options = choices.iter().map(|c| {
                                let chosen = value.as_deref() == Some(c.as_str());
                                html! { <option value={c.clone()} selected={chosen}>{ c.clone() }</option> }
                            });
                            html! {
                                <select class="attr-value" aria-label={attr.name.clone()} {onchange}>
                                    <option value="" selected={value.is_none()}>{ "—" }</option>
                                    { for options }
                                </select>
                            }
                        }
                        AttrKind::Text => text_box(
                            Some("attr-value"),
                            attr.name.clone(),
                            value.clone().unwrap_or_default(),
                            None,
                            onchange,
                        ),
                    };
                    html! {
                        <div class="attr" key={format!("{}:{}", span.id.0, attr.id)}>
                            <span class="attr-name" aria-hidden="true">{ attr.name.clone() }</span>
                            { control }
                        </div>
                    }
                })
                .collect::<Html>();
            let has_attrs = schema
                .label(&span.label)
                .is_some_and(|l| !l.attributes.is_empty());
            let onchange = {
                let id = span.id.clone();
                dispatch.reform(move |e: Event| {
                    let note = e
                        .target_dyn_into::<web_sys::HtmlTextAreaElement>()
                        .map(|t| t.value())
                        .unwrap_or_default();
                    Action::SetNote(id.clone(), note, now_ms())
                })
            };
            // Relations: from this span (with a way to remove each) and to it.
            let name_of_span = |s: &Span| {
                let words = excerpt(text, s);
                match s.attrs.get(CANONICAL) {
                    Some(c) if c.trim() != words => format!("{words} ({})", c.trim()),
                    _ => words,
                }
            };
            let links = entry
                .relations
                .iter()
                .filter(|r| r.involves(&span.id))
                .filter_map(|r| {
                    let outgoing = r.from == span.id;
                    let other = entry.span(if outgoing { &r.to } else { &r.from })?;
                    let role = match (r.kind, outgoing) {
                        (kind, true) => kind_title(kind).to_owned(),
                        (RelationKind::SaidBy, false) => "Speaker of".to_owned(),
                        (RelationKind::Claimant, false) => "Claimant of".to_owned(),
                        (RelationKind::Cue, false) => "Cue of".to_owned(),
                    };
                    let other_id = other.id.clone();
                    let go = dispatch.reform(move |_: MouseEvent| Action::Reveal(other_id.clone()));
                    let rid = r.id.clone();
                    let unlink = dispatch.reform(move |_: MouseEvent| Action::Unlink(rid.clone()));
                    let who = name_of_span(other);
                    Some(html! {
                        <li key={r.id.0.clone()} class={class_list(&["link-row", r.kind.id()])}>
                            <span class="link-role">{ role.clone() }</span>
                            <button type="button" class="link-target" onclick={go}
                                    title="Go to it in the text">
                                <span class={class_list(&["chip", &label_class(&other.label)])} aria-hidden="true"></span>
                                { who.clone() }
                            </button>
                            if outgoing {
                                { labelled_button("icon-button small", "×", format!("Remove {} {who}", lower(&role)),
                                                  Some("Remove this link"), false, unlink.into()) }
                            }
                        </li>
                    })
                })
                .collect::<Vec<Html>>();
            let link_buttons = RelationKind::ALL
                .into_iter()
                .filter(|k| k.starts_at(schema, &span.label))
                .map(|kind| {
                    let open = dispatch.reform(move |_: MouseEvent| Action::OpenLink(Some(kind)));
                    let key = if kind == RelationKind::Cue { "" } else { " (s)" };
                    text_button(
                        "button small",
                        format!("{}…", kind_title(kind)),
                        Some(format!("Pick the {}{key}", lower(kind_title(kind)))),
                        false,
                        open,
                    )
                })
                .collect::<Vec<Html>>();
            let ondelete = dispatch.reform(|_: MouseEvent| Action::DeleteSelected);
            let tag_others = dispatch.reform(|_: MouseEvent| Action::TagOthers {
                base: new_span_id(),
                now: now_ms(),
            });
            let words = words::excerpt(text.slice(span.start, span.end), 24);
            html! {
                <section class="selected-span" aria-label="Selected span">
                    <p class="selected-text">{ format!("“{}”", excerpt(text, span)) }</p>
                    <p class="selected-range">
                        { format!("characters {}–{} · {}", span.start, span.end, label_name(&span.label)) }
                    </p>
                    if let Some(times) = span_times(span.created, span.updated) {
                        <p class="selected-times">{ times }</p>
                    }
                    if !span.annotator.is_empty() {
                        <p class="selected-annotator">{ format!("By {}", span.annotator) }</p>
                    }
                    <div class="chip-row" role="group" aria-label="Change label">{ for relabel }</div>
                    { text_button(
                        "button small tag-others",
                        format!("Tag every \u{201c}{words}\u{201d}"),
                        Some(format!("Tag the other places of these words in this article as {}{} (one undo step)", label_name(&span.label), if schema.by_key('a').is_none() { " (a)" } else { "" })),
                        false,
                        tag_others,
                    ) }
                    if has_attrs {
                        <div class="attrs" role="group" aria-label="Attributes">{ attrs }</div>
                    }
                    if !links.is_empty() || !link_buttons.is_empty() {
                        <div class="links" role="group" aria-label="Links">
                            if !links.is_empty() {
                                <ul class="link-list">{ for links }</ul>
                            }
                            if !link_buttons.is_empty() {
                                <div class="link-buttons">{ for link_buttons }</div>
                            }
                        </div>
                    }
                    <textarea class="note" aria-label="Note" placeholder="Add a note…"
                              key={span.id.0.clone()} value={span.note.clone()} {onchange} rows="2" />
                    { button("button danger", "Delete span", Some("Delete the selected span (Delete)"),
                             ondelete.into()) }
                </section>
            }
        });

    let total = match &props.label_filter {
        None => entry.spans.len(),
        Some(_) => listed().count(),
    };
    let first = props.first.clone();
    let start = match (&props.label_filter, first.as_deref()) {
        // The spans are in text order: found by halving, not by a walk over 10,000.
        (None, Some(first)) => or_last_page(
            Some(
                entry
                    .spans
                    .partition_point(|s| Span::text_order(s, first).is_lt()),
            ),
            total,
        ),
        (_, first) => first_row(listed(), total, first),
    };
    let visible: Vec<Rc<Span>> = listed().skip(start).take(PAGE).cloned().collect();
    let items = runs(&visible).into_iter().map(|rows| {
        let selected = props
            .selected
            .clone()
            .filter(|id| rows.iter().any(|s| &s.id == id));
        html! {
            <Part key={rows[0].id.0.clone()} of={part(SpanChunkProps {
                rows: Rc::<[Rc<Span>]>::from(rows),
                selected,
                doc: entry.doc.clone(),
                marks: marks.clone(),
                schema: props.schema.clone(),
            })} />
        }
    });
    // One handler for every row: the row's span is in its `data-span`.
    let onpick = {
        let dispatch = dispatch.clone();
        move |event: MouseEvent| {
            if let Some(id) = clicked_span(&event) {
                dispatch.emit(Action::Reveal(id));
            }
        }
    };
    // Previous / next page, above and below the list when it has more than one.
    let paging = total > PAGE;
    let (before, after) = if paging {
        (
            listed()
                .nth(start.saturating_sub(PAGE))
                .filter(|_| start > PAGE)
                .cloned(),
            listed().nth(start + PAGE).cloned(),
        )
    } else {
        (None, None)
    };
    let pager = |foot: bool| {
        let go = |to: Option<Rc<Span>>| {
            dispatch.reform(move |_: MouseEvent| Action::PanelPage(to.clone()))
        };
        let title = page_title("Spans", start, PAGE, total);
        let prev = (start > 0).then(|| go(before.clone()));
        let next = after.clone().map(|after| go(Some(after)));
        pager("spans", title, prev, next, &head, foot)
    };
    let list = if total == 0 {
        html! {
            <div class="panel-empty">
                <p>{ if entry.spans.is_empty() {
                    format!("No annotations yet. Select text, then {}.", press_hint(schema))
                } else {
                    "No annotations with this label.".to_owned()
                } }</p>
            </div>
        }
    } else {
        html! {
            <>
                if paging { { pager(false) } }
                <div class="span-list" role="list" aria-label="Spans in text order" onclick={onpick}>{ for items }</div>
                if paging { { pager(true) } }
            </>
        }
    };

    html! {
        <aside class="panel" id="annotations" aria-label="Annotations" tabindex="-1">
            <h2 class="panel-heading">{ "Annotations" }</h2>
            <div class="filters" role="group" aria-label="Filter by label">{ for filters }</div>
            { for selected }
            { list }
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_held_by_its_first_span_through_edits_before_it() {
        let span = |i: usize| {
            Rc::new(Span {
                id: SpanId(format!("s{i:05}")),
                start: 10 * i,
                end: 10 * i + 5,
                label: "quote".into(),
                note: String::new(),
                attrs: Default::default(),
                created: None,
                updated: None,
                annotator: Default::default(),
            })
        };
        let spans: Vec<Rc<Span>> = (0..1_200).map(span).collect();
        let first = spans[500].clone();
        assert_eq!(first_row(spans.iter(), spans.len(), None), 0);
        assert_eq!(first_row(spans.iter(), spans.len(), Some(&first)), 500);
        // Three spans added before the page, one deleted: it starts where its span now is.
        let mut edited = spans.clone();
        edited.remove(10);
        for i in 0..3 {
            let mut extra = (*span(20)).clone();
            extra.id = SpanId(format!("x{i}"));
            edited.insert(20, Rc::new(extra));
        }
        crate::model::sort::sort_with(&mut edited, &|a, b| Span::text_order(a, b));
        let at = first_row(edited.iter(), edited.len(), Some(&first));
        assert!(Rc::ptr_eq(&edited[at], &first));
        assert_eq!(at, 502);
        // Its first span deleted: the next one starts the page.
        let mut without = spans.clone();
        without.remove(500);
        let at = first_row(without.iter(), without.len(), Some(&first));
        assert!(Rc::ptr_eq(&without[at], &spans[501]));
        // Every span from it on deleted: the last page of what is left.
        let short: Vec<Rc<Span>> = spans[..320].to_vec();
        assert_eq!(first_row(short.iter(), short.len(), Some(&first)), 0);
        let longer: Vec<Rc<Span>> = spans[..450].iter().chain(&spans[900..]).cloned().collect();
        let missing = spans[600].clone();
        assert_eq!(first_row(longer.iter(), longer.len(), Some(&missing)), 450);
    }
}
