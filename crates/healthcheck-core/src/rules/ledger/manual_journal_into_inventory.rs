use rust_decimal::Decimal;

use crate::dataset::{AccountRef, Origin, Text};
use crate::date::Date;
use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::hash::HashMap;
use crate::rules::facts::common::is_integration_text;
use crate::rules::facts::ledger::is_controlled;
use crate::rules::facts::{declare_rule, AccountClass, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds manual journals (Xero manual journals, QuickBooks journal entries) that post to
    /// inventory, cost of goods sold, accrued-inventory or stock-in-transit accounts. Journals
    /// the integration makes are left out: those whose reference, narration or number carries
    /// a Cin7 Core task number (SO-, PO-, ST-, INV-, CR- and so on) or names Cin7.
    ///
    /// ## Why it matters
    /// A hand-made journal moves the general ledger and leaves Cin7's inventory sub-ledger as
    /// it was. It can make this month's balance agree and guarantees next month's will not:
    /// the cause is still there, and now a correction sits on top of it that nobody will
    /// remember to unwind.
    ///
    /// ## Example
    /// ```csv
    /// *Narration,*Date,Description,*AccountCode,*TaxRate,*Amount
    /// Stock correction March,28/03/2026,Top up to stock report,630,Tax Exempt,279.24
    /// Stock correction March,28/03/2026,Top up to stock report,310,Tax Exempt,-279.24
    /// Cin7 journal SO-00200 COGS,02/03/2026,COGS,310,Tax Exempt,600.00
    /// Cin7 journal SO-00200 COGS,02/03/2026,COGS,630,Tax Exempt,-600.00
    /// ```
    /// ```csv
    /// *Code,*Name,*Type,*Tax Code,Dashboard
    /// 630,Inventory Control,Current Asset,Tax Exempt,No
    /// 310,Cost of Goods Sold,Direct Costs,Tax Exempt,No
    /// ```
    /// The stock correction is flagged; the Cin7 journal for SO-00200 is the integration's own.
    ///
    /// ## How to fix it at the source
    /// For each journal, find the Cin7 event it stood in for (a stocktake, a cost change, a
    /// missed receipt) and record that event in Cin7 Core, then reverse the journal. Restrict
    /// journals into inventory accounts to the people who run the reconciliation.
    ///
    /// ## Impact
    /// The amount the journal moved on the controlled accounts (the larger of its debits and
    /// credits there).
    pub(crate) ManualJournalIntoInventory {
        code: "LED003",
        name: "manual-journal-into-inventory",
        title: "Manual journals into inventory",
        stage: Ledger,
        severity: High,
        counts: Months,
        inputs: [XeroGl | QboGl | XeroManualJournals],
        roles: [ExplainsInventoryVariance],
    }
}

struct Line {
    origin: Origin,
    account: AccountRef,
    amount: Decimal,
}

/// A journal's lines, dropped as soon as one of them shows the integration made it.
#[derive(Default)]
struct Journal {
    lines: Vec<Line>,
    integration: bool,
}

impl Journal {
    fn add(&mut self, line: Line, text: &str) {
        if self.integration {
            return;
        }
        if is_integration_text(text) {
            self.integration = true;
            self.lines = Vec::new();
        } else {
            self.lines.push(line);
        }
    }
}

impl Check for ManualJournalIntoInventory {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        // (date, label) → its lines. The ledger export is preferred where both exist. Most
        // manual journals in a ledger are the integration's own (COGS), so journals are
        // grouped in a hash map and only the remaining ones sorted.
        let mut journals: HashMap<(Date, Text), Journal> = HashMap::default();
        let mut text = String::new();
        if cx.index.manual_journal_postings().next().is_some() {
            for e in cx.index.manual_journal_postings() {
                let label = e.number.clone().or_else(|| e.reference.clone()).or_else(|| e.description.clone()).unwrap_or_default();
                // Every line of this journal carries the label in its text: the integration's.
                if is_integration_text(&label) {
                    continue;
                }
                text.clear();
                for part in [&e.number, &e.reference, &e.description].into_iter().flatten() {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(part);
                }
                let line = Line { origin: e.origin, account: e.account.clone(), amount: e.amount() };
                journals.entry((e.date, label)).or_default().add(line, &text);
            }
        } else {
            for l in &cx.data.manual_journals {
                text.clear();
                text.push_str(&l.narration);
                text.push(' ');
                text.push_str(l.description.as_deref().unwrap_or_default());
                let line = Line { origin: l.origin, account: l.account.clone(), amount: l.amount };
                journals.entry((l.date, l.narration.clone())).or_default().add(line, &text);
            }
        }
        let mut journals: Vec<((Date, Text), Vec<Line>)> =
            journals.into_iter().filter(|(_, j)| !j.integration).map(|(k, j)| (k, j.lines)).collect();
        journals.sort_by(|a, b| a.0.cmp(&b.0));
        for ((date, label), lines) in journals {
            let controlled: Vec<&Line> = lines.iter().filter(|l| is_controlled(cx.index.classify(&l.account))).collect();
            if controlled.is_empty() {
                continue;
            }
            let debits: Decimal = controlled.iter().map(|l| l.amount.max(Decimal::ZERO)).sum();
            let credits: Decimal = controlled.iter().map(|l| (-l.amount).max(Decimal::ZERO)).sum();
            let moved = debits.max(credits);
            let mut accounts: Vec<AccountRef> = controlled.iter().map(|l| l.account.clone()).collect();
            accounts.sort();
            accounts.dedup();
            let names = accounts.iter().map(AccountRef::display).collect::<Vec<_>>().join(", ");
            let message =
                format!("Manual journal '{label}' of {date} moves {} on {names} without a Cin7 transaction behind it", cx.money(moved));
            let mut entities = vec![Entity::new(EntityKind::Journal, &label)];
            entities.extend(accounts.iter().map(|a| Entity::new(EntityKind::Account, a.key())));
            let evidence = lines
                .iter()
                .map(|l| {
                    cx.evidence(
                        l.origin,
                        vec![
                            ("Journal", label.to_string()),
                            ("Date", date.to_string()),
                            ("Account", l.account.display()),
                            ("Amount", money(l.amount).to_string()),
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
                    basis: "amount moved on inventory and cost accounts".into(),
                    // Its lines on the inventory account move the ledger's side of the
                    // inventory variance by their signed sum.
                    inventory_effect: {
                        let on_inventory = controlled.iter().filter(|l| cx.index.classify(&l.account) == AccountClass::Inventory);
                        Some(money(on_inventory.map(|l| l.amount).sum()))
                    },
                }),
                entities,
                evidence,
            });
        }
    }
}
