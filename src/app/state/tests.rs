//! The reducer, action by action.

use super::*;
use crate::formats::article::parse_article;
use crate::model::text::slice_cp;
use crate::model::SchemaEdit;
use crate::storage::schema::{LabelIdSet, Tombstones};

const TEXT: &str = "Headline\n\nThe mayor said “we will build it” on Tuesday.\n";

fn state() -> Rc<AppState> {
    Rc::new(AppState::new(Workspace::new(vec![
        parse_article(TEXT, "a.txt"),
        parse_article("Second\n\nMore text here.", "b.txt"),
    ])))
}

fn cp(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).expect("needle");
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn tag(s: Rc<AppState>, label: &str, raw: Option<(usize, usize)>, id: &str) -> Rc<AppState> {
    s.reduce(Action::Tag {
        label: label.to_owned(),
        raw,
        id: SpanId(id.into()),
        now: 1_000,
    })
}

fn spans(s: &AppState) -> Vec<(String, String)> {
    let entry = s.workspace.active().expect("active");
    entry
        .spans
        .iter()
        .map(|sp| {
            (
                sp.label.clone(),
                slice_cp(&entry.doc.text, sp.start, sp.end).to_owned(),
            )
        })
        .collect()
}

#[test]
fn tagging_snaps_to_words_and_selects_the_new_span() {
    let (a, b) = cp("ayor sai");
    let s = tag(state(), "entity", Some((a, b)), "s1");
    assert_eq!(spans(&s), vec![("entity".into(), "mayor said".into())]);
    assert_eq!(s.selected, Some(SpanId("s1".into())));
    // The first span marks the document as in progress.
    assert_eq!(
        s.workspace.active().map(|e| e.status_of("")),
        Some(Status::InProgress)
    );
}

#[test]
fn precise_mode_keeps_characters_and_whitespace_only_is_refused() {
    let s = state().reduce(Action::SetSnap(SnapMode::Characters));
    let (a, b) = cp("ayor");
    let s = tag(s, "claim", Some((a, b)), "s1");
    assert_eq!(spans(&s), vec![("claim".into(), "ayor".into())]);
    let before = s.clone();
    let s = tag(s, "claim", Some((a - 1, a - 1)), "s2");
    assert_eq!(spans(&s), spans(&before));
}

#[test]
fn triple_click_into_the_next_block_drops_the_separator() {
    let s = state().reduce(Action::SetSnap(SnapMode::Characters));
    let (a, _) = cp("Headline");
    let (next, _) = cp("The mayor");
    let s = tag(s, "quote", Some((a, next)), "s1");
    assert_eq!(spans(&s), vec![("quote".into(), "Headline".into())]);
}

#[test]
fn duplicate_tag_is_refused_and_reveals_the_existing_span() {
    let (a, b) = cp("mayor");
    let s = tag(state(), "entity", Some((a, b)), "s1");
    let s = s.reduce(Action::Select(None));
    let s = tag(s, "entity", Some((a, b)), "s2");
    assert_eq!(spans(&s).len(), 1);
    assert_eq!(s.selected, Some(SpanId("s1".into())));
    assert!(s.notices.iter().any(|n| n.text.contains("already")));
}

#[test]
fn label_key_without_selection_relabels_the_selected_span() {
    let (a, b) = cp("we will build it");
    let s = tag(state(), "claim", Some((a, b)), "s1");
    let s = tag(s, "quote", None, "unused");
    assert_eq!(spans(&s), vec![("quote".into(), "we will build it".into())]);
    let s = s.reduce(Action::Select(None));
    let s = tag(s, "entity", None, "unused");
    assert_eq!(spans(&s).len(), 1);
    assert!(s
        .notices
        .iter()
        .any(|n| n.text.starts_with("Select some text")));
}

#[test]
fn click_selects_innermost_then_cycles() {
    let (qa, qb) = cp("“we will build it”");
    let (ea, eb) = cp("we");
    let s = tag(state(), "quote", Some((qa, qb)), "outer");
    let s = tag(s, "entity", Some((ea, eb)), "inner");
    let ids = vec![SpanId("outer".into()), SpanId("inner".into())];
    let s = s.reduce(Action::Select(None));
    let s = s.reduce(Action::ClickSpans(ids.clone()));
    assert_eq!(s.selected, Some(SpanId("inner".into())));
    let s = s.reduce(Action::ClickSpans(ids.clone()));
    assert_eq!(s.selected, Some(SpanId("outer".into())));
    let s = s.reduce(Action::ClickSpans(ids));
    assert_eq!(s.selected, Some(SpanId("inner".into())));
    let s = s.reduce(Action::ClickSpans(vec![]));
    assert_eq!(s.selected, None, "a click on plain text deselects");
}

