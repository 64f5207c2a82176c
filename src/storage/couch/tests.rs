//! Replicas syncing through an in-memory stand-in for CouchDB's document API (revisions, 409
//! on a stale one, `_changes` since a sequence, `_conflicts` from a replication), with random
//! interleavings of edits, deletions and syncs on two devices.

use std::rc::Rc;

use proptest::prelude::*;
use serde_json::{json, Value};

/// The fake server's JSON (serde_json) as the app reads JSON.
fn ours(value: Value) -> crate::codec::json_value::Value {
    crate::codec::json_in::from_str(&value.to_string()).unwrap_or_default()
}

use super::*;
use crate::formats::article::parse_article;
use crate::model::{Edit, Span, SpanId};
use crate::storage::backend::MemoryBackend;
use crate::storage::persist::Saver;

/// CouchDB's document API, as far as sync uses it.
/// A server document: id, generation, revision, body, sequence, conflicting versions.
type ServerDoc = (String, u64, String, Value, u64, Vec<(String, Value)>);

#[derive(Default)]
struct Server {
    /// Each document: id, generation, revision, body (without `_id` and `_rev`), the
    /// sequence of its last change, and the revisions in conflict with it (with bodies).
    docs: Vec<ServerDoc>,
    seq: u64,
    /// Writes refused as stale, to check that they happen at all.
    conflicts: usize,
}

impl Server {
    fn find(&self, cid: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.0 == cid)
    }

    fn full(&self, i: usize) -> Value {
        let (cid, _, rev, body, _, others) = &self.docs[i];
        let mut doc = body.clone();
        doc["_id"] = json!(cid);
        doc["_rev"] = json!(rev);
        if !others.is_empty() {
            doc["_conflicts"] = Value::Array(others.iter().map(|(r, _)| json!(r)).collect());
        }
        doc
    }

    fn bulk(&mut self, body: &str) -> Value {
        let body: Value = serde_json::from_str(body).unwrap();
        let mut results = Vec::new();
        for doc in body["docs"].as_array().unwrap() {
            let mut doc = doc.clone();
            let cid = doc["_id"].as_str().unwrap().to_owned();
            let rev = doc.get("_rev").and_then(Value::as_str).map(str::to_owned);
            let obj = doc.as_object_mut().unwrap();
            obj.remove("_id");
            obj.remove("_rev");
            let deleting = obj.remove("_deleted").is_some();
            let at = self.find(&cid);
            // Deleting a losing revision of a conflict.
            if deleting {
                let i = at.unwrap();
                let rev = rev.unwrap();
                let before = self.docs[i].5.len();
                self.docs[i].5.retain(|(r, _)| *r != rev);
                assert!(self.docs[i].5.len() < before, "only losers are deleted");
                results.push(json!({"id": cid, "ok": true, "rev": format!("{rev}-gone")}));
                continue;
            }
            let current = at.map(|i| self.docs[i].2.clone());
            if current != rev {
                self.conflicts += 1;
                results.push(
                    json!({"id": cid, "error": "conflict", "reason": "Document update conflict."}),
                );
                continue;
            }
            self.seq += 1;
            let gen = at.map_or(1, |i| self.docs[i].1 + 1);
            let new_rev = format!("{gen}-{}", self.seq);
            match at {
                Some(i) => {
                    let others = std::mem::take(&mut self.docs[i].5);
                    self.docs[i] = (cid.clone(), gen, new_rev.clone(), doc, self.seq, others)
                }
                None => {
                    self.docs
                        .push((cid.clone(), gen, new_rev.clone(), doc, self.seq, Vec::new()))
                }
            }
            results.push(json!({"id": cid, "ok": true, "rev": new_rev}));
        }
        Value::Array(results)
    }

    fn changes(&self, since: &str) -> Value {
        let since: u64 = since.parse().unwrap_or(0);
        let mut changed: Vec<usize> = (0..self.docs.len())
            .filter(|&i| self.docs[i].4 > since)
            .collect();
        crate::model::sort::sort_with(&mut changed, &|a, b| self.docs[*a].4.cmp(&self.docs[*b].4));
        let results: Vec<Value> = changed
            .iter()
            .map(|&i| json!({"id": self.docs[i].0, "seq": self.docs[i].4, "doc": self.full(i)}))
            .collect();
        json!({"results": results, "last_seq": self.seq})
    }

    fn get(&self, cid: &str) -> Option<Value> {
        self.find(cid).map(|i| self.full(i))
    }

    fn get_rev(&self, cid: &str, rev: &str) -> Option<Value> {
        let i = self.find(cid)?;
        let (_, body) = self.docs[i].5.iter().find(|(r, _)| r == rev)?;
        let mut doc = body.clone();
        doc["_id"] = json!(cid);
        doc["_rev"] = json!(rev);
        Some(doc)
    }

    /// Another server's write of `cid` arrives by replication: the two versions are in
    /// conflict, and the one with the greater revision wins.
    fn replicate_conflict(&mut self, cid: &str, body: Value) {
        let i = self.find(cid).unwrap();
        self.seq += 1;
        let gen = self.docs[i].1;
        let rev = format!("{gen}-zz{}", self.seq);
        let (old_rev, old_body) = (self.docs[i].2.clone(), self.docs[i].3.clone());
        self.docs[i].2 = rev;
        self.docs[i].3 = body;
        self.docs[i].4 = self.seq;
        self.docs[i].5.push((old_rev, old_body));
    }
}

