//! IndexedDB as the store of record with localStorage as the journal (`storage::outbox`),
//! against an in-memory IndexedDB whose transactions can fail, and a localStorage with a quota.
//! The property that matters: whatever fails and whenever the tab dies, the next start shows
//! every change that was saved.

mod common;
use common::plain_span as span;

use std::collections::BTreeMap;

use marginalia::formats::article::parse_article;
use marginalia::model::{Corpus, DocId, Edit, SpanId, Workspace};
use marginalia::samples::sample_documents;
use marginalia::storage::backend::{Backend, MemoryBackend};
use marginalia::storage::outbox::{
    copied_exactly, finish_migration, journal_key, legacy_records, read_entry, read_journal,
    write_entry, write_journal, Batch, IdbStore, Mirror, Outbox, Write, JOURNAL_PREFIX,
    MIGRATED_KEY,
};
use marginalia::storage::persist::{load_at, Saver};
use marginalia::storage::schema::{BACKUP_PREFIX, TEXT_PREFIX, VERSION};
use proptest::prelude::*;

/// IndexedDB's one object store, committing whole transactions or none.
#[derive(Default)]
struct FakeDb {
    map: BTreeMap<String, String>,
}

impl FakeDb {
    /// One read-write transaction: all of `writes`, or (failing) nothing.
    fn commit(&mut self, writes: &[Write], fail: bool) -> bool {
        if fail {
            return false;
        }
        for (key, value) in writes {
            match value {
                Some(v) => self.map.insert(key.clone(), v.clone()),
                None => self.map.remove(key),
            };
        }
        true
    }
}

/// A tab: what it shows, its saver and its IndexedDB side.
struct Tab {
    ws: Workspace,
    saver: Saver,
    store: IdbStore,
}

/// Start a tab as the app does: read IndexedDB, replay the journal, load.
fn start(db: &FakeDb, local: &mut MemoryBackend, tab: &str) -> (Tab, Vec<String>) {
    let (mut store, mut problems) = IdbStore::reopen(db.map.clone(), Some(local), tab, "t");
    let loaded = load_at(&mut store.mirror, "t", 0);
    problems.extend(loaded.problems.iter().cloned());
    let saver = Saver::after_load(
        &loaded.corpus,
        loaded.active.as_ref(),
        loaded.tombstones.clone(),
        loaded.deleted_labels.clone(),
        &loaded.sizes,
    );
    // A load may write (a backup of a corrupt value): that goes out like a save.
    store.saved(Some(local), 1);
    let ws = if loaded.found {
        Workspace::from_corpus(loaded.corpus, loaded.active)
    } else {
        Workspace::new(Vec::new())
    };
    (Tab { ws, saver, store }, problems)
}

impl Tab {
    /// Save to the mirror, then journal and queue it (`now` names the journal entry).
    fn save(&mut self, local: &mut MemoryBackend, now: u64) -> Vec<Write> {
        self.saver
            .save(
                &mut self.store.mirror,
                self.ws.corpus(),
                self.ws.active_id(),
            )
            .expect("the mirror never refuses");
        self.store.saved(Some(local), now)
    }

    /// Run one transaction, if one is due.
    fn commit(&mut self, db: &mut FakeDb, local: &mut MemoryBackend, fail: bool) {
        if let Some(writes) = self.store.outbox.start() {
            let ok = db.commit(&writes, fail);
            self.store.finished(Some(local), ok);
        }
    }
}

fn span_count(corpus: &Corpus) -> usize {
    corpus.entries().iter().map(|e| e.spans.len()).sum()
}

fn journal_keys(local: &MemoryBackend) -> Vec<String> {
    local
        .map
        .keys()
        .filter(|k| k.starts_with(JOURNAL_PREFIX))
        .cloned()
        .collect()
}

fn w(key: &str, value: Option<&str>) -> Write {
    (key.to_owned(), value.map(str::to_owned))
}