#[test]
fn delete_undo_redo_and_selection_follow_the_model() {
    let (a, b) = cp("Tuesday");
    let s = tag(state(), "entity", Some((a, b)), "s1");
    let s = s.reduce(Action::DeleteSelected);
    assert!(spans(&s).is_empty());
    assert_eq!(s.selected, None);
    let s = s.reduce(Action::Undo);
    assert_eq!(spans(&s).len(), 1);
    let s = s.reduce(Action::Undo);
    assert!(spans(&s).is_empty());
    assert_eq!(
        s.workspace.active().map(|e| e.status_of("")),
        Some(Status::New)
    );
    let s = s.reduce(Action::Redo).reduce(Action::Redo);
    assert!(spans(&s).is_empty());
    let unchanged = s.clone();
    let s = s.reduce(Action::Redo);
    assert!(Rc::ptr_eq(&s, &unchanged), "nothing to redo: same state");
}

#[test]
fn j_k_walk_spans_in_text_order_and_respect_the_filter() {
    let (a1, b1) = cp("mayor");
    let (a2, b2) = cp("Tuesday");
    let s = tag(state(), "entity", Some((a2, b2)), "late");
    let s = tag(s, "claim", Some((a1, b1)), "early");
    let s = s.reduce(Action::Select(None)).reduce(Action::StepSpan(1));
    assert_eq!(s.selected, Some(SpanId("early".into())));
    assert!(s.flash.is_some());
    let s = s.reduce(Action::StepSpan(1));
    assert_eq!(s.selected, Some(SpanId("late".into())));
    let s = s.reduce(Action::StepSpan(1));
    assert_eq!(s.selected, Some(SpanId("late".into())), "stops at the end");
    let s = s
        .reduce(Action::SetLabelFilter(Some("claim".into())))
        .reduce(Action::Select(None))
        .reduce(Action::StepSpan(-1));
    assert_eq!(s.selected, Some(SpanId("early".into())));
}

#[test]
fn deleting_a_document_is_undoable_and_loading_skips_duplicates() {
    let s = state();
    let first = s.workspace.entries()[0].doc.id.clone();
    let s = s.reduce(Action::DeleteDocument(first.clone()));
    assert_eq!(s.workspace.entries().len(), 1);
    assert!(s.notices.iter().any(|n| n.text.contains("Ctrl+Z")));
    let s = s.reduce(Action::Undo);
    assert_eq!(s.workspace.entries().len(), 2);

    let again = DocEntry::new(parse_article(TEXT, "copy.txt"));
    let new = DocEntry::new(parse_article("Third\n\nNew.", "c.txt"));
    let new_id = new.doc.id.clone();
    let s = s.reduce(Action::Load {
        entries: vec![again, new],
        notices: vec![],
    });
    assert_eq!(s.workspace.entries().len(), 3);
    assert_eq!(s.workspace.active_id(), Some(&new_id));
    assert!(s.notices.iter().any(|n| n.text.contains("already open")));
    let s = s.reduce(Action::Undo);
    assert_eq!(s.workspace.entries().len(), 2, "a load is one undo step");
}

#[test]
fn schema_edits_and_attributes_are_undoable_and_keep_the_filter_valid() {
    use crate::model::{LabelField, LabelSpec};
    let mut source = LabelSpec::new("source", "Source", "#cc79a7");
    source.key = Some('x');
    let s = state().reduce(Action::EditSchema(Edit::Schema(SchemaEdit::AddLabel {
        index: 3,
        label: source,
    })));
    assert_eq!(s.workspace.corpus().schema().len(), 4);
    let s = tag(s, "source", Some(cp("mayor")), "s1");
    assert_eq!(spans(&s), vec![("source".into(), "mayor".into())]);
    // Removing a label in use is refused, said in the Labels dialog (not behind it).
    let s = s.reduce(Action::EditSchema(Edit::Schema(SchemaEdit::RemoveLabel {
        id: "source".into(),
    })));
    assert!(s.workspace.corpus().schema().label("source").is_some());
    assert!(
        s.schema_refused
            .as_deref()
            .is_some_and(|w| w.contains("source") || w.contains("Source")),
        "{:?}",
        s.schema_refused
    );
    let s = s.reduce(Action::EditSchema(Edit::Schema(SchemaEdit::SetLabel {
        id: "source".into(),
        field: LabelField::Name("Named source".into()),
    })));
    assert_eq!(
        s.schema_refused, None,
        "a change that is made clears the refusal"
    );
    assert_eq!(
        s.workspace.corpus().schema().name_of("source"),
        "Named source"
    );
    let s = s.reduce(Action::Undo);
    assert_eq!(s.workspace.corpus().schema().name_of("source"), "Source");
    // Attributes of the selected entity: set, then undone.
    let s = tag(s, "entity", Some(cp("Tuesday")), "e1");
    let id = SpanId("e1".into());
    let s = s.reduce(Action::SetAttr(
        id.clone(),
        "type".into(),
        Some("event".into()),
        5,
    ));
    let attr = |s: &AppState| {
        let entry = s.workspace.active().unwrap();
        entry
            .span(&id)
            .and_then(|x| x.attrs.get("type").map(str::to_owned))
    };
    assert_eq!(attr(&s).as_deref(), Some("event"));
    let same = s.clone();
    let s = s.reduce(Action::SetAttr(
        id.clone(),
        "type".into(),
        Some("event".into()),
        6,
    ));
    assert!(Rc::ptr_eq(&s, &same), "an unchanged value is no edit");
    let s = s.reduce(Action::Undo);
    assert_eq!(attr(&s), None);
    // A filter on a label that goes away is dropped.
    let s = s
        .reduce(Action::Undo)
        .reduce(Action::Undo)
        .reduce(Action::SetLabelFilter(Some("source".into())))
        .reduce(Action::Undo);
    assert!(s.workspace.corpus().schema().label("source").is_none());
    assert_eq!(s.label_filter, None);
}