const TEXT: &str = "Title\n\nOne two three four five six seven eight nine ten eleven twelve.";

struct Device {
    corpus: Corpus,
    saver: Saver,
    backend: MemoryBackend,
    replica: Replica,
    told: Vec<String>,
}

impl Device {
    fn new(with_article: bool) -> Device {
        let corpus = if with_article {
            Corpus::new(vec![parse_article(TEXT, "a.txt")])
        } else {
            Corpus::new(Vec::new())
        };
        let mut d = Device {
            corpus,
            saver: Saver::default(),
            backend: MemoryBackend::default(),
            replica: Replica::new(Book::new("http://127.0.0.1:5984/test", "")),
            told: Vec::new(),
        };
        d.save();
        d
    }

    fn save(&mut self) {
        self.saver
            .save(&mut self.backend, &self.corpus, None)
            .unwrap();
    }

    fn doc(&self) -> DocId {
        DocId::for_text(&parse_article(TEXT, "a.txt").text)
    }

    fn edit(&mut self, edit: Edit) -> bool {
        let ok = self.corpus.apply(edit).is_ok();
        self.save();
        ok
    }

    /// What the app does with a pull: apply each change as the reducer does.
    fn take(&mut self, rows: Vec<Row>, server: &Server, fetched: bool) {
        let mut rows = rows;
        for cid in self.replica.texts_needed(&self.corpus, &rows) {
            rows.extend(server.get(&cid).map(ours).and_then(row));
        }
        let others: Vec<Row> = rows
            .iter()
            .flat_map(|r| r.conflicts.iter().map(|rev| (r.cid.clone(), rev.clone())))
            .filter_map(|(cid, rev)| server.get_rev(&cid, &rev).map(ours).and_then(row))
            .collect();
        let (saver, corpus) = (&self.saver, &self.corpus);
        let deleted = |id: &DocId| saver.deleted_now(id, corpus.entry(id).map(|e| &**e));
        let pull = self.replica.pull(
            &self.corpus,
            &deleted,
            &saver.deleted_labels(),
            rows,
            others,
            fetched,
        );
        self.told.extend(pull.notices);
        for change in pull.changes {
            if let Incoming::Apply { edit, .. } = incoming(&self.corpus, change) {
                self.corpus.apply(*edit).unwrap();
            }
        }
        self.save();
    }

    fn sync(&mut self, server: &mut Server) {
        for _ in 0..6 {
            let (rows, since) = changes(ours(server.changes(&self.replica.book.since))).unwrap();
            self.take(rows, server, false);
            self.replica.book.since = since;
            let (saver, corpus) = (&self.saver, &self.corpus);
            let deleted = |id: &DocId| saver.deleted_now(id, corpus.entry(id).map(|e| &**e));
            let out = self
                .replica
                .outgoing(&self.corpus, &deleted, &saver.deleted_labels());
            if !out.fetch.is_empty() {
                let rows = out
                    .fetch
                    .iter()
                    .filter_map(|c| server.get(c))
                    .map(ours)
                    .filter_map(row);
                let rows: Vec<Row> = rows.collect();
                self.take(rows, server, true);
                continue;
            }
            if out.is_empty() {
                return;
            }
            let answer = server.bulk(&out.body);
            let (refetch, notices) = self.replica.sent(out, &ours(answer)).unwrap();
            assert!(notices.is_empty(), "{notices:?}");
            let rows: Vec<Row> = refetch
                .iter()
                .filter_map(|c| server.get(c))
                .map(ours)
                .filter_map(row)
                .collect();
            self.take(rows, server, true);
        }
        panic!("sync did not settle");
    }

