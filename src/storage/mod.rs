//! Persistence: the versioned schema, the storage backends, loading and saving.

pub mod backend;
pub mod merge;
pub mod persist;
pub mod schema;
pub mod web;
