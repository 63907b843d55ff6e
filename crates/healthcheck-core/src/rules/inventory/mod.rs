//! Stage 2: inventory state drift.
pub mod availability_arithmetic;