#[test]
fn the_mirror_hands_over_one_write_per_key_in_the_order_of_the_last_writes() {
    let mut mirror = Mirror::new([("marginalia:doc:a".to_owned(), "old".to_owned())]);
    mirror.set("marginalia:spans:a:1", "p1").unwrap();
    mirror.set("marginalia:doc:a", "v1").unwrap();
    mirror.set("marginalia:spans:a:2", "p2").unwrap();
    mirror.remove("marginalia:spans:a:1").unwrap();
    mirror.set("marginalia:doc:a", "v2").unwrap();
    assert_eq!(
        mirror.take(),
        vec![
            w("marginalia:spans:a:2", Some("p2")),
            w("marginalia:spans:a:1", None),
            w("marginalia:doc:a", Some("v2")),
        ]
    );
    assert!(mirror.take().is_empty());
    assert_eq!(
        mirror.get("marginalia:doc:a").unwrap().as_deref(),
        Some("v2")
    );
    // Another tab's writes are applied, not handed over again.
    mirror.apply_remote(&[
        w("marginalia:doc:b", Some("x")),
        w("marginalia:doc:a", None),
    ]);
    assert!(mirror.take().is_empty());
    let mut keys = mirror.keys().unwrap();
    keys.sort();
    assert_eq!(keys, vec!["marginalia:doc:b", "marginalia:spans:a:2"]);
}

#[test]
fn a_journal_entry_reads_back_exactly_and_refuses_what_is_not_a_record() {
    let writes = vec![
        w("marginalia:doc:a", Some("{\"q\":\"“x” \\\\ \n\t\u{1}🇺🇦\"}")),
        w("marginalia:spans:a:1", None),
    ];
    assert_eq!(read_entry(&write_entry(&writes)).unwrap(), writes);
    assert_eq!(read_entry(&write_entry(&[])).unwrap(), vec![]);
    for (raw, why) in [
        ("not json", "expected"),
        (
            r#"{"schema":"marginalia","version":1,"writes":[]}"#,
            "not a journal entry",
        ),
        (
            r#"{"schema":"marginalia-journal","version":2,"writes":[]}"#,
            "another version",
        ),
        (
            r#"{"schema":"marginalia-journal","version":1}"#,
            "no writes",
        ),
        (
            r#"{"schema":"marginalia-journal","version":1,"writes":[["marginalia:doc:a"]]}"#,
            "pair",
        ),
        (
            r#"{"schema":"marginalia-journal","version":1,"writes":[["other:key","v"]]}"#,
            "not a stored record",
        ),
        (
            r#"{"schema":"marginalia-journal","version":1,"writes":[["marginalia:view","v"]]}"#,
            "not a stored record",
        ),
        (
            r#"{"schema":"marginalia-journal","version":1,"writes":[["marginalia:journal:1","v"]]}"#,
            "not a stored record",
        ),
        (
            r#"{"schema":"marginalia-journal","version":1,"writes":[["marginalia:doc:a",3]]}"#,
            "not a string",
        ),
    ] {
        let err = read_entry(raw).unwrap_err();
        assert!(err.contains(why), "{raw}: {err}");
    }
}

#[test]
fn a_journal_too_big_for_local_storage_leaves_the_texts_out_then_itself() {
    let text = "t".repeat(4_000);
    let writes = vec![
        w(&format!("{TEXT_PREFIX}a"), Some(&text)),
        w("marginalia:doc:a", Some("{}")),
    ];
    let mut roomy = MemoryBackend::default();
    let key = journal_key(1, "tab", 1);
    assert_eq!(
        write_journal(&mut roomy, key.clone(), &writes),
        Some(key.clone())
    );
    assert_eq!(read_entry(&roomy.map[&key]).unwrap(), writes);

    let mut tight = MemoryBackend {
        quota: Some(2_000),
        ..Default::default()
    };
    assert_eq!(
        write_journal(&mut tight, key.clone(), &writes),
        Some(key.clone())
    );
    assert_eq!(read_entry(&tight.map[&key]).unwrap(), writes[1..].to_vec());

    let mut full = MemoryBackend {
        quota: Some(100),
        ..Default::default()
    };
    assert_eq!(write_journal(&mut full, key.clone(), &writes), None);
    let mut gone = MemoryBackend {
        unavailable: true,
        ..Default::default()
    };
    assert_eq!(write_journal(&mut gone, key, &writes), None);
}

