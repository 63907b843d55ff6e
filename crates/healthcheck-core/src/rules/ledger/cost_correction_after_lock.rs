use std::collections::BTreeMap;

use crate::text::{contains_ignore_case, starts_with_ignore_case};
use rust_decimal::Decimal;

use crate::dataset::{Movement, PurchaseLine};
use crate::date::Date;
use crate::findings::{format_quantity, money, Entity, EntityKind, Evidence, Impact, Severity};
use crate::rules::facts::common::{amount_text, date_text};
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds Cin7 Core cost corrections (movements of a "… Cost Change" type, including
    /// `Sale COGS Change`) whose effective date is on or before the period lock date. When
    /// purchase order lines are loaded too, it also finds stock received on or before the
    /// lock date whose supplier invoice, dated after it, carries a different unit cost than
    /// the receipt movements did: that correction is due but has nowhere to go. Needs the
    /// lock date (a setting, since the exports do not carry it).
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
    /// Had PO-312's line been received on 2026-02-20 at 12.00 a unit and invoiced on
    /// 2026-03-05 at 13.50, the 1.50 a unit on what was received would be flagged as well.
    ///
    /// ## How to fix it at the source
    /// Enter supplier invoices before the period is locked: make invoice entry a step of the
    /// month-end close. For corrections already blocked, the adviser who controls the lock
    /// opens the period briefly, lets the correction sync, and locks it again, so the cost
    /// lands where it belongs.
    ///
    /// ## Impact
    /// The sum of the corrections' amounts (as magnitudes); for a late invoice, the unit cost
    /// difference times the quantity received on or before the lock date.
    pub(crate) CostCorrectionAfterLock {
        code: "LED004",
        name: "cost-correction-after-lock",
        title: "Cost corrected after the period lock",
        stage: Ledger,
        severity: High,
        counts: Purchases,
        inputs: [Cin7Movements],
        reads: [Cin7Purchases, Cin7PurchaseLines],
    }
}

pub fn is_cost_change(m: &Movement) -> bool {
    let t = &m.movement_type;
    contains_ignore_case(t, "cost chang") || contains_ignore_case(t, "cogs chang")
}

fn movement_evidence(cx: &Context, m: &Movement) -> Evidence {
    cx.evidence(
        m.origin,
        vec![
            ("SKU", m.sku.to_string()),
            ("Type", m.movement_type.to_string()),
            ("Date", m.date.to_string()),
            ("Document", m.number.as_deref().unwrap_or_default().to_string()),
            ("Quantity", format_quantity(m.quantity())),
            ("Amount", amount_text(m.amount())),
        ],
    )
}

/// A movement that puts purchased stock in at its receipt cost (`Purchase`, `Advanced
/// Purchase`, or the accrual-cost movements Stock First adds when accrual is on).
fn is_purchase_receipt(m: &Movement) -> bool {
    let t = &m.movement_type;
    (starts_with_ignore_case(t, "purchase") || starts_with_ignore_case(t, "advanced purchase"))
        && !contains_ignore_case(t, "unstock")
        && !is_cost_change(m)
}

/// What the receipt movements of one purchase line, dated on or before the lock, put in.
#[derive(Default)]
struct Received<'a> {
    quantity: Decimal,
    amount: Decimal,
    accrual_quantity: Decimal,
    accrual_amount: Decimal,
    moves: Vec<&'a Movement>,
}

impl Received<'_> {
    /// Quantity and value at receipt. Accrual-cost movements and the plain receipt movement
    /// describe the same goods, so when both exist only the accrual ones count.
    fn totals(&self) -> (Decimal, Decimal) {
        if self.accrual_quantity.is_zero() {
            (self.quantity, self.amount)
        } else {
            (self.accrual_quantity, self.accrual_amount)
        }
    }
}

impl Check for CostCorrectionAfterLock {
    fn ready(&self, cx: &Context) -> Result<(), String> {
        cx.settings
            .lock_date
            .map(|_| ())
            .ok_or_else(|| "the period lock date (a setting: Xero Settings > Financial settings, or QuickBooks' closing date)".into())
    }

    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(lock) = cx.settings.lock_date else { return };
        self.blocked_corrections(cx, lock, out);
        self.late_invoices(cx, lock, out);
    }
}

