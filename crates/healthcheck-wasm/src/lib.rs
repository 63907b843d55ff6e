//! The WebAssembly surface of the health check, for the page's Web Worker. It only moves
//! bytes and JSON across the boundary and calls the core; no business logic lives here.
//!
//! The PDF and the reading of workbooks live in a second module, `healthcheck-wasm-extras`,
//! which the page loads only when a PDF is asked for or a workbook is dropped: most visits
//! need neither, and this module stays small.
//!
//! Files come as streams, in two passes (see `healthcheck_core::import::Importer`): a first
//! pass over each file's first part settles its encoding, kind and date order, a second
//! reads it all and types its records. No text file is ever held whole, in JavaScript or in
//! the module.
//!
//! ```js
//! const a = new Analysis('{}');                  // settings as JSON
//! for (const f of files) {                       // first pass, any order
//!   const id = a.beginScan(f.name, f.size);
//!   for await (const chunk of f.stream()) if (!a.scanChunk(id, chunk)) break; // enough read
//!   const r = a.sampleRanges(id);                 // a few slices further in, to size storage
//!   for (let i = 0; i < r.length; i += 2) a.scanSample(id, await bytesOf(f.slice(r[i], r[i + 1])));
//!   a.endScan(id);
//!   if (a.wantsSheets(id)) a.addSheets(id, extras.workbookSheets(bytesOf(f))); // a workbook
//! }
//! for (const id of a.loadOrder()) {               // second pass, in the order given
//!   if (a.beginLoad(id)) for await (const chunk of files[id].stream()) a.loadChunk(chunk);
//!   a.endLoad();
//! }
//! const report = JSON.parse(a.finish((done, total, step) => {}));
//! freeRecords();                                  // once the report is on its way
//! ```

use healthcheck_core::import::Importer;
use healthcheck_core::{Report, Settings};
use wasm_bindgen::prelude::*;

#[allow(unsafe_code)]
pub mod memory;

/// Talc instead of the standard dlmalloc: an analysis makes millions of small allocations
/// (a record's text fields), and dlmalloc spent about a third of a large file's load in them.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::cell::TalcSyncCell<memory::GrowInSteps, talc::wasm::WasmBinning> =
    talc::cell::TalcSyncCell::new_wasm(memory::GrowInSteps::new());

std::thread_local! {
    /// The last analysis's records, kept past its report until [`free_records`].
    static UNFREED: std::cell::RefCell<Option<healthcheck_core::import::Imported>> = const { std::cell::RefCell::new(None) };
}

/// Free the last analysis's records. `finish` leaves that to this call, which the worker
/// makes once the report is posted: freeing a million-row bundle's records takes about a
/// tenth of a second the user need not wait for. A new analysis frees them too.
#[wasm_bindgen(js_name = freeRecords)]
pub fn free_records() {
    let unfreed = UNFREED.with(|u| u.borrow_mut().take());
    drop(unfreed);
}

/// One analysis: its settings and the files read so far.
#[wasm_bindgen]
pub struct Analysis {
    settings: Settings,
    importer: Importer,
}

#[wasm_bindgen]
impl Analysis {
    /// Only malformed settings are an error.
    #[wasm_bindgen(constructor)]
    pub fn new(settings_json: &str) -> Result<Analysis, JsError> {
        free_records();
        let settings = Settings::from_json(settings_json).map_err(|e| JsError::new(&e))?;
        let importer = Importer::new(settings.overrides.clone()).with_accounting(settings.accounting);
        Ok(Analysis { settings, importer })
    }

    /// Start the first pass over a file of `size` bytes; returns its id.
    #[wasm_bindgen(js_name = beginScan)]
    pub fn begin_scan(&mut self, name: &str, size: f64) -> u32 {
        self.importer.begin_scan(name, size as u64) as u32
    }

    /// False once the first pass needs no more of the file: stop reading it, call `endScan`.
    #[wasm_bindgen(js_name = scanChunk)]
    pub fn scan_chunk(&mut self, id: u32, chunk: &[u8]) -> bool {
        self.importer.scan_chunk(id as usize, chunk)
    }

    /// Byte ranges further into a large file, as [start, end, start, end, ...], known once
    /// `beginScan` is given its size: hand each one's bytes to `scanSample` before `endScan`,
    /// so that if the first pass stops early the file's storage is sized from rows per byte
    /// across the file. Empty for most files.
    #[wasm_bindgen(js_name = sampleRanges)]
    pub fn sample_ranges(&self, id: u32) -> Vec<f64> {
        self.importer.sample_ranges(id as usize).into_iter().flat_map(|(start, end)| [start as f64, end as f64]).collect()
    }

    #[wasm_bindgen(js_name = scanSample)]
    pub fn scan_sample(&mut self, id: u32, bytes: &[u8]) {
        self.importer.scan_sample(id as usize, bytes);
    }

    #[wasm_bindgen(js_name = endScan)]
    pub fn end_scan(&mut self, id: u32) {
        self.importer.end_scan(id as usize);
    }

