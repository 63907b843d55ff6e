//! The WebAssembly surface of the health check, for the page's Web Worker. It only moves
//! bytes and JSON across the boundary and calls the core; no business logic lives here.
//!
//! ```js
//! const a = new Analysis();
//! a.addFile("SaleList.csv", bytes);          // Uint8Array
//! const report = JSON.parse(a.analyze("{}")); // settings as JSON
//! const pdf = renderPdf(JSON.stringify(report), '{"detail":"standard"}');
//! const catalog = JSON.parse(rules());
//! ```

use healthcheck_core::{Report, Settings};
use healthcheck_pdf::{Branding, Detail, PdfOptions};
use wasm_bindgen::prelude::*;

/// The files of one analysis, added one by one.
#[wasm_bindgen]
#[derive(Default)]
pub struct Analysis {
    files: Vec<(String, Vec<u8>)>,
}

#[wasm_bindgen]
impl Analysis {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Analysis {
        Analysis::default()
    }

    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>) {
        self.files.push((name, bytes));
    }

    /// Start a file that arrives in chunks (read from a stream, never as one string).
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, name: String, size_hint: usize) {
        self.files.push((name, Vec::with_capacity(size_hint)));
    }

    /// Append a chunk to the file begun last.
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, chunk: &[u8]) {
        if let Some((_, bytes)) = self.files.last_mut() {
            bytes.extend_from_slice(chunk);
        }
    }

    /// Run every check; returns the Report as JSON. Only malformed settings are an error.
    pub fn analyze(&self, settings_json: &str) -> Result<String, JsError> {
        let settings = Settings::from_json(settings_json).map_err(|e| JsError::new(&e))?;
        let files: Vec<healthcheck_core::InputFile> =
            self.files.iter().map(|(n, b)| healthcheck_core::InputFile { name: n, bytes: b }).collect();
        Ok(healthcheck_core::analyze(&files, &settings).to_json())
    }

    /// [`Analysis::analyze`], calling `progress(done, total, step)` as it goes.
    #[wasm_bindgen(js_name = analyzeWithProgress)]
    pub fn analyze_with_progress(&self, settings_json: &str, progress: &js_sys::Function) -> Result<String, JsError> {
        let settings = Settings::from_json(settings_json).map_err(|e| JsError::new(&e))?;
        let files: Vec<healthcheck_core::InputFile> =
            self.files.iter().map(|(n, b)| healthcheck_core::InputFile { name: n, bytes: b }).collect();
        let report = healthcheck_core::analyze_with_progress(&files, &settings, &mut |p| {
            let _ =
                progress.call3(&JsValue::NULL, &JsValue::from(p.done as u32), &JsValue::from(p.total as u32), &JsValue::from_str(p.step));
        });
        Ok(report.to_json())
    }
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

/// The input kinds with their fields, as JSON, for mapping an unrecognised file by hand.
#[wasm_bindgen]
pub fn kinds() -> String {
    serde_json::to_string(&healthcheck_core::import::schema::kinds_catalog()).unwrap_or_else(|_| "[]".into())
}

/// The PDF of a Report given as JSON. Options: `{"detail": "summary" | "standard" | "full",
/// "brand_name", "accent", "footer", "cta_text", "cta_url"}`; `logo` is PNG or JPEG bytes.
#[wasm_bindgen(js_name = renderPdf)]
pub fn render_pdf(report_json: &str, options_json: &str, logo: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
    let report = Report::from_json(report_json).map_err(|e| JsError::new(&e))?;
    let options: serde_json::Value = serde_json::from_str(if options_json.trim().is_empty() { "{}" } else { options_json })
        .map_err(|e| JsError::new(&format!("PDF options: {e}")))?;
    let text = |key: &str| options.get(key).and_then(|v| v.as_str()).filter(|s| !s.is_empty()).map(str::to_string);
    let detail = match text("detail") {
        None => Detail::Standard,
        Some(d) => Detail::parse(&d).ok_or_else(|| JsError::new(&format!("PDF options: unknown detail '{d}'")))?,
    };
    let branding = Branding {
        name: text("brand_name"),
        logo,
        accent: text("accent"),
        footer: text("footer"),
        cta_text: text("cta_text"),
        cta_url: text("cta_url"),
    };
    Ok(healthcheck_pdf::render(&report, &PdfOptions { detail, branding }))
}
