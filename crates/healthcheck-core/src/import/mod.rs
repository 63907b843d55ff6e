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
pub mod encoding;
pub mod shopify;
pub mod stream;
pub mod table;
pub mod value;
pub mod workbook;

use std::collections::BTreeMap;
use std::hash::Hash;

use rust_decimal::Decimal;

use std::cell::RefCell;

use crate::dataset::{Dataset, Duplicate, Origin, SourceFile};
use crate::date::Date;
pub use crate::hash::fingerprint;
use crate::inputs::{DateOrder, FileOverride, InputFile, InputSummary, Rejected};
use crate::kinds::{Kind, KindSpec};
use crate::small_decimal::{OptionalDecimal, SmallDecimal};
use crate::text::{SharedText, TableText, Text};
use detect::{ColumnMap, Detected};
use value::DateOrderEvidence;

pub struct Imported {
    pub dataset: Dataset,
    pub inputs: Vec<InputSummary>,
    pub rejected: Vec<Rejected>,
}

/// What became of one data row.
pub enum Outcome {
    /// Loaded, with the dates it carries (for the file's date range).
    Loaded([Option<Date>; 2]),
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
    pub source: Option<Text>,
    pub number: Option<Text>,
    pub contact: Option<Text>,
}

/// State that lives for one table: headings of reports and the Shopify order being folded.
#[derive(Default)]
pub struct TableState {
    pub account: Option<crate::dataset::AccountRef>,
    pub section: Option<Text>,
    pub carry: Option<Carry>,
    pub shopify_order: Option<usize>,
    /// The accounting system a synchronization report names, once read from its header.
    pub sync_system: Option<Option<crate::inputs::Accounting>>,
}

/// What builders write into: the dataset, and the fingerprints that count overlapping rows once.
pub struct Loader {
    pub data: Dataset,
    pub table: TableState,
    overlap: Overlap,
    /// Mostly distinct values (document numbers, descriptions) of every table so far.
    shared_text: SharedText,
}

/// Fingerprints of the records of files already loaded, per kind, sorted: a record of a
/// later file with the same print is the same record exported twice. Only what can matter is
/// kept: the table being loaded keeps its prints only when a file still to come may be of
/// its kind, and looks up only kinds an earlier file had.
#[derive(Default)]
struct Overlap {
    earlier: BTreeMap<Kind, Vec<(u128, Origin)>>,
    current: Vec<(u128, Origin)>,
    current_kind: Option<Kind>,
    keep_current: bool,
}

impl Overlap {
    fn begin(&mut self, kind: Kind, keep: bool) {
        self.finish_table();
        self.current_kind = Some(kind);
        self.keep_current = keep;
    }

    /// Merge the table's prints into the earlier ones of its kind (first origin first).
    fn finish_table(&mut self) {
        let Some(kind) = self.current_kind.take() else { return };
        // Taken, not drained: its storage (sized for this table) is freed below, not held
        // empty through the rest of the load.
        let mut current = std::mem::take(&mut self.current);
        if current.is_empty() {
            return;
        }
        let prints = self.earlier.entry(kind).or_default();
        if prints.is_empty() {
            *prints = current;
        } else {
            prints.append(&mut current);
        }
        prints.sort_unstable_by_key(|(print, origin)| (*print, origin.file, origin.line));
        prints.dedup_by_key(|(print, _)| *print);
        prints.shrink_to_fit();
    }
}

impl Loader {
    fn new() -> Loader {
        Loader { data: Dataset::default(), table: TableState::default(), overlap: Overlap::default(), shared_text: SharedText::default() }
    }

    /// True when an earlier file already held this record (and records the duplicate).
    /// Repeats within one file are kept: they are the file's own content. `key` is the tuple
    /// of fields that make a record the same record.
    pub fn seen_before<K: Hash>(&mut self, kind: Kind, key: &K, origin: Origin) -> bool {
        self.seen_before_with(kind, || fingerprint(key), origin)
    }

