#![cfg(not(target_arch = "wasm32"))]
//! The exports as Python reads them: `text[start:end]` for code-point formats, UTF-16 slices
//! for doccano, the `csv` module for CSV and `zipfile` for brat. Skipped (with a message) when
//! `python3` is not installed, except under CI (`CI=true`), where a missing Python fails.

mod common;
use common::*;

use std::path::PathBuf;
use std::process::Command;
use std::rc::Rc;

/// Whether `python3` runs. Without it the checks are skipped on a developer's machine, and
/// fail under CI (`CI` set to `true` or `1`): there a skipped check would pass unseen.
fn python_here() -> bool {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        ok || !ci,
        "python3 is not available, and CI=true: the exports' Python checks cannot run"
    );
    if !ok {
        println!("python3 is not available: skipping the Python checks of the exports");
    }
    ok
}

use marginalia::formats::export::{export, Format};
use marginalia::model::{DocEntry, LabelSchema, Span, SpanId, Status};

fn span(id: &str, text: &str, needle: &str, label: &str, note: &str) -> Span {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    Span {
        id: SpanId(id.into()),
        start,
        end: start + needle.chars().count(),
        label: label.into(),
        note: note.into(),
        attrs: Default::default(),
        created: None,
        updated: None,
        annotator: Default::default(),
    }
}

fn corpus() -> Vec<Rc<DocEntry>> {
    let t = TEXT1;
    let note = "=SUM(A1), \"quoted\"\tand\nmore";
    vec![
        entry(
            t,
            vec![
                span(
                    "q1",
                    t,
                    "\u{201c}We will not back down,\u{201d}",
                    "quote",
                    note,
                ),
                span("e1", t, "Olena Kovalenko", "entity", ""),
                span("e2", t, "Kovalenko", "entity", ""),
                span(
                    "c1",
                    t,
                    "the minister of 👨\u{200d}👩\u{200d}👧 affairs.\nThe cafe\u{301}",
                    "claim",
                    note,
                ),
                span("e3", t, "minister of 👨\u{200d}👩\u{200d}👧", "entity", ""),
                span("e4", t, "👨\u{200d}👩\u{200d}👧 affairs", "entity", ""),
                span("e5", t, "北京", "entity", ""),
                span("e6", t, "cafe\u{301}", "entity", ""),
                span("c2", t, "+5%", "claim", "-x"),
                span("e7", t, "🇺🇦", "entity", ""),
            ],
            Status::InProgress,
        ),
        entry(
            TEXT2,
            vec![
                span("c3", TEXT2, "-Minus start", "claim", "@me"),
                span("e8", TEXT2, "東京", "entity", ""),
            ],
            Status::Done,
        ),
    ]
}

const SCRIPT: &str = r#"
import csv, io, json, sys, zipfile
d = sys.argv[1]
n = 0

# spaCy JSONL: code points.
for line in open(d + "/spacy.jsonl", encoding="utf-8"):
    doc = json.loads(line)
    assert doc["meta"]["offsets"] == "unicode code points"
    for s in doc["spans"]:
        assert doc["text"][s["start"]:s["end"]] == s["text"], (s, doc["text"][s["start"]:s["end"]])
        n += 1

# Native: code points, and the hash of the UTF-8 text.
import hashlib
native = json.load(open(d + "/native.json", encoding="utf-8"))
assert native["schema"] == "marginalia-dataset" and native["offsets"] == "unicode code points"
texts = {}
for doc in native["documents"]:
    assert hashlib.sha256(doc["text"].encode("utf-8")).hexdigest() == doc["sha256"]
    texts[doc["id"]] = doc["text"]
    for b in doc["blocks"]:
        assert 0 <= b["start"] <= b["end"] <= len(doc["text"])
    for s in doc["spans"]:
        assert doc["text"][s["start"]:s["end"]] == s["text"]
        n += 1

# Label Studio: code points.
for task in json.load(open(d + "/ls.json", encoding="utf-8")):
    for r in task["annotations"][0]["result"]:
        v = r["value"]
        assert task["data"]["text"][v["start"]:v["end"]] == v["text"]
        n += 1

