use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{money, EntityKind, Finding, Impact, Severity};
use crate::rules::facts::{declare_rule, unexplained, AccountClass, Check, Context, Draft, Role};

declare_rule! {
    /// ## What it does
    /// Adds up, once per document, how far gross profit is off because of findings upstream:
    /// overstated by the cost not yet recognised on invoiced, unshipped sales (SET001);
    /// understated by revenue not yet billed on shipped sales (SET002); moved between months by
    /// margin swings (LED005); and uncertain by the unexplained part of the inventory variance
    /// (LED001). Where the inputs give revenue and cost of goods sold, the total is shown as a
    /// share of reported gross profit.
    ///
    /// ## Why it matters
    /// Each of those findings is a line in a list; together they say whether the margin the
    /// business reports can be trusted for pricing, commission, bank covenants and tax. This
    /// is the number a finance lead takes to the owner.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,InvoiceDate,CombinedInvoiceStatus,CombinedShippingStatus,InvoiceAmount
    /// SO-1,2026-03-01,INVOICED,NOT SHIPPED,1000.00
    /// ```
    /// With the as-of date 2026-03-31, SO-1's revenue stands without its cost, so gross profit
    /// is overstated.
    ///
    /// ## How to fix it at the source
    /// Fix the findings it adds up, upstream first: complete shipments and invoices in Cin7
    /// Core (SET001, SET002), enter supplier invoices before month end (LED005), and reconcile
    /// the inventory variance from the month it began (LED001, LED008).
    ///
    /// ## Impact
    /// The sum of the distortions, each document counted once.
    pub(crate) MarginDistortion {
        code: "CTL001",
        name: "margin-distortion",
        title: "Margin the business cannot trust",
        stage: Control,
        severity: High,
        counts: Business,
        inputs: [],
        phase: 1,
        reads: [XeroTrialBalance, QboTrialBalance, XeroGl, QboGl],
    }
}

/// The findings this rule adds up, by what they mean.
const READS: [Role; 4] = [Role::MarginOverstated, Role::MarginUnderstated, Role::MarginBetweenMonths, Role::InventoryVariance];

/// Impacts of one rule's findings, counted once per sale (or finding where no sale is named).
fn once_per_document<'a>(findings: impl Iterator<Item = &'a Finding>) -> Decimal {
    let mut seen: BTreeMap<String, Decimal> = BTreeMap::new();
    for f in findings {
        let key = f.entities.iter().find(|e| e.kind == EntityKind::Sale).map_or_else(|| f.id.clone(), |e| e.key.clone());
        let amount = f.impact.as_ref().map_or(Decimal::ZERO, |i| i.amount.abs());
        seen.entry(key).or_insert(amount);
    }
    seen.values().copied().sum()
}

/// Reported gross profit from the trial balance or the ledger export, where they give it.
fn reported_gross_profit(cx: &Context) -> Option<Decimal> {
    let (mut revenue, mut cogs) = (Decimal::ZERO, Decimal::ZERO);
    let mut any = false;
    let mut add = |class: AccountClass, amount: Decimal| match class {
        AccountClass::Revenue => {
            revenue -= amount;
            any = true;
        }
        AccountClass::Cogs => cogs += amount,
        _ => {}
    };
    if cx.data.trial_balance.is_empty() {
        for (e, class) in cx.index.classified_ledger().filter(|(e, _)| cx.as_of.is_none_or(|a| e.date <= a)) {
            add(class, e.amount());
        }
    } else {
        for l in &cx.data.trial_balance {
            add(cx.index.classify(&l.account), l.balance);
        }
    }
    (any && revenue > Decimal::ZERO).then_some(revenue - cogs)
}

impl Check for MarginDistortion {
    fn ready(&self, cx: &Context) -> Result<(), String> {
        cx.any_ran(|m| READS.iter().any(|role| m.roles.contains(role)))
    }

    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let over = once_per_document(cx.findings_with(Role::MarginOverstated));
        let under = once_per_document(cx.findings_with(Role::MarginUnderstated));
        let swing = once_per_document(cx.findings_with(Role::MarginBetweenMonths));
        let ledger: Decimal = cx
            .findings_with(Role::InventoryVariance)
            .filter_map(|f| f.impact.as_ref())
            .map(|i| unexplained(i.amount, cx.findings, cx.rules).abs())
            .sum();
        let total = over + under + swing + ledger;
        if total.is_zero() {
            return;
        }
        let mut parts = Vec::new();
        for (amount, what, role) in [
            (over, "overstated by cost not yet recognised", Role::MarginOverstated),
            (under, "understated by revenue not yet billed", Role::MarginUnderstated),
            (swing, "moved between months", Role::MarginBetweenMonths),
            (ledger, "unexplained in the inventory variance", Role::InventoryVariance),
        ] {
            if !amount.is_zero() {
                parts.push(format!("{} {what} ({})", cx.money(amount), cx.codes_with(role).join(", ")));
            }
        }
        let share = reported_gross_profit(cx).filter(|gp| *gp > Decimal::ZERO).and_then(|gp| {
            let pct = total.checked_div(gp)?.checked_mul(Decimal::ONE_HUNDRED)?;
            Some(format!(", {}% of the reported gross profit of {}", pct.round_dp(1).normalize(), cx.money(gp)))
        });
        let message =
            format!("Gross profit is distorted by {} in all{}: {}", cx.money(total), share.clone().unwrap_or_default(), parts.join("; "));
        let read: Vec<&str> = READS.iter().flat_map(|role| cx.codes_with(*role)).collect();
        let evidence = cx
            .findings
            .iter()
            .filter(|f| read.contains(&f.code.as_str()))
            .flat_map(|f| f.evidence.iter().take(1).cloned())
            .take(30)
            .collect();
        out.push(Draft {
            severity: if share.is_some() && total > Decimal::ZERO { Severity::High } else { Severity::Medium },
            message,
            impact: Some(Impact {
                amount: money(total),
                estimate: true,
                basis: "sum of margin distortions, each document once".into(),
                inventory_effect: None,
            }),
            entities: Vec::new(),
            evidence,
        });
    }
}
