//! Merging a Marginalia dataset into the corpus: which documents, spans and relations are
//! new, which are already here, and which do not fit. Pure: the reducer applies the one edit
//! this returns and shows its messages.

use std::collections::HashMap;
use std::rc::Rc;

use super::edit::{Edit, SchemaEdit};
use super::entry::{fit_entry, DocEntry, Status};
use super::labels::LabelSchema;
use super::relation::RelationId;
use super::span::{layer_id, Span, SpanId};
use super::store::Corpus;
use super::words::{agree, plural};
use super::DocId;
use crate::model::words::join;

/// What merging a dataset into a corpus comes to.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetMerge {
    /// One undo step: the labels the corpus lacks, then the new spans, relations and
    /// documents. `None` when everything is already here.
    pub edit: Option<Edit>,
    /// The first new document (to open).
    pub first_new: Option<DocId>,
    /// What of the dataset's schema could not be taken ([`LabelSchema::union`]).
    pub schema_problems: Vec<String>,
    /// New documents, annotations (spans and relations) added, annotations already here
    /// (kept as they are), annotations that do not fit this corpus.
    pub docs: usize,
    pub added: usize,
    pub present: usize,
    pub left_out: usize,
    /// Statuses of annotators given to documents already here.
    pub statuses: usize,
    /// Annotations of other people's layers that the file changed or removed (it is newer
    /// than the copy here), and the layers it was older than (left as they are).
    pub changed: usize,
    pub removed: usize,
    pub stale: Vec<String>,
}

impl DatasetMerge {
    /// The notice for annotations left out, if any.
    pub fn left_out_message(&self) -> Option<String> {
        let n = self.left_out;
        (n > 0).then(|| {
            format!(
                "{} did not fit this corpus and {} left out.",
                plural(n, "annotation or relation", "annotations or relations"),
                agree(n, "was", "were")
            )
        })
    }

    /// The notice once the edit is applied (or when there is nothing to apply).
    pub fn summary(&self) -> String {
        if self.edit.is_none() {
            return "Everything in that file is already here.".to_owned();
        }
        let present = if self.present > 0 {
            format!(" ({} already here, kept as they are)", self.present)
        } else {
            String::new()
        };
        let statuses = if self.statuses > 0 {
            format!(" and {}", plural(self.statuses, "status", "statuses"))
        } else {
            String::new()
        };
        let mut text = format!(
            "Imported {} and {}{present}{statuses}.",
            plural(self.docs, "new article", "new articles"),
            plural(self.added, "annotation", "annotations"),
        );
        if self.changed + self.removed > 0 {
            text.push_str(&format!(
                " The file is newer than the layers here: {} changed, {} removed.",
                self.changed, self.removed
            ));
        }
        text
    }

    /// The notice for layers the file is older than, if any.
    pub fn stale_message(&self) -> Option<String> {
        (!self.stale.is_empty()).then(|| {
            let names: Vec<&str> = self
                .stale
                .iter()
                .map(|n| super::annotators::shown_name(n))
                .collect();
            format!(
                "That file is older than the layer of {} here: left as it is.",
                join(&names, ", ")
            )
        })
    }
}

/// When a file was made and by whom (a Marginalia export's `exported_at` and `exported_by`):
/// such a file is its maker's layer as it was then.
pub type Made = (u64, Rc<str>);

/// How many of `entries`' spans name no annotator and would be added to `corpus` (not already
/// here, by id, unnamed): such a file's annotations are named by the user before they are
/// merged, never taken into anyone's layer unasked.
pub fn unnamed_additions(corpus: &Corpus, entries: &[DocEntry]) -> usize {
    entries
        .iter()
        .map(|e| {
            let local = corpus.entry(&e.doc.id);
            e.spans
                .iter()
                .filter(|s| s.annotator.is_empty())
                .filter(|s| {
                    local
                        .and_then(|l| l.span(&s.id))
                        .is_none_or(|here| !here.annotator.is_empty())
                })
                .count()
        })
        .sum()
}