#[test]
fn s_links_a_quote_to_its_speaker_and_the_picker_follows_the_selection() {
    let s = tag(state(), "entity", Some(cp("mayor")), "e1");
    let s = tag(s, "quote", Some(cp("“we will build it”")), "q1");
    assert_eq!(s.selected.as_ref().map(|i| i.0.as_str()), Some("q1"));
    // s on a quote opens the speaker picker; Escape closes it and keeps the quote selected.
    let s = s.reduce(Action::OpenLink(None));
    assert_eq!(s.linking(), Some(RelationKind::SaidBy));
    let s = s.reduce(Action::Escape);
    assert_eq!((s.linking(), s.selected.is_some()), (None, true));
    // Linking adds one relation and closes the picker; the same link again changes nothing.
    let link = |s: Rc<AppState>, id: &str| {
        s.reduce(Action::OpenLink(None)).reduce(Action::Link {
            to: SpanId("e1".into()),
            id: RelationId(id.into()),
        })
    };
    let s = link(s, "r1");
    let rels = |s: &AppState| s.workspace.active().map_or(0, |e| e.relations.len());
    assert_eq!((rels(&s), s.linking()), (1, None));
    let r = &s.workspace.active().unwrap().relations[0];
    assert_eq!(
        (r.kind, r.from.0.as_str(), r.to.0.as_str()),
        (RelationKind::SaidBy, "q1", "e1")
    );
    let s = link(s, "r2");
    assert_eq!(rels(&s), 1);
    // Undo, redo, unlink.
    let s = s.reduce(Action::Undo);
    assert_eq!(rels(&s), 0);
    let s = s.reduce(Action::Redo);
    assert_eq!(rels(&s), 1);
    let s = s.reduce(Action::Unlink(RelationId("r1".into())));
    assert_eq!(rels(&s), 0);
    // Selecting another span closes the picker; an entity has no speaker (a notice instead).
    let s = s.reduce(Action::OpenLink(None));
    let s = s.reduce(Action::Select(Some(SpanId("e1".into()))));
    assert_eq!(s.linking(), None);
    let before = s.notices.len();
    let s = s.reduce(Action::OpenLink(None));
    assert_eq!((s.linking(), s.notices.len()), (None, before + 1));
    // A cue can be asked for explicitly on a quote, not on an entity.
    let s = s.reduce(Action::OpenLink(Some(RelationKind::Cue)));
    assert_eq!(s.linking(), None);
    let s = s.reduce(Action::Select(Some(SpanId("q1".into()))));
    let s = s.reduce(Action::OpenLink(Some(RelationKind::Cue)));
    assert_eq!(s.linking(), Some(RelationKind::Cue));
    // Nothing selected: a notice says what s needs.
    let s = s.reduce(Action::Escape).reduce(Action::Escape);
    assert_eq!(s.selected, None);
    let s = s.reduce(Action::OpenLink(None));
    assert!(s
        .notices
        .last()
        .is_some_and(|n| n.text.starts_with("Select a quote or a claim")));
}

#[test]
fn notices_are_capped_and_dismissable() {
    let mut s = state();
    for i in 0..10 {
        s = s.reduce(Action::Notify(NoticeKind::Info, format!("n{i}")));
    }
    assert_eq!(s.notices.len(), MAX_NOTICES);
    assert_eq!(s.notices.last().map(|n| n.text.as_str()), Some("n9"));
    let id = s.notices[0].id;
    let s = s.reduce(Action::Dismiss(id));
    assert_eq!(s.notices.len(), MAX_NOTICES - 1);
}

