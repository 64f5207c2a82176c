//! Sync through a CouchDB database, the pure part: which documents the server holds, what
//! goes into them, how what comes back is read and merged, and what to send. The browser
//! shell (`app::sync`) does the HTTP and feeds this.
//!
//! Server documents (one per article's text, one per article's annotations, one for the
//! labels), each value the one local storage writes (`schema`), so it is versioned and read
//! through the same migrations and checks as stored data:
//! - `text:<id>` — `{_id, marginalia}`: the text and blocks ([`write_text`]), written once (an
//!   article's id is its text's hash, so a text never changes).
//! - `doc:<id>` — `{_id, _rev, marginalia}`: every layer's spans, relations, statuses and
//!   decisions, with the ids deleted from it (tombstones, [`write_doc_bare`]); `{_id, _rev,
//!   removed: true}` once the article was removed.
//! - `labels` — `{_id, _rev, marginalia}`: the label schema and the labels deleted from it.
//!
//! Every change the server brings goes through the one merge ([`incoming`]) with a base:
//! - the server's version this replica last synced, while it is known here (in memory): an
//!   exact three-way merge, so a span changed on both sides is told;
//! - after a reload, a base made from the two versions ([`sync_base`]): of a span that differs
//!   the earlier version is the base (so the later change wins), a span the server deleted is
//!   deleted, a status set here stays unless the server's is set and this one is not.
//!
//! Before a document known only by its hash is sent, it is fetched and merged first, so a
//! replica never writes over a server version it has not merged.

mod book;

use std::collections::HashMap;
use std::rc::Rc;

use crate::codec::json_value::Value;

use super::merge::{incoming, version_key, Incoming, RemoteChange};
use super::schema::{
    read_doc_value, read_schema_value, write_doc_bare, write_schema, write_text, Known, LabelIdSet,
    ReadError, Tombstones,
};
use crate::codec::json_out::JsonWriter;
use crate::model::{Corpus, DocEntry, DocId, LabelSchema, Status};

/// The id of the labels' document.
pub const LABELS: &str = "labels";
/// The hash recorded for a text (never compared: a text never changes).
const TEXT_HASH: &str = "text";
/// The hash recorded for a removed article.
const REMOVED: &str = "removed";

/// The server id of an article's annotations.
pub fn doc_cid(id: &DocId) -> String {
    format!("doc:{}", id.0)
}

/// The server id of an article's text.
pub fn text_cid(id: &DocId) -> String {
    format!("text:{}", id.0)
}

/// The article a server id names, and whether it is its text: `None` for ids not ours.
fn article_of(cid: &str) -> Option<(DocId, bool)> {
    let (id, text) = match cid.strip_prefix("doc:") {
        Some(id) => (id, false),
        None => (cid.strip_prefix("text:")?, true),
    };
    let hex = id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit());
    hex.then(|| (DocId(id.to_owned()), text))
}

/// A hash of a document's content as sent (tombstones left out: they only grow).
pub fn content_hash(entry: &DocEntry) -> String {
    DocId::for_text(&write_doc_bare(entry, &Tombstones::default())).0
}

/// What the book records of an article's content as synced: its hash and, after a dot, the
/// latest time a span of it was changed (its mark). After a reload, a span changed later on
/// both sides is thus told, without the version synced: a span as synced was changed at the
/// mark or before.
fn stamp(entry: &DocEntry) -> String {
    let mark = entry.spans.iter().filter_map(|s| s.updated).max();
    format!("{}.{}", content_hash(entry), mark.unwrap_or(0))
}

/// Whether `stamp` (or a hash alone, as books before the marks recorded) is `entry`'s.
fn stamped(stamp: &str, entry: &DocEntry) -> bool {
    stamp.split('.').next() == Some(&*content_hash(entry))
}

/// How many spans were changed after `mark` both here and on the server, differently.
fn changed_after(mark: u64, local: &DocEntry, remote: &DocEntry) -> usize {
    let remote_at = remote.span_positions();
    let later = |s: &crate::model::Span| s.updated.is_some_and(|t| t > mark);
    local
        .spans
        .iter()
        .filter(|mine| {
            let theirs = remote_at.get(&mine.id).map(|&i| &remote.spans[i]);
            later(mine) && theirs.is_some_and(|t| later(t) && t != *mine)
        })
        .count()
}

