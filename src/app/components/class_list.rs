//! Class attributes built as yew's `classes!` builds them (each part's whitespace-separated
//! names in order, each name once, joined by a space; no attribute when there are none), in a
//! string: yew's `Classes` is a shared `IndexSet`, whose hash table code is in the download
//! only while something builds one.

use yew::AttrValue;

/// A class attribute being built; [`ClassList::value`] gives it to `class=`.
#[derive(Default)]
pub struct ClassList(String);

impl ClassList {
    /// Adds the names of `names` (split at whitespace) that are not there yet.
    pub fn push(&mut self, names: &str) {
        for name in names.split_whitespace() {
            if !self.0.split(' ').any(|n| n == name) {
                if !self.0.is_empty() {
                    self.0.push(' ');
                }
                self.0.push_str(name);
            }
        }
    }

    /// The attribute's value, or none without a name.
    pub fn value(self) -> Option<AttrValue> {
        (!self.0.is_empty()).then(|| self.0.into())
    }
}

/// The class attribute of `parts` (an empty part adds nothing).
pub fn class_list(parts: &[&str]) -> Option<AttrValue> {
    let mut list = ClassList::default();
    for part in parts {
        list.push(part);
    }
    list.value()
}

/// `name` when `on`, else nothing (a part of [`class_list`]).
pub fn when(on: bool, name: &str) -> &str {
    if on {
        name
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_order_each_once() {
        let value = |parts: &[&str]| class_list(parts).map(|v| v.to_string());
        assert_eq!(
            value(&["seg hl", "q", "q2", "hl"]).as_deref(),
            Some("seg hl q q2")
        );
        assert_eq!(
            value(&["chip", when(false, "active")]).as_deref(),
            Some("chip")
        );
        assert_eq!(
            value(&["chip", when(true, "active")]).as_deref(),
            Some("chip active")
        );
        assert_eq!(value(&["", when(false, "sorted")]), None);
        assert_eq!(value(&[" a  b ", "b\ta"]).as_deref(), Some("a b"));
    }
}
