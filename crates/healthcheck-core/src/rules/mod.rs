//! The diagnostic rules: one rule per file, each declared with [`declare_rule!`] so that its
//! documentation is data the page, the command line and the PDF show word for word.
//!
//! A rule reads the [`Dataset`] through a [`Context`] and pushes [`Draft`] findings; the
//! engine adds the code, stage and id. A rule whose inputs were not supplied does not run.

pub mod common;
pub mod control;
pub mod coverage;
pub mod index;
pub mod integration;
pub mod inventory;
pub mod ledger;
pub mod setup;
pub mod trust;

use serde::Serialize;

use crate::dataset::{Dataset, Origin};
use crate::date::Date;
use crate::findings::{Entity, Evidence, Fields, Finding, Impact, Severity, Stage};
use crate::inputs::{InputSummary, Rejected};
use crate::kinds::Kind;
use crate::settings::Settings;
pub use index::{AccountClass, Index};

/// Declare a rule: its doc comment becomes [`RuleMeta::doc`].
///
/// `inputs` lists what the rule cannot run without; `A | B` means either will do. A rule
/// with `phase: 1` runs after the others and sees their findings.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis $name:ident {
            code: $code:literal,
            name: $slug:literal,
            stage: $stage:ident,
            severity: $severity:ident,
            inputs: [$($($input:ident)|+),* $(,)?]
            $(, phase: $phase:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        $vis struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $slug,
                stage: $crate::findings::Stage::$stage,
                severity: $crate::findings::Severity::$severity,
                inputs: &[$(&[$($crate::kinds::Kind::$input),+]),*],
                doc: concat!($($doc, "\n"),+),
                phase: 0 $(+ $phase)?,
            };
        }
    };
}
pub(crate) use declare_rule;

/// The headings every rule's documentation has, in this order.
pub const REQUIRED_HEADINGS: [&str; 5] = ["What it does", "Why it matters", "Example", "How to fix it at the source", "Impact"];

/// A rule's identity and documentation.
pub struct RuleMeta {
    pub code: &'static str,
    /// Names the problem: "invoiced-not-shipped".
    pub name: &'static str,
    pub stage: Stage,
    /// The usual severity; a rule may raise or lower it per finding.
    pub severity: Severity,
    /// Inputs the rule cannot run without: every group must be supplied, any kind of a
    /// group will do.
    pub inputs: &'static [&'static [Kind]],
    /// Markdown with the headings of [`REQUIRED_HEADINGS`].
    pub doc: &'static str,
    /// 0 for most rules; 1 for rules that read the findings of the others.
    pub phase: u8,
}

impl RuleMeta {
    /// The input groups that the dataset lacks, each as "A or B".
    pub fn missing_inputs(&self, data: &Dataset) -> Vec<String> {
        self.inputs
            .iter()
            .filter(|group| !data.has_any(group))
            .map(|group| group.iter().map(|k| k.export_hint()).collect::<Vec<_>>().join(", or "))
            .collect()
    }

    /// The documentation with the doc-comment indent removed.
    pub fn doc_text(&self) -> String {
        self.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n")
    }

    /// `(heading, body)` for each `## ` section of the documentation.
    pub fn doc_sections(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for line in self.doc_text().lines() {
            if let Some(h) = line.strip_prefix("## ") {
                out.push((h.trim().to_string(), String::new()));
            } else if let Some((_, body)) = out.last_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        for (_, body) in &mut out {
            *body = body.trim().to_string();
        }
        out
    }

    pub fn doc_section(&self, heading: &str) -> Option<String> {
        self.doc_sections().into_iter().find(|(h, _)| h == heading).map(|(_, b)| b)
    }
}

/// What a rule sees.
pub struct Context<'a> {
    pub data: &'a Dataset,
    pub settings: &'a Settings,
    /// The analysis date; `None` only when no input carries a date and none was set.
    pub as_of: Option<Date>,
    /// The currency amounts are in, for messages.
    pub currency: Option<&'a str>,
    pub index: &'a Index<'a>,
    /// The accounting system, from the settings or the files.
    pub accounting: Option<crate::inputs::Accounting>,
    /// Findings of phase-0 rules (empty while phase 0 runs).
    pub findings: &'a [Finding],
    pub inputs: &'a [InputSummary],
    pub rejected: &'a [Rejected],
    /// Rules that could not run, with the reason.
    pub skipped: &'a [(&'static RuleMeta, String)],
}

impl Context<'_> {
    pub fn thresholds(&self) -> &crate::settings::Thresholds {
        &self.settings.thresholds
    }

    pub fn money(&self, amount: rust_decimal::Decimal) -> String {
        crate::findings::format_money(amount, self.currency)
    }

    /// Whether an amount in `currency` can be added to base-currency totals.
    pub fn in_base_currency(&self, currency: Option<&str>) -> bool {
        match (currency, self.currency) {
            (Some(c), Some(base)) => c.eq_ignore_ascii_case(base),
            _ => true,
        }
    }

    /// An evidence row for a record, with the fields that matter.
    pub fn evidence(&self, origin: Origin, fields: Vec<(&str, String)>) -> Evidence {
        Evidence {
            file: self.data.file_name(origin).to_string(),
            line: u64::from(origin.line),
            fields: Fields(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
        }
    }
}