fn labels_hash(schema: &LabelSchema) -> String {
    DocId::for_text(&write_schema(schema, &LabelIdSet::default())).0
}

pub use book::{changes, row, Book, Row, MAX_ROWS};

/// The base of a merge from the server when the version last synced is not known here: of
/// each span both sides hold, differently, the earlier version (the later change wins); each
/// span the server deleted, as here (the deletion stands); of each status set on both sides,
/// differently, the earlier in the work (the further one wins), and every other status `New`
/// (a status set on one side only is taken).
pub fn sync_base(local: &DocEntry, remote: &DocEntry) -> DocEntry {
    let remote_at = remote.span_positions();
    let spans = local
        .spans
        .iter()
        .map(
            |mine| match remote_at.get(&mine.id).map(|&i| &remote.spans[i]) {
                Some(theirs) if theirs != mine && version_key(theirs) < version_key(mine) => {
                    Rc::clone(theirs)
                }
                _ => Rc::clone(mine),
            },
        )
        .collect();
    let rank = |s: Status| Status::ALL.iter().position(|&a| a == s);
    let statuses = local
        .statuses
        .iter()
        .filter_map(|(who, mine)| {
            let theirs = remote.status_of(who);
            let earlier = if rank(theirs) < rank(*mine) {
                theirs
            } else {
                *mine
            };
            (theirs != Status::New && theirs != *mine).then(|| (Rc::clone(who), earlier))
        })
        .collect();
    DocEntry {
        spans: Rc::new(spans),
        statuses: Rc::new(statuses),
        decided: Rc::default(),
        ..local.clone()
    }
}

/// What a tab has deleted from a document: the tombstones storage recorded (`recorded`), and
/// what was deleted since storage last saved it (`saved`, its entry as last saved) and is not
/// recorded yet: a round of sync may run between an edit and its save.
pub fn deleted_here(
    recorded: Tombstones,
    saved: Option<&DocEntry>,
    local: Option<&DocEntry>,
) -> Tombstones {
    let mut all = recorded;
    if let (Some(saved), Some(local)) = (saved, local) {
        if !std::ptr::eq(saved, local) {
            all.extend(deleted_since(saved, local));
        }
    }
    all
}

/// `base`, with each span the server deleted as it is here: the deletion wins over a change
/// made here meanwhile (a deletion sticks), where between two tabs the change would.
fn deletions_win(base: &Rc<DocEntry>, local: &DocEntry, deleted: &Tombstones) -> Rc<DocEntry> {
    let gone: Vec<&Rc<crate::model::Span>> = local
        .spans
        .iter()
        .filter(|s| deleted.spans.contains(&s.id))
        .collect();
    if gone.is_empty() {
        return Rc::clone(base);
    }
    let mut spans: Vec<Rc<crate::model::Span>> = base
        .spans
        .iter()
        .filter(|s| !deleted.spans.contains(&s.id))
        .cloned()
        .collect();
    spans.extend(gone.into_iter().cloned());
    crate::model::sort::sort_with(&mut spans, &|a, b| crate::model::Span::text_order(a, b));
    Rc::new(DocEntry {
        spans: Rc::new(spans),
        ..(**base).clone()
    })
}

/// The spans and relations `base` has and `local` does not: deleted here since.
fn deleted_since(base: &DocEntry, local: &DocEntry) -> Tombstones {
    let here = local.span_positions();
    Tombstones {
        spans: base
            .spans
            .iter()
            .filter(|s| here.get(&s.id).is_none())
            .map(|s| s.id.clone())
            .collect(),
        relations: base
            .relations
            .iter()
            .filter(|r| local.relation(&r.id).is_none())
            .map(|r| r.id.clone())
            .collect(),
    }
}

