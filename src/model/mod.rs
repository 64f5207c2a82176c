//! The pure core: documents, spans and their operations. No web-sys here, so everything is
//! tested natively with `cargo test`.

pub mod adjudicate;
pub mod agreement;
pub mod annotators;
pub mod block_spans;
pub mod claims;
pub mod compare;
pub mod corpus_index;
pub mod corpus_views;
pub mod document;
pub mod edit;
pub mod entities;
pub mod entry;
pub mod error;
pub mod facts;
pub mod find;
pub mod history;
pub mod import;
pub mod labels;
pub mod names;
pub mod occurrences;
pub mod people_index;
pub mod relation;
pub mod segment;
pub mod set;
pub mod sort;
pub mod span;
pub mod store;
pub mod suggest;
pub mod text;
pub mod uax29;
pub mod words;
pub mod workspace;

pub use block_spans::BlockSpans;
pub use document::{url_host, Block, BlockKind, DocId, Document};
pub use edit::{DocEdit, Edit, RelationEdit, SchemaEdit, SpanEdit};
pub use entry::{fit_entry, DocEntry, Status};
pub use error::EditError;
pub use history::History;
pub use labels::{
    default_label, AttrKind, AttrSpec, LabelDef, LabelField, LabelSchema, LabelSpec, Role,
    DEFAULT_LABELS,
};
pub use relation::{link_candidates, Relation, RelationId, RelationIdSet, RelationKind};
pub use segment::{segment, Segment};
pub use span::{valid_id, Attrs, IdSet, Span, SpanId, SpanIdSet};
pub use store::Corpus;
pub use text::SnapMode;
pub use workspace::Workspace;
