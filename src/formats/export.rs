//! Dataset exports (skeleton: filled in by the export work).