/// How many spans changed differently on both sides since `base`.
fn both_changed(base: &DocEntry, local: &DocEntry, remote: &DocEntry) -> usize {
    let (base_at, remote_at) = (base.span_positions(), remote.span_positions());
    local
        .spans
        .iter()
        .filter(|mine| {
            let b = base_at.get(&mine.id).map(|&i| &base.spans[i]);
            let theirs = remote_at.get(&mine.id).map(|&i| &remote.spans[i]);
            matches!((b, theirs), (Some(b), Some(t)) if b != *mine && b != t && t != *mine)
        })
        .count()
}

/// What a replica holds of a server document's content as last synced: the content, and
/// its tombstones when they are known (`None`: known only by its hash, after a reload).
struct Synced {
    entry: Rc<DocEntry>,
    deleted: Option<Tombstones>,
}

/// Documents to send, as one `_bulk_docs` body.
#[derive(Debug, Default)]
pub struct Outgoing {
    pub body: String,
    /// What each document sent is, in order.
    sent: Vec<Sent>,
    /// Documents to fetch and merge before they can be sent.
    pub fetch: Vec<String>,
}

impl Outgoing {
    pub fn is_empty(&self) -> bool {
        self.sent.is_empty()
    }

    /// How many documents are sent.
    pub fn len(&self) -> usize {
        self.sent.len()
    }
}

#[derive(Debug)]
enum Sent {
    Text(String),
    Doc(String, Rc<DocEntry>, Tombstones),
    Removed(String),
    Labels(Rc<LabelSchema>, LabelIdSet),
    Loser(String, String),
}

/// What the server's changes ask of this replica.
#[derive(Debug, Default)]
pub struct Pull {
    /// To apply in order (each as another tab's change is: `Action::Remote`).
    pub changes: Vec<RemoteChange>,
    /// To tell the user.
    pub notices: Vec<String>,
    /// How many documents came in changed (not this replica's own writes).
    pub changed: usize,
}

/// What this replica knows of the server: the [`Book`] (stored), the content last synced
/// (in memory), and the losing revisions of conflicts to delete.
#[derive(Default)]
pub struct Replica {
    pub book: Book,
    synced: Vec<(String, Synced)>,
    synced_at: HashMap<String, usize>,
    labels: Option<(Rc<LabelSchema>, LabelIdSet)>,
    losers: Vec<(String, String)>,
}

impl Replica {
    pub fn new(book: Book) -> Self {
        Replica {
            book,
            ..Replica::default()
        }
    }

    fn synced(&self, cid: &str) -> Option<&Synced> {
        self.synced_at.get(cid).map(|&i| &self.synced[i].1)
    }

    fn set_synced(&mut self, cid: &str, synced: Synced) {
        match self.synced_at.get(cid) {
            Some(&i) => self.synced[i].1 = synced,
            None => {
                self.synced_at.insert(cid.to_owned(), self.synced.len());
                self.synced.push((cid.to_owned(), synced));
            }
        }
    }

    /// The texts to fetch before [`Replica::pull`] can read `rows`: of articles new here whose
    /// text is not among the rows.
    pub fn texts_needed(&self, corpus: &Corpus, rows: &[Row]) -> Vec<String> {
        let mut needed = Vec::new();
        for r in rows {
            let Some((id, false)) = article_of(&r.cid) else {
                continue;
            };
            let cid = text_cid(&id);
            let here = corpus.entry(&id).is_some() || rows.iter().any(|t| t.cid == cid);
            if !here && !r.body.contains_key("removed") && !needed.contains(&cid) {
                needed.push(cid);
            }
        }
        needed
    }