/// A finding as a rule emits it.
pub struct Draft {
    pub severity: Severity,
    pub message: String,
    pub impact: Option<Impact>,
    pub entities: Vec<Entity>,
    pub evidence: Vec<Evidence>,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Whether the rule can run beyond having its inputs (a setting it needs, say); the
    /// error says what is missing.
    fn ready(&self, _cx: &Context) -> Result<(), String> {
        Ok(())
    }
    fn check(&self, cx: &Context, out: &mut Vec<Draft>);
}

/// Every rule, in catalog order: by stage, then by code.
pub static RULES: &[&dyn Rule] = &[
    &setup::invoiced_not_shipped::InvoicedNotShipped,
    &setup::shipped_not_invoiced::ShippedNotInvoiced,
    &setup::stale_open_purchase::StaleOpenPurchase,
    &setup::received_not_invoiced::ReceivedNotInvoiced,
    &setup::invoiced_not_received::InvoicedNotReceived,
    &setup::stale_draft_document::StaleDraftDocument,
    &setup::account_mapping_gap::AccountMappingGap,
    &setup::zero_cost_stock::ZeroCostStock,
    &setup::duplicate_product_identity::DuplicateProductIdentity,
    &setup::deprecated_product_with_stock::DeprecatedProductWithStock,
    &inventory::availability_arithmetic::AvailabilityArithmetic,
    &inventory::negative_stock::NegativeStock,
    &inventory::stale_allocation::StaleAllocation,
    &inventory::phantom_on_order::PhantomOnOrder,
    &inventory::movement_ledger_mismatch::MovementLedgerMismatch,
    &inventory::unit_cost_outlier::UnitCostOutlier,
    &inventory::stuck_in_transit::StuckInTransit,
    &inventory::channel_stock_divergence::ChannelStockDivergence,
    &integration::failed_sync_backlog::FailedSyncBacklog,
    &integration::skipped_financial_document::SkippedFinancialDocument,
    &integration::repeated_failure_loop::RepeatedFailureLoop,
    &integration::rate_limit_pressure::RateLimitPressure,
    &integration::accounting_invalid_product_name::AccountingInvalidProductName,
    &integration::accounting_item_mismatch::AccountingItemMismatch,
    &integration::channel_order_gap::ChannelOrderGap,
    &integration::unknown_channel_sku::UnknownChannelSku,
    &ledger::inventory_subledger_variance::InventorySubledgerVariance,
    &ledger::accrual_balance_unexplained::AccrualBalanceUnexplained,
    &ledger::manual_journal_into_inventory::ManualJournalIntoInventory,
    &ledger::cost_correction_after_lock::CostCorrectionAfterLock,
    &ledger::margin_timing_swing::MarginTimingSwing,
    &ledger::clearing_account_residue::ClearingAccountResidue,
    &ledger::direct_posting_to_inventory::DirectPostingToInventory,
    &ledger::drift_onset_month::DriftOnsetMonth,
    &ledger::double_posted_revenue::DoublePostedRevenue,
    &trust::recurring_stock_adjustment::RecurringStockAdjustment,
    &trust::month_end_journal_pattern::MonthEndJournalPattern,
    &trust::adjustment_account_misuse::AdjustmentAccountMisuse,
    &trust::rising_write_offs::RisingWriteOffs,
    &control::margin_distortion::MarginDistortion,
    &control::purchasing_on_drifting_data::PurchasingOnDriftingData,
    &control::close_getting_harder::CloseGettingHarder,
    &coverage::rejected_rows::RejectedRows,
    &coverage::missing_evidence::MissingEvidence,
    &coverage::period_mismatch::PeriodMismatch,
    &coverage::duplicate_records::DuplicateRecords,
];

/// The catalog as the page and `cin7-healthcheck rules` show it.
#[derive(Serialize)]
pub struct CatalogEntry {
    pub code: &'static str,
    pub name: &'static str,
    pub stage: Stage,
    pub severity: Severity,
    pub inputs: Vec<String>,
    pub doc: String,
    pub sections: Vec<(String, String)>,
}

pub fn catalog() -> Vec<CatalogEntry> {
    RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            CatalogEntry {
                code: m.code,
                name: m.name,
                stage: m.stage,
                severity: m.severity,
                inputs: m.inputs.iter().map(|g| g.iter().map(|k| k.id()).collect::<Vec<_>>().join(" | ")).collect(),
                doc: m.doc_text(),
                sections: m.doc_sections(),
            }
        })
        .collect()
}

pub fn find(code: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().code == code)
}
