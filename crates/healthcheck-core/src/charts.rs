//! The figures behind the report's pictures: the month-end stock value in Cin7 against the
//! ledger's inventory balance, and the sync report's failures and skips by month. Money by
//! stage needs nothing beyond the stage summaries.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dataset::SyncEntry;
use crate::findings::money;
use crate::rules::facts::common::month_label as label;
use crate::rules::facts::ledger::lasting_gap_start;

#[derive(Clone, Default, PartialEq, Debug, Serialize, Deserialize)]
pub struct Charts {
    /// Month ends in order, where movements and the ledger's inventory postings both exist.
    pub drift: Vec<DriftMonth>,
    /// When the two are apart at the end: the first month of the gap that lasts (the month
    /// LED008 names), and the month before it, the last they agreed within materiality.
    pub apart_since: Option<String>,
    pub last_agreed: Option<String>,
    /// How far apart the two may be and still agree.
    pub materiality: Option<Decimal>,
    pub sync_by_month: Vec<SyncMonth>,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct DriftMonth {
    /// `2026-01`.
    pub month: String,
    pub cin7: Decimal,
    pub ledger: Decimal,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct SyncMonth {
    pub month: String,
    pub failed: u32,
    pub skipped: u32,
}

/// `(month, Cin7 stock value, ledger inventory balance)` at one month end.
pub type MonthEnd = ((i32, u32), Decimal, Decimal);

/// `series` holds the month ends with the materiality the drift check uses, where that check
/// could build them.
pub fn build(series: Option<(&[MonthEnd], Decimal)>, sync_log: &[SyncEntry]) -> Charts {
    let mut charts = Charts::default();
    if let Some((months, limit)) = series {
        charts.drift = months.iter().map(|(m, c, l)| DriftMonth { month: label(*m), cin7: money(*c), ledger: money(*l) }).collect();
        charts.materiality = Some(money(limit));
        // The same reading of the series as LED008's.
        if let Some(onset) = lasting_gap_start(months, limit) {
            charts.apart_since = Some(label(months[onset].0));
            charts.last_agreed = onset.checked_sub(1).map(|i| label(months[i].0));
        }
    }
    let mut by_month: BTreeMap<(i32, u32), (u32, u32)> = BTreeMap::new();
    for entry in sync_log {
        let Some(date) = entry.date else { continue };
        let (y, m, _) = date.ymd();
        let counts = by_month.entry((y, m)).or_default();
        match entry.status.as_str() {
            "FAILED" => counts.0 += 1,
            "SKIPPED" => counts.1 += 1,
            _ => {}
        }
    }
    charts.sync_by_month = by_month
        .into_iter()
        .filter(|(_, (f, s))| f + s > 0)
        .map(|(m, (failed, skipped))| SyncMonth { month: label(m), failed, skipped })
        .collect();
    charts
}
