//! Keyboard shortcuts: which key does what, decided purely from the key event's data, and the
//! list shown in the help dialog.

use crate::app::dom::lower::lower;
use crate::app::state::view::Drawer;
use crate::model::adjudicate::Choice;
use crate::model::text::KeyMove;
use crate::model::words::join;
use crate::model::LabelSchema;

/// What a key press asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Tag the selection (or relabel the selected span) with this label id.
    Tag(String),
    DeleteSpan,
    Escape,
    NextSpan,
    PreviousSpan,
    NextDocument,
    PreviousDocument,
    Undo,
    Redo,
    Help,
    /// Pick the speaker (quote) or claimant (claim) of the selected span.
    Link,
    /// Article → People → Claims → Article.
    NextView,
    /// Tag every other place of the selected span's words in the article.
    TagOthers,
    /// Adjudicating (the gold layer shown): take this of the selected span's disagreement.
    Adjudicate(Choice),
    /// Select text by keyboard: Ctrl+→ / ← the next / previous word, Ctrl+Shift+→ / ← stretch
    /// the selection by a word, Shift+→ / ← by a character.
    Select(KeyMove),
    /// Open or close a drawer on a narrow window: `[` the documents, `]` the annotations.
    Drawer(Drawer),
}

/// The modifier state of a key event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    pub ctrl_or_meta: bool,
    pub alt: bool,
    pub shift: bool,
}

/// Map a key (`KeyboardEvent.key`) to a shortcut; label keys are the schema's (a label's position
/// digit or its own key). In a text field only Escape counts (so typing a note never tags
/// anything); Alt combinations are left to the browser.
pub fn shortcut_for(
    key: &str,
    mods: Modifiers,
    in_text_field: bool,
    schema: &LabelSchema,
) -> Option<Shortcut> {
    if key == "Escape" {
        return Some(Shortcut::Escape);
    }
    if in_text_field || mods.alt {
        return None;
    }
    let forward = match key {
        "ArrowRight" => Some(true),
        "ArrowLeft" => Some(false),
        _ => None,
    };
    if let Some(forward) = forward {
        return match (mods.ctrl_or_meta, mods.shift) {
            (true, false) => Some(Shortcut::Select(KeyMove::Word { forward })),
            (by_word, true) => Some(Shortcut::Select(KeyMove::Stretch { forward, by_word })),
            // A plain arrow is the browser's (scrolling sideways).
            (false, false) => None,
        };
    }
    if mods.ctrl_or_meta {
        return match key {
            "z" | "Z" if mods.shift => Some(Shortcut::Redo),
            "z" | "Z" => Some(Shortcut::Undo),
            "y" | "Y" => Some(Shortcut::Redo),
            _ => None,
        };
    }
    let mut chars = key.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if let Some(label) = schema.by_key(c) {
            return Some(Shortcut::Tag(label.id.clone()));
        }
    }
    match key {
        "Delete" | "Backspace" => Some(Shortcut::DeleteSpan),
        "j" => Some(Shortcut::NextSpan),
        "k" => Some(Shortcut::PreviousSpan),
        "n" => Some(Shortcut::NextDocument),
        "p" => Some(Shortcut::PreviousDocument),
        "s" => Some(Shortcut::Link),
        "?" => Some(Shortcut::Help),
        // Not reserved: a label given `v` as its key keeps it.
        "v" | "V" => Some(Shortcut::NextView),
        // Not reserved either.
        "a" => Some(Shortcut::TagOthers),
        "[" => Some(Shortcut::Drawer(Drawer::Documents)),
        "]" => Some(Shortcut::Drawer(Drawer::Annotations)),
        "y" => Some(Shortcut::Adjudicate(Choice::Selected)),
        "b" => Some(Shortcut::Adjudicate(Choice::All)),
        "x" => Some(Shortcut::Adjudicate(Choice::Nothing)),
        _ => None,
    }
}

/// The keys that tag with label `id`: "1 or q", "4", "x", or `None` for a label without keys.
pub fn label_keys(schema: &LabelSchema, id: &str) -> Option<String> {
    let digit = schema.digit(id);
    let key = schema.label(id).and_then(|l| l.key);
    match (digit, key) {
        (Some(d), Some(k)) => Some(format!("{d} or {k}")),
        (Some(d), None) => Some(d.to_string()),
        (None, Some(k)) => Some(k.to_string()),
        (None, None) => None,
    }
}

