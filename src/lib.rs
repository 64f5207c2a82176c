//! Marginalia: offline-first text annotation in the browser.
//!
//! A functional core (`model`, `codec`, `formats`, `samples`, `storage` apart from its
//! localStorage backend: pure Rust, tested natively) and a thin browser shell (`app`: yew
//! components). `codec` holds the JSON shapes that `storage` and the `formats` exports share,
//! so neither depends on the other.

pub mod app;
pub mod codec;
pub mod formats;
pub mod model;
pub mod samples;
pub mod storage;
