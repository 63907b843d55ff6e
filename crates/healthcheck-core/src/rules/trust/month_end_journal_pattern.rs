use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::dataset::{AccountRef, Origin};
use crate::date::{days_in_month, Date};
use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::{is_integration_text, month_label, month_of};
use crate::rules::facts::ledger::is_controlled;
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds manual journals into inventory, cost of goods sold, accrued-inventory or
    /// stock-in-transit accounts dated in the last 3 or first 5 days of a month, and flags
    /// them when journals of the same kind (the same narration once dates and numbers are
    /// removed) recur in `recurring_months` (default 3) months or more. Journals the
    /// integration made are left out.
    ///
    /// ## Why it matters
    /// A correction that is needed every month end is not a correction: it is a routine that
    /// forces the ledger to agree with something, month after month, while the cause keeps
    /// running. It is the clearest sign that the numbers are being made to match rather than
    /// matching.
    ///
    /// ## Example
    /// ```csv
    /// *Narration,*Date,Description,*AccountCode,*TaxRate,*Amount
    /// Stock true-up January,31/01/2026,,630,Tax Exempt,150.00
    /// Stock true-up January,31/01/2026,,310,Tax Exempt,-150.00
    /// Stock true-up February,28/02/2026,,630,Tax Exempt,220.00
    /// Stock true-up February,28/02/2026,,310,Tax Exempt,-220.00
    /// Stock true-up March,31/03/2026,,630,Tax Exempt,90.00
    /// Stock true-up March,31/03/2026,,310,Tax Exempt,-90.00
    /// ```
    /// ```csv
    /// *Code,*Name,*Type,*Tax Code,Dashboard
    /// 630,Inventory Control,Current Asset,Tax Exempt,No
    /// 310,Cost of Goods Sold,Direct Costs,Tax Exempt,No
    /// ```
    /// The same stock true-up is posted at three month ends in a row.
    ///
    /// ## How to fix it at the source
    /// Stop the routine and reconcile once, properly: find where the two ledgers part (LED001,
    /// LED008) and fix that step in Cin7 Core or the integration. If a recurring entry is
    /// legitimate (an accrual policy), document it and post it through the system it belongs
    /// to rather than as a hand journal.
    ///
    /// ## Impact
    /// The amount the recurring journals moved on the controlled accounts, in total.
    pub(crate) MonthEndJournalPattern {
        code: "TRU002",
        name: "month-end-journal-pattern",
        title: "Month-end journal habit",
        stage: Trust,
        severity: High,
        counts: Months,
        inputs: [XeroGl | QboGl | XeroManualJournals],
    }
}

struct Journal {
    date: Date,
    label: crate::dataset::Text,
    lines: Vec<(Origin, AccountRef, Decimal)>,
}

/// A narration with its dates, numbers and month names taken out: what makes journals "the same".
fn pattern(text: &str) -> String {
    const MONTHS: [&str; 12] =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() > 2 && !MONTHS.iter().any(|m| m.starts_with(*w) && w.len() >= 3))
        .collect::<Vec<_>>()
        .join(" ")
}

fn near_month_end(d: Date) -> bool {
    let (y, m, day) = d.ymd();
    day <= 5 || day + 3 > days_in_month(y, m)
}

