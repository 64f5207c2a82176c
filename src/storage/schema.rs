//! The persisted schema: what is written under each key, versioned, with migrations.
//!
//! Keys (one value per document, so an edit writes only that document):
//! - `marginalia:index` — `{schema, version, docs: [id…], active}`: the list order.
//! - `marginalia:schema` — `{schema, version, labels, deleted}`: the label schema (labels with
//!   their attributes) and the ids of labels deleted from it (tombstones, for other tabs).
//!   Absent means the default schema (data of versions 1 and 2, and a corpus whose schema was
//!   never changed since it was migrated).
//! - `marginalia:doc:<id>` — `{schema, version, id, title, source, statuses, decided, spans,
//!   relations, deleted, deleted_relations, saved}` (`statuses`: annotator → status id, each
//!   one not `new`; `decided`: the keys of candidates decided against; both only when not
//!   empty; version 6 and before: one `status` instead; `saved`: when it was written, ms since
//!   the Unix epoch); a span is `{id, start, end, label, note, attrs, created,
//!   updated, annotator}` (`note`, `attrs`, the times and the annotator only when there are
//!   some). A document with many
//!   spans has `pages: [tag…]` instead of `spans` (version 5).
//! - `marginalia:text:<id>` — `{schema, version, id, text, blocks}`: the text, written once.
//! - `marginalia:spans:<id>:<tag>` — `{schema, version, id, page, of, spans}`: page `page` of
//!   the `of` pages of a document's spans (a span is on page `hash32(id) % of`). Each write of a
//!   page takes a new tag, and the document's key, written after its pages, names the tags it
//!   uses: so a save that stops half-way leaves the document as it was, and a page is removed
//!   only once no document key names it (see `persist`).
//! - `marginalia:backup:<time>:<key>` — a value that could not be read, kept as it was.

use crate::model::sort::sort_with;
use std::rc::Rc;

use crate::codec::json_value::{Map, Value};

pub use super::members::ReadError;
use super::members::{objects_of, opt_u64_of, shape, str_of, strings_of, uint_of};
use crate::codec::blocks::write_blocks;
use crate::codec::json_out::JsonWriter;
use crate::codec::labels_json::{labels_from, write_labels};
use crate::codec::progress::write_progress;
use crate::model::annotators::{clean_name, GOLD};
use crate::model::entry::{decided_from, shared_status, statuses_from};

use crate::model::{
    Attrs, Block, BlockKind, DocEntry, DocId, Document, IdSet, LabelSchema, Relation, RelationId,
    RelationIdSet, RelationKind, Span, SpanId, SpanIdSet, Status,
};