    /// [`Loader::seen_before`] for a key that costs something to make: it is made only
    /// where another file may hold the same rows.
    pub fn seen_before_with(&mut self, kind: Kind, print: impl FnOnce() -> u128, origin: Origin) -> bool {
        let earlier = self.overlap.earlier.get(&kind);
        if earlier.is_none() && !self.overlap.keep_current {
            return false;
        }
        let print = print();
        if let Some(prints) = earlier {
            if let Ok(at) = prints.binary_search_by_key(&print, |(p, _)| *p) {
                self.data.duplicates.push(Duplicate { kind, first: prints[at].1, again: origin });
                return true;
            }
        }
        if self.overlap.keep_current {
            self.overlap.current.push((print, origin));
        }
        false
    }
}

/// The cells of one row: a workbook's row as a record, or a text record's fields as they
/// came from the splitter (no copy).
#[derive(Clone, Copy)]
pub enum Cells<'a> {
    Record(&'a csv::StringRecord),
    Fields { text: &'a str, ends: &'a [usize] },
}

impl<'a> Cells<'a> {
    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match *self {
            Cells::Record(r) => r.get(i),
            Cells::Fields { text, ends } => {
                let end = *ends.get(i)?;
                // Fields are separated by one byte (see `stream::OnRecord`).
                let start = if i == 0 { 0 } else { ends[i - 1] + 1 };
                text.get(start..end)
            }
        }
    }

    pub fn len(&self) -> usize {
        match *self {
            Cells::Record(r) => r.len(),
            Cells::Fields { ends, .. } => ends.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(self) -> impl Iterator<Item = &'a str> {
        (0..self.len()).map(move |i| self.get(i).unwrap_or(""))
    }

    pub fn to_record(self) -> csv::StringRecord {
        match self {
            Cells::Record(r) => r.clone(),
            Cells::Fields { .. } => csv::StringRecord::from(self.iter().collect::<Vec<_>>()),
        }
    }
}

/// An amount worked out from a row's cells (a debit less a credit), for a field of a large
/// table, kept in eight bytes; refused where it has more digits than those hold.
pub fn small_amount(amount: Decimal) -> Result<SmallDecimal, String> {
    SmallDecimal::new(amount)
        .ok_or_else(|| format!("the amount {amount} has more digits than an amount may (at most 17 significant digits)"))
}

