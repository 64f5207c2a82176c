//! Persistence guarantees, on the in-memory backend with injected faults.

mod common;
use common::plain_span as span;

use std::collections::BTreeMap;
use std::rc::Rc;

use marginalia::formats::article::parse_article;
use marginalia::model::annotators::GOLD;
use marginalia::model::{
    AttrKind, AttrSpec, Corpus, DocEntry, DocId, Edit, LabelField, LabelSchema, LabelSpec,
    Relation, RelationId, RelationKind, SchemaEdit, Span, SpanId, Status, Workspace,
};
use marginalia::samples::sample_documents;
use marginalia::storage::backend::{stored_bytes, Backend, MemoryBackend, StorageError};
use marginalia::storage::merge::{incoming, Incoming};
use marginalia::storage::orphans::restore_orphans;
use marginalia::storage::persist::{load, load_at, read_stored_doc, Loaded, Saver, RETIRE_MS};
use marginalia::storage::schema::{
    doc_key, page_count, page_key, page_of, page_tag, text_key, BACKUP_PREFIX, INDEX_KEY,
    SCHEMA_KEY, SPANS_PREFIX, VERSION,
};

/// The samples plus an emoji document, with a few spans.
fn workspace() -> Workspace {
    let mut docs = sample_documents();
    docs.push(parse_article(
        "Flag 🇺🇦 day\n\nZoe\u{308} said “hi” 👨‍👩‍👧.\n",
        "emoji.md",
    ));
    let mut ws = Workspace::new(docs);
    let first = ws.entries()[0].doc.id.clone();
    let last = ws.entries()[3].doc.id.clone();
    ws.edit(Edit::add_span(first, span("a", 2, 9, "entity")))
        .unwrap();
    ws.edit(Edit::add_span(last.clone(), span("b", 0, 8, "claim")))
        .unwrap();
    ws.edit(Edit::set_note(
        last,
        SpanId("b".into()),
        "a “note”\nwith lines".into(),
        None,
    ))
    .unwrap();
    ws
}

fn save_all(backend: &mut MemoryBackend, ws: &Workspace) -> Saver {
    let mut saver = Saver::default();
    saver.save(backend, ws.corpus(), ws.active_id()).unwrap();
    saver
}

#[test]
fn save_then_load_gives_back_everything() {
    let ws = workspace();
    let mut backend = MemoryBackend::default();
    let mut saver = save_all(&mut backend, &ws);
    let mut ws2 = ws.clone();
    let second = ws2.entries()[1].doc.id.clone();
    ws2.open(&second);
    saver
        .save(&mut backend, ws2.corpus(), ws2.active_id())
        .unwrap();

    let loaded = load(&mut backend, "t");
    assert!(loaded.found);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.newer, None);
    assert_eq!(&loaded.corpus, ws.corpus());
    assert_eq!(loaded.active, Some(second));
}

#[test]
fn an_edit_writes_only_the_document_it_changed() {
    let mut ws = workspace();
    let mut backend = MemoryBackend::default();
    let mut saver = save_all(&mut backend, &ws);
    let before = backend.map.clone();
    let third = ws.entries()[2].doc.id.clone();
    ws.edit(Edit::add_span(third.clone(), span("c", 0, 4, "quote")))
        .unwrap();
    let writes = saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert_eq!(writes, 1, "one document, the index is unchanged");
    let changed: Vec<&String> = backend
        .map
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(changed, vec![&doc_key(&third)]);
    // Nothing changed: nothing written.
    assert_eq!(
        saver
            .save(&mut backend, ws.corpus(), ws.active_id())
            .unwrap(),
        0
    );
    // Deleting a document removes its key after the index no longer lists it.
    ws.edit(Edit::delete_document(third.clone())).unwrap();
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert!(!backend.map.contains_key(&doc_key(&third)));
    assert_eq!(load(&mut backend, "t").corpus.len(), 3);
}

#[test]
fn starting_after_a_load_writes_nothing() {
    let ws = workspace();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let writes_before = backend.writes;
    let loaded = load(&mut backend, "t");
    let mut saver = saver_after(&loaded);
    assert_eq!(
        saver.used_bytes(),
        backend.used(),
        "the saver knows what storage holds"
    );
    assert_eq!(
        saver
            .save(&mut backend, &loaded.corpus, loaded.active.as_ref())
            .unwrap(),
        0
    );
    assert_eq!(backend.writes, writes_before);
}

#[test]
fn a_saver_of_documents_only_writes_the_open_article_and_nothing_of_the_rest() {
    // What a large corpus's first look holds: the open article alone. Its changes are saved
    // against the records read for it; the list, the labels and the other articles stay.
    let ws = workspace();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let open = ws.entries()[3].clone();
    // The open article as stored (with its spans), alone.
    let loaded = load(&mut backend, "t");
    let stored = loaded.corpus.entry(&open.doc.id).unwrap().clone();
    let mut partial_loaded = Loaded {
        corpus: Corpus::new(vec![]),
        ..loaded
    };
    partial_loaded
        .corpus
        .apply(Edit::Document(marginalia::model::DocEdit::Insert {
            index: 0,
            entries: vec![(*stored).clone()],
        }))
        .unwrap();
    let mut partial_ws = Workspace::from_corpus(partial_loaded.corpus.clone(), None);
    let mut saver = saver_after(&partial_loaded);
    saver.docs_only = true;
    let before = backend.map.clone();
    partial_ws
        .edit(Edit::add_span(
            open.doc.id.clone(),
            span("late", 9, 12, "quote"),
        ))
        .unwrap();
    saver
        .save(&mut backend, partial_ws.corpus(), partial_ws.active_id())
        .unwrap();
    let changed: Vec<&String> = backend
        .map
        .keys()
        .filter(|k| before.get(*k) != backend.map.get(*k))
        .collect();
    assert_eq!(changed, vec![&doc_key(&open.doc.id)], "only its record");
    let all = load(&mut backend, "t");
    assert_eq!(
        all.corpus.len(),
        ws.corpus().len(),
        "every article still listed"
    );
    assert_eq!(
        all.corpus.entry(&open.doc.id).unwrap().spans.len(),
        open.spans.len() + 1
    );
}

#[test]
fn corrupt_values_are_kept_aside_and_the_rest_loads() {
    let ws = workspace();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let victim = ws.entries()[1].doc.id.clone();
    let key = doc_key(&victim);
    backend.map.insert(
        key.clone(),
        "{\"schema\":\"marginalia\",\"version\":1,\"id\":tru".into(),
    );

    let loaded = load(&mut backend, "2026-11-23T10:00:00Z");
    assert_eq!(loaded.corpus.len(), 3, "the other documents load");
    assert!(loaded.corpus.entry(&victim).is_none());
    assert_eq!(loaded.problems.len(), 1);
    assert!(
        loaded.problems[0].contains("a copy was kept"),
        "{}",
        loaded.problems[0]
    );
    let backup = format!("{BACKUP_PREFIX}2026-11-23T10:00:00Z:{key}");
    assert_eq!(
        backend.map.get(&backup),
        backend.map.get(&key),
        "the raw bytes are kept"
    );

    // Editing and saving afterwards never overwrites or removes the corrupt value.
    let mut ws2 = Workspace::from_corpus(loaded.corpus.clone(), loaded.active.clone());
    let mut saver = saver_after(&loaded);
    let first = ws2.entries()[0].doc.id.clone();
    ws2.edit(Edit::add_span(first, span("z", 0, 3, "quote")))
        .unwrap();
    saver
        .save(&mut backend, ws2.corpus(), ws2.active_id())
        .unwrap();
    assert!(backend.map[&key].ends_with(":tru"));

    // A corrupt index: kept aside, and the documents are still found by their keys.
    backend.map.insert(INDEX_KEY.into(), "not json".into());
    let loaded = load(&mut backend, "t2");
    assert_eq!(loaded.corpus.len(), 3);
    assert!(backend
        .map
        .contains_key(&format!("{BACKUP_PREFIX}t2:{INDEX_KEY}")));
}

