use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::dataset::AccountRef;
use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::{median, month_label, month_of};
use crate::rules::facts::{declare_rule, AccountClass, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// From the general-ledger export, totals revenue and cost of goods sold by month and
    /// works out each month's gross margin. Months whose margin moves more than
    /// `margin_swing_pts` (default 8 points) from the median of the other months are flagged,
    /// as are months with revenue and no cost of goods sold. Needs three months or more.
    ///
    /// ## Why it matters
    /// Revenue follows the invoice and cost follows the shipment. When invoices and shipments
    /// of the same sales fall in different months, or cost corrections land late, one month's
    /// margin is inflated and another's crushed, though the business did nothing different.
    /// Decisions made on those months are made on noise.
    ///
    /// ## Example
    /// ```csv
    /// Account Code,Account Name,Date,Source,Description,Net
    /// 200,Sales,2026-01-15,Receivable Invoice,Jan sales,-10000.00
    /// 310,Cost of Goods Sold,2026-01-15,Receivable Invoice,Jan cost,6000.00
    /// 200,Sales,2026-02-15,Receivable Invoice,Feb sales,-10000.00
    /// 310,Cost of Goods Sold,2026-02-15,Receivable Invoice,Feb cost,6100.00
    /// 200,Sales,2026-03-15,Receivable Invoice,Mar sales,-10000.00
    /// 310,Cost of Goods Sold,2026-03-15,Receivable Invoice,Mar cost,4000.00
    /// ```
    /// March's margin is 60 % against about 40 % in the other months, so March is flagged.
    ///
    /// ## How to fix it at the source
    /// Close the gap between invoicing and shipping in Cin7 Core (SET001, SET002) so revenue
    /// and cost post together, and enter supplier invoices before month end so cost changes do
    /// not land in the following month. Review the flagged month's late cost corrections.
    ///
    /// ## Impact
    /// The swing in points times the month's revenue.
    pub(crate) MarginTimingSwing {
        code: "LED005",
        name: "margin-timing-swing",
        title: "Margin swinging between months",
        stage: Ledger,
        severity: Medium,
        counts: Months,
        inputs: [XeroGl | QboGl],
        roles: [MarginBetweenMonths],
    }
}

impl Check for MarginTimingSwing {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let mut months: BTreeMap<(i32, u32), (Decimal, Decimal)> = BTreeMap::new();
        let mut accounts: Vec<AccountRef> = Vec::new();
        // An account's postings come together: its run is added to `accounts` once.
        let mut previous: Option<&AccountRef> = None;
        for (e, class) in cx.index.classified_ledger().filter(|(e, _)| cx.as_of.is_none_or(|a| e.date <= a)) {
            if !matches!(class, AccountClass::Revenue | AccountClass::Cogs) {
                continue;
            }
            let m = months.entry(month_of(e.date)).or_default();
            match class {
                AccountClass::Revenue => m.0 -= e.amount(),
                _ => m.1 += e.amount(),
            }
            if previous != Some(&e.account) && !accounts.iter().any(|a| a.matches(&e.account)) {
                accounts.push(e.account.clone());
            }
            previous = Some(&e.account);
        }
        months.retain(|_, (rev, _)| *rev > Decimal::ZERO);
        if months.len() < 3 {
            return;
        }
        let margins: Vec<((i32, u32), Decimal, Decimal, Decimal)> =
            months.iter().map(|(m, (rev, cogs))| (*m, *rev, *cogs, (*rev - *cogs) / *rev * Decimal::ONE_HUNDRED)).collect();
        for (month, rev, cogs, gm) in &margins {
            let others: Vec<Decimal> = margins.iter().filter(|o| o.0 != *month).map(|o| o.3).collect();
            let Some(typical) = median(others) else { continue };
            let swing = *gm - typical;
            let no_cost = cogs.is_zero();
            if swing.abs() <= cx.thresholds().margin_swing_pts && !no_cost {
                continue;
            }
            let message = if no_cost {
                format!("{} has {} of revenue and no cost of goods sold", month_label(*month), cx.money(*rev))
            } else {
                format!(
                    "Gross margin in {} is {}% against a median of {}% in the other months, a swing of {} points on {} of revenue",
                    month_label(*month),
                    gm.round_dp(1).normalize(),
                    typical.round_dp(1).normalize(),
                    swing.round_dp(1).normalize(),
                    cx.money(*rev)
                )
            };
            let impact = money(swing.abs() / Decimal::ONE_HUNDRED * *rev);
            let evidence = cx
                .index
                .classified_ledger()
                .filter(|(e, class)| month_of(e.date) == *month && matches!(class, AccountClass::Revenue | AccountClass::Cogs))
                .take(30)
                .map(|(e, _)| {
                    cx.evidence(
                        e.origin,
                        vec![
                            ("Date", e.date.to_string()),
                            ("Account", e.account.display()),
                            ("Source", e.source.as_deref().unwrap_or_default().to_string()),
                            ("Amount", money(e.amount()).to_string()),
                        ],
                    )
                })
                .collect();
            out.push(Draft {
                severity: if swing.abs() > cx.thresholds().margin_swing_pts * Decimal::TWO || no_cost {
                    Severity::High
                } else {
                    Severity::Medium
                },
                message,
                impact: Some(Impact {
                    amount: impact,
                    estimate: true,
                    basis: "swing in margin points times the month's revenue".into(),
                    inventory_effect: None,
                }),
                entities: accounts.iter().map(|a| Entity::new(EntityKind::Account, a.key())).collect(),
                evidence,
            });
        }
    }
}
