use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::is_integration_text;
use crate::rules::facts::{declare_rule, AccountClass, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds ledger postings to the inventory or cost-of-goods-sold accounts made straight
    /// from the bank side of the ledger: Xero Spend Money and Receive Money, QuickBooks
    /// Expense, Check, Cheque, Deposit and credit-card transactions. Postings that carry a
    /// Cin7 Core task number or name Cin7 are left out.
    ///
    /// ## Why it matters
    /// These transactions bypass Cin7 Core entirely: the ledger's inventory or cost moves and
    /// no stock movement, purchase or cost layer exists behind it. Freight, duty or a supplier
    /// payment coded this way never reaches the products' costs, so margins by product are
    /// wrong and the inventory ledgers drift apart.
    ///
    /// ## Example
    /// ```csv
    /// Account Code,Account Name,Date,Source,Description,Net
    /// 310,Cost of Goods Sold,2026-03-31,Spend Money,Freight top-up,1220.40
    /// 310,Cost of Goods Sold,2026-03-02,Receivable Invoice,Cin7 COGS INV-200,600.00
    /// ```
    /// The freight paid straight to cost of goods sold is flagged; the Cin7 posting is not.
    ///
    /// ## How to fix it at the source
    /// Enter freight, duty and similar costs on the purchase in Cin7 Core as additional costs
    /// so they are spread over the stock they belong to, and pay supplier bills through the
    /// purchase's invoice. Recode the bank transactions to the supplier bill or clearing
    /// account they settle.
    ///
    /// ## Impact
    /// The posting's amount, as a magnitude: money moved in the ledger around Cin7.
    pub(crate) DirectPostingToInventory {
        code: "LED007",
        name: "direct-posting-to-inventory",
        title: "Postings straight to inventory",
        stage: Ledger,
        severity: High,
        counts: Months,
        inputs: [XeroGl | QboGl],
        roles: [ExplainsInventoryVariance],
    }
}

const BANK_SOURCES: [&str; 9] =
    ["spend money", "receive money", "expense", "check", "cheque", "deposit", "credit card", "cash expense", "bank"];

/// Whether a posting's source is a transaction of the bank side of the ledger.
fn is_bank_source(source: &str) -> bool {
    let has = |word: &str| crate::text::contains_ignore_case(source, word);
    BANK_SOURCES.iter().any(|b| has(b)) && !has("expense claim")
}

impl Check for DirectPostingToInventory {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        // A ledger lists an account's postings together, and their sources repeat (shared
        // text, so mostly the same pointer): each run of one source is judged once.
        let mut last: Option<(&str, bool)> = None;
        for (e, class) in cx.index.classified_ledger() {
            if !matches!(class, AccountClass::Inventory | AccountClass::Cogs) || e.amount().is_zero() {
                continue;
            }
            let source = e.source.as_deref().unwrap_or_default();
            let bank = match last {
                Some((previous, bank)) if std::ptr::eq(previous, source) || previous == source => bank,
                _ => is_bank_source(source),
            };
            last = Some((source, bank));
            if !bank {
                continue;
            }
            let text = [&e.number, &e.reference, &e.description].iter().filter_map(|t| t.as_deref()).collect::<Vec<_>>().join(" ");
            if is_integration_text(&text) {
                continue;
            }
            let what = e.description.clone().or_else(|| e.reference.clone()).or_else(|| e.contact.clone()).unwrap_or_default();
            let label = if what.is_empty() { String::new() } else { format!(" '{what}'") };
            let message = format!(
                "{source}{label} of {} posted {} straight to {}, bypassing Cin7 Core",
                e.date,
                cx.money(e.amount()),
                e.account.display()
            );
            let document = e.number.clone().or_else(|| e.reference.clone()).unwrap_or_else(|| format!("{} {}", e.date, what).into());
            out.push(Draft {
                severity: Severity::High,
                message,
                impact: Some(Impact {
                    amount: money(e.amount().abs()),
                    estimate: false,
                    basis: "amount posted around Cin7".into(),
                    // A posting to the inventory account itself moves the ledger's side of the
                    // inventory variance by its signed amount; one to cost of goods sold does not.
                    inventory_effect: (class == AccountClass::Inventory).then(|| money(e.amount())),
                }),
                entities: vec![Entity::new(EntityKind::Account, e.account.key()), Entity::new(EntityKind::Journal, document)],
                evidence: vec![cx.evidence(
                    e.origin,
                    vec![
                        ("Date", e.date.to_string()),
                        ("Source", source.to_string()),
                        ("Description", what.to_string()),
                        ("Account", e.account.display()),
                        ("Amount", money(e.amount()).to_string()),
                    ],
                )],
            });
        }
    }
}
