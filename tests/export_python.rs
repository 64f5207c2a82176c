#![cfg(not(target_arch = "wasm32"))]
//! The exports as Python reads them: `text[start:end]` for code-point formats, UTF-16 slices
//! for doccano, the `csv` module for CSV and `zipfile` for brat. Skipped (with a message) when
//! `python3` is not installed.

mod common;
use common::*;

use std::path::PathBuf;
use std::process::Command;
use std::rc::Rc;

use marginalia::formats::export::{export, Format};
use marginalia::model::{DocEntry, Span, SpanId, Status};

fn span(id: &str, text: &str, needle: &str, label: &str, note: &str) -> Span {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    Span {
        id: SpanId(id.into()),
        start,
        end: start + needle.chars().count(),
        label: label.into(),
        note: note.into(),
        created: None,
        updated: None,
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
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        println!("python3 is not available: skipping the Python checks of the exports");
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
        let e = export(format, &c, &CTX).unwrap();
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
