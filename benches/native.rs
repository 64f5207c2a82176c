//! Native benchmarks of the pure core (divan): segmentation, offset conversion, every export
//! format, import (spaCy-shaped JSONL and the native dataset), what saving costs after an
//! edit (the app's save effect, on an in-memory backend), the corpus index's refresh after an
//! edit, and agreement between annotators.
//!
//!   cargo bench --bench native                  # everything
//!   cargo bench --bench native -- export        # only names containing "export"
//!   cargo bench --bench native -- --max-time 1  # cap the time per benchmark (seconds)
//!   BENCH_LARGE=1 cargo bench --bench native    # also the 1 MB exports and native import
//!
//! Exporting costs O(spans × text length) today (each span's offsets are converted by scanning
//! the text from its start), about 3 s for 100 KB / 1,000 spans and so roughly 100 times that for
//! 1 MB / 10,000 spans: those cases run only with `BENCH_LARGE=1`. The default export cases
//! (10 KB/100, 100 KB/100, 100 KB/1,000, 1 MB/100) show how the time grows with each factor.
//!
//! The corpora are built here with the same recipe as `bench/corpus.mjs` (seeded mulberry32;
//! Latin with accents and a combining mark, CJK and Hangul, astral emoji, flags, ZWJ sequences,
//! curly quotes, em dashes; nested, crossing and multi-paragraph spans): articles of about 10 KB,
//! 100 KB and 1 MB of UTF-8 text with 100, 1,000 and 10,000 spans. They are of the same shape as
//! the browser benchmark's, not byte-identical to them. Benches use the `bench` profile, which
//! inherits `[profile.release]` (opt-level "z", like the shipped wasm).

use std::fmt;
use std::rc::Rc;

use marginalia::formats::export::{export, ExportContext, Format};
use marginalia::formats::import::json_docs::parse_json_documents;
use marginalia::formats::import::native::import_native;
use marginalia::model::text::{cp_to_byte, cp_to_utf16, slice_cp, utf16_len, utf16_to_cp};
use marginalia::model::BlockSpans;
use marginalia::model::{segment, Corpus, DocEntry, Edit, LabelSchema, Span, SpanId};
use marginalia::storage::backend::MemoryBackend;
use marginalia::storage::persist::Saver;
use serde_json::json;

fn main() {
    divan::main();
}

/// One benchmark corpus: about `bytes` bytes of text and `spans` spans.
#[derive(Clone, Copy, Debug)]
struct Size {
    bytes: usize,
    spans: usize,
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.bytes {
            b if b >= 1_000_000 => format!("{}MB", b / 1_000_000),
            b => format!("{}KB", b / 1_000),
        };
        write!(f, "{text}/{}", self.spans)
    }
}

const fn size(bytes: usize, spans: usize) -> Size {
    Size { bytes, spans }
}

/// Whether to run the slow 1 MB export and native import cases (minutes each).
fn large() -> bool {
    std::env::var_os("BENCH_LARGE").is_some_and(|v| v != "0")
}

const SIZES: [Size; 3] = [
    Size {
        bytes: 10_000,
        spans: 100,
    },
    Size {
        bytes: 100_000,
        spans: 1_000,
    },
    Size {
        bytes: 1_000_000,
        spans: 10_000,
    },
];

