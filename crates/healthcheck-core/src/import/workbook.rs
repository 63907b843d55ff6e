//! Excel and OpenDocument workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) read with
//! calamine: every sheet becomes a table of text cells, dates written as ISO dates.

#[cfg(feature = "workbooks")]
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use serde::{Deserialize, Serialize};

use super::splitter::Row;

/// The bytes start like a workbook: a ZIP container or an OLE compound file.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// Limits on what a workbook may unpack to, checked from its directory before anything is
/// decompressed: a small file that inflates to gigabytes (a "zip bomb") is refused.
pub const MAX_ENTRIES: usize = 10_000;
pub const MAX_UNPACKED: u64 = 512 * 1024 * 1024;
pub const MAX_RATIO: u64 = 1_000;

fn u16_at(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 2).map(|x| u64::from(u16::from_le_bytes([x[0], x[1]])))
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 4).map(|x| u64::from(u32::from_le_bytes([x[0], x[1], x[2], x[3]])))
}

/// Read a ZIP's central directory and refuse it when it would unpack beyond the limits.
pub fn check_zip(bytes: &[u8]) -> Result<(), String> {
    let tail_start = bytes.len().saturating_sub(65_557);
    let eocd = (tail_start..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
        .ok_or("the workbook is damaged (no ZIP directory)")?;
    let entries = u16_at(bytes, eocd + 10).unwrap_or(0) as usize;
    let dir_offset = u32_at(bytes, eocd + 16).unwrap_or(0) as usize;
    if entries > MAX_ENTRIES || entries == 0xFFFF {
        return Err(format!("the workbook holds {entries} parts or more; at most {MAX_ENTRIES} are read"));
    }
    let (mut at, mut total) = (dir_offset, 0u64);
    for _ in 0..entries {
        if !bytes.get(at..).is_some_and(|b| b.starts_with(b"PK\x01\x02")) {
            return Err("the workbook is damaged (its ZIP directory is cut short)".into());
        }
        let packed = u32_at(bytes, at + 20).unwrap_or(0);
        let unpacked = u32_at(bytes, at + 24).unwrap_or(0);
        if packed == 0xFFFF_FFFF || unpacked == 0xFFFF_FFFF {
            return Err("the workbook uses 64-bit ZIP sizes; parts that large are not read".into());
        }
        if unpacked > 1024 * 1024 && unpacked / packed.max(1) > MAX_RATIO {
            return Err(format!(
                "a part of the workbook would unpack {} times its size; it looks like a ZIP bomb",
                unpacked / packed.max(1)
            ));
        }
        total += unpacked;
        if total > MAX_UNPACKED {
            return Err(format!("the workbook would unpack to more than {} MB", MAX_UNPACKED / 1024 / 1024));
        }
        let name_len = u16_at(bytes, at + 28).unwrap_or(0) as usize;
        let extra_len = u16_at(bytes, at + 30).unwrap_or(0) as usize;
        let comment_len = u16_at(bytes, at + 32).unwrap_or(0) as usize;
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(())
}

/// Every non-empty sheet, in workbook order. Rows are numbered as the spreadsheet shows them.
#[cfg(feature = "workbooks")]
pub fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        check_zip(bytes)?;
    }
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
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

#[cfg(feature = "workbooks")]
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Shortest text that reads back as the same number: what the spreadsheet stored.
        Data::Float(f) => format_float(*f),
        Data::Bool(b) => {
            if *b {
                "TRUE".into()
            } else {
                "FALSE".into()
            }
        }
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

#[cfg(feature = "workbooks")]
fn format_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Sheets as JSON, for a host whose workbook reader runs apart from the importer (the
/// browser's second module): `{"sheets": [{"name", "lines": [..], "rows": [[cells]]}]}`, or
/// `{"error": reason}` when the workbook cannot be read.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
struct SheetsJson {
    sheets: Vec<SheetJson>,
    error: Option<String>,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
struct SheetJson {
    name: String,
    lines: Vec<u64>,
    rows: Vec<Vec<String>>,
}

pub fn sheets_to_json(sheets: &Result<Vec<Sheet>, String>) -> String {
    let out = match sheets {
        Ok(sheets) => SheetsJson {
            sheets: sheets
                .iter()
                .map(|s| SheetJson {
                    name: s.name.clone(),
                    lines: s.rows.iter().map(|r| r.line).collect(),
                    rows: s.rows.iter().map(|r| r.cells.iter().map(str::to_string).collect()).collect(),
                })
                .collect(),
            error: None,
        },
        Err(reason) => SheetsJson { sheets: Vec::new(), error: Some(reason.clone()) },
    };
    serde_json::to_string(&out).unwrap_or_else(|_| r#"{"error":"the workbook could not be passed on"}"#.into())
}

/// The sheets back from [`sheets_to_json`]; `Err` carries the reader's reason.
pub fn sheets_from_json(json: &str) -> Result<Vec<Sheet>, String> {
    let parsed: SheetsJson = serde_json::from_str(json).map_err(|e| format!("the workbook reader's answer is not readable ({e})"))?;
    if let Some(reason) = parsed.error {
        return Err(reason);
    }
    Ok(parsed
        .sheets
        .into_iter()
        .map(|s| Sheet {
            name: s.name,
            rows: s.lines.into_iter().zip(s.rows).map(|(line, cells)| Row { line, cells: csv::StringRecord::from(cells) }).collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ZIP directory with one entry of the given sizes (no real data: only the directory is read).
    fn zip_with(packed: u32, unpacked: u32, entries: u16) -> Vec<u8> {
        let mut z = b"PK\x03\x04".to_vec();
        z.resize(64, 0);
        let dir = z.len();
        for _ in 0..entries {
            let mut e = b"PK\x01\x02".to_vec();
            e.resize(46, 0);
            e[20..24].copy_from_slice(&packed.to_le_bytes());
            e[24..28].copy_from_slice(&unpacked.to_le_bytes());
            z.extend_from_slice(&e);
        }
        let mut end = b"PK\x05\x06".to_vec();
        end.resize(22, 0);
        end[10..12].copy_from_slice(&entries.to_le_bytes());
        end[16..20].copy_from_slice(&(dir as u32).to_le_bytes());
        z.extend_from_slice(&end);
        z
    }

    #[test]
    fn sheets_survive_json() {
        let sheets = vec![Sheet {
            name: "Stock".into(),
            rows: vec![
                Row { line: 3, cells: csv::StringRecord::from(vec!["SKU", "On hand"]) },
                Row { line: 7, cells: csv::StringRecord::from(vec!["A \"1\"", "5"]) },
            ],
        }];
        let back = sheets_from_json(&sheets_to_json(&Ok(sheets))).expect("sheets");
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].name, "Stock");
        assert_eq!(back[0].rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![3, 7]);
        assert_eq!(&back[0].rows[1].cells[0], "A \"1\"");
        assert_eq!(sheets_from_json(&sheets_to_json(&Err("locked".into()))).err(), Some("locked".into()));
        assert!(sheets_from_json("nonsense").is_err());
    }

    #[test]
    fn refuses_zip_bombs_before_unpacking() {
        assert!(check_zip(&zip_with(1000, 50_000, 3)).is_ok());
        assert_eq!(
            check_zip(&zip_with(1000, 100_000_000, 1)).err(),
            Some("a part of the workbook would unpack 100000 times its size; it looks like a ZIP bomb".into())
        );
        assert_eq!(check_zip(&zip_with(400_000_000, 400_000_000, 2)).err(), Some("the workbook would unpack to more than 512 MB".into()));
        assert!(check_zip(&zip_with(10, 10, 20_000)).is_err_and(|e| e.contains("parts or more")));
        assert!(check_zip(b"PK\x03\x04 no directory").is_err());
    }
}
