//! Stage 3: integration pipeline clogging.
pub mod accounting_invalid_product_name;
pub mod accounting_item_mismatch;
pub mod channel_order_gap;
pub mod failed_sync_backlog;
pub mod rate_limit_pressure;
pub mod repeated_failure_loop;
pub mod skipped_financial_document;
pub mod unknown_channel_sku;
