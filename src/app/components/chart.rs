//! Label counts as small inline SVG charts, drawn without a chart library: a stacked bar per
//! document (the document list) and a bar per label for the whole corpus (the corpus views).
//!
//! Colours follow the label schema: every bar carries its label's colour as the SVG `fill`
//! attribute (an attribute, not a style, so the CSP allows it), and the bars of the three
//! default labels also the class `bar <id>`, whose rule in `styles/views.css` takes the
//! theme's colour variable instead (dark theme, recolours). Coordinates are whole numbers:
//! the stacked bar's view box is as wide as the count, so no float is ever formatted.

use yew::prelude::*;

use crate::app::components::class_list::{class_list, when};

use crate::app::dom::labels_style::is_built_in;
use crate::model::LabelSchema;

/// The class of a label's bar: `bar quote` for a default label, `bar` otherwise.
fn bar_class(id: &str) -> Option<AttrValue> {
    class_list(&["bar", when(is_built_in(id), id)])
}

/// What a chart says to people who cannot see it: "12 quote, 3 claim, 5 entity" (the label
/// names in lower case, by `lower`), the first three labels always, the others where used.
pub fn counts_text(
    schema: &LabelSchema,
    counts: &[usize],
    lower: impl Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    for (i, (label, n)) in schema.labels().iter().zip(counts).enumerate() {
        if i >= 3 && *n == 0 {
            continue;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&n.to_string());
        out.push(' ');
        out.push_str(&lower(&label.name));
    }
    out
}

/// One thin bar split by label, each part as long as its count (an empty track when there
/// are no spans): `counts` are the spans per label, by the label's position in the schema, and
/// `label` the accessible description ([`counts_text`]). A plain function rather than a
/// component: each component type brings its own copy of yew's component code (about 0.5 KB
/// gzip, docs/bundle-size.md).
pub fn label_bar(schema: &LabelSchema, counts: &[usize], label: AttrValue) -> Html {
    let total: usize = counts.iter().sum();
    let mut x = 0;
    let parts = schema
        .labels()
        .iter()
        .zip(counts.iter())
        .filter(|(_, n)| **n > 0)
        .map(|(label, n)| {
            let at = x;
            x += n;
            html! {
                <rect class={bar_class(&label.id)} x={at.to_string()} y="0" width={n.to_string()}
                      height="1" fill={label.color.clone()} />
            }
        })
        .collect::<Html>();
    html! {
        <svg class="label-bar" role="img" aria-label={label}
             viewBox={format!("0 0 {} 1", total.max(1))} preserveAspectRatio="none">
            if total == 0 {
                <rect class="bar-empty" x="0" y="0" width="1" height="1" />
            }
            { parts }
        </svg>
    }
}

/// Sizes of the corpus chart, in px.
const ROW: usize = 22;
const BAR: usize = 12;
const BAR_WIDTH: usize = 180;
/// Width of the names' column: about this many px per character of the longest name.
const CHAR_WIDTH: usize = 7;

/// A horizontal bar per label: its name, a bar as long as its count (relative to the most
/// used label) and the count. `counts` and `label` as for [`label_bar`]; a plain function too.
pub fn corpus_chart(schema: &LabelSchema, counts: &[usize], label: AttrValue) -> Html {
    let labels = schema.labels();
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let name_width = labels
        .iter()
        .map(|l| l.name.chars().count().min(18))
        .max()
        .unwrap_or(0)
        * CHAR_WIDTH
        + 12;
    let width = name_width + BAR_WIDTH + 48;
    let height = ROW * labels.len().max(1);
    let rows = labels
        .iter()
        .zip(counts.iter())
        .enumerate()
        .map(|(i, (label, n))| {
            let y = i * ROW;
            // A used label's bar is at least 2 px long, so it shows.
            let long = if *n == 0 {
                0
            } else {
                (n * BAR_WIDTH / max).max(2)
            };
            let name: String = if label.name.chars().count() > 18 {
                let mut cut: String = label.name.chars().take(17).collect();
                cut.push('…');
                cut
            } else {
                label.name.clone()
            };
            html! {
                <g>
                    <text class="chart-name" x="0" y={(y + ROW / 2 + 4).to_string()}>{ name }</text>
                    <rect class="chart-track" x={name_width.to_string()} y={(y + (ROW - BAR) / 2).to_string()}
                          width={BAR_WIDTH.to_string()} height={BAR.to_string()} rx="2" />
                    <rect class={bar_class(&label.id)} x={name_width.to_string()}
                          y={(y + (ROW - BAR) / 2).to_string()} width={long.to_string()}
                          height={BAR.to_string()} rx="2" fill={label.color.clone()} />
                    <text class="chart-count" x={(name_width + long + 6).to_string()}
                          y={(y + ROW / 2 + 4).to_string()}>{ n }</text>
                </g>
            }
        })
        .collect::<Html>();
    html! {
        <svg class="corpus-chart" role="img" aria-label={label}
             width={width.to_string()} height={height.to_string()}
             viewBox={format!("0 0 {width} {height}")}>
            { rows }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LabelSpec;

    #[test]
    fn counts_text_names_the_first_three_labels_and_the_used_others() {
        let lower = crate::app::dom::lower::lower;
        let schema = LabelSchema::default();
        assert_eq!(
            counts_text(&schema, &[12, 3, 5], lower),
            "12 quote, 3 claim, 5 entity"
        );
        assert_eq!(
            counts_text(&schema, &[0, 0, 0], lower),
            "0 quote, 0 claim, 0 entity"
        );
        let mut labels = schema.labels().to_vec();
        labels.push(LabelSpec::new("source", "Named Source", "#cc79a7"));
        labels.push(LabelSpec::new("mood", "Mood", "#56b4e9"));
        let schema = LabelSchema::new(labels).unwrap();
        assert_eq!(
            counts_text(&schema, &[1, 0, 0, 0, 2], lower),
            "1 quote, 0 claim, 0 entity, 2 mood"
        );
        assert_eq!(bar_class("quote").as_deref(), Some("bar quote"));
        assert_eq!(bar_class("mood").as_deref(), Some("bar"));
    }
}
