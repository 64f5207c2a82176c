//! The members of a stored value, read with the message that says which is missing or of the
//! wrong type (`schema`'s readers).

use crate::codec::json_value::{Map, Value};

/// Why a stored value could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Not ours, not JSON, or not the shape this version expects.
    Corrupt(String),
    /// Written by a newer version of Marginalia: never rewrite it.
    Newer(u64),
}

pub(super) fn shape(why: &str) -> ReadError {
    ReadError::Corrupt(format!("unexpected shape ({why})"))
}

/// A string member; `Err` naming the key when it is missing or not a string.
pub(super) fn str_of<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str, ReadError> {
    obj.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| shape(&format!("no text \"{key}\"")))
}

/// A whole number member that fits `usize`.
pub(super) fn uint_of(obj: &Map<String, Value>, key: &str) -> Result<usize, ReadError> {
    obj.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| shape(&format!("no whole number \"{key}\"")))
}

/// An optional whole number member (absent or null is `None`).
pub(super) fn opt_u64_of(obj: &Map<String, Value>, key: &str) -> Result<Option<u64>, ReadError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| shape(&format!("\"{key}\" is not a whole number"))),
    }
}

/// An array member of objects (absent is empty when `optional`).
pub(super) fn objects_of<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    optional: bool,
) -> Result<Vec<&'a Map<String, Value>>, ReadError> {
    match obj.get(key) {
        None if optional => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_object()
                    .ok_or_else(|| shape(&format!("an item of \"{key}\" is not an object")))
            })
            .collect(),
        _ => Err(shape(&format!("no list \"{key}\""))),
    }
}

/// An array member of strings (absent is empty when `optional`).
pub(super) fn strings_of(
    obj: &Map<String, Value>,
    key: &str,
    optional: bool,
) -> Result<Vec<String>, ReadError> {
    match obj.get(key) {
        None if optional => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| shape(&format!("an item of \"{key}\" is not text")))
            })
            .collect(),
        _ => Err(shape(&format!("no list \"{key}\""))),
    }
}
