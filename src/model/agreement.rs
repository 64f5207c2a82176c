//! Inter-annotator agreement: Cohen's kappa and F1 (exact and overlapping spans) for each pair
//! of annotators, and Krippendorff's alpha for all of them, per label, over the whole study and
//! per document. The definitions are in docs/agreement.md, and every figure is checked against
//! independent Python implementations (nltk, krippendorff) in tests/agreement_oracle.rs.
//!
//! Offsets are code points of the document's text, end exclusive, as everywhere in the model.
//! Every function here is total: a span is clamped to its text and one left empty is ignored,
//! a layer of an annotator the study does not list is ignored, and an undefined figure is
//! `None`, never NaN.
//!
//! How it runs: per document, each annotator's spans of a label become prefix sums of a
//! coverage bitmap (built through a difference array). A unit's value is then one
//! subtraction, and so is whether a span overlaps any span of another annotator. Units are
//! read through a list of the text's non-white-space indices; nothing is allocated per unit.

use super::document::DocId;
use super::sort::sort_with;
use super::store::Corpus;

/// One span of one annotator: code points `start..end` of its document's text and a label id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabeledSpan<'a> {
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
}

/// One annotator's spans over one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer<'a> {
    pub annotator: &'a str,
    pub spans: Vec<LabeledSpan<'a>>,
}

/// A document's text and the annotators' layers over it. An annotator may have several layers
/// (their spans are taken together) or none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StudyDoc<'a> {
    pub text: &'a str,
    pub layers: Vec<Layer<'a>>,
}

/// What agreement is measured over: the annotators (distinct names, in the order the report
/// lists them), the labels to report (in order) and the documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Study<'a> {
    pub annotators: Vec<&'a str>,
    pub labels: Vec<&'a str>,
    pub documents: Vec<StudyDoc<'a>>,
}

/// The figures of annotators `a` and `b` (`a` listed before `b`) for one label.
#[derive(Clone, Debug, PartialEq)]
pub struct PairFigures {
    pub a: String,
    pub b: String,
    pub label: String,
    pub f1_exact: Option<f64>,
    pub f1_overlap: Option<f64>,
    pub kappa: Option<f64>,
}

/// Krippendorff's alpha of one label over all annotators.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelAlpha {
    pub label: String,
    pub alpha: Option<f64>,
}

/// The pair figures restricted to one document: only the pairs that both annotated it.
#[derive(Clone, Debug, PartialEq)]
pub struct DocAgreement {
    /// Index of the document in [`Study::documents`].
    pub document: usize,
    pub pairs: Vec<PairFigures>,
}

/// The agreement of a study. `pairs` (here and in each document) run over the pairs of
/// annotators in their order (`a` before `b`), then over the labels in their order; `labels`
/// and `documents` follow the study's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    pub annotators: Vec<String>,
    pub pairs: Vec<PairFigures>,
    pub labels: Vec<LabelAlpha>,
    pub documents: Vec<DocAgreement>,
}

/// The annotators of `corpus` (each name once, in name order; the unnamed layer too, as an
/// empty name; not gold) and the study of their layers over the documents they annotated, with every
/// label of the schema; with the id of each of those documents.
pub fn corpus_study(corpus: &Corpus) -> (Study<'_>, Vec<&DocId>) {
    let mut annotators: Vec<&str> = Vec::new();
    let mut documents = Vec::new();
    let mut ids = Vec::new();
    for entry in corpus.entries().iter() {
        if entry.spans.is_empty() {
            continue;
        }
        let mut layers: Vec<Layer> = Vec::new();
        // Gold is the resolution of the layers, not one of them.
        for span in entry
            .spans
            .iter()
            .filter(|s| &*s.annotator != super::annotators::GOLD)
        {
            let who: &str = &span.annotator;
            let at = match layers.iter().position(|l| l.annotator == who) {
                Some(at) => at,
                None => {
                    layers.push(Layer {
                        annotator: who,
                        spans: Vec::new(),
                    });
                    layers.len() - 1
                }
            };
            layers[at].spans.push(LabeledSpan {
                start: span.start,
                end: span.end,
                label: &span.label,
            });
            if !annotators.contains(&who) {
                annotators.push(who);
            }
        }
        documents.push(StudyDoc {
            text: &entry.doc.text,
            layers,
        });
        ids.push(&entry.doc.id);
    }
    sort_with(&mut annotators, &|a, b| a.cmp(b));
    let study = Study {
        annotators,
        labels: corpus
            .schema()
            .labels()
            .iter()
            .map(|l| l.id.as_str())
            .collect(),
        documents,
    };
    (study, ids)
}

