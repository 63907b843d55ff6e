//! The two passes over files that arrive in chunks, file by file, and the order files load in.

use std::collections::BTreeMap;

use super::loader::Loader;
use super::row_view::Cells;
use super::storage::{estimate_rows, StoragePlan};
use super::tables::{TableLoad, TablePlan, TableScan};
use super::{splitter, stream, workbook, Imported};
use crate::hash::fingerprint;
use crate::inputs::{Accounting, DateOrder, FileOverride, InputSummary, Rejected, RowError};
use crate::kinds::Kind;

/// Import of files that arrive in chunks, in two passes (see [`stream`]):
///
/// 1. `begin_scan`, `scan_chunk`... (until it returns false or the file ends), `end_scan`
///    for every file, in any order;
/// 2. for each id of [`Importer::load_order`]: `begin_load` (true when it wants the file's
///    bytes again), `load_chunk`..., `end_load`;
/// 3. `finish`.
///
/// Text files are never held whole: the first pass keeps the first rows, the second types
/// each record as it arrives. The first pass of a large file stops once its header, kind and
/// date order are settled (usually within its first megabytes); nothing it did not see can
/// overturn that, because the second pass decodes record by record and rejects a record
/// with a NUL byte on its own. Workbooks are kept whole from the first pass (a ZIP cannot
/// be read front to back).
pub struct Importer {
    overrides: BTreeMap<String, FileOverride>,
    /// The ledger the user named, which decides how undecidable dates are read.
    accounting: Option<Accounting>,
    files: Vec<ScannedFile>,
    loader: Loader,
    inputs: Vec<InputSummary>,
    rejected: Vec<Rejected>,
    loading: Option<TextLoad>,
}

struct ScannedFile {
    name: String,
    /// The size the host gives; the first pass may stop before reading it all.
    size: u64,
    /// A fingerprint of the first [`FIRST_BYTES`]: orders files of the same name and size.
    head_print: u128,
    /// Line breaks in samples taken further into a file whose first pass stopped early,
    /// and the bytes of those samples (see [`Importer::sample_ranges`]).
    sampled_lines: u64,
    sampled_bytes: u64,
    state: ScanState,
}

/// A file at least this large whose first pass stopped early has its row count estimated
/// from samples further in as well as its first part (a ledger sorted by account has
/// shorter rows in some accounts than others).
const SAMPLED_SIZE: u64 = 8 << 20;
const SAMPLE_BYTES: u64 = 1 << 20;

enum ScanState {
    /// Too few bytes yet to tell a workbook from text.
    Undecided(Vec<u8>),
    Text(Box<(stream::TextScan, TableScan)>),
    /// A workbook, kept whole when this build reads workbooks; otherwise waiting for its
    /// sheets from the host ([`Importer::add_sheets`]).
    Workbook(Vec<u8>),
    /// A workbook's sheets, each scanned (or why the workbook could not be read): a table
    /// loaded before them keeps what later files of its kind need (see
    /// [`Importer::may_come_again`]) only if one of them is of that kind.
    Sheets(Result<Vec<ScannedSheet>, String>),
    /// Scanned, waiting for its turn to load; with the checks left to the second pass when
    /// the first stopped early.
    /// The plan, and whether the first pass stopped early (storage is sized from an estimate).
    Planned(Box<(stream::TextPlan, TablePlan, InputSummary, bool)>),
    Failed(Box<InputSummary>),
    Done,
}

/// A workbook's sheet after its scan: its name as the report gives it, its summary so far,
/// and what its rows are (or why they cannot be used).
struct ScannedSheet {
    sheet: workbook::Sheet,
    name: String,
    summary: InputSummary,
    plan: Result<TablePlan, String>,
}

/// The second pass of one text file.
struct TextLoad {
    decoder: stream::TextDecoder,
    splitter: splitter::Splitter,
    scratch: stream::Decoded,
    marks: stream::ChunkMarks,
    encodings: stream::RecordEncodings,
    table: TableLoad,
    /// The first pass stopped early, so storage was sized from an estimate.
    estimated: bool,
    storage: StoragePlan,
}

/// Bytes gathered before a file is told to be a workbook or text; their fingerprint orders
/// files of the same name and size, whatever the chunks they came in.
const FIRST_BYTES: usize = 4096;

/// The most of a text file's first pass read between looks at whether it has enough.
const SCAN_SLICE: usize = 64 * 1024;

impl Importer {
    pub fn new(overrides: BTreeMap<String, FileOverride>) -> Importer {
        Importer {
            overrides,
            accounting: None,
            files: Vec::new(),
            loader: Loader::new(),
            inputs: Vec::new(),
            rejected: Vec::new(),
            loading: None,
        }
    }

