//! Dataset exports: the [`Format`]s, the [`export`] dispatcher, and what the writers share
//! (the span check, the notes on what a format leaves out, JSON file bytes). Each format's
//! writer has its own file: `native` (Marginalia JSON), `spacy`, `w3c`, `label_studio`,
//! `doccano`, `brat` (zipped by `zip`), `conll` and `csv`.
//!
//! Every offset written is a **Unicode code point** into the exact document text the export
//! carries (Python's `text[start:end]`), except in doccano, which counts UTF-16 code units, and
//! CoNLL, which has no offsets. Before any format is written every span is checked against its
//! slice of the text; a mismatch writes nothing (see [`ExportError`]).

mod brat;
mod common;
mod conll;
mod csv;
mod doccano;
mod label_studio;
mod native;
mod spacy;
mod w3c;
pub mod zip;

use std::rc::Rc;

use crate::model::{DocEntry, LabelSchema};
use common::check_all;
pub use common::{Export, ExportContext, ExportError};

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Native,
    SpacyJsonl,
    W3c,
    LabelStudio,
    Doccano,
    Brat,
    Conll,
    Csv,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Native,
        Format::SpacyJsonl,
        Format::W3c,
        Format::LabelStudio,
        Format::Doccano,
        Format::Brat,
        Format::Conll,
        Format::Csv,
    ];

    /// Shown to people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "Marginalia JSON",
            Format::SpacyJsonl => "spaCy / Prodigy JSONL",
            Format::W3c => "W3C Web Annotation",
            Format::LabelStudio => "Label Studio JSON",
            Format::Doccano => "doccano JSONL",
            Format::Brat => "brat standoff (zip)",
            Format::Conll => "CoNLL-2003 BIO (entities)",
            Format::Csv => "CSV (one row per span)",
        }
    }

    /// File name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Native | Format::LabelStudio => "json",
            Format::SpacyJsonl | Format::Doccano => "jsonl",
            Format::W3c => "jsonld",
            Format::Brat => "zip",
            Format::Conll => "conll",
            Format::Csv => "csv",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Native | Format::LabelStudio => "application/json",
            Format::SpacyJsonl | Format::Doccano => "application/x-ndjson",
            Format::W3c => "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"",
            Format::Brat => "application/zip",
            Format::Conll => "text/plain; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// What the format's offsets count.
    pub fn offset_unit(self) -> &'static str {
        match self {
            Format::Doccano => "UTF-16 code units",
            Format::Conll => "none (tokens)",
            _ => "Unicode code points",
        }
    }
}

/// Write `entries` (spans labelled by `schema`, the corpus's) in `format`. Every span is
/// checked first; on a mismatch nothing is written.
pub fn export(
    format: Format,
    schema: &LabelSchema,
    entries: &[Rc<DocEntry>],
    ctx: &ExportContext,
) -> Result<Export, ExportError> {
    check_all(entries)?;
    let (bytes, notes) = match format {
        Format::Native => native::native(schema, entries, ctx)?,
        Format::SpacyJsonl => spacy::spacy(schema, entries, ctx)?,
        Format::W3c => w3c::w3c(schema, entries, ctx)?,
        Format::LabelStudio => label_studio::label_studio(schema, entries)?,
        Format::Doccano => doccano::doccano(schema, entries)?,
        Format::Brat => brat::brat(schema, entries, ctx)?,
        Format::Conll => conll::conll(schema, entries),
        Format::Csv => csv::csv(schema, entries)?,
    };
    Ok(Export {
        bytes,
        mime: format.mime(),
        extension: format.extension(),
        notes,
    })
}