#[test]
fn another_tabs_schema_and_relations_merge_in() {
    let s = tag(state(), "quote", Some(cp("“we will build it”")), "q");
    let s = tag(s, "entity", Some(cp("mayor")), "e");
    let mut schema = (**s.workspace.corpus().schema()).clone();
    let mut labels = schema.labels().to_vec();
    labels.push(crate::model::LabelSpec::new(
        "opinion", "Opinion", "#c77d0a",
    ));
    schema = LabelSchema::new(labels).unwrap();
    let s = s.reduce(Action::Remote(RemoteChange::Schema {
        remote: Rc::new(schema.clone()),
        base: None,
        remote_deleted: LabelIdSet::default(),
        local_deleted: LabelIdSet::default(),
    }));
    assert_eq!(**s.workspace.corpus().schema(), schema);

    // The other tab gave the quote a speaker and the entity a type.
    let local = s.workspace.active().unwrap().clone();
    let mut remote = (*local).clone();
    remote.relations = Rc::new(vec![crate::model::Relation {
        id: crate::model::RelationId("r".into()),
        kind: crate::model::RelationKind::SaidBy,
        from: SpanId("q".into()),
        to: SpanId("e".into()),
    }]);
    let spans = Rc::make_mut(&mut remote.spans);
    let e = Rc::make_mut(spans.iter_mut().find(|x| x.id.0 == "e").unwrap());
    e.attrs.set("type", Some("person".into()));
    e.updated = Some(2_000);
    let s = s.reduce(Action::Remote(RemoteChange::Doc {
        remote: remote.clone(),
        base: Some(local),
        remote_deleted: Tombstones::default(),
        local_deleted: Tombstones::default(),
    }));
    let entry = s.workspace.active().unwrap();
    assert_eq!(**entry, remote);
    assert!(s.notices.iter().all(|n| n.kind == NoticeKind::Info));
}

#[test]
fn a_dataset_brings_its_labels_attributes_and_relations_in_one_undo_step() {
    use crate::formats::export::{export, ExportContext, Format};
    use crate::model::{Edit, LabelSpec};
    // Another corpus: this article with a label of its own, a speaker and a type.
    let mut other = Workspace::new(vec![parse_article(TEXT, "a.txt")]);
    other
        .edit(Edit::Schema(SchemaEdit::AddLabel {
            index: 3,
            label: LabelSpec::new("opinion", "Opinion", "#c77d0a"),
        }))
        .unwrap();
    let doc = other.entries()[0].doc.id.clone();
    let span = |id: &str, needle: &str, label: &str| {
        let (start, end) = cp(needle);
        Span::test(id, start, end, label)
    };
    for s in [
        span("q", "“we will build it”", "quote"),
        span("e", "mayor", "entity"),
        span("o", "on Tuesday", "opinion"),
    ] {
        other.edit(Edit::add_span(doc.clone(), s)).unwrap();
    }
    other
        .edit(Edit::set_attr(
            doc.clone(),
            SpanId("e".into()),
            "type".into(),
            Some("person".into()),
            None,
        ))
        .unwrap();
    other
        .edit(Edit::add_relation(
            doc.clone(),
            crate::model::Relation {
                id: crate::model::RelationId("r".into()),
                kind: crate::model::RelationKind::SaidBy,
                from: SpanId("q".into()),
                to: SpanId("e".into()),
            },
        ))
        .unwrap();
    let ctx = ExportContext {
        app_version: "0",
        exported_at: "2026-11-23T11:17:30Z",
        annotator: "",
    };
    let file = export(
        Format::Native,
        other.corpus().schema(),
        other.entries(),
        &ctx,
    )
    .unwrap();

    let before = state();
    let s = before.clone().reduce(Action::Files {
        files: vec![("d.json".into(), FileKind::Json, file.bytes)],
        notices: vec![],
    });
    // The file names nobody: the person says the annotations are theirs.
    assert_eq!(s.dialog, Some(Dialog::NameImport));
    let s = s.reduce(Action::NameImport(None));
    let corpus = s.workspace.corpus();
    assert!(corpus.schema().label("opinion").is_some());
    let entry = corpus.entry(&doc).unwrap();
    assert_eq!(entry.spans.len(), 3);
    assert_eq!(entry.speaker(&SpanId("q".into())).unwrap().id.0, "e");
    assert_eq!(
        entry.span(&SpanId("e".into())).unwrap().attrs.get("type"),
        Some("person")
    );
    assert!(s
        .notices
        .iter()
        .any(|n| n.text.starts_with("Imported 0 new articles and 4")));
    let s = s.reduce(Action::Undo);
    assert_eq!(s.workspace.corpus(), before.workspace.corpus());
}

