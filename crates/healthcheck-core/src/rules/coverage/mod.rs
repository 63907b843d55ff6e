//! Data coverage: what the inputs let the report see. Not a stage of the sequence, and
//! never scored.
pub mod duplicate_records;
pub mod hidden_characters;
pub mod missing_evidence;
pub mod period_mismatch;
pub mod rejected_rows;