pub const SCHEMA: &str = "marginalia";
/// The version this build writes. Every earlier version has a migration and a fixture.
///
/// - 1: the first schema.
/// - 2: spans carry `created` and `updated` times (ms since the Unix epoch). A build that
///   knows only version 1 would drop them when it rewrites a document, so it must see this
///   data as newer and leave it alone.
/// - 3: the label schema is stored (`marginalia:schema`); spans carry attribute values
///   (`attrs`), documents carry relations between their spans (`relations`) and the ids of
///   deleted relations (`deleted_relations`). Version 2 data has none of these and the default
///   schema. A version 2 build would drop them, so it sees this data as newer. (If a later
///   version changes the default schema, its migration from 3 must write the old default where
///   the key is absent.)
/// - 4: a document's text and blocks are stored once under their own key
///   (`marginalia:text:<id>`), apart from its spans, so an edit rewrites only the spans (a
///   1 MB article took ~30 ms to write on every edit). A version 3 document (text inside) still
///   reads as it is and is rewritten split at its next edit; a version 3 build would not find
///   the text of a split document, so it sees this data as newer.
/// - 5: a document with many spans stores them in pages under their own keys
///   (`marginalia:spans:<id>:<tag>`), named by the document's `pages`, so an edit rewrites one
///   page of spans and not all of them (a document with 10,000 spans took ~20 ms to save on
///   every edit). A version 4 document (spans inside) reads as it is; a version 4 build would
///   not find the spans of a paged document, so it sees this data as newer.
/// - 6: a span names its annotator (`annotator`, absent for this browser's annotator before
///   they gave a name): a document holds the layers of several people. Version 5 spans have
///   none, and read as this browser's. A version 5 build would drop the names, so it sees this
///   data as newer.
/// - 7: each annotator has their own status in a document (`statuses`, annotator → status id,
///   replacing the one `status`), and a document keeps the candidates decided against
///   (`decided`). A version 6 document's `status` becomes the status of every annotator with
///   spans in it and of `""` (see [`read_doc_split`]; the app gives it to the named person at
///   this browser too, `persist::Loaded::legacy`). A version 6 build would drop both, so it
///   sees this data as newer.
pub const VERSION: u64 = 7;
pub const PREFIX: &str = "marginalia:";
pub const INDEX_KEY: &str = "marginalia:index";
pub const SCHEMA_KEY: &str = "marginalia:schema";
pub const DOC_PREFIX: &str = "marginalia:doc:";
pub const TEXT_PREFIX: &str = "marginalia:text:";
pub const SPANS_PREFIX: &str = "marginalia:spans:";
pub const BACKUP_PREFIX: &str = "marginalia:backup:";

pub fn doc_key(id: &DocId) -> String {
    format!("{DOC_PREFIX}{id}")
}

/// Where a document's text and blocks are stored (version 4 on).
pub fn text_key(id: &DocId) -> String {
    format!("{TEXT_PREFIX}{id}")
}

/// Where one page of a document's spans is stored (version 5 on).
pub fn page_key(id: &DocId, tag: &str) -> String {
    format!("{SPANS_PREFIX}{id}:{tag}")
}

/// The document id and tag of a page key.
pub fn page_key_parts(key: &str) -> Option<(&str, &str)> {
    key.strip_prefix(SPANS_PREFIX)?.split_once(':')
}

/// A new page tag: the page number, the time it is written (ms since the Unix epoch), a
/// counter and the tab's own random part, so that two writes never share a key.
pub fn page_tag(page: usize, now_ms: u64, seq: u64, tab: &str) -> String {
    format!("{page:x}-{now_ms:x}-{seq:x}{tab}")
}

/// When a page with this tag was written (see [`page_tag`]).
pub fn page_tag_time(tag: &str) -> Option<u64> {
    let mut parts = tag.split('-');
    parts.next()?;
    u64::from_str_radix(parts.next()?, 16).ok()
}

/// Spans a page holds, about: between this and twice this when a document is paged anew.
pub const PAGE_SPANS: usize = 128;

/// How many pages a document with `n` spans stores them in, when it has `current` pages now
/// (0: its spans are inside its key). A document keeps its pages while each holds 32 to 512
/// spans on average, so pages are not redrawn at every add; otherwise it gets the largest
/// power of two that gives each page at least [`PAGE_SPANS`], and none below two pages.
pub fn page_count(n: usize, current: usize) -> usize {
    if current > 0 && n >= current * PAGE_SPANS / 4 && n <= current * PAGE_SPANS * 4 {
        return current;
    }
    let pages = n / PAGE_SPANS;
    if pages < 2 {
        0
    } else {
        1 << pages.ilog2()
    }
}

/// The page a span is stored on, of `pages` (more than 0).
pub fn page_of(id: &SpanId, pages: usize) -> usize {
    id.hash32() as usize % pages
}

pub fn backup_key(stamp: &str, key: &str) -> String {
    format!("{BACKUP_PREFIX}{stamp}:{key}")
}

/// The index as stored: the list order and the open document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredIndex {
    pub docs: Vec<String>,
    pub active: Option<String>,
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
            2 => v2_to_v3(value),
            3 => v3_to_v4(value),
            4 => v4_to_v5(value),
            5 => v5_to_v6(value),
            6 => v6_to_v7(value),
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

