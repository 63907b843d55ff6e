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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum AsOfSource {
    /// Given by the user.
    Settings,
    /// A report's title row.
    Title { file: String, title: String },
    /// The latest date of any record.
    LatestRecord { file: Option<String> },
}

impl AsOfSource {
    pub fn words(&self) -> String {
        match self {
            AsOfSource::Settings => "as given".to_string(),
            AsOfSource::Title { file, title } => format!("from the title of {file} (\"{title}\")"),
            AsOfSource::LatestRecord { file: Some(file) } => format!("the latest date in the files, in {file}"),
            AsOfSource::LatestRecord { file: None } => "the latest date in the files".to_string(),
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

pub fn decide(settings: &Settings, data: &Dataset, inputs: &[InputSummary]) -> (Option<Date>, Option<AsOfSource>) {
    if let Some(d) = settings.as_of {
        return (Some(d), Some(AsOfSource::Settings));
    }
    let titled = inputs
        .iter()
        .flat_map(|i| i.titles.iter().filter_map(move |t| date_in_title(t).map(|d| (d, i, t))))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.file.cmp(&a.1.file)));
    if let Some((d, input, title)) = titled {
        return (Some(d), Some(AsOfSource::Title { file: input.file.clone(), title: title.clone() }));
    }
    match data.latest_date() {
        Some(d) => {
            let file = inputs.iter().filter(|i| i.last_date == Some(d)).map(|i| i.file.clone()).min();
            (Some(d), Some(AsOfSource::LatestRecord { file }))
        }
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::date_in_title;

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