#[test]
fn views_switch_and_revealing_a_span_opens_its_article() {
    let s = tag(state(), "entity", Some(cp("mayor")), "m");
    let first = s.workspace.entries()[0].doc.id.clone();
    let second = s.workspace.entries()[1].doc.id.clone();
    let s = s.reduce(Action::Open(second.clone()));
    assert_eq!(s.view, View::Article);
    let s = s.reduce(Action::SetView(View::People));
    assert_eq!(s.view, View::People);
    // Keys that act on the article do nothing in a corpus view.
    let s = s
        .reduce(Action::Open(first.clone()))
        .reduce(Action::NextView);
    let s = s.reduce(Action::Select(Some(SpanId("m".into()))));
    let same = s.clone();
    assert!(Rc::ptr_eq(&s.clone().reduce(Action::DeleteSelected), &same));
    assert!(Rc::ptr_eq(&s.clone().reduce(Action::StepSpan(1)), &same));
    assert!(Rc::ptr_eq(&tag(s.clone(), "claim", None, "x"), &same));
    // Escape goes back to the article first, then clears the selection.
    let s = s
        .reduce(Action::SetView(View::Claims))
        .reduce(Action::Escape);
    assert_eq!((s.view, s.selected.is_some()), (View::Article, true));
    let s = s.reduce(Action::Escape);
    assert_eq!(s.selected, None);
    // v goes round the four views.
    let s = s.reduce(Action::NextView);
    assert_eq!(s.view, View::People);
    let s = s.reduce(Action::NextView).reduce(Action::NextView);
    assert_eq!(s.view, View::Agreement);
    let s = s.reduce(Action::NextView);
    assert_eq!(s.view, View::Article);
    // Revealing from a view opens the article, selects and flashes the span.
    let s = s
        .reduce(Action::Open(second.clone()))
        .reduce(Action::SetView(View::People))
        .reduce(Action::RevealIn(first.clone(), SpanId("m".into())));
    assert_eq!(s.view, View::Article);
    assert_eq!(s.workspace.active_id(), Some(&first));
    assert_eq!(s.selected, Some(SpanId("m".into())));
    assert!(s.flash.as_ref().is_some_and(|(id, _)| id.0 == "m"));
    // A span that is gone changes nothing; choosing an article from a view shows it.
    let s = s.reduce(Action::SetView(View::Claims));
    let same = s.clone();
    assert!(Rc::ptr_eq(
        &s.clone()
            .reduce(Action::RevealIn(second, SpanId("m".into()))),
        &same
    ));
    let s = s.reduce(Action::Open(first));
    assert_eq!(s.view, View::Article);
}

#[test]
fn merging_entity_cards_is_one_undo_step_with_a_notice() {
    use crate::model::entities::entity_cards;
    let s = tag(state(), "entity", Some(cp("The mayor")), "a");
    let s = tag(s, "entity", Some(cp("mayor said")), "b");
    let s = s.reduce(Action::SetView(View::People));
    let before = s.workspace.corpus().clone();
    let cards = entity_cards(s.workspace.corpus());
    assert_eq!(cards.len(), 2);
    let (keep, merge) = (&cards[0], &cards[1]);
    assert_eq!(
        (keep.name.as_str(), merge.name.as_str()),
        ("mayor said", "The mayor")
    );
    let s = s.reduce(Action::MergeEntities {
        merge: Box::new(merge.clone()),
        into: keep.name.clone(),
        now: 9,
    });
    let after = entity_cards(s.workspace.corpus());
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].mentions.len(), 2);
    assert!(s
        .notices
        .iter()
        .any(|n| n.text == "“The mayor” is now “mayor said”. Press Ctrl+Z to undo."));
    assert_eq!(s.view, View::People, "merging stays in the view");
    let s = s.reduce(Action::Undo);
    assert_eq!(s.workspace.corpus(), &before);
}

#[test]
fn each_corpus_view_keeps_its_place_and_a_new_search_starts_on_the_first_page() {
    let s = state().reduce(Action::Place(View::People, PlaceChange::Page(100)));
    let s = s.reduce(Action::Place(View::People, PlaceChange::Scroll(1200)));
    let s = s.reduce(Action::Place(View::Claims, PlaceChange::Page(500)));
    assert_eq!(
        (s.people.start, s.people.scroll, s.claims.start),
        (100, 1200, 500)
    );
    let s = s.reduce(Action::Place(
        View::People,
        PlaceChange::Query("ada".into()),
    ));
    assert_eq!((s.people.query.as_str(), s.people.start), ("ada", 0));
    assert_eq!(s.claims.start, 500);
    // The article has no place: nothing changes.
    let same = s
        .clone()
        .reduce(Action::Place(View::Article, PlaceChange::Page(3)));
    assert!(Rc::ptr_eq(&s, &same));
}

