//! What a replica records of the server across reloads (the [`Book`]), and the server's
//! documents as read ([`Row`], from `_changes` or a `GET`).

use std::collections::HashMap;

use crate::codec::json_value::{Map, Value};
use crate::model::words::join;

/// The most documents one answer may carry (`_changes` asks for fewer).
pub const MAX_ROWS: usize = 1000;

/// What a replica records of the server, kept across reloads: where it syncs, how far it has
/// read the server's changes, how many of its own changes wait, and for each server document
/// the revision last synced and its content's hash then.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Book {
    /// The database's URL.
    pub server: String,
    /// The user signed in with (empty: none).
    pub user: String,
    /// The server's sequence this replica has read the changes up to (empty: none yet).
    pub since: String,
    /// Changes made here since the last sync.
    pub waiting: usize,
    /// Sync runs (false: stopped by the user; the book is kept to start again).
    pub on: bool,
    /// Server documents that could not be used when read: read again at each round until
    /// they can (the changes feed has moved past them).
    pub refused: Vec<String>,
    revs: Vec<(String, String, String)>,
    at: HashMap<String, usize>,
}

impl Book {
    pub fn new(server: &str, user: &str) -> Self {
        Book {
            server: server.to_owned(),
            user: user.to_owned(),
            on: true,
            ..Book::default()
        }
    }

    /// The revision of a server document last synced, and its hash then.
    pub fn rev(&self, cid: &str) -> Option<(&str, &str)> {
        let &i = self.at.get(cid)?;
        let (_, rev, hash) = &self.revs[i];
        Some((rev, hash))
    }

    pub fn set(&mut self, cid: &str, rev: &str, hash: &str) {
        match self.at.get(cid) {
            Some(&i) => {
                self.revs[i].1 = rev.to_owned();
                self.revs[i].2 = hash.to_owned();
            }
            None => {
                self.at.insert(cid.to_owned(), self.revs.len());
                self.revs
                    .push((cid.to_owned(), rev.to_owned(), hash.to_owned()));
            }
        }
    }

    /// How many server documents are recorded.
    pub fn len(&self) -> usize {
        self.revs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.revs.is_empty()
    }

    /// Each server document recorded: its id, revision and hash.
    pub fn docs(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.revs
            .iter()
            .map(|(cid, rev, hash)| (cid.as_str(), rev.as_str(), hash.as_str()))
    }

    /// As stored (`marginalia-sync` in local storage): lines, not JSON (a book is read once and
    /// written at each step, and none of its parts holds a line break or, but for the first
    /// ones, a space): a header, the server, the user, `since`, the changes waiting, `1` when
    /// on, the refused ids, then one line per document: id, revision, hash.
    pub fn write(&self) -> String {
        let mut out = String::from("marginalia-sync 1\n");
        for part in [
            &*self.server,
            &self.user,
            &self.since,
            &self.waiting.to_string(),
        ] {
            out.push_str(part);
            out.push('\n');
        }
        out.push_str(if self.on { "1\n" } else { "0\n" });
        out.push_str(&join(&self.refused, " "));
        for (cid, rev, hash) in &self.revs {
            for (sep, part) in [('\n', cid), (' ', rev), (' ', hash)] {
                out.push(sep);
                out.push_str(part);
            }
        }
        out
    }

    /// Read what [`Book::write`] wrote; `None` when it is not that.
    pub fn read(raw: &str) -> Option<Book> {
        let mut lines = raw.split('\n');
        if lines.next()? != "marginalia-sync 1" {
            return None;
        }
        let mut part = || lines.next().map(str::to_owned);
        let mut book = Book {
            server: part()?,
            user: part()?,
            since: part()?,
            waiting: part()?.parse().ok()?,
            on: part()? == "1",
            ..Book::default()
        };
        book.refused = part()?
            .split(' ')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        for line in lines {
            let mut parts = line.split(' ');
            book.set(parts.next()?, parts.next()?, parts.next()?);
        }
        Some(book)
    }
}

/// A server document as read: its id, revision and body, with the revisions in conflict
/// with it.
#[derive(Clone)]
pub struct Row {
    pub cid: String,
    pub rev: String,
    pub body: Map<String, Value>,
    pub conflicts: Vec<String>,
}

/// A document the server sent (from `_changes` or a `GET`): `None` for one that is not
/// usable as a row (no id or revision; a deleted document, which this app never writes).
pub fn row(doc: Value) -> Option<Row> {
    let Value::Object(body) = doc else {
        return None;
    };
    if body.get("_deleted").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    let cid = body.get("_id")?.as_str()?.to_owned();
    let rev = body.get("_rev")?.as_str()?.to_owned();
    let conflicts = match body.get("_conflicts") {
        Some(Value::Array(revs)) => revs
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    Some(Row {
        cid,
        rev,
        body,
        conflicts,
    })
}

/// A `_changes` answer: its documents and the sequence to read on from. `Err` says what is
/// wrong with it.
pub fn changes(answer: Value) -> Result<(Vec<Row>, String), String> {
    let Value::Object(mut obj) = answer else {
        return Err("the server's list of changes is not an object".into());
    };
    let since = match obj.get("last_seq") {
        Some(Value::String(s)) => s.clone(),
        Some(n) => n
            .as_u64()
            .map(|n| n.to_string())
            .ok_or("the server's list of changes has no valid last_seq")?,
        None => return Err("the server's list of changes has no last_seq".into()),
    };
    // The feed's own answer, or the browser's: the documents others wrote as `_all_docs`
    // gave them (`rows`), with the feed's `last_seq` (dom/sync.rs).
    let key = if obj.get("results").is_some() {
        "results"
    } else {
        "rows"
    };
    let Some(Value::Array(results)) = obj.get_mut(key).map(Value::take) else {
        return Err("the server's list of changes has no results".into());
    };
    if results.len() > MAX_ROWS {
        return Err("the server sent too many changes at once".into());
    }
    let mut rows = Vec::new();
    for mut result in results {
        if let Some(doc) = result.get_mut("doc").map(Value::take) {
            rows.extend(row(doc));
        }
    }
    Ok((rows, since))
}
