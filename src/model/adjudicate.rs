//! Adjudication: resolving the annotators' layers of a document into its gold layer (the
//! annotator [`GOLD`]). What every annotator made exactly alike is merged at once ("Merge
//! agreed"); the rest is a list of disagreements, each a run of overlapping spans, and for each
//! the adjudicator accepts one version, all of them, or none. Every step is one edit of the
//! gold layer, so it is undone like any other.

use crate::model::set::Set;
use std::rc::Rc;

use super::annotators::GOLD;
use super::compare::{Compared, Mark};
use super::edit::Edit;
use super::entry::DocEntry;
use super::relation::{Relation, RelationId};
use super::span::{Span, SpanId};

/// One version of a disagreement: the spans some annotators made over it (all alike).
#[derive(Debug)]
pub struct Version {
    pub annotators: Vec<Rc<str>>,
    /// The spans, in text order (the first annotator's); empty: they made none there.
    pub spans: Vec<Rc<Span>>,
}

/// A disagreement: overlapping spans the annotators did not all make alike.
#[derive(Debug)]
pub struct Group {
    /// Its extent, in code points.
    pub start: usize,
    pub end: usize,
    pub versions: Vec<Version>,
    /// Gold has a span over it, or it was settled with none.
    pub resolved: bool,
}

impl Group {
    /// The key of the decision to take none of it.
    pub fn key(&self) -> String {
        format!("gold:{}:{}", self.start, self.end)
    }
}

/// The state of a document's adjudication.
#[derive(Debug, Default)]
pub struct Adjudication {
    /// The annotators with spans in the document (gold aside), by name.
    pub annotators: Vec<Rc<str>>,
    /// Spans every annotator made alike that gold lacks (one of each, the first annotator's).
    pub agreed: Vec<Rc<Span>>,
    /// The disagreements in text order.
    pub groups: Vec<Group>,
}

impl Adjudication {
    /// Resolved disagreements, of all.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.groups.iter().filter(|g| g.resolved).count();
        (done, self.groups.len())
    }
}

/// What the reader shows of the gold layer while adjudicating: gold's spans, and the spans of
/// each disagreement not yet resolved (one of each alike), marked as candidates
/// ([`Mark::OnlyB`]); `j` / `k` stop at each version of each such disagreement.
pub fn gold_view(entry: &DocEntry, adj: &Adjudication) -> Compared {
    let mut out = Compared {
        a: Rc::from(GOLD),
        b: Rc::from(""),
        ..Compared::default()
    };
    let mut spans: Vec<Rc<Span>> = entry
        .spans
        .iter()
        .filter(|s| &*s.annotator == GOLD)
        .cloned()
        .collect();
    let mut keys = Set::new();
    let mut firsts: Vec<&Rc<Span>> = Vec::new();
    for g in adj.groups.iter().filter(|g| !g.resolved) {
        for v in &g.versions {
            firsts.extend(v.spans.first());
            for s in &v.spans {
                if keys.insert(key(s)) {
                    spans.push(Rc::clone(s));
                }
            }
        }
    }
    super::sort::sort_with(&mut spans, &|x, y| Span::text_order(x, y));
    out.stops = firsts
        .iter()
        .filter_map(|f| spans.binary_search_by(|s| Span::text_order(s, f)).ok())
        .collect();
    out.marks = spans
        .iter()
        .map(|s| {
            if &*s.annotator == GOLD {
                Mark::Both
            } else {
                Mark::OnlyB
            }
        })
        .collect();
    let relations = super::compare::between(&entry.relations, &spans);
    out.entry = Some(Rc::new(DocEntry {
        doc: Rc::clone(&entry.doc),
        spans: Rc::new(spans),
        relations: Rc::new(relations),
        statuses: Rc::clone(&entry.statuses),
        decided: Rc::clone(&entry.decided),
    }));
    out
}

/// The unresolved disagreement holding span `id`, and the version it is in.
pub fn holding<'a>(adj: &'a Adjudication, id: &SpanId) -> Option<(&'a Group, usize)> {
    adj.groups.iter().filter(|g| !g.resolved).find_map(|g| {
        let v = g
            .versions
            .iter()
            .position(|v| v.spans.iter().any(|s| &s.id == id))?;
        Some((g, v))
    })
}

/// A span's place and label: spans are alike when these are.
fn key(s: &Span) -> String {
    format!("{}:{}:{}", s.start, s.end, s.label)
}

