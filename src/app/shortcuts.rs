//! Global keyboard shortcuts: which key does what, decided purely from the key event's data.

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    NextDocument,
    PreviousDocument,
}

/// Map a key (`KeyboardEvent.key`) to a shortcut. Keys typed into a text field, or with
/// Ctrl/Alt/Meta held, are never shortcuts.
pub fn shortcut_for(key: &str, ctrl_alt_meta: bool, in_text_field: bool) -> Option<Shortcut> {
    if ctrl_alt_meta || in_text_field {
        return None;
    }
    match key {
        "n" => Some(Shortcut::NextDocument),
        "p" => Some(Shortcut::PreviousDocument),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_shortcuts_only_outside_text_fields() {
        assert_eq!(
            shortcut_for("n", false, false),
            Some(Shortcut::NextDocument)
        );
        assert_eq!(
            shortcut_for("p", false, false),
            Some(Shortcut::PreviousDocument)
        );
        assert_eq!(shortcut_for("n", true, false), None);
        assert_eq!(shortcut_for("n", false, true), None);
        assert_eq!(shortcut_for("x", false, false), None);
    }
}
