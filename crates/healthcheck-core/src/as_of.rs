//! The date the analysis is as of, when the user gives none: the date a report's title says
//! it stands at ("As at 31 March 2026", "As of March 31, 2026", "For the period ended …"),
//! else the latest date any record carries. The report says which.

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::date::Date;
use crate::import::date_cell::parse_date;
use crate::inputs::{DateOrder, InputSummary};
use crate::settings::Settings;

/// Where the as-of date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AsOfFrom {
    /// Given by the user.
    Settings,
    /// A report's title row.
    Title,
    /// The latest date of any record.
    LatestRecord,
}

/// Where the as-of date came from, and the file (and title) that gave it. A plain struct,
/// not a tagged enum: serde's tagged enums cost the browser module a good deal of code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AsOfSource {
    pub from: AsOfFrom,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl AsOfSource {
    pub fn settings() -> AsOfSource {
        AsOfSource { from: AsOfFrom::Settings, file: None, title: None }
    }

    pub fn words(&self) -> String {
        match (self.from, &self.file, &self.title) {
            (AsOfFrom::Settings, _, _) => "as given".to_string(),
            (AsOfFrom::Title, Some(file), Some(title)) => format!("from the title of {file} (\"{title}\")"),
            (AsOfFrom::Title, _, _) => "from the title of a report".to_string(),
            (AsOfFrom::LatestRecord, Some(file), _) => format!("the latest date in the files, in {file}"),
            (AsOfFrom::LatestRecord, None, _) => "the latest date in the files".to_string(),
        }
    }
}

/// The date a title row says a report stands at.
pub fn date_in_title(title: &str) -> Option<Date> {
    let lower = title.to_lowercase();
    for marker in ["as at ", "as of ", "ended ", "ending ", "as on "] {
        if let Some(at) = lower.rfind(marker) {
            let rest = title.get(at + marker.len()..)?.trim().trim_end_matches(['.', ')']);
            if let Ok(Some(d)) = parse_date(rest, DateOrder::DayFirst) {
                return Some(d);
            }
        }
    }
    None
}

/// The date a snapshot file (stock on hand, a trial balance) stands at, where its title or
/// its name says (`As at 31 March 2026`, `InventoryList_2026-03-31.csv`, `…20260331…`).
pub fn snapshot_date(input: &InputSummary) -> Option<Date> {
    input.titles.iter().find_map(|t| date_in_title(t)).or_else(|| date_in_name(&input.file))
}

/// A date written into a file's name as `yyyy-mm-dd`, `yyyy_mm_dd` or `yyyymmdd`.
fn date_in_name(name: &str) -> Option<Date> {
    let b = name.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let number = |s: &[u8]| std::str::from_utf8(s).ok()?.parse::<u32>().ok();
    for at in 0..b.len() {
        let (y, m, d) = if b.len() >= at + 10 && digits(&b[at..at + 4]) && matches!(b[at + 4], b'-' | b'_') && b[at + 7] == b[at + 4] {
            (&b[at..at + 4], &b[at + 5..at + 7], &b[at + 8..at + 10])
        } else if b.len() >= at + 8 && digits(&b[at..at + 8]) && (at + 8 == b.len() || !b[at + 8].is_ascii_digit()) {
            (&b[at..at + 4], &b[at + 4..at + 6], &b[at + 6..at + 8])
        } else {
            continue;
        };
        if at > 0 && b[at - 1].is_ascii_digit() {
            continue;
        }
        if let (Some(y), Some(m), Some(d)) = (number(y), number(m), number(d)) {
            if let Some(date) = Date::from_ymd(y as i32, m, d).filter(|_| (2000..2100).contains(&y)) {
                return Some(date);
            }
        }
    }
    None
}

pub fn decide(settings: &Settings, data: &Dataset, inputs: &[InputSummary]) -> (Option<Date>, Option<AsOfSource>) {
    if let Some(d) = settings.as_of {
        return (Some(d), Some(AsOfSource::settings()));
    }
    let titled = inputs
        .iter()
        .flat_map(|i| i.titles.iter().filter_map(move |t| date_in_title(t).map(|d| (d, i, t))))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.file.cmp(&a.1.file)));
    if let Some((d, input, title)) = titled {
        return (Some(d), Some(AsOfSource { from: AsOfFrom::Title, file: Some(input.file.clone()), title: Some(title.clone()) }));
    }
    match data.latest_date() {
        Some(d) => {
            let file = inputs.iter().filter(|i| i.last_date == Some(d)).map(|i| i.file.clone()).min();
            (Some(d), Some(AsOfSource { from: AsOfFrom::LatestRecord, file, title: None }))
        }
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::{date_in_name, date_in_title};

    #[test]
    fn file_names_carry_dates() {
        for (name, date) in [
            ("InventoryList_2026-03-31.csv", Some("2026-03-31")),
            ("InventoryItems-20260331.csv", Some("2026-03-31")),
            ("stock 2026_02_28 final.xlsx", Some("2026-02-28")),
            ("ProductAvailability.csv", None),
            ("orders_export_1.csv", None),
            ("batch-123456789.csv", None),
        ] {
            assert_eq!(date_in_name(name).map(|d| d.to_string()).as_deref(), date, "{name}");
        }
    }

    #[test]
    fn titles_say_their_date_in_several_ways() {
        for (title, date) in [
            ("As at 31 March 2025", "2025-03-31"),
            ("As of March 31, 2026", "2026-03-31"),
            ("For the period ended 28 February 2026", "2026-02-28"),
            ("Trial Balance As at 31 Mar 2026", "2026-03-31"),
            ("For the month ending 31/03/2026", "2026-03-31"),
        ] {
            assert_eq!(date_in_title(title).map(|d| d.to_string()).as_deref(), Some(date), "{title}");
        }
        for title in ["Harbour Goods Inc", "Account List", "January - March, 2026", "All Dates"] {
            assert_eq!(date_in_title(title), None, "{title}");
        }
    }
}
