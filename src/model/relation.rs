//! Relations between two spans of one document: who said a quote, its cue words, who made a
//! claim.

use std::fmt;
use std::rc::Rc;

use super::labels::{LabelSchema, Role};
use super::span::{IdSet, Span, SpanId};

/// Identifier of a relation, unique within its document (`[A-Za-z0-9_-]{1,64}`, made like span
/// ids: `r-3f9a1c-17`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationId(pub String);

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Relation ids (deleted relations: tombstones).
pub type RelationIdSet = IdSet<RelationId>;

/// What a relation says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationKind {
    /// A quote → the entity who said it (the speaker). At most one per quote.
    SaidBy,
    /// A quote → the words that introduce it ("said", "told reporters"): any span.
    Cue,
    /// A claim → the entity who makes it.
    Claimant,
}

impl RelationKind {
    pub const ALL: [RelationKind; 3] = [
        RelationKind::SaidBy,
        RelationKind::Cue,
        RelationKind::Claimant,
    ];

    /// Stable id for storage and exports: `said_by`, `cue`, `claimant`.
    pub fn id(self) -> &'static str {
        match self {
            RelationKind::SaidBy => "said_by",
            RelationKind::Cue => "cue",
            RelationKind::Claimant => "claimant",
        }
    }

    /// Shown to people.
    pub fn name(self) -> &'static str {
        match self {
            RelationKind::SaidBy => "said by",
            RelationKind::Cue => "cue",
            RelationKind::Claimant => "claimant",
        }
    }

    pub fn from_id(id: &str) -> Option<RelationKind> {
        RelationKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The role of the label the relation starts from.
    pub fn from_role(self) -> Role {
        match self {
            RelationKind::SaidBy | RelationKind::Cue => Role::Quote,
            RelationKind::Claimant => Role::Claim,
        }
    }

    /// The role of the label it points to (`None`: any span).
    pub fn to_role(self) -> Option<Role> {
        match self {
            RelationKind::SaidBy | RelationKind::Claimant => Some(Role::Entity),
            RelationKind::Cue => None,
        }
    }

    /// Whether a span labelled `label` can start this kind of relation.
    pub fn starts_at(self, schema: &LabelSchema, label: &str) -> bool {
        schema.role_of(label) == Some(self.from_role())
    }

    /// A span can have at most one relation of this kind going out.
    pub fn single(self) -> bool {
        self == RelationKind::SaidBy
    }

    /// Whether spans labelled `from` and `to` can be linked by this kind: their labels play
    /// the roles it needs in `schema`.
    pub fn fits(self, schema: &LabelSchema, from: &str, to: &str) -> bool {
        self.starts_at(schema, from) && self.to_role().is_none_or(|r| schema.role_of(to) == Some(r))
    }
}

/// A directed link from one span to another of the same document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub id: RelationId,
    pub kind: RelationKind,
    pub from: SpanId,
    pub to: SpanId,
}

impl Relation {
    /// Whether the relation touches the span `id`.
    pub fn involves(&self, id: &SpanId) -> bool {
        &self.from == id || &self.to == id
    }

    /// Whether it fits these two spans (their labels' roles in `schema`).
    pub fn fits(&self, schema: &LabelSchema, from: &Span, to: &Span) -> bool {
        self.kind.fits(schema, &from.label, &to.label)
    }
}

/// How far apart two spans lie in the text, in code points (0 when they overlap).
fn gap(a: &Span, b: &Span) -> usize {
    if b.end <= a.start {
        a.start - b.end
    } else {
        b.start.saturating_sub(a.end)
    }
}