/// A data row seen through its kind's column map.
pub struct RowView<'a> {
    cells: Cells<'a>,
    texts: &'a RefCell<TableText>,
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

    /// A field's cell, trimmed, borrowed from the row; `None` when it is blank.
    #[inline(always)]
    pub fn cell(&self, key: &str) -> Option<&str> {
        let col = self.map.get(key)?;
        self.cells.get(col).map(crate::text::trim).filter(|s| !s.is_empty())
    }

    /// The cell exactly as written, spaces kept; `None` when it is blank.
    pub fn raw_text(&self, key: &str) -> Option<Text> {
        let col = self.map.get(key)?;
        let raw = self.cells.get(col).filter(|s| !crate::text::trim(s).is_empty())?;
        Some(self.column_text(col, raw))
    }

    /// The first non-empty cell of the row, whatever its column (report headings).
    pub fn first_cell(&self) -> Option<&str> {
        self.cells.iter().map(crate::text::trim).find(|c| !c.is_empty())
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

    /// The cell trimmed, as a shared [`Text`]; `None` when it is blank.
    pub fn text(&self, key: &str) -> Option<Text> {
        let col = self.map.get(key)?;
        let raw = self.cells.get(col).map(crate::text::trim).filter(|s| !s.is_empty())?;
        Some(self.column_text(col, raw))
    }

    /// Status words are compared upper-cased and trimmed.
    pub fn status(&self, key: &str) -> Option<Text> {
        let col = self.map.get(key)?;
        let raw = self.cells.get(col).map(crate::text::trim).filter(|s| !s.is_empty())?;
        if raw.bytes().any(|b| b.is_ascii_lowercase()) || !raw.is_ascii() {
            Some(self.column_text(col, &raw.to_uppercase()))
        } else {
            Some(self.column_text(col, raw))
        }
    }

    fn column_text(&self, col: usize, value: &str) -> Text {
        self.texts.borrow_mut().text(col, value)
    }

    pub fn account(&self, key: &str) -> Option<crate::dataset::AccountRef> {
        self.cell(key).map(accounting::parse_account_cell)
    }

    pub fn required_text(&self, key: &str) -> Result<Text, String> {
        self.text(key).ok_or_else(|| self.empty_message(key))
    }

    pub fn decimal(&self, key: &str) -> Result<Option<Decimal>, String> {
        match self.cell(key) {
            None => Ok(None),
            Some(raw) => value::parse_decimal(raw).map_err(|e| format!("{}: {e}", self.header_of(key))),
        }
    }

    pub fn required_decimal(&self, key: &str) -> Result<Decimal, String> {
        self.decimal(key)?.ok_or_else(|| self.empty_message(key))
    }

    /// A decimal for a field of a large table, kept in eight bytes: a cell with more
    /// significant digits than that holds is refused (see [`crate::small_decimal`]).
    pub fn small_decimal(&self, key: &str) -> Result<OptionalDecimal, String> {
        if let Some(d) = self.cell(key).and_then(value::plain_small_decimal) {
            return Ok(d.into());
        }
        let value = self.decimal(key)?;
        OptionalDecimal::new(value).ok_or_else(|| self.too_many_digits(key))
    }

    pub fn required_small_decimal(&self, key: &str) -> Result<SmallDecimal, String> {
        if let Some(d) = self.cell(key).and_then(value::plain_small_decimal) {
            return Ok(d);
        }
        let value = self.required_decimal(key)?;
        SmallDecimal::new(value).ok_or_else(|| self.too_many_digits(key))
    }

    fn too_many_digits(&self, key: &str) -> String {
        format!(
            "{}: '{}' has more digits than an amount or quantity may (at most 17 significant digits)",
            self.header_of(key),
            self.cell(key).unwrap_or_default()
        )
    }

    pub fn date(&self, key: &str) -> Result<Option<Date>, String> {
        match self.cell(key) {
            None => Ok(None),
            Some(raw) => value::parse_date(raw, self.order).map_err(|e| format!("{}: {e}", self.header_of(key))),
        }
    }

    pub fn required_date(&self, key: &str) -> Result<Date, String> {
        self.date(key)?.ok_or_else(|| self.empty_message(key))
    }

    pub fn time(&self, key: &str) -> Option<u32> {
        self.cell(key).and_then(value::parse_time_of_day)
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

/// [`import`], telling `progress` the name of each file as its turn comes. Files go through
/// in 1 MB chunks, as a browser streams them: the first pass only checks bytes once a file's
/// layout is settled, and that switch happens between chunks.
pub fn import_with_progress(files: &[InputFile], overrides: &BTreeMap<String, FileOverride>, progress: &mut dyn FnMut(&str)) -> Imported {
    import_in_chunks(files, overrides, 1 << 20, progress)
}

/// The files through the same two passes a stream takes, handed over `chunk` bytes at a
/// time (whole, with `usize::MAX`); the result does not depend on `chunk`.
pub fn import_in_chunks(
    files: &[InputFile],
    overrides: &BTreeMap<String, FileOverride>,
    chunk: usize,
    progress: &mut dyn FnMut(&str),
) -> Imported {
    let chunk = chunk.max(1);
    let mut importer = Importer::new(overrides.clone());
    loop {
        for file in files {
            let id = importer.begin_scan(file.name, file.bytes.len() as u64);
            for c in file.bytes.chunks(chunk) {
                if !importer.scan_chunk(id, c) {
                    break;
                }
            }
            for (start, end) in importer.sample_ranges(id) {
                importer.scan_sample(id, &file.bytes[start as usize..end as usize]);
            }
            importer.end_scan(id);
        }
        for id in importer.load_order() {
            progress(files[id].name);
            if importer.begin_load(id) {
                files[id].bytes.chunks(chunk).for_each(|c| importer.load_chunk(c));
            }
            importer.end_load();
            if importer.must_restart() {
                break;
            }
        }
        if !importer.must_restart() {
            return importer.finish();
        }
        importer.restart();
    }
}

/// Import of files that arrive in chunks, in two passes (see [`stream`]):
///
/// 1. `begin_scan`, `scan_chunk`... (until it returns false or the file ends), `end_scan`
///    for every file, in any order;
/// 2. for each id of [`Importer::load_order`]: `begin_load` (true when it wants the file's
///    bytes again), `load_chunk`..., `end_load`; stop early when `must_restart` says so;
/// 3. `finish`; or, when `must_restart`, `restart` and go back to 1 with the same files in
///    the same order.
///
/// Text files are never held whole: the first pass keeps the first rows, the second types
/// each record as it arrives. The first pass of a large file stops once its header, kind and
/// date order are settled (usually within its first megabytes); the second pass, which reads
/// every record, does the checks it left (UTF-8, NUL: see [`stream::LateCheck`]). In the rare file
/// whose late bytes overturn the plan for records already typed, the import starts again
/// with that file read whole in its first pass, so the report is the same as if every file
/// had been. Workbooks are kept whole from the first pass (a ZIP cannot be read front to
/// back).
pub struct Importer {
    overrides: BTreeMap<String, FileOverride>,
    files: Vec<ScannedFile>,
    loader: Loader,
    inputs: Vec<InputSummary>,
    rejected: Vec<Rejected>,
    loading: Option<TextLoad>,
    /// Files (by id) whose first pass must read every byte: an earlier try found a late byte
    /// that overturned the plan made from their first part.
    read_whole: Vec<usize>,
    /// The file whose late bytes overturned its plan, once one has.
    overturned: Option<usize>,
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
    Planned(Box<(stream::TextPlan, TablePlan, InputSummary, Option<stream::LateCheck>)>),
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
    id: usize,
    decoder: stream::TextDecoder,
    splitter: stream::Splitter,
    windows_1252: bool,
    scratch: stream::Decoded,
    table: TableLoad,
    /// Bytes of the file loaded so far, and its size.
    loaded: u64,
    size: u64,
    /// The checks the first pass left, when it stopped early.
    late: Option<stream::LateCheck>,
    /// Set when the late checks overturned the plan: the rest of the file is ignored.
    overturned: bool,
    /// Records of the same kind expected from files still to load (storage is kept for them).
    later_rows: usize,
    /// Bytes loaded and records read at the last look at the storage (see `top_up`).
    mark: (u64, usize),
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
            files: Vec::new(),
            loader: Loader::new(),
            inputs: Vec::new(),
            rejected: Vec::new(),
            loading: None,
            read_whole: Vec::new(),
            overturned: None,
        }
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
        let whole = self.read_whole.contains(&id);
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
                    if table.settled() && !whole && text.stop() {
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
            file.sampled_lines += stream::count_newlines(bytes);
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
        let planned = planned.and_then(|(plan, late)| {
            summary.encoding = Some(plan.encoding.name().to_string());
            summary.delimiter = Some(table::delimiter_name(plan.delimiter).to_string());
            Ok((plan, table.finish(&mut summary)?, late))
        });
        file.state = match planned {
            Ok((plan, table_plan, late)) => ScanState::Planned(Box::new((plan, table_plan, summary, late))),
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
        let Some(file) = self.files.get_mut(id) else { return false };
        match std::mem::replace(&mut file.state, ScanState::Done) {
            ScanState::Planned(planned) => {
                let (plan, table_plan, summary, late) = *planned;
                let (name, size) = (file.name.clone(), file.size);
                let kind = table_plan.found.kind;
                let keep = self.may_come_again(kind);
                // Room for this file's records and those of later files of its kind, so that a
                // second export of a table (a recent extract) does not copy the first's records
                // into storage twice their size.
                let later_rows: usize = self
                    .files
                    .iter()
                    .filter_map(|f| match &f.state {
                        ScanState::Planned(later) if later.1.found.kind == kind => Some(later.1.data_rows),
                        _ => None,
                    })
                    .sum();
                if let Some(storage) = self.loader.data.storage_mut(kind) {
                    storage.reserve_exact(table_plan.data_rows + later_rows);
                }
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
                    id,
                    decoder: stream::TextDecoder::new(&plan),
                    splitter: stream::Splitter::new(plan.delimiter),
                    windows_1252: plan.encoding == encoding::TextEncoding::Windows1252,
                    scratch: stream::Decoded::default(),
                    table,
                    loaded: 0,
                    size,
                    late,
                    overturned: false,
                    later_rows,
                    mark: (0, 0),
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
        if load.overturned {
            self.overturned = Some(load.id);
        }
        // Storage sized from an estimate (or for rows that were headings) is given back
        // once no file still to come may add to it.
        let kind = load.table.plan.found.kind;
        if !self.may_come_again(kind) {
            if let Some(storage) = self.loader.data.storage_mut(kind) {
                storage.shrink_to_fit();
            }
        }
        let summary = load.table.finish(&mut self.loader);
        self.inputs.push(summary);
    }

    /// True when a file's late bytes overturned the plan its first pass made from its first
    /// part: what was loaded is not to be used; `restart` and read every file again.
    pub fn must_restart(&self) -> bool {
        self.overturned.is_some()
    }

    /// Forget everything read, keeping which files must be read whole in the first pass;
    /// the host then begins again with the same files in the same order.
    pub fn restart(&mut self) {
        let mut read_whole = std::mem::take(&mut self.read_whole);
        read_whole.extend(self.overturned.take());
        *self = Importer::new(std::mem::take(&mut self.overrides));
        self.read_whole = read_whole;
    }

    pub fn finish(self) -> Imported {
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
        for ScannedSheet { sheet, name: sheet_name, summary, plan } in sheets {
            let plan = match plan {
                Ok(plan) => plan,
                Err(reason) => {
                    self.inputs.push(give_up(summary, reason, &mut self.rejected));
                    continue;
                }
            };
            let mut load = TableLoad::new(&sheet_name, plan, summary, true, &mut self.loader);
            for row in &sheet.rows {
                load.push(row.line, Cells::Record(&row.cells), &mut self.loader, &mut self.rejected);
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
        if self.overturned {
            return;
        }
        if self.late.as_mut().is_some_and(|late| late.chunk(chunk) == stream::LateFinding::ReadWhole) {
            self.overturned = true;
            return;
        }
        let (splitter, table, scratch) = (&mut self.splitter, &mut self.table, &mut self.scratch);
        let (late, windows_1252, overturned) = (&mut self.late, &mut self.windows_1252, &mut self.overturned);
        let mut on_record = |line: u64, raw: &[u8], ends: &[usize]| {
            if *overturned {
                return;
            }
            let utf8 = stream::to_text(raw, ends, *windows_1252, scratch, &mut |cells| table.push(line, cells, loader, rejected));
            match late.as_mut().map(|late| late.record(raw, utf8)) {
                Some(stream::LateFinding::Windows1252) => {
                    *windows_1252 = true;
                    table.summary.encoding = Some(encoding::TextEncoding::Windows1252.name().to_string());
                }
                Some(stream::LateFinding::ReadWhole) => *overturned = true,
                _ => {}
            }
        };
        self.decoder.push(chunk, last, &mut |text| splitter.push(text, &mut on_record));
        if last {
            splitter.finish(&mut on_record);
        }
        if let Some(late) = self.late.as_mut() {
            late.chunk_read(self.splitter.is_between_records());
        }
        self.loaded += chunk.len() as u64;
        if self.late.is_some() && !last {
            self.top_up(chunk.len(), loader);
        }
    }

    /// Storage for the rest of the file at the rows per byte loaded so far, when the first
    /// pass's estimate falls short (a file whose later rows are shorter than its first).
    /// Looked at only when the storage is about to run out: by then the rate is known well,
    /// and growing storage copies it and leaves the old block behind, so it is done rarely.
    fn top_up(&mut self, chunk: usize, loader: &mut Loader) {
        let kind = self.table.plan.found.kind;
        let Some(storage) = loader.data.storage_mut(kind) else { return };
        let (stored, capacity) = storage.len_and_capacity();
        let room = capacity - stored;
        let records = self.table.records;
        // The rows per byte so far, or over the last megabyte or so if that is higher (rows
        // getting shorter). The mark moves on every megabyte, whether or not storage grows.
        let (mark_loaded, mark_records) = self.mark;
        let per_byte = |rows: usize, bytes: u64| rows as f64 / bytes.max(1) as f64;
        let mut rate = per_byte(records, self.loaded);
        if self.loaded - mark_loaded >= 1 << 18 {
            rate = rate.max(per_byte(records - mark_records, self.loaded - mark_loaded));
        }
        if self.loaded - mark_loaded >= 1 << 20 {
            self.mark = (self.loaded, records);
        }
        // Rows the next chunks may bring (chunks of a browser's stream grow to about 2 MB).
        let lookahead = 3 * chunk.max(1 << 20) / 2;
        if room as f64 > rate * lookahead as f64 {
            return;
        }
        // The rows of the rest of the file; no margin: growing when the estimate is only a
        // little short would copy the storage for nothing.
        let rest = (self.size.saturating_sub(self.loaded) as f64 * rate) as usize;
        let needed = rest.saturating_add(self.later_rows);
        if room < needed {
            // At least a quarter as much again as is stored, so that a rate still rising
            // does not grow the storage chunk after chunk.
            let more = needed.saturating_add(needed / 8).max(stored / 4);
            storage.reserve_exact(more);
        }
    }
}

/// Rows in a file of `size` bytes from `rows` in `read` of its bytes, a little over.
fn estimate_rows(rows: u64, read: u64, size: u64) -> u64 {
    if read == 0 {
        return rows;
    }
    let estimate = u128::from(rows) * u128::from(size.max(read)) / u128::from(read);
    u64::try_from(estimate + estimate / 32).unwrap_or(u64::MAX)
}

/// Dates that tell day-first from month-first (or need no telling) after which a file's date
/// order is settled: the rest of a large file is not split into records in the first pass.
const DATES_TO_SETTLE: usize = 1000;

/// Rows wider than this are no export's; such a file is refused rather than scanned.
pub const MAX_COLUMNS: usize = 10_000;

/// The first pass over one table: the first rows for finding the header, then the date
/// cells of every row for deciding the date order.
struct TableScan {
    forced: Option<Kind>,
    mapping: BTreeMap<String, String>,
    first: Vec<table::Row>,
    /// Found once the first rows are in, to know which cells hold dates.
    early: Option<Detected>,
    evidence: DateOrderEvidence,
    records: usize,
}

/// What the first pass settled for a table.
struct TablePlan {
    found: Detected,
    header: csv::StringRecord,
    order: DateOrder,
    /// Data rows below the header (blank ones included), for sizing the records' storage.
    data_rows: usize,
}

impl TableScan {
    fn new(ov: Option<&FileOverride>) -> TableScan {
        TableScan {
            forced: ov.and_then(|o| o.kind),
            mapping: ov.map(|o| o.columns.clone()).unwrap_or_default(),
            first: Vec::new(),
            early: None,
            evidence: DateOrderEvidence::default(),
            records: 0,
        }
    }

    fn push(&mut self, line: u64, cells: Cells) {
        self.records += 1;
        if self.first.len() < detect::HEADER_SEARCH_ROWS {
            self.first.push(table::Row { line, cells: cells.to_record() });
            if self.first.len() == detect::HEADER_SEARCH_ROWS {
                self.early = self.detect();
            }
            return;
        }
        if let Some(found) = &self.early {
            for field in found.kind.spec().fields.iter().filter(|f| f.date) {
                if let Some(v) = found.map.get(field.key).and_then(|c| cells.get(c)) {
                    self.evidence.observe(v);
                }
            }
        }
    }

    /// Whether the rest of the file can teach nothing more: the header rows are in, and the
    /// date order is settled (the kind has no dates, or a thousand dates have told it or
    /// needed none).
    fn settled(&self) -> bool {
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

    fn too_wide(&self) -> Option<usize> {
        self.first.iter().map(|r| r.cells.len()).max().filter(|n| *n > MAX_COLUMNS)
    }

    fn detect(&self) -> Option<Detected> {
        if self.too_wide().is_some() {
            return None;
        }
        detect::detect(&self.first, self.forced, &self.mapping)
    }

    /// The plan, with the summary filled in; or why the table cannot be used.
    fn finish(mut self, summary: &mut InputSummary) -> Result<TablePlan, String> {
        if let Some(wide) = self.too_wide() {
            return Err(format!("a row has {wide} fields; exports have at most a few hundred columns, so this is not read as a table"));
        }
        let Some(found) = self.detect() else {
            let first = self.first.iter().find(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
            summary.header = first.map(|r| header_cells(&r.cells)).unwrap_or_default();
            let shown: String = summary.header.join(", ").chars().take(120).collect();
            return Err(match self.forced {
                Some(k) => format!("no header row matches the columns {} needs; the first row reads: {shown}", k.id()),
                None => {
                    format!("no known export header found in the first {} rows; the first row reads: {shown}", detect::HEADER_SEARCH_ROWS)
                }
            });
        };
        let spec = found.kind.spec();
        let header = self.first[found.header_index].cells.clone();
        summary.header = header_cells(&header);
        summary.titles = self.first[..found.header_index].iter().map(|r| title_text(&r.cells)).filter(|t| !t.is_empty()).collect();
        let date_cols: Vec<usize> = spec.fields.iter().filter(|f| f.date).filter_map(|f| found.map.get(f.key)).collect();
        for row in &self.first[found.header_index + 1..] {
            for &c in &date_cols {
                if let Some(v) = row.cells.get(c) {
                    self.evidence.observe(v);
                }
            }
        }
        let (order, guessed) = self.evidence.decide();
        summary.kind = Some(found.kind);
        summary.date_order = Some(order);
        summary.date_order_guessed = guessed;
        summary.detection = Some(found.detection.clone());
        let data_rows = self.records.saturating_sub(found.header_index + 1);
        Ok(TablePlan { found, header, order, data_rows })
    }
}

/// A title row above a header, as one line of text.
fn title_text(cells: &csv::StringRecord) -> String {
    let words: Vec<&str> = cells.iter().map(str::trim).filter(|c| !c.is_empty()).take(20).collect();
    words.join(" ").chars().take(200).collect()
}

/// The second pass over one table: each data row typed by its kind's builder.
struct TableLoad {
    name: String,
    plan: TablePlan,
    summary: InputSummary,
    file_index: usize,
    build: Builder,
    records: usize,
    padded: csv::StringRecord,
    texts: RefCell<TableText>,
}

impl TableLoad {
    /// `keep_prints`: a later file may be of the same kind, so this table's record
    /// fingerprints are kept to recognise its rows there.
    fn new(name: &str, plan: TablePlan, summary: InputSummary, keep_prints: bool, ld: &mut Loader) -> TableLoad {
        let file_index = ld.data.files.len();
        ld.data.files.push(SourceFile { name: name.to_string(), kind: Some(plan.found.kind) });
        ld.table = TableState::default();
        ld.overlap.begin(plan.found.kind, keep_prints);
        // Storage sized once from the first pass's count: no doubling (and copying) as it fills.
        if let Some(storage) = ld.data.storage_mut(plan.found.kind) {
            storage.reserve_exact(plan.data_rows);
        }
        let build = builder(plan.found.kind);
        let texts = RefCell::new(TableText::new(plan.header.len(), std::mem::take(&mut ld.shared_text)));
        TableLoad { name: name.to_string(), plan, summary, file_index, build, records: 0, padded: csv::StringRecord::new(), texts }
    }

    /// The table's summary; the text it shares goes back to the loader for the next table.
    fn finish(self, ld: &mut Loader) -> InputSummary {
        ld.shared_text = self.texts.into_inner().into_shared();
        self.summary
    }

    fn push(&mut self, line: u64, cells: Cells, ld: &mut Loader, rejected: &mut Vec<Rejected>) {
        self.records += 1;
        let filled = |i: usize| cells.get(i).is_some_and(|c| !crate::text::trim(c).is_empty());
        if self.records <= self.plan.found.header_index + 1 || !(0..cells.len()).any(filled) {
            return;
        }
        let summary = &mut self.summary;
        let mut reject = |reason: String| {
            summary.rejected += 1;
            rejected.push(Rejected { file: self.name.clone(), line: Some(line), reason });
        };
        let width = self.plan.header.len();
        let extra_filled = (width..cells.len()).any(filled);
        let short = cells.len() < width;
        if extra_filled || (short && !self.plan.found.kind.is_report_layout()) {
            reject(format!("found {} fields instead of {}", cells.len(), width));
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
            origin: Origin { file: u32::try_from(self.file_index).unwrap_or(u32::MAX), line: u32::try_from(line).unwrap_or(u32::MAX) },
        };
        match (self.build)(&view, ld) {
            Ok(Outcome::Loaded(dates)) => {
                summary.rows += 1;
                for d in dates.into_iter().flatten() {
                    summary.first_date = Some(summary.first_date.map_or(d, |f| f.min(d)));
                    summary.last_date = Some(summary.last_date.map_or(d, |l| l.max(d)));
                }
            }
            Ok(Outcome::Skipped) => {}
            Ok(Outcome::Duplicate) => summary.duplicates += 1,
            Err(reason) => reject(reason),
        }
    }
}

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

fn give_up(mut summary: InputSummary, reason: String, rejected: &mut Vec<Rejected>) -> InputSummary {
    rejected.push(Rejected { file: summary.file.clone(), line: None, reason: reason.clone() });
    summary.problem = Some(reason);
    summary
}
