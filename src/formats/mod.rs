//! Pure parsers and writers: articles, HTML blocks and JSON documents (export formats later).

pub mod article;
pub mod decode;
pub mod export;
pub mod html;
pub mod json_docs;