# W3C: code points.
w3c = json.load(open(d + "/w3c.jsonld", encoding="utf-8"))
by_hash = {hashlib.sha256(t.encode("utf-8")).hexdigest(): t for t in texts.values()}
for a in w3c["first"]["items"]:
    text = by_hash[a["target"]["source"].split(":")[-1]]
    q, p = a["target"]["selector"]
    assert text[p["start"]:p["end"]] == q["exact"]
    assert text[p["start"] - len(q["prefix"]):p["start"]] == q["prefix"]
    assert text[p["end"]:p["end"] + len(q["suffix"])] == q["suffix"]
    n += 1

# doccano: UTF-16 code units.
spacy = [json.loads(l) for l in open(d + "/spacy.jsonl", encoding="utf-8")]
for line, sp in zip(open(d + "/doccano.jsonl", encoding="utf-8"), spacy):
    doc = json.loads(line)
    u = doc["text"].encode("utf-16-le")
    assert len(doc["entities"]) == len(sp["spans"])
    for e, s in zip(doc["entities"], sp["spans"]):
        got = u[2 * e["start_offset"]:2 * e["end_offset"]].decode("utf-16-le")
        assert got == doc["text"][s["start"]:s["end"]] == s["text"], (e, got)
        n += 1

# CSV: the csv module reads it; the text column is the slice (formula cells guarded by ').
rows = list(csv.DictReader(open(d + "/spans.csv", encoding="utf-8", newline="")))
assert len(rows) == sum(len(doc["spans"]) for doc in native["documents"])
for r in rows:
    text = texts[r["document_id"]]
    want = text[int(r["start"]):int(r["end"])]
    if want[:1] in ("=", "+", "-", "@", "\t", "\r"):
        want = "'" + want
    assert r["text"] == want, (r, want)
    n += 1

# brat: zipfile opens it; each T line's fragments slice the .txt.
z = zipfile.ZipFile(d + "/brat.zip")
assert z.testzip() is None
names = z.namelist()
assert "annotation.conf" in names
for name in names:
    if not name.endswith(".ann"):
        continue
    txt = z.read(name[:-4] + ".txt").decode("utf-8")
    assert txt in texts.values()
    for line in z.read(name).decode("utf-8").splitlines():
        if not line.startswith("T"):
            continue
        tid, middle, shown = line.split("\t")
        label, ranges = middle.split(" ", 1)
        frags = [tuple(map(int, r.split(" "))) for r in ranges.split(";")]
        assert shown == " ".join(txt[a:b] for a, b in frags), line
        n += 1

print("python checked", n, "spans")
"#;

