//! The brat standoff export, zipped: a `.txt` and an `.ann` file per document (spans as T
//! lines, split at line breaks; choice attributes as A lines, Wikidata ids as N lines, notes
//! and other text attributes as annotator notes, relations as R lines), with
//! `annotation.conf` and, when a Wikidata id is written, `tools.conf`. With several annotators
//! each has a folder of every document (`Ana/report.txt`, `Ana/report.ann`, `Gold/…`).

use crate::model::set::Set;
use std::rc::Rc;

use super::common::{is_qid, span_text, ExportContext, ExportError, Written};
use super::zip;
use crate::model::text::CpIndex;
use crate::model::words::join;
use crate::model::words::{agree, plural};
use crate::model::{DocEntry, LabelSchema};

/// A file name stem from a title: lower-case ASCII letters and digits, other runs as `-`, at
/// most 40 characters; empty when nothing is left.
fn sanitise(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
            if out.len() >= 40 {
                break;
            }
        } else {
            dash = true;
        }
    }
    out
}

/// `stem`, else `stem-2`, `stem-3`, …: the first name `used` does not hold yet, compared
/// without ASCII case (a file system that ignores case would take two names for one).
fn unique(used: &mut Set<String>, stem: &str) -> String {
    let mut name = stem.to_owned();
    let mut n = 2;
    while !used.insert(name.to_ascii_lowercase()) {
        name = format!("{stem}-{n}");
        n += 1;
    }
    name
}

