//! Why an edit was refused ([`EditError`]), with the message the user sees.

use std::fmt;

use super::document::DocId;
use super::relation::RelationId;
use super::span::SpanId;
use super::words::plural;

/// Why an edit was refused. A refused edit changes nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    UnknownDocument(DocId),
    DuplicateDocument(DocId),
    UnknownSpan(SpanId),
    DuplicateSpan(SpanId),
    /// start >= end, or end beyond the text (lengths in code points).
    BadRange {
        id: SpanId,
        start: usize,
        end: usize,
        len: usize,
    },
    UnknownLabel(String),
    /// The span's label has no such attribute.
    UnknownAttr {
        label: String,
        attr: String,
    },
    /// An empty value, or not one of the attribute's choices.
    BadAttrValue {
        attr: String,
        value: String,
    },
    UnknownRelation(RelationId),
    DuplicateRelation(RelationId),
    /// A relation that cannot be: the sentence says why.
    BadRelation(String),
    /// A label, attribute or choice that spans still use cannot be removed.
    InUse {
        what: String,
        spans: usize,
    },
    /// The schema would not be valid (or lacks what is changed): the sentence says why.
    BadSchema(String),
    /// A decision (or a document's list of statuses or decisions) that cannot be: the
    /// sentence says why.
    BadProgress(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownDocument(id) => {
                write!(f, "That document ({id}) is not in the corpus.")
            }
            EditError::DuplicateDocument(id) => {
                write!(f, "That document ({id}) is already in the corpus.")
            }
            EditError::UnknownSpan(id) => {
                write!(f, "There is no annotation {id} in that document.")
            }
            EditError::DuplicateSpan(id) => {
                write!(f, "There is already an annotation {id} in that document.")
            }
            EditError::BadRange {
                start, end, len, ..
            } => {
                if start == end {
                    write!(f, "That span is empty (it starts and ends at {start}).")
                } else if start > end {
                    write!(f, "That span starts at {start}, after its end at {end}.")
                } else {
                    let text = plural(*len, "character", "characters");
                    write!(
                        f,
                        "That span ends at {end}, beyond the end of the text ({text})."
                    )
                }
            }
            EditError::UnknownLabel(label) => {
                write!(f, "\u{201c}{label}\u{201d} is not a known label.")
            }
            EditError::UnknownAttr { label, attr } => write!(
                f,
                "The label \u{201c}{label}\u{201d} has no attribute \u{201c}{attr}\u{201d}."
            ),
            EditError::BadAttrValue { attr, value } => {
                if value.is_empty() {
                    write!(f, "The value of {attr} cannot be empty.")
                } else {
                    write!(
                        f,
                        "\u{201c}{value}\u{201d} is not one of the choices for {attr}."
                    )
                }
            }
            EditError::UnknownRelation(id) => {
                write!(f, "There is no relation {id} in that document.")
            }
            EditError::DuplicateRelation(id) => {
                write!(f, "There is already a relation {id} in that document.")
            }
            EditError::BadRelation(why)
            | EditError::BadSchema(why)
            | EditError::BadProgress(why) => f.write_str(why),
            EditError::InUse { what, spans } => {
                let users = plural(*spans, "annotation uses", "annotations use");
                write!(f, "{what} cannot be removed: {users} it.")
            }
        }
    }
}

impl std::error::Error for EditError {}
