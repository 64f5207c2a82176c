//! The persisted schema: what is written under each key, versioned, with migrations.
//!
//! Keys (one value per document, so an edit writes only that document):
//! - `marginalia:index` — `{schema, version, docs: [id…], active}`: the list order.
//! - `marginalia:doc:<id>` — `{schema, version, id, title, source, text, blocks, status, spans}`.
//! - `marginalia:backup:<time>:<key>` — a value that could not be read, kept as it was.

use std::collections::BTreeSet;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Block, BlockKind, DocEntry, DocId, Document, Span, SpanId, Status};

pub const SCHEMA: &str = "marginalia";
/// The version this build writes. Every earlier version has a migration and a fixture.
///
/// - 1: the first schema.
/// - 2: spans carry `created` and `updated` times (ms since the Unix epoch). A build that
///   knows only version 1 would drop them when it rewrites a document, so it must see this
///   data as newer and leave it alone.
pub const VERSION: u64 = 2;
pub const PREFIX: &str = "marginalia:";
pub const INDEX_KEY: &str = "marginalia:index";
pub const DOC_PREFIX: &str = "marginalia:doc:";
pub const BACKUP_PREFIX: &str = "marginalia:backup:";

pub fn doc_key(id: &DocId) -> String {
    format!("{DOC_PREFIX}{id}")
}

