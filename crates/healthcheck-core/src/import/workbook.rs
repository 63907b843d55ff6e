//! Excel and OpenDocument workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) read with
//! calamine: every sheet becomes a table of text cells, dates written as ISO dates.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::table::Row;

/// The bytes start like a workbook: a ZIP container or an OLE compound file.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// Every non-empty sheet, in workbook order. Rows are numbered as the spreadsheet shows them.
pub fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("the workbook cannot be opened ({e}); it may be damaged or password-protected"))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = match book.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => return Err(format!("sheet '{name}' cannot be read ({e})")),
        };
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (i, cells) in range.rows().enumerate() {
            let mut record = csv::StringRecord::new();
            for _ in 0..first_col {
                record.push_field("");
            }
            for cell in cells {
                record.push_field(&cell_text(cell));
            }
            if record.iter().any(|c| !c.trim().is_empty()) {
                rows.push(Row { line: u64::from(first_row) + i as u64 + 1, cells: record });
            }
        }
        if !rows.is_empty() {
            out.push(Sheet { name, rows });
        }
    }
    Ok(out)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Shortest text that reads back as the same number: what the spreadsheet stored.
        Data::Float(f) => format_float(*f),
        Data::Bool(b) => if *b { "TRUE".into() } else { "FALSE".into() },
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if hh == 0 && mm == 0 && ss == 0 {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTime(dt) => format_float(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn format_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