/// Version 3 added the schema key, span attributes and relations, all optional: a version 2
/// value reads as one without attributes or relations, so it is unchanged too.
fn v2_to_v3(value: Value) -> Value {
    value
}

/// Version 4 stores the text of a document it writes under its own key; a version 3 document
/// carries its text inside and reads as it is (see [`read_doc_split`]), so it is unchanged.
fn v3_to_v4(value: Value) -> Value {
    value
}

/// Version 5 stores the spans of a document with many of them in pages; a version 4 document
/// carries its spans inside and reads as it is, so it is unchanged.
fn v4_to_v5(value: Value) -> Value {
    value
}

/// Version 6 spans may name their annotator; a version 5 span has none and reads as this
/// browser's annotator's, so the value is unchanged.
fn v5_to_v6(value: Value) -> Value {
    value
}

/// Version 7 documents have `statuses` (per annotator) where version 6 ones had one `status`;
/// that status is given to its annotators when the document is read, once its spans (perhaps
/// in pages) are known ([`read_doc_split`]), so the value is unchanged here.
fn v6_to_v7(value: Value) -> Value {
    value
}

/// What was deleted from a stored document: span and relation ids (tombstones), so other tabs
/// delete them too rather than guessing from their absence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tombstones {
    pub spans: SpanIdSet,
    pub relations: RelationIdSet,
}

impl Tombstones {
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty() && self.relations.is_empty()
    }

    /// Add `other`'s ids.
    pub fn extend(&mut self, other: Tombstones) {
        self.spans.extend(other.spans);
        self.relations.extend(other.relations);
    }
}

/// Ids of labels deleted from the schema.
pub type LabelIdSet = IdSet<String>;

/// Parse and migrate a stored value: the object itself.
fn parse(raw: &str) -> Result<Map<String, Value>, ReadError> {
    let value: Value = crate::codec::json_in::from_str(raw)
        .map_err(|e| ReadError::Corrupt(format!("not JSON ({e})")))?;
    object(value)
}

/// Migrate a parsed value: the object itself.
fn object(value: Value) -> Result<Map<String, Value>, ReadError> {
    match migrate(value)? {
        Value::Object(obj) => Ok(obj),
        _ => Err(shape("it is not an object")),
    }
}

pub fn read_index(raw: &str) -> Result<StoredIndex, ReadError> {
    let obj = parse(raw)?;
    let active = match obj.get("active") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(_) => return Err(shape("\"active\" is not text")),
    };
    Ok(StoredIndex {
        docs: strings_of(&obj, "docs", false)?,
        active,
    })
}

/// The value header every stored value starts with.
fn header(w: &mut JsonWriter) -> &mut JsonWriter {
    w.begin_object()
        .field("schema", SCHEMA)
        .key("version")
        .uint(VERSION)
}

pub fn write_index(ids: &[&DocId], active: Option<&DocId>) -> String {
    let mut w = JsonWriter::compact();
    header(&mut w).key("docs").begin_array();
    for id in ids {
        w.string(&id.0);
    }
    w.end_array()
        .field_opt("active", active.map(|id| id.0.as_str()))
        .end_object();
    w.finish()
}

