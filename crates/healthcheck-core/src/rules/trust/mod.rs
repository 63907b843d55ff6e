//! Stage 5: loss of trust.