/// What the "select text first" notices say: "press 1 (quote), 2 (claim) or 3 (entity)", or
/// "press a label's button" when no label has a key.
pub fn press_hint(schema: &LabelSchema) -> String {
    let keys: Vec<String> = schema
        .labels()
        .iter()
        .filter_map(|l| {
            let key = schema.digit(&l.id).or(l.key)?;
            Some(format!("{key} ({})", lower(&l.name)))
        })
        .collect();
    match keys.as_slice() {
        [] => "press a label's button".to_owned(),
        [one] => format!("press {one}"),
        [rest @ .., last] => format!("press {} or {last}", join(rest, ", ")),
    }
}

/// Every shortcut, for the help dialog: (keys, what it does).
pub fn help_rows(schema: &LabelSchema) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = schema
        .labels()
        .iter()
        .filter_map(|l| {
            Some((
                label_keys(schema, &l.id)?,
                format!(
                    "Tag the selection as {} (or relabel the selected span)",
                    l.name
                ),
            ))
        })
        .collect();
    for (keys, what) in [
        ("Delete or Backspace", "Delete the selected span"),
        ("Esc", "Clear the selection; close a dialog"),
        (
            "j / k",
            "Next / previous span (two layers compared: disagreement; gold: version to accept)",
        ),
        (
            "y / b / x",
            "Gold layer: accept the selected span's version / all versions / none",
        ),
        (
            "Ctrl+→ / Ctrl+←",
            "Select the next / previous word (from the selected span, or the top of the page)",
        ),
        (
            "Ctrl+Shift+→ / ←",
            "Stretch or shrink the selection by a word (Shift+→ / ←: by a character)",
        ),
        (
            "s",
            "Pick the speaker of the selected quote, or the claimant of the selected claim",
        ),
        ("n / p", "Next / previous article"),
        (
            "[ / ]",
            "Documents / annotations (a narrow window's drawers)",
        ),
        ("Ctrl+Z", "Undo"),
        ("Ctrl+Shift+Z or Ctrl+Y", "Redo"),
        ("?", "Show or hide this list"),
        (
            "Click a highlight",
            "Select the innermost span; click again for the next one under the pointer",
        ),
        ("Tab", "Move between controls"),
    ] {
        rows.push((keys.to_owned(), what.to_owned()));
    }
    if schema.by_key('v').is_none() {
        rows.push((
            "v".to_owned(),
            "Next view: Article, People, Claims (Esc: back to the article)".to_owned(),
        ));
    }
    if schema.by_key('a').is_none() {
        rows.push((
            "a".to_owned(),
            "Tag every other place of the selected span's words in this article".to_owned(),
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LabelSpec;

    fn sc(key: &str, mods: Modifiers, in_text_field: bool) -> Option<Shortcut> {
        shortcut_for(key, mods, in_text_field, &LabelSchema::default())
    }

    fn tag(id: &str) -> Option<Shortcut> {
        Some(Shortcut::Tag(id.to_owned()))
    }

    const NONE: Modifiers = Modifiers {
        ctrl_or_meta: false,
        alt: false,
        shift: false,
    };
    const CTRL: Modifiers = Modifiers {
        ctrl_or_meta: true,
        alt: false,
        shift: false,
    };

    #[test]
    fn label_keys_digits_and_letters() {
        assert_eq!(sc("1", NONE, false), tag("quote"));
        assert_eq!(sc("q", NONE, false), tag("quote"));
        assert_eq!(sc("2", NONE, false), tag("claim"));
        assert_eq!(sc("c", NONE, false), tag("claim"));
        assert_eq!(sc("3", NONE, false), tag("entity"));
        assert_eq!(sc("E", NONE, false), tag("entity"));
        assert_eq!(sc("4", NONE, false), None);
    }

    #[test]
    fn navigation_and_editing_keys() {
        assert_eq!(sc("n", NONE, false), Some(Shortcut::NextDocument));
        assert_eq!(sc("p", NONE, false), Some(Shortcut::PreviousDocument));
        assert_eq!(sc("j", NONE, false), Some(Shortcut::NextSpan));
        assert_eq!(sc("k", NONE, false), Some(Shortcut::PreviousSpan));
        assert_eq!(sc("Delete", NONE, false), Some(Shortcut::DeleteSpan));
        assert_eq!(sc("Backspace", NONE, false), Some(Shortcut::DeleteSpan));
        assert_eq!(sc("?", NONE, false), Some(Shortcut::Help));
        assert_eq!(sc("Escape", NONE, false), Some(Shortcut::Escape));
        assert_eq!(sc("v", NONE, false), Some(Shortcut::NextView));
        assert_eq!(sc("v", NONE, true), None, "typing a v in a field");
        assert_eq!(sc("a", NONE, false), Some(Shortcut::TagOthers));
        assert_eq!(
            sc("y", NONE, false),
            Some(Shortcut::Adjudicate(Choice::Selected))
        );
        assert_eq!(
            sc("b", NONE, false),
            Some(Shortcut::Adjudicate(Choice::All))
        );
        assert_eq!(
            sc("x", NONE, false),
            Some(Shortcut::Adjudicate(Choice::Nothing))
        );
        // Enter stays the focused control's.
        assert_eq!(sc("Enter", NONE, false), None);
    }

    #[test]
    fn arrows_select_text_by_word_and_by_character() {
        let select = |key| Some(Shortcut::Select(key));
        let shift = Modifiers {
            shift: true,
            ..NONE
        };
        let ctrl_shift = Modifiers {
            shift: true,
            ..CTRL
        };
        let word = |forward| KeyMove::Word { forward };
        let stretch = |forward, by_word| KeyMove::Stretch { forward, by_word };
        assert_eq!(sc("ArrowRight", CTRL, false), select(word(true)));
        assert_eq!(sc("ArrowLeft", CTRL, false), select(word(false)));
        assert_eq!(
            sc("ArrowRight", ctrl_shift, false),
            select(stretch(true, true))
        );
        assert_eq!(
            sc("ArrowLeft", ctrl_shift, false),
            select(stretch(false, true))
        );
        assert_eq!(sc("ArrowRight", shift, false), select(stretch(true, false)));
        assert_eq!(sc("ArrowLeft", shift, false), select(stretch(false, false)));
        assert_eq!(sc("ArrowRight", NONE, false), None, "a plain arrow scrolls");
        assert_eq!(sc("ArrowRight", CTRL, true), None, "moving in a text field");
    }

    #[test]
    fn undo_and_redo() {
        assert_eq!(sc("z", CTRL, false), Some(Shortcut::Undo));
        let ctrl_shift = Modifiers {
            shift: true,
            ..CTRL
        };
        assert_eq!(sc("Z", ctrl_shift, false), Some(Shortcut::Redo));
        assert_eq!(sc("y", CTRL, false), Some(Shortcut::Redo));
        assert_eq!(sc("1", CTRL, false), None, "Ctrl+1 is the browser's");
    }

    #[test]
    fn text_fields_and_alt_are_left_alone() {
        assert_eq!(sc("1", NONE, true), None);
        assert_eq!(
            sc("z", CTRL, true),
            None,
            "undo inside a note is the field's"
        );
        assert_eq!(sc("Escape", NONE, true), Some(Shortcut::Escape));
        let alt = Modifiers { alt: true, ..NONE };
        assert_eq!(sc("n", alt, false), None);
    }

    #[test]
    fn help_lists_every_label_and_key() {
        let rows = help_rows(&LabelSchema::default());
        assert!(rows.iter().any(|(k, _)| k == "1 or q"));
        assert!(rows.iter().any(|(k, _)| k.contains("Ctrl+Y")));
        assert!(rows.len() >= 12);
    }

    #[test]
    fn keys_and_hints_follow_the_schema() {
        let mut labels = LabelSchema::default().labels().to_vec();
        let mut source = LabelSpec::new("source", "Source", "#cc79a7");
        source.key = Some('x');
        labels.push(source);
        labels.push(LabelSpec::new("mood", "Mood", "#56b4e9"));
        let schema = LabelSchema::new(labels).unwrap();
        assert_eq!(shortcut_for("4", NONE, false, &schema), tag("source"));
        assert_eq!(shortcut_for("x", NONE, false, &schema), tag("source"));
        assert_eq!(shortcut_for("5", NONE, false, &schema), tag("mood"));
        assert_eq!(shortcut_for("6", NONE, false, &schema), None);
        assert_eq!(label_keys(&schema, "source").as_deref(), Some("4 or x"));
        let rows = help_rows(&schema);
        assert!(rows.iter().any(|(k, w)| k == "5" && w.contains("as Mood")));
        assert_eq!(
            press_hint(&LabelSchema::default()),
            "press 1 (quote), 2 (claim) or 3 (entity)"
        );
        assert_eq!(press_hint(&LabelSchema::empty()), "press a label's button");
        // The view key is listed, unless a label has taken it.
        assert!(rows
            .iter()
            .any(|(k, w)| k == "v" && w.starts_with("Next view")));
        let mut labels = LabelSchema::default().labels().to_vec();
        labels[0].key = Some('v');
        let schema = LabelSchema::new(labels).unwrap();
        assert_eq!(shortcut_for("v", NONE, false, &schema), tag("quote"));
        assert!(!help_rows(&schema).iter().any(|(k, _)| k == "v"));
    }
}