fn kind_of(block: &Map<String, Value>) -> Option<BlockKind> {
    let text = |key: &str| {
        block
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Some(match block.get("kind").and_then(Value::as_str)? {
        "title" => BlockKind::Title,
        "subheading" => BlockKind::Subheading,
        "bullet" => BlockKind::Bullet,
        "paragraph" => BlockKind::Paragraph,
        "image" => BlockKind::Image {
            alt: text("alt"),
            url: text("url"),
        },
        _ => return None,
    })
}

/// A document in one value, its text inside (how version 3 stored it; still read).
pub fn write_doc(entry: &DocEntry, deleted: &Tombstones) -> String {
    write_doc_value(entry, deleted, true, None, None)
}

/// A document without its text and blocks, which are stored under [`text_key`] by
/// [`write_text`]: what each edit rewrites. With `pages`, the tags of the pages its spans are
/// stored in (written first, by [`write_page`]); without, the spans themselves. `saved_ms`:
/// the time of writing.
pub fn write_doc_spans(
    entry: &DocEntry,
    deleted: &Tombstones,
    pages: Option<&[String]>,
    saved_ms: u64,
) -> String {
    write_doc_value(entry, deleted, false, pages, Some(saved_ms))
}

/// Page `page` of `of` of a document's spans: the spans given, in the order given.
pub fn write_page<'a>(
    id: &DocId,
    page: usize,
    of: usize,
    spans: impl IntoIterator<Item = &'a Span>,
) -> String {
    let mut w = JsonWriter::compact();
    header(&mut w)
        .field("id", &id.0)
        .field_uint("page", page)
        .field_uint("of", of)
        .key("spans")
        .begin_array();
    for s in spans {
        write_span(&mut w, s);
    }
    w.end_array().end_object();
    w.finish()
}

fn write_span(w: &mut JsonWriter, s: &Span) {
    w.begin_object()
        .field("id", &s.id.0)
        .field_uint("start", s.start)
        .field_uint("end", s.end)
        .field("label", &s.label);
    if !s.note.is_empty() {
        w.field("note", &s.note);
    }
    if !s.attrs.is_empty() {
        w.key("attrs").begin_object();
        for (key, value) in s.attrs.iter() {
            w.field(key, value);
        }
        w.end_object();
    }
    for (key, time) in [("created", s.created), ("updated", s.updated)] {
        if let Some(ms) = time {
            w.key(key).uint(ms);
        }
    }
    if !s.annotator.is_empty() {
        w.field("annotator", &s.annotator);
    }
    w.end_object();
}

/// A document's spans, relations and progress, without its text, pages or time of writing:
/// what the sync server holds of it (`storage::couch`).
pub fn write_doc_bare(entry: &DocEntry, deleted: &Tombstones) -> String {
    write_doc_value(entry, deleted, false, None, None)
}

/// A document's text and blocks (stored once; a document's text never changes).
pub fn write_text(doc: &Document) -> String {
    let mut w = JsonWriter::compact();
    header(&mut w)
        .field("id", &doc.id.0)
        .field("text", &doc.text)
        .key("blocks");
    write_blocks(&mut w, &doc.blocks);
    w.end_object();
    w.finish()
}

fn write_doc_value(
    entry: &DocEntry,
    deleted: &Tombstones,
    with_text: bool,
    pages: Option<&[String]>,
    saved_ms: Option<u64>,
) -> String {
    let doc = &entry.doc;
    let mut w = JsonWriter::compact();
    header(&mut w)
        .field("id", &doc.id.0)
        .field("title", &doc.title)
        .field("source", &doc.source);
    if with_text {
        w.field("text", &doc.text).key("blocks");
        write_blocks(&mut w, &doc.blocks);
    }
    write_progress(&mut w, entry);
    match pages {
        Some(tags) => {
            w.key("pages").begin_array();
            for tag in tags {
                w.string(tag);
            }
        }
        None => {
            w.key("spans").begin_array();
            for s in entry.spans.iter() {
                write_span(&mut w, s);
            }
        }
    }
    w.end_array();
    if !entry.relations.is_empty() {
        w.key("relations").begin_array();
        for r in entry.relations.iter() {
            w.begin_object()
                .field("id", &r.id.0)
                .field("kind", r.kind.id())
                .field("from", &r.from.0)
                .field("to", &r.to.0)
                .end_object();
        }
        w.end_array();
    }
    if !deleted.spans.is_empty() {
        w.key("deleted").begin_array();
        for id in &deleted.spans {
            w.string(&id.0);
        }
        w.end_array();
    }
    if !deleted.relations.is_empty() {
        w.key("deleted_relations").begin_array();
        for id in &deleted.relations {
            w.string(&id.0);
        }
        w.end_array();
    }
    if let Some(ms) = saved_ms {
        w.key("saved").uint(ms);
    }
    w.end_object();
    w.finish()
}