    /// Merge the server's `rows` (with `others`, the versions in conflict with them, and
    /// `texts`, rows of texts fetched for them) into `corpus`, whose tombstones `deleted`
    /// gives. Rows this replica wrote itself are passed over, unless `fetched` (asked for by
    /// [`Outgoing::fetch`] or a 409: their content is to be learnt).
    pub fn pull(
        &mut self,
        corpus: &Corpus,
        deleted: &dyn Fn(&DocId) -> Tombstones,
        deleted_labels: &LabelIdSet,
        rows: Vec<Row>,
        others: Vec<Row>,
        fetched: bool,
    ) -> Pull {
        let mut pull = Pull::default();
        let mut scratch = corpus.clone();
        let mut texts: Vec<(DocId, Value)> = Vec::new();
        let mut rest = Vec::new();
        for r in rows {
            match article_of(&r.cid) {
                Some((id, true)) => {
                    self.book.set(&r.cid, &r.rev, TEXT_HASH);
                    let mut body = r.body;
                    if let Some(value) = body.get_mut("marginalia").map(Value::take) {
                        texts.push((id, value));
                    }
                }
                _ => rest.push(r),
            }
        }
        for r in rest {
            let conflicts = r.conflicts.clone();
            let own = self.book.rev(&r.cid).is_some_and(|(rev, _)| rev == r.rev);
            if fetched || !own || !conflicts.is_empty() {
                self.pull_row(
                    &mut scratch,
                    deleted,
                    deleted_labels,
                    r,
                    &texts,
                    &mut pull,
                    true,
                );
            }
            for rev in conflicts {
                if let Some(other) = others.iter().find(|o| o.rev == rev) {
                    let cid = other.cid.clone();
                    self.pull_row(
                        &mut scratch,
                        deleted,
                        deleted_labels,
                        other.clone(),
                        &texts,
                        &mut pull,
                        false,
                    );
                    self.losers.push((cid, rev));
                }
            }
        }
        pull
    }

