//! Excel and OpenDocument workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) read with
//! calamine: every sheet becomes a table of text cells, dates written as ISO dates.

#[cfg(feature = "workbooks")]
use calamine::{open_workbook_auto_from_rs, Data, DataRef, Reader, Sheets};
use serde::{Deserialize, Serialize};

use super::splitter::Row;

/// The bytes start like a workbook: a ZIP container or an OLE compound file.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
    /// Cells (line, column letters) that hold a formula the spreadsheet never calculated:
    /// a program wrote the file without the values, so the cell reads empty but is not.
    pub uncalculated: Vec<(u64, String)>,
}

/// Limits on what a workbook may unpack to, checked from its directory before anything is
/// decompressed: a small file that inflates to gigabytes (a "zip bomb") is refused.
pub const MAX_ENTRIES: usize = 10_000;
pub const MAX_UNPACKED: u64 = 512 * 1024 * 1024;
pub const MAX_RATIO: u64 = 1_000;
/// The most text the cells of one sheet may expand to, and the most cells it may have: a
/// shared string is stored once but may be used by every cell.
pub const MAX_SHEET_TEXT: usize = 256 * 1024 * 1024;
pub const MAX_SHEET_CELLS: usize = 30_000_000;
/// The most fields the rows of a sheet may span, empty ones between cells included.
pub const MAX_SHEET_FIELDS: usize = 100_000_000;

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

/// What inflating every part of a ZIP workbook found.
#[cfg(feature = "workbooks")]
struct Inflated {
    /// A worksheet holds formulas (`<f>`): only then are cells looked at for values missing.
    formulas: bool,
}

/// Inflate every part of a ZIP workbook once, counting the bytes as they come: a part that
/// inflates past the size its directory gives, or a workbook past [`MAX_UNPACKED`], is
/// refused before the reader keeps any of it; so is a shared-string table that claims more
/// strings than its bytes can hold (the reader reserves room for the claim).
#[cfg(feature = "workbooks")]
fn inflate_within_limits(bytes: &[u8]) -> Result<Inflated, String> {
    use std::io::Read;
    let damaged = |e: &dyn std::fmt::Display| format!("the workbook is damaged ({e})");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let (mut total, mut formulas) = (0u64, false);
    let mut buffer = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| damaged(&e))?;
        let (name, declared) = (part.name().to_ascii_lowercase(), part.size());
        let strings = name == "xl/sharedstrings.xml";
        let sheet = name.starts_with("xl/worksheets/");
        let (mut read, mut head, mut tail) = (0u64, Vec::new(), Vec::new());
        loop {
            let n = part.read(&mut buffer).map_err(|e| damaged(&e))?;
            if n == 0 {
                break;
            }
            read += n as u64;
            if read > declared {
                return Err(format!(
                    "a part of the workbook ({name}) inflates to more than the {declared} bytes its directory gives; it looks like a ZIP bomb"
                ));
            }
            if total + read > MAX_UNPACKED {
                return Err(format!("the workbook would unpack to more than {} MB", MAX_UNPACKED / 1024 / 1024));
            }
            if strings && head.len() < 4096 {
                head.extend_from_slice(&buffer[..n.min(4096)]);
            }
            if sheet && !formulas {
                // The last bytes of the chunk before, so that a tag cut in two is found.
                tail.extend_from_slice(&buffer[..n]);
                formulas = [&b"<f>"[..], b"<f ", b":f>", b":f "].iter().any(|tag| tail.windows(tag.len()).any(|w| w == *tag));
                let keep = tail.len().saturating_sub(3);
                tail.drain(..keep);
            }
        }
        total += read;
        if strings {
            let claimed = unique_count(&head).unwrap_or(0);
            // Each string takes at least `<si/>`.
            if claimed > read / 5 + 1 {
                return Err(format!(
                    "the workbook's shared-string table claims {claimed} strings in {read} bytes; it is damaged or hostile"
                ));
            }
        }
    }
    Ok(Inflated { formulas })
}