#[test]
fn spans_that_break_the_rules_are_refused_on_load() {
    let ws = workspace();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let id = ws.entries()[0].doc.id.clone();
    let key = doc_key(&id);
    let tampered = backend.map[&key].replace("\"label\":\"entity\"", "\"label\":\"bogus\"");
    backend.map.insert(key.clone(), tampered);
    let loaded = load(&mut backend, "t");
    assert!(loaded.corpus.entry(&id).is_none());
    assert!(
        loaded.problems[0].contains("bogus") || loaded.problems[0].contains("label"),
        "{}",
        loaded.problems[0]
    );
}

#[test]
fn an_annotator_name_that_is_not_one_is_refused_on_load() {
    for bad in ["\\u202eevil", "  padded ", "\\u0000x"] {
        let ws = workspace();
        let mut backend = MemoryBackend::default();
        save_all(&mut backend, &ws);
        let id = ws.entries()[0].doc.id.clone();
        let key = doc_key(&id);
        let tampered = backend.map[&key].replace(
            "\"label\":\"entity\"",
            &format!("\"label\":\"entity\",\"annotator\":\"{bad}\""),
        );
        assert_ne!(tampered, backend.map[&key]);
        backend.map.insert(key.clone(), tampered);
        let loaded = load(&mut backend, "t");
        assert!(loaded.corpus.entry(&id).is_none(), "{bad}");
        assert!(
            loaded.problems[0].contains("annotator"),
            "{}",
            loaded.problems[0]
        );
    }
    // A long name is cut where it is made, so one that long is refused too.
    let long = "x".repeat(65);
    assert!(marginalia::model::annotators::clean_name(&long).is_some_and(|n| n.len() == 64));
}

#[test]
fn the_gold_layer_is_stored_and_read_back() {
    let ws = workspace();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let id = ws.entries()[0].doc.id.clone();
    let key = doc_key(&id);
    let gold = backend.map[&key].replace(
        "\"label\":\"entity\"",
        "\"label\":\"entity\",\"annotator\":\"\\u0001gold\"",
    );
    assert_ne!(gold, backend.map[&key]);
    backend.map.insert(key, gold);
    let loaded = load(&mut backend, "t");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let entry = loaded.corpus.entry(&id).unwrap();
    assert!(entry
        .spans
        .iter()
        .any(|s| &*s.annotator == marginalia::model::annotators::GOLD));
}

#[test]
fn data_from_a_newer_version_is_reported_and_never_written() {
    let ws = workspace();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let newer = VERSION + 1;
    let index = backend.map[INDEX_KEY].replace(
        &format!("\"version\":{VERSION}"),
        &format!("\"version\":{newer}"),
    );
    backend.map.insert(INDEX_KEY.into(), index);
    let snapshot = backend.map.clone();
    let loaded = load(&mut backend, "t");
    assert_eq!(loaded.newer, Some(newer));
    assert_eq!(backend.map, snapshot, "loading wrote nothing");
    let mut saver = Saver::after_load(
        &loaded.corpus,
        None,
        loaded.tombstones.clone(),
        loaded.deleted_labels.clone(),
        &loaded.sizes,
    );
    saver.disabled = true;
    assert_eq!(
        saver.save(&mut backend, &Corpus::default(), None).unwrap(),
        0
    );
    assert_eq!(backend.map, snapshot);
}

#[test]
fn a_full_quota_fails_loudly_keeps_memory_and_retries() {
    let mut ws = workspace();
    let mut backend = MemoryBackend::default();
    let mut saver = save_all(&mut backend, &ws);
    backend.quota = Some(backend.used());
    let first = ws.entries()[0].doc.id.clone();
    ws.edit(Edit::add_span(first.clone(), span("q", 20, 30, "claim")))
        .unwrap();
    assert_eq!(
        saver.save(&mut backend, ws.corpus(), ws.active_id()),
        Err(StorageError::Quota)
    );
    assert_eq!(
        ws.corpus().entry(&first).unwrap().spans.len(),
        2,
        "memory keeps the edit"
    );
    backend.quota = None;
    assert_eq!(
        saver
            .save(&mut backend, ws.corpus(), ws.active_id())
            .unwrap(),
        1,
        "retried"
    );
    assert_eq!(load(&mut backend, "t").corpus, *ws.corpus());
}

#[test]
fn a_failure_in_the_middle_never_leaves_a_torn_document() {
    for n in 0..8 {
        let ws = workspace();
        let mut backend = MemoryBackend {
            fail_after_writes: Some(n),
            ..Default::default()
        };
        let mut saver = Saver::default();
        let _ = saver.save(&mut backend, ws.corpus(), ws.active_id());
        let loaded = load(&mut backend, "t");
        assert!(
            loaded.problems.is_empty(),
            "after {n} writes: {:?}",
            loaded.problems
        );
        for entry in loaded.corpus.entries().iter() {
            assert_eq!(
                Some(entry),
                ws.corpus().entry(&entry.doc.id),
                "complete documents only"
            );
        }
    }
}

#[test]
fn unavailable_storage_is_reported() {
    let mut backend = MemoryBackend {
        unavailable: true,
        ..Default::default()
    };
    let loaded = load(&mut backend, "t");
    assert!(matches!(
        loaded.unavailable,
        Some(StorageError::Unavailable(_))
    ));
    assert!(!loaded.found);
    assert!(backend.set("k", "v").is_err());
}