/// The spans (indices into `spans`) that a `kind` relation from `from` can point to, the
/// nearest first (a speaker is usually named next to the quote), then in text order.
#[must_use]
pub fn link_candidates(
    schema: &LabelSchema,
    spans: &[Rc<Span>],
    from: &Span,
    kind: RelationKind,
) -> Vec<usize> {
    let mut out: Vec<(usize, usize)> = spans
        .iter()
        .enumerate()
        .filter(|(_, s)| s.id != from.id && kind.fits(schema, &from.label, &s.label))
        .map(|(i, s)| (gap(from, s), i))
        .collect();
    out.sort_unstable();
    out.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span::test(id, start, end, label)
    }

    #[test]
    fn candidates_nearest_first_and_only_fitting_labels() {
        let spans: Vec<Rc<Span>> = [
            span("e1", 0, 5, "entity"),
            span("q", 10, 40, "quote"),
            span("e2", 12, 18, "entity"),
            span("c", 41, 45, "claim"),
            span("e3", 44, 50, "entity"),
            span("e4", 90, 95, "entity"),
        ]
        .map(Rc::new)
        .into();
        let q = &spans[1];
        let schema = LabelSchema::default();
        let ids = |v: Vec<usize>| -> Vec<&str> {
            v.into_iter().map(|i| spans[i].id.0.as_str()).collect()
        };
        // Inside the quote (gap 0), then 4 after it, 5 before it, 50 after.
        assert_eq!(
            ids(link_candidates(&schema, &spans, q, RelationKind::SaidBy)),
            ["e2", "e3", "e1", "e4"]
        );
        // A cue can be any other span.
        assert_eq!(
            ids(link_candidates(&schema, &spans, q, RelationKind::Cue)),
            ["e2", "c", "e3", "e1", "e4"]
        );
        // Claimants start from claims only.
        assert!(link_candidates(&schema, &spans, q, RelationKind::Claimant).is_empty());
        assert_eq!(
            ids(link_candidates(
                &schema,
                &spans,
                &spans[3],
                RelationKind::Claimant
            )),
            ["e3", "e2", "e1", "e4"]
        );
    }

    #[test]
    fn kinds_and_their_ends() {
        let ids: Vec<_> = RelationKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(ids, ["said_by", "cue", "claimant"]);
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::from_id(k.id()), Some(k));
        }
        assert_eq!(RelationKind::from_id("SAID_BY"), None);
        let s = LabelSchema::default();
        assert!(RelationKind::SaidBy.fits(&s, "quote", "entity"));
        assert!(!RelationKind::SaidBy.fits(&s, "quote", "claim"));
        assert!(!RelationKind::SaidBy.fits(&s, "claim", "entity"));
        assert!(RelationKind::Cue.fits(&s, "quote", "claim"));
        assert!(!RelationKind::Cue.fits(&s, "entity", "quote"));
        assert!(RelationKind::Claimant.fits(&s, "claim", "entity"));
        assert!(RelationKind::SaidBy.single() && !RelationKind::Claimant.single());
    }

    #[test]
    fn kinds_follow_the_labels_that_play_their_roles() {
        use crate::model::labels::LabelSpec;
        // "person" plays the entity role; "entity" is gone, "quote" renamed.
        let mut quote = LabelSpec::new("quote", "Zitat", "#e69f00");
        quote.key = Some('z');
        let mut person = LabelSpec::new("person", "Person", "#009e73");
        person.role = Some(Role::Entity);
        let s = LabelSchema::new(vec![
            quote,
            LabelSpec::new("claim", "Claim", "#0072b2"),
            person,
        ])
        .unwrap();
        assert_eq!(s.role_id(Role::Entity), "person");
        assert!(RelationKind::SaidBy.fits(&s, "quote", "person"));
        assert!(!RelationKind::SaidBy.fits(&s, "quote", "entity"));
        assert!(RelationKind::Claimant.fits(&s, "claim", "person"));
        assert!(
            RelationKind::Cue.starts_at(&s, "quote") && !RelationKind::Cue.starts_at(&s, "person")
        );
        // Two labels cannot play one role.
        let mut other = LabelSpec::new("org", "Organisation", "#cc79a7");
        other.role = Some(Role::Entity);
        let mut labels = s.labels().to_vec();
        labels.push(other);
        assert!(LabelSchema::new(labels).is_err());
    }
}