/// The adjudication of `entry`; `decided` says whether a decision key (a [`Group::key`]) was
/// taken.
pub fn adjudication(entry: &DocEntry, decided: &dyn Fn(&str) -> bool) -> Adjudication {
    let mut out = Adjudication::default();
    // (key, annotator) of every span of the layers, in the order of `by`: who made each
    // alike. Sorted indices, not hash maps or sorts of new element types: the download
    // carries no code of their own for them.
    let mut held: Vec<(String, Rc<str>)> = Vec::new();
    let mut gold = Vec::new();
    for s in entry.spans.iter() {
        if &*s.annotator == GOLD {
            gold.push(s);
            continue;
        }
        if !out.annotators.contains(&s.annotator) {
            out.annotators.push(Rc::clone(&s.annotator));
        }
        held.push((key(s), Rc::clone(&s.annotator)));
    }
    let mut by: Vec<usize> = (0..held.len()).collect();
    super::sort::sort_indices(&mut by, &|a, b| held[a].cmp(&held[b]));
    super::sort::sort_with(&mut out.annotators, &|a, b| a.cmp(b));
    let mut in_gold: Vec<String> = gold.iter().map(|s| key(s)).collect();
    super::sort::sort_with(&mut in_gold, &|a, b| a.cmp(b));
    let n = out.annotators.len();
    let agreed = |k: &str| {
        let at = by.partition_point(|&i| held[i].0.as_str() < k);
        let of_k: Vec<&Rc<str>> = by[at..]
            .iter()
            .map(|&i| &held[i])
            .take_while(|h| h.0 == k)
            .map(|h| &h.1)
            .collect();
        // Distinct annotators (the same one twice are neighbours).
        of_k.iter()
            .enumerate()
            .filter(|(j, w)| *j == 0 || of_k[j - 1] != **w)
            .count()
            == n
    };
    let mut seen = Set::new();
    // The rest, in text order, cut into runs of overlapping spans.
    let mut run: Vec<&Rc<Span>> = Vec::new();
    let mut run_end = 0;
    for s in entry.spans.iter().filter(|s| &*s.annotator != GOLD) {
        let k = key(s);
        if agreed(&k) {
            if in_gold.binary_search(&k).is_err() && seen.insert(k) {
                out.agreed.push(Rc::clone(s));
            }
            continue;
        }
        if !run.is_empty() && s.start >= run_end {
            out.groups
                .push(group(&run, &out.annotators, &gold, decided));
            run.clear();
        }
        run_end = if run.is_empty() {
            s.end
        } else {
            run_end.max(s.end)
        };
        run.push(s);
    }
    if !run.is_empty() {
        out.groups
            .push(group(&run, &out.annotators, &gold, decided));
    }
    out
}

fn group(
    run: &[&Rc<Span>],
    annotators: &[Rc<str>],
    gold: &[&Rc<Span>],
    decided: &dyn Fn(&str) -> bool,
) -> Group {
    let start = run.iter().map(|s| s.start).min().unwrap_or(0);
    let end = run.iter().map(|s| s.end).max().unwrap_or(0);
    let mut versions: Vec<(Vec<String>, Version)> = Vec::new();
    for who in annotators {
        let spans: Vec<Rc<Span>> = run
            .iter()
            .filter(|s| &s.annotator == who)
            .map(|s| Rc::clone(s))
            .collect();
        let keys: Vec<String> = spans.iter().map(|s| key(s)).collect();
        match versions.iter_mut().find(|v| v.0 == keys) {
            Some(v) => v.1.annotators.push(Rc::clone(who)),
            None => versions.push((
                keys,
                Version {
                    annotators: vec![Rc::clone(who)],
                    spans,
                },
            )),
        }
    }
    let mut g = Group {
        start,
        end,
        versions: versions.into_iter().map(|v| v.1).collect(),
        resolved: false,
    };
    g.resolved = gold.iter().any(|s| s.start < end && start < s.end) || decided(&g.key());
    g
}

/// What the adjudicator takes of a disagreement (the keys `y`, `b`, `x`, or a button).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The version of the selected span.
    Selected,
    /// The version at this index.
    Version(usize),
    /// Every version ("both").
    All,
    /// None of them: gold keeps nothing there.
    Nothing,
}

/// What to take into gold from a disagreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Take {
    /// The version at this index.
    One(usize),
    /// Every version's spans.
    All,
}

