use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{money, Impact, Severity};
use crate::rules::facts::adjustments::adjustment_lines;
use crate::rules::facts::common::{median, month_label, month_of};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Totals the value of stock adjustments and write-offs by month (from the adjustment
    /// export or the movements) and flags a rise over three or more consecutive months up to
    /// the latest one, or a latest month above twice the median of the months before it.
    ///
    /// ## Why it matters
    /// Adjustments that grow month after month are the trend of a control slipping: more
    /// stock lost, more counts corrected, more reliance on the stocktake to make the numbers
    /// fit. The trend shows before any single month looks alarming.
    ///
    /// ## Example
    /// ```csv
    /// StocktakeNumber,EffectiveDate,Status,Account,SKU,Quantity,UnitCost
    /// ST-1,2025-12-10,COMPLETED,403,WID-1,-1,10.00
    /// ST-2,2026-01-10,COMPLETED,403,WID-2,-2,10.00
    /// ST-3,2026-02-10,COMPLETED,403,WID-3,-4,10.00
    /// ST-4,2026-03-10,COMPLETED,403,WID-4,-8,10.00
    /// ```
    /// Adjustments rose from 10.00 to 80.00 over three consecutive months.
    ///
    /// ## How to fix it at the source
    /// Treat the trend as the finding: find which SKUs and locations drive the growth
    /// (TRU001 names recurring ones), and fix the receiving, picking or assembly step behind
    /// them. Review the count process too: a new counter or a changed count method shows up
    /// here first.
    ///
    /// ## Impact
    /// The value of the latest month's adjustments and write-offs, as magnitudes.
    pub(crate) RisingWriteOffs {
        code: "TRU004",
        name: "rising-write-offs",
        title: "Write-offs rising",
        stage: Trust,
        severity: Medium,
        counts: Business,
        inputs: [Cin7Adjustments | Cin7Movements],
    }
}

impl Check for RisingWriteOffs {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let lines = adjustment_lines(cx);
        let mut months: BTreeMap<(i32, u32), Decimal> = BTreeMap::new();
        for l in lines.iter().filter(|l| cx.as_of.is_none_or(|a| l.date <= a)) {
            *months.entry(month_of(l.date)).or_default() += l.value.unwrap_or_default();
        }
        let series: Vec<((i32, u32), Decimal)> = months.into_iter().collect();
        let Some((latest_month, latest)) = series.last().copied() else { return };
        let rising = series.len() >= 4 && series[series.len() - 4..].windows(2).all(|w| w[1].1 > w[0].1);
        let earlier: Vec<Decimal> = series[..series.len() - 1].iter().map(|(_, v)| *v).collect();
        let spike = earlier.len() >= 2 && median(earlier.clone()).is_some_and(|m| m > Decimal::ZERO && latest > m * Decimal::TWO);
        if !rising && !spike || latest.is_zero() {
            return;
        }
        let message = if rising {
            let start = series[series.len() - 4];
            format!(
                "Stock adjustments rose for three months in a row, from {} in {} to {} in {}",
                cx.money(start.1),
                month_label(start.0),
                cx.money(latest),
                month_label(latest_month)
            )
        } else {
            format!(
                "Stock adjustments of {} in {} are more than twice the median of {} in the months before",
                cx.money(latest),
                month_label(latest_month),
                cx.money(median(earlier).unwrap_or_default())
            )
        };
        let evidence = lines.iter().filter(|l| month_of(l.date) == latest_month).take(30).map(|l| l.brief_evidence(cx)).collect();
        out.push(Draft {
            severity: Severity::Medium,
            message,
            impact: Some(Impact {
                amount: money(latest),
                estimate: false,
                basis: "the latest month's adjustment value".into(),
                inventory_effect: None,
            }),
            entities: Vec::new(),
            evidence,
        });
    }
}