/// Attribute values: an object of texts (empty ones are left out).
fn attrs_of(obj: &Map<String, Value>) -> Result<Attrs, ReadError> {
    match obj.get("attrs") {
        None | Some(Value::Null) => Ok(Attrs::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|v| (k.as_str(), v))
                    .ok_or_else(|| shape("an attribute value is not text"))
            })
            .collect(),
        Some(_) => Err(shape("\"attrs\" is not an object")),
    }
}

/// The label schema under [`SCHEMA_KEY`], with the ids of labels deleted from it.
pub fn write_schema(schema: &LabelSchema, deleted: &LabelIdSet) -> String {
    let mut w = JsonWriter::compact();
    header(&mut w).key("labels");
    write_labels(&mut w, schema);
    if !deleted.is_empty() {
        w.key("deleted").begin_array();
        for id in deleted {
            w.string(id);
        }
        w.end_array();
    }
    w.end_object();
    w.finish()
}

/// Read the stored label schema and its tombstones.
pub fn read_schema(raw: &str) -> Result<(LabelSchema, LabelIdSet), ReadError> {
    read_schema_obj(parse(raw)?)
}

/// The label schema as the sync server holds it (the value [`write_schema`] writes).
pub fn read_schema_value(value: Value) -> Result<(LabelSchema, LabelIdSet), ReadError> {
    read_schema_obj(object(value)?)
}

fn read_schema_obj(obj: Map<String, Value>) -> Result<(LabelSchema, LabelIdSet), ReadError> {
    let labels = match obj.get("labels") {
        Some(Value::Array(items)) => items,
        _ => return Err(shape("no list \"labels\"")),
    };
    let schema = labels_from(labels).map_err(ReadError::Corrupt)?;
    let deleted = strings_of(&obj, "deleted", true)?.into_iter().collect();
    Ok((schema, deleted))
}

/// Read one stored document (see [`read_doc_and_tombstones`]).
pub fn read_doc(raw: &str) -> Result<DocEntry, ReadError> {
    read_doc_and_tombstones(raw).map(|(entry, _)| entry)
}

/// Read one stored document whose text and spans are inside it (see [`read_doc_split`]).
pub fn read_doc_and_tombstones(raw: &str) -> Result<(DocEntry, Tombstones), ReadError> {
    read_doc_split(raw, None, |_| Ok(None)).map(|read| (read.entry, read.deleted))
}

/// What a reader already holds of a stored document, used instead of reading it again: its
/// text and blocks (a document's id is its text's hash, so they never change), and the spans
/// of each page whose tag is unchanged (a page is never written over under its key).
pub struct Known<'a> {
    /// The document as last read or written, with exactly the spans of `pages`.
    pub entry: &'a DocEntry,
    /// The tags of the pages its spans are stored in, in page order (empty: inside its key).
    pub pages: Vec<&'a str>,
}

/// A stored document as read.
#[derive(Debug)]
pub struct ReadDoc {
    pub entry: DocEntry,
    /// The ids of its deleted spans and relations.
    pub deleted: Tombstones,
    /// The tags of the pages its spans are stored in, in page order (empty: inside its key).
    pub pages: Vec<String>,
    /// When it was written (version 5 on).
    pub saved: Option<u64>,
    /// The one status a version 6 document (or older) had, given to `""` and to every
    /// annotator with spans in it (`None` for a version 7 document).
    pub legacy_status: Option<Status>,
}

