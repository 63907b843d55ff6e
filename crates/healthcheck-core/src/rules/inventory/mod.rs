//! Stage 2: inventory state drift.
pub mod availability_arithmetic;
pub mod channel_stock_divergence;
pub mod movement_ledger_mismatch;
pub mod negative_stock;
pub mod phantom_on_order;
pub mod stale_allocation;
pub mod stuck_in_transit;
pub mod unit_cost_outlier;