#[test]
fn while_a_large_corpus_loads_the_open_article_takes_changes_and_they_are_carried_over() {
    let full = state();
    let open = full.workspace.active_id().cloned().expect("open");
    let article = (*full.workspace.active().expect("active").doc).clone();
    let mut partial = AppState::new(Workspace::from_corpus(
        crate::model::Corpus::new(vec![article]),
        None,
    ));
    partial.loading = Some(2);
    let s = tag(Rc::new(partial), "entity", Some(cp("The mayor")), "a");
    assert_eq!(spans(&s), vec![("entity".into(), "The mayor".into())]);
    // What changes more than the open article waits, with a notice.
    let refused = s.clone().reduce(Action::DeleteDocument(open.clone()));
    assert_eq!(refused.workspace, s.workspace);
    assert!(refused
        .notices
        .iter()
        .any(|n| n.text.contains("still loading")));
    let s = s.reduce(Action::Loaded(Box::new((*full).clone())));
    assert_eq!(s.loading, None);
    assert_eq!(s.workspace.corpus().len(), 2);
    assert_eq!(s.workspace.active_id(), Some(&open));
    assert_eq!(spans(&s), vec![("entity".into(), "The mayor".into())]);
    let s = s.reduce(Action::Undo);
    assert!(spans(&s).is_empty());
}

#[test]
fn the_status_set_and_shown_is_the_person_at_this_browsers() {
    let s = tag(state(), "entity", Some(cp("The mayor")), "a");
    let doc = s.workspace.active_id().unwrap().clone();
    let s = s.reduce(Action::SetAnnotator("Ada".into()));
    // Naming carried the status the first span gave.
    let status_of = |s: &AppState, who: &str| s.workspace.active().unwrap().status_of(who);
    assert_eq!(status_of(&s, "Ada"), Status::InProgress);
    assert_eq!(status_of(&s, ""), Status::New);
    let s = s.reduce(Action::SetStatus(doc.clone(), Status::Done));
    assert_eq!(status_of(&s, "Ada"), Status::Done);
    assert_eq!(status_of(&s, ""), Status::New);
    let s = s.reduce(Action::Undo);
    assert_eq!(status_of(&s, "Ada"), Status::InProgress);
}

#[test]
fn the_annotator_names_their_layer_and_new_spans_carry_the_name() {
    let s = tag(state(), "entity", Some(cp("The mayor")), "a");
    assert_eq!(&*s.workspace.active().unwrap().spans[0].annotator, "");
    let s = s.reduce(Action::SetAnnotator("  Ada \n Lovelace ".into()));
    assert_eq!(&*s.annotator, "Ada Lovelace");
    assert_eq!(
        &*s.workspace.active().unwrap().spans[0].annotator,
        "Ada Lovelace"
    );
    assert!(s
        .notices
        .iter()
        .any(|n| n.text
            == "You annotate as “Ada Lovelace” (the name is now on 1 annotation of yours)."));
    let s = tag(s, "quote", Some(cp("we will build it")), "b");
    let names: Vec<&str> = s
        .workspace
        .active()
        .unwrap()
        .spans
        .iter()
        .map(|sp| &*sp.annotator)
        .collect();
    assert_eq!(names, ["Ada Lovelace", "Ada Lovelace"]);
    // A new name takes the layer with it.
    let s = s.reduce(Action::SetAnnotator("Ada L.".into()));
    assert!(s
        .workspace
        .active()
        .unwrap()
        .spans
        .iter()
        .all(|sp| &*sp.annotator == "Ada L."));
    // No name: refused, with a notice, nothing changed.
    let before = s.workspace.clone();
    let s = s.reduce(Action::SetAnnotator(" \u{200b} ".into()));
    assert_eq!(s.workspace, before);
    assert_eq!(&*s.annotator, "Ada L.");
    assert!(s.notices.iter().any(|n| n.text.contains("Annotator box")));
}