/// mulberry32, as in bench/corpus.mjs.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        t ^ (t >> 14)
    }
    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((u64::from(self.next()) * n as u64) >> 32) as usize
    }
    /// Uniform in `lo..=hi`.
    fn int(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        f64::from(self.next()) / 4_294_967_296.0 < p
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const LATIN: &[&str] = &[
    "the", "council", "approved", "plan", "river", "harbour", "minister", "said", "budget", "rose",
    "percent", "in", "a", "of", "and", "to", "for", "on", "with", "after", "city", "park", "train",
    "station", "glacier", "report", "data", "year", "people", "new", "old", "flood", "mayor",
    "workers", "agreed", "warned", "expected", "million", "rail", "bridge", "it’s",
];
const ACCENTED: &[&str] = &[
    "Þórunn",
    "Wójcik-Steiner",
    "Dvořák",
    "Inês",
    "Conceição",
    "Zoë",
    "Małgorzata",
    "Ærø",
    "São",
    "Ødegaard",
    "Müller",
    "café",
    "naïve",
    "Łódź",
    "Kraków",
    "Reykjavík",
    "Ame\u{301}lie",
    "Nguyễn",
    "İzmir",
];
const CJK: &[&str] = &[
    "東京",
    "北京市",
    "気候変動",
    "上海",
    "議会",
    "한국어",
    "서울시",
    "𠮷野家",
];
const EMOJI: &[&str] = &["🌊", "🚆", "🥵", "📈", "🗳️", "🌍", "😀", "🎉", "🔥"];
const FLAGS: &[&str] = &["🇺🇦", "🇵🇱", "🇯🇵", "🇧🇷", "🇳🇴"];
const ZWJ: &[&str] = &["👨‍👩‍👧‍👦", "🏳️‍🌈", "👩🏽‍🔬", "🧑‍🚀"];
const LABEL_IDS: &[&str] = &["quote", "claim", "entity"];

fn word(rng: &mut Rng) -> String {
    let r = rng.below(100);
    let list = match r {
        0..=69 => LATIN,
        70..=81 => ACCENTED,
        82..=89 => CJK,
        90..=93 => EMOJI,
        94..=96 => FLAGS,
        _ => ZWJ,
    };
    rng.pick(list).to_owned()
}

/// The article as one spaCy-shaped JSONL line (what the app's Open articles imports).
fn jsonl(size: Size) -> String {
    let mut rng = Rng((size.bytes as u32).wrapping_mul(31) ^ size.spans as u32);
    let title = format!(
        "Synthetic article of {} bytes with {} spans — Kraków, 東京 🇺🇦",
        size.bytes, size.spans
    );
    let mut text = title.clone();
    let mut cp = title.chars().count();
    // (start, end, paragraph) of every token, in code points.
    let mut tokens: Vec<(usize, usize, usize)> = Vec::new();
    let mut last_of_paragraph: Vec<usize> = Vec::new();
    let mut paragraph = 0;
    while text.len() < size.bytes {
        let mut line = Vec::new();
        for _ in 0..rng.int(2, 6) {
            let mut words: Vec<String> = (0..rng.int(6, 18)).map(|_| word(&mut rng)).collect();
            if rng.chance(0.25) {
                let a = rng.int(0, words.len() - 2);
                let b = (a + rng.int(1, 6)).min(words.len() - 1);
                words[a] = format!("“{}", words[a]);
                words[b] = format!("{},”", words[b]);
            }
            if rng.chance(0.2) {
                let at = rng.int(1, words.len() - 1);
                words.insert(at, "—".to_owned());
            }
            let end = rng.pick(&[".", ".", "?", "!"]);
            line.push(format!("{}{end}", words.join(" ")));
        }
        let line = line.join(" ");
        text.push_str("\n\n");
        cp += 2;
        for token in line.split(' ') {
            let n = token.chars().count();
            if token != "—" {
                tokens.push((cp, cp + n, paragraph));
            }
            cp += n + 1;
        }
        cp -= 1;
        text.push_str(&line);
        last_of_paragraph.push(tokens.len() - 1);
        paragraph += 1;
    }
    text.push('\n');

    // Token ranges [i, j]: fresh, nested in an earlier span, crossing one, over two paragraphs.
    let mut chosen: Vec<(usize, usize, &str)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut attempts = 0;
    while chosen.len() < size.spans && attempts < size.spans * 50 {
        attempts += 1;
        let label = rng.pick(LABEL_IDS);
        let r = rng.below(100);
        let prev = (!chosen.is_empty()).then(|| chosen[rng.below(chosen.len())]);
        let (i, j) = match prev {
            Some((pi, pj, _)) if r < 20 && pj > pi => {
                let i = rng.int(pi, pj);
                (i, rng.int(i, pj))
            }
            Some((pi, pj, _)) if r < 40 => (
                rng.int(pi + usize::from(pj > pi), pj),
                (pj + rng.int(1, 4)).min(tokens.len() - 1),
            ),
            _ if r < 45 && paragraph > 1 => {
                let last = last_of_paragraph[rng.below(paragraph - 1)];
                (last.saturating_sub(rng.int(0, 3)), last + rng.int(1, 3))
            }
            _ => {
                let i = rng.below(tokens.len());
                let j = (i + rng.int(0, 3).min(rng.int(0, 9))).min(last_of_paragraph[tokens[i].2]);
                (i, j)
            }
        };
        if j >= tokens.len() || prev.is_some_and(|(pi, pj, _)| r < 20 && (i, j) == (pi, pj)) {
            continue;
        }
        if seen.insert((tokens[i].0, tokens[j].1, label)) {
            chosen.push((i, j, label));
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let spans: Vec<_> = chosen
        .iter()
        .map(|&(i, j, label)| {
            let (start, end) = (tokens[i].0, tokens[j].1);
            let slice: String = chars[start..end].iter().collect();
            json!({"start": start, "end": end, "label": label, "text": slice})
        })
        .collect();
    let line = json!({"text": text, "meta": {"title": title}, "spans": spans});
    format!("{line}\n")
}

fn span_ids() -> impl FnMut() -> SpanId {
    let mut n = 0u32;
    move || {
        n += 1;
        SpanId(format!("s-bench-{n}"))
    }
}

/// Import the JSONL the way the app's loader does (spans sorted in text order).
fn entries(size: Size) -> Vec<Rc<DocEntry>> {
    let report = parse_json_documents(
        &jsonl(size),
        "bench.jsonl",
        &LabelSchema::default(),
        &mut span_ids(),
    )
    .expect("the generated corpus is JSONL");
    assert!(
        report.problems.is_empty(),
        "generated spans are valid: {:?}",
        report.problems
    );
    report
        .docs
        .into_iter()
        .map(|imported| {
            let mut spans = imported.spans;
            marginalia::model::sort::sort_with(&mut spans, &Span::text_order);
            let mut entry = DocEntry::new(imported.doc);
            entry.spans = Rc::new(spans.into_iter().map(Rc::new).collect());
            assert_eq!(entry.spans.len(), size.spans);
            Rc::new(entry)
        })
        .collect()
}

const CTX: ExportContext = ExportContext {
    app_version: "bench",
    exported_at: "2026-01-01T00:00:00.000Z",
    annotator: "",
};

mod segmentation {
    use super::*;

    /// What opening a document renders: the spans of every block, then each block's segments.
    #[divan::bench(args = SIZES)]
    fn whole_document(bencher: divan::Bencher, size: Size) {
        let entry = entries(size).remove(0);
        bencher.bench_local(|| {
            let map = BlockSpans::of(&entry.doc, &entry.spans);
            let mut segments = 0;
            for (b, block) in entry.doc.blocks.iter().enumerate() {
                let ranges: Vec<_> = map
                    .of_block(b)
                    .iter()
                    .map(|&i| &entry.spans[i as usize])
                    .map(|s| s.start..s.end)
                    .collect();
                segments += segment(block.start..block.end, &ranges).len();
            }
            segments
        });
    }

    /// What an edit re-renders: the block with the most spans.
    #[divan::bench(args = SIZES)]
    fn busiest_block(bencher: divan::Bencher, size: Size) {
        let entry = entries(size).remove(0);
        let map = BlockSpans::of(&entry.doc, &entry.spans);
        let (b, block) = entry
            .doc
            .blocks
            .iter()
            .enumerate()
            .max_by_key(|(b, _)| map.of_block(*b).len())
            .expect("blocks");
        let ranges: Vec<_> = map
            .of_block(b)
            .iter()
            .map(|&i| &entry.spans[i as usize])
            .map(|s| s.start..s.end)
            .collect();
        bencher.bench_local(|| segment(block.start..block.end, &ranges));
    }
}

mod offsets {
    use super::*;

    fn text(size: Size) -> String {
        entries(size).remove(0).doc.text.clone()
    }

    /// Code point offset of the text's last UTF-16 position (the worst case: a full scan).
    #[divan::bench(args = SIZES)]
    fn utf16_to_cp_at_end(bencher: divan::Bencher, size: Size) {
        let text = text(size);
        let end = utf16_len(&text);
        bencher.bench_local(|| utf16_to_cp(divan::black_box(&text), end));
    }

    #[divan::bench(args = SIZES)]
    fn cp_to_utf16_at_end(bencher: divan::Bencher, size: Size) {
        let text = text(size);
        let end = text.chars().count();
        bencher.bench_local(|| cp_to_utf16(divan::black_box(&text), end));
    }

    #[divan::bench(args = SIZES)]
    fn cp_to_byte_at_end(bencher: divan::Bencher, size: Size) {
        let text = text(size);
        let end = text.chars().count();
        bencher.bench_local(|| cp_to_byte(divan::black_box(&text), end));
    }

    /// A slice of 20 code points at the end of the text.
    #[divan::bench(args = SIZES)]
    fn slice_cp_at_end(bencher: divan::Bencher, size: Size) {
        let text = text(size);
        let end = text.chars().count();
        bencher.bench_local(|| slice_cp(divan::black_box(&text), end - 20, end));
    }

    /// What a selection costs: UTF-16 → code points inside one rendered segment of ~40 units.
    #[divan::bench]
    fn utf16_to_cp_in_segment(bencher: divan::Bencher) {
        let segment = "Þórunn said “the 🇺🇦 harbour — 東京 👨‍👩‍👧‍👦 reopened,”";
        let end = utf16_len(segment);
        bencher.bench_local(|| utf16_to_cp(divan::black_box(segment), end - 3));
    }
}

mod exports {
    use super::*;

    #[derive(Clone, Copy, Debug)]
    struct Case(Format, Size);

    impl fmt::Display for Case {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let name = match self.0 {
                Format::Native => "native",
                Format::SpacyJsonl => "spacy",
                Format::W3c => "w3c",
                Format::LabelStudio => "labelstudio",
                Format::Doccano => "doccano",
                Format::Brat => "brat",
                Format::Conll => "conll",
                Format::Csv => "csv",
            };
            write!(f, "{name} {}", self.1)
        }
    }

    fn cases() -> Vec<Case> {
        let mut sizes = vec![
            size(10_000, 100),
            size(100_000, 100),
            size(100_000, 1_000),
            size(1_000_000, 100),
        ];
        if large() {
            sizes.extend([size(1_000_000, 1_000), size(1_000_000, 10_000)]);
        }
        sizes
            .iter()
            .flat_map(|&size| Format::ALL.iter().map(move |&format| Case(format, size)))
            .collect()
    }

    /// `export(format, &LabelSchema::default(), entries, ctx)` of one article, every format.
    #[divan::bench(args = cases())]
    fn export_format(bencher: divan::Bencher, case: Case) {
        let entries = entries(case.1);
        bencher.bench_local(|| {
            export(case.0, &LabelSchema::default(), &entries, &CTX).expect("export")
        });
    }
}

mod imports {
    use super::*;

    /// spaCy-shaped JSONL through `parse_json_documents` (what Open articles does).
    #[divan::bench(args = SIZES)]
    fn spacy_jsonl(bencher: divan::Bencher, size: Size) {
        let input = jsonl(size);
        bencher.bench_local(|| {
            parse_json_documents(
                &input,
                "bench.jsonl",
                &LabelSchema::default(),
                &mut span_ids(),
            )
            .expect("import")
        });
    }

    fn native_sizes() -> Vec<Size> {
        let mut sizes = vec![size(10_000, 100), size(100_000, 1_000)];
        if large() {
            sizes.push(size(1_000_000, 10_000));
        }
        sizes
    }

    /// A Marginalia dataset (our own export) through `import_native`.
    #[divan::bench(args = native_sizes())]
    fn native_dataset(bencher: divan::Bencher, size: Size) {
        let bytes = export(
            Format::Native,
            &LabelSchema::default(),
            &entries(size),
            &CTX,
        )
        .expect("export")
        .bytes;
        let input = String::from_utf8(bytes).expect("UTF-8");
        bencher.bench_local(|| import_native(&input).expect("import"));
    }
}

mod storage {
    use super::*;

    /// One add and one delete, each followed by `Saver::save` (what the app's save effect runs
    /// after every change), on an in-memory backend.
    #[divan::bench(args = SIZES)]
    fn add_and_delete_with_saves(bencher: divan::Bencher, size: Size) {
        let entry = entries(size).remove(0);
        let doc = entry.doc.id.clone();
        let mut corpus = Corpus::new(Vec::new());
        corpus
            .apply(Edit::insert_documents(0, vec![(*entry).clone()]))
            .expect("insert");
        let mut backend = MemoryBackend::default();
        let mut saver = Saver::default();
        saver.save(&mut backend, &corpus, None).expect("save");
        let mut n = 0u32;
        bencher.bench_local(|| {
            n += 1;
            let id = SpanId(format!("s-save-{n}"));
            let span = Span {
                id: id.clone(),
                start: 10,
                end: 20,
                label: "entity".into(),
                note: String::new(),
                attrs: Default::default(),
                created: Some(1_795_425_600_000),
                updated: Some(1_795_425_600_000),
                annotator: Default::default(),
            };
            let doc = doc.clone();
            corpus
                .apply(Edit::add_span(doc.clone(), span))
                .expect("add");
            saver.save(&mut backend, &corpus, None).expect("save");
            corpus.apply(Edit::delete_span(doc, id)).expect("delete");
            saver.save(&mut backend, &corpus, None).expect("save");
        });
    }
}

mod reducer {
    use super::*;
    use marginalia::app::state::{Action, AppState};
    use marginalia::model::Workspace;
    use yew::Reducible;

    /// One keypress that tags a few words, through the app's reducer (`AppState::reduce`), with
    /// the previous state still alive as in the app (so shared data is copied on write), then
    /// its undo.
    #[divan::bench(args = SIZES)]
    fn tag_then_undo(bencher: divan::Bencher, size: Size) {
        let entry = entries(size).remove(0);
        let mut corpus = Corpus::new(Vec::new());
        corpus
            .apply(Edit::insert_documents(0, vec![(*entry).clone()]))
            .expect("insert");
        let mut state = Rc::new(AppState::new(Workspace::from_corpus(corpus, None)));
        // A selection in the middle of the text.
        let mid = entry.doc.blocks[entry.doc.blocks.len() / 2].start + 3;
        let count = |s: &AppState| s.workspace.active().map_or(0, |e| e.spans.len());
        let tagged = state.clone().reduce(Action::Tag {
            label: "entity".into(),
            raw: Some((mid, mid + 12)),
            id: SpanId("s-check".into()),
            now: 1_795_425_600_000,
        });
        assert_eq!(count(&tagged), count(&state) + 1, "the bench adds a span");
        let mut n = 0u32;
        bencher.bench_local(|| {
            n += 1;
            let before = state.clone();
            state = before.clone().reduce(Action::Tag {
                label: "entity".into(),
                raw: Some((mid, mid + 12)),
                id: SpanId(format!("s-bench-{n}")),
                now: 1_795_425_600_000,
            });
            state = state.clone().reduce(Action::Undo);
            before
        });
    }
}

mod corpus_index {
    use super::*;
    use marginalia::model::corpus_index::CorpusIndex;
    use marginalia::model::sort::sort_with;

    /// The 1 MB article with two layers of 10,000 spans (the compare bench's shape): the
    /// generator's spans, and a second annotator's copy of each, one in seven with another
    /// label.
    fn two_layers() -> Corpus {
        let entry = entries(size(1_000_000, 10_000)).remove(0);
        let mut spans: Vec<Rc<Span>> = entry.spans.iter().cloned().collect();
        for (i, span) in entry.spans.iter().enumerate() {
            let mut copy = (**span).clone();
            copy.id = SpanId(format!("{}-bo", span.id.0));
            copy.annotator = Rc::from("Bo");
            if i % 7 == 0 {
                copy.label = LABEL_IDS[(i / 7) % LABEL_IDS.len()].to_owned();
            }
            spans.push(Rc::new(copy));
        }
        sort_with(&mut spans, &|a, b| Span::text_order(a, b));
        let mut entry = (*entry).clone();
        entry.spans = Rc::new(spans);
        let mut corpus = Corpus::new(Vec::new());
        corpus
            .apply(Edit::insert_documents(0, vec![entry]))
            .expect("insert");
        corpus
    }

    /// The idle work after an edit: the corpus index brought up to date with the 1 MB
    /// document of 20,000 spans after one added entity span, then after its deletion (two
    /// refreshes of the one document an iteration).
    #[divan::bench]
    fn refresh_after_add_then_delete_1mb_20000(bencher: divan::Bencher) {
        let before = two_layers();
        let mut after = before.clone();
        let doc = before.entries()[0].doc.id.clone();
        let mid = before.entries()[0].doc.blocks[before.entries()[0].doc.blocks.len() / 2].start;
        let span = Span {
            id: SpanId("s-added".into()),
            start: mid + 3,
            end: mid + 15,
            label: "entity".into(),
            note: String::new(),
            attrs: Default::default(),
            created: None,
            updated: None,
            annotator: Default::default(),
        };
        after.apply(Edit::add_span(doc, span)).expect("add");
        assert_eq!(after.entries()[0].spans.len(), 20_001);
        let mut index = CorpusIndex::default();
        assert!(index.refresh(&before, &mut || true));
        bencher.bench_local(|| {
            index.refresh(&after, &mut || true);
            index.refresh(&before, &mut || true)
        });
    }
}

mod agreement {
    use super::*;
    use marginalia::model::agreement::{agreement, LabeledSpan, Layer, Study, StudyDoc};
    use marginalia::model::sort::sort_with;

    const ANNOTATORS: [&str; 3] = ["ann", "ben", "cleo"];

    /// A text and each annotator's `(start, end, label)` spans over it.
    type Article = (String, [Vec<(usize, usize, &'static str)>; 3]);

    /// The order of each annotator's spans: as the app stores them (by start, the longer
    /// first), or as generated.
    #[derive(Clone, Copy, Debug)]
    enum Order {
        Text,
        Shuffled,
    }

    impl fmt::Display for Order {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(match self {
                Order::Text => "text order",
                Order::Shuffled => "shuffled",
            })
        }
    }

    /// 100 articles of about 5 KB with 1,000 spans by each of 3 annotators: half of each
    /// annotator's spans come from a pool the three share (so many agree exactly), the rest
    /// are their own. Spans are 1 to 40 code points long, of the three labels.
    fn corpus(order: Order) -> Vec<Article> {
        let mut rng = Rng(0xa9_4ee);
        (0..100)
            .map(|_| {
                let mut text = String::new();
                while text.len() < 5_000 {
                    text.push_str(&word(&mut rng));
                    text.push_str(if rng.chance(0.05) { "\n\n" } else { " " });
                }
                let len = text.chars().count();
                let span = |rng: &mut Rng| {
                    let start = rng.below(len - 1);
                    let end = (start + rng.int(1, 40)).min(len);
                    (start, end, rng.pick(LABEL_IDS))
                };
                let pool: Vec<_> = (0..500).map(|_| span(&mut rng)).collect();
                let layers = [(); 3].map(|_| {
                    let mut spans: Vec<_> = (0..1_000)
                        .map(|i| {
                            if i % 2 == 0 {
                                pool[rng.below(pool.len())]
                            } else {
                                span(&mut rng)
                            }
                        })
                        .collect();
                    if let Order::Text = order {
                        sort_with(&mut spans, &|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                    }
                    spans
                });
                (text, layers)
            })
            .collect()
    }

    /// Every figure (pairs, alpha, per document) of the corpus above.
    #[divan::bench(args = [Order::Text, Order::Shuffled])]
    fn agreement_100_docs_3_annotators(bencher: divan::Bencher, order: Order) {
        let corpus = corpus(order);
        let study = Study {
            annotators: ANNOTATORS.to_vec(),
            labels: LABEL_IDS.to_vec(),
            documents: (corpus.iter())
                .map(|(text, layers)| StudyDoc {
                    text,
                    layers: (ANNOTATORS.iter().zip(layers))
                        .map(|(annotator, spans)| Layer {
                            annotator,
                            spans: (spans.iter())
                                .map(|&(start, end, label)| LabeledSpan { start, end, label })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        };
        let result = agreement(&study);
        assert_eq!(result.pairs.len(), 9);
        assert!(result.labels.iter().all(|l| l.alpha.is_some()));
        bencher.bench_local(|| agreement(divan::black_box(&study)));
    }
}
