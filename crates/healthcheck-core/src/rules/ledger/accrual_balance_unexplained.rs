use rust_decimal::Decimal;

use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::ledger::{accounts_text, balance_evidence, balance_of};
use crate::rules::facts::purchases::{received_value, unreceived_value};
use crate::rules::facts::{declare_rule, AccountClass, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Compares the balance of the accrued-inventory (GRNI) and stock-in-transit accounts in
    /// the general ledger with what the purchase list says should be in them: the value of
    /// purchases received but not invoiced (SET004) and invoiced but not received (SET005).
    /// A remainder larger than `materiality_abs` (default 500) is flagged.
    ///
    /// ## Why it matters
    /// These accounts are meant to hold only timing differences that clear when the other half
    /// of a purchase arrives. A balance that the open purchases do not explain is old
    /// differences that never cleared: cost corrections blocked by a locked period, receipts
    /// voided after their accrual posted, or journals posted to the account by hand.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,Supplier,OrderDate,CombinedReceivingStatus,CombinedInvoiceStatus,InvoiceAmount
    /// PO-1,Acme Supply,2026-03-01,FULLY RECEIVED,NOT INVOICED,400.00
    /// ```
    /// ```csv
    /// Account Code,Account,Account Type,Debit - Year to date,Credit - Year to date
    /// 640,Inventory Accrual (GRNI),Current Liability,,1900.00
    /// ```
    /// The accrual account holds 1,900.00 while open purchases explain 400.00.
    ///
    /// ## How to fix it at the source
    /// List the purchases behind the balance (Cin7 Core's Transactions vs Stock on Hand
    /// difference report is the place to start) and clear each one where it arose: invoice the
    /// received purchases, receive the invoiced ones, and reverse journals posted to the
    /// accrual account by hand.
    ///
    /// ## Impact
    /// The unexplained remainder: the account balance less the open purchases' value.
    pub(crate) AccrualBalanceUnexplained {
        code: "LED002",
        name: "accrual-balance-unexplained",
        title: "Goods-received accrual left unexplained",
        stage: Ledger,
        severity: Medium,
        counts: Business,
        inputs: [Cin7Purchases, XeroTrialBalance | QboTrialBalance | XeroGl | QboGl],
    }
}

impl Check for AccrualBalanceUnexplained {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        for class in [AccountClass::Accrual, AccountClass::InTransit] {
            let Some(balance) = balance_of(cx, class) else { continue };
            let mut expected = Decimal::ZERO;
            let mut purchases = Vec::new();
            for p in &cx.data.purchases {
                let value = if class == AccountClass::Accrual { received_value(cx, p) } else { unreceived_value(cx, p) };
                if let Some((v, _)) = value {
                    expected += v;
                    purchases.push(p.order_number.clone());
                }
            }
            let remainder = balance.amount.abs() - expected;
            if remainder.abs() <= cx.thresholds().materiality_abs {
                continue;
            }
            let what = if class == AccountClass::Accrual { "received but not invoiced" } else { "invoiced but not received" };
            let message = format!(
                "The {} account {} holds {} but purchases {what} explain {}, leaving {} unexplained",
                if class == AccountClass::Accrual { "accrued-inventory" } else { "stock-in-transit" },
                accounts_text(&balance.accounts),
                cx.money(balance.amount.abs()),
                cx.money(expected),
                cx.money(remainder)
            );
            let mut entities: Vec<Entity> = balance.accounts.iter().map(|a| Entity::new(EntityKind::Account, a.key())).collect();
            entities.extend(purchases.iter().map(|p| Entity::new(EntityKind::Purchase, p)));
            out.push(Draft {
                severity: Severity::Medium,
                message,
                impact: Some(Impact {
                    amount: money(remainder),
                    estimate: false,
                    basis: "account balance less the open purchases' value".into(),
                    inventory_effect: None,
                }),
                entities,
                evidence: balance_evidence(cx, &balance),
            });
        }
    }
}
