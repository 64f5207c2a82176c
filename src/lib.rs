//! Marginalia: offline-first text annotation in the browser.
//!
//! A functional core (`model`, `formats`, `samples`, `storage` apart from its localStorage
//! backend: pure Rust, tested natively) and a thin browser shell (`app`: yew components).

pub mod app;
pub mod formats;
pub mod model;
pub mod samples;
pub mod storage;