    /// Merge one row into `scratch`; `winner`: it is the document's current revision (what
    /// the next write must name), not a losing one of a conflict.
    #[allow(clippy::too_many_arguments)]
    fn pull_row(
        &mut self,
        scratch: &mut Corpus,
        deleted: &dyn Fn(&DocId) -> Tombstones,
        deleted_labels: &LabelIdSet,
        row: Row,
        texts: &[(DocId, Value)],
        pull: &mut Pull,
        winner: bool,
    ) {
        let Row { cid, rev, body, .. } = row;
        let mut body = body;
        let value = body.get_mut("marginalia").map(Value::take);
        if cid == LABELS {
            let read = value
                .ok_or_else(|| ReadError::Corrupt("it has no labels".into()))
                .and_then(read_schema_value);
            let (remote, remote_deleted) = match read {
                Ok(read) => read,
                Err(e) => return self.refuse(&cid, pull, refused("The labels", &e)),
            };
            self.book.refused.retain(|c| *c != cid);
            let hash = labels_hash(&remote);
            let remote = Rc::new(remote);
            let change = RemoteChange::Schema {
                remote: Rc::clone(&remote),
                base: self.labels.as_ref().map(|(s, _)| Rc::clone(s)),
                remote_deleted: remote_deleted.clone(),
                local_deleted: deleted_labels.clone(),
            };
            if !apply(scratch, change, pull) {
                return self.refuse(&cid, pull, MISFIT.to_owned());
            }
            if winner {
                self.book.set(&cid, &rev, &hash);
                self.labels = Some((remote, remote_deleted));
            }
            return;
        }
        let Some((id, false)) = article_of(&cid) else {
            return;
        };
        let local = scratch.entry(&id).cloned();
        let synced = self.synced(&cid);
        if body.get("removed").and_then(Value::as_bool) == Some(true) {
            let base = match (synced, &local) {
                (Some(s), _) => Some(Rc::clone(&s.entry)),
                (None, Some(l)) => {
                    let known = self.book.rev(&cid).map(|(_, hash)| hash.to_owned());
                    known.is_some_and(|k| stamped(&k, l)).then(|| Rc::clone(l))
                }
                (None, None) => None,
            };
            apply(scratch, RemoteChange::Removed { id, base }, pull);
            if winner {
                self.book.set(&cid, &rev, REMOVED);
                if let Some(&i) = self.synced_at.get(&cid) {
                    self.synced[i].1.deleted = None;
                }
            }
            return;
        }
        let text = texts.iter().find(|(t, _)| *t == id).map(|(_, v)| v.clone());
        let known = local.as_deref().map(|entry| Known {
            entry,
            pages: Vec::new(),
        });
        let read = value
            .ok_or_else(|| ReadError::Corrupt("it has no annotations".into()))
            .and_then(|v| read_doc_value(v, text, known.as_ref()));
        let read = match read {
            Ok(read) if read.entry.doc.id == id => read,
            Ok(_) => {
                let e = ReadError::Corrupt("it is filed under another article".into());
                return self.refuse(&cid, pull, refused("An article", &e));
            }
            Err(e) => return self.refuse(&cid, pull, refused("An article", &e)),
        };
        let remote = read.entry;
        let mut local_deleted = deleted(&id);
        // Deleted here since the last sync, whether or not storage has recorded it yet.
        if let (Some(l), Some(s)) = (&local, synced) {
            local_deleted.extend(deleted_since(&s.entry, l));
        }
        let base = match (&local, synced) {
            (None, _) => None,
            (Some(l), Some(s)) if s.deleted.is_some() => {
                tell_both(pull, &remote, both_changed(&s.entry, l, &remote));
                if let Some(d) = &s.deleted {
                    local_deleted.extend(d.clone());
                }
                Some(deletions_win(&s.entry, l, &read.deleted))
            }
            (Some(l), _) => {
                let mark = self.book.rev(&cid).and_then(|(_, h)| h.split_once('.'));
                if let Some(mark) = mark.and_then(|(_, m)| m.parse().ok()) {
                    tell_both(pull, &remote, changed_after(mark, l, &remote));
                }
                Some(Rc::new(sync_base(l, &remote)))
            }
        };
        if let (Some(l), Some(s)) = (&local, synced) {
            // What the server has again since this replica last synced (a deletion undone on
            // another device) is not kept out by an older tombstone here. (A device writes only
            // after merging the server's version, so a copy that never saw the deletion has
            // lost the span before it writes.)
            let (base_at, here) = (s.entry.span_positions(), l.span_positions());
            for span in remote.spans.iter() {
                if base_at.get(&span.id).is_none()
                    && here.get(&span.id).is_none()
                    && !read.deleted.spans.contains(&span.id)
                {
                    local_deleted.spans.remove(&span.id);
                }
            }
        }
        // An article removed here comes back only when someone changed it since.
        let removed_here =
            local.is_none() && self.book.rev(&cid).is_some_and(|(_, hash)| hash != REMOVED);
        if removed_here {
            pull.notices.push(format!(
                "\u{201c}{}\u{201d} was removed here but changed on another device, so it is back.",
                remote.doc.title
            ));
        }
        self.book.refused.retain(|c| *c != cid);
        let hash = stamp(&remote);
        let remote = Rc::new(remote);
        let change = RemoteChange::Doc {
            remote: (*remote).clone(),
            base,
            remote_deleted: read.deleted.clone(),
            local_deleted,
        };
        if !apply(scratch, change, pull) {
            return self.refuse(&cid, pull, MISFIT.to_owned());
        }
        if winner {
            self.book.set(&cid, &rev, &hash);
            let synced = Synced {
                entry: remote,
                deleted: Some(read.deleted),
            };
            self.set_synced(&cid, synced);
        }
    }

    /// A server document that could not be used: said, and read again at the next round.
    fn refuse(&mut self, cid: &str, pull: &mut Pull, notice: String) {
        if !self.book.refused.iter().any(|c| c == cid) {
            self.book.refused.push(cid.to_owned());
        }
        pull.notices.push(notice);
    }

