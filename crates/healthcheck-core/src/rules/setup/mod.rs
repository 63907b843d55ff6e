//! Stage 1: flawed setup and operational slips.
pub mod account_mapping_gap;
pub mod deprecated_product_with_stock;
pub mod duplicate_product_identity;
pub mod invoiced_not_received;
pub mod invoiced_not_shipped;
pub mod received_not_invoiced;
pub mod shipped_not_invoiced;
pub mod stale_draft_document;
pub mod stale_open_purchase;
pub mod zero_cost_stock;
