//! Loading files the user opens or drops: read their bytes, then one `Files` action, whose
//! reducer parses them ([`crate::app::parse`]) against the corpus's label schema then.

use wasm_bindgen::JsCast;
use yew::Callback;

use crate::app::parse::{file_kind, MAX_FILE_BYTES};
use crate::app::state::{Action, NoticeKind};

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
