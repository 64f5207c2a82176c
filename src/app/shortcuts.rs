//! Keyboard shortcuts: which key does what, decided purely from the key event's data, and the
//! list shown in the help dialog.

use crate::model::DEFAULT_LABELS;

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Tag the selection (or relabel the selected span) with this label id.
    Tag(&'static str),
    DeleteSpan,
    Escape,
    NextSpan,
    PreviousSpan,
    NextDocument,
    PreviousDocument,
    Undo,
    Redo,
    Help,
}

/// The modifier state of a key event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    pub ctrl_or_meta: bool,
    pub alt: bool,
    pub shift: bool,
}

/// Map a key (`KeyboardEvent.key`) to a shortcut. In a text field only Escape counts (so typing
/// a note never tags anything); Alt combinations are left to the browser.
pub fn shortcut_for(key: &str, mods: Modifiers, in_text_field: bool) -> Option<Shortcut> {
    if key == "Escape" {
        return Some(Shortcut::Escape);
    }
    if in_text_field || mods.alt {
        return None;
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
        if let Some(label) = DEFAULT_LABELS
            .iter()
            .find(|l| l.digit == c || l.letter == c.to_ascii_lowercase())
        {
            return Some(Shortcut::Tag(label.id));
        }
    }
    match key {
        "Delete" | "Backspace" => Some(Shortcut::DeleteSpan),
        "j" => Some(Shortcut::NextSpan),
        "k" => Some(Shortcut::PreviousSpan),
        "n" => Some(Shortcut::NextDocument),
        "p" => Some(Shortcut::PreviousDocument),
        "?" => Some(Shortcut::Help),
        _ => None,
    }
}

/// Every shortcut, for the help dialog: (keys, what it does).
pub fn help_rows() -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = DEFAULT_LABELS
        .iter()
        .map(|l| {
            (
                format!("{} or {}", l.digit, l.letter),
                format!(
                    "Tag the selection as {} (or relabel the selected span)",
                    l.id
                ),
            )
        })
        .collect();
    for (keys, what) in [
        ("Delete or Backspace", "Delete the selected span"),
        ("Esc", "Clear the selection; close a dialog"),
        ("j / k", "Next / previous span"),
        ("n / p", "Next / previous article"),
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
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(shortcut_for("1", NONE, false), Some(Shortcut::Tag("quote")));
        assert_eq!(shortcut_for("q", NONE, false), Some(Shortcut::Tag("quote")));
        assert_eq!(shortcut_for("2", NONE, false), Some(Shortcut::Tag("claim")));
        assert_eq!(shortcut_for("c", NONE, false), Some(Shortcut::Tag("claim")));
        assert_eq!(
            shortcut_for("3", NONE, false),
            Some(Shortcut::Tag("entity"))
        );
        assert_eq!(
            shortcut_for("E", NONE, false),
            Some(Shortcut::Tag("entity"))
        );
        assert_eq!(shortcut_for("4", NONE, false), None);
    }

    #[test]
    fn navigation_and_editing_keys() {
        assert_eq!(shortcut_for("n", NONE, false), Some(Shortcut::NextDocument));
        assert_eq!(
            shortcut_for("p", NONE, false),
            Some(Shortcut::PreviousDocument)
        );
        assert_eq!(shortcut_for("j", NONE, false), Some(Shortcut::NextSpan));
        assert_eq!(shortcut_for("k", NONE, false), Some(Shortcut::PreviousSpan));
        assert_eq!(
            shortcut_for("Delete", NONE, false),
            Some(Shortcut::DeleteSpan)
        );
        assert_eq!(
            shortcut_for("Backspace", NONE, false),
            Some(Shortcut::DeleteSpan)
        );
        assert_eq!(shortcut_for("?", NONE, false), Some(Shortcut::Help));
        assert_eq!(shortcut_for("Escape", NONE, false), Some(Shortcut::Escape));
    }

    #[test]
    fn undo_and_redo() {
        assert_eq!(shortcut_for("z", CTRL, false), Some(Shortcut::Undo));
        let ctrl_shift = Modifiers {
            shift: true,
            ..CTRL
        };
        assert_eq!(shortcut_for("Z", ctrl_shift, false), Some(Shortcut::Redo));
        assert_eq!(shortcut_for("y", CTRL, false), Some(Shortcut::Redo));
        assert_eq!(
            shortcut_for("1", CTRL, false),
            None,
            "Ctrl+1 is the browser's"
        );
    }

    #[test]
    fn text_fields_and_alt_are_left_alone() {
        assert_eq!(shortcut_for("1", NONE, true), None);
        assert_eq!(
            shortcut_for("z", CTRL, true),
            None,
            "undo inside a note is the field's"
        );
        assert_eq!(shortcut_for("Escape", NONE, true), Some(Shortcut::Escape));
        let alt = Modifiers { alt: true, ..NONE };
        assert_eq!(shortcut_for("n", alt, false), None);
    }

    #[test]
    fn help_lists_every_label_and_key() {
        let rows = help_rows();
        assert!(rows.iter().any(|(k, _)| k == "1 or q"));
        assert!(rows.iter().any(|(k, _)| k.contains("Ctrl+Y")));
        assert!(rows.len() >= 12);
    }
}
