//! Grapheme and word boundaries as the browser build computes them (Intl.Segmenter), and
//! selection snapping on top of them: flags, ZWJ families, combining marks, CJK.

use wasm_bindgen_test::wasm_bindgen_test;

use marginalia::model::text::{slice_cp, snap_selection, SnapMode};
use marginalia::model::uax29::{grapheme_ends, word_ends};

/// The pieces of `s` that `ends` cut it into.
fn pieces(s: &str, ends: &[usize]) -> Vec<String> {
    let mut start = 0;
    ends.iter()
        .map(|&e| {
            let piece = s[start..e].to_owned();
            start = e;
            piece
        })
        .collect()
}

const TEXT: &str = "Zoe\u{308} saw 🇺🇦🇵🇱 and 👨\u{200D}👩\u{200D}👧 — “fine”, 北京 ok.";

#[wasm_bindgen_test]
fn clusters_keep_flags_families_and_combining_marks_whole() {
    let clusters = pieces(TEXT, &grapheme_ends(TEXT));
    for whole in ["e\u{308}", "🇺🇦", "🇵🇱", "👨\u{200D}👩\u{200D}👧"] {
        assert!(
            clusters.iter().any(|c| c == whole),
            "{whole:?} in {clusters:?}"
        );
    }
    assert_eq!(clusters.concat(), TEXT);
    assert_eq!(grapheme_ends("").len(), 0);
}

#[wasm_bindgen_test]
fn words_follow_uax29() {
    let words = pieces(TEXT, &word_ends(TEXT));
    assert_eq!(words.concat(), TEXT);
    for word in [
        "Zoe\u{308}",
        "saw",
        "and",
        "fine",
        "ok",
        ".",
        "👨\u{200D}👩\u{200D}👧",
    ] {
        assert!(words.iter().any(|w| w == word), "{word:?} in {words:?}");
    }
    // Every end is a char boundary and they increase.
    let ends = word_ends(TEXT);
    assert!(ends.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(ends.last(), Some(&TEXT.len()));
}

/// Snap the first occurrence of `sel` in TEXT.
fn snap(sel: &str, mode: SnapMode) -> Option<String> {
    let byte = TEXT.find(sel).expect("selection in text");
    let start = TEXT[..byte].chars().count();
    let end = start + sel.chars().count();
    snap_selection(TEXT, start, end, mode).map(|(a, b)| slice_cp(TEXT, a, b).to_owned())
}

#[wasm_bindgen_test]
fn snapping_in_the_browser_never_cuts_a_cluster_and_extends_to_words() {
    assert_eq!(snap("oe", SnapMode::Words).as_deref(), Some("Zoe\u{308}"));
    assert_eq!(snap("e", SnapMode::Characters).as_deref(), Some("e\u{308}"));
    assert_eq!(snap(" sa", SnapMode::Words).as_deref(), Some("saw"));
    // Half a flag is a whole flag; one person of the family is the whole family.
    assert_eq!(
        snap("\u{1F1FA}", SnapMode::Characters).as_deref(),
        Some("🇺🇦")
    );
    assert_eq!(
        snap("👩", SnapMode::Characters).as_deref(),
        Some("👨\u{200D}👩\u{200D}👧")
    );
    assert_eq!(snap("ine", SnapMode::Words).as_deref(), Some("fine"));
    assert_eq!(snap(" ", SnapMode::Words), None);
}
