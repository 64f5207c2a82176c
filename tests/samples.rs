//! The embedded sample corpus is realistic test material: every feature the annotation work
//! needs appears in it (issue 2, point 4).

use marginalia::model::BlockKind;
use marginalia::samples::{sample_documents, SAMPLES};

fn has_char(text: &str, pred: impl Fn(char) -> bool) -> bool {
    text.chars().any(pred)
}

#[test]
fn every_sample_has_the_structure_of_a_news_article() {
    let docs = sample_documents();
    assert_eq!(docs.len(), SAMPLES.len());
    assert!((2..=3).contains(&docs.len()));
    for doc in &docs {
        let count =
            |pred: fn(&BlockKind) -> bool| doc.blocks.iter().filter(|b| pred(&b.kind)).count();
        assert_eq!(doc.blocks[0].kind, BlockKind::Title, "{}", doc.source);
        assert_eq!(count(|k| *k == BlockKind::Title), 1, "{}", doc.source);
        assert_eq!(
            count(|k| matches!(k, BlockKind::Image { .. })),
            1,
            "{}",
            doc.source
        );
        assert!(count(|k| *k == BlockKind::Bullet) >= 3, "{}", doc.source);
        assert!(
            count(|k| *k == BlockKind::Subheading) >= 1,
            "{}",
            doc.source
        );
        assert!(count(|k| *k == BlockKind::Paragraph) >= 6, "{}", doc.source);
        assert!(!doc.title.is_empty());
        assert!(
            doc.word_count() > 250,
            "{}: {}",
            doc.source,
            doc.word_count()
        );
        for block in &doc.blocks {
            if let BlockKind::Image { alt, url } = &block.kind {
                assert!(!alt.is_empty());
                assert!(marginalia::model::url_host(url).is_some(), "{url}");
            }
        }
        // Direct quotes in curly quotes, em dashes and numbers in every article.
        assert!(
            doc.text.contains('“') && doc.text.contains('”'),
            "{}",
            doc.source
        );
        assert!(doc.text.contains('—'), "{}", doc.source);
        assert!(
            has_char(&doc.text, |c| c.is_ascii_digit()),
            "{}",
            doc.source
        );
        assert!(doc.text.contains(" said"), "{}", doc.source);
    }
    let ids: std::collections::HashSet<_> = docs.iter().map(|d| d.id.clone()).collect();
    assert_eq!(ids.len(), docs.len(), "ids are distinct");
}

#[test]
fn the_corpus_covers_hard_unicode() {
    let all: String = sample_documents().into_iter().map(|d| d.text).collect();
    // Accented Latin letters (precomposed).
    for name in ["Inês", "Wójcik", "Dvořák", "Þórunn", "Kraków"] {
        assert!(all.contains(name), "{name}");
    }
    // Emoji beyond the BMP, a flag (two regional indicators) and a ZWJ family.
    assert!(has_char(&all, |c| ('\u{1F300}'..='\u{1FAFF}').contains(&c)));
    assert!(all.contains("🇵🇱"));
    assert!(all.contains("👨\u{200D}👩\u{200D}👧"));
    // CJK ideographs.
    assert!(has_char(&all, |c| ('\u{4E00}'..='\u{9FFF}').contains(&c)));
    // A combining mark (decomposed accents, as scraped text often has).
    assert!(has_char(&all, |c| ('\u{0300}'..='\u{036F}').contains(&c)));
}

#[test]
fn sample_block_ranges_agree_in_code_points_and_bytes() {
    for doc in sample_documents() {
        let chars: Vec<char> = doc.text.chars().collect();
        for block in &doc.blocks {
            let by_chars: String = chars[block.start..block.end].iter().collect();
            assert_eq!(by_chars, doc.block_text(block));
        }
    }
}