#[test]
fn another_persons_layer_is_shown_and_never_changed_here() {
    use crate::model::annotators::Layer;
    let s = tag(state(), "entity", Some(cp("The mayor")), "a");
    let s = s.reduce(Action::SetAnnotator("Bo".into()));
    // Ada's span, as a file of hers brings it.
    let mut ada = s.workspace.active().unwrap().spans[0].as_ref().clone();
    ada.id = SpanId("ada-1".into());
    ada.annotator = Rc::from("Ada");
    ada.start = cp("we will build it").0;
    ada.end = cp("we will build it").1;
    ada.label = "quote".into();
    let mut s = (*s).clone();
    let doc = s.workspace.active_id().unwrap().clone();
    s.workspace.edit(Edit::add_span(doc, ada)).unwrap();
    let s = Rc::new(s);
    // Selected and deleted: refused, with a notice.
    let s = s.reduce(Action::ClickSpans(vec![SpanId("ada-1".into())]));
    assert_eq!(s.selected, Some(SpanId("ada-1".into())));
    let s = s.reduce(Action::DeleteSelected);
    assert_eq!(s.workspace.active().unwrap().spans.len(), 2);
    assert!(s
        .notices
        .iter()
        .any(|n| n.text == "That annotation is in the layer of “Ada”: only they change it."));
    // Another layer shown: the selection goes.
    let s = s.reduce(Action::ShowLayer(Layer::Of(Rc::from("Ada"))));
    assert_eq!(s.layer, Layer::Of(Rc::from("Ada")));
    assert_eq!(s.selected, None);
}

/// A state where Bo tagged "The mayor" as an entity and "we will build it" as a claim, and
/// Ada (from a file of hers) the same entity and the quote "we will build it".
fn two_layers() -> Rc<AppState> {
    let s = tag(state(), "entity", Some(cp("The mayor")), "b1");
    let s = tag(s, "claim", Some(cp("we will build it")), "b2");
    let s = s.reduce(Action::SetAnnotator("Bo".into()));
    let mut s = (*s).clone();
    let doc = s.workspace.active_id().unwrap().clone();
    for (id, label, needle) in [
        ("a1", "entity", "The mayor"),
        ("a2", "quote", "we will build it"),
    ] {
        let mut span = s.workspace.active().unwrap().spans[0].as_ref().clone();
        (span.id, span.label, span.annotator) = (SpanId(id.into()), label.into(), Rc::from("Ada"));
        (span.start, span.end) = cp(needle);
        s.workspace.edit(Edit::add_span(doc.clone(), span)).unwrap();
    }
    Rc::new(s)
}

#[test]
fn compared_layers_step_through_their_disagreements_only() {
    let s = two_layers().reduce(Action::ShowLayer(Layer::Compare(
        Rc::from("Bo"),
        Rc::from("Ada"),
    )));
    // "we will build it": a claim for Bo, a quote for Ada: one stop, Bo's span.
    let s = s.reduce(Action::StepSpan(1));
    assert_eq!(s.selected, Some(SpanId("b2".into())));
    let s = s.reduce(Action::StepSpan(1));
    assert_eq!(s.selected, Some(SpanId("b2".into())), "the last one");
}

#[test]
fn adjudication_merges_agreement_and_takes_a_version_none_or_all_as_undoable_steps() {
    let gold = |s: &AppState| -> Vec<(String, String)> {
        let e = s.workspace.active().unwrap();
        e.spans
            .iter()
            .filter(|sp| &*sp.annotator == GOLD)
            .map(|sp| {
                (
                    sp.label.clone(),
                    slice_cp(&e.doc.text, sp.start, sp.end).to_owned(),
                )
            })
            .collect()
    };
    let s = two_layers().reduce(Action::ShowLayer(Layer::Of(Rc::from(GOLD))));
    // Outside the gold layer the keys do nothing; here, with nothing selected, a hint.
    let s = s.reduce(Action::Adjudicate {
        choice: Choice::Selected,
        now: 5,
    });
    assert!(s
        .notices
        .iter()
        .any(|n| n.text.starts_with("Select a disagreement first")));
    let s = s.reduce(Action::MergeAgreed { now: 5 });
    assert_eq!(gold(&s), [("entity".to_owned(), "The mayor".to_owned())]);
    // j selects the first version of the one disagreement (Ada's, by name); y takes it.
    let s = s.reduce(Action::StepSpan(1));
    assert_eq!(s.selected, Some(SpanId("a2".into())));
    let s = s.reduce(Action::Adjudicate {
        choice: Choice::Selected,
        now: 6,
    });
    assert_eq!(gold(&s).len(), 2);
    assert!(gold(&s).contains(&("quote".to_owned(), "we will build it".to_owned())));
    // Undone: back to one; none instead: a decision, nothing in gold, resolved.
    let s = s.reduce(Action::Undo);
    assert_eq!(gold(&s).len(), 1);
    let s = s.reduce(Action::Select(Some(SpanId("b2".into()))));
    let s = s.reduce(Action::Adjudicate {
        choice: Choice::Nothing,
        now: 7,
    });
    assert_eq!(gold(&s).len(), 1);
    let e = s.workspace.active().unwrap();
    assert!(e.decided.iter().any(|k| k.starts_with("gold:")));
    let s = s.reduce(Action::Undo);
    assert!(s.workspace.active().unwrap().decided.is_empty());
    // All: both versions.
    let s = s.reduce(Action::Select(Some(SpanId("b2".into()))));
    let s = s.reduce(Action::Adjudicate {
        choice: Choice::All,
        now: 8,
    });
    assert_eq!(gold(&s).len(), 3);
    // Another layer shown: the keys change nothing.
    let s = s.reduce(Action::ShowLayer(Layer::Mine));
    let before = s.workspace.clone();
    let s = s.reduce(Action::Adjudicate {
        choice: Choice::All,
        now: 9,
    });
    assert_eq!(s.workspace, before);
}