/// The `uniqueCount` of a shared-string table's opening tag.
#[cfg(feature = "workbooks")]
fn unique_count(head: &[u8]) -> Option<u64> {
    let key = b"uniqueCount=\"";
    let at = head.windows(key.len()).position(|w| w == key)? + key.len();
    let digits: Vec<u8> = head[at..].iter().copied().take_while(u8::is_ascii_digit).collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// Every non-empty sheet, in workbook order. Rows are numbered as the spreadsheet shows them.
/// Excel's own formats are read cell by cell, so memory follows the cells present, never a
/// declared dimension or one stray far cell.
#[cfg(feature = "workbooks")]
pub fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let formulas = if bytes.starts_with(b"PK\x03\x04") {
        check_zip(bytes)?;
        inflate_within_limits(bytes)?.formulas
    } else {
        false
    };
    let book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("the workbook cannot be opened ({e}); it may be damaged or password-protected"))?;
    let unreadable = |name: &str, e: &dyn std::fmt::Display| format!("sheet '{name}' cannot be read ({e})");
    let mut out = Vec::new();
    // The two formats' cell readers have the same methods but no trait in common.
    macro_rules! read_cells {
        ($book:expr, $name:expr, $rows:expr) => {{
            let mut reader = $book.worksheet_cells_reader($name).map_err(|e| unreadable($name, &e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable($name, &e))? {
                $rows.add(cell.get_position(), data_ref_text(cell.get_value()))?;
            }
        }};
    }
    match book {
        Sheets::Xlsx(mut book) => {
            for name in book.sheet_names() {
                let mut rows = SparseRows::new(&name);
                read_cells!(book, &name, rows);
                if formulas {
                    let mut reader = book.worksheet_cells_reader(&name).map_err(|e| unreadable(&name, &e))?;
                    while let Some(cell) = reader.next_formula().map_err(|e| unreadable(&name, &e))? {
                        if !cell.get_value().is_empty() {
                            rows.formula_at(cell.get_position());
                        }
                    }
                }
                out.extend(rows.finish(name)?);
            }
        }
        Sheets::Xlsb(mut book) => {
            for name in book.sheet_names() {
                let mut rows = SparseRows::new(&name);
                read_cells!(book, &name, rows);
                out.extend(rows.finish(name)?);
            }
        }
        mut book => {
            // The older formats' readers give whole ranges (an .xls sheet is at most 65,536
            // rows by 256 columns).
            for name in book.sheet_names() {
                let range = book.worksheet_range(&name).map_err(|e| unreadable(&name, &e))?;
                let mut rows = SparseRows::new(&name);
                for (row, col, cell) in range.used_cells() {
                    let (first_row, first_col) = range.start().unwrap_or((0, 0));
                    rows.add((first_row + row as u32, first_col + col as u32), cell_text(cell))?;
                }
                out.extend(rows.finish(name)?);
            }
        }
    }
    Ok(out)
}

/// A sheet's cells as they come, kept by row; empty cells are not kept.
#[cfg(feature = "workbooks")]
struct SparseRows {
    sheet: String,
    cells: std::collections::BTreeMap<u32, Vec<(u32, String)>>,
    formulas: Vec<(u32, u32)>,
    text: usize,
    count: usize,
}

#[cfg(feature = "workbooks")]
impl SparseRows {
    fn new(sheet: &str) -> SparseRows {
        SparseRows { sheet: sheet.to_string(), cells: std::collections::BTreeMap::new(), formulas: Vec::new(), text: 0, count: 0 }
    }

