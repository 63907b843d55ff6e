//! Data coverage: what the inputs let the report see.