#[test]
fn every_schema_version_has_a_fixture_that_loads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/storage");
    for version in 1..=VERSION {
        let path = dir.join(format!("v{version}/localStorage.json"));
        let raw = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "schema version {version} needs a frozen fixture at {}",
                path.display()
            )
        });
        let map: BTreeMap<String, String> = serde_json::from_str(&raw).unwrap();
        let mut backend = MemoryBackend {
            map,
            ..Default::default()
        };
        let loaded = load(&mut backend, "t");
        assert!(
            loaded.problems.is_empty(),
            "v{version}: {:?}",
            loaded.problems
        );
        assert_eq!(loaded.corpus.len(), 1);
        let entry = &loaded.corpus.entries()[0];
        assert_eq!(entry.doc.title, "Port reopens 🇺🇦");
        let texts: Vec<String> = entry
            .spans
            .iter()
            .map(|s| {
                entry
                    .doc
                    .text
                    .chars()
                    .skip(s.start)
                    .take(s.end - s.start)
                    .collect()
            })
            .collect();
        assert_eq!(texts, vec!["Zoë Adeyemi", "“we are open”"]);
        assert_eq!(entry.spans[1].note, "direct quote");
        assert_eq!(loaded.active, Some(DocId(entry.doc.id.0.clone())));
        // Span times exist from version 2 on; older spans have none (unknown).
        let times: Vec<_> = entry.spans.iter().map(|s| (s.created, s.updated)).collect();
        if version >= 2 {
            assert_eq!(
                times,
                vec![
                    (Some(1_795_425_600_000), Some(1_795_425_600_000)),
                    (Some(1_795_425_660_000), Some(1_795_425_720_000))
                ]
            );
        } else {
            assert_eq!(times, vec![(None, None), (None, None)]);
        }
        // Attributes, relations and a stored schema exist from version 3 on; older data has
        // none and the default schema.
        let attrs: Vec<Vec<(&str, &str)>> = entry
            .spans
            .iter()
            .map(|s| s.attrs.iter().collect())
            .collect();
        let relations: Vec<(&str, &str, &str)> = entry
            .relations
            .iter()
            .map(|r| (r.kind.id(), r.from.0.as_str(), r.to.0.as_str()))
            .collect();
        let labels: Vec<&str> = loaded
            .corpus
            .schema()
            .labels()
            .iter()
            .map(|l| l.id.as_str())
            .collect();
        if version >= 3 {
            assert_eq!(
                attrs,
                vec![
                    vec![
                        ("canonical", "Zoë Adeyemi"),
                        ("external_id", "Q4115189"),
                        ("type", "person")
                    ],
                    vec![("kind", "direct")]
                ]
            );
            assert_eq!(relations, vec![("said_by", "s0000abcd-2", "s0000abcd-1")]);
            assert_eq!(labels, ["quote", "claim", "entity", "opinion"]);
            assert_eq!(
                loaded.corpus.schema().label("opinion").unwrap().key,
                Some('o')
            );
            assert!(loaded.deleted_labels.contains(&"rumour".to_owned()));
            let gone = &loaded.tombstones[&entry.doc.id];
            assert!(gone.relations.contains(&RelationId("r0000abcd-2".into())));
        } else {
            assert!(attrs.iter().all(Vec::is_empty) && relations.is_empty());
            assert_eq!(**loaded.corpus.schema(), LabelSchema::default());
        }

        // Spans name their annotator from version 6 on; older ones are this browser's.
        let annotators: Vec<&str> = entry.spans.iter().map(|s| &*s.annotator).collect();
        if version >= 6 {
            assert_eq!(annotators, ["Ada Lovelace", "Ada Lovelace"]);
        } else {
            assert_eq!(annotators, ["", ""]);
        }

        // Each annotator has a status and a document keeps its decisions from version 7 on.
        // Before, its one status is that of the unnamed annotator and of each annotator of
        // its spans (and, in the app, of the person at this browser: `legacy`).
        let statuses: Vec<(&str, Status)> =
            entry.statuses.iter().map(|(n, s)| (&**n, *s)).collect();
        let decided: Vec<&str> = entry.decided.iter().map(|k| &**k).collect();
        let busy = Status::InProgress;
        if version >= 7 {
            assert_eq!(
                statuses,
                [(GOLD, busy), ("Ada Lovelace", busy), ("Bo", Status::Done)]
            );
            assert_eq!(decided, ["gold:28:39:entity", "suggest:46:59:quote"]);
            assert!(loaded.legacy.is_empty());
        } else {
            let want: &[(&str, Status)] = if version == 6 {
                &[("", busy), ("Ada Lovelace", busy)]
            } else {
                &[("", busy)]
            };
            assert_eq!(statuses, want, "v{version}");
            assert!(decided.is_empty());
            assert_eq!(loaded.legacy, [(entry.doc.id.clone(), busy)]);
        }

        // An edit rewrites the document in the current version, keeping every other span.
        let mut ws = Workspace::from_corpus(loaded.corpus.clone(), loaded.active.clone());
        let mut saver = saver_after(&loaded);
        let doc = entry.doc.id.clone();
        ws.edit(Edit::set_note(
            doc.clone(),
            entry.spans[0].id.clone(),
            "migrated".into(),
            Some(1_800_000_000_000),
        ))
        .unwrap();
        saver
            .save(&mut backend, ws.corpus(), ws.active_id())
            .unwrap();
        let raw = backend.get(&doc_key(&doc)).unwrap().unwrap();
        let stored: serde_json::Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(stored["version"], VERSION);
        assert!(stored.get("status").is_none(), "v{version}: statuses only");
        assert_eq!(
            stored["statuses"].as_object().map(|o| o.len()),
            Some(entry.statuses.len())
        );
        // Written split: the spans under the document's key, the text under its own.
        assert!(
            stored.get("text").is_none(),
            "v{version}: no text in the document's value"
        );
        let text = backend
            .get(&text_key(&doc))
            .unwrap()
            .expect("the text's key");
        assert!(text.contains("we are open"));
        let again = load(&mut backend, "t2");
        assert!(again.problems.is_empty());
        let spans = &again.corpus.entries()[0].spans;
        assert_eq!(spans[0].note, "migrated");
        assert_eq!(spans[0].updated, Some(1_800_000_000_000));
        assert_eq!(spans[0].created, entry.spans[0].created);
        assert_eq!(spans[0].attrs, entry.spans[0].attrs);
        assert_eq!(spans[1], entry.spans[1]);
        assert_eq!(again.corpus.entries()[0].relations, entry.relations);
        assert_eq!(again.corpus.entries()[0].statuses, entry.statuses);
        assert_eq!(again.corpus.entries()[0].decided, entry.decided);
        assert!(again.legacy.is_empty(), "written in version 7");
        assert_eq!(again.corpus.schema(), loaded.corpus.schema());
        assert_eq!(again.tombstones, loaded.tombstones, "tombstones are kept");
        // A schema change is written in the current version, with the label tombstones.
        ws.edit(Edit::Schema(SchemaEdit::SetLabel {
            id: "quote".into(),
            field: LabelField::Name("Citation".into()),
        }))
        .unwrap();
        saver
            .save(&mut backend, ws.corpus(), ws.active_id())
            .unwrap();
        let again = load(&mut backend, "t3");
        assert!(again.problems.is_empty());
        assert_eq!(
            again.corpus.schema().label("quote").unwrap().name,
            "Citation"
        );
        assert_eq!(again.deleted_labels, loaded.deleted_labels);
        let stored: serde_json::Value =
            serde_json::from_str(&backend.get(SCHEMA_KEY).unwrap().unwrap()).unwrap();
        assert_eq!(stored["version"], VERSION);
    }
}

/// The version 6 fixture as stored.
fn v6_backend() -> MemoryBackend {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/storage/v6/localStorage.json");
    let map = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    MemoryBackend {
        map,
        ..Default::default()
    }
}

#[test]
fn a_version_6_status_becomes_the_status_of_the_person_at_this_browser_whatever_their_name() {
    let mut loaded = load(&mut v6_backend(), "t");
    let doc = loaded.corpus.entries()[0].doc.id.clone();
    let before = loaded.corpus.clone();
    // Named since (their spans carry the name, or not): they keep their status.
    let me: Rc<str> = Rc::from("Zoë");
    loaded.give_legacy_statuses(&me);
    let entry = loaded.corpus.entry(&doc).unwrap();
    assert_eq!(entry.status_of("Zoë"), Status::InProgress);
    assert_eq!(entry.status_of(""), Status::InProgress);
    assert_eq!(entry.status_of("Ada Lovelace"), Status::InProgress);
    assert_eq!(entry.status_of("Bo"), Status::New);
    assert!(loaded.legacy.is_empty(), "given once");
    // Unnamed, or one who has a status already: nothing to give.
    for me in ["", "Ada Lovelace"] {
        let mut loaded = load(&mut v6_backend(), "t");
        loaded.give_legacy_statuses(&Rc::from(me));
        assert_eq!(loaded.corpus, before);
    }
    // A status the person set here since is never replaced.
    let mut loaded = load(&mut v6_backend(), "t");
    loaded
        .corpus
        .apply(Edit::set_status(doc.clone(), Rc::clone(&me), Status::Done))
        .unwrap();
    loaded.give_legacy_statuses(&me);
    assert_eq!(loaded.corpus.entries()[0].status_of("Zoë"), Status::Done);
}