/// Read one stored document and the ids of its deleted spans. Its text and blocks are inside
/// it (version 3 and before), or stored apart (version 4 on); its spans are inside it, or in
/// pages (version 5). `fetch` is asked for the value under a key ([`text_key`], [`page_key`];
/// an `Err` is said as it is; `None`: the value is missing). Blocks must be ordered ranges
/// within the text, the id must be the text's own, and each page must be the document's page
/// it is named as; spans are checked when they enter the corpus.
///
/// With `known` (the same document as read before), its text and the pages whose tags it
/// knows are taken from it instead of asked for: another tab's save of a long document then
/// costs the pages that changed, not the whole document.
pub fn read_doc_split(
    raw: &str,
    known: Option<&Known>,
    mut fetch: impl FnMut(&str) -> Result<Option<String>, String>,
) -> Result<ReadDoc, ReadError> {
    read_doc_obj(parse(raw)?, known, &mut |key| {
        fetch(key).map(|raw| raw.map(|raw| parse(&raw)))
    })
}

/// A document as the sync server holds it (`value`, see `storage::couch`), with its text's
/// value when `known` (the same document here) does not hold the text.
pub fn read_doc_value(
    value: Value,
    text: Option<Value>,
    known: Option<&Known>,
) -> Result<ReadDoc, ReadError> {
    let mut text = text;
    read_doc_obj(object(value)?, known, &mut |_| Ok(text.take().map(object)))
}

/// A key's value, parsed: `Err` when it could not be read, `None` when it is missing.
type Fetched = Result<Option<Result<Map<String, Value>, ReadError>>, String>;

