//! Stage 4: accounting and multi-ledger variance.
pub mod accrual_balance_unexplained;
pub mod clearing_account_residue;
pub mod cost_correction_after_lock;
pub mod direct_posting_to_inventory;
pub mod double_posted_revenue;
pub mod drift_onset_month;
pub mod inventory_subledger_variance;
pub mod manual_journal_into_inventory;
pub mod margin_timing_swing;
