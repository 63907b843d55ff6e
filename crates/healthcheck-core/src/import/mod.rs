//! Import: file bytes to the typed [`Dataset`], with every row either loaded or rejected
//! with its file, line and reason.
//!
//! Steps per file: decode the bytes ([`decode`]), sniff the delimiter and split rows
//! ([`table`]), find the header row and the kind ([`detect`]), decide the file's date order
//! from its values ([`value::DateOrderEvidence`]), then build one typed record per data row.

pub mod accounting;
pub mod cin7;
pub mod decode;
pub mod detect;
pub mod schema;
pub mod shopify;
pub mod table;
pub mod value;
pub mod workbook;

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, Duplicate, Origin, SourceFile};
use crate::date::Date;
use detect::{ColumnMap, Detection};
use schema::{Kind, KindSpec};
use value::{DateOrder, DateOrderEvidence};

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

pub struct Imported {
    pub dataset: Dataset,
    pub inputs: Vec<InputSummary>,
    pub rejected: Vec<Rejected>,
}

/// What became of one data row.
pub enum Outcome {
    /// Loaded, with the dates it carries (for the file's date range).
    Loaded(Vec<Option<Date>>),
    /// A heading, label or total of a report, or an image row: not data.
    Skipped,
    /// Already read from an earlier file.
    Duplicate,
}

/// A QuickBooks journal report writes a transaction's date, type and number on its first
/// line only; the lines after it carry them over.
#[derive(Clone, Debug)]
pub struct Carry {
    pub date: Date,
    pub source: Option<String>,
    pub number: Option<String>,
    pub contact: Option<String>,
}

/// State that lives for one table: headings of reports and the Shopify order being folded.
#[derive(Default)]
pub struct TableState {
    pub account: Option<crate::dataset::AccountRef>,
    pub section: Option<String>,
    pub carry: Option<Carry>,
    pub shopify_order: Option<usize>,
}

/// What builders write into: the dataset, and the index that counts overlapping rows once.
pub struct Loader {
    pub data: Dataset,
    pub table: TableState,
    seen: HashMap<(Kind, u128), Origin, BuildHasherDefault<Prehashed>>,
}

impl Loader {
    /// True when an earlier file already held this record (and records the duplicate).
    /// Repeats within one file are kept: they are the file's own content. `key` is the tuple
    /// of fields that make a record the same record.
    pub fn seen_before<K: Hash>(&mut self, kind: Kind, key: &K, origin: Origin) -> bool {
        let print = fingerprint(key);
        match self.seen.get(&(kind, print)) {
            Some(first) if first.file != origin.file => {
                self.data.duplicates.push(Duplicate { kind, first: *first, again: origin });
                true
            }
            Some(_) => false,
            None => {
                self.seen.insert((kind, print), origin);
                false
            }
        }
    }
}

