//! Stage 6: loss of business control: the money impact of the findings upstream.
