//! One table's two passes: the first finds its header, kind and date order from its first
//! rows and its date cells ([`TableScan`] to a [`TablePlan`]); the second types each data row
//! with its kind's builder ([`TableLoad`]).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use super::date_cell::DateOrderEvidence;
use super::detect::{self, Detected};
use super::loader::{builder, Builder, Loader, Outcome, TableState};
use super::row_view::{Cells, RowView};
use super::splitter;
use super::value::DecimalEvidence;
use crate::dataset::{Origin, SourceFile};
use crate::inputs::{DateOrder, DatesRead, FileOverride, InputSummary, Rejected, RowError};
use crate::kinds::Kind;
use crate::text::TableText;

/// Dates that tell day-first from month-first (or need no telling) after which a file's date
/// order is settled: the rest of a large file is not split into records in the first pass.
pub(super) const DATES_TO_SETTLE: usize = 1000;

/// The rows, and the cells that tell a decimal comma from a point, after which a file's
/// decimal separator is settled.
const DECIMAL_ROWS: usize = 2000;
const DECIMALS_TO_SETTLE: usize = 200;

/// Rows wider than this are no export's; such a file is refused rather than scanned.
pub const MAX_COLUMNS: usize = 10_000;

/// The first pass over one table: the first rows for finding the header, then the date
/// cells of every row for deciding the date order.
pub(super) struct TableScan {
    pub(super) forced: Option<Kind>,
    pub(super) mapping: BTreeMap<String, String>,
    pub(super) told_order: Option<DateOrder>,
    pub(super) first: Vec<splitter::Row>,
    /// Found once the first rows are in, to know which cells hold dates.
    pub(super) early: Option<Detected>,
    pub(super) evidence: DateOrderEvidence,
    pub(super) decimals: DecimalEvidence,
    pub(super) records: usize,
}

/// What the first pass settled for a table.
pub(super) struct TablePlan {
    pub(super) found: Detected,
    pub(super) header: csv::StringRecord,
    pub(super) order: DateOrder,
    pub(super) dates: Option<DatesRead>,
    /// The file writes a decimal comma: a point stands only between thousands.
    pub(super) decimal_comma: bool,
    /// Data rows below the header (blank ones included), for sizing the records' storage.
    pub(super) data_rows: usize,
}

impl TableScan {
    pub(super) fn new(ov: Option<&FileOverride>) -> TableScan {
        TableScan {
            forced: ov.and_then(|o| o.kind),
            mapping: ov.map(|o| o.columns.clone()).unwrap_or_default(),
            told_order: ov.and_then(|o| o.date_order),
            first: Vec::new(),
            early: None,
            evidence: DateOrderEvidence::default(),
            decimals: DecimalEvidence::default(),
            records: 0,
        }
    }

    pub(super) fn push(&mut self, line: u64, cells: Cells) {
        self.records += 1;
        if self.first.len() < detect::HEADER_SEARCH_ROWS {
            self.first.push(splitter::Row { line, cells: cells.to_record() });
            if self.first.len() == detect::HEADER_SEARCH_ROWS {
                self.early = self.detect();
            }
            return;
        }
        if let Some(found) = &self.early {
            // The decimal separator is told by the first rows; dates, which may all be
            // ambiguous for a while, are looked at until they settle.
            let decimals = self.records <= DECIMAL_ROWS && self.decimals.told() < DECIMALS_TO_SETTLE;
            for field in found.kind.spec().fields {
                if !field.date && !decimals {
                    continue;
                }
                if let Some(v) = found.map.get(field.key).and_then(|c| cells.get(c)) {
                    if field.date {
                        self.evidence.observe(v);
                    } else {
                        self.decimals.observe(v);
                    }
                }
            }
        }
    }

    /// Whether the rest of the file can teach nothing more: the header rows are in, and the
    /// date order is settled (the kind has no dates, or a thousand dates have told it or
    /// needed none).
    pub(super) fn settled(&self) -> bool {
        if self.first.len() < detect::HEADER_SEARCH_ROWS {
            return false;
        }
        match &self.early {
            None => true,
            Some(found) => {
                let dated = found.kind.spec().fields.iter().any(|f| f.date && found.map.get(f.key).is_some());
                !dated || self.evidence.settled_count() >= DATES_TO_SETTLE
            }
        }
    }