fn temp_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir =
        std::env::temp_dir().join(format!("marginalia-export-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn python_reads_every_export() {
    if !python_here() {
        return;
    }
    let c = corpus();
    let dir = temp_dir();
    for (format, file) in [
        (Format::SpacyJsonl, "spacy.jsonl"),
        (Format::Native, "native.json"),
        (Format::LabelStudio, "ls.json"),
        (Format::W3c, "w3c.jsonld"),
        (Format::Doccano, "doccano.jsonl"),
        (Format::Csv, "spans.csv"),
        (Format::Brat, "brat.zip"),
    ] {
        let e = export(format, &LabelSchema::default(), &c, &CTX).unwrap();
        std::fs::write(dir.join(file), &e.bytes).unwrap();
    }
    std::fs::write(dir.join("check.py"), SCRIPT).unwrap();
    let out = Command::new("python3")
        .arg(dir.join("check.py"))
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "python failed:\n{stdout}\n{stderr}");
    // 12 spans in: spaCy, native, Label Studio, W3C, doccano, CSV and brat.
    assert!(stdout.contains("python checked 84 spans"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Hostile notes and titles (issue 6): quotes, commas, line breaks of every kind Python knows,
// tabs, formula prefixes and bidi controls. Every format still parses with Python's standard
// modules, every JSON format gives the note back exactly, and no note or title adds a line, a
// cell, a column or a formula anywhere.

/// Notes that try every trick; the first ones are the classic CSV / brat / CoNLL breakers.
const HOSTILE_NOTES: [&str; 14] = [
    "He said \"hi\", then left",
    "line one\nline two\r\nline three\rfour",
    "a\tb\tc",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\u{202E}txt.exe\u{2066}inner\u{2069}\u{200E}\u{200F}\u{061C}",
    "x\u{2028}T9\tEntity 0 3\tinjected by U+2028",
    "y\u{2029}#9\tAnnotatorNotes T1\tinjected by U+2029",
    "z\u{0B}T8\tQuote 0 1\tv\u{0C}T7\tQuote 0 1\tf\u{1C}T6\tQuote 0 1\tfs\u{85}T5\tQuote 0 1\tnel",
    "\nT99\tQuote 0 1\tinjected by a newline",
];

/// A text with every line break Python splits on, inside and between words, and bidi controls.
const HOSTILE_TEXT: &str =
    "=Title, \"quoted\"\n\nAlpha\u{2028}beta gam\u{1C}ma \u{202E}delta\u{202C} \
                            eps\u{85}ilon ze\u{0B}ta \"eta\", theta\tiota; kap\u{0C}pa.\n\n\
                            @lambda -mu +nu\u{2029}xi.";

fn hostile_corpus() -> Vec<Rc<DocEntry>> {
    let words = [
        "Alpha\u{2028}beta",
        "gam\u{1C}ma",
        "\u{202E}delta\u{202C}",
        "eps\u{85}ilon",
        "ze\u{0B}ta",
        "\"eta\", theta\tiota",
        "kap\u{0C}pa",
        "@lambda",
        "-mu",
        "+nu\u{2029}xi",
        "=Title, \"quoted\"",
        "Alpha",
        "beta",
        "iota",
    ];
    let labels = ["quote", "claim", "entity"];
    let mut spans: Vec<Span> = words
        .iter()
        .zip(HOSTILE_NOTES)
        .enumerate()
        .map(|(i, (w, note))| span(&format!("h{i}"), HOSTILE_TEXT, w, labels[i % 3], note))
        .collect();
    marginalia::model::sort::sort_with(&mut spans, &Span::text_order);
    let mut doc = marginalia::formats::article::parse_article(HOSTILE_TEXT, "hostile.md");
    doc.title = "=HYPERLINK(\"http://evil.example\"), \"x\"\t\u{202E}\u{2028}y".to_owned();
    vec![Rc::new(DocEntry {
        relations: Default::default(),
        doc: Rc::new(doc),
        spans: Rc::new(spans.into_iter().map(Rc::new).collect()),
        statuses: marginalia::model::entry::statuses_from(vec![(Rc::from(""), Status::InProgress)]),
        decided: Default::default(),
    })]
}

const HOSTILE_SCRIPT: &str = r##"
import csv, json, sys, zipfile
d = sys.argv[1]
want = json.load(open(d + "/expected.json", encoding="utf-8"))
notes, title, text = want["notes"], want["title"], want["text"]
n = 0

# Python's str.splitlines() breaks at all of these; a reader may use it, so none may appear
# inside a line of brat or CoNLL.
BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
def one_line(s):
    return "".join(" " if c in BREAKS or c == "\t" else c for c in s)

# JSON formats: they parse, and give back every note and the title exactly.
native = json.load(open(d + "/native.json", encoding="utf-8"))
doc = native["documents"][0]
assert doc["title"] == title and doc["text"] == text
assert sorted(s["note"] for s in doc["spans"]) == sorted(notes)
for s in doc["spans"]:
    assert text[s["start"]:s["end"]] == s["text"]
    n += 1
w3c = json.load(open(d + "/w3c.jsonld", encoding="utf-8"))
got = sorted(b["value"] for a in w3c["first"]["items"] for b in a["body"] if b["purpose"] == "commenting")
assert got == sorted(notes), got
ls = json.load(open(d + "/ls.json", encoding="utf-8"))
assert ls[0]["data"]["title"] == title and ls[0]["data"]["text"] == text
for fmt in ("spacy.jsonl", "doccano.jsonl"):
    raw = open(d + "/" + fmt, encoding="utf-8", newline="").read()
    # One document, so one line: nothing in a note or the text may break it.
    lines = raw.split("\n")
    assert lines[-1] == "" and len(lines) == 2, (fmt, len(lines))
    assert json.loads(lines[0])["text"] == text

# CSV: the csv module reads one row per span with 12 cells; notes and the title come back
# exactly, after the ' that guards formula-looking cells; no cell starts like a formula.
rows = list(csv.reader(open(d + "/spans.csv", encoding="utf-8", newline="")))
assert rows[0][0] == "document_id" and len(rows) == 1 + len(notes), len(rows)
def guarded(v):
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
seen = []
for r in rows[1:]:
    assert len(r) == 12, r
    for cell in r:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    assert r[1] == guarded(title), r[1]
    assert r[6] == guarded(text[int(r[4]):int(r[5])])
    seen.append(r[7])
    n += 1
assert sorted(seen) == sorted(guarded(x) for x in notes)

# brat: every .ann line, split the strictest way, is a T or # line with exactly 3 fields.
z = zipfile.ZipFile(d + "/brat.zip")
assert z.testzip() is None
anns = [x for x in z.namelist() if x.endswith(".ann")]
assert len(anns) == 1 and "/" not in anns[0] and ".." not in anns[0], anns
txt = z.read(anns[0][:-4] + ".txt").decode("utf-8")
assert txt == text
lines = z.read(anns[0]).decode("utf-8").splitlines()
ts = [l for l in lines if l.startswith("T")]
hs = [l for l in lines if l.startswith("#")]
assert len(ts) == len(notes) and len(hs) == len(notes) and len(lines) == 2 * len(notes), lines
for l in lines:
    fields = l.split("\t")
    assert len(fields) == 3, fields
for l in ts:
    tid, middle, shown = l.split("\t")
    label, ranges = middle.split(" ", 1)
    frags = [tuple(map(int, r.split(" "))) for r in ranges.split(";")]
    assert shown == one_line(" ".join(txt[a:b] for a, b in frags)), l
    n += 1
assert sorted(l.split("\t")[2] for l in hs) == sorted(one_line(x) for x in notes)

# CoNLL: every line, split the strictest way, is blank or `token -X- _ TAG`.
for l in open(d + "/conll.conll", encoding="utf-8", newline="").read().splitlines():
    if l == "" or l == "-DOCSTART- -X- O":
        continue
    fields = l.split()
    assert len(fields) == 4 and fields[1] == "-X-" and fields[2] == "_", repr(l)
    n += 1

print("python checked", n, "hostile items")
"##;

#[test]
fn python_reads_exports_of_hostile_notes_and_titles() {
    if !python_here() {
        return;
    }
    let c = hostile_corpus();
    let dir = temp_dir();
    for (format, file) in [
        (Format::SpacyJsonl, "spacy.jsonl"),
        (Format::Native, "native.json"),
        (Format::LabelStudio, "ls.json"),
        (Format::W3c, "w3c.jsonld"),
        (Format::Doccano, "doccano.jsonl"),
        (Format::Csv, "spans.csv"),
        (Format::Brat, "brat.zip"),
        (Format::Conll, "conll.conll"),
    ] {
        let e = export(format, &LabelSchema::default(), &c, &CTX).unwrap();
        std::fs::write(dir.join(file), &e.bytes).unwrap();
    }
    let expected = serde_json::json!({
        "notes": HOSTILE_NOTES,
        "title": c[0].doc.title,
        "text": HOSTILE_TEXT,
    });
    std::fs::write(dir.join("expected.json"), expected.to_string()).unwrap();
    std::fs::write(dir.join("check.py"), HOSTILE_SCRIPT).unwrap();
    let out = Command::new("python3")
        .arg(dir.join("check.py"))
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "python failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("python checked"), "{stdout}");
    println!("{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Attributes and relations: every reference resolves, in every format that holds them.

const LINKS: &str = r##"
import csv, json, sys, zipfile
d = sys.argv[1]
n = 0

native = json.load(open(d + "/native.json", encoding="utf-8"))
assert native["version"] == 2
labels = {l["id"]: l for l in native["labels"]}
spans = {}
for doc in native["documents"]:
    for s in doc["spans"]:
        spans[(doc["id"], s["id"])] = s
        for k, v in s["attributes"].items():
            attr = [a for a in labels[s["label"]]["attributes"] if a["id"] == k][0]
            assert isinstance(v, str) and v
            if attr["kind"] == "choice":
                assert v in attr["choices"], (k, v)
            n += 1
kinds = {"said_by": ("quote", "entity"), "cue": ("quote", None), "claimant": ("claim", "entity")}
for r in native["relations"]:
    a, b = spans[(r["document"], r["from"])], spans[(r["document"], r["to"])]
    want = kinds[r["kind"]]
    assert a["label"] == want[0] and (want[1] is None or b["label"] == want[1]), r
    n += 1

for line in open(d + "/spacy.jsonl", encoding="utf-8"):
    doc = json.loads(line)
    sp = doc["spans"]
    for a in doc["meta"].get("attributes", []):
        assert sp[a["span"]]["text"] == doc["text"][sp[a["span"]]["start"]:sp[a["span"]]["end"]]
        n += len(a["attributes"])
    for r in doc["meta"].get("relations", []):
        assert sp[r["from"]]["label"] == kinds[r["kind"]][0]
        n += 1

for task in json.load(open(d + "/ls.json", encoding="utf-8")):
    result = task["annotations"][0]["result"]
    regions = {r["id"]: r for r in result if r["type"] == "labels"}
    for r in result:
        if r["type"] == "relation":
            assert r["from_id"] in regions and r["to_id"] in regions and r["labels"][0] in kinds
            n += 1
        elif r["type"] in ("choices", "textarea"):
            region = regions[r["id"]]["value"]
            assert (r["value"]["start"], r["value"]["end"]) == (region["start"], region["end"])
            n += 1

w3c = json.load(open(d + "/w3c.jsonld", encoding="utf-8"))
ids = {a["id"] for a in w3c["first"]["items"]}
assert w3c["total"] == len(w3c["first"]["items"])
for a in w3c["first"]["items"]:
    if a.get("motivation") == "linking":
        assert len(a["target"]) == 2 and all(t in ids for t in a["target"]), a
        n += 1

for line in open(d + "/doccano.jsonl", encoding="utf-8"):
    doc = json.loads(line)
    ents = {e["id"] for e in doc["entities"]}
    for r in doc["relations"]:
        assert r["from_id"] in ents and r["to_id"] in ents and r["type"] in kinds
        n += 1

for r in csv.DictReader(open(d + "/spans.csv", encoding="utf-8", newline="")):
    s = spans[(r["document_id"], r["span_id"])]
    assert (json.loads(r["attributes"]) if r["attributes"] else {}) == s["attributes"], r
    n += 1

z = zipfile.ZipFile(d + "/brat.zip")
conf = z.read("annotation.conf").decode("utf-8")
for kind in kinds:
    assert "\n" + kind + " Arg1:" in conf, conf
for name in z.namelist():
    if not name.endswith(".ann"):
        continue
    lines = z.read(name).decode("utf-8").splitlines()
    ts = {l.split("\t")[0] for l in lines if l.startswith("T")}
    for l in lines:
        fields = l.split("\t")
        if l[0] == "R":
            kind, a1, a2 = fields[1].split(" ")
            assert kind in kinds and a1[5:] in ts and a2[5:] in ts, l
        elif l[0] == "A":
            assert len(fields) == 2 and fields[1].split(" ")[1] in ts, l
        elif l[0] == "N":
            assert len(fields) == 3 and fields[1].split(" ")[1] in ts, l
            assert fields[1].split(" ")[2].startswith("Wikidata:Q"), l
        elif l[0] == "#":
            assert len(fields) == 3 and fields[1].split(" ")[1] in ts, l
        else:
            assert l[0] == "T" and len(fields) == 3, l
            continue
        n += 1

print("python checked", n, "links")
"##;

#[test]
fn python_follows_every_attribute_and_relation() {
    if !python_here() {
        return;
    }
    let (schema, c) = (linked_schema(), linked());
    let dir = temp_dir();
    for (format, file) in [
        (Format::SpacyJsonl, "spacy.jsonl"),
        (Format::Native, "native.json"),
        (Format::LabelStudio, "ls.json"),
        (Format::W3c, "w3c.jsonld"),
        (Format::Doccano, "doccano.jsonl"),
        (Format::Csv, "spans.csv"),
        (Format::Brat, "brat.zip"),
    ] {
        let e = export(format, &schema, &c, &CTX).unwrap();
        std::fs::write(dir.join(file), &e.bytes).unwrap();
    }
    std::fs::write(dir.join("links.py"), LINKS).unwrap();
    let out = Command::new("python3")
        .arg(dir.join("links.py"))
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "python failed:\n{stdout}\n{stderr}");
    // 10 values and 4 relations (native); 10 + 4 (spaCy); 10 + 4 (Label Studio); 4 (W3C);
    // 4 (doccano); 13 rows (CSV); brat: 4 R, 4 A, 1 N and 6 notes.
    assert!(stdout.contains("python checked 78 links"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Layers (issue 21): two annotators and the gold layer, as Python reads each format's names.

/// The first corpus with every third span Ana's, Bo's or gold.
fn layered() -> Vec<Rc<DocEntry>> {
    let names = ["Ana", "Bo", marginalia::model::annotators::GOLD];
    corpus()
        .iter()
        .map(|e| {
            let mut e = (**e).clone();
            let spans = e.spans.iter().enumerate().map(|(i, s)| {
                let mut s = (**s).clone();
                s.annotator = Rc::from(names[i % 3]);
                Rc::new(s)
            });
            e.spans = Rc::new(spans.collect());
            Rc::new(e)
        })
        .collect()
}

const LAYERS: &str = r#"
import json, sys, zipfile
d = sys.argv[1]
names = {"Ana", "Bo", "Gold"}
n = 0
def who(name, gold):
    assert name in names and (name == "Gold") == (gold is True), (name, gold)
    return name

seen = set()
for line in open(d + "/spacy.jsonl", encoding="utf-8"):
    doc = json.loads(line)
    name = who(doc["meta"]["annotator"], doc["meta"].get("gold"))
    assert (doc["meta"]["id"], name) not in seen
    seen.add((doc["meta"]["id"], name))
    for s in doc["spans"]:
        assert doc["text"][s["start"]:s["end"]] == s["text"]
        n += 1

for line in open(d + "/doccano.jsonl", encoding="utf-8"):
    doc = json.loads(line)
    who(doc["annotator"], doc.get("gold"))
    u = doc["text"].encode("utf-16-le")
    for e in doc["entities"]:
        assert u[2 * e["start_offset"]:2 * e["end_offset"]].decode("utf-16-le")
        n += 1

for task in json.load(open(d + "/ls.json", encoding="utf-8")):
    for a in task["annotations"]:
        who(a["created_username"], a["ground_truth"] or None)
        assert "completed_by" not in a
        for r in a["result"]:
            v = r["value"]
            assert task["data"]["text"][v["start"]:v["end"]] == v["text"]
            n += 1

for a in json.load(open(d + "/w3c.jsonld", encoding="utf-8"))["first"]["items"]:
    c = a["creator"]
    assert c["type"] == ("Organization" if c["name"] == "Gold" else "Person") and c["name"] in names
    n += 1

z = zipfile.ZipFile(d + "/brat.zip")
folders = {name.split("/")[0] for name in z.namelist() if "/" in name}
assert folders == names, folders
for name in z.namelist():
    if name.endswith(".ann"):
        txt = z.read(name[:-4] + ".txt").decode("utf-8")
        for line in z.read(name).decode("utf-8").splitlines():
            if line.startswith("T"):
                _, middle, shown = line.split("\t")
                ranges = middle.split(" ", 1)[1]
                frags = [tuple(map(int, r.split(" "))) for r in ranges.split(";")]
                assert shown == " ".join(txt[a:b] for a, b in frags), line
                n += 1

print("python checked", n, "layered spans")
"#;

#[test]
fn python_reads_whose_each_span_is() {
    if !python_here() {
        return;
    }
    let c = layered();
    let dir = temp_dir();
    for (format, file) in [
        (Format::SpacyJsonl, "spacy.jsonl"),
        (Format::LabelStudio, "ls.json"),
        (Format::W3c, "w3c.jsonld"),
        (Format::Doccano, "doccano.jsonl"),
        (Format::Brat, "brat.zip"),
    ] {
        let e = export(format, &LabelSchema::default(), &c, &CTX).unwrap();
        std::fs::write(dir.join(file), &e.bytes).unwrap();
    }
    std::fs::write(dir.join("layers.py"), LAYERS).unwrap();
    let out = Command::new("python3")
        .arg(dir.join("layers.py"))
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "python failed:\n{stdout}\n{stderr}");
    // 12 spans in each of spaCy, doccano, Label Studio, W3C and brat.
    assert!(
        stdout.contains("python checked 60 layered spans"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
