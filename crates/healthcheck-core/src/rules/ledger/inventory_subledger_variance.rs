use rust_decimal::Decimal;

use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::kinds::Kind;
use crate::rules::facts::ledger::{accounts_text, balance_evidence, balance_of, materiality};
use crate::rules::facts::{declare_rule, AccountClass, Check, Context, Draft, Role};

declare_rule! {
    /// ## What it does
    /// Compares the value of stock in Cin7 Core (the stock value column of product
    /// availability, summed) with the balance of the inventory control account or accounts in
    /// the general ledger at the as-of date (from the trial balance, else the ledger export).
    /// A variance larger than both `materiality_abs` (default 500) and `materiality_pct`
    /// (default 0.5 %) of the stock value is flagged. The finding splits the gap into signed
    /// parts that other findings explain (stock received but not invoiced, manual journals
    /// and direct postings into the inventory account, skipped bills and cost-of-goods
    /// entries) and the unexplained rest; the parts and the rest add up to the variance. Where the
    /// stock export's title or name dates it and the ledger's date (its trial balance's,
    /// else the as-of date) differs, the check does not run and says why.
    ///
    /// ## Why it matters
    /// The inventory sub-ledger and the general ledger are two records of one asset. When they
    /// part, the balance sheet, the cost of goods sold and every margin report rest on a
    /// number nobody can prove; the longer the gap stands, the harder it is to trace.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available,StockOnHand
    /// WID-1,Main,100,0,100,5000.00
    /// ```
    /// ```csv
    /// Account Code,Account,Account Type,Debit - Year to date,Credit - Year to date
    /// 630,Inventory Control,Current Asset,6200.00,
    /// ```
    /// The ledger holds 1,200.00 more than Cin7's stock value, beyond materiality.
    ///
    /// ## How to fix it at the source
    /// Work down the explained parts first: authorise the supplier invoices of received
    /// stock, resync skipped documents, and reverse manual journals and direct postings into
    /// the inventory account, replacing them with the Cin7 transactions they stood for. Then
    /// find the month the two ledgers parted (LED008) and reconcile from there.
    ///
    /// ## Impact
    /// The variance itself: ledger balance minus Cin7 stock value.
    pub(crate) InventorySubledgerVariance {
        code: "LED001",
        name: "inventory-subledger-variance",
        title: "Stock value differs from the ledger",
        stage: Ledger,
        severity: High,
        counts: Business,
        inputs: [Cin7Availability, XeroTrialBalance | QboTrialBalance | XeroGl | QboGl],
        phase: 1,
        roles: [InventoryVariance],
    }
}

/// Codes whose findings explain part of an inventory variance.
impl Check for InventorySubledgerVariance {
    fn ready(&self, cx: &Context) -> Result<(), String> {
        if !cx.data.stock.iter().any(|s| s.stock_value.is_some()) {
            return Err("Cin7 Core product availability with its stock value column".into());
        }
        // The two sides must stand at one date: the stock value at the date its file gives
        // (title or name), the ledger at its trial balance's date, else the as-of date up to
        // which the postings are summed. Where both dates are known and differ, comparing
        // them would report the movements between as a variance.
        let dated = |kinds: &[Kind]| {
            cx.inputs.iter().filter(|i| i.kind.is_some_and(|k| kinds.contains(&k))).filter_map(crate::as_of::snapshot_date).max()
        };
        let stock = dated(&[Kind::Cin7Availability]);
        let ledger = if cx.data.trial_balance.is_empty() { cx.as_of } else { dated(&[Kind::XeroTrialBalance, Kind::QboTrialBalance]) };
        match (stock, ledger) {
            (Some(s), Some(l)) if s != l => Err(format!(
                "a ledger balance at the stock value's date: the stock value is as of {s} and the ledger balance as of {l} (set the as-of date to {s}, or export both the same day)"
            )),
            _ => Ok(()),
        }
    }

    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let stock_value: Decimal = cx.data.stock.iter().filter_map(|s| s.stock_value).sum();
        let Some(ledger) = balance_of(cx, AccountClass::Inventory) else { return };
        let variance = ledger.amount - stock_value;
        let limit = materiality(cx, stock_value);
        if variance.abs() <= limit {
            return;
        }
        // Each explaining check's signed share, in the variance's direction; with the rest,
        // they add up to the variance.
        let mut parts = Vec::new();
        for code in cx.codes_with(Role::ExplainsInventoryVariance) {
            let effects: Vec<Decimal> =
                cx.findings.iter().filter(|f| f.code == code).filter_map(|f| f.impact.as_ref().and_then(|i| i.inventory_effect)).collect();
            let sum: Decimal = effects.iter().sum();
            if !effects.is_empty() && !sum.is_zero() {
                parts.push(format!("{} by {code}", signed(cx, sum)));
            }
        }
        let unexplained = crate::rules::facts::unexplained(variance, cx.findings, cx.rules);
        let as_of = cx.as_of.map(|d| format!(" at {d}")).unwrap_or_default();
        let explanation = if parts.is_empty() {
            String::from("; no other finding explains it")
        } else {
            format!("; of it, {} and {} unexplained", parts.join(", "), signed(cx, unexplained))
        };
        let message = format!(
            "The inventory account {} holds {}{as_of} against a Cin7 stock value of {}, a variance of {}{explanation}",
            accounts_text(&ledger.accounts),
            cx.money(ledger.amount),
            cx.money(stock_value),
            cx.money(variance),
        );
        let severity = if variance.abs() > limit * Decimal::from(5) { Severity::Critical } else { Severity::High };
        let mut evidence = balance_evidence(cx, &ledger);
        evidence.extend(cx.data.stock.iter().take(20).map(|s| {
            cx.evidence(
                s.origin,
                vec![
                    ("SKU", s.sku.to_string()),
                    ("Location", s.location.as_deref().unwrap_or_default().to_string()),
                    ("Stock value", s.stock_value.map(|v| money(v).to_string()).unwrap_or_default()),
                ],
            )
        }));
        out.push(Draft {
            severity,
            message,
            impact: Some(Impact {
                amount: money(variance),
                estimate: false,
                basis: format!("ledger balance ({}) minus Cin7 stock value", ledger.basis),
                inventory_effect: None,
            }),
            entities: {
                // The documents of the findings that explain part of the gap link it to them.
                let mut e: Vec<Entity> = ledger.accounts.iter().map(|a| Entity::new(EntityKind::Account, a.key())).collect();
                for f in cx.findings_with(Role::ExplainsInventoryVariance) {
                    e.extend(
                        f.entities
                            .iter()
                            .filter(|x| {
                                matches!(x.kind, EntityKind::Document | EntityKind::Purchase | EntityKind::Journal | EntityKind::Invoice)
                            })
                            .cloned(),
                    );
                }
                e.sort();
                e.dedup();
                e
            },
            evidence,
        });
    }
}

/// An amount with its sign always written (`USD +630.00`, `USD -553.60`), for the parts of a
/// variance.
fn signed(cx: &Context, amount: Decimal) -> String {
    let mut text = cx.money(amount.abs());
    let at = text.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    text.insert(at, if amount.is_sign_negative() && !amount.is_zero() { '-' } else { '+' });
    text
}