    /// A reload: the book survives, what is known in memory does not.
    fn reload(&mut self) {
        let book = Book::read(&self.replica.book.write()).unwrap();
        self.replica = Replica::new(book);
    }

    fn spans(&self) -> Vec<Span> {
        self.corpus
            .entries()
            .iter()
            .flat_map(|e| e.spans.iter().map(|s| (**s).clone()))
            .collect()
    }
}

/// A server, and two devices that both hold the article with one quote, `s1`, synced.
fn synced_pair() -> (Server, Device, Device, DocId) {
    let mut server = Server::default();
    let (mut a, mut b) = (Device::new(true), Device::new(false));
    let doc = a.doc();
    a.edit(Edit::add_span(doc.clone(), span("s1", 0, 5, "quote", 10)));
    a.sync(&mut server);
    b.sync(&mut server);
    (server, a, b, doc)
}

fn span(id: &str, start: usize, end: usize, label: &str, time: u64) -> Span {
    let mut s = Span::test(id, start, end, label);
    s.created = Some(time);
    s.updated = Some(time);
    s
}

#[test]
fn an_article_and_its_spans_reach_another_device() {
    let mut server = Server::default();
    let (mut a, mut b) = (Device::new(true), Device::new(false));
    let doc = a.doc();
    assert!(a.edit(Edit::add_span(doc.clone(), span("s1", 0, 5, "quote", 10))));
    a.sync(&mut server);
    b.sync(&mut server);
    assert_eq!(b.spans(), a.spans());
    assert_eq!(
        b.corpus.entries()[0].doc.text,
        a.corpus.entries()[0].doc.text
    );
    // Three server documents: the labels, the text and the annotations.
    assert_eq!(server.docs.len(), 3);
    // Nothing more to send, and a second sync changes nothing.
    let before = server.seq;
    a.sync(&mut server);
    b.sync(&mut server);
    assert_eq!(server.seq, before);
}

#[test]
fn edits_made_offline_on_both_devices_all_arrive_and_deletions_stick() {
    let mut server = Server::default();
    let (mut a, mut b) = (Device::new(true), Device::new(false));
    let doc = a.doc();
    a.edit(Edit::add_span(doc.clone(), span("s1", 0, 5, "quote", 10)));
    a.edit(Edit::add_span(doc.clone(), span("s2", 7, 10, "claim", 11)));
    a.sync(&mut server);
    b.sync(&mut server);
    // Offline: A deletes s1 and adds s3; B relabels s2 and adds s4.
    a.edit(Edit::delete_span(doc.clone(), SpanId("s1".into())));
    a.edit(Edit::add_span(
        doc.clone(),
        span("s3", 11, 16, "entity", 20),
    ));
    b.edit(Edit::relabel(
        doc.clone(),
        SpanId("s2".into()),
        "entity".into(),
        Some(21),
    ));
    b.edit(Edit::add_span(doc.clone(), span("s4", 17, 21, "quote", 22)));
    a.sync(&mut server);
    b.sync(&mut server);
    a.sync(&mut server);
    let ids = |d: &Device| d.spans().iter().map(|s| s.id.0.clone()).collect::<Vec<_>>();
    assert_eq!(a.spans(), b.spans());
    let mut got = ids(&a);
    got.sort();
    assert_eq!(got, ["s2", "s3", "s4"]);
    assert_eq!(
        a.spans().iter().find(|s| s.id.0 == "s2").unwrap().label,
        "entity"
    );
}

