//! What a host hands the engine and what the report says back about each file: the
//! input vocabulary every layer shares (import, rules, report, the page and the CLI).

use std::collections::BTreeMap;
use std::fmt;

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
    /// The order of the file's slashed dates, where no date in it can tell.
    pub date_order: Option<DateOrder>,
    /// For a Shopify orders file: the name of its store.
    pub store: Option<String>,
}

/// A column mapping the user made for a header, kept to be applied the next time a file
/// with the same header is seen: header names and field names only, never a data cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptMapping {
    pub header: Vec<String>,
    pub kind: Kind,
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

/// The mappings file the page downloads and `--mapping` reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KeptMappings {
    pub mappings: Vec<KeptMapping>,
}

impl KeptMappings {
    /// The mapping for a file whose header is `header` (compared cell by cell, trimmed).
    pub fn for_header(&self, header: &[String]) -> Option<&KeptMapping> {
        let same = |a: &[String], b: &[String]| {
            let cells = |h: &[String]| h.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect::<Vec<_>>();
            cells(a) == cells(b)
        };
        self.mappings.iter().find(|m| same(&m.header, header))
    }
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
    /// In a UTF-8 file, the records that were not UTF-8 and were read as Windows-1252.
    #[serde(default)]
    pub not_utf8: Option<NotUtf8>,
    pub delimiter: Option<String>,
    pub date_order: Option<DateOrder>,
    /// True when no date in the file could tell day-first from month-first.
    pub date_order_guessed: bool,
    /// How the file's dates were read, in words for the user (`None` for a file of no dates).
    #[serde(default)]
    pub dates: Option<DatesRead>,
    pub detection: Option<Detection>,
    /// Records already read from an earlier file (overlapping exports), counted once.
    pub duplicates: u64,
    /// Identifier cells read without the marks a spreadsheet added (`'0012345`, `="0123"`,
    /// invisible characters): counted so the user can see the file was cleaned, not changed.
    #[serde(default)]
    pub identifiers_cleaned: u64,
    /// Of those, identifiers that held characters printing as nothing or only looking like
    /// the letters they were read as, and the first few of them.
    #[serde(default)]
    pub identifiers_hidden: u64,
    #[serde(default)]
    pub hidden_spellings: Vec<HiddenSpelling>,
    /// Rows below the header that are not records: a report's headings, totals and footer,
    /// a products export's image rows. Rows, rejected, duplicates and these make up every
    /// non-blank record below the header.
    #[serde(default)]
    pub passed_over: u64,
    /// Every non-blank record below the header: rows + rejected + duplicates + passed over.
    #[serde(default)]
    pub records: u64,
    /// For a Shopify orders file: which store it is from (see `import::stores`).
    #[serde(default)]
    pub store: Option<String>,
    /// The header row as found, for a user who wants to map the columns by hand.
    pub header: Vec<String>,
    /// Title rows above the header (report name, organisation, period), as written.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Why the file as a whole could not be used.
    pub problem: Option<String>,
    /// For a file that could not be read: the kind its header comes nearest to.
    #[serde(default)]
    pub nearest_kind: Option<Kind>,
}

/// A file that loses more than this share of its records (in percent) to rejection is read
/// too incompletely to trust the checks that use it.
pub const LOST_SHARE_PCT: u64 = 2;

impl InputSummary {
    /// More than [`LOST_SHARE_PCT`] of the file's records were rejected.
    pub fn lost_much(&self) -> bool {
        self.rejected > 0 && self.rejected * 100 > self.records.max(self.rejected) * LOST_SHARE_PCT
    }
}

/// An identifier as written, with what does not show escaped (`HP-\u{200b}1150`), and as read.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct HiddenSpelling {
    pub line: u64,
    pub field: String,
    pub written: String,
    pub read_as: String,
}

/// How many [`HiddenSpelling`]s a file keeps to show.
pub const HIDDEN_SPELLINGS_KEPT: usize = 20;