#[test]
fn journal_entries_replay_oldest_first_and_a_corrupt_one_is_kept_aside() {
    let mut local = MemoryBackend::default();
    let newer = journal_key(0x20, "b", 1);
    let older = journal_key(0x10, "a", 7);
    let bad = journal_key(0x15, "c", 1);
    local
        .set(&newer, &write_entry(&[w("marginalia:doc:x", Some("2"))]))
        .unwrap();
    local
        .set(&older, &write_entry(&[w("marginalia:doc:x", Some("1"))]))
        .unwrap();
    local.set(&bad, "{\"schema\":").unwrap();
    local.set("marginalia:view", "{}").unwrap();
    let (batches, problems) = read_journal(&mut local, "stamp");
    assert_eq!(
        batches
            .iter()
            .map(|b| b.journal.clone().unwrap())
            .collect::<Vec<_>>(),
        vec![older, newer.clone()]
    );
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains(&bad), "{problems:?}");
    assert!(!local.map.contains_key(&bad));
    let backup: Vec<_> = local
        .map
        .keys()
        .filter(|k| k.starts_with(BACKUP_PREFIX))
        .collect();
    assert_eq!(backup.len(), 1);
    assert_eq!(local.map[backup[0]], "{\"schema\":");
    // Replayed over what IndexedDB holds: the newest wins.
    let (store, _) = IdbStore::reopen(
        [("marginalia:doc:x".to_owned(), "0".to_owned())],
        Some(&mut local),
        "t",
        "s",
    );
    assert_eq!(
        store.mirror.get("marginalia:doc:x").unwrap().as_deref(),
        Some("2")
    );
    assert_eq!(store.outbox.waiting(), 2);
}

#[test]
fn a_failed_transaction_keeps_its_writes_before_the_later_ones() {
    let mut outbox = Outbox::default();
    let batch = |j: &str, k: &str, v: &str| Batch {
        journal: Some(j.to_owned()),
        writes: vec![w(k, Some(v))],
    };
    outbox.push(batch("j1", "k1", "a"));
    outbox.push(batch("j2", "k2", "a"));
    assert_eq!(outbox.start().unwrap().len(), 2);
    // One at a time.
    outbox.push(batch("j3", "k1", "b"));
    assert_eq!(outbox.start(), None);
    assert_eq!(outbox.finish(false), Vec::<String>::new());
    assert_eq!(outbox.waiting(), 3);
    // The retry carries all three saves, the later value of k1 winning.
    assert_eq!(
        outbox.start().unwrap(),
        vec![w("k2", Some("a")), w("k1", Some("b"))]
    );
    assert_eq!(outbox.finish(true), vec!["j1", "j2", "j3"]);
    assert_eq!(outbox.waiting(), 0);
    assert_eq!(outbox.start(), None);
}

/// The samples, with a span added to the first.
fn annotated() -> Workspace {
    let mut ws = Workspace::new(sample_documents());
    let first = ws.entries()[0].doc.id.clone();
    ws.edit(Edit::add_span(first, span("s1", 0, 4, "entity")))
        .unwrap();
    ws
}

#[test]
fn a_tab_closed_before_its_transaction_commits_loses_nothing() {
    let mut db = FakeDb::default();
    let mut local = MemoryBackend::default();
    let (mut tab, _) = start(&db, &mut local, "a");
    tab.ws = annotated();
    tab.save(&mut local, 1);
    tab.commit(&mut db, &mut local, false);
    assert!(
        journal_keys(&local).is_empty(),
        "a commit trims the journal"
    );
    let doc = tab.ws.entries()[0].doc.id.clone();
    tab.ws
        .edit(Edit::add_span(doc, span("s2", 5, 9, "claim")))
        .unwrap();
    tab.save(&mut local, 2);
    assert_eq!(journal_keys(&local).len(), 1);
    // The tab dies here: its transaction never ran.
    let (next, problems) = start(&db, &mut local, "b");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(next.ws.corpus(), tab.ws.corpus());
    // The replayed change is committed by the next tab, and the journal trimmed.
    let mut next = next;
    next.commit(&mut db, &mut local, false);
    assert!(journal_keys(&local).is_empty());
    let mut fresh = MemoryBackend::default();
    let (third, _) = start(&db, &mut fresh, "c");
    assert_eq!(span_count(third.ws.corpus()), 2);
}

#[test]
fn a_full_indexeddb_keeps_the_changes_queued_and_journaled_until_one_commits() {
    let mut db = FakeDb::default();
    let mut local = MemoryBackend::default();
    let (mut tab, _) = start(&db, &mut local, "a");
    tab.ws = annotated();
    tab.save(&mut local, 1);
    tab.commit(&mut db, &mut local, true);
    tab.commit(&mut db, &mut local, true);
    assert!(db.map.is_empty());
    assert_eq!(tab.store.outbox.waiting(), 1);
    assert_eq!(journal_keys(&local).len(), 1);
    tab.commit(&mut db, &mut local, false);
    assert!(journal_keys(&local).is_empty());
    let (next, _) = start(&db, &mut MemoryBackend::default(), "b");
    assert_eq!(next.ws.corpus(), tab.ws.corpus());
}