/// The agreement of `study`, by the definitions at the top of this module.
pub fn agreement(study: &Study) -> Agreement {
    let (annotators, labels) = (study.annotators.len(), study.labels.len());
    let pairs: Vec<(usize, usize)> = (0..annotators)
        .flat_map(|a| (a + 1..annotators).map(move |b| (a, b)))
        .collect();
    let mut totals = vec![PairCounts::default(); pairs.len() * labels];
    let mut alphas = vec![AlphaCounts::new(annotators); labels];
    let mut work = DocWork::new(annotators, labels);
    let figures = |counts: &PairCounts, (a, b): (usize, usize), label: usize| PairFigures {
        a: study.annotators[a].to_owned(),
        b: study.annotators[b].to_owned(),
        label: study.labels[label].to_owned(),
        f1_exact: counts.f1_exact(),
        f1_overlap: counts.f1_overlap(),
        kappa: counts.kappa(),
    };
    let mut documents = Vec::with_capacity(study.documents.len());
    for (index, doc) in study.documents.iter().enumerate() {
        work.read(study, doc);
        for (label, alpha) in alphas.iter_mut().enumerate() {
            work.add_alpha(label, alpha);
        }
        let mut doc_pairs = Vec::new();
        for (p, &pair) in pairs.iter().enumerate() {
            if !(work.annotated[pair.0] && work.annotated[pair.1]) {
                continue;
            }
            for label in 0..labels {
                let counts = work.pair_counts(pair, label);
                totals[p * labels + label].add(&counts);
                doc_pairs.push(figures(&counts, pair, label));
            }
        }
        documents.push(DocAgreement {
            document: index,
            pairs: doc_pairs,
        });
    }
    Agreement {
        annotators: study.annotators.iter().map(|&a| a.to_owned()).collect(),
        pairs: (pairs.iter().enumerate())
            .flat_map(|(p, &pair)| (0..labels).map(move |label| (p, pair, label)))
            .map(|(p, pair, label)| figures(&totals[p * labels + label], pair, label))
            .collect(),
        labels: (study.labels.iter().zip(&alphas))
            .map(|(label, counts)| LabelAlpha {
                label: (*label).to_owned(),
                alpha: counts.alpha(),
            })
            .collect(),
        documents,
    }
}

/// What the figures of a pair (A, B) for one label are computed from, summed over documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct PairCounts {
    /// Units of the pair's documents.
    units: u64,
    /// Units that A's spans cover, that B's cover, and that both cover.
    ones_a: u64,
    ones_b: u64,
    ones_both: u64,
    /// Distinct spans of A, of B, and of both (same start and end in the same document).
    spans_a: u64,
    spans_b: u64,
    spans_both: u64,
    /// A's spans that overlap one of B's, and B's that overlap one of A's.
    overlap_a: u64,
    overlap_b: u64,
}

impl PairCounts {
    fn add(&mut self, other: &PairCounts) {
        self.units += other.units;
        self.ones_a += other.ones_a;
        self.ones_b += other.ones_b;
        self.ones_both += other.ones_both;
        self.spans_a += other.spans_a;
        self.spans_b += other.spans_b;
        self.spans_both += other.spans_both;
        self.overlap_a += other.overlap_a;
        self.overlap_b += other.overlap_b;
    }

