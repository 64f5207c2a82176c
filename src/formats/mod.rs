//! Pure parsers and writers: articles, byte decoding, HTML blocks, every export format
//! (`export`), the importers of annotated JSON files and of the native dataset (`import`), the
//! native dataset's header that its export and import share (`dataset`), the ISO 8601 times
//! the exports carry, SHA-256 of a text, and `quote`, text quoted for a message.

pub mod article;
mod dataset;
pub mod decode;
pub mod export;
pub mod html;
pub mod import;
mod quote;
pub mod sha256;
pub mod time;