/// The edit that copies `spans` into gold (those gold lacks), with the relations between the
/// spans gold then has that `by` made (every one of them alike when `all`, else any one); a
/// relation is copied when both its ends are in gold. `None` when gold would not change.
pub fn into_gold(
    entry: &DocEntry,
    spans: &[Rc<Span>],
    by: &[Rc<str>],
    all: bool,
    now: u64,
) -> Option<Edit> {
    let doc = entry.doc.id.clone();
    let taken: Set<&str> = entry.spans.iter().map(|s| s.id.0.as_str()).collect();
    // Gold's span for each key, after the edit (sorted by key once the new ones are in).
    let mut gold: Vec<(String, SpanId)> = entry
        .spans
        .iter()
        .filter(|s| &*s.annotator == GOLD)
        .map(|s| (key(s), s.id.clone()))
        .collect();
    let had = gold.len();
    let order = |gold: &[(String, SpanId)]| {
        let mut order: Vec<usize> = (0..gold.len()).collect();
        super::sort::sort_indices(&mut order, &|a, b| gold[a].0.cmp(&gold[b].0));
        order
    };
    let before = order(&gold);
    let mut edits = Vec::new();
    let mut new_keys: Set<String> = Set::new();
    for s in spans {
        let k = key(s);
        let at = before.partition_point(|&i| gold[i].0 < k);
        if before.get(at).is_some_and(|&i| gold[i].0 == k) || new_keys.contains(&k) {
            continue;
        }
        let mut id = s.id.in_layer(GOLD);
        while taken.contains(id.0.as_str()) || gold[had..].iter().any(|g| g.1 == id) {
            id = SpanId(format!("{}g", id.0));
        }
        let copy = Span {
            id: id.clone(),
            annotator: Rc::from(GOLD),
            created: Some(now),
            updated: Some(now),
            ..(**s).clone()
        };
        edits.push(Edit::add_span(doc.clone(), copy));
        new_keys.insert(k.clone());
        gold.push((k, id));
    }
    let after = order(&gold);
    let at = entry.span_positions();
    let span_of = |id: &SpanId| at.get(id).and_then(|&i| entry.spans.get(i)).map(|s| &**s);
    // Each relation of `by`'s layers as (kind, from key, to key), with who made it, sorted.
    let mut made: Vec<(String, &Rc<str>, &Relation)> = Vec::new();
    for r in entry.relations.iter() {
        let (Some(from), Some(to)) = (span_of(&r.from), span_of(&r.to)) else {
            continue;
        };
        if let Some(who) = by.iter().find(|w| **w == from.annotator) {
            made.push((format!("{} {} {}", r.kind.id(), key(from), key(to)), who, r));
        }
    }
    let mut by_key: Vec<usize> = (0..made.len()).collect();
    super::sort::sort_indices(&mut by_key, &|a, b| {
        made[a].0.cmp(&made[b].0).then(made[a].1.cmp(made[b].1))
    });
    let gold_of = |id: &SpanId| {
        let k = key(span_of(id)?);
        let at = after.partition_point(|&i| gold[i].0 < k);
        after
            .get(at)
            .filter(|&&i| gold[i].0 == k)
            .map(|&i| &gold[i].1)
    };
    let mut linked: Vec<Relation> = entry
        .relations
        .iter()
        .filter(|r| span_of(&r.from).is_some_and(|s| &*s.annotator == GOLD))
        .cloned()
        .collect();
    for (j, &i) in by_key.iter().enumerate() {
        let (k, _, r) = &made[i];
        // Once per relation: at its first maker, counting them all (each once).
        if j > 0 && &made[by_key[j - 1]].0 == k {
            continue;
        }
        let run: Vec<&(String, &Rc<str>, &Relation)> = by_key[j..]
            .iter()
            .map(|&i| &made[i])
            .take_while(|m| &m.0 == k)
            .collect();
        let makers = run
            .iter()
            .enumerate()
            .filter(|(x, m)| *x == 0 || run[x - 1].1 != m.1)
            .count();
        if all && makers < by.len() {
            continue;
        }
        let (Some(from), Some(to)) = (gold_of(&r.from), gold_of(&r.to)) else {
            continue;
        };
        let exists = linked
            .iter()
            .any(|g| g.kind == r.kind && &g.from == from && (&g.to == to || r.kind.single()));
        if exists {
            continue;
        }
        let mut id = RelationId(super::span::layer_id(&r.id.0, GOLD));
        while entry.relation(&id).is_some() || linked.iter().any(|g| g.id == id) {
            id = RelationId(format!("{}g", id.0));
        }
        let copy = Relation {
            id,
            kind: r.kind,
            from: from.clone(),
            to: to.clone(),
        };
        linked.push(copy.clone());
        edits.push(Edit::add_relation(doc.clone(), copy));
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// "Merge agreed": the edit that copies into gold what every annotator made alike.
pub fn merge_agreed(entry: &DocEntry, adj: &Adjudication, now: u64) -> Option<Edit> {
    into_gold(entry, &adj.agreed, &adj.annotators, true, now)
}

/// The edit that takes `take` of disagreement `group` into gold, with the relations between
/// the spans gold then has that one of the chosen annotators made.
pub fn accept(entry: &DocEntry, group: &Group, take: Take, now: u64) -> Option<Edit> {
    let versions = match take {
        Take::One(i) => group.versions.get(i..=i).unwrap_or(&[]),
        Take::All => &group.versions[..],
    };
    let spans: Vec<Rc<Span>> = versions
        .iter()
        .flat_map(|v| v.spans.iter().cloned())
        .collect();
    let by: Vec<Rc<str>> = versions
        .iter()
        .flat_map(|v| v.annotators.iter().cloned())
        .collect();
    into_gold(entry, &spans, &by, false, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::article::parse_article;
    use crate::model::store::Corpus;
    use crate::model::RelationKind;

    const TEXT: &str =
        "T\n\n\u{201c}We will,\u{201d} said Ann Lee. Prices rose 5% in May, the bank said.";

    fn by(id: &str, start: usize, end: usize, label: &str, who: &str) -> Span {
        let mut s = Span::test(id, start, end, label);
        s.annotator = Rc::from(who);
        s
    }

    fn link(id: &str, from: &str, to: &str) -> Relation {
        Relation {
            id: RelationId(id.into()),
            kind: RelationKind::SaidBy,
            from: SpanId(from.into()),
            to: SpanId(to.into()),
        }
    }

    /// A corpus of one document holding `spans` and `relations`.
    fn corpus(spans: Vec<Span>, relations: Vec<Relation>) -> Corpus {
        let doc = parse_article(TEXT, "a.md");
        let id = doc.id.clone();
        let mut c = Corpus::new(vec![doc]);
        let mut edits: Vec<Edit> = spans
            .into_iter()
            .map(|s| Edit::add_span(id.clone(), s))
            .collect();
        edits.extend(
            relations
                .into_iter()
                .map(|r| Edit::add_relation(id.clone(), r)),
        );
        c.apply(Edit::Batch(edits)).unwrap();
        c
    }

    fn entry(c: &Corpus) -> &DocEntry {
        c.entries().first().map(|e| &**e).unwrap()
    }

    fn no(_: &str) -> bool {
        false
    }

    fn gold(c: &Corpus) -> Vec<(usize, usize, String)> {
        entry(c)
            .spans
            .iter()
            .filter(|s| &*s.annotator == GOLD)
            .map(|s| (s.start, s.end, s.label.clone()))
            .collect()
    }

    #[test]
    fn merge_agreed_copies_exact_agreement_with_relations_whose_ends_merge() {
        let mut c = corpus(
            vec![
                by("a-q", 3, 13, "quote", "Ada"),
                by("a-e", 19, 26, "entity", "Ada"),
                by("b-q", 3, 13, "quote", "Ben"),
                by("b-e", 19, 26, "entity", "Ben"),
                // Disagreement: a claim only Ada made.
                by("a-c", 28, 49, "claim", "Ada"),
            ],
            vec![link("ra", "a-q", "a-e"), link("rb", "b-q", "b-e")],
        );
        let adj = adjudication(entry(&c), &no);
        let names: Vec<&str> = adj.annotators.iter().map(|a| &**a).collect();
        assert_eq!(names, ["Ada", "Ben"]);
        assert_eq!(adj.agreed.len(), 2);
        assert_eq!(adj.groups.len(), 1);
        assert_eq!(adj.progress(), (0, 1));
        let g = &adj.groups[0];
        assert_eq!((g.start, g.end), (28, 49));
        assert_eq!(g.versions.len(), 2, "Ada's claim, and Ben's nothing");
        assert!(g.versions[1].spans.is_empty());

        let edit = merge_agreed(entry(&c), &adj, 7).unwrap();
        c.apply(edit).unwrap();
        assert_eq!(
            gold(&c),
            [(3, 13, "quote".into()), (19, 26, "entity".into())]
        );
        let e = entry(&c);
        let gold_rel: Vec<&Relation> = e
            .relations
            .iter()
            .filter(|r| e.span(&r.from).is_some_and(|s| &*s.annotator == GOLD))
            .collect();
        assert_eq!(
            gold_rel.len(),
            1,
            "the said_by both made, between merged ends"
        );
        // Merged: nothing agreed is left, and merging again changes nothing.
        let adj = adjudication(entry(&c), &no);
        assert!(adj.agreed.is_empty());
        assert!(merge_agreed(entry(&c), &adj, 8).is_none());
        // The layers themselves are untouched.
        assert_eq!(
            entry(&c)
                .spans
                .iter()
                .filter(|s| &*s.annotator == "Ada")
                .count(),
            3
        );
    }

    #[test]
    fn a_relation_only_one_annotator_made_is_not_merged_as_agreed() {
        let c = corpus(
            vec![
                by("a-q", 3, 13, "quote", "Ada"),
                by("a-e", 19, 26, "entity", "Ada"),
                by("b-q", 3, 13, "quote", "Ben"),
                by("b-e", 19, 26, "entity", "Ben"),
            ],
            vec![link("ra", "a-q", "a-e")],
        );
        let adj = adjudication(entry(&c), &no);
        let Some(Edit::Batch(edits)) = merge_agreed(entry(&c), &adj, 7) else {
            panic!("spans to merge");
        };
        assert_eq!(edits.len(), 2, "two spans, no relation");
    }

    #[test]
    fn accepting_one_side_both_or_neither_resolves_a_disagreement() {
        let spans = vec![
            by("a-c", 28, 49, "claim", "Ada"),
            by("b-c", 28, 49, "quote", "Ben"),
            by("b-x", 40, 55, "entity", "Ben"),
        ];
        // One side: Ben's two spans, which overlap into one disagreement with Ada's.
        let mut c = corpus(spans.clone(), vec![]);
        let adj = adjudication(entry(&c), &no);
        assert_eq!(adj.groups.len(), 1);
        let g = &adj.groups[0];
        assert_eq!((g.start, g.end), (28, 55));
        let ben = g
            .versions
            .iter()
            .position(|v| &*v.annotators[0] == "Ben")
            .unwrap();
        c.apply(accept(entry(&c), g, Take::One(ben), 1).unwrap())
            .unwrap();
        assert_eq!(
            gold(&c),
            [(28, 49, "quote".into()), (40, 55, "entity".into())]
        );
        assert_eq!(adjudication(entry(&c), &no).progress(), (1, 1));

        // Both: all three.
        let mut c = corpus(spans.clone(), vec![]);
        let adj = adjudication(entry(&c), &no);
        c.apply(accept(entry(&c), &adj.groups[0], Take::All, 1).unwrap())
            .unwrap();
        assert_eq!(gold(&c).len(), 3);

        // Neither: a decision, by its key.
        let c = corpus(spans, vec![]);
        let key = adjudication(entry(&c), &no).groups[0].key();
        assert_eq!(key, "gold:28:55");
        let adj = adjudication(entry(&c), &|k| k == key);
        assert_eq!(adj.progress(), (1, 1));
    }

    #[test]
    fn accepting_undoes_exactly_and_gold_ids_never_collide() {
        let mut c = corpus(
            vec![
                by("a-c", 28, 49, "claim", "Ada"),
                by("b-c", 28, 49, "quote", "Ben"),
            ],
            vec![],
        );
        let before = entry(&c).clone();
        let adj = adjudication(entry(&c), &no);
        let inverse = c
            .apply(accept(entry(&c), &adj.groups[0], Take::All, 1).unwrap())
            .unwrap();
        let ids: Set<&str> = entry(&c).spans.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids.len(), 4);
        c.apply(inverse).unwrap();
        assert_eq!(entry(&c).spans, before.spans);
    }

    #[test]
    fn one_annotator_is_agreement_with_themselves_and_gold_alone_has_nothing_to_do() {
        let c = corpus(vec![by("a", 3, 13, "quote", "Ada")], vec![]);
        let adj = adjudication(entry(&c), &no);
        assert_eq!((adj.agreed.len(), adj.groups.len()), (1, 0));
        let c = corpus(vec![by("g", 3, 13, "quote", GOLD)], vec![]);
        let adj = adjudication(entry(&c), &no);
        assert!(adj.annotators.is_empty() && adj.agreed.is_empty() && adj.groups.is_empty());
    }
}
