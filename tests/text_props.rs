#![cfg(not(target_arch = "wasm32"))]
//! Property tests: offset conversions are exact, snapping only ever widens to grapheme and word
//! boundaries, and the JSON importer never panics and only returns spans that fit.

use marginalia::formats::import::json_docs::parse_json_documents;
use marginalia::model::text::{
    cp_to_byte, cp_to_utf16, key_move, slice_cp, snap_selection, utf16_len, utf16_to_cp, CpIndex,
    KeyMove, SnapMode,
};
use marginalia::model::{LabelSchema, SpanId};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// One piece of text, rich in astral characters, joiners and combining marks.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z]{1,6}",
        3 => Just(" ".to_owned()),
        1 => Just("\n".to_owned()),
        1 => Just("🇺🇦".to_owned()),
        1 => Just("👨\u{200D}👩\u{200D}👧".to_owned()),
        1 => Just("e\u{301}".to_owned()),
        1 => Just("北".to_owned()),
        1 => Just("“".to_owned()),
        1 => Just("—".to_owned()),
        1 => Just("'".to_owned()),
        1 => Just(".".to_owned()),
        1 => "[0-9]{1,3}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn rich_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat()),
        // Long lines, so the snapping window has to cut inside a line.
        1 => prop::collection::vec(piece(), 100..400).prop_map(|v| v.concat()),
    ]
}

fn mode() -> impl Strategy<Value = SnapMode> {
    prop_oneof![Just(SnapMode::Words), Just(SnapMode::Characters)]
}

/// Code point index of every byte offset that starts a char (and of the end).
fn cp_of_byte(text: &str) -> std::collections::HashMap<usize, usize> {
    let mut map: std::collections::HashMap<usize, usize> = text
        .char_indices()
        .enumerate()
        .map(|(i, (b, _))| (b, i))
        .collect();
    map.insert(text.len(), text.chars().count());
    map
}

fn is_blank(cluster: &str) -> bool {
    cluster.chars().next().is_none_or(char::is_whitespace)
        || cluster.chars().next_back().is_some_and(char::is_whitespace)
}

/// Reference segmentation of the whole text, in code points: cluster boundaries, for each
/// code point whether its cluster is blank, and the word cores.
struct Reference {
    boundaries: Vec<bool>,
    blank: Vec<bool>,
    words: Vec<(usize, usize)>,
}

