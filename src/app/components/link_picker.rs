//! The link picker: after `s` (or a "Speaker…" / "Claimant…" / "Cue…" button), the spans the
//! selected quote or claim can point to, nearest first; typing narrows them, ↑/↓ move, Enter
//! links, Esc closes. A combobox over a listbox, so a screen reader follows the active option.
//! Drawn by the dialogs' one part ([`use_small_dialog`](super::dialogs::use_small_dialog)), which
//! runs [`use_picker`] for every dialog.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::button::button;
use crate::app::components::class_list::{class_list, when};
use crate::app::components::modal::dialog_frame;

use crate::app::hooks::mount::{deps, nothing, use_change, use_mount};

use crate::app::dom::ids::new_relation_id;
use crate::app::dom::labels_style::label_class;
use crate::app::dom::lower::lower;
use crate::app::state::Action;
use crate::model::entities::{normalize_name, CANONICAL};
use crate::model::words::excerpt;
use crate::model::{link_candidates, DocEntry, LabelSchema, RelationKind, SpanId};

/// Longest excerpt of a candidate, in characters.
const EXCERPT_CHARS: usize = 70;

/// What the picker asks for: "Speaker", "Claimant", "Cue".
pub fn kind_title(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::SaidBy => "Speaker",
        RelationKind::Claimant => "Claimant",
        RelationKind::Cue => "Cue",
    }
}

/// The picker's state: what is typed, the active option and the box typed in.
pub struct Picker {
    query: UseStateHandle<Option<String>>,
    active: UseStateHandle<usize>,
    input_ref: NodeRef,
}

/// The picker's hooks: the box focused once shown, and the active option kept in sight. Run by
/// every dialog (a dialog's hooks run in the same order each time); without a picker, nothing
/// is focused or scrolled.
#[hook]
pub fn use_picker() -> Picker {
    let query = use_state(|| None::<String>);
    let active = use_state(|| 0usize);
    let input_ref = use_node_ref();
    {
        let input_ref = input_ref.clone();
        use_mount(Box::new(move || {
            if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                let _ = input.focus();
            }
            nothing()
        }));
    }
    // The active option stays in sight as the arrows move it through a long list.
    let at = *active;
    use_change(
        deps(at),
        Box::new(move || {
            let el = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("link-option-{at}")));
            if let Some(el) = el {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&options);
            }
            nothing()
        }),
    );
    Picker {
        query,
        active,
        input_ref,
    }
}

/// What a link picker is for: the article, the span the relation starts from (the selected
/// quote or claim) and the relation's kind.
pub struct Linking<'a> {
    pub entry: &'a Rc<DocEntry>,
    pub schema: &'a LabelSchema,
    pub from: &'a SpanId,
    pub kind: RelationKind,
}

