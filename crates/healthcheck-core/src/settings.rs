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
    pub thresholds: Thresholds,
    /// Per file name: a kind set by the user.
    pub overrides: BTreeMap<String, FileOverride>,
}

/// Named thresholds of the rule catalog, with its defaults.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Days a sale may sit invoiced but unshipped (or the reverse) before it is flagged.
    pub grace_days: i32,
    /// Quantities closer than this are equal.
    pub quantity_tolerance: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { grace_days: 3, quantity_tolerance: Decimal::new(1, 4) }
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