/// Give `entries`' unnamed spans and status the annotator `name`.
pub fn name_unnamed(entries: &mut [DocEntry], name: &Rc<str>) {
    for e in entries {
        if e.spans.iter().any(|s| s.annotator.is_empty()) {
            let spans: Vec<Rc<super::span::Span>> = e
                .spans
                .iter()
                .map(|s| {
                    if s.annotator.is_empty() {
                        let mut named = (**s).clone();
                        named.annotator = Rc::clone(name);
                        Rc::new(named)
                    } else {
                        Rc::clone(s)
                    }
                })
                .collect();
            e.spans = Rc::new(spans);
        }
        let unnamed = e.statuses.iter().position(|(who, _)| who.is_empty());
        if let Some(at) = unnamed {
            let mut statuses = (*e.statuses).clone();
            let (_, status) = statuses.remove(at);
            if !statuses.iter().any(|(who, _)| who == name) {
                statuses.push((Rc::clone(name), status));
                super::sort::sort_with(&mut statuses, &|a, b| a.0.cmp(&b.0));
            }
            e.statuses = Rc::new(statuses);
        }
    }
}

/// Merge `entries` (a dataset with its `schema`) into `corpus`: new documents are added
/// (at the end); for documents already here (same id, i.e. same text), spans and relations
/// whose ids are new are added and existing ids are kept as they are (and so is a span that
/// is here with another id, at the same place with the same label in the same layer). Each span stays in its
/// annotator's layer: one whose id a span of another layer holds here takes an id of its own
/// layer ([`SpanId::in_layer`], the same on every import), with its relations, so another
/// annotator's file adds their layer and never changes anyone else's. What the corpus's
/// schema lacks of `schema` is added first. An addition that does not fit (a relation to a
/// span this corpus lacks, a second speaker for a quote that has one here) is left out
/// instead of refusing the whole file.
///
/// Statuses go to the annotators the file names, and only where this corpus has none for
/// them (`New`): a status already here is kept, like a span already here. So a file never
/// changes a status set here, and gives `me` (the person at this browser) a status only when
/// it names them by their name (their own export brought back); the file's unnamed annotator
/// is never taken for an unnamed `me`. Decisions are added to those here (a union).
#[must_use]
pub fn merge_dataset(
    corpus: &Corpus,
    entries: Vec<DocEntry>,
    schema: &LabelSchema,
    me: &str,
    made: Option<&Made>,
) -> DatasetMerge {
    let mut edits = Vec::new();
    let (mut changed, mut removed, mut stale) = (0usize, 0usize, Vec::new());
    let mut new_docs = Vec::new();
    let (mut added, mut present, mut left_out) = (0usize, 0usize, 0usize);
    let mut statuses = 0usize;
    let here = corpus.schema();
    let (merged, schema_problems) = here.union(schema);
    if merged != **here {
        edits.push(Edit::Schema(SchemaEdit::Replace(Rc::new(merged.clone()))));
    }
    // A scratch copy checks each addition in turn.
    let mut scratch = corpus.clone();
    if let Some(first) = edits.first() {
        let _ = scratch.apply(first.clone());
    }
    // Whether the file's status for `who` may be taken (see above).
    let takes = |who: &str| !(who.is_empty() && me.is_empty());
    for mut entry in entries {
        left_out += fit_entry(&mut entry, &merged);
        let Some(local) = corpus.entry(&entry.doc.id) else {
            added += entry.spans.len() + entry.relations.len();
            if !entry.statuses.iter().all(|(who, _)| takes(who)) {
                let statuses = Rc::make_mut(&mut entry.statuses);
                statuses.retain(|(who, _)| takes(who));
            }
            new_docs.push(entry);
            continue;
        };
        let doc = &entry.doc.id;
        // Another person's layer from a file newer than the copy here: the file is that layer
        // now (only they change it): what it lacks they deleted, what differs is their newer
        // version (deleted here, and added again from the file below). A file older than the
        // copy leaves the layer as it is: a deletion made since is never undone by it.
        let mut skip: Vec<Rc<str>> = Vec::new();
        let mut redo: crate::model::set::Set<String> = Default::default();
        if let Some((made, by)) = made {
            let made = *made;
            // The exporter's own layer only: their copy of anyone else's may be out of date.
            let mut layers: Vec<Rc<str>> = entry
                .spans
                .iter()
                .map(|s| Rc::clone(&s.annotator))
                .filter(|w| w == by && &**w != me)
                .collect();
            super::sort::sort_with(&mut layers, &|a, b| a.cmp(b));
            layers.dedup();
            for who in &layers {
                let ours: Vec<&Rc<Span>> =
                    local.spans.iter().filter(|s| &s.annotator == who).collect();
                let newest = ours.iter().filter_map(|s| s.updated.or(s.created)).max();
                if newest.is_some_and(|t| t > made) {
                    stale.push(who.to_string());
                    skip.push(Rc::clone(who));
                    continue;
                }
                let mut theirs: Vec<(SpanId, &Rc<Span>)> = entry
                    .spans
                    .iter()
                    .filter(|s| &s.annotator == who)
                    .map(|s| (id_here(local, s), s))
                    .collect();
                super::sort::sort_with(&mut theirs, &|a, b| a.0.cmp(&b.0));
                for s in ours {
                    let again = match theirs.binary_search_by(|t| t.0.cmp(&s.id)) {
                        Err(_) => false,
                        Ok(i) if differs(theirs[i].1, s) => true,
                        Ok(_) => continue,
                    };
                    if attempt(
                        &mut scratch,
                        Edit::delete_span(doc.clone(), s.id.clone()),
                        &mut edits,
                    ) {
                        if again {
                            changed += 1;
                            redo.insert(s.id.0.clone());
                        } else {
                            removed += 1;
                        }
                    }
                }
            }
        }
        // A span whose id another layer holds here takes an id of its own layer (the same on
        // every import); its relations follow it.
        // (By the old id, each new id and layer's place in `moved`: maps of the app's key and
        // value types, which cost no hash table code of their own.)
        let mut renamed: HashMap<&str, usize> = HashMap::new();
        let mut moved: Vec<(SpanId, &str)> = Vec::new();
        for original in entry.spans.iter() {
            let mut span = (**original).clone();
            if local
                .span(&original.id)
                .is_some_and(|s| s.annotator != original.annotator)
            {
                let id = original.id.in_layer(&original.annotator);
                renamed.insert(original.id.0.as_str(), moved.len());
                moved.push((id.clone(), &original.annotator));
                span.id = id;
            }
            // Here already: by id, or as the same span of the same layer (a file without ids,
            // such as spaCy's, read again).
            let same = |s: &Rc<Span>| {
                (s.start, s.end, &s.label, &s.annotator)
                    == (span.start, span.end, &span.label, &span.annotator)
            };
            let again = redo.contains(&span.id.0);
            if skip.contains(&span.annotator)
                || (!again && (local.span(&span.id).is_some() || local.spans.iter().any(same)))
            {
                present += 1;
            } else if attempt(&mut scratch, Edit::add_span(doc.clone(), span), &mut edits) {
                added += usize::from(!again);
            } else {
                left_out += 1;
            }
        }
        for relation in entry.relations.iter() {
            let mut relation = relation.clone();
            let of = |id: &SpanId| renamed.get(id.0.as_str()).map(|&k| &moved[k]);
            if let Some((id, annotator)) = of(&relation.from) {
                // A relation of a renamed span's layer takes an id of that layer too.
                relation.id = RelationId(layer_id(&relation.id.0, annotator));
                relation.from = id.clone();
            }
            if let Some((id, _)) = of(&relation.to) {
                relation.to = id.clone();
            }
            // A quote that has a speaker here keeps it. (Here: after the changes above, which
            // took the relations of a changed span with it.)
            let now = scratch.entry(doc);
            let speaker_here = relation.kind.single()
                && now.is_some_and(|e| {
                    e.relations
                        .iter()
                        .any(|r| r.kind == relation.kind && r.from == relation.from)
                });
            let of_skipped = entry
                .span(&relation.from)
                .is_some_and(|s| skip.contains(&s.annotator));
            if of_skipped || now.is_some_and(|e| e.relation(&relation.id).is_some()) {
                present += 1;
            } else if speaker_here
                || !attempt(
                    &mut scratch,
                    Edit::add_relation(doc.clone(), relation.clone()),
                    &mut edits,
                )
            {
                left_out += 1;
            } else {
                added += 1;
            }
        }
        for (who, status) in entry.statuses.iter() {
            if takes(who) && local.status_of(who) == Status::New {
                let edit = Edit::set_status(doc.clone(), Rc::clone(who), *status);
                if attempt(&mut scratch, edit, &mut edits) {
                    statuses += 1;
                }
            }
        }
        for key in entry.decided.iter() {
            if !local.is_decided(key) {
                attempt(
                    &mut scratch,
                    Edit::decide(doc.clone(), Rc::clone(key), true),
                    &mut edits,
                );
            }
        }
    }
    let docs = new_docs.len();
    let first_new = new_docs.first().map(|e| e.doc.id.clone());
    if !new_docs.is_empty() {
        edits.push(Edit::insert_documents(corpus.len(), new_docs));
    }
    DatasetMerge {
        edit: (!edits.is_empty()).then_some(Edit::Batch(edits)),
        first_new,
        schema_problems,
        docs,
        added,
        present,
        left_out,
        statuses,
        changed,
        removed,
        stale,
    }
}

