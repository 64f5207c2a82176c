//! Annotators: the person whose layer a span is in, by name. A name comes from the person at
//! this browser, a file or storage, so it is cleaned the same way wherever it comes from:
//! white space collapsed, control characters dropped, at most [`NAME_CHARS`] characters. It is
//! only ever shown as text.

use std::rc::Rc;

/// The longest name kept, in characters.
pub const NAME_CHARS: usize = 64;

/// `raw` as an annotator's name: trimmed, each run of white space one space, control and
/// format characters (bidi overrides, zero-width ones) left out, cut at [`NAME_CHARS`]
/// characters. `None` when nothing is left.
pub fn clean_name(raw: &str) -> Option<Rc<str>> {
    let mut out = String::with_capacity(raw.len().min(NAME_CHARS * 4));
    let mut chars = 0;
    for word in raw.split_whitespace() {
        if chars > 0 && chars < NAME_CHARS {
            out.push(' ');
            chars += 1;
        }
        for c in word.chars().filter(|c| !unwanted(*c)) {
            if chars == NAME_CHARS {
                break;
            }
            out.push(c);
            chars += 1;
        }
    }
    let out = out.trim_end();
    (!out.is_empty()).then(|| Rc::from(out))
}

/// Control characters and the invisible ones that change how text around them shows.
fn unwanted(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_the_same_wherever_they_come_from() {
        assert_eq!(
            clean_name("  Ada \n Lovelace ").as_deref(),
            Some("Ada Lovelace")
        );
        assert_eq!(
            clean_name("Zoë\u{202e}gnp.exe").as_deref(),
            Some("Zoëgnp.exe")
        );
        assert_eq!(
            clean_name("<b>x</b>").as_deref(),
            Some("<b>x</b>"),
            "shown as text"
        );
        assert_eq!(clean_name(" \t\u{200b} "), None);
        let long = "a".repeat(10_000);
        assert_eq!(
            clean_name(&long).map(|n| n.chars().count()),
            Some(NAME_CHARS)
        );
        let words = "ab ".repeat(100);
        let cut = clean_name(&words).unwrap();
        assert!(cut.chars().count() <= NAME_CHARS && !cut.ends_with(' '));
    }
}
