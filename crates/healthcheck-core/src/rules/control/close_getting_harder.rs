use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{money, Impact, Severity};
use crate::rules::facts::adjustments::adjustment_lines;
use crate::rules::facts::common::{is_integration_text, month_label, month_of};
use crate::rules::facts::ledger::{materiality, month_end_series};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Counts, month by month, the hand-made corrections of the close: completed stock
    /// adjustments and manual journals (not those the integration made), with their value,
    /// and, where movements and the general ledger are both loaded, the month-end gap between
    /// Cin7's stock value and the ledger's inventory balance. If the count or the value of
    /// corrections, or a gap beyond materiality, has risen in each of the last three months
    /// up to the as-of date, the close is getting harder.
    ///
    /// ## Why it matters
    /// A close that needs more patches every month is the business losing control of its
    /// numbers one month at a time. Each patch makes the next reconciliation harder, so the
    /// trend accelerates unless its causes upstream are fixed.
    ///
    /// ## Example
    /// ```csv
    /// StocktakeNumber,EffectiveDate,Status,Account,SKU,Quantity,UnitCost
    /// ST-1,2026-01-10,COMPLETED,403,WID-1,-1,10.00
    /// ST-2,2026-02-10,COMPLETED,403,WID-1,-1,10.00
    /// ST-3,2026-02-12,COMPLETED,403,WID-2,-1,10.00
    /// ST-4,2026-03-10,COMPLETED,403,WID-1,-1,10.00
    /// ST-5,2026-03-11,COMPLETED,403,WID-2,-1,10.00
    /// ST-6,2026-03-12,COMPLETED,403,WID-3,-1,10.00
    /// ```
    /// With the as-of date 2026-03-31, corrections rose from 1 to 2 to 3 a month.
    ///
    /// ## How to fix it at the source
    /// Use the stage findings to remove the causes the patches cover, starting with the
    /// earliest stage that is at risk; then set a rule for the close that every adjustment and
    /// journal into inventory names the source problem it corrects.
    ///
    /// ## Impact
    /// The value of the latest month's corrections (adjustments and journals together).
    pub(crate) CloseGettingHarder {
        code: "CTL003",
        name: "close-getting-harder",
        title: "Month-end close getting harder",
        stage: Control,
        severity: Medium,
        counts: Business,
        inputs: [Cin7Adjustments | Cin7Movements | XeroGl | QboGl | XeroManualJournals],
        phase: 1,
    }
}

impl Check for CloseGettingHarder {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(as_of) = cx.as_of else { return };
        let mut months: BTreeMap<(i32, u32), (usize, Decimal)> = BTreeMap::new();
        let adjustments = adjustment_lines(cx);
        for l in adjustments.iter().filter(|l| l.date <= as_of) {
            let m = months.entry(month_of(l.date)).or_default();
            m.0 += 1;
            m.1 += l.value.unwrap_or_default();
        }
        let mut journals: BTreeMap<(crate::date::Date, crate::dataset::Text), (Decimal, crate::dataset::Origin)> = BTreeMap::new();
        let mut text = String::new();
        for e in cx.index.manual_journal_postings().filter(|e| e.date <= as_of) {
            text.clear();
            for part in [&e.number, &e.reference, &e.description].into_iter().flatten() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(part);
            }
            if !is_integration_text(&text) {
                journals
                    .entry((e.date, e.number.clone().unwrap_or_else(|| text.as_str().into())))
                    .or_insert((Decimal::ZERO, e.origin))
                    .0 += e.amount().max(Decimal::ZERO);
            }
        }
        if cx.data.ledger.is_empty() {
            for l in cx.data.manual_journals.iter().filter(|l| l.date <= as_of && !is_integration_text(&l.narration)) {
                journals.entry((l.date, l.narration.clone())).or_insert((Decimal::ZERO, l.origin)).0 += l.amount.max(Decimal::ZERO);
            }
        }
        let journal_evidence: Vec<_> = journals
            .iter()
            .filter(|((d, _), _)| month_of(*d) == month_of(as_of))
            .map(|((d, label), (v, origin))| {
                cx.evidence(*origin, vec![("Date", d.to_string()), ("Journal", label.to_string()), ("Value", money(*v).to_string())])
            })
            .collect();
        for ((date, _), (value, _)) in journals {
            let m = months.entry(month_of(date)).or_default();
            m.0 += 1;
            m.1 += value;
        }
        let end = month_of(as_of);
        let last3: Vec<(i32, u32)> = {
            let (mut y, mut m) = end;
            let mut v = Vec::new();
            for _ in 0..3 {
                v.push((y, m));
                if m == 1 {
                    y -= 1;
                    m = 12;
                } else {
                    m -= 1;
                }
            }
            v.reverse();
            v
        };
        let series: Vec<(usize, Decimal)> = last3.iter().map(|m| months.get(m).copied().unwrap_or_default()).collect();
        let count_rising = series.windows(2).all(|w| w[1].0 > w[0].0);
        let value_rising = series.windows(2).all(|w| w[1].1 > w[0].1);
        let gaps = variance_of_months(cx, &last3);
        let gap_rising = gaps.as_ref().is_some_and(|(g, limit)| g.windows(2).all(|w| w[1] > w[0]) && g[2] > *limit);
        if !(count_rising || value_rising || gap_rising) {
            return;
        }
        let shown: Vec<String> = last3.iter().zip(&series).map(|(m, (n, v))| format!("{} {n} ({})", month_label(*m), money(*v))).collect();
        let mut message = if count_rising || value_rising {
            format!("Hand-made corrections at the close have risen for three months: {}", shown.join(", "))
        } else {
            format!("Hand-made corrections at the close: {}", shown.join(", "))
        };
        if let Some((g, _)) = gaps.as_ref().filter(|_| gap_rising) {
            let shown: Vec<String> = last3.iter().zip(g).map(|(m, v)| format!("{} {}", month_label(*m), money(*v))).collect();
            message
                .push_str(&format!("; the gap between Cin7 and the ledger's inventory has widened for three months: {}", shown.join(", ")));
        }
        let latest = series[2].1;
        out.push(Draft {
            severity: if [count_rising, value_rising, gap_rising].iter().filter(|r| **r).count() >= 2 {
                Severity::High
            } else {
                Severity::Medium
            },
            message,
            impact: (!latest.is_zero()).then(|| Impact {
                amount: money(latest),
                estimate: false,
                basis: "the latest month's corrections".into(),
                inventory_effect: None,
            }),
            entities: Vec::new(),
            evidence: adjustments
                .iter()
                .filter(|l| month_of(l.date) == end)
                .take(20)
                .map(|l| l.brief_evidence(cx))
                .chain(journal_evidence)
                .collect(),
        });
    }
}

/// The month-end gap between Cin7's stock value and the ledger's inventory balance, as a
/// magnitude, for each of `months`, with the materiality limit; `None` unless movements with
/// amounts and ledger postings are both loaded.
fn variance_of_months(cx: &Context, months: &[(i32, u32)]) -> Option<(Vec<Decimal>, Decimal)> {
    if cx.data.ledger.is_empty() || !cx.data.movements.iter().any(|m| m.amount().is_some()) {
        return None;
    }
    let series = month_end_series(cx)?;
    let gaps = months
        .iter()
        .map(|m| series.months.iter().find(|(month, _, _)| month == m).map_or(Decimal::ZERO, |(_, c, l)| (*l - *c).abs()))
        .collect();
    Some((gaps, materiality(cx, series.stock_value)))
}