#[test]
fn two_tabs_keep_each_others_writes_through_the_broadcast() {
    let mut db = FakeDb::default();
    let mut local = MemoryBackend::default();
    let (mut a, _) = start(&db, &mut local, "a");
    a.ws = annotated();
    a.save(&mut local, 1);
    a.commit(&mut db, &mut local, false);
    let (mut b, _) = start(&db, &mut local, "b");
    let doc = a.ws.entries()[1].doc.id.clone();
    a.ws.edit(Edit::add_span(doc, span("s9", 0, 3, "quote")))
        .unwrap();
    let sent = a.save(&mut local, 2);
    b.store.mirror.apply_remote(&sent);
    assert_eq!(b.store.mirror.records(), a.store.mirror.records());
    assert!(
        b.store.mirror.take().is_empty(),
        "b does not write a's records again"
    );
}

#[derive(Clone, Debug)]
enum Step {
    /// Add a span to a document (index modulo their number) and save.
    Edit(usize),
    /// Delete the newest span, if any, and save.
    Delete,
    /// Run a transaction that commits, or fails.
    Commit(bool),
    /// The tab dies (nothing more runs) and a new one starts on what is stored.
    Crash,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..3).prop_map(Step::Edit),
        1 => Just(Step::Delete),
        3 => any::<bool>().prop_map(|ok| Step::Commit(!ok)),
        1 => Just(Step::Crash),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever commits or fails, and wherever the tab dies, the next start shows every saved
    /// change; and once a transaction commits with nothing queued, the journal is empty.
    #[test]
    fn nothing_saved_is_ever_lost(steps in proptest::collection::vec(step(), 1..40)) {
        let mut db = FakeDb::default();
        let mut local = MemoryBackend::default();
        let (mut tab, _) = start(&db, &mut local, "t0");
        tab.ws = Workspace::new(sample_documents());
        tab.save(&mut local, 0);
        let mut added: Vec<(DocId, SpanId)> = Vec::new();
        let mut n = 0;
        for (i, s) in steps.iter().enumerate() {
            match s {
                Step::Edit(d) => {
                    n += 1;
                    let entry = tab.ws.entries()[d % tab.ws.entries().len()].clone();
                    let id = SpanId(format!("s{n}"));
                    let start = (n * 3) % 40;
                    tab.ws.edit(Edit::add_span(entry.doc.id.clone(), span(&id.0, start, start + 2, "entity"))).unwrap();
                    added.push((entry.doc.id.clone(), id));
                    tab.save(&mut local, i as u64);
                }
                Step::Delete => {
                    if let Some((doc, id)) = added.pop() {
                        tab.ws.edit(Edit::delete_span(doc, id)).unwrap();
                        tab.save(&mut local, i as u64);
                    }
                }
                Step::Commit(fail) => {
                    tab.commit(&mut db, &mut local, *fail);
                    if tab.store.outbox.waiting() == 0 {
                        prop_assert!(journal_keys(&local).is_empty());
                    }
                }
                Step::Crash => {
                    let expected = tab.ws.corpus().clone();
                    let (next, problems) = start(&db, &mut local, &format!("t{i}"));
                    prop_assert!(problems.is_empty(), "{:?}", problems);
                    prop_assert_eq!(next.ws.corpus(), &expected);
                    tab = next;
                }
            }
        }
        let expected = tab.ws.corpus().clone();
        let (last, _) = start(&db, &mut local, "end");
        prop_assert_eq!(span_count(last.ws.corpus()), added.len());
        prop_assert_eq!(last.ws.corpus(), &expected);
    }
}

/// Each frozen fixture (storage versions 1 to 5) as localStorage held it.
fn fixtures() -> Vec<(u64, BTreeMap<String, String>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/storage");
    (1..=VERSION)
        .map(|v| {
            let raw = std::fs::read_to_string(dir.join(format!("v{v}/localStorage.json"))).unwrap();
            (v, serde_json::from_str(&raw).unwrap())
        })
        .collect()
}