/// FNV-1a over 64 bits with a given start and multiplier.
struct Fnv(u64, u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(self.1);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A 128-bit fingerprint of a record's identifying fields: two differently seeded 64-bit
/// hashes, so that two different records share one with negligible odds (about 1 in 10^20
/// for a million records), without building a key string per row.
pub fn fingerprint<K: Hash>(key: &K) -> u128 {
    let mut a = Fnv(0xcbf2_9ce4_8422_2325, 0x0000_0100_0000_01b3);
    let mut b = Fnv(0x6c62_272e_07bb_0142, 0x9e37_79b9_7f4a_7c15);
    key.hash(&mut a);
    key.hash(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// The fingerprints are hashes already: the map uses them as they are.
#[derive(Default)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(word);
        }
    }
    fn write_u128(&mut self, v: u128) {
        self.0 ^= v as u64;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A data row seen through its kind's column map.
pub struct RowView<'a> {
    cells: &'a csv::StringRecord,
    header: &'a csv::StringRecord,
    map: &'a ColumnMap,
    spec: &'static KindSpec,
    order: DateOrder,
    origin: Origin,
}

impl RowView<'_> {
    pub fn origin(&self) -> Origin {
        self.origin
    }

    pub fn kind(&self) -> Kind {
        self.spec.kind
    }

    fn raw(&self, key: &str) -> Option<&str> {
        let col = self.map.get(key)?;
        self.cells.get(col).map(str::trim).filter(|s| !s.is_empty())
    }

    /// The cell exactly as written, spaces kept; `None` when it is blank.
    pub fn raw_text(&self, key: &str) -> Option<String> {
        let col = self.map.get(key)?;
        self.cells.get(col).filter(|s| !s.trim().is_empty()).map(str::to_string)
    }

    /// The first non-empty cell of the row, whatever its column (report headings).
    pub fn first_text(&self) -> Option<String> {
        self.cells.iter().map(str::trim).find(|c| !c.is_empty()).map(str::to_string)
    }

    /// The header text the user's file uses for a field, for messages.
    pub fn header_of(&self, key: &str) -> String {
        self.mapped_header(key).or_else(|| self.spec.field(key).map(|f| f.label.to_string())).unwrap_or_else(|| key.to_string())
    }

    /// The header of the column mapped to a field, if any.
    pub fn mapped_header(&self, key: &str) -> Option<String> {
        self.map.get(key).and_then(|c| self.header.get(c)).map(|h| h.trim().to_string()).filter(|h| !h.is_empty())
    }

    pub fn empty_message(&self, key: &str) -> String {
        format!("{} is empty", self.header_of(key))
    }

    pub fn text(&self, key: &str) -> Option<String> {
        self.raw(key).map(str::to_string)
    }

    /// Status words are compared upper-cased and trimmed.
    pub fn status(&self, key: &str) -> Option<String> {
        self.raw(key).map(|s| s.to_uppercase())
    }

    pub fn account(&self, key: &str) -> Option<crate::dataset::AccountRef> {
        self.raw(key).map(accounting::parse_account_cell)
    }

    pub fn required_text(&self, key: &str) -> Result<String, String> {
        self.text(key).ok_or_else(|| self.empty_message(key))
    }

    pub fn decimal(&self, key: &str) -> Result<Option<Decimal>, String> {
        match self.raw(key) {
            None => Ok(None),
            Some(raw) => value::parse_decimal(raw).map_err(|e| format!("{}: {e}", self.header_of(key))),
        }
    }

    pub fn required_decimal(&self, key: &str) -> Result<Decimal, String> {
        self.decimal(key)?.ok_or_else(|| self.empty_message(key))
    }

    pub fn date(&self, key: &str) -> Result<Option<Date>, String> {
        match self.raw(key) {
            None => Ok(None),
            Some(raw) => value::parse_date(raw, self.order).map_err(|e| format!("{}: {e}", self.header_of(key))),
        }
    }

    pub fn required_date(&self, key: &str) -> Result<Date, String> {
        self.date(key)?.ok_or_else(|| self.empty_message(key))
    }

    pub fn time(&self, key: &str) -> Option<u32> {
        self.raw(key).and_then(value::parse_time_of_day)
    }
}

type Builder = fn(&RowView, &mut Loader) -> Result<Outcome, String>;

fn builder(kind: Kind) -> Builder {
    match kind {
        Kind::Cin7Sales => cin7::sale,
        Kind::Cin7SaleLines => cin7::sale_line,
        Kind::Cin7Purchases => cin7::purchase,
        Kind::Cin7PurchaseLines => cin7::purchase_line,
        Kind::Cin7Availability => cin7::stock_line,
        Kind::Cin7Products => cin7::product,
        Kind::Cin7Movements => cin7::movement,
        Kind::Cin7Adjustments => cin7::adjustment,
        Kind::Cin7SyncLog => cin7::sync_entry,
        Kind::XeroTrialBalance | Kind::QboTrialBalance => accounting::trial_balance_line,
        Kind::XeroGl => accounting::xero_ledger_entry,
        Kind::QboGl => accounting::qbo_ledger_entry,
        Kind::XeroAccounts | Kind::QboAccounts => accounting::account,
        Kind::XeroManualJournals => accounting::manual_journal_line,
        Kind::XeroItems => accounting::xero_item,
        Kind::QboItems => accounting::qbo_item,
        Kind::ShopifyOrders => shopify::order_row,
        Kind::ShopifyProducts => shopify::product_row,
    }
}