impl Check for MonthEndJournalPattern {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let mut journals: BTreeMap<(Date, crate::dataset::Text), Journal> = BTreeMap::new();
        if cx.index.manual_journal_postings().next().is_some() {
            for e in cx.index.manual_journal_postings() {
                let text = [&e.number, &e.reference, &e.description].iter().filter_map(|t| t.as_deref()).collect::<Vec<_>>().join(" ");
                if is_integration_text(&text) {
                    continue;
                }
                let label = e.description.clone().or_else(|| e.reference.clone()).or_else(|| e.number.clone()).unwrap_or_default();
                let id = e.number.clone().unwrap_or_else(|| label.clone());
                journals.entry((e.date, id)).or_insert_with(|| Journal { date: e.date, label, lines: Vec::new() }).lines.push((
                    e.origin,
                    e.account.clone(),
                    e.amount(),
                ));
            }
        } else {
            for l in &cx.data.manual_journals {
                if is_integration_text(&l.narration) || l.status.as_deref().is_some_and(|s| s == "DRAFT" || s == "VOIDED" || s == "DELETED")
                {
                    continue;
                }
                journals
                    .entry((l.date, l.narration.clone()))
                    .or_insert_with(|| Journal { date: l.date, label: l.narration.clone(), lines: Vec::new() })
                    .lines
                    .push((l.origin, l.account.clone(), l.amount));
            }
        }
        let mut groups: BTreeMap<String, Vec<&Journal>> = BTreeMap::new();
        for j in journals.values() {
            let controlled = j.lines.iter().any(|(_, a, _)| is_controlled(cx.index.classify(a)));
            if controlled && near_month_end(j.date) {
                groups.entry(pattern(&j.label)).or_default().push(j);
            }
        }
        for (_, group) in groups {
            let months: BTreeSet<(i32, u32)> = group
                .iter()
                .map(|j| {
                    // A journal in the first days of a month belongs to the close of the month before.
                    let (y, m, d) = j.date.ymd();
                    if d <= 5 {
                        if m == 1 {
                            (y - 1, 12)
                        } else {
                            (y, m - 1)
                        }
                    } else {
                        month_of(j.date)
                    }
                })
                .collect();
            if months.len() < cx.thresholds().recurring_months {
                continue;
            }
            let moved: Decimal = group
                .iter()
                .map(|j| {
                    let debit: Decimal = j
                        .lines
                        .iter()
                        .filter(|(_, a, _)| is_controlled(cx.index.classify(a)))
                        .map(|(_, _, x)| x.max(&Decimal::ZERO))
                        .copied()
                        .sum();
                    let credit: Decimal = j
                        .lines
                        .iter()
                        .filter(|(_, a, _)| is_controlled(cx.index.classify(a)))
                        .map(|(_, _, x)| (-*x).max(Decimal::ZERO))
                        .sum();
                    debit.max(credit)
                })
                .sum();
            let labels: Vec<String> = months.iter().map(|m| month_label(*m)).collect();
            let message = format!(
                "Month-end journals like '{}' were posted to inventory or cost accounts at the close of {} months ({}), moving {} in all",
                group[0].label,
                months.len(),
                labels.join(", "),
                cx.money(moved)
            );
            let mut entities: Vec<Entity> = group.iter().map(|j| Entity::new(EntityKind::Journal, &j.label)).collect();
            let mut accounts: Vec<AccountRef> = group
                .iter()
                .flat_map(|j| j.lines.iter().map(|(_, a, _)| a.clone()))
                .filter(|a| is_controlled(cx.index.classify(a)))
                .collect();
            accounts.sort();
            accounts.dedup();
            entities.extend(accounts.iter().map(|a| Entity::new(EntityKind::Account, a.key())));
            entities.dedup();
            let evidence = group
                .iter()
                .flat_map(|j| j.lines.iter().map(move |(o, a, x)| (j, o, a, x)))
                .take(40)
                .map(|(j, o, a, x)| {
                    cx.evidence(
                        *o,
                        vec![
                            ("Journal", j.label.to_string()),
                            ("Date", j.date.to_string()),
                            ("Account", a.display()),
                            ("Amount", money(*x).to_string()),
                        ],
                    )
                })
                .collect();
            out.push(Draft {
                severity: Severity::High,
                message,
                impact: Some(Impact {
                    amount: money(moved),
                    estimate: false,
                    basis: "amount moved by the recurring journals".into(),
                    inventory_effect: None,
                }),
                entities,
                evidence,
            });
        }
    }
}
