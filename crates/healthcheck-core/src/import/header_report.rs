//! A file's header report: what a user can send to an adviser (or to us) when a file is not
//! read, or not read whole. Its title rows, header row, encoding and delimiter, and for each
//! field of the kind it is (or comes nearest to) whether a column holds it. It carries no
//! data cell.

use std::fmt::Write;

use super::detect::map_columns;
use crate::inputs::InputSummary;

pub fn header_report(input: &InputSummary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Header report of {} (no data row is included)", input.file);
    let _ = writeln!(
        o,
        "Encoding: {}; delimiter: {}",
        input.encoding.as_deref().unwrap_or("not known"),
        input.delimiter.as_deref().unwrap_or("not known")
    );
    if input.titles.is_empty() {
        let _ = writeln!(o, "Title rows: none");
    } else {
        let _ = writeln!(o, "Title rows:");
        for t in &input.titles {
            let _ = writeln!(o, "  {t}");
        }
    }
    let line = input.detection.as_ref().map_or(String::new(), |d| format!(" (line {})", d.header_line));
    let _ = writeln!(o, "Header row{line}: {}", input.header.join(" | "));
    let kind = match (input.kind, input.nearest_kind) {
        (Some(k), _) => {
            let _ = writeln!(o, "Read as: {} ({})", k.id(), k.export_hint());
            Some(k)
        }
        (None, nearest) => {
            let _ = writeln!(o, "Not read: {}", input.problem.as_deref().unwrap_or("no known header"));
            if let Some(k) = nearest {
                let _ = writeln!(o, "Nearest kind: {} ({})", k.id(), k.export_hint());
            }
            nearest
        }
    };
    if let Some(kind) = kind {
        let header = csv::StringRecord::from(input.header.clone());
        let map = map_columns(kind.spec(), &header);
        let _ = writeln!(o, "Fields of {}:", kind.id());
        for f in kind.spec().fields {
            let need = if f.required { " (required)" } else { "" };
            match map.get(f.key).and_then(|c| input.header.get(c)) {
                Some(h) => {
                    let _ = writeln!(o, "  found    {}{need}: column \"{h}\"", f.label);
                }
                None => {
                    let _ = writeln!(o, "  missing  {}{need}", f.label);
                }
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::header_report;
    use crate::import::import;
    use crate::inputs::InputFile;

    #[test]
    fn a_file_that_is_not_read_says_how_near_it_came_and_shows_no_data() {
        let bytes = b"Sales by order\nHarbour Goods\n\nOrder #,When,Who,Amount\nSO-1,2026-03-01,Harbour Cafe,120.00\n";
        let imported = import(&[InputFile { name: "orders.csv", bytes }], &std::collections::BTreeMap::default());
        let report = header_report(&imported.inputs[0]);
        assert!(report.contains("Title rows:\n  Sales by order\n  Harbour Goods\n"), "{report}");
        assert!(report.contains("Header row: Order # | When | Who | Amount"), "{report}");
        assert!(report.contains("Nearest kind: cin7.sales"), "{report}");
        assert!(report.contains("  found    Order number (required): column \"Order #\""), "{report}");
        assert!(report.contains("  missing  "), "{report}");
        for cell in ["SO-1", "Harbour Cafe", "120.00", "2026-03-01"] {
            assert!(!report.contains(cell), "a data cell ({cell}) in the header report:\n{report}");
        }
    }
}