    /// The ledger the user named: with QuickBooks Online, files whose dates cannot tell day
    /// from month are read month-first.
    pub fn with_accounting(mut self, accounting: Option<Accounting>) -> Importer {
        self.accounting = accounting;
        self
    }

    /// Start the first pass of a file of `size` bytes; returns its id.
    pub fn begin_scan(&mut self, name: &str, size: u64) -> usize {
        self.files.push(ScannedFile {
            name: name.to_string(),
            size,
            head_print: 0,
            sampled_lines: 0,
            sampled_bytes: 0,
            state: ScanState::Undecided(Vec::new()),
        });
        self.files.len() - 1
    }

    /// The next bytes of a file's first pass; false once the pass needs no more of them
    /// (the host may stop reading the file and call `end_scan`).
    pub fn scan_chunk(&mut self, id: usize, chunk: &[u8]) -> bool {
        let Some(file) = self.files.get_mut(id) else { return false };
        let mut rest = chunk;
        if let ScanState::Undecided(first) = &mut file.state {
            let take = FIRST_BYTES.saturating_sub(first.len()).min(rest.len());
            first.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if first.len() < FIRST_BYTES {
                return true;
            }
            let first = std::mem::take(first);
            self.decide(id, first);
        }
        let Some(file) = self.files.get_mut(id) else { return false };
        match &mut file.state {
            ScanState::Text(scan) => {
                let (text, table) = &mut **scan;
                // A slice at a time: a host may hand over megabytes at once, where the scan
                // needs only the first hundred kilobytes or so.
                for slice in rest.chunks(SCAN_SLICE) {
                    text.push(slice, &mut |line, cells| table.push(line, cells));
                    if table.settled() && text.stop() {
                        return false;
                    }
                }
                true
            }
            ScanState::Workbook(bytes) if cfg!(feature = "workbooks") => {
                bytes.extend_from_slice(rest);
                true
            }
            _ => false,
        }
    }

    /// Byte ranges (start, end) of a large file for the host to hand over with
    /// [`Importer::scan_sample`] before `end_scan`: if its first pass stops early, its storage
    /// is then sized from rows per byte across the file, not only at its start. Known from
    /// the size alone, so a host may read them while it reads the file's first part. Empty
    /// for most files.
    pub fn sample_ranges(&self, id: usize) -> Vec<(u64, u64)> {
        let Some(file) = self.files.get(id) else { return Vec::new() };
        if file.size < SAMPLED_SIZE {
            return Vec::new();
        }
        [1, 2, 3].map(|quarter| file.size / 4 * quarter).into_iter().map(|start| (start, (start + SAMPLE_BYTES).min(file.size))).collect()
    }

    /// Bytes of a range from [`Importer::sample_ranges`]: only their line breaks are counted.
    pub fn scan_sample(&mut self, id: usize, bytes: &[u8]) {
        if let Some(file) = self.files.get_mut(id) {
            file.sampled_lines += splitter::count_newlines(bytes);
            file.sampled_bytes += bytes.len() as u64;
        }
    }

    /// Workbook or text, from the first bytes; the text scan starts with them.
    fn decide(&mut self, id: usize, first: Vec<u8>) {
        let overrides = &self.overrides;
        let file = &mut self.files[id];
        file.head_print = fingerprint(&&first[..first.len().min(FIRST_BYTES)]);
        if workbook::is_workbook(&first) {
            file.state = ScanState::Workbook(if cfg!(feature = "workbooks") { first } else { Vec::new() });
            return;
        }
        let mut text = stream::TextScan::default();
        let mut table = TableScan::new(overrides.get(&file.name));
        text.push(&first, &mut |line, cells| table.push(line, cells));
        file.state = ScanState::Text(Box::new((text, table)));
    }