    pub(super) fn too_wide(&self) -> Option<usize> {
        self.first.iter().map(|r| r.cells.len()).max().filter(|n| *n > MAX_COLUMNS)
    }

    pub(super) fn detect(&self) -> Option<Detected> {
        if self.too_wide().is_some() {
            return None;
        }
        detect::detect(&self.first, self.forced, &self.mapping)
    }

    /// The plan, with the summary filled in; or why the table cannot be used.
    pub(super) fn finish(mut self, summary: &mut InputSummary) -> Result<TablePlan, String> {
        if let Some(wide) = self.too_wide() {
            return Err(format!("a row has {wide} fields; exports have at most a few hundred columns, so this is not read as a table"));
        }
        let Some(found) = self.detect() else {
            // The header shown (and offered for mapping) is the row nearest to a kind, else the
            // first of the fullest rows (titles above a header fill fewer cells), with the rows
            // above it as titles.
            let filled = |r: &splitter::Row| r.cells.iter().filter(|c| !c.trim().is_empty()).count();
            let fullest = || {
                let most = self.first.iter().map(filled).max().unwrap_or(0);
                self.first.iter().position(|r| most > 0 && filled(r) == most)
            };
            let nearest = detect::nearest(&self.first);
            summary.nearest_kind = nearest.map(|(_, k)| k);
            if let Some(at) = nearest.map(|(at, _)| at).or_else(fullest) {
                summary.header = header_cells(&self.first[at].cells);
                summary.titles = self.first[..at].iter().map(|r| title_text(&r.cells)).filter(|t| !t.is_empty()).collect();
            }
            let shown: String = summary.header.join(", ").chars().take(120).collect();
            return Err(match self.forced {
                Some(k) => format!("no header row matches the columns {} needs; the likeliest header row reads: {shown}", k.id()),
                None => {
                    format!(
                        "no known export header found in the first {} rows; the likeliest header row reads: {shown}",
                        detect::HEADER_SEARCH_ROWS
                    )
                }
            });
        };
        let spec = found.kind.spec();
        let header = self.first[found.header_index].cells.clone();
        summary.header = header_cells(&header);
        summary.titles = self.first[..found.header_index].iter().map(|r| title_text(&r.cells)).filter(|t| !t.is_empty()).collect();
        let date_cols: Vec<usize> = spec.fields.iter().filter(|f| f.date).filter_map(|f| found.map.get(f.key)).collect();
        let other_cols: Vec<usize> = spec.fields.iter().filter(|f| !f.date).filter_map(|f| found.map.get(f.key)).collect();
        for row in &self.first[found.header_index + 1..] {
            for &c in &date_cols {
                if let Some(v) = row.cells.get(c) {
                    self.evidence.observe(v);
                }
            }
            for &c in &other_cols {
                if let Some(v) = row.cells.get(c) {
                    self.decimals.observe(v);
                }
            }
        }
        // QuickBooks Online writes its own reports month-first in the US companies that use it;
        // the importer may still turn another file's guess month-first (see `TablePlan::guess`).
        let guess = if found.kind.id().starts_with("qbo.") { DateOrder::MonthFirst } else { DateOrder::DayFirst };
        let (order, dates) = match self.told_order {
            Some(told) => (told, Some(DatesRead::AsTold)),
            None => self.evidence.decide(guess),
        };
        summary.kind = Some(found.kind);
        summary.detection = Some(found.detection.clone());
        let data_rows = self.records.saturating_sub(found.header_index + 1);
        let decimal_comma = self.decimals.decimal_comma();
        let plan = TablePlan { found, header, order, dates, decimal_comma, data_rows };
        plan.record_dates(summary);
        Ok(plan)
    }
}

impl TablePlan {
    /// Read an undecidable file's dates in `order` (the company's ledger's habit), saying so.
    pub(super) fn guess(&mut self, order: DateOrder, summary: &mut InputSummary) {
        if self.dates.is_some_and(DatesRead::guessed) {
            self.order = order;
            self.dates = Some(match order {
                DateOrder::DayFirst => DatesRead::DayFirstGuessed,
                DateOrder::MonthFirst => DatesRead::MonthFirstGuessed,
            });
            self.record_dates(summary);
        }
    }

    fn record_dates(&self, summary: &mut InputSummary) {
        summary.date_order = Some(self.order);
        summary.date_order_guessed = self.dates.is_some_and(DatesRead::guessed);
        summary.dates = self.dates;
    }
}

