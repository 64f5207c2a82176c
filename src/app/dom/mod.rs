//! The thin layer over the browser: the page's selection, storage, files, downloads, the
//! HTML parser, ids and times, crash reporting and the reading position.

pub mod annotator;
pub mod autosave;
pub mod crash;
pub mod download;
pub mod html_import;
pub mod idb;
pub mod ids;
pub mod keep;
pub mod labels_style;
pub mod loader;
pub mod lower;
pub mod persistence;
pub mod scroll;
pub mod selection;
pub mod startup;
pub mod sync;
