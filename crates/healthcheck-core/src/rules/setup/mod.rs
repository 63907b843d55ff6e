//! Stage 1: flawed setup and operational slips.
pub mod invoiced_not_shipped;
