//! What the user confirms or adjusts: the as-of date, the accounting system, the lock date,
//! the thresholds, and per-file overrides. Every field has a default, so `{}` is valid.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::import::FileOverride;

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Accounting {
    #[serde(rename = "xero")]
    Xero,
    #[serde(rename = "qbo")]
    QuickBooksOnline,
}

#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The analysis date. Default: the latest date found in the inputs.
    pub as_of: Option<Date>,
    pub accounting: Option<Accounting>,
    pub lock_date: Option<Date>,
    /// The base currency, where the inputs do not say.
    pub currency: Option<String>,
    /// The business's name for the report, where the inputs' title rows do not give it.
    pub business_name: Option<String>,
    pub thresholds: Thresholds,
    /// Per file name: a kind set by the user.
    pub overrides: BTreeMap<String, FileOverride>,
}

/// Named thresholds of the rule catalog, with its defaults. Each is documented where the
/// rule that uses it is.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Days a sale may sit invoiced but unshipped (or the reverse) before it is flagged.
    pub grace_days: i32,
    /// Days past its required-by date before an open purchase is stale.
    pub stale_po_days: i32,
    /// Days a purchase may be received but not invoiced (or the reverse).
    pub grni_days: i32,
    /// Days a draft or in-progress document may go without an update.
    pub stale_draft_days: i32,
    /// Categories a catalog must span before one account for all of it is too broad.
    pub broad_mapping_categories: usize,
    /// Percent by which stock value per unit may differ from average cost.
    pub cost_outlier_pct: Decimal,
    /// Days stock may stay in transit.
    pub in_transit_days: i32,
    /// Units by which the channel may show less stock than Cin7 before it is flagged.
    pub channel_gap_units: Decimal,
    /// Days a failed or pending sync entry may wait before it counts as old.
    pub sync_age_days: i32,
    /// Failures of one document that make a loop.
    pub retry_loop_count: usize,
    /// Rate-limit errors within 60 seconds that make a burst.
    pub burst_count: usize,
    /// A variance is material above the larger of this amount …
    pub materiality_abs: Decimal,
    /// … and this percent of the stock value.
    pub materiality_pct: Decimal,
    /// Points of gross margin a month may move from the median of the others.
    pub margin_swing_pts: Decimal,
    /// Amount a clearing account may hold at the as-of date.
    pub clearing_tolerance: Decimal,
    /// Adjustments of one SKU within 90 days that make a pattern.
    pub recurring_adjustments: usize,
    /// Percent of stock value that adjustments may reach in one month.
    pub adjustment_value_pct: Decimal,
    /// Months in which month-end journals recur before they are a pattern.
    pub recurring_months: usize,
    /// How many of the fastest-moving SKUs the purchasing check looks at.
    pub velocity_top_n: usize,
    /// Quantities closer than this are equal.
    pub quantity_tolerance: Decimal,
    /// Account codes or names to treat as clearing accounts, besides those named "clearing".
    pub clearing_accounts: Vec<String>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            grace_days: 3,
            stale_po_days: 30,
            grni_days: 14,
            stale_draft_days: 14,
            broad_mapping_categories: 5,
            cost_outlier_pct: Decimal::from(25),
            in_transit_days: 14,
            channel_gap_units: Decimal::from(5),
            sync_age_days: 3,
            retry_loop_count: 3,
            burst_count: 5,
            materiality_abs: Decimal::from(500),
            materiality_pct: Decimal::new(5, 1),
            margin_swing_pts: Decimal::from(8),
            clearing_tolerance: Decimal::from(50),
            recurring_adjustments: 3,
            adjustment_value_pct: Decimal::from(2),
            recurring_months: 3,
            velocity_top_n: 20,
            quantity_tolerance: Decimal::new(1, 4),
            clearing_accounts: Vec::new(),
        }
    }
}

impl Settings {
    pub fn from_json(text: &str) -> Result<Settings, String> {
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        serde_json::from_str(text).map_err(|e| format!("settings: {e}"))
    }
}
