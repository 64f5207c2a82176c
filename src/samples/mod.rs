//! The sample corpus compiled into the app, shown on first start so a newcomer can annotate
//! at once. Original text written for Marginalia; the people and figures are fictional.

use crate::formats::article::parse_article;
use crate::model::Document;

/// (file name, contents) of each sample article, in the order they are listed.
pub const SAMPLES: [(&str, &str); 3] = [
    ("flood-park.md", include_str!("flood-park.md")),
    ("night-train.md", include_str!("night-train.md")),
    ("glaciers.md", include_str!("glaciers.md")),
];

/// The sample articles, parsed.
pub fn sample_documents() -> Vec<Document> {
    SAMPLES
        .iter()
        .map(|(name, text)| parse_article(text, name))
        .collect()
}
