//! What a host hands the engine and what the report says back about each file: the
//! input vocabulary every layer shares (import, rules, report, the page and the CLI).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::kinds::Kind;

/// The largest magnitude an amount or quantity may have: ten trillion. No real export comes
/// near it, and below it a quantity times a unit cost, and sums of many of those, stay far
/// inside what `Decimal` holds, so the checks' arithmetic cannot overflow.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(1_316_134_912, 2_328, 0, false, 0);

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Accounting {
    #[serde(rename = "xero")]
    Xero,
    #[serde(rename = "qbo")]
    QuickBooksOnline,
}

/// A file as the host hands it over: its name (for messages only) and its bytes.
#[derive(Clone, Copy)]
pub struct InputFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What the user told us about a file when detection could not.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileOverride {
    pub kind: Option<Kind>,
    /// Field key → the header text of the column that holds it.
    pub columns: BTreeMap<String, String>,
}

/// What the report says about each input file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InputSummary {
    pub file: String,
    /// The detected kind, or `None` when the file could not be used.
    pub kind: Option<Kind>,
    pub rows: u64,
    pub rejected: u64,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub date_order: Option<DateOrder>,
    /// True when no date in the file could tell day-first from month-first.
    pub date_order_guessed: bool,
    pub detection: Option<Detection>,
    /// Records already read from an earlier file (overlapping exports), counted once.
    pub duplicates: u64,
    /// The header row as found, for a user who wants to map the columns by hand.
    pub header: Vec<String>,
    /// Title rows above the header (report name, organisation, period), as written.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Why the file as a whole could not be used.
    pub problem: Option<String>,
}

/// A row (or, with no line, a whole file) that could not be read.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rejected {
    pub file: String,
    pub line: Option<u64>,
    pub reason: String,
}

/// The result of detection, kept in the report so a user can see why.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Detection {
    /// 0–100: the share of the kind's known columns found in the header.
    pub confidence: u8,
    /// 1-based line of the header row.
    pub header_line: u64,
    pub reasons: Vec<String>,
}

/// Which number comes first in a slashed date (`03/04/2026`), decided per file.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}