/// The picker's dialog; `None` when the span it starts from is gone.
pub fn link_picker(link: Linking, picker: &Picker, dispatch: &Callback<Action>) -> Option<Html> {
    let Picker {
        query,
        active,
        input_ref,
    } = picker;
    let (schema, kind) = (link.schema, link.kind);
    let entry = link.entry;
    let from = entry.span(link.from)?;
    let text = entry.doc.index();
    let needle = normalize_name(query.as_deref().unwrap_or_default());
    // (span index, its text, its canonical name when that differs)
    let candidates: Vec<(usize, String, Option<String>)> =
        link_candidates(schema, &entry.spans, from, kind)
            .into_iter()
            .filter_map(|i| {
                let span = entry.spans.get(i)?;
                let words = text.slice(span.start, span.end);
                let canonical = span
                    .attrs
                    .get(CANONICAL)
                    .filter(|c| c.trim() != words.trim())
                    .map(str::to_owned);
                let hit = needle.is_empty()
                    || crate::model::find::contains(&normalize_name(words), &needle)
                    || canonical
                        .as_deref()
                        .is_some_and(|c| crate::model::find::contains(&normalize_name(c), &needle));
                hit.then(|| (i, excerpt(words, EXCERPT_CHARS), canonical))
            })
            .collect();
    let current: Vec<&SpanId> = entry
        .relations
        .iter()
        .filter(|r| r.kind == kind && r.from == from.id)
        .map(|r| &r.to)
        .collect();
    let at = (*active).min(candidates.len().saturating_sub(1));
    let option_id = |n: usize| format!("link-option-{n}");

    let pick = {
        let dispatch = dispatch.clone();
        let entry = entry.clone();
        move |i: usize| {
            if let Some(span) = entry.spans.get(i) {
                dispatch.emit(Action::Link {
                    to: span.id.clone(),
                    id: new_relation_id(),
                });
            }
        }
    };
    let onkeydown = {
        let active = active.clone();
        let pick = pick.clone();
        let targets: Vec<usize> = candidates.iter().map(|c| c.0).collect();
        move |e: KeyboardEvent| {
            let last = targets.len().saturating_sub(1);
            match e.key().as_str() {
                "ArrowDown" => active.set((at + 1).min(last)),
                "ArrowUp" => active.set(at.saturating_sub(1)),
                "Home" => active.set(0),
                "End" => active.set(last),
                "Enter" => {
                    if let Some(&i) = targets.get(at) {
                        pick(i);
                    }
                }
                _ => return,
            }
            e.prevent_default();
        }
    };
    let oninput = {
        let (query, active) = (query.clone(), active.clone());
        move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(Some(input.value()));
                active.set(0);
            }
        }
    };
    let options = candidates.iter().enumerate().map(|(n, (i, words, canonical))| {
        let span = &entry.spans[*i];
        let chosen = n == at;
        let is_current = current.contains(&&span.id);
        let where_ = if span.end <= from.start {
            "before"
        } else if span.start >= from.end {
            "after"
        } else {
            "inside"
        };
        let onclick = {
            let pick = pick.clone();
            let i = *i;
            move |_: MouseEvent| pick(i)
        };
        html! {
            <li id={option_id(n)} role="option" aria-selected={chosen.to_string()}
                class={class_list(&["link-option", when(chosen, "active")])} {onclick}>
                <span class={class_list(&["chip", &label_class(&span.label)])}>{ schema.name_of(&span.label).to_owned() }</span>
                <span class="link-words">{ words.clone() }</span>
                if let Some(c) = canonical {
                    <span class="link-canonical">{ format!("= {c}") }</span>
                }
                <span class="link-where">{ where_ }</span>
                if is_current {
                    <span class="link-current">{ "current" }</span>
                }
            </li>
        }
    });
    let title = kind_title(kind);
    let cancel = dispatch.reform(|_: MouseEvent| Action::CloseDialog);
    let target = kind
        .to_role()
        .map(|r| schema.role_label(r).map_or(r.id(), |l| l.id.as_str()));
    let target_name = lower(target.map_or("span", |l| schema.name_of(l)));
    let from_name = lower(schema.name_of(&from.label));
    let empty = if needle.is_empty() {
        match target {
            Some(l) => format!(
                "No {target_name} in this article yet. Select the name in the text and tag it as {target_name}{}, then select the {} again and press s.",
                schema.digit(l).map(|d| format!(" (press {d})")).unwrap_or_default(),
                from_name,
            ),
            None => "No other annotation in this article yet: tag the cue words first.".to_owned(),
        }
    } else {
        format!(
            "Nothing matches “{}”.",
            query.as_deref().unwrap_or_default()
        )
    };
    Some(dialog_frame(
        "dialog link-picker",
        "link-title",
        format!("{title} of this {from_name}"),
        html! {
                <>
                    <p class="link-from">{ format!("“{}”", excerpt(text.slice(from.start, from.end), 120)) }</p>
                    <input ref={input_ref.clone()} type="text" class="link-filter" role="combobox"
                           aria-label={format!("Find the {}", lower(title))}
                           aria-controls="link-options" aria-expanded="true" aria-autocomplete="list"
                           aria-activedescendant={(!candidates.is_empty()).then(|| option_id(at))}
                           placeholder={format!("Type to narrow the {target_name} list")}
                           value={(**query).clone().unwrap_or_default()} {oninput} {onkeydown} />
                    if candidates.is_empty() {
                        <p class="link-empty" role="status">{ empty }</p>
                    } else {
                        <ul id="link-options" class="link-options" role="listbox" aria-label={format!("{title} candidates")}>
                            { for options }
                        </ul>
                    }
                    <p class="link-hint">{ if candidates.is_empty() { "Esc to close" } else { "↑ ↓ to move, Enter to link, Esc to close" } }</p>
                    <div class="dialog-actions">
                        { button("button", "Cancel", None, cancel.into()) }
                    </div>
                </>
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_titles() {
        assert_eq!(kind_title(RelationKind::SaidBy), "Speaker");
        assert_eq!(kind_title(RelationKind::Cue), "Cue");
    }
}