/// Read every file. Files are taken in name order so that the same set of files gives
/// the same report whatever order they were dropped in.
pub fn import(files: &[InputFile], overrides: &BTreeMap<String, FileOverride>) -> Imported {
    import_with_progress(files, overrides, &mut |_| {})
}

/// [`import`], telling `progress` the name of each file as its turn comes.
pub fn import_with_progress(files: &[InputFile], overrides: &BTreeMap<String, FileOverride>, progress: &mut dyn FnMut(&str)) -> Imported {
    let mut ordered: Vec<&InputFile> = files.iter().collect();
    ordered.sort_by(|a, b| a.name.cmp(b.name).then_with(|| a.bytes.cmp(b.bytes)));
    let mut ld = Loader { data: Dataset::default(), table: TableState::default(), seen: HashMap::default() };
    let mut inputs = Vec::new();
    let mut rejected = Vec::new();
    for file in ordered {
        progress(file.name);
        let ov = overrides.get(file.name);
        if workbook::is_workbook(file.bytes) {
            match workbook::sheets(file.bytes) {
                Ok(sheets) if sheets.is_empty() => {
                    inputs.push(give_up(blank_summary(file.name), "the workbook has no sheet with data".into(), &mut rejected));
                }
                Ok(sheets) => {
                    let single = sheets.len() == 1;
                    for sheet in sheets {
                        let name = if single { file.name.to_string() } else { format!("{} [{}]", file.name, sheet.name) };
                        let ov = overrides.get(&name).or(ov);
                        let mut summary = blank_summary(&name);
                        summary.encoding = Some("workbook".into());
                        inputs.push(import_rows(&name, &sheet.rows, summary, ov, &mut ld, &mut rejected));
                    }
                }
                Err(reason) => inputs.push(give_up(blank_summary(file.name), reason, &mut rejected)),
            }
            continue;
        }
        let mut summary = blank_summary(file.name);
        let decoded = match decode::decode(file.bytes) {
            Ok(d) => d,
            Err(reason) => {
                inputs.push(give_up(summary, reason, &mut rejected));
                continue;
            }
        };
        summary.encoding = Some(decoded.encoding.to_string());
        let delim = table::sniff_delimiter(&decoded.text);
        summary.delimiter = Some(table::delimiter_name(delim).to_string());
        let rows = table::read_rows(&decoded.text, delim);
        if let Some(wide) = rows.iter().take(detect::HEADER_SEARCH_ROWS).map(|r| r.cells.len()).max().filter(|n| *n > MAX_COLUMNS) {
            let reason = format!("a row has {wide} fields; exports have at most a few hundred columns, so this is not read as a table");
            inputs.push(give_up(summary, reason, &mut rejected));
            continue;
        }
        inputs.push(import_rows(file.name, &rows, summary, ov, &mut ld, &mut rejected));
    }
    Imported { dataset: ld.data, inputs, rejected }
}

/// Rows wider than this are no export's; such a file is refused rather than scanned.
pub const MAX_COLUMNS: usize = 10_000;

/// A header row as the report keeps it: at most 300 cells of at most 200 characters.
fn header_cells(cells: &csv::StringRecord) -> Vec<String> {
    cells.iter().take(300).map(|c| c.trim().chars().take(200).collect()).collect()
}

fn blank_summary(name: &str) -> InputSummary {
    InputSummary {
        file: name.to_string(),
        kind: None,
        rows: 0,
        rejected: 0,
        first_date: None,
        last_date: None,
        encoding: None,
        delimiter: None,
        date_order: None,
        date_order_guessed: false,
        detection: None,
        duplicates: 0,
        header: Vec::new(),
        titles: Vec::new(),
        problem: None,
    }
}