/// A folder name for an annotator's layer, safe on every file system: their name as people
/// see it (`unnamed`, `Gold`), with `/ \ : * ? " < > |` and control characters as `_`, without
/// dots or spaces at either end, and with a leading `_` on a name Windows reserves (`CON`,
/// `NUL`, `COM1`, …).
fn folder_name(annotator: &str) -> String {
    let name: String = super::common::layer_name(annotator)
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = name.trim_matches(['.', ' ']);
    let device = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let numbered = device.len() == 4
        && (device.starts_with("COM") || device.starts_with("LPT"))
        && device.ends_with(|c: char| c.is_ascii_digit());
    if name.is_empty() {
        "annotator".to_owned()
    } else if numbered || matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL") {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

/// The pieces of `start..end` (code points) between newlines, without empty ones.
fn fragments(idx: &CpIndex, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut piece_start = start;
    for (i, c) in idx.slice(start, end).chars().enumerate() {
        if c == '\n' {
            let at = start + i;
            if at > piece_start {
                pieces.push((piece_start, at));
            }
            piece_start = at + 1;
        }
    }
    if end > piece_start {
        pieces.push((piece_start, end));
    }
    pieces
}

/// Tabs and every character Python's `str.splitlines` breaks a line at (`\n`, `\r`, vertical
/// tab, form feed, the file/group/record separators, NEL, U+2028, U+2029): brat readers split
/// `.ann` files with it, so any of them inside a note would start a forged annotation line.
fn breaks_a_brat_line(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{1C}'
            ..='\u{1E}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// One line of brat: tabs and line breaks of every kind become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if breaks_a_brat_line(c) { ' ' } else { c })
        .collect()
}

/// A brat type name: the label's name with every character other than ASCII letters, digits,
/// `_` and `-` as `_` (brat splits `.ann` fields at spaces).
fn brat_type(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

pub(super) fn brat(
    schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
    ctx: &ExportContext,
) -> Result<Written, ExportError> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut flattened_notes = 0usize;
    let mut dropped = 0usize;
    let mut discontinuous = 0usize;
    let mut tabbed = 0usize;
    let (mut attr_lines, mut wikidata, mut relations_out, mut relations_dropped) = (0, 0, 0, 0);
    // One folder per annotator when there are several (brat finds annotation.conf in a
    // parent folder); the documents at the top when there is one.
    let layers = super::common::layers(entries);
    let mut folders: Set<String> = Set::new();
    for (who, of) in &layers {
        let dir = if layers.len() > 1 {
            format!("{}/", unique(&mut folders, &folder_name(who)))
        } else {
            String::new()
        };
        let mut used: Set<String> = Set::new();
        for entry in of {
            let doc = &entry.doc;
            let idx = CpIndex::new(&doc.text);
            // The T number of each span written, for the lines that point at it.
            let mut t_of: std::collections::HashMap<&str, usize> = Default::default();
            let (mut a_n, mut n_n) = (0usize, 0usize);
            let mut stem = sanitise(&doc.title);
            if stem.is_empty() {
                stem = sanitise(&doc.id.0);
            }
            if stem.is_empty() {
                stem = "document".to_owned();
            }
            let name = format!("{dir}{}", unique(&mut used, &stem));
            let mut ann = String::new();
            let mut t = 0usize;
            let mut note_n = 0usize;
            for s in entry.spans.iter() {
                let slice = span_text(&idx, entry, s)?;
                let pieces = fragments(&idx, s.start, s.end);
                if pieces.is_empty() {
                    dropped += 1;
                    continue;
                }
                if pieces.len() > 1 {
                    discontinuous += 1;
                }
                if slice.chars().any(|c| c != '\n' && breaks_a_brat_line(c)) {
                    tabbed += 1;
                }
                let ranges: Vec<String> = pieces.iter().map(|(a, b)| format!("{a} {b}")).collect();
                let shown: Vec<&str> = pieces.iter().map(|&(a, b)| idx.slice(a, b)).collect();
                let shown = join(&shown, " ");
                if pieces.len() == 1 && shown != slice.trim_matches('\n') {
                    // Cannot happen: one piece is the slice without leading/trailing newlines.
                    dropped += 1;
                    continue;
                }
                t += 1;
                t_of.insert(&s.id.0, t);
                ann.push_str(&format!(
                    "T{t}\t{} {}\t{}\n",
                    brat_type(schema.name_of(&s.label)),
                    join(&ranges, ";"),
                    one_line(&shown)
                ));
                // Choice attributes as A lines, a Wikidata id as an N line, other text values
                // in the note.
                let mut note = s.note.clone();
                for (key, value) in s.attrs.iter() {
                    let choice = matches!(
                        schema.attr(&s.label, key).map(|a| &a.kind),
                        Some(crate::model::AttrKind::Choice(_))
                    );
                    if choice {
                        a_n += 1;
                        attr_lines += 1;
                        ann.push_str(&format!(
                            "A{a_n}\t{} T{t} {}\n",
                            brat_type(key),
                            brat_type(value)
                        ));
                    } else if key == "external_id" && is_qid(value) {
                        n_n += 1;
                        wikidata += 1;
                        let name = s.attrs.get("canonical").unwrap_or(slice);
                        ann.push_str(&format!(
                            "N{n_n}\tReference T{t} Wikidata:{value}\t{}\n",
                            one_line(name)
                        ));
                    } else {
                        if !note.is_empty() {
                            note.push_str(" | ");
                        }
                        note.push_str(key);
                        note.push_str(": ");
                        note.push_str(value);
                    }
                }
                if !note.is_empty() {
                    note_n += 1;
                    let line = one_line(&note);
                    if line != note {
                        flattened_notes += 1;
                    }
                    ann.push_str(&format!("#{note_n}\tAnnotatorNotes T{t}\t{line}\n"));
                }
            }
            let mut r_n = 0usize;
            for r in entry.relations.iter() {
                match (t_of.get(r.from.0.as_str()), t_of.get(r.to.0.as_str())) {
                    (Some(from), Some(to)) => {
                        r_n += 1;
                        relations_out += 1;
                        ann.push_str(&format!(
                            "R{r_n}\t{} Arg1:T{from} Arg2:T{to}\n",
                            r.kind.id()
                        ));
                    }
                    _ => relations_dropped += 1,
                }
            }
            files.push((format!("{name}.txt"), doc.text.as_bytes().to_vec()));
            files.push((format!("{name}.ann"), ann.into_bytes()));
        }
    }
    let mut conf = String::from("[entities]\n");
    for l in schema.labels() {
        conf.push_str(&brat_type(&l.name));
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n");
    for kind in crate::model::RelationKind::ALL {
        let from = schema
            .role_label(kind.from_role())
            .map(|l| brat_type(&l.name));
        let to = match kind.to_role() {
            Some(role) => schema.role_label(role).map(|l| brat_type(&l.name)),
            None => Some("<ENTITY>".to_owned()),
        };
        if let (Some(from), Some(to)) = (from, to) {
            conf.push_str(&format!("{} Arg1:{from}, Arg2:{to}\n", kind.id()));
        }
    }
    conf.push_str("\n[events]\n\n[attributes]\n");
    // One line per choice attribute id, for every label that has it, with every value.
    let mut attrs: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for l in schema.labels() {
        for a in &l.attributes {
            let crate::model::AttrKind::Choice(choices) = &a.kind else {
                continue;
            };
            let id = brat_type(&a.id);
            let at = match attrs.iter().position(|(i, _, _)| *i == id) {
                Some(at) => at,
                None => {
                    attrs.push((id, Vec::new(), Vec::new()));
                    attrs.len() - 1
                }
            };
            let (_, types, values) = &mut attrs[at];
            types.push(brat_type(&l.name));
            for c in choices {
                let c = brat_type(c);
                if !values.contains(&c) {
                    values.push(c);
                }
            }
        }
    }
    for (id, types, values) in attrs {
        if !values.is_empty() {
            conf.push_str(&format!(
                "{id} Arg:{}, Value:{}\n",
                join(&types, "|"),
                join(&values, "|")
            ));
        }
    }
    files.push(("annotation.conf".to_owned(), conf.into_bytes()));
    if wikidata > 0 {
        files.push((
            "tools.conf".to_owned(),
            b"[normalization]\nWikidata\t<URL>:https://www.wikidata.org/, <URLBASE>:https://www.wikidata.org/wiki/%s\n"
                .to_vec(),
        ));
    }
    let mut notes = vec!["Offsets are Unicode code points into each .txt file (UTF-8).".to_owned()];
    if discontinuous > 0 {
        notes.push(format!(
            "{} a line break: written as discontinuous brat spans (one fragment per line).",
            plural(discontinuous, "span crosses", "spans cross")
        ));
    }
    if tabbed > 0 {
        notes.push(format!(
            "{} a tab or a line separator other than \\n, shown as a space in the .ann text \
             column (the offsets are exact).",
            plural(tabbed, "span's text holds", "spans' texts hold")
        ));
    }
    if flattened_notes > 0 {
        notes.push(format!(
            "{} line breaks or tabs, written as spaces.",
            plural(flattened_notes, "note had", "notes had")
        ));
    }
    if dropped > 0 {
        notes.push(format!(
            "{} only line breaks and {} left out.",
            plural(dropped, "span holds", "spans hold"),
            agree(dropped, "was", "were")
        ));
    }
    if attr_lines + wikidata + relations_out > 0 {
        notes.push(
            "Choice attributes are A lines (in values, characters other than ASCII letters, \
             digits and - written as _), Wikidata ids N lines (tools.conf names Wikidata), relations R lines; other text attributes are \
             added to the annotator notes."
                .to_owned(),
        );
    }
    if relations_dropped > 0 {
        notes.push(format!(
            "{} a span that was left out and {} left out too.",
            plural(
                relations_dropped,
                "relation points at",
                "relations point at"
            ),
            agree(relations_dropped, "was", "were")
        ));
    }
    Ok((
        zip::write_zip(&files, zip::dos_time(ctx.exported_at)),
        notes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitised_names() {
        assert_eq!(sanitise("Kyiv 🇺🇦 report: “day 2”"), "kyiv-report-day-2");
        assert_eq!(sanitise("  北京  "), "");
        assert_eq!(sanitise("../../etc/passwd"), "etc-passwd");
        assert_eq!(sanitise(&"a".repeat(100)).len(), 40);
    }

    #[test]
    fn annotator_folders_are_safe_and_apart() {
        use crate::model::annotators::GOLD;
        assert_eq!(folder_name("Þórunn Jónsdóttir"), "Þórunn Jónsdóttir");
        assert_eq!(folder_name(""), "unnamed");
        assert_eq!(folder_name(GOLD), "Gold");
        assert_eq!(folder_name("../../etc"), "_.._etc");
        assert_eq!(folder_name("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(folder_name(" .hidden. "), "hidden");
        assert_eq!(folder_name("..."), "annotator");
        assert_eq!(folder_name("con"), "_con");
        assert_eq!(folder_name("Nul.txt"), "_Nul.txt");
        assert_eq!(folder_name("LPT9"), "_LPT9");
        assert_eq!(folder_name("Connor"), "Connor");
        let mut used = Set::new();
        let names: Vec<String> = ["Ana", "ana", "ANA", "Bo"]
            .iter()
            .map(|n| unique(&mut used, n))
            .collect();
        assert_eq!(names, ["Ana", "ana-2", "ANA-3", "Bo"]);
    }

    #[test]
    fn fragments_split_at_newlines() {
        let t = CpIndex::new("ab\n\ncd\ne");
        let t = &t;
        assert_eq!(fragments(t, 0, 7), vec![(0, 2), (4, 6)]);
        assert_eq!(fragments(t, 0, 8), vec![(0, 2), (4, 6), (7, 8)]);
        assert_eq!(fragments(t, 2, 4), vec![]);
        assert_eq!(fragments(t, 1, 5), vec![(1, 2), (4, 5)]);
    }

    #[test]
    fn brat_lines_break_nowhere_python_would() {
        assert_eq!(
            one_line("a\u{2028}b\u{2029}c\u{85}d\u{1C}e\u{0B}f\u{0C}g\th\r\ni"),
            "a b c d e f g h  i"
        );
        assert_eq!(one_line("\u{202E}bidi\u{2066}"), "\u{202E}bidi\u{2066}");
    }
}