    /// The end of the first pass of a file.
    pub fn end_scan(&mut self, id: usize) {
        if let Some(ScanState::Undecided(first)) = self.files.get_mut(id).map(|f| &mut f.state) {
            let first = std::mem::take(first);
            self.decide(id, first);
        }
        let Some(file) = self.files.get_mut(id) else { return };
        if cfg!(feature = "workbooks") && matches!(file.state, ScanState::Workbook(_)) {
            // Read now rather than at its turn to load, so that its kinds are known.
            let ScanState::Workbook(bytes) = std::mem::replace(&mut file.state, ScanState::Done) else { return };
            return self.keep_sheets(id, read_sheets(&bytes));
        }
        if !matches!(file.state, ScanState::Text(_)) {
            return;
        }
        let ScanState::Text(scan) = std::mem::replace(&mut file.state, ScanState::Done) else { return };
        let (mut text, mut table) = *scan;
        let mut summary = blank_summary(&file.name);
        let planned = text.finish(&mut |line, cells| table.push(line, cells));
        if let Some(read) = text.stopped_at() {
            // Storage is sized from the rows per byte before the scan stopped and in the
            // samples (a little over; the second pass tops it up if the rest of the file
            // has shorter rows).
            let rows = estimate_rows(table.records as u64 + file.sampled_lines, read + file.sampled_bytes, file.size);
            table.records = usize::try_from(rows).unwrap_or(usize::MAX);
        }
        let estimated = text.stopped_at().is_some();
        let planned = planned.and_then(|plan| {
            summary.encoding = Some(plan.encoding.name().to_string());
            summary.delimiter = Some(splitter::delimiter_name(plan.delimiter).to_string());
            Ok((plan, table.finish(&mut summary)?))
        });
        file.state = match planned {
            Ok((plan, table_plan)) => ScanState::Planned(Box::new((plan, table_plan, summary, estimated))),
            Err(reason) => {
                summary.problem = Some(reason);
                ScanState::Failed(Box::new(summary))
            }
        };
    }

    /// True when the file is a workbook this build does not read: the host reads its sheets
    /// (`workbook::sheets` elsewhere) and hands them over with [`Importer::add_sheets`].
    pub fn wants_sheets(&self, id: usize) -> bool {
        !cfg!(feature = "workbooks") && self.files.get(id).is_some_and(|f| matches!(f.state, ScanState::Workbook(_)))
    }

    /// The sheets of a scanned workbook, or why they could not be read, as JSON from
    /// [`workbook::sheets_to_json`].
    pub fn add_sheets(&mut self, id: usize, sheets_json: &str) {
        self.keep_sheets(id, workbook::sheets_from_json(sheets_json));
    }

    /// Scan a workbook's sheets and keep them for their turn to load.
    fn keep_sheets(&mut self, id: usize, sheets: Result<Vec<workbook::Sheet>, String>) {
        let Some(file) = self.files.get(id) else { return };
        let scanned = self.scan_sheets(&file.name, sheets);
        if let Some(file) = self.files.get_mut(id) {
            file.state = ScanState::Sheets(scanned);
        }
    }

    /// The order files are loaded in: by name, then size, then first bytes, so the same set
    /// of files gives the same report whatever order they came in.
    pub fn load_order(&self) -> Vec<usize> {
        let mut ids: Vec<usize> = (0..self.files.len()).collect();
        ids.sort_by(|&a, &b| {
            let (a, b) = (&self.files[a], &self.files[b]);
            (&a.name, a.size, a.head_print).cmp(&(&b.name, b.size, b.head_print))
        });
        ids
    }

    /// Start the second pass of a file. True when it wants the file's bytes again
    /// (a text file that could be read); false when `end_load` can finish it without them.
    pub fn begin_load(&mut self, id: usize) -> bool {
        if let Some(unfinished) = self.loading.take() {
            unfinished.table.finish(&mut self.loader);
        }
        let undecided = self.undecided_date_order();
        let Some(file) = self.files.get_mut(id) else { return false };
        match std::mem::replace(&mut file.state, ScanState::Done) {
            ScanState::Planned(planned) => {
                let (plan, mut table_plan, mut summary, estimated) = *planned;
                if let Some(order) = undecided {
                    table_plan.guess(order, &mut summary);
                }
                let (name, size) = (file.name.clone(), file.size);
                let kind = table_plan.found.kind;
                let keep = self.may_come_again(kind);
                // Records of its kind that files still to load will bring.
                let later_rows: usize = self
                    .files
                    .iter()
                    .filter_map(|f| match &f.state {
                        ScanState::Planned(later) if later.1.found.kind == kind => Some(later.1.data_rows),
                        _ => None,
                    })
                    .sum();
                let storage = StoragePlan::begin(self.loader.data.storage_mut(kind), size, table_plan.data_rows, later_rows);
                // Prints of kinds no file still to come can have are of no more use.
                let done: Vec<Kind> =
                    self.loader.overlap.earlier.keys().copied().filter(|k| *k != kind && !self.may_come_again(*k)).collect();
                for k in done {
                    self.loader.overlap.earlier.remove(&k);
                }
                let more_to_load = self.files.iter().any(|f| !matches!(f.state, ScanState::Done | ScanState::Failed(_)));
                self.loader.shared_text.keep_new(more_to_load);
                let table = TableLoad::new(&name, table_plan, summary, keep, &mut self.loader);
                self.loading = Some(TextLoad {
                    decoder: stream::TextDecoder::new(&plan),
                    splitter: splitter::Splitter::new(plan.delimiter).with_width(table.plan.header.len()),
                    scratch: stream::Decoded::default(),
                    marks: stream::ChunkMarks::default(),
                    encodings: stream::RecordEncodings::default(),
                    estimated,
                    table,
                    storage,
                });
                true
            }
            ScanState::Failed(summary) => {
                let reason = summary.problem.clone().unwrap_or_default();
                self.inputs.push(give_up(*summary, reason, &mut self.rejected));
                false
            }
            ScanState::Workbook(bytes) => {
                let name = file.name.clone();
                let scanned = self.scan_sheets(&name, read_sheets(&bytes));
                self.load_sheets(&name, scanned);
                false
            }
            ScanState::Sheets(scanned) => {
                let name = file.name.clone();
                self.load_sheets(&name, scanned);
                false
            }
            other => {
                file.state = other;
                false
            }
        }
    }