#[test]
fn statuses_and_decisions_are_saved_with_their_document_only() {
    let mut ws = workspace();
    let mut backend = MemoryBackend::default();
    let mut saver = save_all(&mut backend, &ws);
    let first = ws.entries()[0].doc.id.clone();
    let before = backend.map.clone();
    ws.edit(Edit::set_status(
        first.clone(),
        Rc::from(GOLD),
        Status::Done,
    ))
    .unwrap();
    ws.edit(Edit::decide(
        first.clone(),
        Rc::from("gold:2:9:entity"),
        true,
    ))
    .unwrap();
    assert_eq!(
        saver
            .save(&mut backend, ws.corpus(), ws.active_id())
            .unwrap(),
        1,
        "the document's key only"
    );
    let changed: Vec<&String> = backend
        .map
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(changed, [&doc_key(&first)]);
    let raw = &backend.map[&doc_key(&first)];
    assert!(
        raw.contains(r#""statuses":{"":"in_progress","\u0001gold":"done"}"#),
        "{raw}"
    );
    assert!(raw.contains(r#""decided":["gold:2:9:entity"]"#), "{raw}");
    assert_eq!(load(&mut backend, "t").corpus, *ws.corpus());
    // Undone, both go from the stored value too.
    assert!(ws.undo() && ws.undo());
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    let raw = &backend.map[&doc_key(&first)];
    assert!(!raw.contains("decided") && !raw.contains("gold"), "{raw}");
    assert_eq!(load(&mut backend, "t").corpus, *ws.corpus());
}

#[test]
fn stored_statuses_and_decisions_that_cannot_be_are_kept_aside() {
    let ws = workspace();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let first = ws.entries()[0].doc.id.clone();
    let good = backend.map[&doc_key(&first)].clone();
    assert!(good.contains(r#""statuses":{"":"in_progress"}"#), "{good}");
    for bad in [
        r#""statuses":{"":"finished"}"#,
        r#""statuses":{" Bo":"done"}"#,
        r#""statuses":["done"]"#,
        r#""statuses":{"":"in_progress"},"decided":[""]"#,
        r#""statuses":{"":"in_progress"},"decided":[1]"#,
    ] {
        let value = good.replace(r#""statuses":{"":"in_progress"}"#, bad);
        backend.map.insert(doc_key(&first), value);
        let loaded = load(&mut backend, "t");
        assert_eq!(loaded.problems.len(), 1, "{bad}: {:?}", loaded.problems);
        assert!(loaded.corpus.entry(&first).is_none(), "{bad}");
        backend.map.retain(|k, _| !k.starts_with(BACKUP_PREFIX));
    }
}

#[test]
fn deleted_spans_are_recorded_as_tombstones_for_other_tabs() {
    let mut ws = workspace();
    let mut backend = MemoryBackend::default();
    let mut saver = save_all(&mut backend, &ws);
    let first = ws.entries()[0].doc.id.clone();
    ws.edit(Edit::delete_span(first.clone(), SpanId("a".into())))
        .unwrap();
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert!(backend.map[&doc_key(&first)].contains("\"deleted\":[\"a\"]"));
    let loaded = load(&mut backend, "t");
    assert!(loaded.tombstones[&first]
        .spans
        .contains(&SpanId("a".into())));
    // Undoing the deletion brings the span back to life: no tombstone any more.
    assert!(ws.undo());
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert!(!backend.map[&doc_key(&first)].contains("\"deleted\""));
}

/// The workspace with a label of its own, attribute values and relations.
fn annotated() -> Workspace {
    let mut ws = workspace();
    let mut opinion = LabelSpec::new("opinion", "Opinion", "#c77d0a");
    opinion.attributes.push(AttrSpec {
        id: "tone".into(),
        name: "Tone".into(),
        kind: AttrKind::Choice(vec!["calm".into()]),
    });
    ws.edit(Edit::Schema(SchemaEdit::AddLabel {
        index: 0,
        label: opinion,
    }))
    .unwrap();
    let first = ws.entries()[0].doc.id.clone();
    for s in [span("q", 10, 20, "quote"), span("o", 21, 25, "opinion")] {
        ws.edit(Edit::add_span(first.clone(), s)).unwrap();
    }
    for (id, key, value) in [("a", "type", "person"), ("o", "tone", "calm")] {
        ws.edit(Edit::set_attr(
            first.clone(),
            SpanId(id.into()),
            key.into(),
            Some(value.into()),
            Some(1),
        ))
        .unwrap();
    }
    ws.edit(Edit::add_relation(
        first,
        Relation {
            id: RelationId("r1".into()),
            kind: RelationKind::SaidBy,
            from: SpanId("q".into()),
            to: SpanId("a".into()),
        },
    ))
    .unwrap();
    ws
}

#[test]
fn the_schema_attributes_and_relations_are_stored_and_read_back() {
    let ws = annotated();
    let mut backend = MemoryBackend::default();
    let mut saver = save_all(&mut backend, &ws);
    assert!(
        backend.map.contains_key(SCHEMA_KEY),
        "a fresh corpus stores its schema"
    );
    let loaded = load(&mut backend, "t");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(&loaded.corpus, ws.corpus());
    assert_eq!(saver.used_bytes(), backend.used());
    // Nothing changed: nothing written, the schema included.
    assert_eq!(
        saver
            .save(&mut backend, ws.corpus(), ws.active_id())
            .unwrap(),
        0
    );

    // Deleting a relation and a label leaves tombstones; undoing brings them back to life.
    let mut ws = ws;
    let first = ws.entries()[0].doc.id.clone();
    ws.edit(Edit::delete_span(first.clone(), SpanId("q".into())))
        .unwrap();
    ws.edit(Edit::delete_span(first.clone(), SpanId("o".into())))
        .unwrap();
    ws.edit(Edit::Schema(SchemaEdit::RemoveLabel {
        id: "opinion".into(),
    }))
    .unwrap();
    assert_eq!(
        saver
            .save(&mut backend, ws.corpus(), ws.active_id())
            .unwrap(),
        2
    );
    let loaded = load(&mut backend, "t");
    assert!(loaded.tombstones[&first]
        .relations
        .contains(&RelationId("r1".into())));
    assert!(loaded.deleted_labels.contains(&"opinion".to_owned()));
    assert!(loaded.corpus.schema().label("opinion").is_none());
    assert!(ws.undo() && ws.undo() && ws.undo());
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    let loaded = load(&mut backend, "t");
    assert!(loaded.tombstones.get(&first).is_none_or(|t| t.is_empty()));
    assert!(loaded.deleted_labels.is_empty());
    assert_eq!(&loaded.corpus, ws.corpus());
}

#[test]
fn a_corrupt_or_newer_schema_is_handled_like_any_value() {
    let ws = annotated();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let good = backend.map[SCHEMA_KEY].clone();
    backend
        .map
        .insert(SCHEMA_KEY.into(), good.replace("#c77d0a", "orange"));
    let before = backend.map.clone();
    let loaded = load(&mut backend, "t");
    // Kept aside; the default schema; the document using the lost label is kept aside too.
    assert_eq!(**loaded.corpus.schema(), LabelSchema::default());
    assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);
    assert!(loaded.problems[0].contains(SCHEMA_KEY));
    assert!(backend
        .map
        .contains_key(&format!("{BACKUP_PREFIX}t:{SCHEMA_KEY}")));
    assert_eq!(loaded.corpus.len(), ws.corpus().len() - 1);
    for (k, v) in &before {
        assert_eq!(backend.map.get(k), Some(v), "{k} is left where it was");
    }

    backend.map.insert(
        SCHEMA_KEY.into(),
        good.replace(
            &format!("\"version\":{VERSION}"),
            &format!("\"version\":{}", VERSION + 1),
        ),
    );
    let loaded = load(&mut backend, "t");
    assert_eq!(loaded.newer, Some(VERSION + 1));
}

#[test]
fn an_edit_rewrites_only_the_spans_and_the_text_is_written_once() {
    let mut ws = workspace();
    let mut backend = MemoryBackend::default();
    let mut saver = save_all(&mut backend, &ws);
    let doc = ws.entries()[3].doc.id.clone();
    let text_before = backend.get(&text_key(&doc)).unwrap().expect("text key");
    let doc_value = backend.get(&doc_key(&doc)).unwrap().expect("doc key");
    assert!(
        !doc_value.contains("\"text\""),
        "the document's value carries no text"
    );
    assert!(text_before.contains("Flag"));
    let written = backend.writes;
    ws.edit(Edit::set_note(
        doc.clone(),
        SpanId("b".into()),
        "changed".into(),
        Some(5),
    ))
    .unwrap();
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert_eq!(
        backend.writes - written,
        1,
        "one write: the document's spans"
    );
    assert_eq!(backend.get(&text_key(&doc)).unwrap(), Some(text_before));
    // What was saved reads back exactly, and the saver counts both keys.
    let loaded = load(&mut backend, "t");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.corpus.entries(), ws.corpus().entries());
    let size = loaded.sizes.iter().find(|s| s.id == doc).expect("size");
    assert!(size.text.is_some(), "the text is stored apart: {size:?}");
    let after = saver_after(&loaded);
    assert_eq!(after.used_bytes(), saver.used_bytes());
}

#[test]
fn deleting_a_document_removes_its_text_too() {
    let mut ws = workspace();
    let mut backend = MemoryBackend::default();
    let mut saver = save_all(&mut backend, &ws);
    let doc = ws.entries()[1].doc.id.clone();
    assert!(backend.get(&text_key(&doc)).unwrap().is_some());
    ws.edit(Edit::delete_document(doc.clone())).unwrap();
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert_eq!(backend.get(&doc_key(&doc)).unwrap(), None);
    assert_eq!(backend.get(&text_key(&doc)).unwrap(), None);
}

#[test]
fn a_document_without_its_text_is_kept_aside_and_reported() {
    let ws = workspace();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let (gone, other) = (
        ws.entries()[0].doc.id.clone(),
        ws.entries()[1].doc.id.clone(),
    );
    // One text missing, another replaced by a third document's text.
    backend.remove(&text_key(&gone)).unwrap();
    let third = backend
        .get(&text_key(&ws.entries()[2].doc.id))
        .unwrap()
        .unwrap();
    backend.set(&text_key(&other), &third).unwrap();
    let stored_before = backend.map.clone();
    let loaded = load(&mut backend, "t");
    assert_eq!(loaded.corpus.len(), ws.corpus().len() - 2);
    assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);
    assert!(
        loaded.problems[0].contains("is missing from this browser's storage"),
        "{}",
        loaded.problems[0]
    );
    assert_eq!(
        loaded.orphans.len(),
        1,
        "set aside to come back with its file"
    );
    assert!(
        loaded.problems[1].contains("its text belongs to another document"),
        "{}",
        loaded.problems[1]
    );
    // Kept aside, nothing overwritten.
    for (key, value) in &stored_before {
        assert_eq!(backend.map.get(key), Some(value), "{key} untouched");
    }
    assert_eq!(
        backend
            .map
            .keys()
            .filter(|k| k.starts_with(BACKUP_PREFIX))
            .count(),
        2
    );
}

/// One document of `n` words with a span on each of the first `spans` (ids `p<i>`), in a
/// workspace of its own.
fn many_spans(words: usize, spans: usize) -> Workspace {
    let text: String = (0..words)
        .map(|i| format!("wörd{:04} ", i % 10_000))
        .collect();
    let mut ws = Workspace::new(vec![parse_article(
        &format!("Long 🇺🇦 read\n\n{text}\n"),
        "long.md",
    )]);
    let doc = ws.entries()[0].doc.id.clone();
    let body = ws.entries()[0].doc.blocks[1].start;
    let entry = (*ws.entries()[0]).clone();
    let mut all: Vec<_> = (0..spans)
        .map(|i| {
            std::rc::Rc::new(span(
                &format!("p{i}"),
                body + 9 * i,
                body + 9 * i + 8,
                "entity",
            ))
        })
        .collect();
    marginalia::model::sort::sort_with(&mut all, &|a, b| Span::text_order(a, b));
    let mut corpus = ws.corpus().clone();
    corpus.apply(Edit::delete_document(doc.clone())).unwrap();
    let mut entry = entry;
    entry.spans = std::rc::Rc::new(all);
    corpus
        .apply(Edit::insert_documents(0, vec![entry]))
        .unwrap();
    ws = Workspace::from_corpus(corpus, Some(doc));
    ws
}

/// The saver of a tab that starts with what `loaded` read (as the app makes it).
fn saver_after(loaded: &Loaded) -> Saver {
    Saver::after_load(
        &loaded.corpus,
        loaded.active.as_ref(),
        loaded.tombstones.clone(),
        loaded.deleted_labels.clone(),
        &loaded.sizes,
    )
}

fn doc_of(ws: &Workspace) -> DocId {
    ws.entries()[0].doc.id.clone()
}

/// `many_spans(1_200, 1_000)` saved (in 4 pages) by a new saver.
fn many_spans_saved() -> (Workspace, DocId, MemoryBackend, Saver) {
    let ws = many_spans(1_200, 1_000);
    let doc = doc_of(&ws);
    let mut backend = MemoryBackend::default();
    let mut saver = Saver::default();
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    (ws, doc, backend, saver)
}

/// The first of `many_spans`' spans (of 1,000) that is on page `page` of 4.
fn on(page: usize) -> SpanId {
    (0..1_000)
        .map(|i| SpanId(format!("p{i}")))
        .find(|id| page_of(id, 4) == page)
        .expect("a span on every page")
}

/// Relabel a span of the workspace's only document to claim.
fn to_claim(ws: &mut Workspace, id: SpanId) {
    let doc = doc_of(ws);
    ws.edit(Edit::relabel(doc, id, "claim".into(), None))
        .unwrap();
}

fn stored_pages(backend: &MemoryBackend) -> Vec<String> {
    backend
        .map
        .keys()
        .filter(|k| k.starts_with(SPANS_PREFIX))
        .cloned()
        .collect()
}

fn named_pages(backend: &MemoryBackend, doc: &DocId) -> Vec<String> {
    let raw = backend.get(&doc_key(doc)).unwrap().unwrap();
    let stored: serde_json::Value = serde_json::from_str(&raw).unwrap();
    stored["pages"]
        .as_array()
        .map(|tags| {
            tags.iter()
                .map(|t| page_key(doc, t.as_str().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn page_counts_keep_pages_between_limits_and_page_anew_outside_them() {
    assert_eq!(page_count(0, 0), 0);
    assert_eq!(
        page_count(255, 0),
        0,
        "fewer than two pages' worth: inside the key"
    );
    assert_eq!(page_count(256, 0), 2);
    assert_eq!(page_count(10_000, 0), 64);
    // Kept while each page holds 32 to 512 spans on average.
    assert_eq!(page_count(10_001, 64), 64);
    assert_eq!(page_count(2_048, 64), 64);
    assert_eq!(page_count(32_768, 64), 64);
    assert_eq!(page_count(32_769, 64), 256);
    assert_eq!(page_count(2_047, 64), 8);
    assert_eq!(page_count(64, 2), 2);
    assert_eq!(page_count(63, 2), 0);
}

#[test]
fn a_document_with_many_spans_is_stored_in_pages_and_an_edit_writes_one_page() {
    let mut ws = many_spans(1_200, 1_000);
    let doc = doc_of(&ws);
    let mut backend = MemoryBackend::default();
    let mut saver = Saver::default();
    saver.pages.now_ms = 1_000;
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    let named = named_pages(&backend, &doc);
    assert_eq!(named.len(), 4, "1,000 spans: 4 pages of about 250");
    assert_eq!(stored_pages(&backend), {
        let mut n = named.clone();
        n.sort();
        n
    });
    let raw = backend.get(&doc_key(&doc)).unwrap().unwrap();
    assert!(!raw.contains("\"spans\""), "no spans inside the key");
    let loaded = load(&mut backend, "t");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.corpus, *ws.corpus());
    assert_eq!(saver.used_bytes(), backend.used());

    // A relabel writes the span's page and the document's key: two values.
    let victim = SpanId("p17".into());
    ws.edit(Edit::relabel(
        doc.clone(),
        victim.clone(),
        "claim".into(),
        None,
    ))
    .unwrap();
    let before = backend.writes;
    saver.pages.now_ms = 2_000;
    assert_eq!(
        saver
            .save(&mut backend, ws.corpus(), ws.active_id())
            .unwrap(),
        2
    );
    assert_eq!(backend.writes - before, 2);
    let now_named = named_pages(&backend, &doc);
    let changed: Vec<usize> = (0..4).filter(|&i| named[i] != now_named[i]).collect();
    assert_eq!(changed, vec![page_of(&victim, 4)]);
    // The page it replaced stays until RETIRE_MS later, for tabs that have not seen the key.
    let old = &named[changed[0]];
    assert!(backend.map.contains_key(old));
    assert_eq!(load(&mut backend, "t").corpus, *ws.corpus());
    saver.pages.now_ms = 2_000 + RETIRE_MS - 1;
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert!(backend.map.contains_key(old));
    saver.pages.now_ms = 2_000 + RETIRE_MS;
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert!(
        !backend.map.contains_key(old),
        "removed once retired long enough"
    );
    assert_eq!(stored_pages(&backend).len(), 4);
    assert_eq!(saver.used_bytes(), backend.used());

    // An add and a delete each write their page and the key.
    ws.edit(Edit::add_span(doc.clone(), span("new", 3, 5, "quote")))
        .unwrap();
    ws.edit(Edit::delete_span(doc.clone(), SpanId("p400".into())))
        .unwrap();
    let before = backend.writes;
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    let pages_hit = if page_of(&SpanId("new".into()), 4) == page_of(&SpanId("p400".into()), 4) {
        1
    } else {
        2
    };
    assert_eq!(backend.writes - before, pages_hit + 1);
    let loaded = load(&mut backend, "t");
    assert_eq!(loaded.corpus, *ws.corpus());
    assert!(loaded.tombstones[&doc]
        .spans
        .contains(&SpanId("p400".into())));
}

#[test]
fn a_paged_save_that_stops_half_way_leaves_the_document_as_it_was() {
    let (mut ws, doc, backend, _) = many_spans_saved();
    let saved = ws.corpus().clone();
    // Three edits on three different pages. The saver below draws the same tags as the first
    // (the same clock, no random part): it must never write over a stored page.
    let ids = [on(0), on(1), on(2)];
    for id in &ids {
        ws.edit(Edit::relabel(doc.clone(), id.clone(), "quote".into(), None))
            .unwrap();
    }
    for n in 0..4 {
        let mut torn = backend.clone();
        torn.fail_after_writes = Some(torn.writes + n);
        let mut attempt = Saver::after_load(
            &saved,
            ws.active_id(),
            Default::default(),
            Default::default(),
            &load(&mut backend.clone(), "t").sizes,
        );
        assert_eq!(
            attempt.save(&mut torn, ws.corpus(), ws.active_id()),
            Err(StorageError::Quota),
            "fails after {n} writes"
        );
        assert_eq!(
            stored_pages(&torn),
            stored_pages(&backend),
            "pages written before the failure are taken back"
        );
        let loaded = load(&mut torn, "t");
        assert!(loaded.problems.is_empty());
        assert_eq!(loaded.corpus, saved, "after {n} writes: as it was");
        // Retried once storage has room: everything is written.
        torn.fail_after_writes = None;
        attempt
            .save(&mut torn, ws.corpus(), ws.active_id())
            .unwrap();
        assert_eq!(load(&mut torn, "t").corpus, *ws.corpus());
    }
}

#[test]
fn pages_are_drawn_anew_when_the_spans_grow_or_shrink() {
    let big = many_spans(3_000, 2_100);
    let doc = doc_of(&big);
    let mut backend = MemoryBackend::default();
    let mut saver = Saver::default();
    // From 300 spans (2 pages) to 2,100 (16 pages) and down to 100 (inside the key).
    for (n, pages) in [(300, 2), (2_100, 16), (100, 0)] {
        let mut corpus = big.corpus().clone();
        let gone: Vec<SpanId> = (n..2_100).map(|i| SpanId(format!("p{i}"))).collect();
        for id in gone {
            corpus.apply(Edit::delete_span(doc.clone(), id)).unwrap();
        }
        saver.pages.now_ms += RETIRE_MS;
        saver.save(&mut backend, &corpus, Some(&doc)).unwrap();
        assert_eq!(named_pages(&backend, &doc).len(), pages, "{n} spans");
        let loaded = load(&mut backend, "t");
        assert!(loaded.problems.is_empty());
        assert_eq!(loaded.corpus.entries()[0].spans, corpus.entries()[0].spans);
    }
    // The pages no key names go with the next save after RETIRE_MS.
    saver.pages.now_ms += RETIRE_MS;
    let corpus = load(&mut backend.clone(), "t").corpus;
    saver.save(&mut backend, &corpus, Some(&doc)).unwrap();
    assert_eq!(stored_pages(&backend), Vec::<String>::new());
}

#[test]
fn pages_no_key_names_are_removed_at_load_once_old_and_others_kept() {
    let ws = many_spans(600, 300);
    let doc = doc_of(&ws);
    let mut backend = MemoryBackend::default();
    let mut saver = Saver::default();
    let t0 = 1_000_000;
    saver.pages.now_ms = t0;
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    let named = named_pages(&backend, &doc);
    let page = |tag: &str| {
        backend
            .map
            .get(&named[0])
            .cloned()
            .map(|v| (page_key(&doc, tag), v))
            .unwrap()
    };
    // Left by a save that stopped half-way long ago, and by one of another tab in progress.
    let (stale, value) = page(&page_tag(0, 10, 1, "dead0000"));
    let (fresh, value2) = page(&page_tag(0, t0 + 2 * RETIRE_MS, 1, "live0000"));
    // Of a document with no key (deleted, its pages not yet removed).
    let other = DocId("0123456789abcdef".into());
    let orphan = page_key(&other, &page_tag(0, 10, 2, "dead0000"));
    // Of a document whose key cannot be read: kept with it.
    let broken = DocId("fedcba9876543210".into());
    let kept = page_key(&broken, &page_tag(0, 10, 3, "dead0000"));
    backend.map.insert(stale.clone(), value.clone());
    backend.map.insert(fresh.clone(), value2);
    backend.map.insert(orphan.clone(), value.clone());
    backend.map.insert(kept.clone(), value);
    backend
        .map
        .insert(doc_key(&broken), "{\"schema\":\"marginalia\",".into());

    // Less than RETIRE_MS after the document's key was written: its unnamed page stays (a
    // tab that has not seen that key may still name it); the old page of no document goes.
    let loaded = load_at(&mut backend, "t", t0 + RETIRE_MS - 1);
    assert_eq!(loaded.corpus.entries()[0].spans, ws.entries()[0].spans);
    for key in [&stale, &fresh, &kept] {
        assert!(backend.map.contains_key(key), "{key}");
    }
    assert!(!backend.map.contains_key(&orphan));
    let loaded = load_at(&mut backend, "t", t0 + 2 * RETIRE_MS);
    assert_eq!(loaded.corpus.entries()[0].spans, ws.entries()[0].spans);
    assert!(!backend.map.contains_key(&stale));
    assert!(backend.map.contains_key(&fresh), "written lately: kept");
    assert!(
        backend.map.contains_key(&kept),
        "its key is unreadable: kept"
    );
    for key in &named {
        assert!(backend.map.contains_key(key));
    }
}

#[test]
fn a_missing_or_foreign_page_keeps_the_document_aside_and_says_so() {
    let ws = many_spans(600, 300);
    let doc = doc_of(&ws);
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let named = named_pages(&backend, &doc);

    let mut missing = backend.clone();
    missing.map.remove(&named[1]);
    let loaded = load(&mut missing, "t");
    assert_eq!(loaded.corpus.len(), 0);
    assert!(
        loaded.problems[0].contains("page 2 of its spans is missing"),
        "{:?}",
        loaded.problems
    );
    assert!(missing.map.contains_key(&named[0]), "its other pages stay");

    // Page 1 stored under page 0's name.
    let mut swapped = backend.clone();
    let first = swapped.map[&named[1]].clone();
    swapped.map.insert(named[0].clone(), first);
    let loaded = load(&mut swapped, "t");
    assert!(
        loaded.problems[0].contains("belongs elsewhere"),
        "{:?}",
        loaded.problems
    );

    let mut damaged = backend.clone();
    damaged.map.insert(named[0].clone(), "{\"schema\":".into());
    let loaded = load(&mut damaged, "t");
    assert!(
        loaded.problems[0].contains("a page of its spans is damaged"),
        "{:?}",
        loaded.problems
    );
}

/// Another tab wrote its key naming a page this tab had replaced (it had not seen this tab's
/// write yet). Once this tab takes that key in, the page is named again and never removed.
#[test]
fn a_page_another_tab_names_again_is_not_removed() {
    let ws = many_spans(1_200, 1_000);
    let doc = doc_of(&ws);
    let mut backend = MemoryBackend::default();
    let mut a = Saver::default();
    a.save(&mut backend, ws.corpus(), ws.active_id()).unwrap();
    let loaded = load(&mut backend, "t");
    let mut b = saver_after(&loaded);
    let named = named_pages(&backend, &doc);
    // Two spans on different pages: A relabels one, B the other.
    let relabel = |ws: &Workspace, id: SpanId| {
        let mut ws = Workspace::from_corpus(ws.corpus().clone(), ws.active_id().cloned());
        to_claim(&mut ws, id);
        ws
    };
    let ws_a = relabel(&ws, on(0));
    a.save(&mut backend, ws_a.corpus(), ws_a.active_id())
        .unwrap();
    assert!(backend.map.contains_key(&named[0]), "retired, not removed");
    // B has not seen A's key: it writes page 1 and a key naming the old page 0.
    let ws_b = relabel(&ws, on(1));
    b.save(&mut backend, ws_b.corpus(), ws_b.active_id())
        .unwrap();
    assert_eq!(named_pages(&backend, &doc)[0], named[0]);
    // A takes in B's key (its storage event) and, long after, saves another change.
    let raw = backend.get(&doc_key(&doc)).unwrap().unwrap();
    let read = read_stored_doc(&backend, &doc, &raw, a.known(&doc)).unwrap();
    let size = raw.len() * 2;
    let theirs = a.adopt(read, size);
    let corpus_b = {
        let mut c = ws.corpus().clone();
        c.apply(Edit::delete_document(doc.clone())).unwrap();
        c.apply(Edit::insert_documents(0, vec![theirs])).unwrap();
        c
    };
    let ws_later = relabel(&Workspace::from_corpus(corpus_b, Some(doc.clone())), on(2));
    a.pages.now_ms += 2 * RETIRE_MS;
    a.save(&mut backend, ws_later.corpus(), ws_later.active_id())
        .unwrap();
    assert_eq!(named_pages(&backend, &doc)[0], named[0]);
    assert!(backend.map.contains_key(&named[0]), "named again: kept");
    let loaded = load(&mut backend, "t");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.corpus, *ws_later.corpus());
}

/// A backend that lists the keys read from it.
struct Reads<'a> {
    inner: &'a MemoryBackend,
    keys: std::cell::RefCell<Vec<String>>,
}

impl Backend for Reads<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.keys.borrow_mut().push(key.to_owned());
        self.inner.get(key)
    }
    fn set(&mut self, _: &str, _: &str) -> Result<(), StorageError> {
        unreachable!("a read writes nothing")
    }
    fn remove(&mut self, _: &str) -> Result<(), StorageError> {
        unreachable!("a read removes nothing")
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        self.inner.keys()
    }
}

/// Another tab saved an edit of a long document: this tab reads the one page that changed,
/// not the text nor the other pages, and gets what a whole read gets, sharing the text and
/// the unchanged spans with what it held.
#[test]
fn another_tabs_save_is_read_from_the_pages_that_changed() {
    let (mut ws, doc, mut backend, mut a) = many_spans_saved();
    let loaded = load(&mut backend, "t");
    let mut b = saver_after(&loaded);
    to_claim(&mut ws, on(2));
    a.save(&mut backend, ws.corpus(), ws.active_id()).unwrap();
    let raw = backend.get(&doc_key(&doc)).unwrap().unwrap();
    let reads = Reads {
        inner: &backend,
        keys: Default::default(),
    };
    let held = b.base(&doc).unwrap().clone();
    let read = read_stored_doc(&reads, &doc, &raw, b.known(&doc)).unwrap();
    let named = named_pages(&backend, &doc);
    assert_eq!(
        *reads.keys.borrow(),
        vec![named[2].clone()],
        "only the changed page"
    );
    let whole = read_stored_doc(&backend, &doc, &raw, None).unwrap();
    assert_eq!(read.doc.entry, whole.doc.entry);
    assert_eq!(read.doc.entry, *ws.entries()[0]);
    assert_eq!(read.pages, whole.pages, "tags and sizes");
    assert_eq!(read.doc.pages, whole.doc.pages);
    assert!(
        Rc::ptr_eq(&read.doc.entry.doc, &held.doc),
        "the same document"
    );
    let shared = read
        .doc
        .entry
        .spans
        .iter()
        .filter(|s| held.spans.iter().any(|h| Rc::ptr_eq(h, s)))
        .count();
    assert_eq!(
        shared,
        1_000
            - read
                .doc
                .entry
                .spans
                .iter()
                .filter(|s| page_of(&s.id, 4) == 2)
                .count()
    );
    // Taken in, the next read of the same key reads nothing at all.
    b.adopt(read, stored_bytes(&doc_key(&doc), &raw));
    let again = Reads {
        inner: &backend,
        keys: Default::default(),
    };
    let read = read_stored_doc(&again, &doc, &raw, b.known(&doc)).unwrap();
    assert!(again.keys.borrow().is_empty(), "{:?}", again.keys.borrow());
    assert_eq!(read.doc.entry, *ws.entries()[0]);
    // A title changed by the other tab is read; the text is still shared.
    let retitled = raw.replacen("\"title\":\"Long", "\"title\":\"Longer", 1);
    assert_ne!(retitled, raw);
    let read = read_stored_doc(&backend, &doc, &retitled, b.known(&doc)).unwrap();
    assert!(read.doc.entry.doc.title.starts_with("Longer"));
    assert_eq!(read.doc.entry.doc.text, ws.entries()[0].doc.text);
    assert_eq!(read.doc.entry.doc.blocks, ws.entries()[0].doc.blocks);
}

/// Storage is full: the pages an earlier edit replaced are removed at once, and the edit is
/// saved in the space they held.
#[test]
fn a_full_quota_frees_the_retired_pages_and_saves() {
    let (mut ws, doc, mut backend, mut saver) = many_spans_saved();
    let named = named_pages(&backend, &doc);
    to_claim(&mut ws, on(0));
    saver.pages.now_ms = 1_000;
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert!(backend.map.contains_key(&named[0]), "retired, kept for now");
    // Room for less than one more page.
    let page = backend.map[&named[1]].len() * 2;
    backend.quota = Some(backend.used() + page / 2);
    to_claim(&mut ws, on(1));
    saver.pages.now_ms = 2_000;
    saver
        .save(&mut backend, ws.corpus(), ws.active_id())
        .unwrap();
    assert!(!backend.map.contains_key(&named[0]), "removed to make room");
    let loaded = load(&mut backend, "t");
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.corpus, *ws.corpus());
}

mod paged_props {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        /// Add `n` spans on free words (ids new).
        Add(usize),
        /// Delete `n` spans, from the `at`-th on.
        Delete(usize, usize),
        /// Relabel the `at`-th span.
        Relabel(usize),
        /// Save, the write after `fail` writes failing (when set); then `ms` pass.
        Save { fail: Option<usize>, ms: u64 },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (1usize..4).prop_map(Op::Add),
            (0usize..300).prop_map(|n| Op::Add(n * 4)),
            (1usize..4, 0usize..1000).prop_map(|(n, at)| Op::Delete(n, at)),
            (0usize..400, 0usize..1000).prop_map(|(n, at)| Op::Delete(n, at)),
            (0usize..1000).prop_map(Op::Relabel),
            (proptest::option::of(0usize..6), 0u64..2 * RETIRE_MS)
                .prop_map(|(fail, ms)| Op::Save { fail, ms }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever edits, page counts, failed saves and times come: a load gives what the
        /// last save that succeeded stored, with no problem, and once every save is RETIRE_MS
        /// old, storage holds exactly the pages the document's key names.
        #[test]
        fn paged_saves_never_lose_or_tear_and_leave_no_pages_behind(
            ops in proptest::collection::vec(op(), 1..24),
        ) {
            const WORDS: usize = 4_000;
            let ws = many_spans(WORDS, 300);
            let doc = doc_of(&ws);
            let mut corpus = ws.corpus().clone();
            let mut backend = MemoryBackend::default();
            let mut saver = Saver::default();
            saver.pages.now_ms = 1;
            saver.save(&mut backend, &corpus, Some(&doc)).unwrap();
            let mut saved = corpus.clone();
            // Another tab that takes in each save the way the app does on a storage event
            // (reading only what it does not hold).
            let mut other = Saver::default();
            {
                let raw = backend.get(&doc_key(&doc)).unwrap().unwrap();
                let read = read_stored_doc(&backend, &doc, &raw, None).unwrap();
                other.adopt(read, stored_bytes(&doc_key(&doc), &raw));
            }
            let mut next = 0usize;
            for op in ops {
                match op {
                    Op::Add(n) => {
                        let body = corpus.entries()[0].doc.blocks[1].start;
                        let mut used = vec![false; WORDS];
                        for s in corpus.entries()[0].spans.iter() {
                            used[(s.start - body) / 9] = true;
                        }
                        let mut free = (0..WORDS).filter(|&w| !used[w]);
                        for _ in 0..n {
                            let Some(w) = free.next() else { break };
                            next += 1;
                            corpus
                                .apply(Edit::add_span(doc.clone(), span(&format!("n{next}"), body + 9 * w, body + 9 * w + 8, "quote")))
                                .unwrap();
                        }
                    }
                    Op::Delete(n, at) => {
                        let ids: Vec<SpanId> = corpus.entries()[0]
                            .spans
                            .iter()
                            .skip(at % (corpus.entries()[0].spans.len() + 1))
                            .take(n)
                            .map(|s| s.id.clone())
                            .collect();
                        for id in ids {
                            corpus.apply(Edit::delete_span(doc.clone(), id)).unwrap();
                        }
                    }
                    Op::Relabel(at) => {
                        let spans = &corpus.entries()[0].spans;
                        if !spans.is_empty() {
                            let s = &spans[at % spans.len()];
                            let label = if s.label == "claim" { "entity" } else { "claim" };
                            let id = s.id.clone();
                            corpus
                                .apply(Edit::relabel(doc.clone(), id, label.into(), None))
                                .unwrap();
                        }
                    }
                    Op::Save { fail, ms } => {
                        backend.fail_after_writes = fail.map(|n| backend.writes + n);
                        let done = saver.save(&mut backend, &corpus, Some(&doc));
                        backend.fail_after_writes = None;
                        if done.is_ok() {
                            saved = corpus.clone();
                            let raw = backend.get(&doc_key(&doc)).unwrap().unwrap();
                            let read = read_stored_doc(&backend, &doc, &raw, other.known(&doc)).unwrap();
                            let whole = read_stored_doc(&backend, &doc, &raw, None).unwrap();
                            prop_assert_eq!(&read.doc.entry, &whole.doc.entry);
                            prop_assert_eq!(&read.doc.entry, &*saved.entries()[0]);
                            prop_assert_eq!(&read.pages, &whole.pages);
                            other.adopt(read, stored_bytes(&doc_key(&doc), &raw));
                        }
                        let loaded = load(&mut backend.clone(), "t");
                        prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
                        prop_assert_eq!(&loaded.corpus.entries()[0].spans, &saved.entries()[0].spans);
                        prop_assert_eq!(saver.used_bytes() <= backend.used(), true);
                        saver.pages.now_ms += ms;
                    }
                }
            }
            // Everything saved, then every retired page's time passes.
            saver.save(&mut backend, &corpus, Some(&doc)).unwrap();
            saver.pages.now_ms += RETIRE_MS;
            saver.save(&mut backend, &corpus, Some(&doc)).unwrap();
            let loaded = load(&mut backend, "t");
            prop_assert_eq!(&loaded.corpus.entries()[0].spans, &corpus.entries()[0].spans);
            let mut named = named_pages(&backend, &doc);
            named.sort();
            prop_assert_eq!(stored_pages(&backend), named);
            prop_assert_eq!(saver.used_bytes(), backend.used());
        }
    }
}

#[test]
fn an_article_whose_text_went_missing_is_named_and_its_annotations_come_back_with_its_file() {
    let ws = annotated();
    let mut backend = MemoryBackend::default();
    save_all(&mut backend, &ws);
    let lost = ws
        .entries()
        .iter()
        .find(|e| !e.spans.is_empty() && !e.relations.is_empty())
        .expect("an annotated document with relations")
        .clone();
    backend.map.remove(&text_key(&lost.doc.id));

    let mut loaded = load(&mut backend, "t");
    assert_eq!(
        loaded.corpus.len(),
        ws.entries().len() - 1,
        "the others load"
    );
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let told = &loaded.problems[0];
    assert!(told.contains(&format!("“{}”", lost.doc.title)), "{told}");
    assert!(told.contains("open the article's file again"), "{told}");
    assert_eq!(loaded.orphans.len(), 1);
    let backups = backend
        .map
        .keys()
        .filter(|k| k.starts_with(BACKUP_PREFIX))
        .count();
    assert_eq!(backups, 1, "a copy is kept aside");

    // Not in the corpus yet: nothing to bring back, and the orphan stays.
    let nothing = restore_orphans(&backend, &mut loaded.orphans, &loaded.corpus);
    assert!(nothing.is_empty());
    assert_eq!(loaded.orphans.len(), 1);

    // The article opened again from its file: the same text, no annotations.
    let mut corpus = loaded.corpus.clone();
    let at = corpus.len();
    corpus
        .apply(Edit::insert_documents(
            at,
            vec![DocEntry::new((*lost.doc).clone())],
        ))
        .unwrap();
    let changes = restore_orphans(&backend, &mut loaded.orphans, &corpus);
    assert_eq!(changes.len(), 1);
    assert!(loaded.orphans.is_empty());
    for change in changes {
        match incoming(&corpus, change) {
            Incoming::Apply { edit, .. } => {
                corpus.apply(*edit).unwrap();
            }
            _ => panic!("the annotations are merged in"),
        }
    }
    let back = corpus.entry(&lost.doc.id).unwrap();
    assert_eq!(back.spans, lost.spans, "every span back");
    assert_eq!(back.relations, lost.relations, "every relation back");
}