#[test]
fn a_write_over_a_stale_revision_is_merged_and_written_again() {
    let mut server = Server::default();
    let (mut a, mut b) = (Device::new(true), Device::new(false));
    let doc = a.doc();
    a.sync(&mut server);
    b.sync(&mut server);
    b.edit(Edit::add_span(doc.clone(), span("b1", 0, 5, "quote", 20)));
    let saver = &b.saver;
    let out = b
        .replica
        .outgoing(&b.corpus, &|id| saver.deleted(id), &saver.deleted_labels());
    // A writes between B's read and B's write.
    a.edit(Edit::add_span(doc.clone(), span("a1", 7, 10, "claim", 21)));
    a.sync(&mut server);
    let answer = server.bulk(&out.body);
    let (refetch, notices) = b.replica.sent(out, &ours(answer)).unwrap();
    assert!(notices.is_empty());
    assert_eq!(refetch, [doc_cid(&doc)]);
    assert_eq!(server.conflicts, 1);
    b.sync(&mut server);
    a.sync(&mut server);
    assert_eq!(a.spans(), b.spans());
    assert_eq!(a.spans().len(), 2);
}

#[test]
fn a_deletion_storage_has_not_recorded_yet_still_sticks() {
    let (mut server, mut a, mut b, doc) = synced_pair();
    a.edit(Edit::add_span(doc.clone(), span("s2", 7, 10, "claim", 11)));
    a.sync(&mut server);
    // B deletes s1 and syncs before its storage saved the deletion (no tombstone yet).
    b.corpus
        .apply(Edit::delete_span(doc.clone(), SpanId("s1".into())))
        .unwrap();
    let (rows, since) = changes(ours(server.changes(&b.replica.book.since))).unwrap();
    let saver = Saver::default();
    let pull = b.replica.pull(
        &b.corpus,
        &|id| saver.deleted(id),
        &saver.deleted_labels(),
        rows,
        Vec::new(),
        false,
    );
    for change in pull.changes {
        if let Incoming::Apply { edit, .. } = incoming(&b.corpus, change) {
            b.corpus.apply(*edit).unwrap();
        }
    }
    b.replica.book.since = since;
    let ids: Vec<String> = b.spans().iter().map(|s| s.id.0.clone()).collect();
    assert_eq!(ids, ["s2"], "s2 arrives, s1 stays deleted");
    b.save();
    b.sync(&mut server);
    a.sync(&mut server);
    assert_eq!(a.spans(), b.spans());
}

#[test]
fn a_deletion_undone_after_it_synced_comes_back_everywhere() {
    let mut server = Server::default();
    let (mut a, mut b) = (Device::new(true), Device::new(false));
    let doc = a.doc();
    let s1 = span("s1", 0, 5, "quote", 10);
    a.edit(Edit::add_span(doc.clone(), s1.clone()));
    a.sync(&mut server);
    b.sync(&mut server);
    a.edit(Edit::delete_span(doc.clone(), SpanId("s1".into())));
    a.sync(&mut server);
    b.sync(&mut server);
    assert!(b.spans().is_empty(), "deleted on B");
    // Undo on A: the span exactly as it was.
    a.edit(Edit::add_span(doc.clone(), s1));
    a.sync(&mut server);
    b.sync(&mut server);
    a.sync(&mut server);
    assert_eq!(b.spans().len(), 1, "back on B");
    assert_eq!(a.spans(), b.spans());
}

#[test]
fn a_stale_copy_after_a_reload_does_not_bring_a_deletion_back() {
    let (mut server, mut a, mut b, doc) = synced_pair();
    a.edit(Edit::delete_span(doc.clone(), SpanId("s1".into())));
    a.sync(&mut server);
    // B reloads (nothing in memory) and edits its stale copy before it syncs.
    b.reload();
    b.edit(Edit::add_span(doc.clone(), span("s2", 7, 10, "claim", 30)));
    b.sync(&mut server);
    a.sync(&mut server);
    assert_eq!(a.spans(), b.spans());
    assert_eq!(a.spans().len(), 1);
    assert_eq!(a.spans()[0].id.0, "s2");
}