fn import_rows(
    name: &str,
    rows: &[table::Row],
    mut summary: InputSummary,
    ov: Option<&FileOverride>,
    ld: &mut Loader,
    rejected: &mut Vec<Rejected>,
) -> InputSummary {
    let forced = ov.and_then(|o| o.kind);
    let empty = BTreeMap::new();
    let mapping = ov.map_or(&empty, |o| &o.columns);
    let Some(found) = detect::detect(rows, forced, mapping) else {
        let first = rows.iter().find(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
        summary.header = first.map(|r| header_cells(&r.cells)).unwrap_or_default();
        let shown: String = summary.header.join(", ").chars().take(120).collect();
        let reason = match forced {
            Some(k) => format!("no header row matches the columns {} needs; the first row reads: {shown}", k.id()),
            None => format!("no known export header found in the first {} rows; the first row reads: {shown}", detect::HEADER_SEARCH_ROWS),
        };
        return give_up(summary, reason, rejected);
    };
    let spec = found.kind.spec();
    let header = &rows[found.header_index].cells;
    summary.header = header_cells(header);
    summary.titles = rows[..found.header_index]
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .take(20)
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(200)
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
        .collect();
    let data = &rows[found.header_index + 1..];

    let mut evidence = DateOrderEvidence::default();
    let date_cols: Vec<usize> = spec.fields.iter().filter(|f| f.date).filter_map(|f| found.map.get(f.key)).collect();
    for row in data {
        for &c in &date_cols {
            if let Some(v) = row.cells.get(c) {
                evidence.observe(v);
            }
        }
    }
    let (order, guessed) = evidence.decide();
    summary.kind = Some(found.kind);
    summary.date_order = Some(order);
    summary.date_order_guessed = guessed;
    summary.detection = Some(found.detection.clone());

    let file_index = ld.data.files.len();
    ld.data.files.push(SourceFile { name: name.to_string(), kind: Some(found.kind) });
    ld.table = TableState::default();
    let build = builder(found.kind);
    let width = header.len();
    let report_layout = found.kind.is_report_layout();
    let mut padded = csv::StringRecord::new();
    for row in data {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut reject = |reason: String, summary: &mut InputSummary| {
            summary.rejected += 1;
            rejected.push(Rejected { file: name.to_string(), line: Some(row.line), reason });
        };
        let extra_filled = row.cells.iter().skip(width).any(|c| !c.trim().is_empty());
        let short = row.cells.len() < width;
        if extra_filled || (short && !report_layout) {
            reject(format!("found {} fields instead of {}", row.cells.len(), width), &mut summary);
            continue;
        }
        let cells = if short {
            padded.clear();
            padded.extend(row.cells.iter());
            while padded.len() < width {
                padded.push_field("");
            }
            &padded
        } else {
            &row.cells
        };
        let view = RowView { cells, header, map: &found.map, spec, order, origin: Origin { file: file_index, line: row.line } };
        match build(&view, ld) {
            Ok(Outcome::Loaded(dates)) => {
                summary.rows += 1;
                for d in dates.into_iter().flatten() {
                    summary.first_date = Some(summary.first_date.map_or(d, |f| f.min(d)));
                    summary.last_date = Some(summary.last_date.map_or(d, |l| l.max(d)));
                }
            }
            Ok(Outcome::Skipped) => {}
            Ok(Outcome::Duplicate) => summary.duplicates += 1,
            Err(reason) => reject(reason, &mut summary),
        }
    }
    summary
}

fn give_up(mut summary: InputSummary, reason: String, rejected: &mut Vec<Rejected>) -> InputSummary {
    rejected.push(Rejected { file: summary.file.clone(), line: None, reason: reason.clone() });
    summary.problem = Some(reason);
    summary
}