    /// Cohen's kappa, (po − pe) / (1 − pe), from exact integer counts: `None` without units or
    /// when the expected agreement pe is 1.
    #[must_use]
    fn kappa(&self) -> Option<f64> {
        let n = u128::from(self.units);
        let (a1, b1, both) = (
            u128::from(self.ones_a),
            u128::from(self.ones_b),
            u128::from(self.ones_both),
        );
        // Units where A and B agree, and n² · pe.
        let agree = n + 2 * both - a1 - b1;
        let expected = a1 * b1 + (n - a1) * (n - b1);
        let denominator = n * n - expected;
        let numerator = (n * agree) as i128 - expected as i128;
        (denominator > 0).then(|| numerator as f64 / denominator as f64)
    }

    /// 2·|A∩B| / (|A| + |B|), `None` when neither has a span.
    #[must_use]
    fn f1_exact(&self) -> Option<f64> {
        let all = self.spans_a + self.spans_b;
        (all > 0).then(|| 2.0 * self.spans_both as f64 / all as f64)
    }

    /// 2pr / (p + r) with p the share of A's spans overlapping one of B's and r the share of
    /// B's overlapping one of A's: `None` when neither has a span, 0 when one has none.
    #[must_use]
    fn f1_overlap(&self) -> Option<f64> {
        match (self.spans_a, self.spans_b) {
            (0, 0) => None,
            (0, _) | (_, 0) => Some(0.0),
            (a, b) => {
                let p = self.overlap_a as f64 / a as f64;
                let r = self.overlap_b as f64 / b as f64;
                Some(if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                })
            }
        }
    }
}

/// What Krippendorff's alpha (nominal, two values) of one label is computed from: the counts
/// of pairable 0s and 1s, and per number of values m in a unit, the sum over those units of
/// k·(m − k), k being the unit's 1s (its disagreeing ordered pairs are twice that).
#[derive(Clone, Debug, PartialEq, Eq)]
struct AlphaCounts {
    zeros: u64,
    ones: u64,
    /// Indexed by m, the number of values of the units.
    disagreement: Vec<u64>,
}

impl AlphaCounts {
    fn new(annotators: usize) -> Self {
        AlphaCounts {
            zeros: 0,
            ones: 0,
            disagreement: vec![0; annotators + 1],
        }
    }

    /// 1 − (n − 1) · o₀₁ / (n₀ · n₁), with o₀₁ = Σ k(m − k) / (m − 1) over the units with m ≥ 2
    /// values: `None` when there is no pairable value or all are equal (no expected
    /// disagreement).
    #[must_use]
    fn alpha(&self) -> Option<f64> {
        if self.zeros == 0 || self.ones == 0 {
            return None;
        }
        let observed: f64 = (self.disagreement.iter().enumerate().skip(2))
            .map(|(m, &sum)| sum as f64 / (m - 1) as f64)
            .sum();
        let n = (self.zeros + self.ones) as f64;
        Some(1.0 - (n - 1.0) * observed / (self.zeros as f64 * self.ones as f64))
    }
}

/// One document prepared for counting; its buffers are reused from one document to the next.
/// Per (annotator, label), indexed `annotator * labels + label`.
struct DocWork {
    labels: usize,
    /// Code point indices of the units (the text's non-white-space code points).
    units: Vec<usize>,
    /// Whether each annotator has a span (of any label) in the document.
    annotated: Vec<bool>,
    /// Each annotator's distinct spans of each label, `(start, end)` in [`text_order`].
    spans: Vec<Vec<(usize, usize)>>,
    /// Prefix sums of each annotator's coverage of each label: entry `i` counts the covered
    /// code points before `i`, so `covered[e] > covered[s]` when any of `s..e` is covered.
    covered: Vec<Vec<usize>>,
    /// Each annotator's value (0 or 1) of each label at each unit, and how many are 1.
    /// `covered`, `values` and `ones` are filled for the annotators who annotated the document
    /// (the others' are left over).
    values: Vec<Vec<u8>>,
    ones: Vec<u64>,
    /// Scratch: the coverage difference array, and the 1s of each unit.
    diff: Vec<isize>,
    column: Vec<u64>,
}

impl DocWork {
    fn new(annotators: usize, labels: usize) -> Self {
        let cells = annotators * labels;
        DocWork {
            labels,
            units: Vec::new(),
            annotated: vec![false; annotators],
            spans: vec![Vec::new(); cells],
            covered: vec![Vec::new(); cells],
            values: vec![Vec::new(); cells],
            ones: vec![0; cells],
            diff: Vec::new(),
            column: Vec::new(),
        }
    }

