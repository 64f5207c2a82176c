//! Label colours in the page. The three default labels keep their own channels in
//! `styles/main.css` (quote = background tint, claim = underline, entity = a thin box); a
//! recoloured default only changes its colour variables. Every other label is drawn as a
//! marker band along the bottom of the text (stronger where two of its spans cross), and its
//! swatches and chips take its colour.
//!
//! The CSP allows no inline styles, so the rules are not markup: they are one constructed
//! stylesheet (`new CSSStyleSheet()`, adopted by the document), replaced whenever the schema
//! changes. [`label_css`] is pure and unit-tested.

use crate::model::{default_label, LabelSchema};

/// The ids whose look `styles/main.css` draws, with the short class of their highlight and
/// the alpha of their `-bg` and `-bg-2` variables.
const BUILT_IN: [(&str, &str, u8, Option<u8>); 3] = [
    ("quote", "q", 22, Some(40)),
    ("claim", "c", 14, None),
    ("entity", "e", 16, None),
];

/// The band layers of labels outside the defaults, for the first, second and third such label
/// on a piece of text (outermost first): class letter, alpha, alpha where doubled.
const LAYERS: [(char, u8, u8); 3] = [('a', 40, 65), ('b', 70, 90), ('c', 100, 100)];

/// The classes of a piece of text covered by labels outside the defaults (`ids`, outermost
/// first): `xl` and, for the first three, `xa-<id>`, `xb-<id>`, `xc-<id>`.
pub fn layer_classes(ids: &[&str]) -> Vec<String> {
    if ids.is_empty() {
        return Vec::new();
    }
    let mut classes = vec!["xl".to_owned()];
    for ((layer, ..), id) in LAYERS.iter().zip(ids) {
        classes.push(format!("x{layer}-{id}"));
    }
    classes
}

/// Whether a label is drawn by `styles/main.css` itself (the three defaults).
pub fn is_built_in(id: &str) -> bool {
    BUILT_IN.iter().any(|(b, ..)| *b == id)
}

/// The class that carries a label's colour on buttons, chips, filters and counts: the id
/// itself for the three defaults (as `styles/main.css` has them), `x-<id>` otherwise (ids are
/// `[A-Za-z0-9_-]`, so the class needs no escaping).
pub fn label_class(id: &str) -> String {
    if BUILT_IN.iter().any(|(b, ..)| *b == id) {
        id.to_owned()
    } else {
        format!("x-{id}")
    }
}

/// The short highlight class of a label's segments: `q`, `c`, `e`, or `x-<id>`.
pub fn highlight_class(id: &str) -> String {
    match BUILT_IN.iter().find(|(b, ..)| *b == id) {
        Some((_, short, ..)) => (*short).to_owned(),
        None => format!("x-{id}"),
    }
}

/// `#rrggbb` as `r g b`.
fn rgb(color: &str) -> Option<(u8, u8, u8)> {
    let hex = color.strip_prefix('#').filter(|h| h.len() == 6)?;
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

/// The stylesheet for `schema`'s colours (empty for the default schema).
pub fn label_css(schema: &LabelSchema) -> String {
    let mut css = String::new();
    let mut root = String::new();
    for label in schema.labels() {
        let Some((r, g, b)) = rgb(&label.color) else {
            continue;
        };
        let c = &label.color;
        if let Some((id, _, bg, bg2)) = BUILT_IN.iter().find(|(b, ..)| *b == label.id) {
            if default_label(id).is_some_and(|d| d.color.eq_ignore_ascii_case(c)) {
                continue;
            }
            root.push_str(&format!(
                "--{id}: {c}; --{id}-bg: rgb({r} {g} {b} / {bg}%); "
            ));
            if let Some(bg2) = bg2 {
                root.push_str(&format!("--{id}-bg-2: rgb({r} {g} {b} / {bg2}%); "));
            }
            continue;
        }
        let id = &label.id;
        // Its band in each layer (see `styles/main.css`, `.seg.xl`), stronger where two of its
        // spans cross.
        for (layer, alpha, doubled) in LAYERS {
            css.push_str(&format!(
                ".seg.x{layer}-{id} {{ --x{layer}: rgb({r} {g} {b} / {alpha}%); }}\n\
                 .seg.x{layer}-{id}.x-{id}2 {{ --x{layer}: rgb({r} {g} {b} / {doubled}%); }}\n"
            ));
        }
        css.push_str(&format!(
            ".x-{id} .swatch {{ background: rgb({r} {g} {b} / 30%); box-shadow: inset 0 -0.32rem 0 {c}; }}\n\
             .chip.x-{id} {{ background: rgb({r} {g} {b} / 20%); border-color: {c}; }}\n"
        ));
    }
    if !root.is_empty() {
        css.insert_str(0, &format!(":root {{ {root}}}\n"));
    }
    css
}

thread_local! {
    static SHEET: std::cell::RefCell<Option<web_sys::CssStyleSheet>> =
        const { std::cell::RefCell::new(None) };
}

/// Put `css` in the page: one constructed stylesheet, adopted once and then replaced.
pub fn install(css: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    SHEET.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            let Ok(sheet) = web_sys::CssStyleSheet::new() else {
                return;
            };
            let sheets = document.adopted_style_sheets();
            sheets.push(&sheet);
            document.set_adopted_style_sheets(&sheets);
            *cell = Some(sheet);
        }
        if let Some(sheet) = cell.as_ref() {
            let _ = sheet.replace_sync(css);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LabelSpec;

    #[test]
    fn the_default_schema_needs_no_rules() {
        assert_eq!(label_css(&LabelSchema::default()), "");
        assert_eq!(label_class("quote"), "quote");
        assert_eq!(highlight_class("entity"), "e");
        assert_eq!(highlight_class("source"), "x-source");
    }

    #[test]
    fn new_and_recoloured_labels_get_rules() {
        let mut labels = LabelSchema::default().labels().to_vec();
        labels[1].color = "#112233".into();
        labels.push(LabelSpec::new("source", "Source", "#cc79a7"));
        let css = label_css(&LabelSchema::new(labels).unwrap());
        assert!(css.starts_with(":root { --claim: #112233; --claim-bg: rgb(17 34 51 / 14%); }"));
        assert!(!css.contains("--quote"));
        assert!(css.contains(".seg.xa-source { --xa: rgb(204 121 167 / 40%); }"));
        assert!(css.contains(".seg.xb-source.x-source2 { --xb: rgb(204 121 167 / 90%); }"));
        assert_eq!(layer_classes(&[]), Vec::<String>::new());
        assert_eq!(
            layer_classes(&["a", "b", "c", "d"]),
            vec!["xl", "xa-a", "xb-b", "xc-c"]
        );
        assert!(css.contains(".chip.x-source {"));
        assert!(css.contains(".x-source .swatch {"));
    }
}