#[test]
fn every_stored_version_moves_from_local_storage_into_indexeddb() {
    for (version, map) in fixtures() {
        let mut local = MemoryBackend {
            map: map.clone(),
            ..Default::default()
        };
        local.set("marginalia:view", "{\"doc\":\"x\"}").unwrap();
        let direct = load_at(
            &mut MemoryBackend {
                map: map.clone(),
                ..Default::default()
            },
            "t",
            0,
        );
        let records = legacy_records(&local);
        assert_eq!(records.len(), map.len(), "v{version}");
        let mut db = FakeDb::default();
        assert!(db.commit(
            &records
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect::<Vec<_>>(),
            false
        ));
        assert!(
            copied_exactly(&records, &db.map.clone().into_iter().collect::<Vec<_>>()),
            "v{version}"
        );
        finish_migration(&mut local, &records, 42).unwrap();
        assert_eq!(
            local.map.keys().cloned().collect::<Vec<_>>(),
            vec![
                "marginalia:migrated".to_owned(),
                "marginalia:view".to_owned()
            ],
            "v{version}: only what stays local is left"
        );
        assert!(legacy_records(&local).is_empty(), "v{version}: copied once");
        let (tab, problems) = start(&db, &mut local, "m");
        assert!(problems.is_empty(), "v{version}: {problems:?}");
        assert_eq!(tab.ws.corpus(), &direct.corpus, "v{version}");
        assert_eq!(span_count(tab.ws.corpus()), span_count(&direct.corpus));
        assert!(span_count(&direct.corpus) > 0);
    }
}

#[test]
fn a_migration_that_fails_or_reads_back_wrong_leaves_local_storage_as_it_was() {
    let (_, map) = fixtures().pop().unwrap();
    let local = MemoryBackend {
        map: map.clone(),
        ..Default::default()
    };
    let records = legacy_records(&local);
    let mut db = FakeDb::default();
    let writes: Vec<Write> = records
        .iter()
        .map(|(k, v)| (k.clone(), Some(v.clone())))
        .collect();
    assert!(!db.commit(&writes, true));
    assert!(!copied_exactly(
        &records,
        &db.map.clone().into_iter().collect::<Vec<_>>()
    ));
    // Read back with one value changed.
    db.commit(&writes, false);
    let key = records[0].0.clone();
    db.map.insert(key, "changed".into());
    assert!(!copied_exactly(
        &records,
        &db.map.clone().into_iter().collect::<Vec<_>>()
    ));
    assert_eq!(local.map, map, "nothing removed before a checked copy");
    assert!(local.get(MIGRATED_KEY).unwrap().is_none());
}

#[test]
fn the_journal_never_stops_a_save_when_local_storage_is_full_or_gone() {
    let mut db = FakeDb::default();
    for mut local in [
        MemoryBackend {
            quota: Some(10),
            ..Default::default()
        },
        MemoryBackend {
            unavailable: true,
            ..Default::default()
        },
    ] {
        let (mut tab, _) = start(&FakeDb::default(), &mut local, "a");
        tab.ws = annotated();
        assert!(!tab.save(&mut local, 1).is_empty());
        assert!(journal_keys(&local).is_empty());
        tab.commit(&mut db, &mut local, false);
        let (next, _) = start(&db, &mut MemoryBackend::default(), "b");
        assert_eq!(next.ws.corpus(), tab.ws.corpus());
    }
}

#[test]
fn a_text_left_out_of_the_journal_is_reported_missing_and_its_annotations_kept() {
    let mut db = FakeDb::default();
    let mut local = MemoryBackend::default();
    let (mut tab, _) = start(&db, &mut local, "a");
    tab.ws = annotated();
    tab.save(&mut local, 1);
    tab.commit(&mut db, &mut local, false);
    // A long article opened while localStorage has room for its annotations only.
    local.quota = Some(local.used() + 6_000);
    let long = "word ".repeat(2_000);
    let doc = parse_article(&format!("Long one\n\n{long}\n"), "long.md");
    let index = tab.ws.entries().len();
    let mut corpus = tab.ws.corpus().clone();
    corpus
        .apply(Edit::insert_documents(
            index,
            vec![marginalia::model::DocEntry::new(doc)],
        ))
        .unwrap();
    tab.ws = Workspace::from_corpus(corpus, None);
    tab.save(&mut local, 2);
    let entry = read_entry(&local.map[&journal_keys(&local)[0]]).unwrap();
    assert!(entry.iter().all(|(k, _)| !k.starts_with(TEXT_PREFIX)));
    // The tab dies before the commit: the article is named, not silently dropped.
    let (next, problems) = start(&db, &mut local, "b");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("text"), "{problems:?}");
    assert_eq!(next.ws.entries().len(), index, "the others load");
}
