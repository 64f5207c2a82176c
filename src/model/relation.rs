//! Relations between two spans of one document: who said a quote, its cue words, who made a
//! claim.

use std::fmt;

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

    /// The label the relation starts from.
    pub fn from_label(self) -> &'static str {
        match self {
            RelationKind::SaidBy | RelationKind::Cue => "quote",
            RelationKind::Claimant => "claim",
        }
    }

    /// The label it points to (`None`: any span).
    pub fn to_label(self) -> Option<&'static str> {
        match self {
            RelationKind::SaidBy | RelationKind::Claimant => Some("entity"),
            RelationKind::Cue => None,
        }
    }

    /// A span can have at most one relation of this kind going out.
    pub fn single(self) -> bool {
        self == RelationKind::SaidBy
    }

    /// Whether spans labelled `from` and `to` can be linked by this kind.
    pub fn fits(self, from: &str, to: &str) -> bool {
        from == self.from_label() && self.to_label().is_none_or(|l| l == to)
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

    /// Whether it fits these two spans (their labels).
    pub fn fits(&self, from: &Span, to: &Span) -> bool {
        self.kind.fits(&from.label, &to.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_their_ends() {
        let ids: Vec<_> = RelationKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(ids, ["said_by", "cue", "claimant"]);
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::from_id(k.id()), Some(k));
        }
        assert_eq!(RelationKind::from_id("SAID_BY"), None);
        assert!(RelationKind::SaidBy.fits("quote", "entity"));
        assert!(!RelationKind::SaidBy.fits("quote", "claim"));
        assert!(!RelationKind::SaidBy.fits("claim", "entity"));
        assert!(RelationKind::Cue.fits("quote", "claim"));
        assert!(!RelationKind::Cue.fits("entity", "quote"));
        assert!(RelationKind::Claimant.fits("claim", "entity"));
        assert!(RelationKind::SaidBy.single() && !RelationKind::Claimant.single());
    }
}
