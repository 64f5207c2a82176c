//! The claims table's rows (one per claim, with its claimant, check-worthiness and verdict),
//! worked out per document, and how the table is sorted and filtered.

use std::cmp::Ordering;

use super::document::DocId;
use super::entry::DocEntry;
use super::names::{normalize_name, CANONICAL};
use super::relation::RelationKind;
use super::sort::sort_indices;
use super::span::{Span, SpanId};
use super::text::CpIndex;
use super::words::{excerpt, flat};
use crate::model::words::join;

/// The attributes of the label with the claim role.
pub const CHECKWORTHY: &str = "checkworthy";
pub const VERDICT: &str = "verdict";

/// A column of the claims table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimColumn {
    Claim,
    Document,
    Claimant,
    CheckWorthiness,
    Verdict,
}

impl ClaimColumn {
    pub const ALL: [ClaimColumn; 5] = [
        ClaimColumn::Claim,
        ClaimColumn::Document,
        ClaimColumn::Claimant,
        ClaimColumn::CheckWorthiness,
        ClaimColumn::Verdict,
    ];

    /// Its header.
    pub fn name(self) -> &'static str {
        match self {
            ClaimColumn::Claim => "Claim",
            ClaimColumn::Document => "Document",
            ClaimColumn::Claimant => "Claimant",
            ClaimColumn::CheckWorthiness => "Check-worthiness",
            ClaimColumn::Verdict => "Verdict",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One claim of the corpus, a row of the claims table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRow {
    pub doc: DocId,
    pub span: SpanId,
    pub title: String,
    /// The claim's text on one line (cut when very long).
    pub text: String,
    /// The names of the entities its `claimant` relations point to (their canonical name,
    /// else their text), joined with ", ".
    pub claimant: Option<String>,
    pub checkworthy: Option<String>,
    pub verdict: Option<String>,
    /// The columns' values normalised ([`normalize_name`]): what sorting and the filter
    /// compare.
    keys: [String; 5],
}

impl ClaimRow {
    /// The row's value in `column` as shown ("" when it has none).
    pub fn value(&self, column: ClaimColumn) -> &str {
        match column {
            ClaimColumn::Claim => &self.text,
            ClaimColumn::Document => &self.title,
            ClaimColumn::Claimant => self.claimant.as_deref().unwrap_or(""),
            ClaimColumn::CheckWorthiness => self.checkworthy.as_deref().unwrap_or(""),
            ClaimColumn::Verdict => self.verdict.as_deref().unwrap_or(""),
        }
    }
}

/// An entity's name: its canonical name, else its text.
fn entity_name(span: &Span, text: &CpIndex) -> String {
    let name = span
        .attrs
        .get(CANONICAL)
        .unwrap_or_else(|| text.slice(span.start, span.end));
    flat(name.trim())
}

/// Each `claimant` relation of `entry` as its claim's id and its entity's name. Relations are
/// made one by one by hand, so a document has few: a look-up each is cheap.
pub fn claimants<'a>(entry: &'a DocEntry, text: &CpIndex) -> Vec<(&'a SpanId, String)> {
    entry
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Claimant)
        .filter_map(|r| Some((&r.from, entity_name(entry.span(&r.to)?, text))))
        .collect()
}

/// The row of `entry`'s claim `span`, whose claimants are those of `claimants` from it.
pub fn claim_row(
    entry: &DocEntry,
    text: &CpIndex,
    span: &Span,
    claimants: &[(&SpanId, String)],
) -> ClaimRow {
    let names: Vec<&str> = claimants
        .iter()
        .filter(|(from, _)| *from == &span.id)
        .map(|(_, name)| name.as_str())
        .collect();
    let claimant = (!names.is_empty()).then(|| join(&names, ", "));
    let attr = |key: &str| span.attrs.get(key).map(str::to_owned);
    let mut row = ClaimRow {
        doc: entry.doc.id.clone(),
        span: span.id.clone(),
        title: entry.doc.title.clone(),
        text: excerpt(text.slice(span.start, span.end), 400),
        claimant,
        checkworthy: attr(CHECKWORTHY),
        verdict: attr(VERDICT),
        keys: Default::default(),
    };
    for column in ClaimColumn::ALL {
        row.keys[column.index()] = normalize_name(row.value(column));
    }
    row
}

/// How the claims table is sorted: by a column (`None`: corpus order), up or down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimSort {
    pub column: Option<ClaimColumn>,
    pub descending: bool,
}

impl ClaimSort {
    /// The sort after a click on `column`'s header: that column ascending, or the other way
    /// round when it is already sorted by it.
    pub fn click(self, column: ClaimColumn) -> ClaimSort {
        ClaimSort {
            column: Some(column),
            descending: self.column == Some(column) && !self.descending,
        }
    }

    /// `aria-sort` of `column`'s header.
    pub fn aria(self, column: ClaimColumn) -> &'static str {
        match (self.column == Some(column), self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
}

/// Which check-worthiness the claims table shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CheckFilter {
    #[default]
    Any,
    /// Claims without a value.
    Unset,
    /// Claims with this value.
    Is(String),
}

/// The rows to show (indices into `rows`): those that pass the filters, in the sort's order.
/// `query` matches a row when one of its columns contains it (both normalised: case, accents
/// and white space do not matter). Rows without a value in the sorted column come last either
/// way; equal values keep corpus order.
#[must_use]
pub fn claim_view(
    rows: &[&ClaimRow],
    query: &str,
    check: &CheckFilter,
    sort: ClaimSort,
) -> Vec<usize> {
    let query = normalize_name(query);
    let mut shown: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| match check {
            CheckFilter::Any => true,
            CheckFilter::Unset => r.checkworthy.is_none(),
            CheckFilter::Is(v) => r.checkworthy.as_deref() == Some(v.as_str()),
        })
        .filter(|(_, r)| {
            query.is_empty() || r.keys.iter().any(|k| super::find::contains(k, &query))
        })
        .map(|(i, _)| i)
        .collect();
    if let Some(column) = sort.column {
        let c = column.index();
        sort_indices(&mut shown, &|a, b| {
            let (ka, kb) = (&rows[a].keys[c], &rows[b].keys[c]);
            match (ka.is_empty(), kb.is_empty()) {
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ if sort.descending => kb.cmp(ka),
                _ => ka.cmp(kb),
            }
        });
    }
    shown
}
