#!/usr/bin/env python3
"""Agreement figures computed independently of Marginalia, for tests/agreement_oracle.rs.

Reads a JSON file of cases, each {"annotators": [...], "labels": [...], "documents": [{"text",
"layers": [{"annotator", "spans": [[start, end, label], ...]}]}]} with offsets in code points
(Python's str indices), and prints {"cases": [{"pairs", "labels", "documents"}]} in the order
Marginalia reports them, with null for an undefined figure:

- kappa: nltk's AnnotationTask(data=[(coder, item, value), ...]).kappa() for the two coders of
  the pair (with two coders its average pairwise Cohen's kappa is Cohen's kappa). nltk returns
  1.0 when the expected agreement is 1; the definition calls that undefined, so it is checked
  first through nltk's own Ae_kappa.
- alpha: krippendorff.alpha(reliability_data=..., level_of_measurement="nominal"), a missing
  value being np.nan; its ValueError (no pairable values, one value only) or a NaN is undefined.
- F1 exact and overlapping: from the definitions, in plain Python over sets of spans.

White space is Unicode's White_Space property, listed here from PropList.txt (Python's
str.isspace also counts U+001C..U+001F, which are not White_Space).
"""

import json
import math
import sys
import warnings

import krippendorff
import numpy as np
from nltk.metrics.agreement import AnnotationTask

WHITE_SPACE = frozenset(
    chr(c)
    for c in [
        *range(0x09, 0x0E),
        0x20,
        0x85,
        0xA0,
        0x1680,
        *range(0x2000, 0x200B),
        0x2028,
        0x2029,
        0x202F,
        0x205F,
        0x3000,
    ]
)


def spans_by_annotator(case, doc):
    """{annotator: set of (start, end, label)} for the annotators the case lists."""
    out = {a: set() for a in case["annotators"]}
    for layer in doc["layers"]:
        if layer["annotator"] in out:
            out[layer["annotator"]].update((s, e, l) for s, e, l in layer["spans"])
    return out


def units_of(text):
    return [i for i, c in enumerate(text) if c not in WHITE_SPACE]


def value(spans, label, i):
    return int(any(s <= i < e for s, e, l in spans if l == label))


def kappa(a, b, items):
    """items: [(item, value of a, value of b)]."""
    if not items:
        return None
    data = [(a, item, va) for item, va, _ in items] + [(b, item, vb) for item, _, vb in items]
    task = AnnotationTask(data=data)
    try:
        if math.isclose(task.Ae_kappa(a, b), 1.0):
            return None
        k = task.kappa()
    except ZeroDivisionError:
        return None
    return None if math.isnan(k) else k


def f1_exact(spans_a, spans_b):
    """Spans are sets of (document, start, end)."""
    if not spans_a and not spans_b:
        return None
    return 2 * len(spans_a & spans_b) / (len(spans_a) + len(spans_b))


def f1_overlap(spans_a, spans_b):
    if not spans_a and not spans_b:
        return None
    if not spans_a or not spans_b:
        return 0.0

    def overlaps(x, others):
        return any(x[0] == y[0] and x[1] < y[2] and y[1] < x[2] for y in others)

    p = sum(overlaps(x, spans_b) for x in spans_a) / len(spans_a)
    r = sum(overlaps(y, spans_a) for y in spans_b) / len(spans_b)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def pair_figures(case, docs, a, b, label):
    """The figures of a, b and label over the documents `docs` (indices)."""
    items, spans_a, spans_b = [], set(), set()
    for d in docs:
        text = case["documents"][d]["text"]
        layers = spans_by_annotator(case, case["documents"][d])
        for i in units_of(text):
            items.append(((d, i), value(layers[a], label, i), value(layers[b], label, i)))
        spans_a |= {(d, s, e) for s, e, l in layers[a] if l == label}
        spans_b |= {(d, s, e) for s, e, l in layers[b] if l == label}
    return {
        "a": a,
        "b": b,
        "label": label,
        "f1_exact": f1_exact(spans_a, spans_b),
        "f1_overlap": f1_overlap(spans_a, spans_b),
        "kappa": kappa(a, b, items),
    }


def alpha(case, label):
    columns = []
    for doc in case["documents"]:
        layers = spans_by_annotator(case, doc)
        if not any(layers.values()):
            continue
        for i in units_of(doc["text"]):
            columns.append(
                [value(layers[x], label, i) if layers[x] else np.nan for x in case["annotators"]]
            )
    data = np.array(columns, dtype=float).T if columns else np.empty((len(case["annotators"]), 0))
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    except ValueError:
        return None
    return None if math.isnan(result) else float(result)


def figures(case):
    annotators, labels = case["annotators"], case["labels"]
    layers = [spans_by_annotator(case, doc) for doc in case["documents"]]
    pairs = [(a, b) for i, a in enumerate(annotators) for b in annotators[i + 1 :]]

    def both(d, a, b):
        return bool(layers[d][a]) and bool(layers[d][b])

    return {
        "pairs": [
            pair_figures(case, [d for d in range(len(layers)) if both(d, a, b)], a, b, label)
            for a, b in pairs
            for label in labels
        ],
        "labels": [{"label": label, "alpha": alpha(case, label)} for label in labels],
        "documents": [
            {
                "pairs": [
                    pair_figures(case, [d], a, b, label)
                    for a, b in pairs
                    if both(d, a, b)
                    for label in labels
                ]
            }
            for d in range(len(layers))
        ],
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    json.dump({"cases": [figures(case) for case in cases]}, sys.stdout)


if __name__ == "__main__":
    main()
