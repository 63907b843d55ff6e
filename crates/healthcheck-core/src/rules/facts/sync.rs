//! The synchronization report read by document: entries grouped, their evidence, and the
//! sale or purchase a document names.

use rust_decimal::Decimal;

use super::common::{amount_text, date_text};
use super::Context;
use crate::dataset::SyncEntry;
use crate::findings::{Entity, EntityKind, Evidence};
use crate::inputs::Accounting;

/// The entries of the synchronization report per document, oldest first, the documents in
/// no particular order (built once, in the index).
pub fn by_document<'a>(cx: &'a Context) -> impl Iterator<Item = &'a [&'a SyncEntry]> + 'a {
    cx.index.sync_by_document.all()
}

/// The amount of the sale or purchase a sync entry names, and the entities that link it.
pub fn joined(cx: &Context, number: &str) -> (Option<Decimal>, Vec<Entity>) {
    let mut entities = vec![Entity::new(EntityKind::Document, number)];
    if let Some(s) = cx.index.sale_named(number) {
        entities.push(Entity::new(EntityKind::Sale, &s.order_number));
        if let Some(i) = &s.invoice_number {
            entities.push(Entity::new(EntityKind::Invoice, i));
        }
        let amount = s.invoice_amount().filter(|_| cx.in_base_currency(s.currency.as_deref()));
        return (amount, entities);
    }
    if let Some(p) = cx.index.purchase_named(number) {
        entities.push(Entity::new(EntityKind::Purchase, &p.order_number));
        let amount = p.invoice_amount.filter(|_| cx.in_base_currency(p.currency.as_deref()));
        return (amount, entities);
    }
    (None, entities)
}

pub fn entry_evidence(cx: &Context, e: &SyncEntry) -> Evidence {
    cx.evidence(
        e.origin,
        vec![
            ("Cin7 Core number", e.cin7_number.to_string()),
            ("Accounting number", e.target_number.as_deref().unwrap_or_default().to_string()),
            ("Sync date", date_text(e.date)),
            ("Sync status", e.status.to_string()),
            ("Type", e.doc_type.as_deref().unwrap_or_default().to_string()),
            ("Error", e.error.as_deref().unwrap_or_default().to_string()),
            ("Amount", amount_text(e.amount())),
        ],
    )
}

/// The name of the system a sync entry went to.
pub fn target_name(cx: &Context, e: &SyncEntry) -> &'static str {
    match e.system.or(cx.accounting) {
        Some(Accounting::Xero) => "Xero",
        Some(Accounting::QuickBooksOnline) => "QuickBooks",
        None => "the accounting system",
    }
}
