//! Where a purchase stands: open and waiting for stock, invoiced ahead of its stock, or
//! received with its invoice outstanding, and the value at stake in each.

use rust_decimal::Decimal;

use super::common::{is_in, purchase_lines_value, purchase_voided};
use super::Context;
use crate::dataset::Purchase;

/// Statuses of a purchase still on its way.
const OPEN_STATUS: [&str; 4] = ["ORDERING", "ORDERED", "RECEIVING", "PARTIALLY INVOICED"];

/// Whether a purchase still waits for stock (SET003 and INV004 read it).
pub fn is_open(p: &Purchase) -> bool {
    if purchase_voided(p) || is_in(&p.status, &["COMPLETED", "RECEIVED", "INVOICED", "CREDITED"]) {
        return false;
    }
    if is_in(&p.receiving_status, &["FULLY RECEIVED", "VOIDED"]) {
        return false;
    }
    is_in(&p.status, &OPEN_STATUS) || is_in(&p.receiving_status, &["NOT RECEIVED", "PARTIALLY RECEIVED"])
}

/// Whether an open purchase is past its date by more than the threshold.
pub fn is_stale(cx: &Context, p: &Purchase) -> Option<i32> {
    let due = p.required_by.or(p.order_date)?;
    let days = due.days_until(cx.as_of?);
    (is_open(p) && days > cx.thresholds().stale_po_days).then_some(days)
}

/// A purchase invoiced ahead of its stock, and the value not received (SET005 and LED002 read it).
pub fn unreceived_value(cx: &Context, p: &Purchase) -> Option<(Decimal, bool)> {
    let invoiced = is_in(&p.invoice_status, &["INVOICED", "PARTIALLY INVOICED", "INVOICED / CREDITED"])
        || is_in(&p.task_invoice_status, &["AUTHORISED", "PAID"]);
    let not_received = is_in(&p.receiving_status, &["NOT RECEIVED", "PARTIALLY RECEIVED"]);
    if purchase_voided(p) || !invoiced || !not_received {
        return None;
    }
    let from_lines = purchase_lines_value(cx, p, |l| l.invoiced.unwrap_or(l.quantity) - l.received.unwrap_or_default());
    match (from_lines, p.invoice_amount) {
        (Some(v), _) => Some((v, false)),
        (None, Some(a)) => Some((a, is_in(&p.receiving_status, &["PARTIALLY RECEIVED"]))),
        (None, None) => Some((Decimal::ZERO, true)),
    }
}

/// A purchase with stock received and the invoice outstanding, and the value received
/// (SET004 and LED002 read it).
pub fn received_value(cx: &Context, p: &Purchase) -> Option<(Decimal, bool)> {
    let received = is_in(&p.receiving_status, &["FULLY RECEIVED", "PARTIALLY RECEIVED"]);
    let uninvoiced = is_in(&p.invoice_status, &["NOT INVOICED", "PARTIALLY INVOICED", "PARTIALLY INVOICED / CREDITED"]);
    if purchase_voided(p) || !received || !uninvoiced {
        return None;
    }
    let from_lines = purchase_lines_value(cx, p, |l| l.received.unwrap_or(l.quantity) - l.invoiced.unwrap_or_default());
    match (from_lines, p.invoice_amount) {
        (Some(v), _) => Some((v, false)),
        (None, Some(a)) => Some((a, true)),
        (None, None) => Some((Decimal::ZERO, true)),
    }
}
