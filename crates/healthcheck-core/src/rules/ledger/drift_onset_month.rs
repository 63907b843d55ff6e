use std::collections::BTreeMap;

use crate::findings::{money, Entity, EntityKind, Severity};
use crate::rules::facts::common::{is_integration_text, month_label};
use crate::rules::facts::ledger::{accounts_text, is_manual_journal, lasting_gap_start, materiality, month_end_series, MonthEndSeries};
use crate::rules::facts::{declare_rule, AccountClass, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Builds two month-end series: Cin7's stock value (from inventory movements with amounts,
    /// anchored at the availability export's value where supplied) and the general ledger's
    /// inventory balance (from the ledger export, anchored at the trial balance where
    /// supplied). It names the last month in which the two agreed within materiality and the
    /// first month from which they stayed apart, and ranks the ledger postings of that month
    /// that Cin7 did not make.
    ///
    /// ## Why it matters
    /// Reconciling a gap that has grown for a year line by line is hopeless; reconciling one
    /// month is a morning's work. Knowing where the ledgers last agreed says where to start,
    /// and the postings of the month they parted usually are the cause.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Type,Date,Number,Quantity,Amount
    /// WID-1,Purchase,2026-01-10,PO-1,100,1000.00
    /// WID-1,Sale,2026-02-10,SO-1,-20,-200.00
    /// WID-1,Sale,2026-03-10,SO-2,-20,-200.00
    /// ```
    /// ```csv
    /// Account Code,Account Name,Date,Source,Reference,Description,Net
    /// 630,Inventory Control,2026-01-10,Payable Invoice,PO-1,Acme,1000.00
    /// 630,Inventory Control,2026-02-10,Receivable Invoice,SO-1,Cin7 COGS,-200.00
    /// 630,Inventory Control,2026-02-27,Manual Journal,,Stock top-up,900.00
    /// 630,Inventory Control,2026-03-10,Receivable Invoice,SO-2,Cin7 COGS,-200.00
    /// ```
    /// The ledgers agreed at the end of January and parted in February, when a 900.00 manual
    /// journal was posted.
    ///
    /// ## How to fix it at the source
    /// Start the reconciliation at the first month apart. Trace each ranked posting to the
    /// Cin7 event it should have come from and record that event in Cin7 Core (or reverse the
    /// posting), then move to the next month: Cin7's own advice for a ledger that does not
    /// match is to work forward from the earliest month that does not balance.
    ///
    /// ## Impact
    /// None of its own: LED001 carries the variance; this finding says where it began.
    pub(crate) DriftOnsetMonth {
        code: "LED008",
        name: "drift-onset-month",
        title: "Month the stock and ledger parted",
        stage: Ledger,
        severity: Medium,
        counts: Business,
        inputs: [Cin7Movements, XeroGl | QboGl],
    }
}

impl Check for DriftOnsetMonth {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(MonthEndSeries { months: series, stock_value }) = month_end_series(cx) else { return };
        let inventory: Vec<_> =
            cx.index.classified_ledger().filter(|(_, class)| *class == AccountClass::Inventory).map(|(e, _)| e).collect();
        let limit = materiality(cx, *stock_value);
        let Some(onset_index) = lasting_gap_start(series, limit) else { return };
        let onset = series[onset_index].0;
        let agreed = onset_index.checked_sub(1).map(|i| series[i].0);
        let mut suspects: Vec<_> = inventory
            .iter()
            .filter(|e| crate::rules::facts::common::month_of(e.date) == onset)
            .filter(|e| {
                let text = [&e.number, &e.reference, &e.description].iter().filter_map(|t| t.as_deref()).collect::<Vec<_>>().join(" ");
                is_manual_journal(e) || !is_integration_text(&text)
            })
            .collect();
        suspects.sort_by(|a, b| b.amount().abs().cmp(&a.amount().abs()).then(a.origin.cmp(&b.origin)));
        let start = match agreed {
            Some(m) => format!("last agreed at the end of {} and have stayed apart since {}", month_label(m), month_label(onset)),
            None => format!("have been apart in every month since {}", month_label(onset)),
        };
        let gap = series[onset_index].2 - series[onset_index].1;
        let top = suspects
            .first()
            .map(|e| {
                format!(
                    "; the largest posting of {} that Cin7 did not make is {} on {} ({})",
                    month_label(onset),
                    cx.money(e.amount()),
                    e.date,
                    e.description.clone().or_else(|| e.source.clone()).unwrap_or_default()
                )
            })
            .unwrap_or_default();
        let accounts: Vec<_> = {
            let mut a: Vec<_> = inventory.iter().map(|e| e.account.clone()).collect();
            a.sort();
            a.dedup();
            a
        };
        let message = format!(
            "Cin7 stock value and the ledger's inventory account {} {start}, opening a gap of {}{top}",
            accounts_text(&accounts),
            cx.money(gap)
        );
        let mut by_month: BTreeMap<String, String> = BTreeMap::new();
        for (m, c, l) in series {
            by_month.insert(month_label(*m), format!("Cin7 {} / ledger {}", money(*c), money(*l)));
        }
        let evidence = suspects
            .iter()
            .take(10)
            .map(|e| {
                cx.evidence(
                    e.origin,
                    vec![
                        ("Date", e.date.to_string()),
                        ("Source", e.source.as_deref().unwrap_or_default().to_string()),
                        ("Description", e.description.as_deref().unwrap_or_default().to_string()),
                        ("Amount", money(e.amount()).to_string()),
                    ],
                )
            })
            .collect();
        out.push(Draft {
            severity: Severity::Medium,
            message,
            impact: None,
            entities: accounts.iter().map(|a| Entity::new(EntityKind::Account, a.key())).collect(),
            evidence,
        });
    }
}
