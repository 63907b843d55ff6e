//! Import: file bytes to the typed [`Dataset`], with every row either loaded or rejected
//! with its file, line and reason.
//!
//! Steps per file: decode the bytes ([`decode`]), sniff the delimiter and split rows
//! ([`table`]), find the header row and the kind ([`detect`]), decide the file's date order
//! from its values ([`value::DateOrderEvidence`]), then build one typed record per data row.

pub mod cin7;
pub mod decode;
pub mod detect;
pub mod schema;
pub mod table;
pub mod value;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, Origin, SourceFile};
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
pub struct FileOverride {
    pub kind: Option<Kind>,
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

    fn raw(&self, key: &str) -> Option<&str> {
        let col = self.map.get(key)?;
        self.cells.get(col).map(str::trim).filter(|s| !s.is_empty())
    }

    /// The header text the user's file uses for a field, for messages.
    fn header_of(&self, key: &str) -> String {
        self.map
            .get(key)
            .and_then(|c| self.header.get(c))
            .map(|h| h.trim().to_string())
            .or_else(|| self.spec.field(key).map(|f| f.label.to_string()))
            .unwrap_or_else(|| key.to_string())
    }

    pub fn text(&self, key: &str) -> Option<String> {
        self.raw(key).map(str::to_string)
    }

    /// Status words are compared upper-cased and trimmed.
    pub fn status(&self, key: &str) -> Option<String> {
        self.raw(key).map(|s| s.to_uppercase())
    }

    pub fn required_text(&self, key: &str) -> Result<String, String> {
        self.text(key).ok_or_else(|| format!("{} is empty", self.header_of(key)))
    }

    pub fn decimal(&self, key: &str) -> Result<Option<Decimal>, String> {
        match self.raw(key) {
            None => Ok(None),
            Some(raw) => value::parse_decimal(raw).map_err(|e| format!("{}: {e}", self.header_of(key))),
        }
    }

    pub fn required_decimal(&self, key: &str) -> Result<Decimal, String> {
        self.decimal(key)?.ok_or_else(|| format!("{} is empty", self.header_of(key)))
    }

    pub fn date(&self, key: &str) -> Result<Option<Date>, String> {
        match self.raw(key) {
            None => Ok(None),
            Some(raw) => value::parse_date(raw, self.order).map_err(|e| format!("{}: {e}", self.header_of(key))),
        }
    }
}

/// Read every file. Files are taken in name order so that the same set of files gives
/// the same report whatever order they were dropped in.
pub fn import(files: &[InputFile], overrides: &BTreeMap<String, FileOverride>) -> Imported {
    let mut ordered: Vec<&InputFile> = files.iter().collect();
    ordered.sort_by(|a, b| a.name.cmp(b.name).then_with(|| a.bytes.cmp(b.bytes)));
    let mut out = Imported { dataset: Dataset::default(), inputs: Vec::new(), rejected: Vec::new() };
    for file in ordered {
        let forced = overrides.get(file.name).and_then(|o| o.kind);
        import_file(file, forced, &mut out);
    }
    out
}

fn import_file(file: &InputFile, forced: Option<Kind>, out: &mut Imported) {
    let mut summary = InputSummary {
        file: file.name.to_string(),
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
        problem: None,
    };
    let decoded = match decode::decode(file.bytes) {
        Ok(d) => d,
        Err(reason) => return give_up(summary, reason, out),
    };
    summary.encoding = Some(decoded.encoding.to_string());
    let delim = table::sniff_delimiter(&decoded.text);
    summary.delimiter = Some(table::delimiter_name(delim).to_string());
    let rows = table::read_rows(&decoded.text, delim);
    let Some(found) = detect::detect(&rows, forced) else {
        let first = rows.iter().find(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
        let shown: String = first
            .map(|r| r.cells.iter().map(str::trim).collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect();
        let reason = match forced {
            Some(k) => format!("no header row matches the columns {} needs; the first row reads: {shown}", k.id()),
            None => format!("no known export header found in the first {} rows; the first row reads: {shown}", detect::HEADER_SEARCH_ROWS),
        };
        return give_up(summary, reason, out);
    };
    let spec = found.kind.spec();
    let header = &rows[found.header_index].cells;
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

    let file_index = out.dataset.files.len();
    out.dataset.files.push(SourceFile { name: file.name.to_string(), kind: Some(found.kind) });
    let width = header.len();
    for row in data {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let reject = |reason: String, out: &mut Imported| {
            out.rejected.push(Rejected { file: file.name.to_string(), line: Some(row.line), reason });
        };
        let extra_filled = row.cells.iter().skip(width).any(|c| !c.trim().is_empty());
        if row.cells.len() < width || extra_filled {
            summary.rejected += 1;
            reject(format!("found {} fields instead of {}", row.cells.len(), width), out);
            continue;
        }
        let view = RowView {
            cells: &row.cells,
            header,
            map: &found.map,
            spec,
            order,
            origin: Origin { file: file_index, line: row.line },
        };
        let loaded = match found.kind {
            Kind::Cin7Sales => cin7::sale(&view).map(|s| {
                let dates = [s.order_date, s.invoice_date];
                out.dataset.sales.push(s);
                dates.to_vec()
            }),
            Kind::Cin7Availability => cin7::stock_line(&view).map(|s| {
                out.dataset.stock.push(s);
                Vec::new()
            }),
        };
        match loaded {
            Ok(dates) => {
                summary.rows += 1;
                for d in dates.into_iter().flatten() {
                    summary.first_date = Some(summary.first_date.map_or(d, |f| f.min(d)));
                    summary.last_date = Some(summary.last_date.map_or(d, |l| l.max(d)));
                }
            }
            Err(reason) => {
                summary.rejected += 1;
                reject(reason, out);
            }
        }
    }
    out.inputs.push(summary);
}

fn give_up(mut summary: InputSummary, reason: String, out: &mut Imported) {
    out.rejected.push(Rejected { file: summary.file.clone(), line: None, reason: reason.clone() });
    summary.problem = Some(reason);
    out.inputs.push(summary);
}