    /// The order to read a file's dates in when none of them can tell: month-first where the
    /// ledger is QuickBooks Online (as the user said, or as a file of the bundle shows).
    fn undecided_date_order(&self) -> Option<DateOrder> {
        let qbo_kind = |k: Kind| k.id().starts_with("qbo.");
        let qbo_file = self.inputs.iter().filter_map(|i| i.kind).any(qbo_kind)
            || self.files.iter().any(|f| match &f.state {
                ScanState::Planned(planned) => qbo_kind(planned.1.found.kind),
                ScanState::Sheets(Ok(sheets)) => sheets.iter().any(|s| s.plan.as_ref().is_ok_and(|p| qbo_kind(p.found.kind))),
                _ => false,
            });
        match self.accounting {
            Some(Accounting::QuickBooksOnline) => Some(DateOrder::MonthFirst),
            Some(Accounting::Xero) => None,
            None => qbo_file.then_some(DateOrder::MonthFirst),
        }
    }

    /// Whether a file still to be loaded may hold records of `kind` (a workbook may hold any).
    fn may_come_again(&self, kind: Kind) -> bool {
        self.files.iter().any(|f| match &f.state {
            ScanState::Planned(planned) => planned.1.found.kind == kind,
            ScanState::Sheets(scanned) => {
                scanned.as_ref().is_ok_and(|sheets| sheets.iter().any(|s| s.plan.as_ref().is_ok_and(|p| p.found.kind == kind)))
            }
            ScanState::Failed(_) | ScanState::Done => false,
            ScanState::Undecided(_) | ScanState::Text(_) | ScanState::Workbook(_) => true,
        })
    }

    pub fn load_chunk(&mut self, chunk: &[u8]) {
        let Some(load) = self.loading.as_mut() else { return };
        load.push(chunk, false, &mut self.loader, &mut self.rejected);
    }

    /// The end of the second pass of the file begun last.
    pub fn end_load(&mut self) {
        let Some(mut load) = self.loading.take() else { return };
        load.push(&[], true, &mut self.loader, &mut self.rejected);
        // Storage sized from an estimate (or for rows that were headings) is given back
        // once no file still to come may add to it.
        let kind = load.table.plan.found.kind;
        if !self.may_come_again(kind) {
            if let Some(storage) = self.loader.data.storage_mut(kind) {
                storage.shrink_to_fit();
            }
        }
        let mut summary = load.table.finish(&mut self.loader);
        load.encodings.settle(&mut summary);
        self.inputs.push(summary);
    }

    pub fn finish(mut self) -> Imported {
        let later = std::mem::take(&mut self.loader.later_states);
        super::newer::keep_newer_states(&mut self.loader.data, &mut self.inputs, later);
        super::stores::label_stores(&mut self.loader.data, &mut self.inputs, &self.overrides);
        Imported { dataset: self.loader.data, inputs: self.inputs, rejected: self.rejected }
    }

    /// Each sheet of a workbook scanned (see [`ScannedSheet`]); a workbook with none is
    /// refused.
    fn scan_sheets(&self, name: &str, sheets: Result<Vec<workbook::Sheet>, String>) -> Result<Vec<ScannedSheet>, String> {
        let sheets = sheets?;
        if sheets.is_empty() {
            return Err("the workbook has no sheet with data".to_string());
        }
        let single = sheets.len() == 1;
        Ok(sheets
            .into_iter()
            .map(|sheet| {
                let sheet_name = if single { name.to_string() } else { format!("{name} [{}]", sheet.name) };
                let ov = self.overrides.get(&sheet_name).or_else(|| self.overrides.get(name));
                let mut summary = blank_summary(&sheet_name);
                summary.encoding = Some("workbook".into());
                let mut scan = TableScan::new(ov);
                for row in &sheet.rows {
                    scan.push(row.line, Cells::Record(&row.cells));
                }
                let plan = scan.finish(&mut summary);
                ScannedSheet { sheet, name: sheet_name, summary, plan }
            })
            .collect())
    }