/// Records of a UTF-8 file that were not UTF-8: how many, and the lines of the first few.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct NotUtf8 {
    pub records: u64,
    pub lines: Vec<u64>,
}

/// A row (or, with no line, a whole file) that could not be read.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rejected {
    pub file: String,
    pub line: Option<u64>,
    pub reason: String,
    /// What kind of problem it is, for grouping; reports written before it say `other`.
    #[serde(default)]
    pub cause: Cause,
}

impl Rejected {
    pub fn row(file: &str, line: u64, error: &RowError) -> Rejected {
        Rejected { file: file.to_string(), line: Some(line), reason: error.to_string(), cause: error.cause() }
    }

    pub fn file(file: &str, reason: &str) -> Rejected {
        Rejected { file: file.to_string(), line: None, reason: reason.to_string(), cause: Cause::File }
    }
}

/// The kinds of [`RowError`], and a whole file that could not be used.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    WrongWidth,
    Empty,
    NotAValue,
    TooManyDigits,
    Inconsistent,
    /// The record's text is broken: a quote never closed, a NUL byte.
    BrokenText,
    /// A whole file left out because its numbers could overflow the checks' sums.
    TooLarge,
    File,
    #[default]
    Other,
}

/// Why a data row could not be read. Its words ([`Display`](fmt::Display)) are the reason
/// the report gives.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowError {
    /// More fields than the header (or, outside a report's layout, fewer).
    WrongWidth { found: usize, expected: usize },
    /// A field the record cannot do without is empty.
    Empty { field: String },
    /// A cell that is not a value of its field's type: `problem` says what is wrong.
    NotAValue { field: String, problem: String },
    /// A cell with more significant digits than an amount or quantity may have.
    TooManyDigits { field: String, cell: String },
    /// An amount worked out from several cells, with more digits than it may have.
    AmountTooManyDigits { amount: Decimal },
    /// A field given without the one it goes with.
    GivenWithout { given: String, missing: String },
    /// A posting of a ledger report above the first account heading, so of no account.
    BeforeAnyAccount,
    /// A quote opens a field on this line and no quote closes it within the bounds of a real
    /// multi-line note: the line is dropped and reading goes on at the next one.
    UnclosedQuote,
    /// The record holds a NUL byte, which no text export writes.
    NulByte,
    /// A sheet's cell holds a formula that was never calculated (a program wrote the file
    /// without values), so its value is unknown.
    UncalculatedFormula { cell: String },
}

impl RowError {
    pub fn cause(&self) -> Cause {
        match self {
            RowError::WrongWidth { .. } => Cause::WrongWidth,
            RowError::Empty { .. } => Cause::Empty,
            RowError::NotAValue { .. } => Cause::NotAValue,
            RowError::TooManyDigits { .. } | RowError::AmountTooManyDigits { .. } => Cause::TooManyDigits,
            RowError::GivenWithout { .. } | RowError::BeforeAnyAccount => Cause::Inconsistent,
            RowError::UnclosedQuote | RowError::NulByte => Cause::BrokenText,
            RowError::UncalculatedFormula { .. } => Cause::NotAValue,
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        const DIGITS: &str = "(at most 17 significant digits)";
        match self {
            RowError::WrongWidth { found, expected } => write!(f, "found {found} fields instead of {expected}"),
            RowError::Empty { field } => write!(f, "{field} is empty"),
            RowError::NotAValue { field, problem } => write!(f, "{field}: {problem}"),
            RowError::TooManyDigits { field, cell } => {
                write!(f, "{field}: '{cell}' has more digits than an amount or quantity may {DIGITS}")
            }
            RowError::AmountTooManyDigits { amount } => write!(f, "the amount {amount} has more digits than an amount may {DIGITS}"),
            RowError::GivenWithout { given, missing } => write!(f, "{given} is given without {missing}"),
            RowError::BeforeAnyAccount => f.write_str("the row comes before any account heading"),
            RowError::UnclosedQuote => f.write_str("a quote opened on this line is never closed; the line is left out"),
            RowError::NulByte => f.write_str("the row holds a NUL byte (binary data, not text)"),
            RowError::UncalculatedFormula { cell } => {
                write!(f, "cell {cell} holds a formula that was never calculated; open the file in Excel and save it, then add it again")
            }
        }
    }
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

/// How a file's dates were read, as the report tells the user.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatesRead {
    /// Every date was year first (`2026-03-31`), named months or spreadsheet serials.
    Iso,
    /// Day-first: some dates could only be read that way.
    DayFirst,
    MonthFirst,
    /// No date could tell: read day-first, as Cin7 Core and Xero companies mostly write.
    DayFirstGuessed,
    /// No date could tell: read month-first, as QuickBooks Online writes for US companies.
    MonthFirstGuessed,
    /// Read in the order the user gave for the file.
    AsTold,
}

impl DatesRead {
    pub const ALL: [DatesRead; 6] = [
        DatesRead::Iso,
        DatesRead::DayFirst,
        DatesRead::MonthFirst,
        DatesRead::DayFirstGuessed,
        DatesRead::MonthFirstGuessed,
        DatesRead::AsTold,
    ];