    /// Take in `doc`: its units, each annotator's spans by label and their coverage.
    fn read(&mut self, study: &Study, doc: &StudyDoc) {
        let len = doc.text.chars().count();
        self.units.clear();
        self.units.extend(
            (doc.text.chars().enumerate())
                .filter(|(_, c)| !c.is_whitespace())
                .map(|(i, _)| i),
        );
        self.annotated.fill(false);
        self.spans.iter_mut().for_each(Vec::clear);
        for layer in &doc.layers {
            let Some(x) = study.annotators.iter().position(|a| *a == layer.annotator) else {
                continue;
            };
            for span in &layer.spans {
                let (start, end) = (span.start.min(len), span.end.min(len));
                if start >= end {
                    continue;
                }
                self.annotated[x] = true;
                if let Some(label) = study.labels.iter().position(|l| *l == span.label) {
                    self.spans[x * self.labels + label].push((start, end));
                }
            }
        }
        for cell in 0..self.spans.len() {
            let spans = &mut self.spans[cell];
            // In the app's text order, so its spans are in order already.
            sort_with(spans, &text_order);
            spans.dedup();
            if self.annotated[cell / self.labels] {
                cover(&mut self.covered[cell], &mut self.diff, spans, len);
                let covered = &self.covered[cell];
                let values = &mut self.values[cell];
                values.clear();
                values.extend(
                    self.units
                        .iter()
                        .map(|&i| u8::from(covered[i + 1] > covered[i])),
                );
                self.ones[cell] = values.iter().map(|&v| u64::from(v)).sum();
            }
        }
    }

    /// Add this document's units of `label` to its alpha counts: each annotator who annotated
    /// the document gives every unit a value, the others none.
    fn add_alpha(&mut self, label: usize, counts: &mut AlphaCounts) {
        let coders: Vec<usize> = (0..self.annotated.len())
            .filter(|&x| self.annotated[x])
            .collect();
        let m = coders.len() as u64;
        if m < 2 {
            return;
        }
        self.column.clear();
        self.column.resize(self.units.len(), 0);
        for x in coders {
            for (ones, &value) in self
                .column
                .iter_mut()
                .zip(&self.values[x * self.labels + label])
            {
                *ones += u64::from(value);
            }
        }
        for &k in &self.column {
            counts.ones += k;
            counts.zeros += m - k;
            counts.disagreement[m as usize] += k * (m - k);
        }
    }

    /// The counts of annotators `a` and `b` (both annotated this document) for `label`.
    fn pair_counts(&self, (a, b): (usize, usize), label: usize) -> PairCounts {
        let (cell_a, cell_b) = (a * self.labels + label, b * self.labels + label);
        let (values_a, values_b) = (&self.values[cell_a], &self.values[cell_b]);
        let (spans_a, spans_b) = (&self.spans[cell_a], &self.spans[cell_b]);
        let overlapping = |spans: &[(usize, usize)], covered: &[usize]| {
            spans
                .iter()
                .filter(|&&(s, e)| covered[e] > covered[s])
                .count() as u64
        };
        PairCounts {
            units: self.units.len() as u64,
            ones_a: self.ones[cell_a],
            ones_b: self.ones[cell_b],
            ones_both: (values_a.iter().zip(values_b))
                .map(|(&x, &y)| u64::from(x & y))
                .sum(),
            spans_a: spans_a.len() as u64,
            spans_b: spans_b.len() as u64,
            spans_both: common(spans_a, spans_b),
            overlap_a: overlapping(spans_a, &self.covered[cell_b]),
            overlap_b: overlapping(spans_b, &self.covered[cell_a]),
        }
    }
}

