//! Stage 5: loss of trust: hand-made corrections used to force agreement.
pub mod adjustment_account_misuse;
pub mod month_end_journal_pattern;
pub mod recurring_stock_adjustment;
pub mod rising_write_offs;
