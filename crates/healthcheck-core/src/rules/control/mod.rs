//! Stage 6: loss of business control: the money impact of the findings upstream, counted
//! once per document.
pub mod close_getting_harder;
pub mod margin_distortion;
pub mod purchasing_on_drifting_data;