/// [`read_doc_split`] of a parsed value; `fetch` answers a key with its value parsed. (One
/// copy of this reader for storage and sync: `fetch` is not generic.)
fn read_doc_obj(
    obj: Map<String, Value>,
    known: Option<&Known>,
    fetch: &mut dyn FnMut(&str) -> Fetched,
) -> Result<ReadDoc, ReadError> {
    let corrupt = |why: &str| ReadError::Corrupt(why.to_owned());
    let id = str_of(&obj, "id")?;
    let doc_id = DocId(id.to_owned());
    let known = known.filter(|k| k.entry.doc.id == doc_id);
    // The text and blocks: inside, or under their own key, or as known.
    let apart;
    let reused = known.filter(|_| !obj.contains_key("text"));
    let body = if reused.is_some() || obj.contains_key("text") {
        &obj
    } else {
        let parsed_text = match fetch(&text_key(&doc_id)) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => return Err(corrupt("its text is missing")),
            Err(why) => {
                return Err(ReadError::Corrupt(format!(
                    "its text could not be read ({why})"
                )))
            }
        };
        apart = match parsed_text {
            Ok(obj) => obj,
            Err(ReadError::Corrupt(why)) => {
                return Err(ReadError::Corrupt(format!("its text is damaged: {why}")))
            }
            Err(newer) => return Err(newer),
        };
        if apart.get("id").and_then(Value::as_str) != Some(id) {
            return Err(corrupt("its text belongs to another document"));
        }
        &apart
    };
    let text = match reused {
        Some(k) => k.entry.doc.text.as_str(),
        None => str_of(body, "text")?,
    };
    if reused.is_none() && DocId::for_text(text).0 != id {
        return Err(corrupt("its text does not match its id"));
    }
    let deleted = Tombstones {
        spans: strings_of(&obj, "deleted", true)?
            .into_iter()
            .map(SpanId)
            .collect(),
        relations: strings_of(&obj, "deleted_relations", true)?
            .into_iter()
            .map(RelationId)
            .collect(),
    };
    // Byte offset of every code point boundary that a block uses, in one pass.
    let stored_blocks = match reused {
        Some(_) => Vec::new(),
        None => objects_of(body, "blocks", false)?,
    };
    let mut blocks = Vec::with_capacity(stored_blocks.len());
    let total = text.chars().count();
    let mut chars = text.char_indices().enumerate().peekable();
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
        Some(text.len()).filter(|_| cp == total)
    };
    let mut prev_end = 0;
    for b in stored_blocks {
        let kind = kind_of(b).ok_or_else(|| corrupt("a block has an unknown kind"))?;
        let (start, end) = (uint_of(b, "start")?, uint_of(b, "end")?);
        if start < prev_end || start > end {
            return Err(corrupt("its blocks are out of order"));
        }
        let byte_start = byte_at(start).ok_or_else(|| corrupt("a block is outside the text"))?;
        let byte_end = byte_at(end).ok_or_else(|| corrupt("a block is outside the text"))?;
        blocks.push(Block {
            kind,
            start,
            end,
            byte_start,
            byte_end,
        });
        prev_end = end;
    }
    let (statuses, legacy_status) = statuses_of(&obj)?;
    let mut spans: Vec<Rc<Span>> = Vec::new();
    let pages = match obj.get("pages") {
        None => {
            spans_of(&obj, &mut spans)?;
            Vec::new()
        }
        Some(_) => strings_of(&obj, "pages", false)?,
    };
    // The known spans of each page, when the known pages are as many (else every page moved).
    let mut known_pages: Vec<Vec<&Rc<Span>>> = Vec::new();
    if let Some(k) = known.filter(|k| k.pages.len() == pages.len() && !pages.is_empty()) {
        known_pages = vec![Vec::new(); pages.len()];
        for span in k.entry.spans.iter() {
            known_pages[page_of(&span.id, pages.len())].push(span);
        }
    }
    for (i, tag) in pages.iter().enumerate() {
        if let Some(page) = known_pages
            .get(i)
            .filter(|_| known.is_some_and(|k| k.pages[i] == tag))
        {
            spans.extend(page.iter().map(|s| Rc::clone(s)));
            continue;
        }
        let parsed_page = match fetch(&page_key(&doc_id, tag)) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => {
                return Err(ReadError::Corrupt(format!(
                    "page {} of its spans is missing",
                    i + 1
                )))
            }
            Err(why) => {
                return Err(ReadError::Corrupt(format!(
                    "its spans could not be read ({why})"
                )))
            }
        };
        let page = match parsed_page {
            Ok(page) => page,
            Err(ReadError::Corrupt(why)) => {
                return Err(ReadError::Corrupt(format!(
                    "a page of its spans is damaged: {why}"
                )))
            }
            Err(newer) => return Err(newer),
        };
        if page.get("id").and_then(Value::as_str) != Some(id)
            || uint_of(&page, "page")? != i
            || uint_of(&page, "of")? != pages.len()
        {
            return Err(corrupt("a page of its spans belongs elsewhere"));
        }
        let before = spans.len();
        spans_of(&page, &mut spans)?;
        if spans[before..]
            .iter()
            .any(|s| page_of(&s.id, pages.len()) != i)
        {
            return Err(corrupt("a span is on the wrong page"));
        }
    }
    sort_with(&mut spans, &|a, b| Span::text_order(a, b));
    let mut relations = Vec::new();
    for r in objects_of(&obj, "relations", true)? {
        let kind = RelationKind::from_id(str_of(r, "kind")?)
            .ok_or_else(|| corrupt("a relation has an unknown kind"))?;
        relations.push(Relation {
            id: RelationId(str_of(r, "id")?.to_owned()),
            kind,
            from: SpanId::parse(str_of(r, "from")?)
                .ok_or_else(|| corrupt("a relation has an invalid end"))?,
            to: SpanId::parse(str_of(r, "to")?)
                .ok_or_else(|| corrupt("a relation has an invalid end"))?,
        });
    }
    sort_with(&mut relations, &|a, b| a.id.cmp(&b.id));
    let (title, source) = (str_of(&obj, "title")?, str_of(&obj, "source")?);
    let doc = match reused {
        // The same document as known: shared (views compare it by address).
        Some(k) if k.entry.doc.title == title && k.entry.doc.source == source => {
            Rc::clone(&k.entry.doc)
        }
        Some(k) => Rc::new(Document {
            title: title.to_owned(),
            source: source.to_owned(),
            ..(*k.entry.doc).clone()
        }),
        None => Rc::new(Document {
            id: DocId(id.to_owned()),
            title: title.to_owned(),
            source: source.to_owned(),
            text: text.to_owned(),
            blocks,
            marks: Default::default(),
        }),
    };
    let decided = strings_of(&obj, "decided", true)?
        .into_iter()
        .map(Rc::from)
        .collect();
    let statuses = match legacy_status {
        Some(status) => shared_status(status, spans.iter().map(|s| &s.annotator)),
        None => statuses_from(statuses),
    };
    let entry = DocEntry {
        doc,
        spans: Rc::new(spans),
        relations: Rc::new(relations),
        statuses,
        decided: decided_from(decided),
    };
    Ok(ReadDoc {
        entry,
        deleted,
        pages,
        saved: opt_u64_of(&obj, "saved")?,
        legacy_status,
    })
}

