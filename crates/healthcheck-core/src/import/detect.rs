//! Which kind a file is, from its content: the header row is looked for among the first
//! rows (exports put title rows above it) and scored against every kind's synonyms.

use std::collections::BTreeMap;

use super::splitter::Row;
use crate::inputs::Detection;
use crate::kinds::{normalise_header, Kind, KindSpec};

/// How many rows from the top may hold titles before the header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// For each field key of a kind, the column that holds it.
#[derive(Clone, Debug, Default)]
pub struct ColumnMap {
    columns: Vec<(&'static str, usize)>,
    /// The kind's fields that no column holds.
    unmapped: Vec<&'static str>,
}

impl ColumnMap {
    #[inline]
    pub fn get(&self, key: &str) -> Option<usize> {
        // Builders name fields with the same literals the specs use, which the compiler
        // stores once: comparing addresses first finds them, or finds them absent (a field
        // this export lacks is asked for on every row), without comparing bytes.
        let same = |k: &str| std::ptr::eq(k.as_ptr(), key.as_ptr()) && k.len() == key.len();
        if let Some((_, c)) = self.columns.iter().find(|(k, _)| same(k)) {
            return Some(*c);
        }
        if self.unmapped.iter().any(|k| same(k)) {
            return None;
        }
        self.columns.iter().find(|(k, _)| *k == key).map(|(_, c)| *c)
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        self.columns.iter().copied()
    }
}

pub struct Detected {
    pub kind: Kind,
    pub map: ColumnMap,
    pub header_index: usize,
    pub detection: Detection,
}

/// Map one header row to a kind's fields. Each field takes the column whose header matches
/// its earliest-listed synonym; a column serves one field.
pub fn map_columns(spec: &KindSpec, header: &csv::StringRecord) -> ColumnMap {
    let normalised: Vec<String> = header.iter().map(normalise_header).collect();
    map_normalised(spec, &normalised)
}

/// [`map_columns`] over a header already normalised.
pub fn map_normalised(spec: &KindSpec, normalised: &[String]) -> ColumnMap {
    let mut used = vec![false; normalised.len()];
    let mut columns = Vec::new();
    let mut unmapped = Vec::new();
    for f in spec.fields {
        let found = f.synonyms.iter().find_map(|syn| normalised.iter().enumerate().position(|(i, h)| !used[i] && h == syn));
        if let Some(col) = found {
            used[col] = true;
            columns.push((f.key, col));
        } else {
            unmapped.push(f.key);
        }
    }
    ColumnMap { columns, unmapped }
}

/// Whether a mapping carries what the kind cannot do without.
pub fn is_sufficient(spec: &KindSpec, map: &ColumnMap) -> bool {
    spec.fields.iter().filter(|f| f.required).all(|f| map.get(f.key).is_some())
        && (spec.any_of.is_empty() || spec.any_of.iter().any(|k| map.get(k).is_some()))
        && map.len() >= 3
}

/// Points for the signals a kind lists: headers it alone has, words in the title rows
/// above the header, or an empty first header cell (QuickBooks reports).
fn signal_points(spec: &KindSpec, header: &csv::StringRecord, normalised: &[String], titles: &str) -> usize {
    spec.signals
        .iter()
        .filter(|s| match s.strip_prefix("title:") {
            Some(words) => titles.contains(words),
            None if **s == "blank-first-header" => header.get(0).is_some_and(|c| c.trim().is_empty()),
            None => normalised.iter().any(|h| h == *s),
        })
        .count()
}

fn excluded(spec: &KindSpec, normalised: &[String]) -> bool {
    normalised.iter().any(|h| spec.excludes.contains(&h.as_str()))
}

/// Find the header row and kind. `forced` skips the scoring of other kinds; `mapping`
/// (field key → header text, from the user) replaces synonym matching for the fields it names.
pub fn detect(rows: &[Row], forced: Option<Kind>, mapping: &BTreeMap<String, String>) -> Option<Detected> {
    let kinds: Vec<Kind> = match forced {
        Some(k) => vec![k],
        None => Kind::ALL.to_vec(),
    };
    let mut best: Option<(usize, Detected)> = None;
    let mut titles = String::new();
    for (index, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let normalised: Vec<String> = row.cells.iter().map(normalise_header).collect();
        for kind in &kinds {
            let spec = kind.spec();
            if forced.is_none() && excluded(spec, &normalised) {
                continue;
            }
            let mut map = map_normalised(spec, &normalised);
            if forced.is_some() && !mapping.is_empty() && !apply_mapping(spec, &row.cells, mapping, &mut map) {
                continue;
            }
            if !is_sufficient(spec, &map) {
                continue;
            }
            let signals = signal_points(spec, &row.cells, &normalised, &titles);
            let score = map.len() * 10 + signals * 3;
            if best.as_ref().is_some_and(|(s, _)| *s >= score) {
                continue;
            }
            let matched: Vec<String> = map.iter().map(|(_, col)| row.cells[col].trim().to_string()).collect();
            let confidence = ((map.len() + signals) * 100 / (spec.fields.len() + signals).max(1)).min(100) as u8;
            let mut reasons = vec![format!(
                "header on line {} matches {} of {} known {} columns: {}",
                row.line,
                map.len(),
                spec.fields.len(),
                kind.id(),
                matched.join(", ")
            )];
            if signals > 0 {
                reasons.push(format!("{signals} sign(s) that tell {} from look-alike exports", kind.id()));
            }
            if forced.is_some() {
                reasons.push("kind set by the user".to_string());
            }
            let detection = Detection { confidence, header_line: row.line, reasons };
            best = Some((score, Detected { kind: *kind, map, header_index: index, detection }));
        }
        let line: Vec<&str> = row.cells.iter().map(str::trim).filter(|c| !c.is_empty()).collect();
        titles.push_str(&line.join(" ").to_lowercase());
        titles.push('\n');
    }
    best.map(|(_, d)| d)
}

/// The kind a header row comes nearest to, where none is matched well enough to be read:
/// the row and kind with the most known columns (at least two). Its index among `rows`.
pub fn nearest(rows: &[Row]) -> Option<(usize, Kind)> {
    let mut best: Option<(usize, usize, Kind)> = None;
    for (index, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let normalised: Vec<String> = row.cells.iter().map(normalise_header).collect();
        for kind in Kind::ALL {
            let found = map_normalised(kind.spec(), &normalised).len();
            if found >= 2 && best.is_none_or(|(n, _, _)| found > n) {
                best = Some((found, index, kind));
            }
        }
    }
    best.map(|(_, index, kind)| (index, kind))
}

/// Put the user's column choices into the map. False when a named header is not in this row.
fn apply_mapping(spec: &KindSpec, header: &csv::StringRecord, mapping: &BTreeMap<String, String>, map: &mut ColumnMap) -> bool {
    for (key, wanted) in mapping {
        let Some(field) = spec.field(key) else { continue };
        let Some(col) = header.iter().position(|h| h.trim() == wanted.trim()) else { return false };
        // A field whose column the user gave to this one is left without one.
        let lost = map.columns.iter().filter(|(k, c)| *c == col && *k != field.key).map(|(k, _)| *k);
        map.unmapped.extend(lost.collect::<Vec<_>>());
        map.unmapped.retain(|k| *k != field.key);
        map.columns.retain(|(k, c)| *k != field.key && *c != col);
        map.columns.push((field.key, col));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> csv::StringRecord {
        csv::StringRecord::from(cells.to_vec())
    }

    #[test]
    fn a_field_the_header_lacks_is_absent_however_it_is_named() {
        let spec = Kind::XeroGl.spec();
        let map = map_columns(spec, &header(&["Date", "Description", "Debit", "Credit"]));
        assert_eq!(map.get("date"), Some(0));
        assert_eq!(map.get("credit"), Some(3));
        assert_eq!(map.get("net"), None);
        // The same key from another string (not the spec's literal) is found by its bytes.
        let key = String::from("debit");
        assert_eq!(map.get(&key), Some(2));
        assert_eq!(map.get(&String::from("net")), None);
    }

    #[test]
    fn a_column_the_user_gives_to_another_field_leaves_its_own_field_absent() {
        let spec = Kind::XeroGl.spec();
        let row = header(&["Date", "Description", "Debit", "Credit"]);
        let mut map = map_columns(spec, &row);
        let mapping = BTreeMap::from([("reference".to_string(), "Description".to_string())]);
        assert!(apply_mapping(spec, &row, &mapping, &mut map));
        assert_eq!(map.get("reference"), Some(1));
        assert_eq!(map.get("description"), None);
        assert_eq!(map.get(&String::from("description")), None);
        assert_eq!(map.get("debit"), Some(2));
    }
}