#[test]
fn the_same_span_changed_on_two_devices_ends_the_same_and_is_told() {
    let (mut server, mut a, mut b, doc) = synced_pair();
    a.edit(Edit::relabel(
        doc.clone(),
        SpanId("s1".into()),
        "claim".into(),
        Some(20),
    ));
    b.edit(Edit::relabel(
        doc.clone(),
        SpanId("s1".into()),
        "entity".into(),
        Some(25),
    ));
    a.sync(&mut server);
    b.sync(&mut server);
    a.sync(&mut server);
    assert_eq!(a.spans(), b.spans());
    assert_eq!(a.spans()[0].label, "entity", "the later change");
    assert!(
        b.told
            .iter()
            .any(|t| t.contains("changed both here and on another device")),
        "{:?}",
        b.told
    );
}

#[test]
fn after_a_reload_a_span_changed_on_both_devices_is_told_and_one_changed_on_one_is_not() {
    let (mut server, mut a, mut b, doc) = synced_pair();
    let relabel =
        |label: &str, at| Edit::relabel(doc.clone(), SpanId("s1".into()), label.into(), Some(at));
    // Only A changes it: B, reloaded, takes it without a word.
    a.edit(relabel("claim", 20));
    a.sync(&mut server);
    b.reload();
    b.sync(&mut server);
    assert_eq!(b.spans()[0].label, "claim");
    assert!(b.told.is_empty(), "{:?}", b.told);
    // Both change it; both reload before they sync.
    a.edit(relabel("entity", 30));
    b.edit(relabel("quote", 35));
    a.reload();
    b.reload();
    a.sync(&mut server);
    b.sync(&mut server);
    a.sync(&mut server);
    assert_eq!(a.spans(), b.spans());
    assert_eq!(b.spans()[0].label, "quote", "the later change");
    // B merged the two (A had written first, over the version it had synced).
    assert_eq!(b.told.len(), 1, "{:?}", b.told);
    assert!(b.told[0].contains("1 span was changed both here and on another device"));
    assert!(a.told.is_empty(), "{:?}", a.told);
}

