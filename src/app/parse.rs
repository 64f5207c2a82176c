//! What a file the user opens becomes: decoded, parsed by type (text, HTML, JSON), matched
//! against the corpus's label schema, with a message for everything skipped. A Marginalia
//! dataset is told apart, to be merged rather than opened. No reading from disk here (that is
//! `loader.rs`); HTML goes through the browser's parser (`html_import.rs`).

use std::rc::Rc;

use crate::app::dom::html_import::html_blocks;
use crate::app::dom::ids::new_span_id;
use crate::app::state::notice::NoticeKind;
use crate::formats::article::parse_article;
use crate::formats::decode::decode_text;
use crate::formats::html::document_from_blocks;
use crate::formats::import::json_docs::parse_json_documents;
use crate::formats::import::native::{import_native_value, native_value};
use crate::model::find::last_ascii;
use crate::model::sort::sort_with;
use crate::model::{DocEntry, LabelSchema, Span};

/// Largest file Marginalia opens (10 MB).
pub const MAX_FILE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// The file types Marginalia opens, for the file input's `accept`.
pub const ACCEPT: &str = ".txt,.md,.markdown,.html,.htm,.json,.jsonl,text/plain,text/markdown,text/html,application/json";

/// Problems of one file shown one by one; the rest are counted in one more notice. With the
/// "Opened 1 article." that follows, that is the 4 notices the header holds
/// (`state::notice::MAX_NOTICES`), so none of them pushes out the first.
const SHOWN_PROBLEMS: usize = 2;

/// A notice for each of a file's problems, or for the first [`SHOWN_PROBLEMS`] and one that
/// counts the rest.
fn problem_notices(name: &str, problems: &[String], notices: &mut Vec<(NoticeKind, String)>) {
    let shown = if problems.len() <= SHOWN_PROBLEMS + 1 {
        problems.len()
    } else {
        SHOWN_PROBLEMS
    };
    for problem in &problems[..shown] {
        notices.push((NoticeKind::Error, format!("{name}: {problem}")));
    }
    if shown < problems.len() {
        notices.push((
            NoticeKind::Error,
            format!(
                "{name}: {} more problems were skipped.",
                problems.len() - shown
            ),
        ));
    }
}

/// What a file's name says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Text,
    Html,
    Json,
}

pub fn file_kind(name: &str) -> Option<FileKind> {
    let ext = last_ascii(name, b'.').map(|at| name[at + 1..].to_ascii_lowercase());
    match ext.as_deref() {
        Some("txt" | "md" | "markdown" | "text") | None => Some(FileKind::Text),
        Some("html" | "htm" | "xhtml") => Some(FileKind::Html),
        Some("json" | "jsonl" | "ndjson") => Some(FileKind::Json),
        _ => None,
    }
}

/// What one file gave: entries, messages, and for a Marginalia dataset or another tool's file
/// that names its annotators (to be merged rather than opened) the label schema to merge with
/// and when the file was made (when it says).
pub type Parsed = (
    Vec<DocEntry>,
    Vec<(NoticeKind, String)>,
    Option<(LabelSchema, Option<crate::model::import::Made>)>,
);

/// Entries and messages from one file's text, and whether it was a Marginalia dataset (see
/// [`Parsed`]). Other tools' labels are matched against `schema`, the corpus's.
pub fn parse_file(name: &str, kind: FileKind, text: &str, schema: &LabelSchema) -> Parsed {
    let mut notices = Vec::new();
    let mut entries = Vec::new();
    // A Marginalia dataset is merged; anything else opens as new articles.
    let native = if kind == FileKind::Json {
        native_value(text)
    } else {
        None
    };
    match kind {
        FileKind::Text => {
            let doc = parse_article(text, name);
            if doc.blocks.is_empty() {
                notices.push((NoticeKind::Error, format!("{name} is empty.")));
            } else {
                entries.push(DocEntry::new(doc));
            }
        }
        FileKind::Html => match html_blocks(text) {
            Some((title, blocks)) if !blocks.is_empty() => {
                entries.push(DocEntry::new(document_from_blocks(
                    title.as_deref(),
                    &blocks,
                    name,
                )));
            }
            _ => notices.push((
                NoticeKind::Error,
                format!("{name} has no text to annotate."),
            )),
        },
        FileKind::Json if native.is_some() => match native.map(import_native_value) {
            Some(Ok(import)) => {
                problem_notices(name, &import.problems, &mut notices);
                return (import.entries, notices, Some((import.schema, import.made)));
            }
            Some(Err(message)) => notices.push((NoticeKind::Error, format!("{name}: {message}"))),
            None => {}
        },
        FileKind::Json => match parse_json_documents(text, name, schema, &mut new_span_id) {
            Ok(report) => {
                problem_notices(name, &report.problems, &mut notices);
                // A file that names its annotators is merged like a dataset, each layer kept
                // (`merge_dataset`); one that names nobody opens as new articles.
                let named = report
                    .docs
                    .iter()
                    .any(|d| d.spans.iter().any(|s| !s.annotator.is_empty()));
                for imported in report.docs {
                    let mut spans: Vec<Span> = imported.spans;
                    sort_with(&mut spans, &Span::text_order);
                    let mut entry = DocEntry::new(imported.doc);
                    entry.spans = Rc::new(spans.into_iter().map(Rc::new).collect());
                    entries.push(entry);
                }
                if named {
                    return (entries, notices, Some((schema.clone(), None)));
                }
            }
            Err(message) => notices.push((NoticeKind::Error, format!("{name}: {message}"))),
        },
    }
    (entries, notices, None)
}

/// A file's bytes as [`parse_file`] reads them, after decoding: binary data is refused and a
/// text that is not UTF-8 says which encoding was assumed. Pure, so the messages the user sees
/// are tested natively (and fuzzed).
pub fn parse_bytes(name: &str, kind: FileKind, bytes: &[u8], schema: &LabelSchema) -> Parsed {
    match decode_text(bytes) {
        Ok(decoded) => {
            let mut notices = Vec::new();
            if let Some(encoding) = decoded.assumed {
                notices.push((
                    NoticeKind::Info,
                    format!("{name} is not UTF-8; it was read as {encoding}."),
                ));
            }
            let (entries, said, dataset) = parse_file(name, kind, &decoded.text, schema);
            notices.extend(said);
            (entries, notices, dataset)
        }
        Err(why) => (
            Vec::new(),
            vec![(NoticeKind::Error, format!("{name}: {why}"))],
            None,
        ),
    }
}
