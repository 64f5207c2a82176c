#![cfg(not(target_arch = "wasm32"))]
//! Every agreement figure (`model::agreement`) checked against independent implementations:
//! `tests/oracle/agreement.py` computes kappa with nltk, alpha with the `krippendorff`
//! package and F1 from the definitions, over seeded random studies (2–4 annotators who skip
//! documents, 1–6 documents of mixed scripts, emoji and white space, 0–30 spans each, 2–3
//! labels) and the hand-made edge cases. Every figure must agree within 1e-9, and an undefined
//! one must be undefined on both sides.
//!
//! The Python is `target/py/bin/python` (made by `setup_python` in scripts/setup.sh), or
//! `$AGREEMENT_PYTHON`. Without it the check is skipped with a message on a developer's
//! machine, and fails under CI (`CI` set to `true` or `1`), as in tests/export_python.rs.

use std::path::PathBuf;
use std::process::Command;

use marginalia::codec::agreement_json::agreement_json;
use marginalia::model::agreement::{agreement, LabeledSpan, Layer, PairFigures, Study, StudyDoc};
use serde_json::{json, Value};

/// Random studies in the batch (besides the hand-made cases).
const RANDOM_CASES: u32 = 96;

/// The Python with nltk, krippendorff and numpy, when there is one.
fn oracle_python() -> Option<PathBuf> {
    let python = std::env::var_os("AGREEMENT_PYTHON").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/py/bin/python"),
        PathBuf::from,
    );
    let ok = Command::new(&python)
        .args(["-c", "import nltk, krippendorff, numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        ok || !ci,
        "{} cannot import nltk, krippendorff and numpy, and CI=true: the agreement oracle \
         cannot run (scripts/setup.sh, setup_python, makes target/py)",
        python.display()
    );
    if !ok {
        println!(
            "{} cannot import nltk, krippendorff and numpy: skipping the agreement oracle \
             (run `source scripts/setup.sh && setup_python`)",
            python.display()
        );
    }
    ok.then_some(python)
}

/// A study that owns its strings; [`Case::study`] borrows it as the module's input.
struct Case {
    annotators: Vec<String>,
    labels: Vec<String>,
    documents: Vec<Doc>,
}

struct Doc {
    text: String,
    /// `(annotator, spans)`; an annotator may have several layers.
    layers: Vec<(String, Spans)>,
}

/// `(start, end, label)`.
type Spans = Vec<(usize, usize, String)>;

/// A hand-made document: its text and `(annotator, [(start, end, label)])` layers.
type HandDoc<'a> = (&'a str, Vec<(&'a str, Vec<(usize, usize, &'a str)>)>);