#[test]
fn a_dataset_naming_nobody_waits_for_a_name_and_is_never_mine_unasked() {
    let s = tag(state(), "entity", Some(cp("The mayor")), "b1");
    let s = s.reduce(Action::SetAnnotator("Bo".into()));
    // A file of the same article with a quote that names nobody.
    let file = || {
        let mut entry = DocEntry::new(parse_article(TEXT, "a.txt"));
        let mut span = Span::test(
            "q1",
            cp("we will build it").0,
            cp("we will build it").1,
            "quote",
        );
        span.annotator = Rc::from("");
        entry.spans = Rc::new(vec![Rc::new(span)]);
        Action::Import {
            entries: vec![entry],
            schema: s.workspace.corpus().schema().as_ref().clone(),
            made: None,
            notices: vec![],
        }
    };
    let before = s.workspace.clone();
    let asked = s.clone().reduce(file());
    assert_eq!(asked.dialog, Some(Dialog::NameImport));
    assert_eq!(asked.workspace, before, "nothing merged yet");
    // Cancelled: nothing imported, and said so.
    let cancelled = asked.clone().reduce(Action::Escape);
    assert_eq!(
        (cancelled.dialog, cancelled.unnamed.is_none()),
        (None, true)
    );
    assert_eq!(cancelled.workspace, before);
    assert!(cancelled
        .notices
        .iter()
        .any(|n| n.text == "Nothing was imported from that file."));
    // An empty name is refused; the file still waits.
    let empty = asked.clone().reduce(Action::NameImport(Some("  ".into())));
    assert_eq!(empty.dialog, Some(Dialog::NameImport));
    // Named: a layer of its own.
    let named = asked.clone().reduce(Action::NameImport(Some("Cy".into())));
    assert_eq!(named.dialog, None);
    let whose = |s: &AppState| -> Vec<String> {
        s.workspace
            .active()
            .unwrap()
            .spans
            .iter()
            .map(|sp| sp.annotator.to_string())
            .collect()
    };
    assert_eq!(whose(&named), ["Bo", "Cy"]);
    // Mine, when the person says so.
    let mine = asked.reduce(Action::NameImport(None));
    assert_eq!(whose(&mine), ["Bo", "Bo"]);
    // The same file again: asked again (it still names nobody); mine again: nothing new.
    let again = mine.clone().reduce(file());
    assert_eq!(again.dialog, Some(Dialog::NameImport));
    let again = again.reduce(Action::NameImport(None));
    assert_eq!(again.workspace, mine.workspace);
    assert!(again
        .notices
        .iter()
        .any(|n| n.text == "Everything in that file is already here."));
}

#[test]
fn drawers_open_close_and_give_way() {
    let s = state().reduce(Action::Drawer(Drawer::Documents));
    assert_eq!(s.drawer, Some(Drawer::Documents));
    // Another drawer replaces it; the same one closes it.
    let s = s.reduce(Action::Drawer(Drawer::Annotations));
    assert_eq!(s.drawer, Some(Drawer::Annotations));
    let s = s.reduce(Action::Drawer(Drawer::Annotations));
    assert_eq!(s.drawer, None);
    // Escape closes a drawer first; choosing an article closes the documents.
    let s = s
        .reduce(Action::Drawer(Drawer::Documents))
        .reduce(Action::Escape);
    assert_eq!(s.drawer, None);
    let id = s.workspace.entries()[1].doc.id.clone();
    let s = s
        .reduce(Action::Drawer(Drawer::Documents))
        .reduce(Action::Open(id));
    assert_eq!(s.drawer, None);
    // A dialog opened from the menu closes it.
    let s = s
        .reduce(Action::Drawer(Drawer::Menu))
        .reduce(Action::Show(Dialog::Help));
    assert_eq!((s.drawer, s.dialog), (None, Some(Dialog::Help)));
}