    /// What to send to bring the server up to date with `corpus` (see the module's notes).
    pub fn outgoing(
        &mut self,
        corpus: &Corpus,
        deleted: &dyn Fn(&DocId) -> Tombstones,
        deleted_labels: &LabelIdSet,
    ) -> Outgoing {
        let mut out = Outgoing::default();
        let mut w = JsonWriter::compact();
        w.begin_object().key("docs").begin_array();
        // The labels first, so an article is never read before its labels.
        let schema = corpus.schema();
        let labels_clean = match (&self.labels, self.book.rev(LABELS)) {
            (Some((s, _)), _) => Rc::ptr_eq(s, schema) || **s == **schema,
            (None, Some((_, hash))) => hash == labels_hash(schema),
            (None, None) => false,
        };
        if labels_clean {
            if self.labels.is_none() {
                self.labels = Some((Rc::clone(schema), LabelIdSet::default()));
            }
        } else {
            let mut gone = deleted_labels.clone();
            if let Some((_, d)) = &self.labels {
                gone.extend(d.iter().cloned());
            }
            for l in schema.labels() {
                gone.remove(&l.id);
            }
            let rev = self.book.rev(LABELS).map(|(rev, _)| rev.to_owned());
            let value = write_schema(schema, &gone);
            server_doc(&mut w, LABELS, rev.as_deref(), &value);
            out.sent.push(Sent::Labels(Rc::clone(schema), gone));
        }
        for entry in corpus.entries().iter() {
            let id = &entry.doc.id;
            let tcid = text_cid(id);
            if self.book.rev(&tcid).is_none() {
                server_doc(&mut w, &tcid, None, &write_text(&entry.doc));
                out.sent.push(Sent::Text(tcid));
            }
            let cid = doc_cid(id);
            let rev = self
                .book
                .rev(&cid)
                .map(|(r, h)| (r.to_owned(), h.to_owned()));
            let (dirty, known) = match (self.synced(&cid), &rev) {
                (Some(s), _) if Rc::ptr_eq(&s.entry, entry) || *s.entry == **entry => (false, true),
                (Some(s), _) => (true, s.deleted.is_some()),
                (None, None) => (true, true),
                (None, Some((_, hash))) if stamped(hash, entry) => {
                    let synced = Synced {
                        entry: Rc::clone(entry),
                        deleted: None,
                    };
                    self.set_synced(&cid, synced);
                    (false, true)
                }
                (None, Some(_)) => (true, false),
            };
            let has_losers = self.losers.iter().any(|(c, _)| *c == cid);
            if (dirty || has_losers) && !known {
                out.fetch.push(cid);
                continue;
            }
            if dirty || has_losers {
                let mut gone = deleted(id);
                if let Some(s) = self.synced(&cid) {
                    gone.extend(deleted_since(&s.entry, entry));
                    if let Some(d) = &s.deleted {
                        gone.extend(d.clone());
                    }
                }
                for s in entry.spans.iter() {
                    gone.spans.remove(&s.id);
                }
                for r in entry.relations.iter() {
                    gone.relations.remove(&r.id);
                }
                let value = write_doc_bare(entry, &gone);
                server_doc(&mut w, &cid, rev.as_ref().map(|(r, _)| r.as_str()), &value);
                out.sent
                    .push(Sent::Doc(cid.clone(), Rc::clone(entry), gone));
            }
        }
        // Losing revisions of conflicts, deleted once their content is merged.
        for (cid, rev) in &self.losers {
            if !out.fetch.contains(cid) {
                w.begin_object()
                    .field("_id", cid)
                    .field("_rev", rev)
                    .key("_deleted")
                    .bool(true)
                    .end_object();
                out.sent.push(Sent::Loser(cid.clone(), rev.clone()));
            }
        }
        // Articles removed here.
        for (cid, rev, hash) in self.book.docs() {
            let Some((id, false)) = article_of(cid) else {
                continue;
            };
            if hash != REMOVED && corpus.entry(&id).is_none() {
                w.begin_object()
                    .field("_id", cid)
                    .field("_rev", rev)
                    .key("removed")
                    .bool(true)
                    .end_object();
                out.sent.push(Sent::Removed(cid.to_owned()));
            }
        }
        w.end_array().end_object();
        out.body = w.finish();
        out
    }

