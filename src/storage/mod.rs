//! Persistence: the versioned schema, the storage backends, loading and saving.

pub mod backend;
pub mod couch;
pub mod loaded;
mod members;
pub mod merge;
pub mod orphans;
pub mod outbox;
pub mod persist;
pub mod schema;
pub mod web;
