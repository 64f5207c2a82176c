//! Pure parsers and writers: article loading now, import/export formats later.

pub mod article;