    pub fn words(self) -> &'static str {
        match self {
            DatesRead::Iso => "dates year-first (ISO)",
            DatesRead::DayFirst => "dates day-first",
            DatesRead::MonthFirst => "dates month-first",
            DatesRead::DayFirstGuessed => "dates read day-first, a guess: no date in the file tells day from month",
            DatesRead::MonthFirstGuessed => {
                "dates read month-first, a guess (QuickBooks Online's US order): no date in the file tells day from month"
            }
            DatesRead::AsTold => "dates read in the order given for the file",
        }
    }

    /// A few words for a table cell.
    pub fn short(self) -> &'static str {
        match self {
            DatesRead::Iso => "ISO",
            DatesRead::DayFirst => "day-first",
            DatesRead::MonthFirst => "month-first",
            DatesRead::DayFirstGuessed => "day-first (guessed)",
            DatesRead::MonthFirstGuessed => "month-first (guessed)",
            DatesRead::AsTold => "as told",
        }
    }

    pub fn guessed(self) -> bool {
        matches!(self, DatesRead::DayFirstGuessed | DatesRead::MonthFirstGuessed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_errors_read_as_the_report_has_always_said_them() {
        let cases = [
            (RowError::WrongWidth { found: 3, expected: 5 }, "found 3 fields instead of 5", Cause::WrongWidth),
            (RowError::Empty { field: "OrderNumber".into() }, "OrderNumber is empty", Cause::Empty),
            (
                RowError::NotAValue { field: "Total".into(), problem: "'abc' is not a number".into() },
                "Total: 'abc' is not a number",
                Cause::NotAValue,
            ),
            (
                RowError::TooManyDigits { field: "Qty".into(), cell: "1.234567890123456789".into() },
                "Qty: '1.234567890123456789' has more digits than an amount or quantity may (at most 17 significant digits)",
                Cause::TooManyDigits,
            ),
            (
                RowError::GivenWithout { given: "New Qty".into(), missing: "On Hand".into() },
                "New Qty is given without On Hand",
                Cause::Inconsistent,
            ),
            (RowError::BeforeAnyAccount, "the row comes before any account heading", Cause::Inconsistent),
        ];
        for (error, words, cause) in cases {
            assert_eq!(error.to_string(), words);
            assert_eq!(error.cause(), cause);
            let rejected = Rejected::row("a.csv", 7, &error);
            assert_eq!((rejected.line, rejected.reason.as_str(), rejected.cause), (Some(7), words, cause));
        }
        // A report written before causes were kept reads back with `other`.
        let old: Rejected = serde_json::from_str(r#"{"file":"a.csv","line":3,"reason":"x"}"#).expect("old rejected row");
        assert_eq!(old.cause, Cause::Other);
        assert_eq!(
            serde_json::to_string(&Rejected::file("b.csv", "not a table")).expect("json"),
            r#"{"file":"b.csv","line":null,"reason":"not a table","cause":"file"}"#
        );
    }
}