    fn load_sheets(&mut self, name: &str, scanned: Result<Vec<ScannedSheet>, String>) {
        let sheets = match scanned {
            Ok(sheets) => sheets,
            Err(reason) => return self.inputs.push(give_up(blank_summary(name), reason, &mut self.rejected)),
        };
        self.loader.shared_text.keep_new(true);
        let undecided = self.undecided_date_order();
        for ScannedSheet { sheet, name: sheet_name, mut summary, plan } in sheets {
            let mut plan = match plan {
                Ok(plan) => plan,
                Err(reason) => {
                    self.inputs.push(give_up(summary, reason, &mut self.rejected));
                    continue;
                }
            };
            if let Some(order) = undecided {
                plan.guess(order, &mut summary);
            }
            let mut load = TableLoad::new(&sheet_name, plan, summary, true, &mut self.loader);
            load.from_sheet = true;
            let uncalculated: BTreeMap<u64, &str> = sheet.uncalculated.iter().rev().map(|(line, cell)| (*line, cell.as_str())).collect();
            for row in &sheet.rows {
                match uncalculated.get(&row.line) {
                    Some(cell) => {
                        let error = RowError::UncalculatedFormula { cell: format!("{cell}{}", row.line) };
                        load.reject_record(row.line, &error, &mut self.rejected);
                    }
                    None => load.push(row.line, Cells::Record(&row.cells), &mut self.loader, &mut self.rejected),
                }
            }
            let summary = load.finish(&mut self.loader);
            self.inputs.push(summary);
        }
    }
}

#[cfg(feature = "workbooks")]
fn read_sheets(bytes: &[u8]) -> Result<Vec<workbook::Sheet>, String> {
    workbook::sheets(bytes)
}

#[cfg(not(feature = "workbooks"))]
fn read_sheets(_bytes: &[u8]) -> Result<Vec<workbook::Sheet>, String> {
    Err("this build reads no workbooks and none was handed its sheets; save the sheet as CSV".into())
}

impl TextLoad {
    fn push(&mut self, chunk: &[u8], last: bool, loader: &mut Loader, rejected: &mut Vec<Rejected>) {
        let (splitter, table, scratch) = (&mut self.splitter, &mut self.table, &mut self.scratch);
        let (marks, encodings) = (&mut self.marks, &mut self.encodings);
        let mut on_record = |line: u64, raw: &[u8], ends: &[usize], marks: &stream::ChunkMarks| {
            if marks.nul && raw.contains(&0) {
                return table.reject_record(line, &RowError::NulByte, rejected);
            }
            let utf8 = stream::to_text(raw, ends, scratch, &mut |cells| table.push(line, cells, loader, rejected));
            encodings.record(line, raw, utf8, marks.non_ascii);
        };
        self.decoder.push(chunk, last, &mut |text| {
            marks.chunk(text);
            let marks = &*marks;
            splitter.push(text, &mut |line, raw, ends| on_record(line, raw, ends, marks));
        });
        if last {
            let marks = &*marks;
            splitter.finish(&mut |line, raw, ends| on_record(line, raw, ends, marks));
        }
        for line in self.splitter.take_broken() {
            self.table.reject_line(line, &RowError::UnclosedQuote, rejected);
        }
        self.marks.chunk_read(self.splitter.is_between_records());
        self.storage.loaded(chunk.len());
        if self.estimated && !last {
            if let Some(storage) = loader.data.storage_mut(self.table.plan.found.kind) {
                self.storage.top_up(chunk.len(), self.table.records, storage);
            }
        }
    }
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
        not_utf8: None,
        delimiter: None,
        date_order: None,
        date_order_guessed: false,
        dates: None,
        detection: None,
        duplicates: 0,
        identifiers_cleaned: 0,
        identifiers_hidden: 0,
        hidden_spellings: Vec::new(),
        passed_over: 0,
        records: 0,
        store: None,
        nearest_kind: None,
        header: Vec::new(),
        titles: Vec::new(),
        problem: None,
    }
}

fn give_up(mut summary: InputSummary, reason: String, rejected: &mut Vec<Rejected>) -> InputSummary {
    rejected.push(Rejected::file(&summary.file, &reason));
    summary.problem = Some(reason);
    summary
}