#[test]
fn a_conflict_from_replication_is_merged_and_resolved() {
    let mut server = Server::default();
    let mut a = Device::new(true);
    let doc = a.doc();
    a.edit(Edit::add_span(doc.clone(), span("s1", 0, 5, "quote", 10)));
    a.sync(&mut server);
    // Another server's version, with a span of its own, arrives in conflict.
    let cid = doc_cid(&doc);
    let mut other = a.corpus.entry(&doc).unwrap().as_ref().clone();
    let mut spans: Vec<Rc<Span>> = other.spans.iter().cloned().collect();
    spans.push(Rc::new(span("s9", 7, 10, "claim", 15)));
    other.spans = Rc::new(spans);
    let value: Value =
        serde_json::from_str(&write_doc_bare(&other, &Tombstones::default())).unwrap();
    server.replicate_conflict(&cid, json!({"marginalia": value}));
    a.sync(&mut server);
    assert_eq!(a.spans().len(), 2, "both versions' spans");
    let i = server.find(&cid).unwrap();
    assert!(server.docs[i].5.is_empty(), "nothing left in conflict");
    let on_server = server.get(&cid).unwrap();
    assert_eq!(
        on_server["marginalia"]["spans"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn bad_data_from_the_server_is_refused_and_changes_nothing() {
    let (mut server, _, mut b, doc) = synced_pair();
    let cid = doc_cid(&doc);
    let i = server.find(&cid).unwrap();
    let mut bad = server.docs[i].3.clone();
    bad["marginalia"]["spans"][0]["end"] = json!(100_000);
    bad["_rev"] = json!(server.docs[i].2);
    bad["_id"] = json!(cid);
    let answer = server.bulk(&json!({"docs": [bad]}).to_string());
    assert!(answer[0]["ok"].as_bool().unwrap());
    let before = b.spans();
    let (rows, _) = changes(ours(server.changes(&b.replica.book.since))).unwrap();
    b.take(rows, &server, false);
    assert_eq!(b.spans(), before);
    assert_eq!(
        b.replica.book.refused,
        std::slice::from_ref(&cid),
        "read again at the next round"
    );
    let back = Book::read(&b.replica.book.write()).unwrap();
    assert_eq!(back.refused, b.replica.book.refused);
    assert!(
        b.told
            .iter()
            .any(|t| t.contains("left out") || t.contains("could not be used")),
        "{:?}",
        b.told
    );
    // Not ours, not JSON of ours, too many: refused whole or passed over.
    assert!(changes(ours(json!({"results": "x", "last_seq": 1}))).is_err());
    assert!(changes(ours(json!([1, 2]))).is_err());
    let many: Vec<Value> = (0..=MAX_ROWS).map(|_| json!({})).collect();
    assert!(changes(ours(json!({"results": many, "last_seq": "9-a"}))).is_err());
    let (rows, since) = changes(ours(
        json!({"results": [{"doc": {"_id": "x"}}, {"doc": 3}], "last_seq": "9-a"}),
    ))
    .unwrap();
    assert!(rows.is_empty());
    assert_eq!(since, "9-a");
    // The browser's answer: the documents as `_all_docs` gives them, with the feed's sequence
    // (a deleted or missing one has no document).
    let (rows, since) = changes(ours(json!({
        "total_rows": 3,
        "rows": [
            {"id": "x", "key": "x", "value": {"rev": "2-b"}, "doc": {"_id": "x", "_rev": "2-b", "n": 1}},
            {"key": "gone", "error": "not_found"},
            {"id": "y", "key": "y", "value": {"rev": "3-c", "deleted": true}, "doc": null}
        ],
        "last_seq": "12-z"
    })))
    .unwrap();
    assert_eq!(
        (rows.len(), rows[0].rev.as_str(), since.as_str()),
        (1, "2-b", "12-z")
    );
    let (rows, since) = changes(ours(json!({"rows": [], "last_seq": 12}))).unwrap();
    assert_eq!((rows.len(), since.as_str()), (0, "12"));
    assert!(changes(ours(json!({"rows": [], "last_seq": null}))).is_err());
    let mut c = Device::new(false);
    let row = row(ours(json!({"_id": "doc:0123456789abcdef", "_rev": "1-a", "marginalia": {"schema": "marginalia", "version": 99}}))).unwrap();
    c.take(vec![row], &server, false);
    assert!(c.corpus.is_empty());
    assert!(
        c.told.iter().any(|t| t.contains("newer Marginalia")),
        "{:?}",
        c.told
    );
}

#[test]
fn a_removed_article_stays_removed_unless_changed_elsewhere() {
    let (mut server, mut a, mut b, doc) = synced_pair();
    assert!(a.edit(Edit::delete_document(doc.clone())));
    a.sync(&mut server);
    b.sync(&mut server);
    assert!(b.corpus.is_empty(), "removed on B too");
    a.sync(&mut server);
    assert!(a.corpus.is_empty(), "and not back on A");
}

#[test]
fn the_book_reads_back_and_refuses_what_is_not_a_book() {
    let mut book = Book::new("https://couch.example.org/news", "ada");
    book.since = "12-g1AAAA".into();
    book.waiting = 3;
    book.set("doc:0123456789abcdef", "2-abc", "ff00");
    book.set("labels", "1-x", "00ff");
    book.set("doc:0123456789abcdef", "3-def", "ff01");
    let back = Book::read(&book.write()).unwrap();
    assert_eq!(back.rev("doc:0123456789abcdef"), Some(("3-def", "ff01")));
    assert_eq!(back.len(), 2);
    assert_eq!(back.server, book.server);
    assert_eq!(back.waiting, 3);
    assert!(Book::read("{\"schema\":\"x\"}").is_none());
    assert!(Book::read("not json").is_none());
}

#[test]
fn the_base_after_a_reload_lets_the_later_change_and_every_deletion_win() {
    let a = parse_article(TEXT, "a.txt");
    let mut local = DocEntry::new(a);
    let mut remote = local.clone();
    local.spans = Rc::new(vec![
        Rc::new(span("s1", 0, 5, "quote", 30)),
        Rc::new(span("s2", 7, 10, "claim", 10)),
    ]);
    remote.spans = Rc::new(vec![
        Rc::new(span("s1", 0, 5, "claim", 20)),
        Rc::new(span("s2", 7, 10, "entity", 40)),
    ]);
    let base = sync_base(&local, &remote);
    assert_eq!(
        base.spans[0].label, "claim",
        "remote's earlier s1: mine wins"
    );
    assert_eq!(base.spans[1].label, "claim", "mine is earlier: theirs wins");
    let who: Rc<str> = Rc::from("ada");
    local.put_status(&who, Status::Done);
    remote.put_status(&who, Status::InProgress);
    let base = sync_base(&local, &remote);
    assert_eq!(
        base.status_of("ada"),
        Status::InProgress,
        "the further status wins"
    );
}

#[derive(Clone, Debug)]
enum Op {
    Add(bool, usize, usize, usize),
    Relabel(bool, usize, usize),
    /// Device, span, and whether storage saves it before the next step.
    Delete(bool, usize, bool),
    Sync(bool),
    Reload(bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<bool>(), 0..60usize, 1..8usize, 0..3usize).prop_map(|(d, s, l, k)| Op::Add(d, s, l, k)),
        2 => (any::<bool>(), 0..8usize, 0..3usize).prop_map(|(d, i, k)| Op::Relabel(d, i, k)),
        2 => (any::<bool>(), 0..8usize, any::<bool>()).prop_map(|(d, i, s)| Op::Delete(d, i, s)),
        3 => any::<bool>().prop_map(Op::Sync),
        1 => any::<bool>().prop_map(Op::Reload),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Two devices edit, delete and sync in any order: at the end both hold the same spans,
    /// every span deleted anywhere is gone, every span added and never deleted is there, and
    /// each span has the label of its last relabel.
    #[test]
    fn two_devices_converge_without_losing_work(ops in proptest::collection::vec(op(), 1..40)) {
        let labels = ["quote", "claim", "entity"];
        let mut server = Server::default();
        let mut devices = [Device::new(true), Device::new(false)];
        devices[0].sync(&mut server);
        devices[1].sync(&mut server);
        let doc = devices[0].doc();
        let (mut time, mut next) = (100u64, 0usize);
        let mut deleted: Vec<String> = Vec::new();
        let mut added: Vec<String> = Vec::new();
        let mut last_label: Vec<(String, u64, String)> = Vec::new();
        for op in ops {
            time += 1;
            match op {
                Op::Add(d, start, len, k) => {
                    let id = format!("n{next}");
                    next += 1;
                    let end = (start + len).min(TEXT.chars().count());
                    let dev = &mut devices[usize::from(d)];
                    if dev.corpus.entry(&doc).is_some() && start < end
                        && dev.edit(Edit::add_span(doc.clone(), span(&id, start, end, labels[k], time)))
                    {
                        added.push(id.clone());
                        last_label.push((id, time, labels[k].to_owned()));
                    }
                }
                Op::Relabel(d, i, k) => {
                    let dev = &mut devices[usize::from(d)];
                    let spans = dev.spans();
                    if let Some(s) = spans.get(i).filter(|s| s.label != labels[k]) {
                        if dev.edit(Edit::relabel(doc.clone(), s.id.clone(), labels[k].into(), Some(time))) {
                            last_label.push((s.id.0.clone(), time, labels[k].to_owned()));
                        }
                    }
                }
                Op::Delete(d, i, saved) => {
                    let dev = &mut devices[usize::from(d)];
                    let spans = dev.spans();
                    if let Some(s) = spans.get(i) {
                        let edit = Edit::delete_span(doc.clone(), s.id.clone());
                        let done = if saved { dev.edit(edit) } else { dev.corpus.apply(edit).is_ok() };
                        if done {
                            deleted.push(s.id.0.clone());
                        }
                    }
                }
                Op::Sync(d) => devices[usize::from(d)].sync(&mut server),
                Op::Reload(d) => devices[usize::from(d)].reload(),
            }
        }
        for _ in 0..2 {
            devices[0].sync(&mut server);
            devices[1].sync(&mut server);
        }
        let (a, b) = (devices[0].spans(), devices[1].spans());
        prop_assert_eq!(&a, &b);
        for s in &a {
            prop_assert!(!deleted.contains(&s.id.0), "{} was deleted", s.id.0);
            let last = last_label.iter().filter(|(id, ..)| *id == s.id.0).max_by_key(|(_, t, _)| *t);
            if let Some((_, _, label)) = last {
                prop_assert_eq!(&s.label, label);
            }
        }
        for id in &added {
            prop_assert!(deleted.contains(id) || a.iter().any(|s| s.id.0 == *id), "{} was lost", id);
        }
    }
}
