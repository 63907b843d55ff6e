//! The browser's second WebAssembly module, loaded on demand by the page's worker: the PDF
//! report, and the reading of workbooks (.xlsx, .xls, .ods) into sheets of text cells for
//! the main module. Both are large (a PDF writer with its fonts' metrics; ZIP, XML and the
//! legacy code pages of old Excel files) and most visits need neither.
//!
//! ```js
//! const sheets = workbookSheets(bytes);                   // JSON, for Analysis.addSheets
//! const pdf = renderPdf(reportJson, '{"detail":"standard"}');
//! ```

use healthcheck_core::import::workbook;
use healthcheck_core::Report;
use healthcheck_pdf::{Branding, Detail, PdfOptions};
use wasm_bindgen::prelude::*;

/// The sheets of a workbook as JSON (`{"sheets": [...]}` or `{"error": reason}`); never
/// fails, so a damaged workbook is named in the report like any other unreadable file.
#[wasm_bindgen(js_name = workbookSheets)]
pub fn workbook_sheets(bytes: &[u8]) -> String {
    workbook::sheets_to_json(&workbook::sheets(bytes))
}

/// The PDF of a Report given as JSON. Options: `{"detail": "summary" | "standard" | "full",
/// "brand_name", "accent", "footer", "cta_text", "cta_url"}`; `logo` is PNG or JPEG bytes;
/// `font` a TrueType face for the characters DejaVu Sans lacks (Chinese, Japanese, Korean).
#[wasm_bindgen(js_name = renderPdf)]
pub fn render_pdf(report_json: &str, options_json: &str, logo: Option<Vec<u8>>, font: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
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
    Ok(healthcheck_pdf::render(&report, &PdfOptions { detail, branding, fallback_font: font }))
}