pub fn backup_key(stamp: &str, key: &str) -> String {
    format!("{BACKUP_PREFIX}{stamp}:{key}")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredIndex {
    pub schema: String,
    pub version: u64,
    pub docs: Vec<String>,
    #[serde(default)]
    pub active: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBlock {
    pub kind: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSpan {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Milliseconds since the Unix epoch; absent when unknown (version 1 data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDoc {
    pub schema: String,
    pub version: u64,
    pub id: String,
    pub title: String,
    pub source: String,
    pub text: String,
    pub blocks: Vec<StoredBlock>,
    pub status: String,
    pub spans: Vec<StoredSpan>,
    /// Ids of spans deleted from this document (tombstones), so another tab's merge deletes
    /// them too instead of guessing from their absence. Optional: older values lack it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deleted: Vec<String>,
}

/// Why a stored value could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Not ours, not JSON, or not the shape this version expects.
    Corrupt(String),
    /// Written by a newer version of Marginalia: never rewrite it.
    Newer(u64),
}

/// Bring a stored value to the current version. Each arm migrates one version forward; a
/// value from a newer version is refused.
pub fn migrate(mut value: Value) -> Result<Value, ReadError> {
    let schema = value.get("schema").and_then(Value::as_str);
    if schema != Some(SCHEMA) {
        return Err(ReadError::Corrupt("it is not Marginalia data".into()));
    }
    let Some(version) = value.get("version").and_then(Value::as_u64) else {
        return Err(ReadError::Corrupt("it has no version".into()));
    };
    if version > VERSION {
        return Err(ReadError::Newer(version));
    }
    // One version at a time, each with a frozen fixture in tests/fixtures/storage/.
    for from in version..VERSION {
        value = match from {
            1 => v1_to_v2(value),
            _ => return Err(ReadError::Corrupt(format!("unknown version {from}"))),
        };
    }
    if let Some(obj) = value.as_object_mut() {
        obj.insert("version".into(), Value::from(VERSION));
    }
    Ok(value)
}

/// Version 2 added optional span times; version 1 spans have none (unknown), so the value
/// itself is unchanged.
fn v1_to_v2(value: Value) -> Value {
    value
}

fn parse<T: for<'de> Deserialize<'de>>(raw: &str) -> Result<T, ReadError> {
    let value: Value =
        serde_json::from_str(raw).map_err(|e| ReadError::Corrupt(format!("not JSON ({e})")))?;
    let value = migrate(value)?;
    serde_json::from_value(value).map_err(|e| ReadError::Corrupt(format!("unexpected shape ({e})")))
}

pub fn read_index(raw: &str) -> Result<StoredIndex, ReadError> {
    parse(raw)
}

pub fn write_index(ids: &[&DocId], active: Option<&DocId>) -> String {
    let index = StoredIndex {
        schema: SCHEMA.into(),
        version: VERSION,
        docs: ids.iter().map(|id| id.0.clone()).collect(),
        active: active.map(|id| id.0.clone()),
    };
    serde_json::to_string(&index).unwrap_or_default()
}

fn kind_of(block: &StoredBlock) -> Option<BlockKind> {
    Some(match block.kind.as_str() {
        "title" => BlockKind::Title,
        "subheading" => BlockKind::Subheading,
        "bullet" => BlockKind::Bullet,
        "paragraph" => BlockKind::Paragraph,
        "image" => BlockKind::Image {
            alt: block.alt.clone().unwrap_or_default(),
            url: block.url.clone().unwrap_or_default(),
        },
        _ => return None,
    })
}

pub fn write_doc(entry: &DocEntry, deleted: &BTreeSet<SpanId>) -> String {
    let doc = &entry.doc;
    let stored = StoredDoc {
        schema: SCHEMA.into(),
        version: VERSION,
        id: doc.id.0.clone(),
        title: doc.title.clone(),
        source: doc.source.clone(),
        text: doc.text.clone(),
        blocks: doc
            .blocks
            .iter()
            .map(|b| {
                let (alt, url) = match &b.kind {
                    BlockKind::Image { alt, url } => (Some(alt.clone()), Some(url.clone())),
                    _ => (None, None),
                };
                StoredBlock {
                    kind: b.kind.name().into(),
                    start: b.start,
                    end: b.end,
                    alt,
                    url,
                }
            })
            .collect(),
        status: entry.status.id().into(),
        spans: entry
            .spans
            .iter()
            .map(|s| StoredSpan {
                id: s.id.0.clone(),
                start: s.start,
                end: s.end,
                label: s.label.clone(),
                note: s.note.clone(),
                created: s.created,
                updated: s.updated,
            })
            .collect(),
        deleted: deleted.iter().map(|id| id.0.clone()).collect(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// Read one stored document (see [`read_doc_and_tombstones`]).
pub fn read_doc(raw: &str) -> Result<DocEntry, ReadError> {
    read_doc_and_tombstones(raw).map(|(entry, _)| entry)
}

/// Read one stored document and the ids of its deleted spans. Blocks must be ordered ranges
/// within the text and the id must be the text's own; spans are checked when they enter the
/// corpus.
pub fn read_doc_and_tombstones(raw: &str) -> Result<(DocEntry, BTreeSet<SpanId>), ReadError> {
    let stored: StoredDoc = parse(raw)?;
    let deleted: BTreeSet<SpanId> = stored.deleted.iter().cloned().map(SpanId).collect();
    let corrupt = |why: &str| ReadError::Corrupt(why.to_owned());
    if DocId::for_text(&stored.text).0 != stored.id {
        return Err(corrupt("its text does not match its id"));
    }
    // Byte offset of every code point boundary that a block uses, in one pass.
    let mut blocks = Vec::with_capacity(stored.blocks.len());
    let total = stored.text.chars().count();
    let mut chars = stored.text.char_indices().enumerate().peekable();
    let mut byte_at = |cp: usize| -> Option<usize> {
        while let Some((i, (b, _))) = chars.peek().copied() {
            if i == cp {
                return Some(b);
            }
            if i > cp {
                return None;
            }
            chars.next();
        }
        Some(stored.text.len()).filter(|_| cp == total)
    };
    let mut prev_end = 0;
    for b in &stored.blocks {
        let kind = kind_of(b).ok_or_else(|| corrupt("a block has an unknown kind"))?;
        if b.start < prev_end || b.start > b.end {
            return Err(corrupt("its blocks are out of order"));
        }
        let byte_start = byte_at(b.start).ok_or_else(|| corrupt("a block is outside the text"))?;
        let byte_end = byte_at(b.end).ok_or_else(|| corrupt("a block is outside the text"))?;
        blocks.push(Block {
            kind,
            start: b.start,
            end: b.end,
            byte_start,
            byte_end,
        });
        prev_end = b.end;
    }
    let status = Status::from_id(&stored.status).ok_or_else(|| corrupt("unknown status"))?;
    let mut spans: Vec<Span> = stored
        .spans
        .into_iter()
        .map(|s| Span {
            id: SpanId(s.id),
            start: s.start,
            end: s.end,
            label: s.label,
            note: s.note,
            created: s.created,
            updated: s.updated,
        })
        .collect();
    spans.sort_by(Span::text_order);
    let entry = DocEntry {
        doc: Rc::new(Document {
            id: DocId(stored.id),
            title: stored.title,
            source: stored.source,
            text: stored.text,
            blocks,
        }),
        spans: Rc::new(spans),
        status,
    };
    Ok((entry, deleted))
}