    fn add(&mut self, (row, col): (u32, u32), text: String) -> Result<(), String> {
        if text.is_empty() {
            return Ok(());
        }
        self.text += text.len();
        self.count += 1;
        if self.text > MAX_SHEET_TEXT {
            return Err(format!("sheet '{}' expands to more than {} MB of text; at most that is read", self.sheet, MAX_SHEET_TEXT >> 20));
        }
        if self.count > MAX_SHEET_CELLS {
            return Err(format!("sheet '{}' has more than {MAX_SHEET_CELLS} cells; at most that many are read", self.sheet));
        }
        // A stray cell far to the right (Excel's last column is XFD, 16,384) stands at the
        // widest column read, so that its row is one rejected row, not a file too wide to read.
        let col = col.min(super::tables::MAX_COLUMNS as u32 - 1);
        self.cells.entry(row).or_default().push((col, text));
        Ok(())
    }

    fn formula_at(&mut self, at: (u32, u32)) {
        self.formulas.push(at);
    }

    /// The rows, each as wide as its last cell (a spreadsheet shows no width beyond it); the
    /// formula cells that have no value. `None` for a sheet without cells.
    fn finish(mut self, name: String) -> Result<Option<Sheet>, String> {
        let fields: usize = self.cells.values().map(|cells| cells.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0)).sum();
        if fields > MAX_SHEET_FIELDS {
            return Err(format!(
                "sheet '{}' spans more than {MAX_SHEET_FIELDS} cells from row starts to last cells; at most that many are read",
                self.sheet
            ));
        }
        let missing: Vec<(u32, u32)> = self
            .formulas
            .iter()
            .copied()
            .filter(|(row, col)| !self.cells.get(row).is_some_and(|cells| cells.iter().any(|(c, _)| c == col)))
            .collect();
        // A row of formulas only is a row all the same.
        for (row, _) in &missing {
            self.cells.entry(*row).or_default();
        }
        let uncalculated: Vec<(u64, String)> = missing.iter().map(|&(row, col)| (u64::from(row) + 1, column_letters(col))).collect();
        let formula_rows: std::collections::BTreeSet<u64> = uncalculated.iter().map(|(line, _)| *line).collect();
        let rows: Vec<Row> = self
            .cells
            .into_iter()
            .map(|(row, mut cells)| {
                cells.sort_by_key(|(col, _)| *col);
                let mut record = csv::StringRecord::new();
                for (col, text) in cells {
                    while record.len() < col as usize {
                        record.push_field("");
                    }
                    record.push_field(&text);
                }
                Row { line: u64::from(row) + 1, cells: record }
            })
            .filter(|row| row.cells.iter().any(|c| !c.trim().is_empty()) || formula_rows.contains(&row.line))
            .collect();
        Ok((!rows.is_empty()).then_some(Sheet { name, rows, uncalculated }))
    }
}

/// A column's letters as the spreadsheet shows them: 0 is A, 26 is AA.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(feature = "workbooks")]
fn data_ref_text(cell: &DataRef) -> String {
    match cell {
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Empty => String::new(),
        DataRef::Int(i) => cell_text(&Data::Int(*i)),
        DataRef::Float(f) => cell_text(&Data::Float(*f)),
        DataRef::Bool(b) => cell_text(&Data::Bool(*b)),
        DataRef::DateTime(dt) => cell_text(&Data::DateTime(*dt)),
        DataRef::Error(e) => cell_text(&Data::Error(e.clone())),
    }
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
    uncalculated: Vec<(u64, String)>,
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
                    uncalculated: s.uncalculated.clone(),
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
            uncalculated: s.uncalculated,
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
            uncalculated: vec![(7, "B".into())],
        }];
        let back = sheets_from_json(&sheets_to_json(&Ok(sheets))).expect("sheets");
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].name, "Stock");
        assert_eq!(back[0].rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![3, 7]);
        assert_eq!(&back[0].rows[1].cells[0], "A \"1\"");
        assert_eq!(back[0].uncalculated, vec![(7, "B".to_string())]);
        assert_eq!(
            (column_letters(0), column_letters(25), column_letters(26), column_letters(16383)),
            ("A".into(), "Z".into(), "AA".into(), "XFD".into())
        );
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
