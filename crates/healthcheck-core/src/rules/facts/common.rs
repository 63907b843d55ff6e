//! Small helpers that many rules share: status sets, ages, months, evidence rows of the
//! common record types, and telling integration-made entries from human ones.

use rust_decimal::Decimal;

use super::Context;
use crate::dataset::{Purchase, PurchaseLine, Sale, StockLine};
use crate::date::Date;
use crate::findings::{format_quantity, money, Evidence};

/// Whether a status word is one of a set (statuses are stored upper-cased).
pub fn is_in<S: AsRef<str>>(value: &Option<S>, set: &[&str]) -> bool {
    value.as_ref().is_some_and(|v| set.contains(&v.as_ref()))
}

pub fn text<S: AsRef<str>>(value: &Option<S>) -> String {
    value.as_ref().map_or_else(String::new, |v| v.as_ref().to_string())
}

pub fn date_text(value: Option<Date>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

pub fn amount_text(value: Option<Decimal>) -> String {
    value.map(|d| money(d).to_string()).unwrap_or_default()
}

pub fn quantity_text(value: Option<Decimal>) -> String {
    value.map(format_quantity).unwrap_or_default()
}

/// Days from `date` to the as-of date.
pub fn age(cx: &Context, date: Date) -> Option<i32> {
    cx.as_of.map(|a| date.days_until(a))
}

/// `(year, month)` of a date.
pub fn month_of(date: Date) -> (i32, u32) {
    let (y, m, _) = date.ymd();
    (y, m)
}

pub fn month_label((y, m): (i32, u32)) -> String {
    format!("{y:04}-{m:02}")
}

/// `" at <location>"`, or nothing when the row names no location.
pub fn at_location<S: AsRef<str>>(location: &Option<S>) -> String {
    location.as_ref().map(|l| format!(" at {}", l.as_ref())).unwrap_or_default()
}

/// The evidence fields every availability finding shows, with `available` as the rule
/// read it (the column, or on hand less allocated when the column is missing).
pub fn stock_fields(line: &StockLine, available: Decimal) -> Vec<(&'static str, String)> {
    vec![
        ("SKU", line.sku.to_string()),
        ("Location", text(&line.location)),
        ("On hand", format_quantity(line.on_hand)),
        ("Allocated", quantity_text(line.allocated)),
        ("Available", format_quantity(available)),
    ]
}

/// One availability row as evidence: its SKU and location, then `more`.
pub fn stock_row_evidence(cx: &Context, line: &StockLine, more: Vec<(&'static str, String)>) -> Evidence {
    let mut fields = vec![("SKU", line.sku.to_string()), ("Location", text(&line.location))];
    fields.extend(more);
    cx.evidence(line.origin, fields)
}

/// The availability rows of one SKU (given as an index key) as evidence, with what `more`
/// picks from each.
pub fn stock_rows_evidence(cx: &Context, sku_key: &str, more: impl Fn(&StockLine) -> Vec<(&'static str, String)>) -> Vec<Evidence> {
    cx.index.stock_lines(sku_key).iter().map(|s| stock_row_evidence(cx, s, more(s))).collect()
}

/// Σ unit cost × `gap` over a purchase's lines (a gap below zero counts as none): `None`
/// when the purchase has no lines, or a line has no unit cost.
pub fn purchase_lines_value(cx: &Context, p: &Purchase, gap: impl Fn(&PurchaseLine) -> Decimal) -> Option<Decimal> {
    let lines = cx.index.purchase_lines.of(&p.order_number);
    if lines.is_empty() {
        return None;
    }
    lines.iter().map(|l| l.unit_cost.map(|c| c * gap(l).max(Decimal::ZERO))).sum()
}

pub fn sale_voided(s: &Sale) -> bool {
    is_in(&s.status, &["VOIDED"]) || is_in(&s.order_status, &["VOIDED"])
}

pub fn purchase_voided(p: &Purchase) -> bool {
    is_in(&p.status, &["VOIDED"]) || is_in(&p.order_status, &["VOIDED"])
}

pub fn sale_evidence(cx: &Context, s: &Sale) -> Evidence {
    cx.evidence(
        s.origin,
        vec![
            ("Order number", s.order_number.to_string()),
            ("Status", text(&s.status)),
            ("Order date", date_text(s.order_date)),
            ("Invoice number", text(&s.invoice_number)),
            ("Invoice date", date_text(s.invoice_date)),
            ("Invoice status", text(&s.invoice_status)),
            ("Shipping status", text(&s.shipping_status)),
            ("Fulfilment status", text(&s.fulfilment_status)),
            ("Invoice amount", amount_text(s.invoice_amount())),
        ],
    )
}

pub fn purchase_evidence(cx: &Context, p: &Purchase) -> Evidence {
    cx.evidence(
        p.origin,
        vec![
            ("Order number", p.order_number.to_string()),
            ("Supplier", p.supplier.to_string()),
            ("Status", text(&p.status)),
            ("Order date", date_text(p.order_date)),
            ("Required by", date_text(p.required_by)),
            ("Receiving status", text(&p.receiving_status)),
            ("Invoice status", text(&p.invoice_status)),
            ("Invoice date", date_text(p.invoice_date)),
            ("Invoice amount", amount_text(p.invoice_amount)),
        ],
    )
}

/// Cin7 Core task numbers in a reference or narration (`SO-00123`, `PO-7`, `ST-00041`,
/// `INV-1`, `CR-3`), or the integration named: entries the integration made, not a person.
pub fn is_integration_text(text: &str) -> bool {
    const NAMES: [&str; 3] = ["cin7", "dear inventory", "dear systems"];
    const PREFIXES: [&str; 10] = ["SO", "PO", "ST", "INV", "CR", "SA", "PU", "TR", "AS", "JR"];
    if NAMES.iter().any(|name| crate::text::contains_ignore_case(text, name)) {
        return true;
    }
    // A prefix, a hyphen and a digit, with no letter or digit just before the prefix.
    let b = text.as_bytes();
    (0..b.len()).filter(|&dash| b[dash] == b'-' && b.get(dash + 1).is_some_and(u8::is_ascii_digit)).any(|dash| {
        PREFIXES.iter().any(|p| {
            dash.checked_sub(p.len()).is_some_and(|start| {
                b[start..dash].eq_ignore_ascii_case(p.as_bytes()) && (start == 0 || !b[start - 1].is_ascii_alphanumeric())
            })
        })
    })
}

/// The median of a list (the lower middle for an even count), or `None` when empty.
pub fn median(mut values: Vec<Decimal>) -> Option<Decimal> {
    values.sort();
    values.get(values.len().saturating_sub(1) / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integration_entries_are_told_apart() {
        assert!(is_integration_text("Cin7 journal SO-00200 COGS"));
        assert!(is_integration_text("PO-00312"));
        assert!(is_integration_text("Stocktake ST-00041"));
        assert!(!is_integration_text("Stock correction March"));
        assert!(!is_integration_text("ASSO-1"));
        assert!(!is_integration_text("PO-box rental"));
        assert!(is_integration_text("ref so-12 from dear systems"));
        assert!(is_integration_text("(inv-7)"));
        assert!(!is_integration_text("-5 and SO- 5"));
    }
}