    /// True when the file is a workbook: read it with the extras module's `workbookSheets`
    /// and hand the result to [`Analysis::add_sheets`].
    #[wasm_bindgen(js_name = wantsSheets)]
    pub fn wants_sheets(&self, id: u32) -> bool {
        self.importer.wants_sheets(id as usize)
    }

    /// A workbook's sheets as JSON from the extras module's `workbookSheets`.
    #[wasm_bindgen(js_name = addSheets)]
    pub fn add_sheets(&mut self, id: u32, sheets_json: &str) {
        self.importer.add_sheets(id as usize, sheets_json);
    }

    /// The ids of the files in the order of their second pass.
    #[wasm_bindgen(js_name = loadOrder)]
    pub fn load_order(&self) -> Vec<u32> {
        self.importer.load_order().into_iter().map(|id| id as u32).collect()
    }

    /// Start the second pass over a file: true when it wants the file's bytes again.
    #[wasm_bindgen(js_name = beginLoad)]
    pub fn begin_load(&mut self, id: u32) -> bool {
        self.importer.begin_load(id as usize)
    }

    #[wasm_bindgen(js_name = loadChunk)]
    pub fn load_chunk(&mut self, chunk: &[u8]) {
        self.importer.load_chunk(chunk);
    }

    #[wasm_bindgen(js_name = endLoad)]
    pub fn end_load(&mut self) {
        self.importer.end_load();
    }

    /// Run every check; returns the Report as JSON, calling `progress(done, total, step)`
    /// before each stage. The analysis is used up.
    pub fn finish(self, progress: &js_sys::Function) -> String {
        let (report, records) = healthcheck_core::analyze_imported_keeping(self.importer.finish(), &self.settings, &mut |p| {
            let _ =
                progress.call3(&JsValue::NULL, &JsValue::from(p.done as u32), &JsValue::from(p.total as u32), &JsValue::from_str(p.step));
        });
        let json = report.to_json();
        drop(report);
        UNFREED.with(|u| *u.borrow_mut() = Some(records));
        json
    }
}

/// Analyse the demo company's exports (the page's own `www/demo/`, handed over as one buffer
/// and the lengths of its files) and throw the report away, so that the browser has
/// optimised the checks before a visitor's first real analysis: it runs a function's plain,
/// quickly compiled code until the function has done enough work, and each check is called
/// once per analysis. The checks run eight times over the records, since one pass over a few
/// thousand rows is not enough work for many of them. Returns the number of findings.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up(names: Vec<String>, lengths: Vec<u32>, bytes: &[u8], lock_date: &str) -> u32 {
    let mut files = Vec::with_capacity(names.len());
    let mut at = 0usize;
    for (name, len) in names.iter().zip(&lengths) {
        let end = (at + *len as usize).min(bytes.len());
        files.push(healthcheck_core::InputFile { name, bytes: &bytes[at..end] });
        at = end;
    }
    let settings = Settings { lock_date: healthcheck_core::date::Date::parse_iso(lock_date), ..Settings::default() };
    let mut data = healthcheck_core::import::import_in_chunks(&files, &Default::default(), usize::MAX, &mut |_| {});
    let mut found = 0;
    for _ in 0..8 {
        let (report, back) = healthcheck_core::analyze_imported_keeping(data, &settings, &mut |_| {});
        (data, found) = (back, report.findings.len());
    }
    u32::try_from(found).unwrap_or(u32::MAX)
}

/// The rule catalog with each rule's documentation, as JSON.
#[wasm_bindgen]
pub fn rules() -> String {
    serde_json::to_string(&healthcheck_core::rules::catalog()).unwrap_or_else(|_| "[]".into())
}

/// The current report with its change since a previous one attached, as JSON.
#[wasm_bindgen(js_name = compareReports)]
pub fn compare_reports(current_json: &str, previous_json: &str) -> Result<String, JsError> {
    let mut current = Report::from_json(current_json).map_err(|e| JsError::new(&e))?;
    let previous = Report::from_json(previous_json).map_err(|e| JsError::new(&format!("the previous report: {e}")))?;
    healthcheck_core::compare::attach(&mut current, &previous);
    Ok(current.to_json())
}

/// The stage and status words and the stages each kind feeds, as JSON (see
/// `rules::Vocabulary`): the page derives its labels from these.
#[wasm_bindgen]
pub fn vocabulary() -> String {
    serde_json::to_string(&healthcheck_core::rules::vocabulary()).unwrap_or_else(|_| "{}".into())
}

/// The header report of a file (an input summary of the report, as JSON): what the user can
/// send to an adviser when a file is not read; no data row.
#[wasm_bindgen(js_name = headerReport)]
pub fn header_report(input_json: &str) -> Result<String, JsError> {
    let input: healthcheck_core::inputs::InputSummary = serde_json::from_str(input_json).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(healthcheck_core::import::header_report::header_report(&input))
}

/// The input kinds with their fields, as JSON, for mapping an unrecognised file by hand.
#[wasm_bindgen]
pub fn kinds() -> String {
    serde_json::to_string(&healthcheck_core::kinds::kinds_catalog()).unwrap_or_else(|_| "[]".into())
}
