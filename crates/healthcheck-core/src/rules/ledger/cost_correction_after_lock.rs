use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::dataset::Movement;
use crate::report::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::{declare_rule, Context, Draft, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds Cin7 Core cost corrections (movements of a "… Cost Change" type, including
    /// `Sale COGS Change`) whose effective date is on or before the period lock date. Needs
    /// the lock date (a setting, since the exports do not carry it).
    ///
    /// ## Why it matters
    /// When a supplier invoice arrives at a different cost after the stock was received, Cin7
    /// corrects the cost back to the receipt date. If the accounting period is locked, that
    /// correction cannot reach it: the sync fails or posts elsewhere, and the inventory
    /// sub-ledger and the general ledger keep a difference that no later sync removes.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Type,Date,Number,Quantity,Amount,Location
    /// WID-2,Purchase Cost Change,2026-02-27,PO-312,0,41.20,Main
    /// WID-2,Purchase Cost Change,2026-03-14,PO-313,0,5.00,Main
    /// ```
    /// With the lock date 2026-02-28, the correction of 2026-02-27 on PO-312 is flagged.
    ///
    /// ## How to fix it at the source
    /// Enter supplier invoices before the period is locked: make invoice entry a step of the
    /// month-end close. For corrections already blocked, the adviser who controls the lock
    /// opens the period briefly, lets the correction sync, and locks it again, so the cost
    /// lands where it belongs.
    ///
    /// ## Impact
    /// The sum of the corrections' amounts (as magnitudes).
    pub(crate) CostCorrectionAfterLock {
        code: "LED004",
        name: "cost-correction-after-lock",
        stage: Ledger,
        severity: High,
        inputs: [Cin7Movements],
    }
}

pub fn is_cost_change(m: &Movement) -> bool {
    let t = m.movement_type.to_lowercase();
    t.contains("cost chang") || t.contains("cogs chang")
}

impl Rule for CostCorrectionAfterLock {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn ready(&self, cx: &Context) -> Result<(), String> {
        cx.settings
            .lock_date
            .map(|_| ())
            .ok_or_else(|| "the period lock date (a setting: Xero Settings > Financial settings, or QuickBooks' closing date)".into())
    }

    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(lock) = cx.settings.lock_date else { return };
        let mut by_document: BTreeMap<String, Vec<&Movement>> = BTreeMap::new();
        for m in cx.data.movements.iter().filter(|m| is_cost_change(m) && m.date <= lock) {
            if m.amount.is_some_and(|a| !a.is_zero()) {
                by_document.entry(m.number.clone().unwrap_or_else(|| format!("{} {}", m.sku, m.date))).or_default().push(m);
            }
        }
        for (document, moves) in by_document {
            let total: Decimal = moves.iter().filter_map(|m| m.amount).map(|a| a.abs()).sum();
            let mut skus: Vec<String> = moves.iter().map(|m| m.sku.clone()).collect();
            skus.sort();
            skus.dedup();
            let dates: Vec<String> = moves.iter().map(|m| m.date.to_string()).collect();
            let message = format!(
                "Cost corrections of {} on {document} ({}) are dated {} on or before the lock date {lock} and cannot reach the ledger",
                cx.money(total),
                skus.join(", "),
                dates.first().cloned().unwrap_or_default()
            );
            let mut entities = Vec::new();
            if document.to_uppercase().starts_with("PO-") {
                entities.push(Entity::new(EntityKind::Purchase, &document));
            } else {
                entities.push(Entity::new(EntityKind::Document, &document));
            }
            entities.extend(skus.iter().map(|s| Entity::new(EntityKind::Sku, s)));
            let evidence = moves
                .iter()
                .map(|m| {
                    cx.evidence(
                        m.origin,
                        vec![
                            ("SKU", m.sku.clone()),
                            ("Type", m.movement_type.clone()),
                            ("Date", m.date.to_string()),
                            ("Document", m.number.clone().unwrap_or_default()),
                            ("Amount", m.amount.map(|a| money(a).to_string()).unwrap_or_default()),
                        ],
                    )
                })
                .collect();
            out.push(Draft {
                severity: Severity::High,
                message,
                impact: Some(Impact { amount: money(total), estimate: false, basis: "sum of the blocked cost corrections".into() }),
                entities,
                evidence,
            });
        }
    }
}
