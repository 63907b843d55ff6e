use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{format_quantity, money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::adjustments::{adjustment_lines, AdjustmentLine};
use crate::rules::facts::common::{at_location, month_label, month_of};
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds SKUs (per location) adjusted `recurring_adjustments` (default 3) times or more
    /// within any 90 days, from the stock adjustment export or, without it, the adjustment
    /// and stocktake movements. It also flags months whose adjustments add up to more than
    /// `adjustment_value_pct` (default 2 %) of the stock value. Each finding names the other
    /// findings on the same SKU that may be the cause.
    ///
    /// ## Why it matters
    /// An adjustment corrects the count; a recurring one says the count keeps going wrong for
    /// the same reason: a receipt entered short, a kit that does not consume its parts, a
    /// sale shipped outside Cin7. Adjusting again each month hides that reason and writes its
    /// cost off as shrinkage.
    ///
    /// ## Example
    /// ```csv
    /// StocktakeNumber,EffectiveDate,Status,Account,SKU,Location,Quantity,UnitCost
    /// ST-1,2026-01-10,COMPLETED,403,WID-1,Main,-2,12.00
    /// ST-2,2026-02-10,COMPLETED,403,WID-1,Main,-3,12.00
    /// ST-3,2026-03-10,COMPLETED,403,WID-1,Main,-2,12.00
    /// ST-4,2026-03-10,COMPLETED,403,WID-2,Main,-1,15.00
    /// ```
    /// WID-1 was adjusted three times within 90 days and is flagged; WID-2 once.
    ///
    /// ## How to fix it at the source
    /// Look at what happens to the SKU between counts: compare its receipts, sales, transfers
    /// and assemblies with the physical flow, and fix the step that loses or gains units
    /// (receiving to the unit on the packing slip, consuming components on assembly, shipping
    /// every sale through Cin7). Adjust only once the cause is gone.
    ///
    /// ## Impact
    /// The sum of the adjustments' values (as magnitudes).
    pub(crate) RecurringStockAdjustment {
        code: "TRU001",
        name: "recurring-stock-adjustment",
        title: "Same stock adjusted month after month",
        stage: Trust,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Adjustments | Cin7Movements],
        phase: 1,
        reads: [Cin7Availability],
    }
}

fn line_evidence(cx: &Context, l: &AdjustmentLine) -> crate::findings::Evidence {
    cx.evidence(
        l.origin,
        vec![
            ("Adjustment", l.number.as_deref().unwrap_or_default().to_string()),
            ("Date", l.date.to_string()),
            ("SKU", l.sku.to_string()),
            ("Location", l.location.as_deref().unwrap_or_default().to_string()),
            ("Quantity", format_quantity(l.quantity)),
            ("Value", l.value.map(|v| money(v).to_string()).unwrap_or_default()),
        ],
    )
}

impl Check for RecurringStockAdjustment {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let lines = adjustment_lines(cx);
        let mut by_place: BTreeMap<(String, String), Vec<&AdjustmentLine>> = BTreeMap::new();
        for l in &lines {
            by_place.entry((index::key(&l.sku), l.location.clone().unwrap_or_default().to_lowercase())).or_default().push(l);
        }
        let need = cx.thresholds().recurring_adjustments.max(1);
        for ((sku, _), mut group) in by_place {
            group.sort_by_key(|l| (l.date, l.origin));
            let recurring = group.windows(need).any(|w| w[0].date.days_until(w[need - 1].date) <= 90);
            if !recurring {
                continue;
            }
            let value: Decimal = group.iter().filter_map(|l| l.value).sum();
            let net: Decimal = group.iter().map(|l| l.quantity).sum();
            let causes: Vec<String> = {
                let mut c: Vec<String> = cx
                    .findings
                    .iter()
                    .filter(|f| ["SET", "INV", "SYN"].iter().any(|p| f.code.starts_with(p)))
                    .filter(|f| f.entities.iter().any(|e| e.kind == EntityKind::Sku && index::key(&e.key) == sku))
                    .map(|f| f.code.clone())
                    .collect();
                c.sort();
                c.dedup();
                c
            };
            let shown = group[0].sku.clone();
            let at = at_location(&group[0].location);
            let cause_note =
                if causes.is_empty() { String::new() } else { format!("; upstream findings on the SKU: {}", causes.join(", ")) };
            let message = format!(
                "SKU {shown}{at} was adjusted {} times between {} and {} (net {} units, {}){cause_note}",
                group.len(),
                group[0].date,
                group[group.len() - 1].date,
                format_quantity(net),
                cx.money(value)
            );
            out.push(Draft {
                severity: if group.len() >= 2 * need { Severity::High } else { Severity::Medium },
                message,
                impact: (!value.is_zero()).then(|| Impact {
                    amount: money(value),
                    estimate: false,
                    basis: "sum of the adjustments' values".into(),
                    inventory_effect: None,
                }),
                entities: vec![Entity::new(EntityKind::Sku, &shown)],
                evidence: group.iter().map(|l| line_evidence(cx, l)).collect(),
            });
        }
        // Months in which adjustments moved more than the threshold share of stock value.
        let stock_value: Decimal = cx.data.stock.iter().filter_map(|s| s.stock_value).sum();
        if stock_value <= Decimal::ZERO {
            return;
        }
        let mut months: BTreeMap<(i32, u32), Vec<&AdjustmentLine>> = BTreeMap::new();
        for l in &lines {
            months.entry(month_of(l.date)).or_default().push(l);
        }
        for (month, group) in months {
            let value: Decimal = group.iter().filter_map(|l| l.value).sum();
            let Some(pct) = value.checked_div(stock_value).and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)) else { continue };
            if pct <= cx.thresholds().adjustment_value_pct {
                continue;
            }
            let mut skus: Vec<String> = group.iter().map(|l| l.sku.to_string()).collect();
            skus.sort();
            skus.dedup();
            out.push(Draft {
                severity: Severity::Medium,
                message: format!(
                    "Adjustments in {} moved {}, {}% of the stock value",
                    month_label(month),
                    cx.money(value),
                    pct.round_dp(1).normalize()
                ),
                impact: Some(Impact {
                    amount: money(value),
                    estimate: false,
                    basis: "sum of the month's adjustments".into(),
                    inventory_effect: None,
                }),
                entities: skus.iter().map(|s| Entity::new(EntityKind::Sku, s)).collect(),
                evidence: group.iter().take(30).map(|l| line_evidence(cx, l)).collect(),
            });
        }
    }
}