impl CostCorrectionAfterLock {
    fn blocked_corrections(&self, cx: &Context, lock: Date, out: &mut Vec<Draft>) {
        let mut by_document: BTreeMap<crate::dataset::Text, Vec<&Movement>> = BTreeMap::new();
        for m in cx.data.movements.iter().filter(|m| is_cost_change(m) && m.date <= lock) {
            if m.amount().is_some_and(|a| !a.is_zero()) {
                by_document.entry(m.number.clone().unwrap_or_else(|| format!("{} {}", m.sku, m.date).into())).or_default().push(m);
            }
        }
        for (document, moves) in by_document {
            let total: Decimal = moves.iter().filter_map(|m| m.amount()).map(|a| a.abs()).sum();
            let mut skus: Vec<String> = moves.iter().map(|m| m.sku.to_string()).collect();
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
            let evidence = moves.iter().map(|m| movement_evidence(cx, m)).collect();
            out.push(Draft {
                severity: Severity::High,
                message,
                impact: Some(Impact {
                    amount: money(total),
                    estimate: false,
                    basis: "sum of the blocked cost corrections".into(),
                    inventory_effect: None,
                }),
                entities,
                evidence,
            });
        }
    }

    /// Purchase lines received on or before the lock and invoiced after it at a unit cost
    /// other than the receipt's. Lines whose correction already appears as a cost-change
    /// movement before the lock are left to `blocked_corrections`, so nothing counts twice.
    fn late_invoices(&self, cx: &Context, lock: Date, out: &mut Vec<Draft>) {
        if cx.data.purchase_lines.is_empty() {
            return;
        }
        let key = |number: &str, sku: &str| (index::key(number), index::key(sku));
        let mut received: BTreeMap<(String, String), Received> = BTreeMap::new();
        let mut corrected = std::collections::BTreeSet::new();
        for m in cx.data.movements.iter().filter(|m| m.date <= lock) {
            let Some(number) = m.number.as_deref() else { continue };
            if is_cost_change(m) {
                corrected.insert(key(number, &m.sku));
            } else if is_purchase_receipt(m) {
                let (Some(amount), false) = (m.amount(), m.quantity().is_zero()) else { continue };
                let entry = received.entry(key(number, &m.sku)).or_default();
                if crate::text::contains_ignore_case(&m.movement_type, "accrual") {
                    entry.accrual_quantity += m.quantity();
                    entry.accrual_amount += amount;
                } else {
                    entry.quantity += m.quantity();
                    entry.amount += amount;
                }
                entry.moves.push(m);
            }
        }
        let header_invoice_date = |line: &PurchaseLine| cx.index.purchases_by_number.get(&line.order_number).and_then(|p| p.invoice_date);
        for line in &cx.data.purchase_lines {
            let Some(invoiced) = line.invoice_date.or_else(|| header_invoice_date(line)) else { continue };
            if invoiced <= lock || line.received_date.is_some_and(|d| d > lock) {
                continue;
            }
            let k = key(&line.order_number, &line.sku);
            if corrected.contains(&k) {
                continue;
            }
            let Some(receipt) = received.get(&k) else { continue };
            let (quantity, amount) = receipt.totals();
            let invoice_unit = line.unit_cost.or_else(|| line.total.filter(|_| !line.quantity.is_zero()).map(|t| t / line.quantity));
            let Some(invoice_unit) = invoice_unit else { continue };
            // A net receipt of nothing (or a return) has no unit cost to compare.
            if quantity <= Decimal::ZERO {
                continue;
            }
            let Some(receipt_unit) = amount.checked_div(quantity) else { continue };
            let Some(difference) = invoice_unit.checked_sub(receipt_unit).and_then(|d| d.checked_mul(quantity)).map(money) else {
                continue;
            };
            if difference.is_zero() {
                continue;
            }
            let message = format!(
                "{} {} was received on or before the lock date {lock} at {} a unit but invoiced on {invoiced} at {}: the {} correction cannot reach the locked period",
                line.order_number,
                line.sku,
                cx.money(money(receipt_unit)),
                cx.money(money(invoice_unit)),
                cx.money(difference.abs()),
            );
            let mut evidence = vec![cx.evidence(
                line.origin,
                vec![
                    ("Order number", line.order_number.to_string()),
                    ("SKU", line.sku.to_string()),
                    ("Received", date_text(line.received_date)),
                    ("Invoiced", invoiced.to_string()),
                    ("Unit cost", amount_text(Some(invoice_unit))),
                    ("Quantity received by the lock", format_quantity(quantity)),
                ],
            )];
            evidence.extend(receipt.moves.iter().map(|m| movement_evidence(cx, m)));
            out.push(Draft {
                severity: Severity::High,
                message,
                impact: Some(Impact {
                    amount: difference.abs(),
                    estimate: false,
                    basis: "unit cost difference between receipt and invoice times the quantity received before the lock".into(),
                    inventory_effect: None,
                }),
                entities: vec![Entity::new(EntityKind::Purchase, &line.order_number), Entity::new(EntityKind::Sku, &line.sku)],
                evidence,
            });
        }
    }
}