/// Each annotator's status as stored, and the one status of an older document.
type ReadStatuses = (Vec<(Rc<str>, Status)>, Option<Status>);

/// The `statuses` of a stored document (an object of annotator → status id; absent: everyone
/// `New`); or, with none, the one `status` of a version 6 document (and before) as `Some`.
fn statuses_of(obj: &Map<String, Value>) -> Result<ReadStatuses, ReadError> {
    let status = |id: &str| Status::from_id(id).ok_or_else(|| shape("unknown status"));
    match obj.get("statuses") {
        None if obj.contains_key("status") => {
            Ok((Vec::new(), Some(status(str_of(obj, "status")?)?)))
        }
        None | Some(Value::Null) => Ok((Vec::new(), None)),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(who, id)| {
                let id = id.as_str().ok_or_else(|| shape("a status is not text"))?;
                Ok((stored_name(who)?, status(id)?))
            })
            .collect::<Result<_, _>>()
            .map(|pairs| (pairs, None)),
        Some(_) => Err(shape("\"statuses\" is not an object")),
    }
}

/// An annotator's name as stored: `""` (this browser's unnamed annotator), [`GOLD`], or a name
/// as [`clean_name`] leaves it; anything else is refused.
fn stored_name(raw: &str) -> Result<Rc<str>, ReadError> {
    if raw.is_empty() || raw == GOLD {
        return Ok(Rc::from(raw));
    }
    clean_name(raw)
        .filter(|name| &**name == raw)
        .ok_or_else(|| shape("an invalid annotator name"))
}

/// A span's annotator: absent for this browser's unnamed annotator (and in data of version 5
/// and before); the gold layer's; a name that is not one as [`clean_name`] leaves it is
/// refused.
fn annotator_of(s: &Map<String, Value>) -> Result<Rc<str>, ReadError> {
    match s.get("annotator") {
        None => Ok(Rc::from("")),
        Some(_) => {
            let raw = str_of(s, "annotator")?;
            stored_name(raw).map_err(|_| shape("a span has an invalid annotator name"))
        }
    }
}

/// The spans listed in `obj`'s `spans`, added to `out`.
fn spans_of(obj: &Map<String, Value>, out: &mut Vec<Rc<Span>>) -> Result<(), ReadError> {
    for s in objects_of(obj, "spans", false)? {
        out.push(Rc::new(Span {
            id: SpanId::parse(str_of(s, "id")?).ok_or_else(|| shape("a span has an invalid id"))?,
            start: uint_of(s, "start")?,
            end: uint_of(s, "end")?,
            label: str_of(s, "label")?.to_owned(),
            note: match s.get("note") {
                None => String::new(),
                Some(_) => str_of(s, "note")?.to_owned(),
            },
            attrs: attrs_of(s)?,
            created: opt_u64_of(s, "created")?,
            updated: opt_u64_of(s, "updated")?,
            annotator: annotator_of(s)?,
        }));
    }
    Ok(())
}