impl Case {
    fn study(&self) -> Study<'_> {
        Study {
            annotators: self.annotators.iter().map(String::as_str).collect(),
            labels: self.labels.iter().map(String::as_str).collect(),
            documents: (self.documents.iter())
                .map(|doc| StudyDoc {
                    text: &doc.text,
                    layers: (doc.layers.iter())
                        .map(|(annotator, spans)| Layer {
                            annotator,
                            spans: (spans.iter())
                                .map(|(start, end, label)| LabeledSpan {
                                    start: *start,
                                    end: *end,
                                    label,
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "annotators": self.annotators,
            "labels": self.labels,
            "documents": self.documents.iter().map(|doc| json!({
                "text": doc.text,
                "layers": doc.layers.iter().map(|(annotator, spans)| json!({
                    "annotator": annotator,
                    "spans": spans.iter().map(|(s, e, l)| json!([s, e, l])).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// mulberry32, as in benches/native.rs.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        t ^ (t >> 14)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u64::from(self.next()) * n as u64) >> 32) as usize
    }
    /// Uniform in `lo..=hi`.
    fn int(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "council",
    "said",
    "a",
    "Þórunn",
    "Łódź",
    "cafe\u{301}",
    "Nguyễn",
    "東京",
    "気候変動",
    "서울시",
    "𠮷野家",
    "مرحبا",
    "नमस्ते",
    "Ελλάδα",
    "😀",
    "🇺🇦",
    "👩🏽\u{200d}🔬",
    "🏳️\u{200d}🌈",
    "“quote,”",
    "—",
    "x",
    "9.5%",
];
/// White space (Unicode White_Space) between words, and three characters that are not.
const GAPS: &[&str] = &[
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\t",
    "\u{a0}",
    "\u{3000}",
    "\u{2003}",
    "\u{85}",
    "\u{2028}",
    " \u{200b}",
    "\u{1f}",
    "\u{180e}",
];
const NAMES: &[&str] = &["ann", "Björn", "李雷", "o'neil \"q\"", "ann 2"];
const LABELS: &[&str] = &["quote", "claim", "entity"];

fn text(rng: &mut Rng) -> String {
    if rng.chance(5) {
        return ["", " ", "\n \u{3000}\t"][rng.below(3)].to_owned();
    }
    let mut text = String::new();
    if rng.chance(20) {
        text.push_str(rng.pick(GAPS));
    }
    for i in 0..rng.int(1, 40) {
        if i > 0 {
            text.push_str(rng.pick(GAPS));
        }
        text.push_str(rng.pick(WORDS));
    }
    if rng.chance(30) {
        text.push_str(rng.pick(GAPS));
    }
    text
}

/// A random span within `len` code points (`len > 0`).
fn random_span(rng: &mut Rng, len: usize) -> (usize, usize) {
    let start = rng.below(len);
    (start, start + rng.int(1, 15.min(len - start)))
}

/// A random study: annotators skip documents, share some spans exactly, shift others by one,
/// repeat spans, use a label that is not reported, and spread their spans over two layers.
fn random_case(seed: u32) -> Case {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9) ^ 0x5151);
    let mut names = NAMES.to_vec();
    let annotators: Vec<String> = (0..rng.int(2, 4))
        .map(|_| names.remove(rng.below(names.len())).to_owned())
        .collect();
    let labels: Vec<String> = LABELS[..rng.int(2, 3)]
        .iter()
        .map(|&l| l.to_owned())
        .collect();
    let documents = (0..rng.int(1, 6))
        .map(|_| {
            let text = text(&mut rng);
            let len = text.chars().count();
            let mut layers = Vec::new();
            if len == 0 {
                return Doc { text, layers };
            }
            let pool: Vec<(usize, usize, usize)> = (0..rng.int(1, 12))
                .map(|_| {
                    let (s, e) = random_span(&mut rng, len);
                    (s, e, rng.below(labels.len()))
                })
                .collect();
            for annotator in &annotators {
                if rng.chance(25) {
                    continue;
                }
                let mut spans: Spans = Vec::new();
                for _ in 0..rng.int(0, 30) {
                    let (mut s, mut e, l) = pool[rng.below(pool.len())];
                    match rng.below(100) {
                        0..=49 => {}
                        50..=64 => {
                            if rng.chance(50) && s > 0 {
                                s -= 1;
                            } else if e < len {
                                e += 1;
                            }
                        }
                        _ => (s, e) = random_span(&mut rng, len),
                    }
                    let label = match rng.below(100) {
                        0..=4 => "other",
                        5..=24 => labels[rng.below(labels.len())].as_str(),
                        _ => labels[l].as_str(),
                    };
                    spans.push((s, e, label.to_owned()));
                    if rng.chance(10) {
                        spans.push(spans[rng.below(spans.len())].clone());
                    }
                }
                if spans.len() > 1 && rng.chance(10) {
                    let rest = spans.split_off(spans.len() / 2);
                    layers.push((annotator.clone(), rest));
                }
                layers.push((annotator.clone(), spans));
            }
            Doc { text, layers }
        })
        .collect();
    Case {
        annotators,
        labels,
        documents,
    }
}

/// The hand-made edge cases of the unit tests, checked by the oracle too.
fn edge_cases() -> Vec<Case> {
    let case = |annotators: &[&str], docs: Vec<HandDoc>| Case {
        annotators: annotators.iter().map(|&a| a.to_owned()).collect(),
        labels: vec!["x".to_owned(), "y".to_owned()],
        documents: (docs.into_iter())
            .map(|(text, layers)| Doc {
                text: text.to_owned(),
                layers: (layers.into_iter())
                    .map(|(a, spans)| {
                        let spans = spans.into_iter().map(|(s, e, l)| (s, e, l.to_owned()));
                        (a.to_owned(), spans.collect())
                    })
                    .collect(),
            })
            .collect(),
    };
    vec![
        // Full agreement.
        case(
            &["A", "B"],
            vec![(
                "ab cd ef",
                vec![("A", vec![(0, 5, "x")]), ("B", vec![(0, 5, "x")])],
            )],
        ),
        // No overlap at all.
        case(
            &["A", "B"],
            vec![(
                "abcd",
                vec![("A", vec![(0, 2, "x")]), ("B", vec![(2, 4, "x")])],
            )],
        ),
        // One annotator empty; then using only another label.
        case(&["A", "B"], vec![("abcd", vec![("A", vec![(0, 2, "x")])])]),
        case(
            &["A", "B"],
            vec![(
                "abcd",
                vec![("A", vec![(0, 2, "x")]), ("B", vec![(3, 4, "y")])],
            )],
        ),
        // A document only some annotated.
        case(
            &["A", "B", "C"],
            vec![
                (
                    "abc",
                    vec![
                        ("A", vec![(0, 2, "x")]),
                        ("B", vec![(0, 1, "x")]),
                        ("C", vec![(1, 3, "x")]),
                    ],
                ),
                (
                    "de",
                    vec![("A", vec![(0, 1, "x")]), ("C", vec![(1, 2, "y")])],
                ),
            ],
        ),
        // Different documents only.
        case(
            &["A", "B"],
            vec![
                ("abc", vec![("A", vec![(0, 3, "x")])]),
                ("abc", vec![("B", vec![(0, 3, "x")])]),
            ],
        ),
        // White space, and spans over white space only.
        case(
            &["A", "B"],
            vec![
                (
                    "a\u{a0}\u{3000}b\u{200b}",
                    vec![("A", vec![(0, 1, "x")]), ("B", vec![(4, 5, "x")])],
                ),
                (
                    "a \n b",
                    vec![("A", vec![(1, 3, "x")]), ("B", vec![(2, 4, "x")])],
                ),
            ],
        ),
        // Overlapping and repeated spans of one annotator.
        case(
            &["A", "B"],
            vec![(
                "abcdef",
                vec![
                    ("A", vec![(0, 3, "x"), (1, 4, "x"), (1, 4, "x")]),
                    ("B", vec![(0, 4, "x"), (1, 4, "x")]),
                ],
            )],
        ),
        // Code points: a ZWJ sequence, a combining mark, a flag.
        case(
            &["A", "B"],
            vec![(
                "👩🏽\u{200d}🔬 cafe\u{301} 🇺🇦x",
                vec![
                    ("A", vec![(5, 10, "x"), (11, 13, "x")]),
                    ("B", vec![(5, 10, "x"), (11, 14, "x")]),
                ],
            )],
        ),
    ]
}

fn oracle(python: &PathBuf, cases: &[Case]) -> Vec<Value> {
    let input = json!({"cases": cases.iter().map(Case::to_json).collect::<Vec<_>>()});
    let dir = std::env::temp_dir().join(format!("marginalia-agreement-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cases.json");
    std::fs::write(&file, input.to_string()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/agreement.py");
    let out = Command::new(python)
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "the oracle failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    value["cases"].as_array().unwrap().clone()
}

/// What kinds of figures the comparisons met, to show the cases reach every branch.
#[derive(Default, Debug)]
struct Seen {
    figures: usize,
    undefined: usize,
    zero: usize,
    one: usize,
    between: usize,
    negative: usize,
}

impl Seen {
    fn count(&mut self, figure: Option<f64>) {
        self.figures += 1;
        match figure {
            None => self.undefined += 1,
            Some(x) if x < 0.0 => self.negative += 1,
            Some(0.0) => self.zero += 1,
            Some(1.0) => self.one += 1,
            Some(_) => self.between += 1,
        }
    }
}

/// `ours` and the oracle's `theirs` are the same figure.
fn same(ours: Option<f64>, theirs: &Value, what: &dyn Fn() -> String) {
    let theirs = match theirs {
        Value::Null => None,
        v => Some(v.as_f64().unwrap_or_else(|| panic!("{}: {v}", what()))),
    };
    match (ours, theirs) {
        (None, None) => {}
        (Some(x), Some(y)) if (x - y).abs() <= 1e-9 => {}
        _ => panic!("{}: ours {ours:?}, the oracle's {theirs:?}", what()),
    }
}

fn compare_pairs(
    ours: &[PairFigures],
    theirs: &Value,
    seen: &mut [Seen; 3],
    what: &dyn Fn() -> String,
) {
    let theirs = theirs.as_array().unwrap();
    assert_eq!(ours.len(), theirs.len(), "{}: number of pairs", what());
    for (p, t) in ours.iter().zip(theirs) {
        let name = || format!("{} {}/{}/{}", what(), p.a, p.b, p.label);
        assert_eq!(
            (p.a.as_str(), p.b.as_str(), p.label.as_str()),
            (
                t["a"].as_str().unwrap(),
                t["b"].as_str().unwrap(),
                t["label"].as_str().unwrap()
            ),
            "{}",
            name()
        );
        same(p.f1_exact, &t["f1_exact"], &|| {
            format!("{} f1_exact", name())
        });
        same(p.f1_overlap, &t["f1_overlap"], &|| {
            format!("{} f1_overlap", name())
        });
        same(p.kappa, &t["kappa"], &|| format!("{} kappa", name()));
        seen[0].count(p.f1_exact);
        seen[1].count(p.f1_overlap);
        seen[2].count(p.kappa);
    }
}

#[test]
fn figures_match_nltk_krippendorff_and_the_definitions() {
    let Some(python) = oracle_python() else {
        return;
    };
    let mut cases = edge_cases();
    let edges = cases.len();
    cases.extend((0..RANDOM_CASES).map(random_case));
    let theirs = oracle(&python, &cases);
    assert_eq!(theirs.len(), cases.len());

    let (mut pairs, mut docs, mut alphas) = (
        [(); 3].map(|_| Seen::default()),
        [(); 3].map(|_| Seen::default()),
        Seen::default(),
    );
    let mut skipped_documents = 0;
    for (c, (case, t)) in cases.iter().zip(&theirs).enumerate() {
        let what = |part: &str| {
            let kind = if c < edges {
                "edge case"
            } else {
                "random case"
            };
            format!("{kind} {c}, {part}")
        };
        let ours = agreement(&case.study());
        compare_pairs(&ours.pairs, &t["pairs"], &mut pairs, &|| what("pairs"));
        let their_labels = t["labels"].as_array().unwrap();
        assert_eq!(ours.labels.len(), their_labels.len());
        for (l, tl) in ours.labels.iter().zip(their_labels) {
            assert_eq!(l.label, tl["label"].as_str().unwrap());
            same(l.alpha, &tl["alpha"], &|| {
                what(&format!("alpha {}", l.label))
            });
            alphas.count(l.alpha);
        }
        let their_docs = t["documents"].as_array().unwrap();
        assert_eq!(ours.documents.len(), their_docs.len());
        for (d, (od, td)) in ours.documents.iter().zip(their_docs).enumerate() {
            assert_eq!(od.document, d);
            compare_pairs(&od.pairs, &td["pairs"], &mut docs, &|| {
                what(&format!("document {d}"))
            });
        }
        // The JSON report carries the same figures.
        let report: Value = serde_json::from_str(&agreement_json(&ours)).unwrap();
        assert_eq!(report["annotators"], json!(case.annotators));
        let mut ignored = [(); 3].map(|_| Seen::default());
        let reported: Vec<PairFigures> = (report["pairs"].as_array().unwrap().iter())
            .map(|p| PairFigures {
                a: p["a"].as_str().unwrap().to_owned(),
                b: p["b"].as_str().unwrap().to_owned(),
                label: p["label"].as_str().unwrap().to_owned(),
                f1_exact: p["f1_exact"].as_f64(),
                f1_overlap: p["f1_overlap"].as_f64(),
                kappa: p["kappa"].as_f64(),
            })
            .collect();
        compare_pairs(&reported, &t["pairs"], &mut ignored, &|| what("JSON pairs"));
        for (rl, tl) in report["labels"]
            .as_array()
            .unwrap()
            .iter()
            .zip(their_labels)
        {
            same(rl["alpha"].as_f64(), &tl["alpha"], &|| what("JSON alpha"));
        }
        // Documents that some annotators annotated and others skipped.
        skipped_documents += (case.documents.iter())
            .filter(|doc| {
                let annotated = (case.annotators.iter())
                    .filter(|a| {
                        doc.layers
                            .iter()
                            .any(|(x, spans)| x == *a && !spans.is_empty())
                    })
                    .count();
                annotated > 0 && annotated < case.annotators.len()
            })
            .count();
    }

    // The cases reach every kind of figure: undefined, negative, 0, 1 and in between.
    println!("pairs (f1_exact, f1_overlap, kappa): {pairs:?}");
    println!("per document: {docs:?}");
    println!("alpha: {alphas:?}; documents some annotators skipped: {skipped_documents}");
    for (name, seen) in ["f1_exact", "f1_overlap", "kappa"].iter().zip(&pairs) {
        assert!(
            seen.undefined > 0 && seen.zero > 0 && seen.one > 0,
            "{name}: {seen:?}"
        );
        assert!(seen.between > 0, "{name}: {seen:?}");
    }
    assert!(pairs[2].negative > 0, "kappa: {:?}", pairs[2]);
    assert!(
        alphas.undefined > 0 && alphas.negative > 0 && alphas.between > 0 && alphas.one > 0,
        "alpha: {alphas:?}"
    );
    assert!(skipped_documents > 20, "{skipped_documents}");
}
