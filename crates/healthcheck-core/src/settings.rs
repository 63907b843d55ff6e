//! What the user confirms or adjusts: the as-of date, the accounting system, the lock date,
//! the thresholds, and per-file overrides. Every field has a default, so `{}` is valid.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::inputs::{Accounting, FileOverride};

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
    /// Settings from JSON, checked (see [`Thresholds::check`]).
    pub fn from_json(text: &str) -> Result<Settings, String> {
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        let settings: Settings = serde_json::from_str(text).map_err(|e| format!("settings: {e}"))?;
        settings.thresholds.check().map_err(|e| format!("settings: {e}"))?;
        Ok(settings)
    }
}

impl Thresholds {
    /// Every threshold within a range that makes sense, so that date and money arithmetic
    /// with it cannot overflow: days up to a hundred years, counts up to a million, amounts
    /// and percentages not negative and below the largest amount an export may carry.
    pub fn check(&self) -> Result<(), String> {
        let days = [
            ("grace_days", self.grace_days),
            ("stale_po_days", self.stale_po_days),
            ("grni_days", self.grni_days),
            ("stale_draft_days", self.stale_draft_days),
            ("in_transit_days", self.in_transit_days),
            ("sync_age_days", self.sync_age_days),
        ];
        for (name, value) in days {
            if !(0..=36_600).contains(&value) {
                return Err(format!("{name} must be between 0 and 36600 days, not {value}"));
            }
        }
        let counts = [
            ("broad_mapping_categories", self.broad_mapping_categories),
            ("retry_loop_count", self.retry_loop_count),
            ("burst_count", self.burst_count),
            ("recurring_adjustments", self.recurring_adjustments),
            ("recurring_months", self.recurring_months),
            ("velocity_top_n", self.velocity_top_n),
        ];
        for (name, value) in counts {
            if value > 1_000_000 {
                return Err(format!("{name} must be at most 1000000, not {value}"));
            }
        }
        let amounts = [
            ("cost_outlier_pct", self.cost_outlier_pct),
            ("channel_gap_units", self.channel_gap_units),
            ("materiality_abs", self.materiality_abs),
            ("materiality_pct", self.materiality_pct),
            ("margin_swing_pts", self.margin_swing_pts),
            ("clearing_tolerance", self.clearing_tolerance),
            ("adjustment_value_pct", self.adjustment_value_pct),
            ("quantity_tolerance", self.quantity_tolerance),
        ];
        for (name, value) in amounts {
            if value.is_sign_negative() || value >= crate::inputs::MAX_MAGNITUDE {
                return Err(format!("{name} must be at least 0 and below 10 trillion, not {value}"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_outside_their_range_are_refused_by_name() {
        assert_eq!(Settings::from_json(r#"{"thresholds": {"grace_days": 10}}"#).map(|s| s.thresholds.grace_days), Ok(10));
        let cases = [
            (r#"{"thresholds": {"grace_days": -1}}"#, "grace_days must be between 0 and 36600 days, not -1"),
            (r#"{"thresholds": {"sync_age_days": 2000000000}}"#, "sync_age_days must be between 0 and 36600 days"),
            (r#"{"thresholds": {"velocity_top_n": 5000000}}"#, "velocity_top_n must be at most 1000000"),
            (r#"{"thresholds": {"materiality_pct": "1e20"}}"#, "materiality_pct must be at least 0 and below 10 trillion"),
            (r#"{"thresholds": {"materiality_abs": "-5"}}"#, "materiality_abs must be at least 0"),
        ];
        for (json, message) in cases {
            let err = Settings::from_json(json).expect_err(json);
            assert!(err.starts_with("settings: ") && err.contains(message), "{json}: {err}");
        }
    }
}