fn reference(text: &str) -> Reference {
    let cp = cp_of_byte(text);
    let n = text.chars().count();
    let mut boundaries = vec![false; n + 1];
    let mut blank = vec![false; n];
    let mut clusters = Vec::new();
    for (b, g) in text.grapheme_indices(true) {
        let (s, e) = (cp[&b], cp[&(b + g.len())]);
        boundaries[s] = true;
        for x in blank.iter_mut().take(e).skip(s) {
            *x = is_blank(g);
        }
        clusters.push((s, e, is_blank(g)));
    }
    boundaries[n] = true;
    let mut words = Vec::new();
    for (b, seg) in text.split_word_bound_indices() {
        let (s, e) = (cp[&b], cp[&(b + seg.len())]);
        let overlapping: Vec<&(usize, usize, bool)> = clusters
            .iter()
            .filter(|(cs, ce, _)| *ce > s && *cs < e)
            .collect();
        let first = overlapping.iter().find(|c| !c.2);
        let last = overlapping.iter().rev().find(|c| !c.2);
        if let (Some(f), Some(l)) = (first, last) {
            if slice_cp(text, f.0, l.1).chars().any(char::is_alphanumeric) {
                words.push((f.0, l.1));
            }
        }
    }
    Reference {
        boundaries,
        blank,
        words,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn conversions_are_exact(text in rich_text()) {
        let n = text.chars().count();
        let units: Vec<u16> = text.encode_utf16().collect();
        prop_assert_eq!(utf16_len(&text), units.len());
        // Naive reference: the code point index at each UTF-16 offset.
        let mut naive = Vec::with_capacity(units.len() + 1);
        for (i, c) in text.chars().enumerate() {
            for _ in 0..c.len_utf16() {
                naive.push(i);
            }
        }
        naive.push(n);
        for (u, want) in naive.iter().enumerate() {
            prop_assert_eq!(utf16_to_cp(&text, u), *want, "utf16 {}", u);
        }
        prop_assert_eq!(utf16_to_cp(&text, units.len() + 5), n);
        let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        for i in 0..=n + 2 {
            let u = cp_to_utf16(&text, i);
            prop_assert_eq!(utf16_to_cp(&text, u), i.min(n));
            prop_assert_eq!(cp_to_byte(&text, i), bytes.get(i).copied().unwrap_or(text.len()));
        }
        for (a, b) in [(0, n), (n / 3, n / 2), (n / 2, n + 4), (n, 0)] {
            let want: String = text.chars().skip(a).take(b.saturating_sub(a)).collect();
            prop_assert_eq!(slice_cp(&text, a, b), want.as_str());
        }
    }

    #[test]
    fn the_index_agrees_with_the_plain_conversions(text in rich_text()) {
        let idx = CpIndex::new(&text);
        let n = text.chars().count();
        prop_assert_eq!(idx.len(), n);
        for i in 0..=n + 2 {
            prop_assert_eq!(idx.byte(i), cp_to_byte(&text, i), "byte of {}", i);
            prop_assert_eq!(idx.utf16(i), cp_to_utf16(&text, i), "utf16 of {}", i);
        }
        for u in 0..=utf16_len(&text) + 2 {
            prop_assert_eq!(idx.utf16_to_cp(u), utf16_to_cp(&text, u), "cp at utf16 {}", u);
        }
        for (a, b) in [(0, n), (n / 3, n / 2), (n / 2, n + 4), (n, 0), (63, 65), (64, 200)] {
            prop_assert_eq!(idx.slice(a, b), slice_cp(&text, a, b));
        }
    }

    #[test]
    fn snapping_only_widens_to_boundaries(
        text in rich_text(),
        a in 0usize..500,
        b in 0usize..500,
        mode in mode(),
    ) {
        let n = text.chars().count();
        // Mostly inside the text, sometimes past it.
        let (a, b) = (a % (n + 3), b % (n + 3));
        let result = snap_selection(&text, a, b, mode);
        let (s0, e0) = (a.min(b).min(n), a.max(b).min(n));
        let r = reference(&text);
        match (result, mode) {
            (None, SnapMode::Characters) => prop_assert_eq!(s0, e0),
            (None, SnapMode::Words) => {
                // Nothing but white space (or clusters led or closed by it).
                for i in s0..e0 {
                    prop_assert!(r.blank[i], "None, but {} is not blank", i);
                }
            }
            (Some((s, e)), mode) => {
                prop_assert!(s < e && e <= n, "{:?}", (s, e));
                prop_assert!(r.boundaries[s] && r.boundaries[e], "cuts a cluster: {:?}", (s, e));
                if mode == SnapMode::Characters {
                    prop_assert!(s <= s0 && e >= e0);
                } else {
                    for i in s0..e0 {
                        if !r.blank[i] {
                            prop_assert!(s <= i && i < e, "{} dropped from {:?}", i, (s, e));
                        }
                    }
                    let got = slice_cp(&text, s, e);
                    prop_assert!(!got.starts_with(char::is_whitespace), "{:?}", got);
                    prop_assert!(!got.ends_with(char::is_whitespace), "{:?}", got);
                    for &(ws, we) in &r.words {
                        prop_assert!(!(ws < s && s < we), "start {} inside word {:?}", s, (ws, we));
                        prop_assert!(!(ws < e && e < we), "end {} inside word {:?}", e, (ws, we));
                    }
                    // Widening never crosses a space or a line break.
                    if s < s0 {
                        prop_assert!(!slice_cp(&text, s, s0).contains([' ', '\n']));
                    }
                    if e > e0 {
                        prop_assert!(!slice_cp(&text, e0, e).contains([' ', '\n']));
                    }
                }
            }
        }
    }

    #[test]
    fn json_import_never_panics_on_arbitrary_strings(input in ".{0,200}") {
        let mut n = 0;
        let mut ids = || { n += 1; SpanId(format!("g{n}")) };
        let _ = parse_json_documents(&input, "x.jsonl", &LabelSchema::default(), &mut ids);
    }

    #[test]
    fn json_import_never_panics_on_json_like_strings(
        parts in prop::collection::vec(json_piece(), 0..60)
    ) {
        let input = parts.concat();
        let mut n = 0;
        let mut ids = || { n += 1; SpanId(format!("g{n}")) };
        if let Ok(report) = parse_json_documents(&input, "x.jsonl", &LabelSchema::default(), &mut ids) {
            for d in &report.docs {
                let len = d.doc.char_len();
                for s in &d.spans {
                    prop_assert!(s.start < s.end && s.end <= len);
                    prop_assert!(LabelSchema::default().label(&s.label).is_some());
                }
            }
        }
    }

    #[test]
    fn json_import_keeps_exactly_the_valid_spans(
        text in prop::collection::vec(prop_oneof![piece(), Just("\r\n".to_owned())], 1..30)
            .prop_map(|v| v.concat()),
        spans in prop::collection::vec(
            (0usize..60, 0usize..60, prop_oneof![
                Just("quote"), Just("Claim"), Just("ENTITY"), Just("other")
            ]),
            0..8,
        ),
        jsonl in any::<bool>(),
    ) {
        let n = text.chars().count();
        let objects: Vec<serde_json::Value> = spans
            .iter()
            .map(|(s, e, l)| serde_json::json!({
                "start": s, "end": e, "label": l, "text": slice_cp(&text, *s, *e),
                "token_start": 0,
            }))
            .collect();
        let doc = serde_json::json!({ "text": text, "spans": objects, "meta": {"id": 1} });
        let input = if jsonl {
            format!("\n{doc}\n  \n{{\"text\": \"zz other zz\"}}\n")
        } else {
            serde_json::to_string_pretty(&serde_json::json!([doc])).unwrap()
        };
        let mut k = 0;
        let mut ids = || { k += 1; SpanId(format!("g{k}")) };
        let report = parse_json_documents(&input, "x.json", &LabelSchema::default(), &mut ids).unwrap();
        if text.trim().is_empty() {
            prop_assert_eq!(report.docs.len(), usize::from(jsonl));
            return Ok(());
        }
        prop_assert_eq!(report.docs.len(), 1 + usize::from(jsonl));
        let d = &report.docs[0];
        prop_assert_eq!(&d.doc.text, &text.replace("\r\n", "\n"));
        // Which spans should be accepted, in the original offsets.
        let mut want = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (s, e, l) in &spans {
            let label = l.to_ascii_lowercase();
            let covered = slice_cp(&text, *s, *e);
            let only_cr = covered == "\r" && slice_cp(&text, *e, *e + 1) == "\n";
            if *s < *e && *e <= n && label != "other" && !only_cr {
                let key = (covered, *s, *e, label.clone());
                // Duplicates are judged on mapped offsets; with the same original offsets here.
                if seen.insert((*s - crs_before(&text, *s), *e - crs_before(&text, *e), label.clone())) {
                    want.push(key);
                }
            }
        }
        prop_assert_eq!(d.spans.len(), want.len(), "{:?}", report.problems);
        prop_assert_eq!(d.spans.len() + report.problems.len(), spans.len());
        let between = |p: usize| p > 0 && crs_before(&text, p) != crs_before(&text, p - 1)
            && slice_cp(&text, p - 1, p) == "\r";
        for (span, (covered, s, e, label)) in d.spans.iter().zip(&want) {
            prop_assert_eq!(&span.label, label);
            prop_assert_eq!(
                (span.start, span.end),
                (s - crs_before(&text, *s), e - crs_before(&text, *e))
            );
            let got = slice_cp(&d.doc.text, span.start, span.end);
            if !between(*s) && !between(*e) {
                prop_assert_eq!(got, covered.replace("\r\n", "\n"));
            }
        }
    }
}

/// Number of `\r\n` whose `\r` is before code point `cp`.
fn crs_before(text: &str, cp: usize) -> usize {
    let chars: Vec<char> = text.chars().collect();
    (0..cp.min(chars.len()))
        .filter(|&i| chars[i] == '\r' && chars.get(i + 1) == Some(&'\n'))
        .count()
}

/// Fragments that often make (almost) valid JSON documents.
fn json_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("\n".to_owned()),
        Just("\"text\":".to_owned()),
        Just("\"title\":".to_owned()),
        Just("\"meta\":{\"title\":\"M\"}".to_owned()),
        Just("\"spans\":".to_owned()),
        Just("\"start\":".to_owned()),
        Just("\"end\":".to_owned()),
        Just("\"label\":\"quote\"".to_owned()),
        Just("\"label\":\"Entity\"".to_owned()),
        Just("\"id\":\"a-1\"".to_owned()),
        Just("\"text\":\"Ab\\r\\nc 🇺🇦\"".to_owned()),
        Just("\"A b\\r\\n\\ud83c\\uddfa\\ud83c\\udde6 e\\u0301 c\"".to_owned()),
        Just("\"\\ud800\"".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("9007199254740993".to_owned()),
        Just("-1".to_owned()),
        Just("1.5".to_owned()),
        Just("1e400".to_owned()),
        Just("null".to_owned()),
        "[0-9]{1,2}",
        "\"[a-z ]{0,6}\"",
        r#"\{"text":"[a-zA-Z .]{1,12}","spans":\[\{"start":[0-9],"end":[0-9]{1,2},"label":"(quote|claim|x)"\}\]\}"#,
    ]
}