/// A title row above a header, as one line of text.
pub(super) fn title_text(cells: &csv::StringRecord) -> String {
    let words: Vec<&str> = cells.iter().map(str::trim).filter(|c| !c.is_empty()).take(20).collect();
    words.join(" ").chars().take(200).collect()
}

/// The second pass over one table: each data row typed by its kind's builder.
pub(super) struct TableLoad {
    pub(super) name: String,
    pub(super) plan: TablePlan,
    pub(super) summary: InputSummary,
    pub(super) file_index: usize,
    pub(super) build: Builder,
    pub(super) records: usize,
    pub(super) padded: csv::StringRecord,
    pub(super) texts: RefCell<TableText>,
    pub(super) cleaned: Cell<u64>,
    pub(super) hidden: RefCell<(u64, Vec<crate::inputs::HiddenSpelling>)>,
    /// Numbers read, and the most digits before the point with their column.
    pub(super) numbers: Cell<(u64, u32, usize)>,
    /// The rows come from a sheet, which shows no width beyond a row's last cell: a short
    /// row is padded, never rejected.
    pub(super) from_sheet: bool,
}

impl TableLoad {
    /// `keep_prints`: a later file may be of the same kind, so this table's record
    /// fingerprints are kept to recognise its rows there.
    pub(super) fn new(name: &str, plan: TablePlan, summary: InputSummary, keep_prints: bool, ld: &mut Loader) -> TableLoad {
        let file_index = ld.data.files.len();
        ld.data.files.push(SourceFile {
            name: name.to_string(),
            kind: Some(plan.found.kind),
            magnitude: crate::dataset::Magnitude::default(),
        });
        ld.table = TableState::default();
        ld.overlap.begin(plan.found.kind, keep_prints);
        // Storage sized once from the first pass's count: no doubling (and copying) as it fills.
        if let Some(storage) = ld.data.storage_mut(plan.found.kind) {
            storage.reserve_exact(plan.data_rows);
        }
        let build = builder(plan.found.kind);
        let texts = RefCell::new(TableText::new(plan.header.len(), std::mem::take(&mut ld.shared_text)));
        TableLoad {
            name: name.to_string(),
            plan,
            summary,
            file_index,
            build,
            records: 0,
            padded: csv::StringRecord::new(),
            texts,
            cleaned: Cell::new(0),
            hidden: RefCell::new((0, Vec::new())),
            numbers: Cell::new((0, 0, 0)),
            from_sheet: false,
        }
    }

    /// The table's summary; the text it shares goes back to the loader for the next table.
    pub(super) fn finish(self, ld: &mut Loader) -> InputSummary {
        ld.shared_text = self.texts.into_inner().into_shared();
        let (numbers, widest_digits, column) = self.numbers.get();
        if let Some(file) = ld.data.files.get_mut(self.file_index) {
            let widest_column = self.plan.header.get(column).unwrap_or_default().to_string();
            file.magnitude = crate::dataset::Magnitude { numbers, widest_digits, widest_column };
        }
        let mut summary = self.summary;
        summary.identifiers_cleaned = self.cleaned.get();
        (summary.identifiers_hidden, summary.hidden_spellings) = self.hidden.into_inner();
        summary.records = summary.rows + summary.rejected + summary.duplicates + summary.passed_over;
        summary
    }

    /// A record the splitter could not hand on (see [`RowError::UnclosedQuote`]) or whose
    /// bytes are not text: rejected where it lies below the header.
    pub(super) fn reject_line(&mut self, line: u64, error: &RowError, rejected: &mut Vec<Rejected>) {
        if line > self.plan.found.detection.header_line {
            self.summary.rejected += 1;
            rejected.push(Rejected::row(&self.name, line, error));
        }
    }

    /// A record the first pass saw as a row (so it counts towards finding the header) that
    /// cannot be read: a NUL byte, a formula without its value. Rejected where it lies below
    /// the header.
    pub(super) fn reject_record(&mut self, line: u64, error: &RowError, rejected: &mut Vec<Rejected>) {
        self.records += 1;
        if self.records > self.plan.found.header_index + 1 {
            self.summary.rejected += 1;
            rejected.push(Rejected::row(&self.name, line, error));
        }
    }

