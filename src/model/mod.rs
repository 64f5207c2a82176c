//! The pure core: documents, spans and their operations. No web-sys here, so everything is
//! tested natively with `cargo test`.

pub mod document;
pub mod workspace;

pub use document::{url_host, Block, BlockKind, DocId, Document};
pub use workspace::Workspace;
