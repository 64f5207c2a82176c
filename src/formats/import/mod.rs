//! Importers of annotated files: `.json` / `.jsonl` documents with their spans, in our plain
//! shape or another tool's ([`json_docs`]), and Marginalia's own dataset ([`native`]).

pub mod json_docs;
pub mod native;