    pub(super) fn push(&mut self, line: u64, cells: Cells, ld: &mut Loader, rejected: &mut Vec<Rejected>) {
        self.records += 1;
        let filled = |i: usize| cells.get(i).is_some_and(|c| !crate::text::trim(c).is_empty());
        if self.records <= self.plan.found.header_index + 1 || !(0..cells.len()).any(filled) {
            return;
        }
        let summary = &mut self.summary;
        let mut reject = |error: RowError| {
            summary.rejected += 1;
            rejected.push(Rejected::row(&self.name, line, &error));
        };
        let width = self.plan.header.len();
        let mut filled_cells = (0..cells.len()).filter(|&i| filled(i));
        if let (Some(only), None) = (filled_cells.next(), filled_cells.next()) {
            if cells.get(only).is_some_and(is_report_footer) {
                summary.passed_over += 1;
                return;
            }
        }
        let extra_filled = (width..cells.len()).any(filled);
        let short = cells.len() < width;
        if extra_filled || (short && !self.from_sheet && !self.plan.found.kind.is_report_layout()) {
            reject(RowError::WrongWidth { found: cells.len(), expected: width });
            return;
        }
        let cells = if short {
            self.padded.clear();
            self.padded.extend(cells.iter());
            while self.padded.len() < width {
                self.padded.push_field("");
            }
            Cells::Record(&self.padded)
        } else {
            cells
        };
        let view = RowView {
            cells,
            texts: &self.texts,
            header: &self.plan.header,
            map: &self.plan.found.map,
            spec: self.plan.found.kind.spec(),
            order: self.plan.order,
            decimal_comma: self.plan.decimal_comma,
            origin: Origin { file: u32::try_from(self.file_index).unwrap_or(u32::MAX), line: u32::try_from(line).unwrap_or(u32::MAX) },
            cleaned: &self.cleaned,
            hidden: &self.hidden,
            numbers: &self.numbers,
        };
        match (self.build)(&view, ld) {
            Ok(Outcome::Loaded(dates)) => {
                summary.rows += 1;
                for d in dates.into_iter().flatten() {
                    summary.first_date = Some(summary.first_date.map_or(d, |f| f.min(d)));
                    summary.last_date = Some(summary.last_date.map_or(d, |l| l.max(d)));
                }
            }
            Ok(Outcome::Skipped) => summary.passed_over += 1,
            Ok(Outcome::Duplicate) => summary.duplicates += 1,
            Err(reason) => reject(reason),
        }
    }
}

/// The line an accounting system writes under a report or list: QuickBooks Online's basis
/// and time stamp (`Accrual Basis Tuesday, March 31, 2026 06:00 PM GMT-07:00`), or the time
/// stamp alone (`Tuesday, April 07, 2026 09:11 AM GMT-04:00`).
fn is_report_footer(cell: &str) -> bool {
    const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let t = crate::text::trim(cell);
    let stamp = |s: &str| {
        let s = s.trim_start();
        WEEKDAYS.iter().any(|d| crate::text::starts_with_ignore_case(s, d))
            && s.contains(',')
            && (crate::text::contains_ignore_case(s, "gmt")
                || crate::text::contains_ignore_case(s, " am")
                || crate::text::contains_ignore_case(s, " pm"))
    };
    for basis in ["accrual basis", "cash basis"] {
        if crate::text::starts_with_ignore_case(t, basis) {
            let rest = &t[basis.len()..];
            return rest.trim().is_empty() || stamp(rest);
        }
    }
    stamp(t)
}

/// A header row as the report keeps it: at most 300 cells of at most 200 characters.
pub(super) fn header_cells(cells: &csv::StringRecord) -> Vec<String> {
    cells.iter().take(300).map(|c| c.trim().chars().take(200).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::is_report_footer;

    #[test]
    fn accounting_footers_are_told_from_data() {
        for footer in [
            "Accrual Basis Tuesday, March 31, 2026 06:00 PM GMT-07:00",
            "Cash Basis  Monday, April 6, 2026 9:15 AM GMT+12:00",
            "Accrual Basis",
            "Tuesday, April 07, 2026 09:11 AM GMT-04:00",
        ] {
            assert!(is_report_footer(footer), "{footer}");
        }
        for data in ["Accrual Basis Adjustments", "Tuesday Market Stall", "Monday, 5 units", "1200 Inventory Asset"] {
            assert!(!is_report_footer(data), "{data}");
        }
    }
}
