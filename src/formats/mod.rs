//! Pure parsers and writers: articles, byte decoding, HTML blocks, JSON documents, every
//! export format, and the ISO 8601 times they carry.

pub mod article;
pub mod decode;
pub mod export;
pub mod html;
pub mod json_docs;
pub mod sha256;
pub mod time;
