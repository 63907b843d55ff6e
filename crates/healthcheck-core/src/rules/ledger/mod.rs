//! Stage 4: accounting and multi-ledger variance.
