//! Stage 6: loss of business control: the money impact of the findings upstream, counted
//! once per document.
pub mod close_getting_harder;
pub mod margin_distortion;
pub mod purchasing_on_drifting_data;

use super::Context;

/// Whether any of the named rules ran (a control rule has nothing to add otherwise).
pub fn any_ran(cx: &Context, codes: &[&str]) -> Result<(), String> {
    let skipped: Vec<&str> = cx.skipped.iter().map(|(m, _)| m.code).collect();
    if codes.iter().any(|c| !skipped.contains(c) && super::find(c).is_some_and(|r| r.meta().missing_inputs(cx.data).is_empty())) {
        Ok(())
    } else {
        Err(format!("the inputs of {}", codes.join(", ")))
    }
}