/// Apply `edit` to the scratch copy and keep it when it fits.
fn attempt(scratch: &mut Corpus, edit: Edit, edits: &mut Vec<Edit>) -> bool {
    let fits = scratch.apply(edit.clone()).is_ok();
    if fits {
        edits.push(edit);
    }
    fits
}

/// The id a file's span takes here: its own, or one of its layer when another layer holds
/// that id here ([`SpanId::in_layer`]).
fn id_here(local: &DocEntry, s: &super::span::Span) -> SpanId {
    if local
        .span(&s.id)
        .is_some_and(|l| l.annotator != s.annotator)
    {
        s.id.in_layer(&s.annotator)
    } else {
        s.id.clone()
    }
}

/// Whether two versions of a span differ in what it says (not in when).
fn differs(a: &super::span::Span, b: &super::span::Span) -> bool {
    (a.start, a.end, &a.label, &a.note, &a.attrs) != (b.start, b.end, &b.label, &b.note, &b.attrs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::{LabelSpec, Relation, RelationId, RelationKind, Span, SpanId};

    fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span::test(id, start, end, label)
    }

    fn entry(text: &str, spans: Vec<Span>) -> DocEntry {
        let mut e = DocEntry::new(parse_article(text, "a.txt"));
        e.spans = Rc::new(spans.into_iter().map(Rc::new).collect());
        e
    }

    fn corpus(entries: Vec<DocEntry>) -> Corpus {
        let mut corpus = Corpus::default();
        corpus
            .apply(Edit::insert_documents(0, entries))
            .expect("inserted");
        corpus
    }

    const TEXT: &str = "Title\n\n\u{201c}We will,\u{201d} said Ann Lee.";

    #[test]
    fn new_spans_are_added_known_ids_kept_and_new_documents_appended() {
        let here = entry(TEXT, vec![span("a", 7, 17, "quote")]);
        let mut corpus = corpus(vec![here.clone()]);
        let theirs = entry(
            TEXT,
            vec![span("a", 7, 12, "claim"), span("b", 23, 30, "entity")],
        );
        let other = entry("Other\n\nText.", vec![span("x", 7, 11, "claim")]);
        let merge = merge_dataset(
            &corpus,
            vec![theirs, other.clone()],
            &LabelSchema::default(),
            "",
            None,
        );
        assert_eq!(
            (merge.docs, merge.added, merge.present, merge.left_out),
            (1, 2, 1, 0)
        );
        assert_eq!(merge.first_new, Some(other.doc.id.clone()));
        assert!(merge.schema_problems.is_empty());
        assert_eq!(
            merge.summary(),
            "Imported 1 new article and 2 annotations (1 already here, kept as they are)."
        );
        assert_eq!(merge.left_out_message(), None);
        corpus.apply(merge.edit.expect("an edit")).expect("applies");
        assert_eq!(corpus.len(), 2);
        let merged = corpus.entry(&here.doc.id).expect("here");
        // The span already here keeps its own label; the new one is added.
        let labels: Vec<&str> = merged.spans.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["quote", "entity"]);
    }

    #[test]
    fn the_datasets_labels_are_added_and_what_does_not_fit_is_left_out() {
        let here = entry(
            TEXT,
            vec![span("q", 7, 17, "quote"), span("e", 23, 30, "entity")],
        );
        let mut said = here.clone();
        said.relations = Rc::new(vec![Relation {
            id: RelationId("r1".into()),
            kind: RelationKind::SaidBy,
            from: SpanId("q".into()),
            to: SpanId("e".into()),
        }]);
        let corpus = corpus(vec![said]);
        let mut labels = LabelSchema::default().labels().to_vec();
        labels.push(LabelSpec::new("date", "Date", "#336699"));
        let schema = LabelSchema::new(labels).expect("valid");
        let mut theirs = entry(
            TEXT,
            vec![span("d", 0, 5, "date"), span("e2", 27, 30, "entity")],
        );
        theirs.spans = Rc::new(
            here.spans
                .iter()
                .cloned()
                .chain(theirs.spans.iter().cloned())
                .collect(),
        );
        theirs.relations = Rc::new(vec![
            // A second speaker for a quote that has one here: left out.
            Relation {
                id: RelationId("r2".into()),
                kind: RelationKind::SaidBy,
                from: SpanId("q".into()),
                to: SpanId("e2".into()),
            },
            // A relation to a span that is nowhere: left out.
            Relation {
                id: RelationId("r3".into()),
                kind: RelationKind::SaidBy,
                from: SpanId("q".into()),
                to: SpanId("gone".into()),
            },
        ]);
        let merge = merge_dataset(&corpus, vec![theirs], &schema, "", None);
        assert_eq!(
            (merge.docs, merge.added, merge.present, merge.left_out),
            (0, 2, 2, 2)
        );
        assert_eq!(
            merge.left_out_message().as_deref(),
            Some("2 annotations or relations did not fit this corpus and were left out.")
        );
        let Some(Edit::Batch(parts)) = &merge.edit else {
            panic!("a batch");
        };
        assert!(matches!(parts[0], Edit::Schema(SchemaEdit::Replace(_))));
        let mut corpus = corpus;
        corpus
            .apply(merge.edit.clone().expect("edit"))
            .expect("applies");
        assert!(corpus.schema().label("date").is_some());
    }

    #[test]
    fn a_dataset_already_here_changes_nothing() {
        let here = entry(TEXT, vec![span("q", 7, 17, "quote")]);
        let corpus = corpus(vec![here.clone()]);
        let merge = merge_dataset(&corpus, vec![here], &LabelSchema::default(), "", None);
        assert_eq!(merge.edit, None);
        assert_eq!(merge.summary(), "Everything in that file is already here.");
    }

    #[test]
    fn another_annotators_file_adds_their_layer_and_never_changes_mine() {
        let mine = |mut s: Span| {
            s.annotator = Rc::from("Ann");
            s
        };
        let theirs = |mut s: Span| {
            s.annotator = Rc::from("Bo");
            s
        };
        let here = entry(TEXT, vec![mine(span("1", 7, 17, "quote"))]);
        let mut corpus = corpus(vec![here.clone()]);
        let mut file = entry(
            TEXT,
            vec![
                theirs(span("1", 7, 12, "quote")),
                theirs(span("2", 23, 30, "entity")),
            ],
        );
        file.relations = Rc::new(vec![Relation {
            id: RelationId("r1".into()),
            kind: RelationKind::SaidBy,
            from: SpanId("1".into()),
            to: SpanId("2".into()),
        }]);
        let merge = merge_dataset(
            &corpus,
            vec![file.clone()],
            &LabelSchema::default(),
            "",
            None,
        );
        assert_eq!((merge.added, merge.present, merge.left_out), (3, 0, 0));
        corpus.apply(merge.edit.expect("an edit")).expect("applies");
        let e = corpus.entries()[0].clone();
        let renamed = SpanId("1".into()).in_layer("Bo");
        let mine_now = e.span(&SpanId("1".into())).unwrap();
        assert_eq!(
            (&*mine_now.annotator, mine_now.end),
            ("Ann", 17),
            "mine as it was"
        );
        let bo = e.span(&renamed).expect("their span, renamed");
        assert_eq!((&*bo.annotator, bo.end), ("Bo", 12));
        assert_eq!(e.relations.len(), 1);
        assert_eq!(e.relations[0].from, renamed);
        assert_eq!(e.relations[0].to, SpanId("2".into()));
        // The same file again changes nothing.
        let again = merge_dataset(&corpus, vec![file], &LabelSchema::default(), "", None);
        assert!(again.edit.is_none(), "{:?}", again.edit);
        assert_eq!(again.present, 3);
    }

    #[test]
    fn a_files_statuses_go_to_its_annotators_and_never_change_one_here() {
        use crate::model::entry::{decided_from, statuses_from};
        let who = |n: &str| -> Rc<str> { Rc::from(n) };
        let mut here = entry(TEXT, vec![]);
        here.statuses = statuses_from(vec![(who("Cy"), Status::InProgress)]);
        here.decided = decided_from(vec![who("gold:7:17:quote")]);
        let other = entry("Other\n\nText.", vec![]);
        let mut file = here.clone();
        file.statuses = statuses_from(vec![
            (who(""), Status::Done),
            (who("Bo"), Status::Done),
            (who("Cy"), Status::Done),
        ]);
        file.decided = decided_from(vec![who("suggest:0:5:entity")]);
        let mut new_file = other.clone();
        new_file.statuses = file.statuses.clone();
        for me in ["Cy", ""] {
            let mut corpus = corpus(vec![here.clone()]);
            let before = corpus.clone();
            let files = vec![file.clone(), new_file.clone()];
            let merge = merge_dataset(&corpus, files, &LabelSchema::default(), me, None);
            let inverse = corpus.apply(merge.edit.expect("an edit")).expect("applies");
            let e = corpus.entries()[0].clone();
            // Cy's own status here stays; Bo's is new here; the unnamed one of the file is
            // taken only when the person here has a name (else it could be taken for theirs).
            assert_eq!(e.status_of("Cy"), Status::InProgress, "{me}");
            assert_eq!(e.status_of("Bo"), Status::Done);
            let unnamed = if me.is_empty() {
                Status::New
            } else {
                Status::Done
            };
            assert_eq!(e.status_of(""), unnamed);
            assert_eq!(merge.statuses, if me.is_empty() { 1 } else { 2 });
            let keys: Vec<&str> = e.decided.iter().map(|k| &**k).collect();
            assert_eq!(keys, ["gold:7:17:quote", "suggest:0:5:entity"]);
            // A new document takes the file's statuses, by the same rule.
            let new = corpus.entry(&other.doc.id).expect("added").clone();
            assert_eq!(new.status_of(""), unnamed);
            assert_eq!(new.status_of("Cy"), Status::Done, "named in the file");
            assert_eq!(new.status_of("Bo"), Status::Done);
            // One undo step.
            corpus.apply(inverse).expect("undone");
            assert_eq!(corpus, before);
        }
        assert!(merge_dataset(
            &corpus(vec![here.clone()]),
            vec![here],
            &LabelSchema::default(),
            "Cy",
            None,
        )
        .edit
        .is_none());
    }

    #[test]
    fn a_newer_file_updates_another_persons_layer_and_an_older_one_changes_nothing() {
        let text = "T\n\nOne two three four five six seven eight nine ten.";
        let by = |id: &str, start, end, label: &str, who: &str, at: u64| {
            let mut s = span(id, start, end, label);
            s.annotator = Rc::from(who);
            (s.created, s.updated) = (Some(at), Some(at));
            s
        };
        let here = corpus(vec![entry(
            text,
            vec![
                by("a1", 3, 6, "quote", "Ada", 100),
                by("a2", 7, 10, "entity", "Ada", 100),
                by("b1", 11, 16, "claim", "Bo", 100),
            ],
        )]);
        // Ada's file of time 200: a1 relabelled, a2 deleted, a3 new.
        let file = entry(
            text,
            vec![
                by("a1", 3, 6, "claim", "Ada", 150),
                by("a3", 17, 21, "entity", "Ada", 160),
            ],
        );
        let merge = merge_dataset(
            &here,
            vec![file.clone()],
            &LabelSchema::default(),
            "Bo",
            Some(&(200, Rc::from("Ada"))),
        );
        assert_eq!((merge.added, merge.changed, merge.removed), (1, 1, 1));
        assert!(
            merge.summary().ends_with("1 changed, 1 removed."),
            "{}",
            merge.summary()
        );
        let mut after = here.clone();
        after.apply(merge.edit.unwrap()).unwrap();
        let e = &after.entries()[0];
        let spans: Vec<(&str, &str, &str)> = e
            .spans
            .iter()
            .map(|s| (s.id.0.as_str(), s.label.as_str(), &*s.annotator))
            .collect();
        assert_eq!(
            spans,
            [
                ("a1", "claim", "Ada"),
                ("b1", "claim", "Bo"),
                ("a3", "entity", "Ada")
            ]
        );
        // The same file again: nothing.
        let again = merge_dataset(
            &after,
            vec![file.clone()],
            &LabelSchema::default(),
            "Bo",
            Some(&(200, Rc::from("Ada"))),
        );
        assert!(again.edit.is_none());
        // An older file of Ada's (time 120, before her changes): her layer stays as it is,
        // the span she deleted does not come back.
        let old = entry(
            text,
            vec![
                by("a1", 3, 6, "quote", "Ada", 100),
                by("a2", 7, 10, "entity", "Ada", 100),
            ],
        );
        let stale = merge_dataset(
            &after,
            vec![old],
            &LabelSchema::default(),
            "Bo",
            Some(&(120, Rc::from("Ada"))),
        );
        assert!(stale.edit.is_none());
        assert_eq!(stale.stale, ["Ada"]);
        assert!(stale
            .stale_message()
            .unwrap()
            .contains("older than the layer of Ada"));
        // My own layer is never taken away by a file, however new: Bo's b1 stays.
        let bo = entry(text, vec![by("b2", 17, 21, "quote", "Bo", 300)]);
        let mine = merge_dataset(
            &after,
            vec![bo],
            &LabelSchema::default(),
            "Bo",
            Some(&(400, Rc::from("Bo"))),
        );
        assert_eq!((mine.added, mine.removed), (1, 0));
        // A newer file made by Bo carrying his (older) copy of Ada's layer: hers stays.
        let bos_copy = entry(text, vec![by("a2", 7, 10, "entity", "Ada", 100)]);
        let merge = merge_dataset(
            &after,
            vec![bos_copy],
            &LabelSchema::default(),
            "Cy",
            Some(&(900, Rc::from("Bo"))),
        );
        assert_eq!((merge.added, merge.changed, merge.removed), (1, 0, 0));
        // A file that does not say when it was made only adds.
        let undated = entry(text, vec![by("a1", 3, 6, "entity", "Ada", 500)]);
        let merge = merge_dataset(&after, vec![undated], &LabelSchema::default(), "Bo", None);
        assert!(merge.edit.is_none(), "a1 is here: kept as it is");
    }
}
