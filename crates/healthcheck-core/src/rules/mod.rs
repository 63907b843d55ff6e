//! The diagnostic rules: one rule per file, each declared with [`declare_rule!`] so that its
//! documentation is data the page, the command line and the PDF show word for word.
//!
//! A rule reads the [`Dataset`] through a [`Context`] and pushes [`Draft`] findings; the
//! engine adds the code, stage and id. A rule whose inputs were not supplied does not run.

pub mod control;
pub mod coverage;
pub mod facts;
pub mod integration;
pub mod inventory;
pub mod ledger;
pub mod setup;
pub mod trust;

use serde::Serialize;

use crate::findings::{Severity, Stage, Status};
use crate::inputs::DatesRead;
use crate::kinds::Kind;
pub use facts::{AccountClass, Check, Context, Counted, Described, Draft, Index, Populations, Role, Rule, RuleMeta, REQUIRED_HEADINGS};

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
    &coverage::hidden_characters::HiddenCharacters,
];

/// The catalog as the page and `cin7-healthcheck rules` show it.
#[derive(Serialize)]
pub struct CatalogEntry {
    pub code: &'static str,
    pub name: &'static str,
    pub stage: Stage,
    pub severity: Severity,
    pub inputs: Vec<String>,
    /// Kinds it also reads when they are supplied.
    pub reads: Vec<&'static str>,
    pub doc: String,
    pub sections: Vec<(String, String)>,
    /// `file:line` of the rule's declaration in the engine's source.
    pub source: &'static str,
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
                reads: m.reads.iter().map(|k| k.id()).collect(),
                doc: m.doc_text(),
                sections: m.doc_sections(),
                source: m.source,
            }
        })
        .collect()
}

pub fn find(code: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().code == code)
}

/// The words every front end shares, from the one place that knows them: each stage's id,
/// number, name and short label, each status's id and label, and the stages each kind of
/// export feeds (the stages of the checks that read it).
#[derive(Serialize)]
pub struct Vocabulary {
    pub stages: Vec<StageWords>,
    pub statuses: Vec<StatusWords>,
    pub kinds: Vec<KindStages>,
    /// How a file's dates were read, in words (see [`DatesRead`]).
    pub dates: Vec<DatesWords>,
}

#[derive(Serialize)]
pub struct DatesWords {
    pub id: DatesRead,
    pub words: &'static str,
}

#[derive(Serialize)]
pub struct StageWords {
    pub id: Stage,
    pub number: usize,
    pub name: &'static str,
    pub short: &'static str,
}

#[derive(Serialize)]
pub struct StatusWords {
    pub id: Status,
    pub label: &'static str,
}

#[derive(Serialize)]
pub struct KindStages {
    pub kind: Kind,
    /// Numbers of the stages of the sequence whose checks read the kind, in order.
    pub stages: Vec<usize>,
}

/// The stages of the sequence whose checks read `kind`.
pub fn stages_fed_by(kind: Kind) -> Vec<Stage> {
    let mut stages: Vec<Stage> = RULES
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.stage != Stage::Coverage && (m.inputs.iter().any(|group| group.contains(&kind)) || m.reads.contains(&kind)))
        .map(|m| m.stage)
        .collect();
    stages.sort();
    stages.dedup();
    stages
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        stages: Stage::WITH_COVERAGE.iter().map(|&s| StageWords { id: s, number: s.number(), name: s.name(), short: s.short() }).collect(),
        statuses: Status::ALL.iter().map(|&s| StatusWords { id: s, label: s.label() }).collect(),
        kinds: Kind::ALL.iter().map(|&k| KindStages { kind: k, stages: stages_fed_by(k).iter().map(|s| s.number()).collect() }).collect(),
        dates: DatesRead::ALL.iter().map(|&d| DatesWords { id: d, words: d.words() }).collect(),
    }
}