/// Found by `snapping_only_widens_to_boundaries`: a window ended between "\r" and "\n" (one
/// grapheme cluster), so character precision could cut the cluster.
#[test]
fn character_precision_never_splits_crlf() {
    let text = "北 \r\naa北";
    let n = text.chars().count();
    for a in 0..=n {
        for b in 0..=n {
            if let Some((s, e)) = snap_selection(text, a, b, SnapMode::Characters) {
                assert!(s != 3 && e != 3, "{a}..{b} gave {s}..{e}");
            }
        }
    }
}

/// The lines of `text` as code point ranges: the blocks of an article with one line each.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.chars().chain(std::iter::once('\n')).enumerate() {
        if c == '\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    out
}

/// Keyboard selection steps from code point `at` agree with a segmentation of the whole text:
/// the next word is the first word ending after the caret, the previous the last starting
/// before it, and a character step moves to the next or previous grapheme boundary of the same
/// line (a line split at `\n`; its text ends before a last cluster that runs on into the `\n`,
/// as "\r\n" does: a step never splits that cluster).
fn check_keyboard_steps(text: &str, at: usize) -> Result<(), TestCaseError> {
    let idx = CpIndex::new(text);
    let blocks = lines(text);
    let r = reference(text);
    let word = |forward| key_move(&idx, &blocks, at, at, KeyMove::Word { forward });
    let next = r
        .words
        .iter()
        .find(|w| w.1 > at)
        .copied()
        .unwrap_or((at, at));
    prop_assert_eq!(word(true), next, "next word from {}", at);
    let prev = r
        .words
        .iter()
        .rev()
        .find(|w| w.0 < at)
        .copied()
        .unwrap_or((at, at));
    prop_assert_eq!(word(false), prev, "previous word from {}", at);

    let stretch =
        |forward, by_word| key_move(&idx, &blocks, at, at, KeyMove::Stretch { forward, by_word });
    prop_assert_eq!(stretch(true, true), (at, next.1));
    prop_assert_eq!(stretch(false, true), (at, prev.0));
    let (ls, le) = *blocks
        .iter()
        .find(|&&(s, e)| s <= at && at <= e)
        .expect("a line");
    let text_end = (ls..=le)
        .rev()
        .find(|&b| r.boundaries[b])
        .expect("a line's start");
    let (_, fwd) = stretch(true, false);
    if at < text_end {
        let want = (at + 1..=text_end)
            .find(|&b| r.boundaries[b])
            .expect("a boundary");
        prop_assert_eq!(fwd, want, "a cluster on from {}", at);
    } else {
        // At a line's end: the next line's first cluster (or nowhere at the text's end).
        prop_assert!(
            fwd == at || fwd > le,
            "from the end of a line {}: {}",
            at,
            fwd
        );
    }
    let (_, back) = stretch(false, false);
    if at > ls {
        let want = (ls..at)
            .rev()
            .find(|&b| r.boundaries[b])
            .expect("a boundary");
        prop_assert_eq!(back, want, "a cluster back from {}", at);
    } else {
        prop_assert!(
            back == at || back < ls,
            "from the start of a line {}: {}",
            at,
            back
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// See [`check_keyboard_steps`].
    #[test]
    fn keyboard_steps_follow_whole_text_words_and_clusters(text in rich_text(), at in 0usize..500) {
        let at = at % (text.chars().count() + 1);
        check_keyboard_steps(&text, at)?;
    }

    /// The same with Windows line breaks ("\r\n", one grapheme cluster) everywhere.
    #[test]
    fn keyboard_steps_never_split_crlf_line_breaks(
        text in rich_text().prop_map(|t| t.replace('\n', "\r\n")),
        at in 0usize..500,
    ) {
        let at = at % (text.chars().count() + 1);
        check_keyboard_steps(&text, at)?;
    }
}

/// The case proptest found (tests/text_props.proptest-regressions): a caret just before a
/// line's "\r\n". A character step used to stop between the "\r" and the "\n".
#[test]
fn keyboard_steps_at_a_crlf_line_end() {
    let text = "北👨\u{200d}👩\u{200d}👧 aAa北北Aaa北Aa\r\n👨\u{200d}👩\u{200d}👧aaaAaae\u{301}A北a北 北🇺🇦¡ ¡北北¡ ";
    let at = 67 % (text.chars().count() + 1);
    assert_eq!(slice_cp(text, at, at + 2), "\r\n");
    check_keyboard_steps(text, at).expect("the steps agree");
    let idx = CpIndex::new(text);
    let step = |forward| {
        let by_word = false;
        key_move(
            &idx,
            &lines(text),
            at,
            at,
            KeyMove::Stretch { forward, by_word },
        )
        .1
    };
    // On to the end of the next line's first cluster (the family), back over "a".
    assert_eq!(step(true), at + 7);
    assert_eq!(step(false), at - 1);
    for at in 0..=text.chars().count() {
        check_keyboard_steps(text, at).expect("every position");
    }
}

#[test]
fn keyboard_words_skip_what_is_not_a_text_block() {
    // Title, a paragraph, an image line (not a text block), a paragraph.
    let text = "Title\n\nThe city council met. It voted 11–6.\n\n![alt words](http://x.org)\n\nNext one 🇵🇹 e\u{301}.";
    let idx = CpIndex::new(text);
    let blocks: Vec<(usize, usize)> = lines(text)
        .into_iter()
        .filter(|&(s, e)| s < e && !slice_cp(text, s, e).starts_with("!["))
        .collect();
    let words = |mut sel: (usize, usize), forward: bool, times: usize| {
        let mut seen = Vec::new();
        for _ in 0..times {
            sel = key_move(&idx, &blocks, sel.0, sel.1, KeyMove::Word { forward });
            seen.push(slice_cp(text, sel.0, sel.1).to_owned());
        }
        (sel, seen)
    };
    let (end, seen) = words((0, 0), true, 13);
    assert_eq!(
        seen,
        [
            "Title", "The", "city", "council", "met", "It", "voted", "11", "6", "Next", "one",
            "e\u{301}", "e\u{301}"
        ],
        "punctuation and the image line are stepped over; at the end the selection stays"
    );
    let (_, back) = words(end, false, 4);
    assert_eq!(back, ["one", "Next", "6", "11"]);
    // Stretching by word, then back to a caret, then before the anchor.
    let the = text.find("The").unwrap();
    let mut sel = (the, the + 3);
    sel = key_move(
        &idx,
        &blocks,
        sel.0,
        sel.1,
        KeyMove::Stretch {
            forward: true,
            by_word: true,
        },
    );
    assert_eq!(slice_cp(text, sel.0, sel.1), "The city");
    for _ in 0..2 {
        sel = key_move(
            &idx,
            &blocks,
            sel.0,
            sel.1,
            KeyMove::Stretch {
                forward: false,
                by_word: true,
            },
        );
    }
    assert_eq!(sel, (the, the), "back to a caret at the anchor");
    sel = key_move(
        &idx,
        &blocks,
        sel.0,
        sel.1,
        KeyMove::Stretch {
            forward: false,
            by_word: true,
        },
    );
    assert_eq!(sel, (the, 0), "then past it: the focus before the anchor");
    // A character at a time: the flag is one step, and so is e with its combining accent.
    let flag = text.chars().position(|c| c == '🇵').unwrap();
    let step = |at: usize, forward| {
        key_move(
            &idx,
            &blocks,
            at,
            at,
            KeyMove::Stretch {
                forward,
                by_word: false,
            },
        )
        .1
    };
    assert_eq!(step(flag, true), flag + 2);
    assert_eq!(step(flag + 2, false), flag);
    assert_eq!(step(flag + 3, true), flag + 5, "e and U+0301");
    // From the paragraph's end a character step goes on into the next text block, past the
    // image line.
    let end_of_para = text.find("6.").unwrap() + 2;
    let end_of_para = text[..end_of_para].chars().count();
    let next = text[..text.find("Next").unwrap()].chars().count();
    assert_eq!(step(end_of_para, true), next + 1);
}