    /// Record the server's answer to `out`: returns the documents to fetch again (written
    /// meanwhile elsewhere: 409) and why writes were refused (no permission, a document too
    /// large: they stay waiting, and the round stops with the first reason).
    pub fn sent(
        &mut self,
        out: Outgoing,
        answer: &Value,
    ) -> Result<(Vec<String>, Vec<String>), String> {
        let results = answer
            .as_array()
            .filter(|r| r.len() == out.sent.len())
            .ok_or("the server's answer to a write does not match it")?;
        let (mut refetch, mut notices) = (Vec::new(), Vec::new());
        for (sent, result) in out.sent.into_iter().zip(results) {
            let rev = result.get("rev").and_then(Value::as_str);
            let error = result.get("error").and_then(Value::as_str);
            match (sent, rev, error) {
                (Sent::Text(cid), Some(rev), _) => self.book.set(&cid, rev, TEXT_HASH),
                // A text already there is the same text: its id is its hash.
                (Sent::Text(cid), None, Some("conflict")) => self.book.set(&cid, "", TEXT_HASH),
                (Sent::Doc(cid, entry, gone), Some(rev), _) => {
                    self.book.set(&cid, rev, &stamp(&entry));
                    let synced = Synced {
                        entry,
                        deleted: Some(gone),
                    };
                    self.set_synced(&cid, synced);
                }
                (Sent::Removed(cid), Some(rev), _) => self.book.set(&cid, rev, REMOVED),
                (Sent::Labels(schema, gone), Some(rev), _) => {
                    self.book.set(LABELS, rev, &labels_hash(&schema));
                    self.labels = Some((schema, gone));
                }
                (Sent::Loser(cid, rev), _, None)
                | (Sent::Loser(cid, rev), _, Some("not_found")) => {
                    self.losers.retain(|(c, r)| *c != cid || *r != rev);
                }
                (Sent::Doc(cid, ..) | Sent::Removed(cid), None, Some("conflict")) => {
                    refetch.push(cid)
                }
                (Sent::Labels(..), None, Some("conflict")) => refetch.push(LABELS.to_owned()),
                (_, _, error) => {
                    // The server's words, shown as text, and not at any length.
                    let reason = result.get("reason").and_then(Value::as_str);
                    let reason: String = reason
                        .or(error)
                        .unwrap_or("no reason given")
                        .chars()
                        .take(200)
                        .collect();
                    notices.push(format!("the server refused a change ({reason})"));
                }
            }
        }
        Ok((refetch, notices))
    }
}

/// `{"_id", "_rev", "marginalia": value}` into a `_bulk_docs` list.
fn server_doc(w: &mut JsonWriter, cid: &str, rev: Option<&str>, value: &str) {
    w.begin_object().field("_id", cid);
    if let Some(rev) = rev {
        w.field("_rev", rev);
    }
    w.key("marginalia").raw(value).end_object();
}

/// Apply a change to the scratch copy and keep it for the app to apply; `false` when it does
/// not fit (then nothing is kept).
/// Tell that `told` spans of `remote` were changed both here and on another device.
fn tell_both(pull: &mut Pull, remote: &DocEntry, told: usize) {
    if told > 0 {
        pull.notices.push(format!(
            "\u{201c}{}\u{201d}: {told} {} changed both here and on another device; the later change was kept.",
            remote.doc.title,
            if told == 1 { "span was" } else { "spans were" }
        ));
    }
}

fn apply(scratch: &mut Corpus, change: RemoteChange, pull: &mut Pull) -> bool {
    match incoming(scratch, change.clone()) {
        Incoming::Apply { edit, .. } => {
            let fits = scratch.apply(*edit).is_ok();
            if fits {
                pull.changed += 1;
                pull.changes.push(change);
            }
            fits
        }
        Incoming::Nothing | Incoming::Cleared => true,
    }
}

const MISFIT: &str = "A change from the server does not fit the annotations here; it was left out, and nothing was changed.";

fn refused(what: &str, e: &ReadError) -> String {
    match e {
        ReadError::Corrupt(why) => {
            format!("{what} from the server could not be used ({why}); nothing was changed.")
        }
        ReadError::Newer(v) => format!(
            "{what} from the server was written by a newer Marginalia (data version {v}); nothing was changed. Update this page to read it."
        ),
    }
}

#[cfg(test)]
mod tests;
