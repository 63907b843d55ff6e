//! Stage 3: integration pipeline clogging.
