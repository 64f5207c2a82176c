//! Merging a Marginalia dataset into the corpus: which documents, spans and relations are
//! new, which are already here, and which do not fit. Pure: the reducer applies the one edit
//! this returns and shows its messages.

use std::collections::HashMap;
use std::rc::Rc;

use super::edit::{Edit, SchemaEdit};
use super::entry::{fit_entry, DocEntry};
use super::labels::LabelSchema;
use super::relation::RelationId;
use super::span::{layer_id, Span, SpanId};
use super::store::Corpus;
use super::words::{agree, plural};
use super::DocId;

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
        format!(
            "Imported {} and {}{present}.",
            plural(self.docs, "new article", "new articles"),
            plural(self.added, "annotation", "annotations"),
        )
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
#[must_use]
pub fn merge_dataset(
    corpus: &Corpus,
    entries: Vec<DocEntry>,
    schema: &LabelSchema,
) -> DatasetMerge {
    let mut edits = Vec::new();
    let mut new_docs = Vec::new();
    let (mut added, mut present, mut left_out) = (0usize, 0usize, 0usize);
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
    for mut entry in entries {
        left_out += fit_entry(&mut entry, &merged);
        let Some(local) = corpus.entry(&entry.doc.id) else {
            added += entry.spans.len() + entry.relations.len();
            new_docs.push(entry);
            continue;
        };
        let doc = &entry.doc.id;
        let mut try_add = |edit: Edit, edits: &mut Vec<Edit>| {
            let fits = scratch.apply(edit.clone()).is_ok();
            if fits {
                edits.push(edit);
            }
            fits
        };
        // A span whose id another layer holds here takes an id of its own layer (the same on
        // every import); its relations follow it.
        let mut renamed: HashMap<&SpanId, (SpanId, &str)> = HashMap::new();
        for original in entry.spans.iter() {
            let mut span = (**original).clone();
            if local
                .span(&original.id)
                .is_some_and(|s| s.annotator != original.annotator)
            {
                let id = original.id.in_layer(&original.annotator);
                renamed.insert(&original.id, (id.clone(), &original.annotator));
                span.id = id;
            }
            // Here already: by id, or as the same span of the same layer (a file without ids,
            // such as spaCy's, read again).
            let same = |s: &Rc<Span>| {
                (s.start, s.end, &s.label, &s.annotator)
                    == (span.start, span.end, &span.label, &span.annotator)
            };
            if local.span(&span.id).is_some() || local.spans.iter().any(same) {
                present += 1;
            } else if try_add(Edit::add_span(doc.clone(), span), &mut edits) {
                added += 1;
            } else {
                left_out += 1;
            }
        }
        for relation in entry.relations.iter() {
            let mut relation = relation.clone();
            if let Some((id, annotator)) = renamed.get(&relation.from) {
                // A relation of a renamed span's layer takes an id of that layer too.
                relation.id = RelationId(layer_id(&relation.id.0, annotator));
                relation.from = id.clone();
            }
            if let Some((id, _)) = renamed.get(&relation.to) {
                relation.to = id.clone();
            }
            // A quote that has a speaker here keeps it.
            let speaker_here = relation.kind.single()
                && local
                    .relations
                    .iter()
                    .any(|r| r.kind == relation.kind && r.from == relation.from);
            if local.relation(&relation.id).is_some() {
                present += 1;
            } else if speaker_here
                || !try_add(
                    Edit::add_relation(doc.clone(), relation.clone()),
                    &mut edits,
                )
            {
                left_out += 1;
            } else {
                added += 1;
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
    }
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
        let merge = merge_dataset(&corpus, vec![theirs], &schema);
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
        let merge = merge_dataset(&corpus, vec![here], &LabelSchema::default());
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
        let merge = merge_dataset(&corpus, vec![file.clone()], &LabelSchema::default());
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
        let again = merge_dataset(&corpus, vec![file], &LabelSchema::default());
        assert!(again.edit.is_none(), "{:?}", again.edit);
        assert_eq!(again.present, 3);
    }
}