/// Fill `covered` (length `len + 1`) with the prefix sums of the coverage of `spans` (each
/// within `0..len`), through the difference array `diff`.
fn cover(covered: &mut Vec<usize>, diff: &mut Vec<isize>, spans: &[(usize, usize)], len: usize) {
    diff.clear();
    diff.resize(len + 1, 0);
    for &(start, end) in spans {
        diff[start] += 1;
        diff[end] -= 1;
    }
    covered.clear();
    covered.push(0);
    let (mut depth, mut total) = (0isize, 0usize);
    covered.extend(diff[..len].iter().map(|&d| {
        depth += d;
        total += usize::from(depth > 0);
        total
    }));
}

/// The app's text order of spans (`Span::text_order` without ids): by start, the longer first.
fn text_order(a: &(usize, usize), b: &(usize, usize)) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then(b.1.cmp(&a.1))
}

/// How many spans two lists of distinct spans in [`text_order`] share.
fn common(a: &[(usize, usize)], b: &[(usize, usize)]) -> u64 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match text_order(&a[i], &b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A span of `label` over code points `start..end`.
    fn s(start: usize, end: usize, label: &str) -> LabeledSpan<'_> {
        LabeledSpan { start, end, label }
    }

    /// A document: its text and `(annotator, spans)` layers.
    fn doc<'a>(text: &'a str, layers: Vec<(&'a str, Vec<LabeledSpan<'a>>)>) -> StudyDoc<'a> {
        StudyDoc {
            text,
            layers: (layers.into_iter())
                .map(|(annotator, spans)| Layer { annotator, spans })
                .collect(),
        }
    }

    fn study<'a>(
        annotators: &[&'a str],
        labels: &[&'a str],
        documents: Vec<StudyDoc<'a>>,
    ) -> Study<'a> {
        Study {
            annotators: annotators.to_vec(),
            labels: labels.to_vec(),
            documents,
        }
    }

    /// The pair figures of `a`, `b` and `label` in `pairs`.
    fn find<'p>(pairs: &'p [PairFigures], a: &str, b: &str, label: &str) -> &'p PairFigures {
        (pairs.iter())
            .find(|p| p.a == a && p.b == b && p.label == label)
            .expect("the pair's figures")
    }

    fn alpha(result: &Agreement, label: &str) -> Option<f64> {
        (result.labels.iter())
            .find(|l| l.label == label)
            .expect("the label's alpha")
            .alpha
    }

    /// `(f1_exact, f1_overlap, kappa)` of one pair and label, to compare with a table row.
    fn row(figures: &PairFigures) -> [Option<f64>; 3] {
        [figures.f1_exact, figures.f1_overlap, figures.kappa]
    }

    fn assert_close(actual: [Option<f64>; 3], expected: [Option<f64>; 3], case: &str) {
        for (name, (x, y)) in ["f1_exact", "f1_overlap", "kappa"]
            .iter()
            .zip(actual.iter().zip(expected))
        {
            match (x, y) {
                (None, None) => {}
                (Some(x), Some(y)) if (x - y).abs() < 1e-12 => {}
                _ => panic!("{case}, {name}: {x:?}, expected {y:?}"),
            }
        }
    }

    fn assert_alpha(actual: Option<f64>, expected: Option<f64>, case: &str) {
        match (actual, expected) {
            (None, None) => {}
            (Some(x), Some(y)) if (x - y).abs() < 1e-12 => {}
            _ => panic!("{case}, alpha: {actual:?}, expected {expected:?}"),
        }
    }

    const ONE: Option<f64> = Some(1.0);
    const ZERO: Option<f64> = Some(0.0);

    #[test]
    fn full_agreement_is_one_and_an_unused_label_undefined() {
        // Units a b c d e f; both cover "ab cd".
        let st = study(
            &["A", "B"],
            &["x", "y"],
            vec![doc(
                "ab cd ef",
                vec![("A", vec![s(0, 5, "x")]), ("B", vec![s(0, 5, "x")])],
            )],
        );
        let r = agreement(&st);
        assert_close(row(find(&r.pairs, "A", "B", "x")), [ONE, ONE, ONE], "x");
        assert_alpha(alpha(&r, "x"), ONE, "x");
        // Neither used y: kappa's expected agreement is 1, no span to compare, no 1 anywhere.
        assert_close(row(find(&r.pairs, "A", "B", "y")), [None; 3], "y");
        assert_alpha(alpha(&r, "y"), None, "y");
    }

    #[test]
    fn no_overlap_at_all() {
        // A covers "ab", B covers "cd": every unit disagrees.
        let st = study(
            &["A", "B"],
            &["x"],
            vec![doc(
                "abcd",
                vec![("A", vec![s(0, 2, "x")]), ("B", vec![s(2, 4, "x")])],
            )],
        );
        let r = agreement(&st);
        assert_close(row(&r.pairs[0]), [ZERO, ZERO, Some(-1.0)], "pair");
        // n = 8 values, 4 units each with one 0 and one 1: 1 − 7·4 / (4·4).
        assert_alpha(alpha(&r, "x"), Some(-0.75), "alpha");
    }

    #[test]
    fn one_annotator_empty_or_using_only_another_label() {
        // B has no span at all: the pair has no documents.
        let st = study(
            &["A", "B"],
            &["x", "y"],
            vec![doc("abcd", vec![("A", vec![s(0, 2, "x")]), ("B", vec![])])],
        );
        let r = agreement(&st);
        assert_close(row(find(&r.pairs, "A", "B", "x")), [None; 3], "B empty");
        assert_alpha(alpha(&r, "x"), None, "B empty");
        assert!(r.documents[0].pairs.is_empty());

        // B used only y: the document is the pair's; x is a label only A used.
        let st = study(
            &["A", "B"],
            &["x", "y"],
            vec![doc(
                "abcd",
                vec![("A", vec![s(0, 2, "x")]), ("B", vec![s(3, 4, "y")])],
            )],
        );
        let r = agreement(&st);
        // B is constant 0 on x: observed 2/4 = expected 2/4, kappa 0.
        assert_close(row(find(&r.pairs, "A", "B", "x")), [ZERO, ZERO, ZERO], "x");
        // y: A constant 0, B one 1 of 4 units: po = 3/4 = pe.
        assert_close(row(find(&r.pairs, "A", "B", "y")), [ZERO, ZERO, ZERO], "y");
        // x: 2 units with (1, 0), 2 with (0, 0): 1 − 7·2 / (6·2).
        assert_alpha(alpha(&r, "x"), Some(1.0 - 14.0 / 12.0), "x");
        assert_eq!(r.documents[0].pairs.len(), 2);
    }

    #[test]
    fn a_document_one_annotator_annotated_counts_for_alpha_only() {
        // doc0 "abc": A x 0..2, B x 0..1, C x 1..3.
        // doc1 "de": A x 0..1, C y 1..2 (so C annotated it too); B did not.
        let st = study(
            &["A", "B", "C"],
            &["x", "y"],
            vec![
                doc(
                    "abc",
                    vec![
                        ("A", vec![s(0, 2, "x")]),
                        ("B", vec![s(0, 1, "x")]),
                        ("C", vec![s(1, 3, "x")]),
                    ],
                ),
                doc(
                    "de",
                    vec![("A", vec![s(0, 1, "x")]), ("C", vec![s(1, 2, "y")])],
                ),
            ],
        );
        let r = agreement(&st);
        // A, B: doc0 only. A 1 1 0, B 1 0 0: po 2/3, pe 4/9, kappa 0.4.
        assert_close(
            row(find(&r.pairs, "A", "B", "x")),
            [ZERO, ONE, Some(0.4)],
            "A B x",
        );
        // A, C: both documents. A 1 1 0 | 1 0, C 0 1 1 | 0 0: po 2/5, pe 12/25.
        // Overlap: p = 1/2 (A's span in doc1 overlaps nothing), r = 1.
        assert_close(
            row(find(&r.pairs, "A", "C", "x")),
            [ZERO, Some(2.0 / 3.0), Some(-2.0 / 13.0)],
            "A C x",
        );
        // B 1 0 0, C 0 1 1: po 0, pe 4/9.
        assert_close(
            row(find(&r.pairs, "B", "C", "x")),
            [ZERO, ZERO, Some(-0.8)],
            "B C x",
        );
        assert_close(row(find(&r.pairs, "A", "B", "y")), [None; 3], "A B y");
        assert_close(
            row(find(&r.pairs, "A", "C", "y")),
            [ZERO, ZERO, ZERO],
            "A C y",
        );
        // Alpha x: doc0 has 3 values per unit (k = 2, 2, 1), doc1 two (A, C: k = 1, 0).
        // n₁ = 6, n₀ = 7, o₀₁ = (2 + 2 + 2)/2 + 1/1 = 4: 1 − 12·4 / 42 = −1/7.
        assert_alpha(alpha(&r, "x"), Some(-1.0 / 7.0), "x");
        // Alpha y: one 1 (C, doc1) among 13 values, in a unit with 2 values: 1 − 12·1 / 12.
        assert_alpha(alpha(&r, "y"), ZERO, "y");

        // Per document: doc1 has the pair A, C only.
        let doc1 = &r.documents[1];
        assert_eq!(doc1.document, 1);
        assert_eq!(doc1.pairs.len(), 2);
        assert_close(
            row(find(&doc1.pairs, "A", "C", "x")),
            [ZERO, ZERO, ZERO],
            "doc1 A C x",
        );
        let doc0 = &r.documents[0];
        assert_eq!(doc0.pairs.len(), 6);
        assert_close(
            row(find(&doc0.pairs, "A", "C", "x")),
            // A 1 1 0, C 0 1 1: po 1/3, pe 5/9: (1/3 − 5/9) / (4/9) = −1/2.
            [ZERO, ONE, Some(-0.5)],
            "doc0 A C x",
        );
    }

    #[test]
    fn annotators_on_different_documents_have_no_alpha() {
        // INCEpTION reported 1.0 here (#2219): nothing is pairable.
        let st = study(
            &["A", "B"],
            &["x"],
            vec![
                doc("abc", vec![("A", vec![s(0, 3, "x")])]),
                doc("abc", vec![("B", vec![s(0, 3, "x")])]),
            ],
        );
        let r = agreement(&st);
        assert_alpha(alpha(&r, "x"), None, "alpha");
        assert_close(row(&r.pairs[0]), [None; 3], "pair");
    }

    #[test]
    fn white_space_is_not_a_unit_but_a_zero_width_space_is() {
        // Units "a" and "b": "a  " and "a" give both the values 1 0.
        let st = study(
            &["A", "B"],
            &["x"],
            vec![doc(
                "a  b",
                vec![("A", vec![s(0, 3, "x")]), ("B", vec![s(0, 1, "x")])],
            )],
        );
        assert_close(row(&agreement(&st).pairs[0]), [ZERO, ONE, ONE], "spaces");
        // No-break and ideographic spaces are White_Space; U+200B (zero width) is not: units
        // a, b, U+200B. A 1 0 0, B 0 0 1: po 1/3, pe 5/9, kappa −1/2.
        let st = study(
            &["A", "B"],
            &["x"],
            vec![doc(
                "a\u{a0}\u{3000}b\u{200b}",
                vec![("A", vec![s(0, 1, "x")]), ("B", vec![s(4, 5, "x")])],
            )],
        );
        assert_close(
            row(&agreement(&st).pairs[0]),
            [ZERO, ZERO, Some(-0.5)],
            "unicode spaces",
        );
        // Spans over white space only still annotate the document, and overlap there.
        let st = study(
            &["A", "B"],
            &["x"],
            vec![doc(
                "a \n b",
                vec![("A", vec![s(1, 3, "x")]), ("B", vec![s(2, 4, "x")])],
            )],
        );
        // Both constant 0 on the units a, b.
        assert_close(
            row(&agreement(&st).pairs[0]),
            [ZERO, ONE, None],
            "white space spans",
        );
    }

    #[test]
    fn overlapping_and_repeated_spans_of_one_annotator() {
        // A: 0..3, 1..4 twice; B: 0..4, 1..4. Both cover units 0..4 once: values equal.
        let st = study(
            &["A", "B"],
            &["x"],
            vec![doc(
                "abcdef",
                vec![
                    ("A", vec![s(0, 3, "x"), s(1, 4, "x"), s(1, 4, "x")]),
                    ("B", vec![s(0, 4, "x"), s(1, 4, "x")]),
                ],
            )],
        );
        let r = agreement(&st);
        // Distinct spans: A {0..3, 1..4}, B {0..4, 1..4}: one in common, 2·1 / 4.
        assert_close(row(&r.pairs[0]), [Some(0.5), ONE, ONE], "pair");
        assert_alpha(alpha(&r, "x"), ONE, "alpha");
    }

    #[test]
    fn offsets_are_code_points() {
        // 👩🏽‍🔬 is 4 code points (0..4), "cafe\u{301}" 5 (5..10), the flag 2 (11..13), x 13.
        let text = "👩🏽\u{200d}🔬 cafe\u{301} 🇺🇦x";
        let st = study(
            &["A", "B"],
            &["x"],
            vec![doc(
                text,
                vec![
                    ("A", vec![s(5, 10, "x"), s(11, 13, "x")]),
                    // 11..20 is clamped to 11..14.
                    ("B", vec![s(5, 10, "x"), s(11, 20, "x")]),
                ],
            )],
        );
        let r = agreement(&st);
        // 12 units; A covers 7, B 8, both 7: po 11/12, pe 76/144, kappa 56/68.
        assert_close(
            row(&r.pairs[0]),
            [Some(0.5), ONE, Some(56.0 / 68.0)],
            "pair",
        );
    }

    #[test]
    fn empty_and_out_of_range_spans_are_ignored_and_so_are_unknown_annotators() {
        let st = study(
            &["A", "B"],
            &["x"],
            vec![doc(
                "abc",
                vec![
                    ("A", vec![s(0, 1, "x")]),
                    // Empty, reversed and past the end: B did not annotate the document.
                    ("B", vec![s(1, 1, "x"), s(2, 1, "x"), s(3, 9, "x")]),
                    ("Z", vec![s(0, 3, "x")]),
                ],
            )],
        );
        let r = agreement(&st);
        assert_close(row(&r.pairs[0]), [None; 3], "pair");
        assert!(r.documents[0].pairs.is_empty());
        assert_alpha(alpha(&r, "x"), None, "alpha");

        // A span of a label not reported still annotates the document; layers add up.
        let st = study(
            &["A", "B"],
            &["x"],
            vec![doc(
                "abc",
                vec![
                    ("A", vec![s(0, 1, "x")]),
                    ("B", vec![s(0, 3, "other")]),
                    ("B", vec![s(2, 3, "x")]),
                ],
            )],
        );
        let r = agreement(&st);
        // A 1 0 0, B 0 0 1: po 1/3, pe 5/9.
        assert_close(row(&r.pairs[0]), [ZERO, ZERO, Some(-0.5)], "other label");
    }

    #[test]
    fn pairs_run_in_annotator_then_label_order() {
        let st = study(
            &["C", "A", "B"],
            &["y", "x"],
            vec![doc(
                "abc",
                vec![
                    ("A", vec![s(0, 1, "x")]),
                    ("B", vec![s(0, 1, "y")]),
                    ("C", vec![s(1, 2, "x")]),
                ],
            )],
        );
        let r = agreement(&st);
        let order: Vec<(&str, &str, &str)> = (r.pairs.iter())
            .map(|p| (p.a.as_str(), p.b.as_str(), p.label.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("C", "A", "y"),
                ("C", "A", "x"),
                ("C", "B", "y"),
                ("C", "B", "x"),
                ("A", "B", "y"),
                ("A", "B", "x"),
            ]
        );
        assert_eq!(r.documents[0].pairs.len(), 6);
        assert_eq!(r.annotators, ["C", "A", "B"]);
        let labels: Vec<&str> = r.labels.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["y", "x"]);
    }

    #[test]
    fn an_empty_study_gives_empty_lists() {
        let r = agreement(&Study::default());
        assert!(r.annotators.is_empty() && r.pairs.is_empty() && r.labels.is_empty());
        assert!(r.documents.is_empty());
        let st = study(&["A", "B"], &["x"], vec![doc("", vec![])]);
        let r = agreement(&st);
        assert_close(row(&r.pairs[0]), [None; 3], "empty text");
        assert_eq!(r.documents.len(), 1);
    }
}
