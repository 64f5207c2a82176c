//! Property tests: the article parser never panics and its blocks always describe the text.
#![cfg(not(target_arch = "wasm32"))]

use marginalia::formats::article::parse_article;
use proptest::prelude::*;

/// Strings built from article-like pieces, including markers, astral and combining text.
fn article_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("- ".to_owned()),
        Just("* ".to_owned()),
        Just("# ".to_owned()),
        Just("![alt](https://x.org/a.jpg)".to_owned()),
        Just("![".to_owned()),
        Just("](".to_owned()),
        Just("“Quoted,” she said.".to_owned()),
        Just(" — ".to_owned()),
        Just("👨\u{200D}👩\u{200D}👧🇺🇦".to_owned()),
        Just("e\u{0301}".to_owned()),
        Just("北海道".to_owned()),
        Just("  \t".to_owned()),
        "[a-zA-Z .,]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn blocks_are_ordered_disjoint_trimmed_slices(raw in article_like()) {
        let doc = parse_article(&raw, "p.txt");
        prop_assert_eq!(&doc.text, &raw.replace("\r\n", "\n"));
        prop_assert!(!doc.title.is_empty());
        let chars: Vec<char> = doc.text.chars().collect();
        let mut prev_end = 0;
        for block in &doc.blocks {
            prop_assert!(prev_end <= block.start && block.start < block.end);
            prop_assert!(block.end <= chars.len());
            let slice: String = chars[block.start..block.end].iter().collect();
            prop_assert_eq!(&slice, doc.block_text(block));
            prop_assert_eq!(slice.trim(), slice.as_str());
            prop_assert!(!slice.contains('\n'));
            prev_end = block.end;
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(raw in any::<String>()) {
        let doc = parse_article(&raw, "any.txt");
        prop_assert!(doc.blocks.iter().all(|b| b.end <= doc.char_len()));
    }
}
