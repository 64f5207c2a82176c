//! Importers of annotated files: `.json` / `.jsonl` documents with their spans, in our plain
//! shape or another tool's ([`json_docs`]).

pub mod json_docs;
