//! Stock adjustment lines with their value, as the trust-stage checks read them.

use rust_decimal::Decimal;

use super::Context;
use crate::dataset::{Origin, Text};
use crate::date::Date;

/// One stock adjustment line, from the adjustment export or, failing that, the movements.
pub struct AdjustmentLine {
    pub origin: Origin,
    pub sku: Text,
    pub location: Option<Text>,
    pub date: Date,
    pub number: Option<Text>,
    pub quantity: Decimal,
    /// The value moved, as a magnitude, where it is known or can be costed.
    pub value: Option<Decimal>,
}

impl AdjustmentLine {
    /// The line as evidence: its date, SKU and value.
    pub fn brief_evidence(&self, cx: &Context) -> crate::findings::Evidence {
        cx.evidence(
            self.origin,
            vec![
                ("Date", self.date.to_string()),
                ("SKU", self.sku.to_string()),
                ("Value", self.value.map(|v| crate::findings::money(v).to_string()).unwrap_or_default()),
            ],
        )
    }
}

/// Completed adjustment and stocktake lines with their value.
pub fn adjustment_lines(cx: &Context) -> Vec<AdjustmentLine> {
    let cost = |sku: &str, qty: Decimal| cx.index.unit_cost(sku).map(|(c, _)| (c * qty).abs());
    if !cx.data.adjustments.is_empty() {
        return cx
            .data
            .adjustments
            .iter()
            .filter(|a| !matches!(a.status.as_deref(), Some("VOIDED" | "DRAFT" | "IN PROGRESS")) && !a.quantity.is_zero())
            .map(|a| AdjustmentLine {
                origin: a.origin,
                sku: a.sku.clone(),
                location: a.location.clone(),
                date: a.date,
                number: a.number.clone(),
                quantity: a.quantity,
                value: a
                    .value
                    .map(|v| v.abs())
                    .or_else(|| a.unit_cost.map(|c| (c * a.quantity).abs()))
                    .or_else(|| cost(&a.sku, a.quantity)),
            })
            .collect();
    }
    cx.data
        .movements
        .iter()
        .filter(|m| {
            let t = &m.movement_type;
            let starts = |prefix| crate::text::starts_with_ignore_case(t, prefix);
            (starts("adjustment") || starts("stocktake") || starts("inventory write-off"))
                && !crate::text::contains_ignore_case(t, "cost chang")
                && !m.quantity().is_zero()
        })
        .map(|m| AdjustmentLine {
            origin: m.origin,
            sku: m.sku.clone(),
            location: m.location.clone(),
            date: m.date,
            number: m.number.clone(),
            quantity: m.quantity(),
            value: m.amount().map(|a| a.abs()).or_else(|| cost(&m.sku, m.quantity())),
        })
        .collect()
}
