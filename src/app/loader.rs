//! Loading files the user opens or drops: read them, then one `Files` action, whose reducer
//! decodes and parses them by type against the corpus's label schema (one undo step), with a
//! message for everything that was skipped.

use crate::model::sort::sort_with;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::Callback;

use super::html_import::html_blocks;
use super::ids::new_span_id;
use super::state::{Action, NoticeKind};
use crate::formats::article::parse_article;
use crate::formats::decode::decode_text;
use crate::formats::html::document_from_blocks;
use crate::formats::import::json_docs::parse_json_documents;
use crate::formats::import::native::{import_native_value, native_value};
use crate::model::{DocEntry, LabelSchema, Span};

/// Largest file Marginalia opens (10 MB).
pub const MAX_FILE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// The file types Marginalia opens, for the file input's `accept`.
pub const ACCEPT: &str = ".txt,.md,.markdown,.html,.htm,.json,.jsonl,text/plain,text/markdown,text/html,application/json";

/// Problems of one file shown one by one; the rest are counted in one more notice. With the
/// "Opened 1 article." that follows, that is the 4 notices the header holds
/// (`state::MAX_NOTICES`), so none of them pushes out the first.
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
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("txt" | "md" | "markdown" | "text") | None => Some(FileKind::Text),
        Some("html" | "htm" | "xhtml") => Some(FileKind::Html),
        Some("json" | "jsonl" | "ndjson") => Some(FileKind::Json),
        _ => None,
    }
}

/// What one file gave: entries, messages, and for a Marginalia dataset (to be merged rather
/// than opened) its label schema.
pub type Parsed = (
    Vec<DocEntry>,
    Vec<(NoticeKind, String)>,
    Option<LabelSchema>,
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
                return (import.entries, notices, Some(import.schema));
            }
            Some(Err(message)) => notices.push((NoticeKind::Error, format!("{name}: {message}"))),
            None => {}
        },
        FileKind::Json => match parse_json_documents(text, name, schema, &mut new_span_id) {
            Ok(report) => {
                problem_notices(name, &report.problems, &mut notices);
                for imported in report.docs {
                    let mut spans: Vec<Span> = imported.spans;
                    sort_with(&mut spans, &Span::text_order);
                    let mut entry = DocEntry::new(imported.doc);
                    entry.spans = Rc::new(spans.into_iter().map(Rc::new).collect());
                    entries.push(entry);
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

async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "it could not be read".to_owned())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Read `files`, then dispatch one `Files` (parsed by the reducer, against the label schema
/// the corpus has then).
pub fn load_files(files: Vec<web_sys::File>, dispatch: Callback<Action>) {
    if files.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let mut read = Vec::new();
        let mut notices = Vec::new();
        for file in files {
            let name = file.name();
            let Some(kind) = file_kind(&name) else {
                notices.push((
                    NoticeKind::Error,
                    format!("{name}: Marginalia opens .txt, .md, .html, .json and .jsonl files."),
                ));
                continue;
            };
            if file.size() > MAX_FILE_BYTES {
                notices.push((
                    NoticeKind::Error,
                    format!("{name} is larger than 10 MB, the most Marginalia opens."),
                ));
                continue;
            }
            let bytes = match read_file(&file).await {
                Ok(bytes) => bytes,
                Err(why) => {
                    notices.push((NoticeKind::Error, format!("{name}: {why}.")));
                    continue;
                }
            };
            read.push((name, kind, bytes));
        }
        dispatch.emit(Action::Files {
            files: read,
            notices,
        });
    });
}

/// The files of a file input or a drop.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// Files from an `<input type=file>` change event; clears the input so the same file can be
/// chosen again.
pub fn files_from_input(event: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = files_of(input.files());
    input.set_value("");
    files
}
